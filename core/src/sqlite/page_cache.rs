//! Where a database's pages come from ([`PageSource`]), and the bounded cache of
//! pages read from it, so that a database need not be held whole: the viewer reads
//! a large file's pages from its `File` as the rows on them are read.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// At most this many bytes of pages are cached.
const CACHE_BYTES: usize = 4 << 20;

/// The bytes of a database file, read on demand.
pub trait PageSource {
    /// The file's size in bytes.
    fn size(&self) -> u64;

    /// Fills `buf` with the bytes at `offset`; the range lies within [`Self::size`].
    ///
    /// # Errors
    /// Why the bytes could not be read.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<(), String>;
}

/// A database held in memory.
impl PageSource for &[u8] {
    fn size(&self) -> u64 {
        self.len() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<(), String> {
        let bytes = usize::try_from(offset)
            .ok()
            .and_then(|start| self.get(start..start.checked_add(buf.len())?))
            .ok_or_else(|| format!("{} bytes past the end of the file", buf.len()))?;
        buf.copy_from_slice(bytes);
        Ok(())
    }
}

/// Pages read, at most [`CACHE_BYTES`] of them: page `n` is kept in slot `n` modulo
/// the number of slots, replacing the page there (direct-mapped). A table walk reads
/// consecutive pages, which fill the slots in turn as a first-in first-out cache would;
/// what comes back is the schema's first page and the interior pages above a walk.
/// Direct mapping needs no hash map: its code would be one more thing the npm module
/// and the viewer download (docs/PERFORMANCE.md).
pub(super) struct PageCache<'a> {
    source: Box<dyn PageSource + 'a>,
    page_size: usize,
    slots: RefCell<Vec<Option<Cached>>>,
}

/// A page in its slot: its number and bytes.
type Cached = (u32, Rc<[u8]>);

impl<'a> PageCache<'a> {
    pub(super) fn new(source: Box<dyn PageSource + 'a>, page_size: usize) -> PageCache<'a> {
        let slots = (CACHE_BYTES / page_size).max(16);
        PageCache {
            source,
            page_size,
            slots: RefCell::new(vec![None; slots]),
        }
    }

    /// Page `number`, which starts at byte `offset` of the source.
    pub(super) fn page(&self, number: u32, offset: u64) -> Result<Rc<[u8]>, String> {
        let mut slots = self.slots.borrow_mut();
        let slot = number as usize % slots.len();
        if let Some((cached, page)) = &slots[slot] {
            if *cached == number {
                return Ok(page.clone());
            }
        }
        let mut bytes = vec![0; self.page_size];
        self.source.read_at(offset, &mut bytes)?;
        let page: Rc<[u8]> = bytes.into();
        slots[slot] = Some((number, page.clone()));
        Ok(page)
    }
}

impl fmt::Debug for PageCache<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageCache")
            .field("size", &self.source.size())
            .field("slots", &self.slots.borrow().len())
            .finish()
    }
}

//! Where a database's pages come from ([`PageSource`]), and the bounded cache of
//! pages read from it, so that a database need not be held whole: the viewer reads
//! a large file's pages from its `File` as the rows on them are read.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
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

/// The pages read last, at most [`CACHE_BYTES`] of them, evicted oldest first (a
/// table walk visits each page once; what comes back is the schema's first page).
pub(super) struct PageCache<'a> {
    source: Box<dyn PageSource + 'a>,
    page_size: usize,
    cached: RefCell<Cached>,
}

/// The cached pages by number, and their numbers oldest first.
#[derive(Default)]
struct Cached {
    pages: HashMap<u32, Rc<[u8]>>,
    order: VecDeque<u32>,
}

impl<'a> PageCache<'a> {
    pub(super) fn new(source: Box<dyn PageSource + 'a>, page_size: usize) -> PageCache<'a> {
        PageCache {
            source,
            page_size,
            cached: RefCell::default(),
        }
    }

    /// Page `number`, which starts at byte `offset` of the source.
    pub(super) fn page(&self, number: u32, offset: u64) -> Result<Rc<[u8]>, String> {
        if let Some(page) = self.cached.borrow().pages.get(&number) {
            return Ok(page.clone());
        }
        let mut bytes = vec![0; self.page_size];
        self.source.read_at(offset, &mut bytes)?;
        let page: Rc<[u8]> = bytes.into();
        let Cached { pages, order } = &mut *self.cached.borrow_mut();
        if order.len() >= (CACHE_BYTES / self.page_size).max(16) {
            if let Some(oldest) = order.pop_front() {
                pages.remove(&oldest);
            }
        }
        pages.insert(number, page.clone());
        order.push_back(number);
        Ok(page)
    }
}

impl fmt::Debug for PageCache<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageCache")
            .field("size", &self.source.size())
            .field("cached", &self.cached.borrow().order.len())
            .finish()
    }
}

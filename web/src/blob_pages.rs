//! A `File` as core's SQLite page source: the verifier worker reads a database's
//! pages from the file as the rows on them are read (`FileReaderSync` slices),
//! so that memory does not grow with the file. Reads go through one block of
//! [`BLOCK`] bytes, read ahead, because a table's pages mostly follow each other.

use std::cell::{Cell, RefCell};

use js_sys::Uint8Array;
use nexuscone_core::sqlite::PageSource;
use web_sys::{Blob, FileReaderSync};

/// Bytes read from the file at a time.
const BLOCK: u64 = 1 << 20;

/// The file, and the block read last: its offset and bytes.
pub struct BlobPages {
    blob: Blob,
    reader: FileReaderSync,
    block: RefCell<(u64, Vec<u8>)>,
    reached: Cell<u64>,
}

impl BlobPages {
    /// Pages of `blob`, read with `reader`.
    pub fn new(blob: Blob, reader: FileReaderSync) -> BlobPages {
        BlobPages {
            blob,
            reader,
            block: RefCell::new((0, Vec::new())),
            reached: Cell::new(0),
        }
    }

    /// The end of the furthest block read so far: how far into the file reading
    /// the rows has come, as a table's pages mostly follow each other.
    pub fn reached(&self) -> u64 {
        self.reached.get()
    }

    fn read_block(&self, start: u64) -> Result<Vec<u8>, String> {
        let end = (start + BLOCK).min(self.size());
        let part = self
            .blob
            .slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(|e| format!("{e:?}"))?;
        let buffer = self
            .reader
            .read_as_array_buffer(&part)
            .map_err(|e| format!("{e:?}"))?;
        self.reached.set(self.reached.get().max(end));
        Ok(Uint8Array::new(&buffer).to_vec())
    }
}

impl PageSource for &BlobPages {
    fn size(&self) -> u64 {
        self.blob.size() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<(), String> {
        let mut done = 0;
        while done < buf.len() {
            let at = offset + done as u64;
            let mut block = self.block.borrow_mut();
            if !(block.0..block.0 + block.1.len() as u64).contains(&at) {
                let start = at - at % BLOCK;
                *block = (start, self.read_block(start)?);
                if block.1.is_empty() {
                    return Err(format!("the file ends before byte {at}"));
                }
            }
            let from = (at - block.0) as usize;
            let take = (buf.len() - done).min(block.1.len() - from);
            buf[done..done + take].copy_from_slice(&block.1[from..from + take]);
            done += take;
        }
        Ok(())
    }
}

//! The two halves of a verification spread over threads (core's
//! [`nexuscone_core::pool`]), for the package's `verifyFile`: [`PooledStream`] reads
//! the input as it arrives (a database a page at a time from the file, through
//! [`JsPages`]) and accepts checks in order on the calling thread;
//! [`PoolHelper`] checks batches on a worker thread. The JavaScript moves the bytes
//! between them and nothing else.

use js_sys::Function;
use nexuscone_core::input::{DatabaseRows, Format, Hint, Reader};
use nexuscone_core::pool::{check_entries, decode_keys, PoolError, PooledVerification};
use nexuscone_core::signature::KeyRing;
use wasm_bindgen::prelude::*;

use crate::convert::{report_to_js, trust_from_js};
use crate::error::{input_error, Code, JsErr};
use crate::pages::JsPages;
use crate::stream::finished;

/// The coordinating side: a ledger arriving in chunks of any size, cut into batches
/// of entries whose checks come back from the helpers.
#[wasm_bindgen]
pub struct PooledStream {
    input: Input,
    pool: Option<PooledVerification>,
    bytes: u64,
}

/// Where the rows come from.
enum Input {
    /// Chunks of the file, in order.
    Chunks(Reader),
    /// A database's pages, read from the file as its rows are.
    Pages(DatabaseRows<'static>),
    /// Every row of the database has been read.
    Read,
    /// The input has ended (`endInput`).
    Ended,
}

#[wasm_bindgen]
impl PooledStream {
    /// Starts a verification with the options of `verifyChain`; `fileName` hints at
    /// the format as in `verifyInput`.
    ///
    /// # Errors
    /// `INVALID_KEY` or `INVALID_CHECKPOINT` as for `verifyChain`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue, file_name: Option<String>) -> Result<PooledStream, JsValue> {
        let trust = trust_from_js(&options)?;
        let hint = file_name.as_deref().map_or(Hint::None, Hint::from_name);
        Ok(PooledStream {
            input: Input::Chunks(Reader::new(hint)),
            pool: Some(PooledVerification::new(trust)),
            bytes: 0,
        })
    }

    /// Feeds the next chunk of the input.
    ///
    /// # Errors
    /// As `ChainStream.push`; `FINISHED` after the input's end.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let pool = self.pool.as_mut().ok_or_else(finished)?;
        let Input::Chunks(reader) = &mut self.input else {
            return Err(finished().into());
        };
        reader.feed(chunk, pool).map_err(|e| input_error(&e))?;
        self.bytes += chunk.len() as u64;
        Ok(())
    }

    /// True once the chunks so far show an SQLite database: its pages are then
    /// better read from the file ([`PooledStream::open_pages`]) than pushed whole.
    #[wasm_bindgen(getter, js_name = wantsPages)]
    pub fn wants_pages(&self) -> bool {
        matches!(&self.input, Input::Chunks(r) if r.format() == Some(Format::Sqlite))
    }

    /// Reads the database from the file instead of from chunks: `readAt(offset,
    /// length)` returns the `length` bytes of the file at `offset` (a `Uint8Array`),
    /// `size` is the file's size. Its rows follow with `readRows`.
    ///
    /// # Errors
    /// As `ChainStream.finish` for a database; `FINISHED` after the input's end.
    #[wasm_bindgen(js_name = openPages)]
    pub fn open_pages(&mut self, size: f64, read_at: Function) -> Result<(), JsValue> {
        let pool = self.pool.as_mut().ok_or_else(finished)?;
        if !matches!(self.input, Input::Chunks(_)) {
            return Err(finished().into());
        }
        let pages = JsPages::new(size as u64, read_at);
        let rows = DatabaseRows::open(pages, pool).map_err(|e| input_error(&e))?;
        self.input = Input::Pages(rows);
        self.bytes = size as u64;
        Ok(())
    }

    /// Reads the next `max` rows of the database `openPages` opened. False once
    /// every row is read.
    ///
    /// # Errors
    /// A row that cannot be read, as for `verifyChain`; `FINISHED` without pages.
    #[wasm_bindgen(js_name = readRows)]
    pub fn read_rows(&mut self, max: usize) -> Result<bool, JsValue> {
        let pool = self.pool.as_mut().ok_or_else(finished)?;
        let Input::Pages(rows) = &mut self.input else {
            return Err(finished().into());
        };
        let more = rows.read(max, pool).map_err(|e| input_error(&e))?;
        if !more {
            self.input = Input::Read;
        }
        Ok(more)
    }

    /// Ends the input: what was held back (a last line, a bundle, a database, the
    /// rows `readRows` has not read yet) is read, and the last batch becomes ready.
    ///
    /// # Errors
    /// As `ChainStream.finish`.
    #[wasm_bindgen(js_name = endInput)]
    pub fn end_input(&mut self) -> Result<(), JsValue> {
        let pool = self.pool.as_mut().ok_or_else(finished)?;
        match std::mem::replace(&mut self.input, Input::Ended) {
            Input::Chunks(reader) => reader.finish(pool),
            Input::Pages(mut rows) => rows.read(usize::MAX, pool).map(|_| ()),
            Input::Read => Ok(()),
            Input::Ended => return Err(finished().into()),
        }
        .map_err(|e| input_error(&e))?;
        pool.end_input();
        Ok(())
    }

    /// The key ring for the helpers, once the input has begun.
    pub fn keys(&self) -> Option<Vec<u8>> {
        self.pool.as_ref()?.keys()
    }

    /// The next batch of entries for a helper, if one is ready.
    #[wasm_bindgen(js_name = takeBatch)]
    pub fn take_batch(&mut self) -> Option<Vec<u8>> {
        self.pool.as_mut()?.take_batch()
    }

    /// A helper's checks of a batch.
    ///
    /// # Errors
    /// `INVALID_INPUT` for checks that match no batch sent.
    pub fn accept(&mut self, checks: &[u8]) -> Result<(), JsValue> {
        let pool = self.pool.as_mut().ok_or_else(finished)?;
        pool.accept(checks).map_err(|e| pool_error(&e).into())
    }

    /// Batches ready, out with a helper, or waiting for an earlier one.
    #[wasm_bindgen(getter)]
    pub fn pending(&self) -> usize {
        self.pool.as_ref().map_or(0, PooledVerification::pending)
    }

    /// Entries verified so far.
    #[wasm_bindgen(getter)]
    pub fn entries(&self) -> f64 {
        self.pool.as_ref().map_or(0, PooledVerification::entries) as f64
    }

    /// Bytes consumed so far.
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> f64 {
        self.bytes as f64
    }

    /// The report, the same as `verifyChain`'s, once every batch is accepted.
    ///
    /// # Errors
    /// `INVALID_INPUT` while batches are pending; `FINISHED` when called twice.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let pool = self.pool.take().ok_or_else(finished)?;
        let report = pool.finish().map_err(|e| pool_error(&e))?;
        report_to_js(&report)
    }
}

/// The helper's side: checks batches against the key ring it was made with.
#[wasm_bindgen]
pub struct PoolHelper {
    keys: KeyRing,
}

#[wasm_bindgen]
impl PoolHelper {
    /// A helper for the key ring `PooledStream.keys()` gave.
    ///
    /// # Errors
    /// `INVALID_INPUT` when `keys` is not an encoded key ring.
    #[wasm_bindgen(constructor)]
    pub fn new(keys: &[u8]) -> Result<PoolHelper, JsValue> {
        let keys = decode_keys(keys).map_err(|e| pool_error(&e.into()))?;
        Ok(PoolHelper { keys })
    }

    /// The checks of a batch `PooledStream.takeBatch()` gave.
    ///
    /// # Errors
    /// `INVALID_INPUT` when `batch` is not an encoded batch.
    pub fn check(&self, batch: &[u8]) -> Result<Vec<u8>, JsValue> {
        check_entries(&self.keys, batch).map_err(|e| pool_error(&e.into()).into())
    }
}

fn pool_error(e: &PoolError) -> JsErr {
    let err = JsErr::new(Code::InvalidInput, e.to_string());
    match e {
        PoolError::Wire(wire) => err.offset(wire.offset),
        _ => err,
    }
}

//! The two halves of a verification spread over threads (core's
//! [`nexuscone_core::pool`]), for the package's `verifyFile`: [`PooledStream`] reads
//! the input as it arrives and accepts checks in order on the calling thread;
//! [`PoolHelper`] checks batches on a worker thread. The JavaScript moves the bytes
//! between them and nothing else.

use nexuscone_core::input::{Hint, Reader};
use nexuscone_core::pool::{check_entries, decode_keys, PoolError, PooledVerification};
use nexuscone_core::signature::KeyRing;
use wasm_bindgen::prelude::*;

use crate::convert::{report_to_js, trust_from_js};
use crate::error::{input_error, Code, JsErr};
use crate::stream::finished;

/// The coordinating side: a ledger arriving in chunks of any size, cut into batches
/// of entries whose checks come back from the helpers.
#[wasm_bindgen]
pub struct PooledStream {
    reader: Option<Reader>,
    pool: Option<PooledVerification>,
    bytes: u64,
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
            reader: Some(Reader::new(hint)),
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
        let reader = self.reader.as_mut().ok_or_else(finished)?;
        reader.feed(chunk, pool).map_err(|e| input_error(&e))?;
        self.bytes += chunk.len() as u64;
        Ok(())
    }

    /// Ends the input: what was held back (a last line, a bundle, a database) is
    /// read, and the last batch becomes ready.
    ///
    /// # Errors
    /// As `ChainStream.finish`.
    #[wasm_bindgen(js_name = endInput)]
    pub fn end_input(&mut self) -> Result<(), JsValue> {
        let pool = self.pool.as_mut().ok_or_else(finished)?;
        let reader = self.reader.take().ok_or_else(finished)?;
        reader.finish(pool).map_err(|e| input_error(&e))?;
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

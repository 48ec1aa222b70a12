//! A JSONL verifier fed chunk by chunk, for ledgers too large to hold in memory.

use nexuscone_core::chain::ChainVerifier;
use nexuscone_core::export::jsonl::{self, LineSplitter};
use wasm_bindgen::prelude::*;

use crate::convert::{to_js, Trust};
use crate::error::{read_error, Code, JsErr};

/// Verifies JSONL arriving in chunks of any size. Memory holds the verifier's
/// state, one partial line and the current chunk, never the ledger.
#[wasm_bindgen]
pub struct ChainStream {
    state: Option<(LineSplitter, ChainVerifier)>,
    entries: u64,
    bytes: u64,
}

#[wasm_bindgen]
impl ChainStream {
    /// Starts a verification with the options of `verifyChain`.
    ///
    /// # Errors
    /// `INVALID_KEY` or `NOT_SUPPORTED` as for `verifyChain`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<ChainStream, JsValue> {
        let options = Trust::from_js(&options)?.verify_options()?;
        Ok(ChainStream {
            state: Some((LineSplitter::new(), ChainVerifier::new(options))),
            entries: 0,
            bytes: 0,
        })
    }

    /// Feeds the next chunk of JSONL bytes.
    ///
    /// # Errors
    /// `INVALID_JSON` or `INVALID_ROW` with the `line`; `FINISHED` after `finish`.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let (splitter, verifier) = self.state.as_mut().ok_or_else(finished)?;
        let entries = &mut self.entries;
        splitter.feed(chunk, |line, number| {
            push_line(verifier, entries, line, number)
        })?;
        self.bytes += chunk.len() as u64;
        Ok(())
    }

    /// Ends the input and returns the report (the same as `verifyChain`'s).
    ///
    /// # Errors
    /// As `push`, for a last line without a newline.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let (splitter, mut verifier) = self.state.take().ok_or_else(finished)?;
        let entries = &mut self.entries;
        splitter.finish(|line, number| push_line(&mut verifier, entries, line, number))?;
        to_js(&verifier.finish())
    }

    /// Entries verified so far.
    #[wasm_bindgen(getter)]
    pub fn entries(&self) -> f64 {
        self.entries as f64
    }

    /// Bytes consumed so far.
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> f64 {
        self.bytes as f64
    }
}

fn push_line(
    verifier: &mut ChainVerifier,
    entries: &mut u64,
    line: &[u8],
    number: usize,
) -> Result<(), JsErr> {
    if let Some(row) = jsonl::parse_line(line, number).map_err(|e| read_error(&e).line(number))? {
        verifier.push_row(&row);
        *entries += 1;
    }
    Ok(())
}

fn finished() -> JsErr {
    JsErr::new(
        Code::Finished,
        "this ChainStream has already finished".to_owned(),
    )
}

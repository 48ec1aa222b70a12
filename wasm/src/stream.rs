//! [`ChainStream`]: a ledger verified from chunks cut anywhere, by core's chunked
//! reader ([`nexuscone_core::input::Reader`]). A JSONL export is verified line by
//! line as it arrives, so memory holds the verifier's state, one partial line and the
//! current chunk, never the ledger; a bundle or database is verified once complete.
//! Many short calls also let V8 optimise the wasm between them (it has no on-stack
//! replacement for wasm, so one long call would run in its baseline tier).

use nexuscone_core::input::{Hint, Reader, Verification};
use wasm_bindgen::prelude::*;

use crate::convert::{report_to_js, trust_from_js};
use crate::error::{input_error, Code, JsErr};

/// Verifies a ledger arriving in chunks of any size.
#[wasm_bindgen]
pub struct ChainStream {
    state: Option<(Reader, Verification)>,
    bytes: u64,
}

#[wasm_bindgen]
impl ChainStream {
    /// Starts a verification with the options of `verifyChain`.
    ///
    /// # Errors
    /// `INVALID_KEY` or `INVALID_CHECKPOINT` as for `verifyChain`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<ChainStream, JsValue> {
        let trust = trust_from_js(&options)?;
        Ok(ChainStream {
            state: Some((Reader::new(Hint::None), Verification::new(trust))),
            bytes: 0,
        })
    }

    /// Feeds the next chunk of the input.
    ///
    /// # Errors
    /// `INVALID_JSON` or `INVALID_ROW` with the `line` and `offset`; `FINISHED` after
    /// `finish`.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let (reader, verification) = self.state.as_mut().ok_or_else(finished)?;
        reader
            .feed(chunk, verification)
            .map_err(|e| input_error(&e))?;
        self.bytes += chunk.len() as u64;
        Ok(())
    }

    /// Ends the input and returns the report (the same as `verifyChain`'s).
    ///
    /// # Errors
    /// As `push`, for what was held back (a last line without a newline, a bundle).
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let (reader, mut verification) = self.state.take().ok_or_else(finished)?;
        reader
            .finish(&mut verification)
            .map_err(|e| input_error(&e))?;
        report_to_js(&verification.finish())
    }

    /// Entries verified so far.
    #[wasm_bindgen(getter)]
    pub fn entries(&self) -> f64 {
        self.state.as_ref().map_or(0, |(_, v)| v.entries()) as f64
    }

    /// Bytes consumed so far.
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> f64 {
        self.bytes as f64
    }
}

pub(crate) fn finished() -> JsErr {
    JsErr::new(
        Code::Finished,
        "this verifier has already finished".to_owned(),
    )
}

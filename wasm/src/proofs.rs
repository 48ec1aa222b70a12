//! The anchor proof verifier core calls (`nexuscone_core::anchor::ProofVerifier`),
//! supplied by the package's JavaScript as a function: this module is built without
//! core's `tst` feature, and the function hands each anchor row to the second
//! WebAssembly module (`wasm-anchors/`, core's own verifier) and its tracks back.
//! JavaScript only moves the row and the tracks.

use js_sys::{Function, Uint8Array};
use nexuscone_core::anchor::{AnchorRow, ProofVerifier, Tracks};
use wasm_bindgen::JsValue;

use crate::convert::to_js;

/// `(row: object, head: Uint8Array) => Tracks`.
#[derive(Debug)]
pub struct JsProofVerifier(pub Function);

impl ProofVerifier for JsProofVerifier {
    /// `None` (the proofs are not checked) when the function throws or answers with
    /// something that is not tracks: the second module did not load.
    fn tracks(&self, row: &AnchorRow, head: &[u8; 32]) -> Option<Tracks> {
        let row = to_js(row).ok()?;
        let head = Uint8Array::from(&head[..]);
        let tracks = self.0.call2(&JsValue::NULL, &row, &head).ok()?;
        serde_wasm_bindgen::from_value(tracks).ok()
    }
}

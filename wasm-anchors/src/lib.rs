//! The npm package's second WebAssembly module: core's anchor proof verifier
//! (`nexuscone_core::anchor::LocalProofs`, SPEC §8, §9) with the user's Bitcoin headers
//! and TSA roots.
//!
//! The main module (`wasm/`) is built without core's `tst` feature, whose OpenTimestamps,
//! X.509, CMS, RSA and ECDSA code would push it past its size budget; for a ledger with
//! anchors it calls a JavaScript function that hands each anchor row here and the tracks
//! back (`wasm/src/proofs.rs`), then binds the anchors to the entries itself. The
//! package's JavaScript loads this module on demand: synchronously in Node.js, with
//! `initAnchors()` in browsers.
//!
//! What this crate is NOT: it reads no ledgers and binds no anchors; it only converts
//! types.
#![forbid(unsafe_code)]

use nexuscone_core::anchor::{AnchorRow, ProofVerifier};
use nexuscone_core::input::{LocatedError, Trust, TrustError, TrustKind};
use wasm_bindgen::prelude::*;

/// A proof verifier holding the trust inputs it was made with.
#[wasm_bindgen]
pub struct AnchorProofs {
    /// Only Bitcoin headers and TSA roots, read by core's trust layer.
    trust: Trust,
}

#[wasm_bindgen]
impl AnchorProofs {
    /// A verifier trusting `headers` (text, one header per line) and `roots` (PEM, or
    /// one DER certificate), either absent; the names name the inputs in errors.
    ///
    /// # Errors
    /// A `NexusconeError` with code `INVALID_KEY` when an input does not read, with
    /// core's `kind` (`invalid_bitcoin_headers`, `invalid_tsa_roots`) and `line`, as
    /// the main module does for other trust inputs.
    #[wasm_bindgen(constructor)]
    pub fn new(
        headers: Option<Box<[u8]>>,
        headers_name: &str,
        roots: Option<Box<[u8]>>,
        roots_name: &str,
    ) -> Result<AnchorProofs, JsValue> {
        let mut trust = Trust::new();
        for (kind, bytes, name) in [
            (TrustKind::BitcoinHeaders, headers, headers_name),
            (TrustKind::TsaRoots, roots, roots_name),
        ] {
            if let Some(bytes) = bytes {
                trust.add(kind, &bytes, name).map_err(trust_error)?;
            }
        }
        Ok(AnchorProofs { trust })
    }

    /// The tracks (`nexuscone_core::anchor::Tracks`) of the anchor row `row` (as the main
    /// module serialised it), whose chain head is `head`.
    ///
    /// # Errors
    /// When `row` is not an anchor row or `head` not 32 bytes.
    pub fn tracks(&self, row: JsValue, head: &[u8]) -> Result<JsValue, JsValue> {
        let row: AnchorRow = serde_wasm_bindgen::from_value(row)?;
        let head: [u8; 32] = head
            .try_into()
            .map_err(|_| JsValue::from_str("head: expected 32 bytes"))?;
        let tracks = self.trust.local_proofs().tracks(&row, &head);
        serde_wasm_bindgen::to_value(&tracks).map_err(JsValue::from)
    }
}

/// An `Error` named `NexusconeError` with code `INVALID_KEY` and core's `kind`, `line`
/// and `key` ([`LocatedError`], `docs/FORMAT.md` "Input error kinds"), as the main
/// module throws for a trust input that does not read (`wasm/src/error.rs`, which this
/// module does not link, to stay small).
fn trust_error(error: TrustError) -> JsValue {
    let located = LocatedError::from(&error);
    let js = js_sys::Error::new(&located.message);
    js.set_name("NexusconeError");
    let set = |name: &str, value: JsValue| {
        // Setting a property on a fresh Error cannot fail.
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str(name), &value);
    };
    set("code", JsValue::from_str("INVALID_KEY"));
    set("kind", JsValue::from_str(located.kind.as_str()));
    if let Some(line) = located.location.line {
        set("line", JsValue::from_f64(line as f64));
    }
    if let Some(key) = &located.location.key {
        set("key", JsValue::from_str(key));
    }
    js.into()
}

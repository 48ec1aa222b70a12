//! Selective-disclosure bundles (`nexuscone disclose`): `verifyBundle`. The rules are
//! `nexuscone_core::disclosure`; this file reads options and converts the report.

use nexuscone_core::disclosure::{Disclosure, DisclosureError, DisclosureOptions};
use wasm_bindgen::prelude::*;

use crate::convert::{to_js, trust_from_js};
use crate::error::{parse_error, Code, JsErr};

/// Verifies a selective-disclosure bundle (bytes of the JSON document) and returns
/// its report (`docs/SPEC.md` §7), field for field what `nexuscone verify
/// BUNDLE --json` prints. `options`: `{ verifierKeys, publicKeys }`; without
/// `verifierKeys` the checkpoint is not authenticated and the verdict says so.
///
/// # Errors
/// `INVALID_JSON` or `INVALID_INPUT` (with `offset` where known) for a document
/// that does not read; `INVALID_KEY` for unreadable keys. A bundle that reads but
/// does not verify is a report with `valid: false`.
#[wasm_bindgen(js_name = verifyBundle)]
pub fn verify_bundle(bundle: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
    let trust = trust_from_js(&options)?;
    let options = DisclosureOptions {
        verifiers: trust.verifiers(),
        keys: trust.entry_key_ring().cloned(),
    };
    let disclosure = Disclosure::parse(bundle).map_err(|e| match &e {
        DisclosureError::Json(source) => parse_error(source, "disclosure"),
        DisclosureError::NotCanonical { offset } => {
            JsErr::new(Code::InvalidInput, e.to_string()).offset(*offset)
        }
        _ => JsErr::new(Code::InvalidInput, e.to_string()),
    })?;
    to_js(&disclosure.verify(&options))
}

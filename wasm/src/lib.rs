//! WebAssembly bindings for `nexuscone-core`, consumed by the npm package `nexuscone`.
//!
//! Each export converts JavaScript values to core types, calls one core function and
//! converts the answer back. Every rule (canonical form, hashing, verification,
//! proofs, drift diagnosis, input detection) lives in core.
//!
//! What this crate is NOT: it reads no files and fetches nothing; the package's
//! JavaScript entry points load the `.wasm` and wrap errors in `Error` subclasses.
//!
//! Errors cross as `Error` objects with `name` `NexusconeError` and a `code`
//! (see [`error`]); the package rethrows them as the matching subclass. Nothing here
//! panics on any input: conversions check types and sizes, and core is panic-free.
#![forbid(unsafe_code)]

mod command;
mod convert;
mod disclosure;
mod error;
mod merkle;
mod stream;
mod writer;

use nexuscone_core::canonical::{self, Value};
use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::drift;
use nexuscone_core::entry::HashFormat;
use nexuscone_core::export::bundle::Bundle;
use nexuscone_core::export::{row_from_value, Row, TextFormat};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;

use crate::convert::{to_js, value_from_js};
use crate::error::{read_error, Code, JsErr};

pub use command::{canonical_command, root_command, VerifyCommand};
pub use disclosure::verify_bundle;
pub use merkle::*;
pub use stream::{ChainStream, LinesVerifier};
pub use writer::{redact, Writer};

/// Canonical JSON of a JavaScript value, as Python's
/// `json.dumps(v, sort_keys=True, separators=(",", ":"))` prints the value Python
/// would hold. Integral doubles print as integers (`5`, not `5.0`); `BigInt`s print
/// exactly.
///
/// # Errors
/// `UNSUPPORTED_VALUE` for `undefined`, functions, symbols and other values JSON
/// cannot hold; `TOO_DEEP` past the nesting limit (which also catches cycles).
#[wasm_bindgen(js_name = canonicalJson)]
pub fn canonical_json(value: JsValue) -> Result<String, JsValue> {
    Ok(canonical::to_canonical(&value_from_js(&value)?))
}

/// The canonical form of JSON text, byte-identical to Python's.
///
/// # Errors
/// `INVALID_JSON` with the byte `offset`, `line` and `column`, for text Python's
/// `json.loads` rejects.
#[wasm_bindgen]
pub fn canonicalize(text: &[u8]) -> Result<String, JsValue> {
    canonical::canonicalize(text).map_err(|e| error::parse_error(&e, "input").into())
}

/// Lowercase hex SHA-256 of bytes (the JavaScript side encodes strings as UTF-8).
#[wasm_bindgen(js_name = sha256Hex)]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The entry hash of a row (storage column names), under the formula its
/// `format_version` selects.
///
/// # Errors
/// `INVALID_ROW` when a field is missing or mistyped; `UNKNOWN_FORMAT` for a
/// version core has no hash rule for.
#[wasm_bindgen(js_name = computeEntryHash)]
pub fn compute_entry_hash(row: JsValue) -> Result<String, JsValue> {
    // The hash being computed is not an input: a row without one is complete.
    let mut value = value_from_js(&row)?;
    if let Value::Object(members) = &mut value {
        if !members
            .iter()
            .any(|(k, _)| k.as_str() == Some("entry_hash"))
        {
            members.push(("entry_hash".into(), Value::from("")));
        }
    }
    let row = row_from_value(&value, "row").map_err(|e| read_error(&e))?;
    let entry = &row.entry;
    match entry.hash_format() {
        Some(format) => Ok(entry.compute_hash(format).to_hex()),
        None => Err(unsupported_format(entry.entry_id, entry.declared_format_version()).into()),
    }
}

fn unsupported_format(entry_id: i64, version: i64) -> JsErr {
    JsErr::new(
        Code::UnknownFormat,
        format!("entry {entry_id} has format_version {version}, which no Nexuscone version writes"),
    )
    .entry_id(entry_id)
}

/// Says whether a row whose stored hash does not match was written by a drifted
/// JavaScript canonicaliser, and which drift.
///
/// # Errors
/// `INVALID_ROW` when a field is missing or mistyped.
#[wasm_bindgen(js_name = diagnoseDrift)]
pub fn diagnose_drift(row: JsValue) -> Result<JsValue, JsValue> {
    let row = row_from_js(&row, "row")?;
    to_js(&drift::diagnose(&row.entry))
}

pub(crate) fn row_from_js(value: &JsValue, location: &str) -> Result<Row, JsErr> {
    let value = value_from_js(value)?;
    row_from_value(&value, location).map_err(|e| read_error(&e))
}

/// Verifies a whole ledger held in memory and returns the report the Rust CLI's
/// `verify --json` prints.
///
/// `input` is JSONL or bundle text as bytes, a parsed bundle object, or an array
/// of rows. `options` is `{ publicKeys, witnessKeys, requireSignatures,
/// checkpoint, verifierKeys }`.
///
/// # Errors
/// `INVALID_JSON`/`INVALID_ROW` naming the line or row, `INVALID_KEY`,
/// `INVALID_INPUT`, and `INVALID_CHECKPOINT` for a checkpoint note that does not
/// open with `verifierKeys`.
#[wasm_bindgen(js_name = verifyChain)]
pub fn verify_chain(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let trust = convert::Trust::from_js(&options)?;
    let mut verify_options = trust.verify_options()?;
    let rows: Vec<Row>;
    if let Some(bytes) = input.dyn_ref::<js_sys::Uint8Array>() {
        let bytes = bytes.to_vec();
        match TextFormat::detect(&bytes) {
            TextFormat::Bundle => {
                let bundle = Bundle::parse(&bytes).map_err(|e| read_error(&e))?;
                rows = adopt(&mut verify_options, bundle, trust.has_keys())?;
            }
            TextFormat::Jsonl => {
                // Rows are verified as they are read: memory holds one row at a time.
                let mut verifier = ChainVerifier::new(verify_options);
                stream::push_lines(&mut verifier, &bytes, 1, 0)?;
                return to_js(&verifier.finish());
            }
        }
    } else if js_sys::Array::is_array(&input) {
        let array = js_sys::Array::from(&input);
        let mut read = Vec::with_capacity(array.length() as usize);
        for (index, item) in array.iter().enumerate() {
            read.push(row_from_js(&item, &format!("rows[{index}]"))?);
        }
        rows = read;
    } else if input.is_object() {
        let value = value_from_js(&input)?;
        let bundle = Bundle::from_value(&value).map_err(|e| read_error(&e))?;
        rows = adopt(&mut verify_options, bundle, trust.has_keys())?;
    } else {
        return Err(JsErr::new(
            Code::InvalidInput,
            "verifyChain expects JSONL or bundle text, a Uint8Array, a bundle object or an array of rows".to_owned(),
        )
        .into());
    }
    let mut verifier = ChainVerifier::new(verify_options);
    for row in &rows {
        verifier.push_row(row);
    }
    to_js(&verifier.finish())
}

/// True when the first line of a text is a complete JSON value that is not a
/// bundle, so the text is JSONL whatever follows (see `TextFormat::detect`): the
/// package then verifies it in runs of lines.
#[wasm_bindgen(js_name = startsAsJsonl)]
pub fn starts_as_jsonl(first_line: &[u8]) -> bool {
    canonical::parse(first_line).is_ok() && TextFormat::detect(first_line) == TextFormat::Jsonl
}

fn adopt(options: &mut VerifyOptions, bundle: Bundle, keys: bool) -> Result<Vec<Row>, JsErr> {
    options
        .adopt_bundle(bundle, keys)
        .map_err(|e| JsErr::new(Code::InvalidKey, format!("bundle public_keys: {e}")))
}

/// The formats whose hash rule this build knows, for feature detection.
#[wasm_bindgen(js_name = supportedFormatVersions)]
pub fn supported_format_versions() -> Vec<u32> {
    [HashFormat::V1, HashFormat::V2, HashFormat::V3]
        .iter()
        .map(|f| match f {
            HashFormat::V1 => 1,
            HashFormat::V2 => 2,
            HashFormat::V3 => 3,
        })
        .collect()
}

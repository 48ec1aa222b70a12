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

#[cfg(feature = "bin")]
mod command;
mod convert;
mod disclosure;
mod error;
mod merkle;
#[cfg(feature = "bin")]
mod merkle_pool;
#[cfg(feature = "bin")]
mod pages;
#[cfg(feature = "bin")]
mod pool;
mod proofs;
mod stream;
mod writer;

use nexuscone_core::canonical::{self, Value};
use nexuscone_core::drift;
use nexuscone_core::entry::HashFormat;
use nexuscone_core::export::bundle::Bundle;
use nexuscone_core::export::{row_from_value, Row};
use nexuscone_core::input::{self, Carried, Format, Hint, Sink, Verification};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;

use crate::convert::{report_to_js, to_js, trust_from_js, value_from_js};
use crate::error::{input_error, read_error, Code, JsErr};

#[cfg(feature = "bin")]
pub use command::{canonical_command, root_command, VerifyCommand};
pub use disclosure::verify_bundle;
pub use merkle::*;
#[cfg(feature = "bin")]
pub use merkle_pool::{merkle_piece_hashes, MerklePieces};
#[cfg(feature = "bin")]
pub use pool::{PoolHelper, PooledStream};
pub use stream::ChainStream;
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
/// `input` is the bytes of a ledger in any format (SQLite, JSONL, bundle: told
/// apart by core from the bytes, as [`verify_input`]), a parsed bundle object, or
/// an array of rows. `options` is `{ publicKeys, witnessKeys, requireSignatures,
/// checkpoint, verifierKeys }`.
///
/// # Errors
/// `INVALID_JSON`/`INVALID_ROW` naming the line or row, `INVALID_KEY`,
/// `INVALID_INPUT`, and `INVALID_CHECKPOINT` for a checkpoint note that does not
/// open with `verifierKeys`.
#[wasm_bindgen(js_name = verifyChain)]
pub fn verify_chain(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let trust = trust_from_js(&options)?;
    if let Some(bytes) = input.dyn_ref::<js_sys::Uint8Array>() {
        let report = input::verify(&bytes.to_vec(), Hint::None, &trust);
        return report_to_js(&report.map_err(|e| input_error(&e))?);
    }
    let (carried, rows) = if js_sys::Array::is_array(&input) {
        let array = js_sys::Array::from(&input);
        let mut rows = Vec::with_capacity(array.length() as usize);
        for (index, item) in array.iter().enumerate() {
            rows.push(row_from_js(&item, &format!("rows[{index}]"))?);
        }
        (Carried::default(), rows)
    } else if input.is_object() {
        let value = value_from_js(&input)?;
        let bundle = Bundle::from_value(&value).map_err(|e| read_error(&e))?;
        let rows = bundle.rows;
        let carried = Carried {
            public_keys: bundle.public_keys,
            witnesses: bundle.witnesses,
            attestations: bundle.attestations,
            anchors: bundle.anchors,
            anchor_storage: Vec::new(),
        };
        (carried, rows)
    } else {
        return Err(JsErr::new(
            Code::InvalidInput,
            "verifyChain expects JSONL or bundle text, a Uint8Array, a bundle object or an array of rows".to_owned(),
        )
        .into());
    };
    let mut verification = Verification::new(trust);
    let format = if carried == Carried::default() {
        Format::Jsonl
    } else {
        Format::Bundle
    };
    let result = verification
        .begin(format, carried)
        .and_then(|()| rows.iter().try_for_each(|row| verification.row(row)));
    result.map_err(|e| input_error(&e))?;
    report_to_js(&verification.finish())
}

/// Verifies the bytes of a ledger in any format (an SQLite database, a JSONL export
/// or a bundle), told apart by core from the bytes; `fileName` (optional) is only a
/// hint for an empty input. The report is the CLI's `verify --json`.
///
/// # Errors
/// As [`verify_chain`]; `INVALID_INPUT` for a database that cannot be read.
#[wasm_bindgen(js_name = verifyInput)]
pub fn verify_input(
    bytes: &[u8],
    options: JsValue,
    file_name: Option<String>,
) -> Result<JsValue, JsValue> {
    let trust = trust_from_js(&options)?;
    let hint = file_name.as_deref().map_or(Hint::None, Hint::from_name);
    let report = input::verify(bytes, hint, &trust).map_err(|e| input_error(&e))?;
    report_to_js(&report)
}

/// The format core reads `bytes` as (`sqlite`, `jsonl`, `bundle`, `disclosure`), or
/// `null` for an empty input.
#[wasm_bindgen(js_name = detectFormat)]
pub fn detect_format(bytes: &[u8]) -> Option<String> {
    if Format::is_empty(bytes) {
        return None;
    }
    Format::detect(bytes, true).map(|f| f.as_str().to_owned())
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

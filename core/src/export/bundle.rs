//! The ledger bundle: one JSON document carrying everything a verifier needs.
//!
//! ```json
//! {"anchors":[...],"entries":[...],"format":"nexuscone-bundle","public_keys":{"key-a":"<hex>"},
//!  "version":1,"witness_attestations":[...],"witnesses":[...]}
//! ```
//! Rows use the SQLite column names; anchor BLOB columns are lowercase hex.

use std::collections::BTreeMap;

use crate::canonical::{parse, to_canonical, JsonString, Value};
use crate::witness::{Witness, WitnessAttestation};

use super::row::Fields;
use super::{entry_to_value, ReadError, Row};

/// The value of the bundle's `format` member.
pub const FORMAT: &str = "nexuscone-bundle";
/// The bundle version this crate reads and writes.
pub const VERSION: i64 = 1;

/// A whole ledger in one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bundle {
    /// The entries, in `entry_id` order.
    pub rows: Vec<Row>,
    /// Entry-signing public keys (hex) by key id.
    pub public_keys: BTreeMap<String, String>,
    /// Registered witnesses.
    pub witnesses: Vec<Witness>,
    /// Witness attestations.
    pub attestations: Vec<WitnessAttestation>,
    /// Anchor rows, carried through unverified.
    pub anchors: Vec<Value>,
}

fn array<'a>(fields: &Fields<'a>, name: &str) -> Result<&'a [Value], ReadError> {
    match fields.get(name) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(fields.error(name, "expected an array".to_owned())),
    }
}

impl Bundle {
    /// Reads a bundle document.
    ///
    /// # Errors
    /// When the text is not JSON, not a version-1 bundle, or a row is malformed;
    /// the error names the member (`entries[3], field entry_hash`).
    pub fn parse(text: &[u8]) -> Result<Bundle, ReadError> {
        let value = parse(text).map_err(|source| ReadError::Json {
            location: "bundle".to_owned(),
            source,
        })?;
        Bundle::from_value(&value)
    }

    /// Reads a bundle document that is already parsed (for example, handed over
    /// from JavaScript as an object).
    ///
    /// # Errors
    /// As [`Bundle::parse`], less the JSON syntax errors.
    pub fn from_value(value: &Value) -> Result<Bundle, ReadError> {
        let top = Fields::of(value, "bundle")?;
        match top.get("format") {
            Some(Value::String(s)) if s.as_str() == Some(FORMAT) => {}
            _ => {
                return Err(top.error(
                    "format",
                    format!("expected \"{FORMAT}\": this is not a Nexuscone bundle"),
                ))
            }
        }
        let version = top.int("version")?;
        if version != VERSION {
            return Err(top.error("version", format!("expected {VERSION}, found {version}")));
        }
        let mut bundle = Bundle::default();
        for (index, item) in array(&top, "entries")?.iter().enumerate() {
            let location = format!("entries[{index}]");
            bundle.rows.push(Fields::of(item, &location)?.entry()?);
        }
        for (index, item) in array(&top, "witnesses")?.iter().enumerate() {
            let location = format!("witnesses[{index}]");
            bundle
                .witnesses
                .push(Fields::of(item, &location)?.witness()?);
        }
        for (index, item) in array(&top, "witness_attestations")?.iter().enumerate() {
            let location = format!("witness_attestations[{index}]");
            bundle
                .attestations
                .push(Fields::of(item, &location)?.attestation()?);
        }
        bundle.anchors = array(&top, "anchors")?.to_vec();
        match top.get("public_keys") {
            None => {}
            // A key that is not a hex string is the ledger's, not the syntax's, fault:
            // it is kept as its JSON text and reported by the verifier (`ledger_key`).
            Some(Value::Object(members)) => {
                for (key_id, key) in members {
                    let key_id = String::from_utf8_lossy(key_id.as_wtf8_bytes()).into_owned();
                    let key = match key {
                        Value::String(s) if s.as_str().is_some() => {
                            s.as_str().unwrap_or_default().to_owned()
                        }
                        other => to_canonical(other),
                    };
                    bundle.public_keys.insert(key_id, key);
                }
            }
            Some(_) => {
                return Err(top.error(
                    "public_keys",
                    "expected an object of key id to hex key".to_owned(),
                ))
            }
        }
        Ok(bundle)
    }

    /// The bundle as canonical JSON followed by a newline.
    pub fn to_canonical(&self) -> String {
        let members: Vec<(JsonString, Value)> = vec![
            ("anchors".into(), Value::Array(self.anchors.clone())),
            (
                "entries".into(),
                Value::Array(self.rows.iter().map(|r| entry_to_value(&r.entry)).collect()),
            ),
            ("format".into(), FORMAT.into()),
            ("public_keys".into(), (&self.public_keys).into()),
            ("version".into(), VERSION.into()),
            (
                "witness_attestations".into(),
                Value::Array(self.attestations.iter().map(attestation_to_value).collect()),
            ),
            (
                "witnesses".into(),
                Value::Array(self.witnesses.iter().map(witness_to_value).collect()),
            ),
        ];
        let mut text = to_canonical(&Value::Object(members));
        text.push('\n');
        text
    }
}

fn witness_to_value(w: &Witness) -> Value {
    Value::Object(vec![
        ("created_at".into(), w.created_at.as_str().into()),
        ("label".into(), w.label.as_str().into()),
        ("public_key_hex".into(), w.public_key_hex.as_str().into()),
        (
            "retired_at".into(),
            w.retired_at.as_deref().map_or(Value::Null, Value::from),
        ),
        ("role".into(), w.role.as_str().into()),
        ("witness_id".into(), w.witness_id.into()),
    ])
}

fn attestation_to_value(a: &WitnessAttestation) -> Value {
    Value::Object(vec![
        (
            "attestation_hash".into(),
            a.attestation_hash.as_str().into(),
        ),
        ("attestation_id".into(), a.attestation_id.into()),
        ("chain_head_entry_id".into(), a.chain_head_entry_id.into()),
        ("chain_head_hash".into(), a.chain_head_hash.as_str().into()),
        (
            "prev_attestation_hash".into(),
            a.prev_attestation_hash.as_str().into(),
        ),
        ("signature_hex".into(), a.signature_hex.as_str().into()),
        ("signed_at".into(), a.signed_at.as_str().into()),
        ("witness_id".into(), a.witness_id.into()),
    ])
}

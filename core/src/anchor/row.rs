//! One `anchors` row, read from the JSON object a ledger carries it as
//! ([`crate::input::Carried::anchors`]: BLOB columns as lowercase hex, SQL NULL as
//! `null`). Column names and meanings: `fixtures/README.md`, "Anchor format facts".
//! The columns' types ([`COLUMNS`], nexuscone 0.2.1's `anchors` schema) are checked
//! here for JSON, and by [`crate::sqlite::tables::AnchorColumns`] for a database's
//! storage classes, which the JSON form cannot all show (a BLOB in a TEXT column).

use serde::{Deserialize, Serialize};

use crate::canonical::{Number, Value};
use crate::mistyped::Mistyped;

/// The type an `anchors` column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// INTEGER; in JSON an integer that fits in 64 bits.
    Integer,
    /// UTF-8 TEXT; in JSON a string.
    Text,
    /// BLOB; in JSON a string (of lowercase hex).
    Blob,
}

impl Class {
    /// The SQLite storage class.
    pub fn storage(self) -> &'static str {
        match self {
            Class::Integer => "INTEGER",
            Class::Text => "TEXT",
            Class::Blob => "BLOB",
        }
    }

    /// The JSON type.
    pub fn json(self) -> &'static str {
        match self {
            Class::Integer => "an integer",
            Class::Text | Class::Blob => "a string",
        }
    }
}

/// The typed columns of nexuscone 0.2.1's `anchors` table: name, type, and whether
/// NULL is allowed. Other columns are carried and not read.
pub const COLUMNS: &[(&str, Class, bool)] = &[
    ("anchor_id", Class::Integer, false),
    ("chain_head_hash", Class::Text, false),
    ("chain_head_entry_id", Class::Integer, false),
    ("ots_proof_blob", Class::Blob, true),
    ("submitted_at", Class::Text, false),
    ("calendar_servers", Class::Text, false),
    ("confirmed_at", Class::Text, true),
    ("bitcoin_block_height", Class::Integer, true),
    ("bitcoin_block_hash", Class::Text, true),
    ("tst_blob", Class::Blob, true),
    ("tsa_url", Class::Text, true),
    ("tsa_gen_time", Class::Text, true),
];

/// The columns of a carried anchor object holding another JSON type than theirs
/// (absent columns are not: older schemas lack some).
fn json_mistyped(members: &[(crate::canonical::JsonString, Value)]) -> Vec<Mistyped> {
    let mut mistyped = Vec::new();
    for (key, value) in members {
        let Some(&(field, class, nullable)) = COLUMNS.iter().find(|c| key.as_str() == Some(c.0))
        else {
            continue;
        };
        let fits = match (value, class) {
            (Value::Null, _) => nullable,
            (Value::Number(Number::Int(n)), Class::Integer) => n.as_i64().is_some(),
            (Value::String(s), Class::Text | Class::Blob) => s.as_str().is_some(),
            _ => false,
        };
        if !fits {
            let found = match value {
                Value::Number(Number::Int(_)) if class == Class::Integer => {
                    "an integer beyond 64 bits"
                }
                Value::String(_) if class != Class::Integer => "a string with a lone surrogate",
                other => other.kind_name(),
            };
            mistyped.push(Mistyped {
                field,
                expected: class.json(),
                found: found.to_owned(),
            });
        }
    }
    mistyped
}

/// An `anchors` row, its columns typed. A column that is absent or of another type
/// reads as `None`; the checks say what that leaves unproven.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnchorRow {
    /// `anchor_id`.
    pub anchor_id: i64,
    /// `chain_head_hash` as stored (lowercase hex of the head entry's hash).
    pub chain_head_hash: String,
    /// `chain_head_entry_id`.
    pub chain_head_entry_id: Option<i64>,
    /// `ots_proof_blob`: a bare serialised OpenTimestamps timestamp.
    pub ots_proof: Option<Vec<u8>>,
    /// `bitcoin_block_height`: the height of the proof's first Bitcoin attestation.
    pub bitcoin_block_height: Option<i64>,
    /// `bitcoin_block_hash`: that block's hash in display (byte-reversed) hex.
    pub bitcoin_block_hash: Option<String>,
    /// `tst_blob`: a DER `TimeStampResp`.
    pub tst: Option<Vec<u8>>,
    /// `tsa_gen_time`: the token's genTime without its fraction, `%Y-%m-%dT%H:%M:%S.%fZ`.
    pub tsa_gen_time: Option<String>,
    /// `calendar_servers`: the JSON list as stored.
    pub calendar_servers: Option<String>,
    /// `submitted_at`.
    pub submitted_at: Option<String>,
    /// `confirmed_at`.
    pub confirmed_at: Option<String>,
    /// `tsa_url`.
    pub tsa_url: Option<String>,
    /// The columns that hold a value of another type ([`crate::mistyped`]).
    #[serde(skip)]
    pub mistyped: Vec<Mistyped>,
}

impl AnchorRow {
    /// Reads a carried anchor object, noting the columns of another JSON type as
    /// mistyped (each reads as `None`). A row without an integer `anchor_id` reads as
    /// anchor 0; a BLOB column that is not hex reads as its UTF-8 bytes (so that a
    /// proof check fails on it rather than the row vanishing).
    pub fn from_value(value: &Value) -> AnchorRow {
        let mistyped = match value {
            Value::Object(members) => json_mistyped(members),
            _ => Vec::new(),
        };
        AnchorRow::with_mistyped(value, mistyped)
    }

    /// Reads a carried anchor object whose mistyped columns are `mistyped` (a
    /// database's, found from the storage classes: [`crate::sqlite::tables::AnchorColumns::mistyped`]).
    pub fn with_mistyped(value: &Value, mistyped: Vec<Mistyped>) -> AnchorRow {
        let member = |name: &str| match value {
            Value::Object(members) => members
                .iter()
                .find(|(key, _)| key.as_str() == Some(name))
                .map(|(_, value)| value),
            _ => None,
        };
        let text = |name| match member(name) {
            Some(Value::String(s)) => s.as_str().map(str::to_owned),
            _ => None,
        };
        let int = |name| match member(name) {
            Some(Value::Number(Number::Int(n))) => n.as_i64(),
            _ => None,
        };
        let blob = |name| text(name).map(|t| hex::decode(&t).unwrap_or_else(|_| t.into_bytes()));
        AnchorRow {
            anchor_id: int("anchor_id").unwrap_or(0),
            chain_head_hash: text("chain_head_hash").unwrap_or_default(),
            chain_head_entry_id: int("chain_head_entry_id"),
            ots_proof: blob("ots_proof_blob"),
            bitcoin_block_height: int("bitcoin_block_height"),
            bitcoin_block_hash: text("bitcoin_block_hash"),
            tst: blob("tst_blob"),
            tsa_gen_time: text("tsa_gen_time"),
            calendar_servers: text("calendar_servers"),
            submitted_at: text("submitted_at"),
            confirmed_at: text("confirmed_at"),
            tsa_url: text("tsa_url"),
            mistyped,
        }
    }

    /// How findings call the anchor that is `position`-th (1-based) in its table.
    pub fn name(&self, position: usize) -> String {
        let table = ("anchor", "anchors");
        Mistyped::row_name(&self.mistyped, "anchor_id", table, self.anchor_id, position)
    }

    /// The raw 32 bytes of `chain_head_hash`: the start message of the OpenTimestamps
    /// proof and the message the TSA time-stamped. `None` unless 64 hex digits.
    pub fn head_bytes(&self) -> Option<[u8; 32]> {
        hex::decode(&self.chain_head_hash).ok()?.try_into().ok()
    }
}

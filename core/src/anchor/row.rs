//! One `anchors` row, read from the JSON object a ledger carries it as
//! ([`crate::input::Carried::anchors`]: BLOB columns as lowercase hex, SQL NULL as
//! `null`). Column names and meanings: `fixtures/README.md`, "Anchor format facts".

use serde::{Deserialize, Serialize};

use crate::canonical::{Number, Value};

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
}

impl AnchorRow {
    /// Reads a carried anchor object. A row without an integer `anchor_id` cannot be
    /// named and reads as anchor 0; a BLOB column that is not hex reads as its UTF-8
    /// bytes (so that a proof check fails on it rather than the row vanishing).
    pub fn from_value(value: &Value) -> AnchorRow {
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
        }
    }

    /// The raw 32 bytes of `chain_head_hash`: the start message of the OpenTimestamps
    /// proof and the message the TSA time-stamped. `None` unless 64 hex digits.
    pub fn head_bytes(&self) -> Option<[u8; 32]> {
        hex::decode(&self.chain_head_hash).ok()?.try_into().ok()
    }
}

//! The ledger entry as Nexuscone stores it, and its hash.
//!
//! Mirrors `nexuscone.chain._compute_entry_hash` (0.2.1): the entry hash is the
//! SHA-256 hex of the canonical JSON of the object
//! `{entry_id, timestamp, actor, action, payload, previous_hash}`, plus
//! `event_type` when `format_version >= 2`. `payload` is the *stored* canonical
//! payload string, embedded as a JSON string (so it is escaped twice).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use std::cell::RefCell;

use crate::canonical::{self, push_json_string_bytes};

/// `previous_hash` of the first entry: sixty-four zeros.
pub const GENESIS_PREVIOUS_HASH: &str =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// The `event_type` a legacy (v0.1.0) row is read with, as the Python reader does.
pub const DEFAULT_EVENT_TYPE: &str = "request";

/// One row of the `entries` table, with the column values as stored.
///
/// `event_type` and `format_version` are `None` when the row comes from a legacy
/// v0.1.0 table that has no such columns; such rows hash as format 1.
///
/// The default (id 0, empty strings, no optional column) is only a buffer to
/// read rows into (`export::jsonl::read_line`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// `entries.entry_id`: position in the chain, 1 for the genesis entry.
    pub entry_id: i64,
    /// `entries.timestamp`, `%Y-%m-%dT%H:%M:%S.%fZ` when written by Nexuscone.
    pub timestamp: String,
    /// `entries.actor`.
    pub actor: String,
    /// `entries.action`.
    pub action: String,
    /// `entries.event_type`; `None` for a legacy table without the column.
    pub event_type: Option<String>,
    /// `entries.format_version`; `None` for a legacy table without the column.
    pub format_version: Option<i64>,
    /// `entries.payload`: the canonical JSON text of the payload, as stored.
    pub payload: String,
    /// `entries.previous_hash`: the prior entry's `entry_hash` (hex).
    pub previous_hash: String,
    /// `entries.entry_hash` (hex).
    pub entry_hash: String,
    /// `entries.signature`: hex Ed25519 signature over the UTF-8 bytes of `entry_hash`.
    pub signature: Option<String>,
    /// `entries.signing_key_id`: the key the signature claims.
    pub signing_key_id: Option<String>,
    /// `entries.payload_hash` (format 3 only): hex SHA-256 of `salt || payload`, the
    /// salted commitment the entry hash covers instead of the payload.
    pub payload_hash: Option<String>,
    /// `entries.payload_salt` (format 3 only): the 32-byte salt as hex; `None` once the
    /// entry has been redacted.
    pub payload_salt: Option<String>,
}

/// The hash formula an entry is verified under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HashFormat {
    /// v0.1.0: `event_type` is not an input of the hash.
    V1,
    /// v0.2.x: `event_type` is an input of the hash.
    V2,
    /// Ours (opt-in, unknown to Python 0.2.1): as V2, but the hash covers the salted
    /// commitment `payload_hash` instead of the payload, so a payload can be erased
    /// without making the entry unverifiable (see `docs/SPEC.md`).
    V3,
}

impl Entry {
    /// The format the row declares: a missing `format_version` column means 1.
    pub fn declared_format_version(&self) -> i64 {
        self.format_version.unwrap_or(1)
    }

    /// The `event_type` the hash uses: the stored one, or `request` for legacy rows.
    pub fn effective_event_type(&self) -> &str {
        self.event_type.as_deref().unwrap_or(DEFAULT_EVENT_TYPE)
    }

    /// The formula this row hashes under, or `None` for a version Nexuscone never wrote.
    pub fn hash_format(&self) -> Option<HashFormat> {
        match self.declared_format_version() {
            1 => Some(HashFormat::V1),
            2 => Some(HashFormat::V2),
            3 => Some(HashFormat::V3),
            _ => None,
        }
    }

    /// Recomputes the entry hash from the stored fields under `format`.
    pub fn compute_hash(&self, format: HashFormat) -> EntryHash {
        hash_preimage(|preimage| self.write_hash_preimage(format, preimage))
    }

    /// [`Entry::compute_hash`], and whether the payload is in canonical form
    /// ([`canonical::is_canonical`]): under formats 1 and 2 the payload is
    /// checked as it is escaped into the hash input, in one pass.
    pub fn compute_hash_checking_payload(&self, format: HashFormat) -> (EntryHash, bool) {
        if format == HashFormat::V3 {
            let canonical = canonical::is_canonical(&self.payload);
            return (self.compute_hash(format), canonical);
        }
        let mut canonical = false;
        let hash = hash_preimage(|preimage| {
            self.write_preimage(format, preimage, |out, payload| {
                canonical = canonical::push_json_string_checking_canonical(out, payload);
            });
        });
        (hash, canonical)
    }

    /// Writes the canonical JSON (UTF-8, in fact ASCII) the entry hash is taken
    /// over. Keys appear in sorted order, exactly as `json.dumps(sort_keys=True)`
    /// emits them.
    pub fn write_hash_preimage(&self, format: HashFormat, out: &mut Vec<u8>) {
        self.write_preimage(format, out, push_json_string_bytes);
    }

    /// [`Entry::write_hash_preimage`], the payload string written by `push_payload`.
    fn write_preimage(
        &self,
        format: HashFormat,
        out: &mut Vec<u8>,
        push_payload: impl FnOnce(&mut Vec<u8>, &str),
    ) {
        use std::io::Write;
        out.extend_from_slice(b"{\"action\":");
        push_json_string_bytes(out, &self.action);
        out.extend_from_slice(b",\"actor\":");
        push_json_string_bytes(out, &self.actor);
        // Writing into a Vec cannot fail.
        let _ = write!(out, ",\"entry_id\":{}", self.entry_id);
        if format != HashFormat::V1 {
            out.extend_from_slice(b",\"event_type\":");
            push_json_string_bytes(out, self.effective_event_type());
        }
        if format == HashFormat::V3 {
            out.extend_from_slice(b",\"payload_hash\":");
            push_json_string_bytes(out, self.payload_hash.as_deref().unwrap_or(""));
        } else {
            out.extend_from_slice(b",\"payload\":");
            push_payload(out, &self.payload);
        }
        out.extend_from_slice(b",\"previous_hash\":");
        push_json_string_bytes(out, &self.previous_hash);
        out.extend_from_slice(b",\"timestamp\":");
        push_json_string_bytes(out, &self.timestamp);
        out.push(b'}');
    }
}

/// SHA-256 of what `write` puts into a buffer that each thread reuses, so that
/// hashing an entry allocates nothing.
fn hash_preimage(write: impl FnOnce(&mut Vec<u8>)) -> EntryHash {
    thread_local! {
        static PREIMAGE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    PREIMAGE.with_borrow_mut(|preimage| {
        preimage.clear();
        write(preimage);
        let hash = EntryHash(Sha256::digest(preimage.as_slice()).into());
        // Do not keep a huge payload's buffer for the life of the thread.
        if preimage.capacity() > 1 << 20 {
            *preimage = Vec::new();
        }
        hash
    })
}

/// The format-3 payload commitment: lowercase hex of `SHA-256(salt || payload)`, where
/// `payload` is the UTF-8 canonical payload string and `salt` 32 random bytes.
pub fn payload_commitment(salt: &[u8], payload: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(payload.as_bytes());
    hex::encode(hasher.finalize())
}

/// The unsalted SHA-256 hex of a payload string, as redaction markers of format-1 and
/// format-2 entries record it.
pub fn payload_digest(payload: &str) -> String {
    hex::encode(Sha256::digest(payload.as_bytes()))
}

impl AsRef<Entry> for Entry {
    fn as_ref(&self) -> &Entry {
        self
    }
}

/// A SHA-256 entry hash. Stored as lowercase hex in `entries.entry_hash`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryHash(pub [u8; 32]);

impl EntryHash {
    /// Lowercase hex, as Python's `hexdigest()` writes it.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// True when `stored` is exactly this hash's lowercase hex, the comparison
    /// Python makes (`recomputed != row["entry_hash"]`).
    pub fn matches_hex(&self, stored: &str) -> bool {
        let mut buf = [0u8; 64];
        // The buffer is exactly twice the hash length, so encoding cannot fail.
        hex::encode_to_slice(self.0, &mut buf).is_ok() && buf == stored.as_bytes()
    }

    /// Parses 64 hex characters (either case).
    pub fn from_hex(text: &str) -> Option<EntryHash> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(text, &mut out).ok()?;
        Some(EntryHash(out))
    }
}

impl std::fmt::Debug for EntryHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EntryHash({})", self.to_hex())
    }
}

/// True when `text` is 64 lowercase hex characters, the form Nexuscone writes.
pub fn is_lower_hex64(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

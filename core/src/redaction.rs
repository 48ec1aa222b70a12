//! Redaction: erasing an entry's payload while keeping the ledger verifiable.
//!
//! Redacting entry E replaces its stored payload with the canonical JSON of a
//! [`Marker`] and appends a redaction entry (actor `ledger`, action `redact`,
//! event_type `redaction`) whose payload is a [`Record`]. E keeps its `entry_hash` and
//! signature, so the link, the signature and every Merkle proof still verify.
//!
//! * Formats 1 and 2 hash the payload string itself, so E's header fields can no
//!   longer be recomputed: the verifier says so (status `redacted`, and a limit). The
//!   marker records the unsalted SHA-256 of the original payload, which for a
//!   low-entropy payload can be brute-forced: these formats cannot truly erase.
//! * Format 3 hashes a salted commitment (`payload_hash`) instead. Redaction deletes
//!   the payload and the salt and keeps `payload_hash`, so E stays fully verifiable;
//!   the marker's `original_payload_hash` is that salted commitment.
//!
//! What this module is NOT: it does not write databases; it computes the rows.

use crate::canonical::{parse, to_canonical, JsonString, Value};
use crate::entry::{payload_commitment, payload_digest, Entry, HashFormat};
use crate::writer::{ChainWriter, NewEntry, WriteFormat};

/// The actor of a redaction entry.
pub const REDACTION_ACTOR: &str = "ledger";
/// The action of a redaction entry.
pub const REDACTION_ACTION: &str = "redact";
/// The event type of a redaction entry.
pub const REDACTION_EVENT_TYPE: &str = "redaction";

/// What replaces a redacted entry's payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// Formats 1/2: SHA-256 hex of the original payload string. Format 3: the entry's
    /// `payload_hash` (the salted commitment).
    pub original_payload_hash: String,
    /// When it was redacted: the redaction entry's timestamp.
    pub redacted_at: String,
    /// Who redacted it.
    pub redacted_by: String,
    /// Why.
    pub reason: String,
}

/// The payload of a redaction entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The redacted entry.
    pub entry_id: i64,
    /// Its `entry_hash`.
    pub original_entry_hash: String,
    /// As in its marker.
    pub original_payload_hash: String,
    /// As in its marker.
    pub reason: String,
    /// As in its marker.
    pub redacted_by: String,
}

/// An object of `members`, in any order: it is printed canonically, which sorts.
fn object(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (JsonString::from(k), v))
            .collect(),
    )
}

fn members(text: &str) -> Option<Vec<(String, Value)>> {
    match parse(text.as_bytes()).ok()? {
        Value::Object(members) => members
            .into_iter()
            .map(|(k, v)| Some((k.as_str()?.to_owned(), v)))
            .collect(),
        _ => None,
    }
}

fn string_of(members: &[(String, Value)], name: &str) -> Option<String> {
    members
        .iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| match v {
            Value::String(s) => s.as_str().map(str::to_owned),
            _ => None,
        })
}

impl Marker {
    /// The canonical JSON stored as the redacted entry's payload.
    pub fn to_payload(&self) -> String {
        to_canonical(&object(vec![
            ("redacted", true.into()),
            (
                "original_payload_hash",
                self.original_payload_hash.as_str().into(),
            ),
            ("redacted_at", self.redacted_at.as_str().into()),
            ("redacted_by", self.redacted_by.as_str().into()),
            ("reason", self.reason.as_str().into()),
        ]))
    }

    /// Reads a marker: exactly the five members, `redacted` true, the rest strings, in
    /// canonical form.
    pub fn parse(payload: &str) -> Option<Marker> {
        let members = members(payload)?;
        if members.len() != 5
            || !members
                .iter()
                .any(|(k, v)| k == "redacted" && *v == Value::Bool(true))
        {
            return None;
        }
        let marker = Marker {
            original_payload_hash: string_of(&members, "original_payload_hash")?,
            redacted_at: string_of(&members, "redacted_at")?,
            redacted_by: string_of(&members, "redacted_by")?,
            reason: string_of(&members, "reason")?,
        };
        (marker.to_payload() == payload).then_some(marker)
    }
}

impl Record {
    /// The canonical JSON payload of the redaction entry.
    pub fn to_payload(&self) -> String {
        to_canonical(&object(vec![
            ("entry_id", self.entry_id.into()),
            (
                "original_entry_hash",
                self.original_entry_hash.as_str().into(),
            ),
            (
                "original_payload_hash",
                self.original_payload_hash.as_str().into(),
            ),
            ("reason", self.reason.as_str().into()),
            ("redacted_by", self.redacted_by.as_str().into()),
        ]))
    }

    /// Reads a redaction entry's payload, or `None` when it is not one.
    pub fn parse(payload: &str) -> Option<Record> {
        let members = members(payload)?;
        if members.len() != 5 {
            return None;
        }
        let entry_id =
            members
                .iter()
                .find(|(k, _)| k == "entry_id")
                .and_then(|(_, v)| match v {
                    Value::Number(crate::canonical::Number::Int(i)) => i.as_i64(),
                    _ => None,
                })?;
        Some(Record {
            entry_id,
            original_entry_hash: string_of(&members, "original_entry_hash")?,
            original_payload_hash: string_of(&members, "original_payload_hash")?,
            reason: string_of(&members, "reason")?,
            redacted_by: string_of(&members, "redacted_by")?,
        })
    }
}

/// True when `entry` is a redaction entry (by actor, action and event type).
pub fn is_redaction_entry(entry: &Entry) -> bool {
    entry.actor == REDACTION_ACTOR
        && entry.action == REDACTION_ACTION
        && entry.event_type.as_deref() == Some(REDACTION_EVENT_TYPE)
}

/// A format-3 entry whose payload agrees with its salted commitment `payload_hash`
/// (`docs/SPEC.md` §4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Commitment {
    /// `payload_hash` is SHA-256(`payload_salt` || payload).
    Opened,
    /// The salt was erased and the payload is a marker recording `payload_hash`
    /// (`docs/SPEC.md` §3).
    Redacted(Marker),
}

/// Why a format-3 payload does not agree with its commitment (finding kind
/// `payload_commitment`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CommitmentError {
    /// The salt opens another payload than the stored one.
    #[error("entry {entry_id} payload_hash {commitment} is not SHA-256(payload_salt || payload): the payload was changed")]
    PayloadChanged {
        /// The entry.
        entry_id: i64,
        /// Its stored `payload_hash`.
        commitment: String,
    },
    /// The salt is not 32 bytes of hex.
    #[error("entry {entry_id} payload_salt is not 64 hex characters (32 bytes)")]
    MalformedSalt {
        /// The entry.
        entry_id: i64,
    },
    /// The salt is erased and the marker records another commitment.
    #[error("entry {entry_id} redaction marker names payload hash {named}, but the entry commits to {commitment}")]
    MarkerMismatch {
        /// The entry.
        entry_id: i64,
        /// The marker's `original_payload_hash`.
        named: String,
        /// The entry's stored `payload_hash`.
        commitment: String,
    },
    /// The salt is erased and the payload is no marker.
    #[error("entry {entry_id} has format 3 but no payload_salt, and its payload is not a redaction marker")]
    NoSaltNoMarker {
        /// The entry.
        entry_id: i64,
    },
}

/// Checks a format-3 entry's payload against its salted commitment: the salt must
/// open it, or (salt erased) the payload must be a marker recording it.
///
/// # Errors
/// A [`CommitmentError`] saying which of the two failed, and how.
pub fn check_commitment(entry: &Entry) -> Result<Commitment, CommitmentError> {
    let entry_id = entry.entry_id;
    let commitment = entry.payload_hash.as_deref().unwrap_or_default();
    let Some(salt) = entry.payload_salt.as_deref() else {
        return match Marker::parse(&entry.payload) {
            Some(marker) if marker.original_payload_hash == commitment => {
                Ok(Commitment::Redacted(marker))
            }
            Some(marker) => Err(CommitmentError::MarkerMismatch {
                entry_id,
                named: marker.original_payload_hash,
                commitment: commitment.to_owned(),
            }),
            None => Err(CommitmentError::NoSaltNoMarker { entry_id }),
        };
    };
    match hex::decode(salt) {
        Ok(salt) if salt.len() == 32 => {
            if payload_commitment(&salt, &entry.payload) == commitment {
                Ok(Commitment::Opened)
            } else {
                Err(CommitmentError::PayloadChanged {
                    entry_id,
                    commitment: commitment.to_owned(),
                })
            }
        }
        _ => Err(CommitmentError::MalformedSalt { entry_id }),
    }
}

/// Redacts `entry` in place: its payload becomes the marker (and a format-3 entry
/// loses its salt). Returns the record for the redaction entry to append, whose
/// timestamp must be `redacted_at`.
pub fn redact(entry: &mut Entry, reason: &str, redacted_by: &str, redacted_at: &str) -> Record {
    let original_payload_hash = match (entry.hash_format(), &entry.payload_hash) {
        (Some(HashFormat::V3), Some(commitment)) => commitment.clone(),
        _ => payload_digest(&entry.payload),
    };
    let marker = Marker {
        original_payload_hash: original_payload_hash.clone(),
        redacted_at: redacted_at.to_owned(),
        redacted_by: redacted_by.to_owned(),
        reason: reason.to_owned(),
    };
    entry.payload = marker.to_payload();
    entry.payload_salt = None;
    Record {
        entry_id: entry.entry_id,
        original_entry_hash: entry.entry_hash.clone(),
        original_payload_hash,
        reason: reason.to_owned(),
        redacted_by: redacted_by.to_owned(),
    }
}

/// The two rows one redaction writes: the entry with its payload replaced by the
/// marker, and the redaction entry to append after the ledger's head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redaction {
    /// The redacted entry, to store in place of the original row.
    pub redacted: Entry,
    /// The redaction entry (unsigned, format 2), to append.
    pub redaction_entry: Entry,
}

/// Why an entry cannot be redacted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedactError {
    /// Its payload already is a redaction marker.
    #[error("entry {0} is already redacted")]
    AlreadyRedacted(i64),
}

/// Redacts `target` of a ledger whose newest entry is `head` (`entry_id`,
/// `entry_hash`): the marker replaces its payload and a redaction entry timestamped
/// `redacted_at` records it, linked after the head.
///
/// # Errors
/// [`RedactError::AlreadyRedacted`] when `target` already carries a marker.
pub fn redact_in_ledger(
    target: &Entry,
    head: (i64, &str),
    reason: &str,
    redacted_by: &str,
    redacted_at: &str,
) -> Result<Redaction, RedactError> {
    if Marker::parse(&target.payload).is_some() {
        return Err(RedactError::AlreadyRedacted(target.entry_id));
    }
    let mut redacted = target.clone();
    let record = redact(&mut redacted, reason, redacted_by, redacted_at);
    let redaction_entry = ChainWriter::after(head.0, head.1).append_canonical(
        &NewEntry {
            timestamp: redacted_at,
            actor: REDACTION_ACTOR,
            action: REDACTION_ACTION,
            event_type: REDACTION_EVENT_TYPE,
            payload_json: b"",
            format: WriteFormat::V2,
        },
        record.to_payload(),
        None,
    );
    Ok(Redaction {
        redacted,
        redaction_entry,
    })
}

/// Matches redacted entries with their later redaction entries while streaming.
/// Memory: the redacted entries not yet matched (bounded by the number of redactions).
#[derive(Clone, Debug, Default)]
pub struct RedactionTracker {
    pending: std::collections::BTreeMap<i64, (String, Marker)>,
}

impl RedactionTracker {
    /// Notes redacted entry `entry_id`, stored with `entry_hash`, whose payload is
    /// `marker`.
    pub fn redacted(&mut self, entry_id: i64, entry_hash: &str, marker: Marker) {
        self.pending
            .insert(entry_id, (entry_hash.to_owned(), marker));
    }

    /// Checks a redaction entry against the redacted entry it names. Returns the
    /// problems found, as sentences.
    pub fn redaction_entry(&mut self, entry: &Entry) -> Vec<String> {
        let id = entry.entry_id;
        let Some(record) = Record::parse(&entry.payload) else {
            return vec![format!(
                "entry {id} is a redaction entry, but its payload is not a redaction record {{entry_id, original_entry_hash, original_payload_hash, reason, redacted_by}}"
            )];
        };
        let target = record.entry_id;
        let Some((entry_hash, marker)) = self.pending.remove(&target) else {
            return vec![format!(
                "redaction entry {id} records the redaction of entry {target}, but no earlier entry {target} is redacted (or it was already matched)"
            )];
        };
        let mut problems = Vec::new();
        let mut differ = |field: &str, marker_value: &str, record_value: &str| {
            if marker_value != record_value {
                problems.push(format!(
                    "entry {target} redaction marker {field} is {marker_value:?}, but redaction entry {id} records {record_value:?}"
                ));
            }
        };
        differ("entry_hash", &entry_hash, &record.original_entry_hash);
        differ(
            "original_payload_hash",
            &marker.original_payload_hash,
            &record.original_payload_hash,
        );
        differ("reason", &marker.reason, &record.reason);
        differ("redacted_by", &marker.redacted_by, &record.redacted_by);
        differ("redacted_at", &marker.redacted_at, &entry.timestamp);
        problems
    }

    /// Redacted entries no redaction entry matched, with a sentence each.
    pub fn finish(self) -> Vec<(i64, String)> {
        self.pending
            .into_keys()
            .map(|id| {
                (
                    id,
                    format!(
                        "entry {id} carries a redaction marker, but no later redaction entry records its redaction: its payload was replaced without trace"
                    ),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::{ChainVerifier, VerifyOptions};

    fn ledger(n: usize) -> Vec<Entry> {
        let mut writer = ChainWriter::new();
        (0..n)
            .map(|i| {
                let payload = format!("{{\"n\":{i}}}");
                writer
                    .append(
                        &NewEntry {
                            timestamp: "2024-05-01T12:00:00.000000Z",
                            actor: "alice",
                            action: "write",
                            event_type: "request",
                            payload_json: payload.as_bytes(),
                            format: WriteFormat::V2,
                        },
                        None,
                    )
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn redact_in_ledger_gives_rows_that_verify_as_redacted() {
        let mut entries = ledger(3);
        let head = entries[2].clone();
        let done = redact_in_ledger(
            &entries[1],
            (head.entry_id, &head.entry_hash),
            "gdpr",
            "dpo",
            "2024-06-01T00:00:00.000000Z",
        )
        .unwrap();
        assert_eq!(done.redacted.entry_hash, entries[1].entry_hash);
        assert_eq!(done.redaction_entry.entry_id, 4);
        assert_eq!(done.redaction_entry.previous_hash, head.entry_hash);
        entries[1] = done.redacted.clone();
        entries.push(done.redaction_entry);
        let mut verifier = ChainVerifier::new(VerifyOptions::default());
        for entry in &entries {
            verifier.push(entry);
        }
        let report = verifier.finish();
        assert!(report.valid, "{:?}", report.failures);
        assert_eq!(report.statuses.redacted, 1);
        assert_eq!(
            redact_in_ledger(&done.redacted, (4, &entries[3].entry_hash), "x", "y", "z"),
            Err(RedactError::AlreadyRedacted(2))
        );
    }
}

//! Reading and writing the disclosure document, strictly: canonical JSON plus one
//! newline, exact member sets, lowercase fixed-length hex, every error located
//! (`entries[2].entry_hash`, `proofs[1].path[3]`).

use std::collections::BTreeMap;

use crate::canonical::{parse, to_canonical, JsonString, Number, ParseError, Value};
use crate::checkpoint::Checkpoint;
use crate::entry::Entry;
use crate::merkle::NodeHash;
use crate::note::Note;
use crate::redaction::Marker;

use super::{DisclosedEntry, Disclosure, EntryProof, OlderCheckpoint, Withheld};

/// The value of the document's `format` member.
pub const FORMAT: &str = "nexuscone-disclosure";
/// The version this crate reads and writes.
pub const VERSION: i64 = 1;

/// Why a disclosure document could not be read. A document that reads but does not
/// verify is not an error: see [`super::DisclosureReport`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DisclosureError {
    /// Not JSON as Python's `json.loads` accepts it.
    #[error("disclosure: invalid JSON: {0}")]
    Json(ParseError),
    /// JSON, but not the canonical form of its own value followed by one newline.
    #[error("disclosure: byte {offset}: the document must be the canonical JSON of its value followed by one newline, and differs from it here")]
    NotCanonical {
        /// The first byte offset that differs from the canonical form.
        offset: usize,
    },
    /// A member is missing, unknown, or has the wrong type or form.
    #[error("{location}: {message}")]
    Field {
        /// Where: `entries[2].entry_hash`, `proofs[1].path[3]`.
        location: String,
        /// What was expected and what was found.
        message: String,
    },
}

fn field(location: &str, message: impl Into<String>) -> DisclosureError {
    DisclosureError::Field {
        location: location.to_owned(),
        message: message.into(),
    }
}

/// An object's members, checked against an exact member set.
struct Members<'a> {
    members: BTreeMap<&'a str, &'a Value>,
    location: String,
}

impl<'a> Members<'a> {
    fn of(
        value: &'a Value,
        location: &str,
        required: &[&str],
        optional: &[&str],
    ) -> Result<Members<'a>, DisclosureError> {
        let shown = if location.is_empty() {
            "disclosure"
        } else {
            location
        };
        let Value::Object(list) = value else {
            return Err(field(
                shown,
                format!("expected an object, found {}", value.kind_name()),
            ));
        };
        let mut members = BTreeMap::new();
        for (key, value) in list {
            let name = key
                .as_str()
                .filter(|k| required.contains(k) || optional.contains(k))
                .ok_or_else(|| {
                    field(
                        shown,
                        format!(
                            "unknown member {key:?}; expected exactly {}",
                            required.join(", ")
                        ),
                    )
                })?;
            members.insert(name, value);
        }
        if let Some(missing) = required.iter().find(|r| !members.contains_key(*r)) {
            return Err(field(&join(location, missing), "missing"));
        }
        Ok(Members {
            members,
            location: location.to_owned(),
        })
    }

    fn at(&self, name: &str) -> String {
        join(&self.location, name)
    }

    fn has(&self, name: &str) -> bool {
        self.members.contains_key(name)
    }

    fn value(&self, name: &str) -> Result<&'a Value, DisclosureError> {
        self.members
            .get(name)
            .copied()
            .ok_or_else(|| field(&self.at(name), "missing"))
    }

    fn string(&self, name: &str) -> Result<String, DisclosureError> {
        string(self.value(name)?, &self.at(name))
    }

    fn opt_string(&self, name: &str) -> Result<Option<String>, DisclosureError> {
        match self.value(name)? {
            Value::Null => Ok(None),
            other => string(other, &self.at(name)).map(Some),
        }
    }

    fn hex(&self, name: &str, bytes: usize) -> Result<String, DisclosureError> {
        let text = self.string(name)?;
        check_hex(&text, bytes, &self.at(name))?;
        Ok(text)
    }

    fn int(&self, name: &str, min: i64) -> Result<i64, DisclosureError> {
        let location = self.at(name);
        match self.value(name)? {
            Value::Number(Number::Int(i)) => i
                .as_i64()
                .filter(|&i| i >= min)
                .ok_or_else(|| field(&location, format!("expected an integer >= {min}"))),
            other => Err(field(
                &location,
                format!("expected an integer, found {}", other.kind_name()),
            )),
        }
    }

    fn path(&self, name: &str) -> Result<Vec<NodeHash>, DisclosureError> {
        let location = self.at(name);
        let Value::Array(items) = self.value(name)? else {
            return Err(field(
                &location,
                "expected an array of 64-character hex hashes",
            ));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let at = format!("{location}[{i}]");
                let text = string(item, &at)?;
                check_hex(&text, 32, &at)?;
                let mut bytes = [0u8; 32];
                hex::decode_to_slice(&text, &mut bytes).map_err(|e| field(&at, e.to_string()))?;
                Ok(NodeHash::from_bytes(bytes))
            })
            .collect()
    }
}

fn join(location: &str, name: &str) -> String {
    if location.is_empty() {
        name.to_owned()
    } else {
        format!("{location}.{name}")
    }
}

fn string(value: &Value, location: &str) -> Result<String, DisclosureError> {
    match value {
        Value::String(s) => s
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| field(location, "contains a lone surrogate")),
        other => Err(field(
            location,
            format!("expected a string, found {}", other.kind_name()),
        )),
    }
}

fn check_hex(text: &str, bytes: usize, location: &str) -> Result<(), DisclosureError> {
    let lower_hex = text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if text.len() != 2 * bytes || !lower_hex {
        return Err(field(
            location,
            format!(
                "expected {} lowercase hex characters, found {:?}",
                2 * bytes,
                text.chars().take(80).collect::<String>()
            ),
        ));
    }
    Ok(())
}

/// A signed note whose form (not signature) is checked, holding a checkpoint.
fn note(text: &str, location: &str) -> Result<(), DisclosureError> {
    let parsed = Note::parse(text.as_bytes()).map_err(|e| field(location, e.to_string()))?;
    Checkpoint::from_text(parsed.text()).map_err(|e| field(location, e.to_string()))?;
    Ok(())
}

const LEGACY_COLUMNS: [&str; 9] = [
    "action",
    "actor",
    "entry_hash",
    "entry_id",
    "payload",
    "previous_hash",
    "signature",
    "signing_key_id",
    "timestamp",
];
const WITHHELD_COLUMNS: [&str; 5] = [
    "entry_hash",
    "entry_id",
    "payload",
    "signature",
    "signing_key_id",
];

fn entry(value: &Value, location: &str) -> Result<DisclosedEntry, DisclosureError> {
    let withheld = matches!(value, Value::Object(m) if !m.iter().any(|(k, _)| k.as_str() == Some("timestamp")));
    if withheld {
        let m = Members::of(value, location, &WITHHELD_COLUMNS, &[])?;
        let row = Withheld {
            entry_id: m.int("entry_id", 1)?,
            entry_hash: m.hex("entry_hash", 32)?,
            payload: m.string("payload")?,
            signature: signature(&m)?,
            signing_key_id: m.opt_string("signing_key_id")?,
        };
        if Marker::parse(&row.payload).is_none() {
            return Err(field(
                &m.at("payload"),
                "a row without header fields is a redacted format-1/2 entry, and its payload must be a redaction marker",
            ));
        }
        check_signer(&m, row.signature.is_some(), row.signing_key_id.is_some())?;
        return Ok(DisclosedEntry::Withheld(row));
    }
    let m = Members::of(
        value,
        location,
        &LEGACY_COLUMNS,
        &[
            "event_type",
            "format_version",
            "payload_hash",
            "payload_salt",
        ],
    )?;
    if m.has("event_type") != m.has("format_version") {
        return Err(field(
            location,
            "event_type and format_version come together (v0.2 rows) or not at all (v0.1.0 rows)",
        ));
    }
    let format_version = if m.has("format_version") {
        let v = m.int("format_version", 1)?;
        if v > 3 {
            return Err(field(
                &m.at("format_version"),
                format!("expected 1, 2 or 3, found {v}"),
            ));
        }
        Some(v)
    } else {
        None
    };
    let v3 = format_version == Some(3);
    if v3 && !m.has("payload_hash") {
        return Err(field(&m.at("payload_hash"), "missing (format 3)"));
    }
    for name in ["payload_hash", "payload_salt"] {
        if !v3 && m.has(name) {
            return Err(field(&m.at(name), "only format-3 rows have this column"));
        }
    }
    let entry = Entry {
        entry_id: m.int("entry_id", 1)?,
        timestamp: m.string("timestamp")?,
        actor: m.string("actor")?,
        action: m.string("action")?,
        event_type: if m.has("event_type") {
            Some(m.string("event_type")?)
        } else {
            None
        },
        format_version,
        payload: m.string("payload")?,
        previous_hash: m.hex("previous_hash", 32)?,
        entry_hash: m.hex("entry_hash", 32)?,
        signature: signature(&m)?,
        signing_key_id: m.opt_string("signing_key_id")?,
        payload_hash: if m.has("payload_hash") {
            Some(m.hex("payload_hash", 32)?)
        } else {
            None
        },
        payload_salt: if m.has("payload_salt") {
            Some(m.hex("payload_salt", 32)?)
        } else {
            None
        },
    };
    check_signer(
        &m,
        entry.signature.is_some(),
        entry.signing_key_id.is_some(),
    )?;
    Ok(DisclosedEntry::Full(entry))
}

fn signature(m: &Members<'_>) -> Result<Option<String>, DisclosureError> {
    let sig = m.opt_string("signature")?;
    if let Some(sig) = &sig {
        check_hex(sig, 64, &m.at("signature"))?;
    }
    Ok(sig)
}

fn check_signer(m: &Members<'_>, signed: bool, key_id: bool) -> Result<(), DisclosureError> {
    match (signed, key_id) {
        (true, false) => Err(field(
            &m.at("signing_key_id"),
            "a signed entry must name its signing key",
        )),
        (false, true) => Err(field(
            &m.at("signing_key_id"),
            "an unsigned entry must have signing_key_id null: nothing covers that column",
        )),
        _ => Ok(()),
    }
}

impl Disclosure {
    /// Reads a disclosure document strictly. Signatures, hashes and proofs are not
    /// checked here: see [`Disclosure::verify`].
    ///
    /// # Errors
    /// A [`DisclosureError`] naming the member (`entries[2].entry_hash`) or byte offset.
    pub fn parse(text: &[u8]) -> Result<Disclosure, DisclosureError> {
        let value = parse(text).map_err(DisclosureError::Json)?;
        let mut canonical = to_canonical(&value);
        canonical.push('\n');
        if canonical.as_bytes() != text {
            let offset = canonical
                .bytes()
                .zip(text.iter())
                .position(|(a, &b)| a != b)
                .unwrap_or(canonical.len().min(text.len()));
            return Err(DisclosureError::NotCanonical { offset });
        }
        let top = Members::of(
            &value,
            "",
            &[
                "checkpoint",
                "consistency",
                "entries",
                "format",
                "proofs",
                "public_keys",
                "version",
            ],
            &[],
        )?;
        if top.string("format")? != FORMAT {
            return Err(field(
                "format",
                format!("expected {FORMAT:?}: this is not a Nexuscone disclosure bundle"),
            ));
        }
        let version = top.int("version", 0)?;
        if version != VERSION {
            return Err(field(
                "version",
                format!("expected {VERSION}, found {version}"),
            ));
        }
        let checkpoint = top.string("checkpoint")?;
        note(&checkpoint, "checkpoint")?;

        let Value::Array(rows) = top.value("entries")? else {
            return Err(field("entries", "expected an array"));
        };
        if rows.is_empty() {
            return Err(field(
                "entries",
                "a disclosure discloses at least one entry",
            ));
        }
        let mut entries: Vec<DisclosedEntry> = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let location = format!("entries[{i}]");
            let row = entry(row, &location)?;
            if let Some(prev) = entries.last() {
                if row.entry_id() <= prev.entry_id() {
                    return Err(field(
                        &format!("{location}.entry_id"),
                        format!(
                            "entries must be in strictly increasing entry_id order, but {} follows {}",
                            row.entry_id(),
                            prev.entry_id()
                        ),
                    ));
                }
            }
            entries.push(row);
        }

        let Value::Array(items) = top.value("proofs")? else {
            return Err(field("proofs", "expected an array"));
        };
        if items.len() != entries.len() {
            return Err(field(
                "proofs",
                format!(
                    "expected one inclusion proof per entry ({}), found {}",
                    entries.len(),
                    items.len()
                ),
            ));
        }
        let mut proofs = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let m = Members::of(item, &format!("proofs[{i}]"), &["leaf_index", "path"], &[])?;
            proofs.push(EntryProof {
                leaf_index: m.int("leaf_index", 0)? as u64,
                path: m.path("path")?,
            });
        }

        let Value::Array(items) = top.value("consistency")? else {
            return Err(field("consistency", "expected an array"));
        };
        let mut consistency = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let m = Members::of(
                item,
                &format!("consistency[{i}]"),
                &["older_checkpoint", "path"],
                &[],
            )?;
            let older = m.string("older_checkpoint")?;
            note(&older, &m.at("older_checkpoint"))?;
            consistency.push(OlderCheckpoint {
                checkpoint: older,
                path: m.path("path")?,
            });
        }

        let Value::Object(keys) = top.value("public_keys")? else {
            return Err(field(
                "public_keys",
                "expected an object of key id to hex public key",
            ));
        };
        let used: Vec<&str> = entries
            .iter()
            .filter_map(|e| match e.signature() {
                (Some(_), key_id) => key_id,
                _ => None,
            })
            .collect();
        let mut public_keys = BTreeMap::new();
        for (key_id, key) in keys {
            let location = format!("public_keys.{}", key_id.as_str().unwrap_or("?"));
            let key_id = key_id
                .as_str()
                .ok_or_else(|| field(&location, "key id contains a lone surrogate"))?;
            if !used.contains(&key_id) {
                return Err(field(
                    &location,
                    "no disclosed entry is signed with this key; a disclosure carries only the keys of its signatures",
                ));
            }
            let key = string(key, &location)?;
            check_hex(&key, 32, &location)?;
            if crate::signature::parse_public_key(&key).is_err() {
                return Err(field(&location, "not a valid Ed25519 public key"));
            }
            public_keys.insert(key_id.to_owned(), key);
        }

        Ok(Disclosure {
            checkpoint,
            entries,
            proofs,
            consistency,
            public_keys,
        })
    }

    /// The document: canonical JSON followed by one newline.
    pub fn to_canonical(&self) -> String {
        let path = |p: &[NodeHash]| Value::Array(p.iter().map(|h| h.to_hex().into()).collect());
        let members: Vec<(JsonString, Value)> = vec![
            ("checkpoint".into(), self.checkpoint.as_str().into()),
            (
                "consistency".into(),
                Value::Array(
                    self.consistency
                        .iter()
                        .map(|c| {
                            Value::Object(vec![
                                ("older_checkpoint".into(), c.checkpoint.as_str().into()),
                                ("path".into(), path(&c.path)),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "entries".into(),
                Value::Array(self.entries.iter().map(entry_value).collect()),
            ),
            ("format".into(), FORMAT.into()),
            (
                "proofs".into(),
                Value::Array(
                    self.proofs
                        .iter()
                        .map(|p| {
                            Value::Object(vec![
                                ("leaf_index".into(), p.leaf_index.into()),
                                ("path".into(), path(&p.path)),
                            ])
                        })
                        .collect(),
                ),
            ),
            ("public_keys".into(), (&self.public_keys).into()),
            ("version".into(), VERSION.into()),
        ];
        let mut text = to_canonical(&Value::Object(members));
        text.push('\n');
        text
    }
}

fn entry_value(row: &DisclosedEntry) -> Value {
    match row {
        DisclosedEntry::Full(entry) => crate::export::entry_to_value(entry),
        DisclosedEntry::Withheld(w) => {
            let opt = |v: &Option<String>| v.as_deref().map_or(Value::Null, Value::from);
            Value::Object(vec![
                ("entry_hash".into(), w.entry_hash.as_str().into()),
                ("entry_id".into(), w.entry_id.into()),
                ("payload".into(), w.payload.as_str().into()),
                ("signature".into(), opt(&w.signature)),
                ("signing_key_id".into(), opt(&w.signing_key_id)),
            ])
        }
    }
}

//! Reading typed rows (entries, witnesses, attestations) out of parsed JSON objects,
//! and writing entries back as the objects the exports hold.

use crate::canonical::{to_canonical, JsonString, Number, Value};
use crate::entry::Entry;
use crate::mistyped::Mistyped;
use crate::witness::{Witness, WitnessAttestation};

use super::ReadError;

/// An entry read from an export, with how its payload arrived.
///
/// The default is an empty row to read lines into ([`super::jsonl::read_line`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// The entry, payload as the stored string.
    pub entry: Entry,
    /// True when the export held the payload as a JSON value rather than the stored
    /// string, and the reader canonicalised it.
    pub payload_canonicalised: bool,
    /// The columns that hold a value of another type ([`crate::mistyped`]); the
    /// entry holds them as text.
    pub mistyped: Vec<Mistyped>,
}

impl AsRef<Entry> for Row {
    fn as_ref(&self) -> &Entry {
        &self.entry
    }
}

/// Typed access to the members of one JSON object, with errors that say where.
pub(super) struct Fields<'a> {
    members: &'a [(JsonString, Value)],
    location: &'a str,
}

impl<'a> Fields<'a> {
    pub(super) fn of(value: &'a Value, location: &'a str) -> Result<Fields<'a>, ReadError> {
        match value {
            Value::Object(members) => Ok(Fields { members, location }),
            other => Err(ReadError::Field {
                location: location.to_owned(),
                message: format!("expected a JSON object, found {}", other.kind_name()),
            }),
        }
    }

    pub(super) fn get(&self, name: &str) -> Option<&'a Value> {
        self.members
            .iter()
            .rev()
            // Byte comparison: a member name is UTF-8, so equal bytes are the equal
            // string, and no key is re-validated per lookup.
            .find(|(key, _)| key.as_wtf8_bytes() == name.as_bytes())
            .map(|(_, value)| value)
    }

    pub(super) fn error(&self, name: &str, message: String) -> ReadError {
        ReadError::Field {
            location: format!("{}, field {name}", self.location),
            message,
        }
    }

    fn required(&self, name: &str) -> Result<&'a Value, ReadError> {
        self.get(name)
            .ok_or_else(|| self.error(name, "missing".to_owned()))
    }

    pub(super) fn int(&self, name: &str) -> Result<i64, ReadError> {
        let value = self.required(name)?;
        int_of(value)
            .map_err(|found| self.error(name, format!("expected an integer, found {found}")))
    }

    /// The entry row. A member of another type is [`Mistyped`], not an error: only a
    /// row with no `entry_id` (absent or null) or without a required member is.
    pub(super) fn entry(&self) -> Result<Row, ReadError> {
        let mut typed = Typed::default();
        let entry_id = match self.required("entry_id")? {
            Value::Null => {
                return Err(self.error(
                    "entry_id",
                    "null: a row without an entry_id cannot be placed in the chain".to_owned(),
                ))
            }
            value => typed.int("entry_id", value).unwrap_or(0),
        };
        let (payload, payload_canonicalised) = match self.required("payload")? {
            Value::String(_) => (typed.string("payload", self.required("payload")?), false),
            value => (to_canonical(value), true),
        };
        let entry = Entry {
            entry_id,
            timestamp: typed.string("timestamp", self.required("timestamp")?),
            actor: typed.string("actor", self.required("actor")?),
            action: typed.string("action", self.required("action")?),
            event_type: self
                .get("event_type")
                .map(|v| typed.string("event_type", v)),
            format_version: self
                .get("format_version")
                .and_then(|v| typed.int("format_version", v)),
            payload,
            previous_hash: typed.string("previous_hash", self.required("previous_hash")?),
            entry_hash: typed.string("entry_hash", self.required("entry_hash")?),
            signature: typed.opt_string("signature", self.get("signature")),
            signing_key_id: typed.opt_string("signing_key_id", self.get("signing_key_id")),
            payload_hash: typed.opt_string("payload_hash", self.get("payload_hash")),
            payload_salt: typed.opt_string("payload_salt", self.get("payload_salt")),
        };
        Ok(Row {
            entry,
            payload_canonicalised,
            mistyped: typed.0,
        })
    }

    /// A `witnesses` row. A member of another type is [`Mistyped`], not an error;
    /// a missing member is.
    pub(super) fn witness(&self) -> Result<Witness, ReadError> {
        let mut typed = Typed::default();
        let mut witness = Witness {
            witness_id: typed.int_or_zero("witness_id", self.required("witness_id")?),
            label: typed.string("label", self.required("label")?),
            public_key_hex: typed.string("public_key_hex", self.required("public_key_hex")?),
            role: typed.string("role", self.required("role")?),
            created_at: typed.string("created_at", self.required("created_at")?),
            retired_at: typed.opt_string("retired_at", self.get("retired_at")),
            mistyped: Vec::new(),
        };
        witness.mistyped = typed.0;
        Ok(witness)
    }

    /// A `witness_attestations` row. A member of another type is [`Mistyped`], not
    /// an error; a missing member is.
    pub(super) fn attestation(&self) -> Result<WitnessAttestation, ReadError> {
        let mut typed = Typed::default();
        let mut int = |name: &'static str| Ok(typed.int_or_zero(name, self.required(name)?));
        let (attestation_id, witness_id, chain_head_entry_id) = (
            int("attestation_id")?,
            int("witness_id")?,
            int("chain_head_entry_id")?,
        );
        let mut string =
            |name: &'static str| Ok::<_, ReadError>(typed.string(name, self.required(name)?));
        let mut attestation = WitnessAttestation {
            attestation_id,
            witness_id,
            chain_head_entry_id,
            chain_head_hash: string("chain_head_hash")?,
            signed_at: string("signed_at")?,
            prev_attestation_hash: string("prev_attestation_hash")?,
            attestation_hash: string("attestation_hash")?,
            signature_hex: string("signature_hex")?,
            mistyped: Vec::new(),
        };
        attestation.mistyped = typed.0;
        Ok(attestation)
    }
}

/// An integer that fits in 64 bits, or what the value is instead.
fn int_of(value: &Value) -> Result<i64, &'static str> {
    match value {
        Value::Number(Number::Int(i)) => i.as_i64().ok_or("an integer beyond 64 bits"),
        other => Err(other.kind_name()),
    }
}

/// A string (without lone surrogates, which no SQLite TEXT column can hold), or
/// what the value is instead.
fn string_of(value: &Value) -> Result<String, &'static str> {
    match value {
        Value::String(s) => s
            .as_str()
            .map(str::to_owned)
            .ok_or("a string with a lone surrogate"),
        other => Err(other.kind_name()),
    }
}

/// The members of one entry row read so far that hold another type.
#[derive(Default)]
struct Typed(Vec<Mistyped>);

impl Typed {
    fn note(&mut self, field: &'static str, expected: &'static str, found: &str) {
        let found = found.to_owned();
        self.0.push(Mistyped {
            field,
            expected,
            found,
        });
    }

    fn int(&mut self, field: &'static str, value: &Value) -> Option<i64> {
        int_of(value)
            .map_err(|found| self.note(field, "an integer", found))
            .ok()
    }

    /// [`Typed::int`] of a column that must hold one, 0 in place of another type.
    fn int_or_zero(&mut self, field: &'static str, value: &Value) -> i64 {
        self.int(field, value).unwrap_or(0)
    }

    /// The string, or a mistyped value as its JSON text (null as empty).
    fn string(&mut self, field: &'static str, value: &Value) -> String {
        string_of(value).unwrap_or_else(|found| {
            self.note(field, "a string", found);
            match value {
                Value::Null => String::new(),
                Value::String(s) => String::from_utf8_lossy(s.as_wtf8_bytes()).into_owned(),
                other => to_canonical(other),
            }
        })
    }

    fn opt_string(&mut self, field: &'static str, value: Option<&Value>) -> Option<String> {
        match value {
            None | Some(Value::Null) => None,
            Some(value) => Some(self.string(field, value)),
        }
    }
}

/// Reads an entry row from a JSON object already in hand (a parsed JSONL line, or
/// a row handed over from JavaScript); `location` names it in errors (`rows[3]`).
///
/// # Errors
/// When the value is not an object or a field is missing or of the wrong type.
pub fn row_from_value(value: &Value, location: &str) -> Result<Row, ReadError> {
    Fields::of(value, location)?.entry()
}

fn opt(value: &Option<String>) -> Value {
    value.as_deref().map_or(Value::Null, Value::from)
}

/// The entry as the JSON object an export holds: the `entries` columns, legacy rows
/// without `event_type` and `format_version`.
pub fn entry_to_value(entry: &Entry) -> Value {
    let mut members: Vec<(JsonString, Value)> = vec![
        ("action".into(), entry.action.as_str().into()),
        ("actor".into(), entry.actor.as_str().into()),
        ("entry_hash".into(), entry.entry_hash.as_str().into()),
        ("entry_id".into(), entry.entry_id.into()),
    ];
    if let Some(event_type) = &entry.event_type {
        members.push(("event_type".into(), event_type.as_str().into()));
    }
    if let Some(format_version) = entry.format_version {
        members.push(("format_version".into(), format_version.into()));
    }
    members.push(("payload".into(), entry.payload.as_str().into()));
    // Format-3 columns only when present, so that exports of formats 1 and 2 stay
    // byte-identical to what the Python library's rows give.
    if let Some(hash) = &entry.payload_hash {
        members.push(("payload_hash".into(), hash.as_str().into()));
    }
    if let Some(salt) = &entry.payload_salt {
        members.push(("payload_salt".into(), salt.as_str().into()));
    }
    members.extend([
        ("previous_hash".into(), entry.previous_hash.as_str().into()),
        ("signature".into(), opt(&entry.signature)),
        ("signing_key_id".into(), opt(&entry.signing_key_id)),
        ("timestamp".into(), entry.timestamp.as_str().into()),
    ]);
    Value::Object(members)
}

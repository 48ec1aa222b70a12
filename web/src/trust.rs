//! Trust anchors: the entry-signing and witness public keys the user vouches for,
//! and signed checkpoints, each read by core's trust reader
//! (`nexuscone_core::input::trust`). Errors are core's, with kind and location.
//!
//! Keys that come inside a ledger (a bundle's `public_keys`, its `witnesses` table)
//! prove only that the ledger is consistent with itself; keys the user supplies
//! prove authorship.

use std::collections::{BTreeMap, BTreeSet};

use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::input::{ErrorKind, LocatedError, Trust, TrustKind};
use serde::{Deserialize, Serialize};

/// The signing keys the user supplied, and where they came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustAnchors {
    /// Key id to lowercase hex Ed25519 public key.
    pub signing_keys: BTreeMap<String, String>,
    /// Where the keys came from (a file name, "pasted", "demo keys.json").
    pub source: String,
    /// The text as supplied: what the report's SHA-256 of this input is of.
    pub text: String,
}

impl TrustAnchors {
    /// Parses keys from text in any form of a key file (core's rules,
    /// `nexuscone_core::input::trust`: a JSON object of key id to hex key, or lines of
    /// `key-id hex`). Each key is checked, so a bad key is refused here rather than
    /// failing every entry.
    ///
    /// # Errors
    /// Core's error, naming the line or key that could not be read.
    pub fn parse(text: &str, source: &str) -> Result<TrustAnchors, LocatedError> {
        let mut trust = Trust::new();
        trust
            .add(TrustKind::EntryKeys, text.as_bytes(), source)
            .map_err(|e| LocatedError::from(&e))?;
        Ok(TrustAnchors {
            signing_keys: trust.entry_keys().cloned().unwrap_or_default(),
            source: source.to_owned(),
            text: text.to_owned(),
        })
    }

    /// Adds the text these keys were read from to `trust` (already validated by
    /// [`TrustAnchors::parse`]), so that its SHA-256 is that of what the user supplied.
    ///
    /// # Errors
    /// A key that does not read (only for anchors not made by `parse`).
    pub fn add_to(&self, trust: &mut Trust) -> Result<(), LocatedError> {
        trust
            .add(TrustKind::EntryKeys, self.text.as_bytes(), &self.source)
            .map_err(|e| LocatedError::from(&e))
    }
}

/// The witness public keys the user supplied, and where they came from. With them,
/// witness attestations are checked against keys the user vouches for rather than
/// the ledger's own `witnesses` table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WitnessAnchors {
    /// Lowercase hex Ed25519 public keys (witnesses are matched by key, not label).
    pub keys: BTreeSet<String>,
    /// Where the keys came from (a file name, "pasted witness keys").
    pub source: String,
    /// The text as supplied: what the report's SHA-256 of this input is of.
    pub text: String,
}

impl WitnessAnchors {
    /// Parses witness keys from text in any form core reads (`docs/FORMAT.md` §5: a
    /// JSON object or array, `label hex` or bare hex lines).
    ///
    /// # Errors
    /// Core's error, naming the line or key that could not be read.
    pub fn parse(text: &str, source: &str) -> Result<WitnessAnchors, LocatedError> {
        let mut trust = Trust::new();
        trust
            .add(TrustKind::WitnessKeys, text.as_bytes(), source)
            .map_err(|e| LocatedError::from(&e))?;
        Ok(WitnessAnchors {
            keys: trust.witness_keys().cloned().unwrap_or_default(),
            source: source.to_owned(),
            text: text.to_owned(),
        })
    }

    /// Adds the text these keys were read from to `trust` (already validated by
    /// [`WitnessAnchors::parse`]).
    ///
    /// # Errors
    /// A key that does not read (only for anchors not made by `parse`).
    pub fn add_to(&self, trust: &mut Trust) -> Result<(), LocatedError> {
        trust
            .add(TrustKind::WitnessKeys, self.text.as_bytes(), &self.source)
            .map_err(|e| LocatedError::from(&e))
    }
}

/// A signed checkpoint as the user gave it, so it can be opened again elsewhere
/// (the verifier worker opens what the page opened).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointText {
    /// Verifier keys, `name+hash+base64`, one per line.
    pub vkeys: String,
    /// The signed note.
    pub note: String,
    /// The expected origin; empty: the note's own.
    pub origin: String,
    /// Where the note came from.
    pub source: String,
}

/// A checkpoint (C2SP tlog-checkpoint) whose signed note verified with keys the user
/// supplied: the ledger must hold at least its size with the same Merkle root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointAnchor {
    /// The checkpoint read from the note.
    pub checkpoint: Checkpoint,
    /// The verifier keys given, as `name+hash` (the public part is in the text).
    pub vkeys: Vec<String>,
    /// Names of the keys whose signatures verified.
    pub signed_by: Vec<String>,
    /// What it was opened from.
    pub text: CheckpointText,
}

impl CheckpointAnchor {
    /// Opens a signed checkpoint note with verifier keys (`name+hash+base64`, one per
    /// line) by core's rules, as the CLI's `--checkpoint` / `--vkey` do. With `origin`
    /// non-empty the checkpoint must have that origin; otherwise its own origin is
    /// accepted and shown.
    ///
    /// # Errors
    /// A sentence naming the key line that could not be read, or the note's problem
    /// (no signature from a given key, a signature that does not verify).
    pub fn open(text: CheckpointText) -> Result<CheckpointAnchor, LocatedError> {
        let mut trust = Trust::new();
        text.add_to(&mut trust)?;
        let opened = trust.checkpoint().ok_or_else(|| {
            LocatedError::new(ErrorKind::InvalidCheckpoint, "checkpoint: not opened")
        })?;
        let vkeys = trust
            .verifier_keys()
            .iter()
            .map(|k| format!("{}+{}", k.name(), k.key_id()))
            .collect();
        let signed_by = opened
            .note
            .verified
            .iter()
            .map(|s| s.name.clone())
            .collect();
        Ok(CheckpointAnchor {
            checkpoint: opened.checkpoint.clone(),
            vkeys,
            signed_by,
            text,
        })
    }
}

impl CheckpointText {
    /// Adds the verifier keys and the checkpoint to `trust`.
    ///
    /// # Errors
    /// As [`CheckpointAnchor::open`].
    pub fn add_to(&self, trust: &mut Trust) -> Result<(), LocatedError> {
        let name = format!("checkpoint {}", self.source);
        trust
            .add(
                TrustKind::VerifierKeys,
                self.vkeys.as_bytes(),
                "verifier key",
            )
            .map_err(|e| LocatedError::from(&e))?;
        trust
            .add_checkpoint(self.note.as_bytes(), Some(&self.origin), &name)
            .map_err(|e| LocatedError::from(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_json_and_lines_give_the_same_anchors() {
        let json = std::str::from_utf8(crate::demo::KEYS).unwrap();
        let from_json = TrustAnchors::parse(json, "keys.json").unwrap();
        let lines: String = from_json
            .signing_keys
            .iter()
            .map(|(id, key)| format!("{id} {}\n", key.to_ascii_uppercase()))
            .collect();
        let from_lines = TrustAnchors::parse(&lines, "keys.json").unwrap();
        assert_eq!(from_json.signing_keys, from_lines.signing_keys);
        assert_eq!(from_json.signing_keys.len(), 2);
    }

    #[test]
    fn a_key_that_is_not_32_bytes_of_hex_is_refused_by_name() {
        let err = TrustAnchors::parse("key-x abcd", "pasted").unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidKey);
        assert_eq!(err.location.key.as_deref(), Some("key-x"), "{err}");
    }

    #[test]
    fn witness_keys_as_json_and_as_upper_case_lines_give_the_same_anchors() {
        let key = "8caca2587b1fa0900bbecb1cb002f178608d8bc5c5c3d819dd9fd9c8103f7936";
        let json = WitnessAnchors::parse(&format!("{{\"w1\": \"{key}\"}}"), "w").unwrap();
        let lines = WitnessAnchors::parse(&format!("w1 {}\r\n", key.to_uppercase()), "w").unwrap();
        assert_eq!(json.keys, lines.keys);
        let mut trust = Trust::new();
        json.add_to(&mut trust).unwrap();
        assert_eq!(trust.witness_keys(), Some(&json.keys));
    }
}

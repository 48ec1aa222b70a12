//! Trust anchors: the entry-signing public keys the user vouches for.
//!
//! Keys that come inside a ledger (a bundle's `public_keys`) prove only that the
//! ledger is consistent with itself; keys the user supplies prove authorship.

use std::collections::BTreeMap;

use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::note::{self, VerifierKey, Verifiers};
use nexuscone_core::signature::KeyRing;
use serde::{Deserialize, Serialize};

/// The signing keys the user supplied, and where they came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustAnchors {
    /// Key id to lowercase hex Ed25519 public key.
    pub signing_keys: BTreeMap<String, String>,
    /// Where the keys came from (a file name, "pasted", "demo keys.json").
    pub source: String,
}

impl TrustAnchors {
    /// Parses keys from text: a JSON object of key id to hex key (the `keys.json`
    /// the CLI takes), or lines of `key-id hex`. Each key is checked by the core
    /// key ring, so a bad key is refused here rather than failing every entry.
    ///
    /// # Errors
    /// A sentence naming the line or key that could not be read.
    pub fn parse(text: &str, source: &str) -> Result<TrustAnchors, String> {
        let trimmed = text.trim();
        let signing_keys: BTreeMap<String, String> = if trimmed.starts_with('{') {
            serde_json::from_str::<BTreeMap<String, String>>(trimmed).map_err(|e| {
                format!("{source}: expected a JSON object of key id to hex public key: {e}")
            })?
        } else {
            let mut keys = BTreeMap::new();
            for (number, line) in trimmed.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let mut parts = line.split(|c: char| c.is_whitespace() || c == '=' || c == ':');
                let id = parts.next();
                let (Some(id), Some(key)) = (id, parts.rfind(|p| !p.is_empty())) else {
                    return Err(format!(
                        "{source}, line {}: expected `key-id hex-public-key`, found {line:?}",
                        number + 1
                    ));
                };
                keys.insert(id.to_owned(), key.to_owned());
            }
            keys
        };
        let signing_keys: BTreeMap<String, String> = signing_keys
            .into_iter()
            .map(|(id, key)| (id, key.trim().to_ascii_lowercase()))
            .collect();
        KeyRing::from_hex(signing_keys.iter().map(|(i, k)| (i.as_str(), k.as_str())))
            .map_err(|e| format!("{source}: {e}"))?;
        Ok(TrustAnchors {
            signing_keys,
            source: source.to_owned(),
        })
    }

    /// The keys as the core's key ring (already validated by [`TrustAnchors::parse`]).
    pub fn key_ring(&self) -> KeyRing {
        KeyRing::from_hex(
            self.signing_keys
                .iter()
                .map(|(id, key)| (id.as_str(), key.as_str())),
        )
        .unwrap_or_default()
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
    /// line), as the CLI's `--checkpoint` / `--vkey` do. With `origin` non-empty the
    /// checkpoint must have that origin ([`Checkpoint::open`]); otherwise its own
    /// origin is accepted and shown.
    ///
    /// # Errors
    /// A sentence naming the key line that could not be read, or the note's problem
    /// (no signature from a given key, a signature that does not verify).
    pub fn open(text: CheckpointText) -> Result<CheckpointAnchor, String> {
        let (vkeys_text, note_text, origin, source) =
            (&text.vkeys, &text.note, &text.origin, &text.source);
        let mut keys = Vec::new();
        for (number, line) in vkeys_text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let key = VerifierKey::parse(line).map_err(|e| {
                format!(
                    "verifier key, line {}: {e} (found {line:?}; expected name+hash+base64)",
                    number + 1
                )
            })?;
            keys.push(key);
        }
        if keys.is_empty() {
            return Err(
                "a checkpoint needs at least one verifier key (name+hash+base64) to verify it with"
                    .to_owned(),
            );
        }
        let vkeys: Vec<String> = keys
            .iter()
            .map(|k| format!("{}+{}", k.name(), k.key_id()))
            .collect();
        let verifiers = Verifiers::new(keys);
        // Pasted text may have lost its final newline or gained CRs; the note format
        // allows neither, and what is signed is the text between them.
        let mut normalised = note_text.replace("\r\n", "\n").trim_end().to_owned();
        normalised.push('\n');
        let origin = origin.trim();
        let (checkpoint, opened) = if origin.is_empty() {
            let opened = note::open(normalised.as_bytes(), &verifiers)
                .map_err(|e| format!("checkpoint {source}: {e}"))?;
            let checkpoint = Checkpoint::from_text(&opened.text)
                .map_err(|e| format!("checkpoint {source}: {e}"))?;
            (checkpoint, opened)
        } else {
            let signed = Checkpoint::open(normalised.as_bytes(), &verifiers, origin)
                .map_err(|e| format!("checkpoint {source}: {e}"))?;
            (signed.checkpoint, signed.note)
        };
        let signed_by = opened.verified.iter().map(|s| s.name.clone()).collect();
        Ok(CheckpointAnchor {
            checkpoint,
            vkeys,
            signed_by,
            text,
        })
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
        assert_eq!(from_json, from_lines);
        assert_eq!(from_json.signing_keys.len(), 2);
    }

    #[test]
    fn a_key_that_is_not_32_bytes_of_hex_is_refused_by_name() {
        let err = TrustAnchors::parse("key-x abcd", "pasted").unwrap_err();
        assert!(err.contains("key-x"), "{err}");
    }
}

//! Trust anchors: the entry-signing and witness public keys the user vouches for,
//! signed checkpoints, and the Bitcoin block headers and TSA root certificates that
//! anchors are checked against, each read by core's trust reader
//! (`nexuscone_core::input::trust`). Errors are core's, with kind and location.
//!
//! Keys that come inside a ledger (a bundle's `public_keys`, its `witnesses` table)
//! prove only that the ledger is consistent with itself; keys the user supplies
//! prove authorship.

use std::collections::{BTreeMap, BTreeSet};

use nexuscone_core::bitcoin::ListedHeader;
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

/// The trust inputs that finish an anchor's proofs (SPEC §8, §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProofTrustKind {
    /// Bitcoin block headers, for OpenTimestamps proofs.
    BitcoinHeaders,
    /// TSA root certificates (PEM), for RFC 3161 time-stamp tokens.
    TsaRoots,
}

impl ProofTrustKind {
    fn core(self) -> TrustKind {
        match self {
            ProofTrustKind::BitcoinHeaders => TrustKind::BitcoinHeaders,
            ProofTrustKind::TsaRoots => TrustKind::TsaRoots,
        }
    }
}

/// Bitcoin block headers or TSA root certificates as the user gave them, and what core
/// read from them, one line each (a block's height and time, a root's subject).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofTrust {
    /// Which input it is.
    pub kind: ProofTrustKind,
    /// The text as supplied: what the report's SHA-256 of this input is of.
    pub text: String,
    /// Where it came from (a file name, "pasted Bitcoin headers").
    pub source: String,
    /// What was read, for the trust panel.
    pub items: Vec<String>,
}

impl ProofTrust {
    /// Reads headers or roots by core's rules (`bitcoin::HeaderSet::parse`,
    /// `tst::TsaRoots::parse`), so a bad line is refused here, before verifying.
    ///
    /// # Errors
    /// Core's error, naming the input and, for headers, the line; or that the text
    /// holds no header or certificate at all.
    pub fn parse(
        kind: ProofTrustKind,
        text: &str,
        source: &str,
    ) -> Result<ProofTrust, LocatedError> {
        let mut trust = Trust::new();
        trust
            .add(kind.core(), text.as_bytes(), source)
            .map_err(|e| LocatedError::from(&e))?;
        let items = match kind {
            ProofTrustKind::BitcoinHeaders => trust
                .bitcoin_headers()
                .map(|set| set.headers().iter().map(block_words).collect())
                .unwrap_or_default(),
            ProofTrustKind::TsaRoots => trust.tsa_roots().map(|r| r.subjects()).unwrap_or_default(),
        };
        if items.is_empty() {
            let (error, what) = match kind {
                ProofTrustKind::BitcoinHeaders => {
                    (ErrorKind::InvalidBitcoinHeaders, "Bitcoin block headers")
                }
                ProofTrustKind::TsaRoots => (ErrorKind::InvalidTsaRoots, "certificates"),
            };
            return Err(LocatedError::new(
                error,
                format!("{source}: no {what} found"),
            ));
        }
        Ok(ProofTrust {
            kind,
            text: text.to_owned(),
            source: source.to_owned(),
            items,
        })
    }

    /// Adds the text to `trust` (already read by [`ProofTrust::parse`]).
    ///
    /// # Errors
    /// Text that does not read (only for inputs not made by `parse`).
    pub fn add_to(&self, trust: &mut Trust) -> Result<(), LocatedError> {
        trust
            .add(self.kind.core(), self.text.as_bytes(), &self.source)
            .map_err(|e| LocatedError::from(&e))
    }
}

/// A header as the trust panel lists it: its height when given, hash and time.
fn block_words(listed: &ListedHeader) -> String {
    let height = listed.height.map_or_else(
        || "block (no height given)".to_owned(),
        |h| format!("block {h}"),
    );
    format!(
        "{height} · hash {} · time {}",
        listed.header.hash(),
        listed.header.time_utc()
    )
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
    fn bitcoin_headers_are_read_by_core_and_listed_by_height() {
        let text = include_str!("../../fixtures/ledgers/anchored.bitcoin-headers");
        let headers = ProofTrust::parse(ProofTrustKind::BitcoinHeaders, text, "h").unwrap();
        assert_eq!(headers.items.len(), text.lines().count());
        assert!(
            headers.items[0].starts_with("block 253 · hash "),
            "{:?}",
            headers.items
        );
        let mut trust = Trust::new();
        headers.add_to(&mut trust).unwrap();
        assert_eq!(trust.sources()[0].kind, TrustKind::BitcoinHeaders);
    }

    #[test]
    fn a_header_line_that_is_not_80_bytes_is_refused_with_its_line() {
        let err =
            ProofTrust::parse(ProofTrustKind::BitcoinHeaders, "\n253 abcd\n", "h").unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidBitcoinHeaders);
        assert_eq!(err.location.line, Some(2), "{err}");
        let empty = ProofTrust::parse(ProofTrustKind::BitcoinHeaders, "# none\n", "h").unwrap_err();
        assert_eq!(empty.kind, ErrorKind::InvalidBitcoinHeaders);
    }

    #[test]
    fn tsa_roots_are_listed_by_subject() {
        let pem = include_str!("../../fixtures/ledgers/anchored.tsa-roots.pem");
        let roots = ProofTrust::parse(ProofTrustKind::TsaRoots, pem, "r").unwrap();
        assert_eq!(roots.items.len(), pem.matches("BEGIN CERTIFICATE").count());
        assert!(
            roots.items.iter().all(|s| s.contains("CN=")),
            "{:?}",
            roots.items
        );
        let err =
            ProofTrust::parse(ProofTrustKind::TsaRoots, "not a certificate", "r").unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidTsaRoots);
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

//! What the user trusts, read once for every front end: entry-signing public keys,
//! witness public keys, note verifier keys and signed checkpoints.
//!
//! Every trust input is bytes plus a name for errors, added with [`Trust::add`] (a
//! checkpoint with an expected origin with [`Trust::add_checkpoint`]), so that a file
//! given to the CLI, text pasted into the viewer and an option given to the npm
//! package are read by the same rules:
//!
//! - key files ([`TrustKind::EntryKeys`], [`TrustKind::WitnessKeys`]): a JSON object
//!   of key id to hex key (`{"key-a": "3b6a…"}`), a JSON array of hex keys (witness
//!   keys only: they need no id), or lines `key-id HEX` (also `key-id=HEX`,
//!   `key-id: HEX`; a witness key line may be the hex alone); blank lines and lines
//!   starting with `#` are skipped; hex of either case, read as lowercase; every key
//!   must be an Ed25519 public key;
//! - note verifier keys ([`TrustKind::VerifierKeys`]): one C2SP `name+hash+base64` per
//!   line, blank and `#` lines skipped;
//! - checkpoints ([`TrustKind::Checkpoint`]): a C2SP signed note, opened with the
//!   verifier keys added before it ([`crate::checkpoint::Checkpoint::open`]); CR LF
//!   line endings and trailing whitespace are normalised to the note's `\n` first.
//!
//! Text inputs may start with a UTF-8 byte-order mark and end lines with CR LF.
//!
//! - Bitcoin block headers ([`TrustKind::BitcoinHeaders`]): [`HeaderSet::parse`], one
//!   header per line; several inputs add up;
//! - TSA root certificates ([`TrustKind::TsaRoots`]): `crate::tst::TsaRoots::parse`,
//!   PEM or one DER certificate; several inputs add up.
//!
//! Headers and roots are for core's own anchor proof verifier (feature `tst`); a build
//! without it refuses them, and is given a verifier made with them elsewhere
//! ([`Trust::set_proof_verifier`]: the npm package's second module).
//!
//! Adding a kind of trust input is a [`TrustKind`] variant, a field of [`Trust`], an
//! arm in [`Trust::add`] calling that module's parser, and its use in
//! [`Trust::verify_options`].
//!
//! What this module is NOT: it reads no files and holds no ledger. Keys a ledger
//! carries itself ([`Carried::public_keys`]) are not trust: [`Trust::verify_options`]
//! uses them only when the user supplied none, and marks them self-asserted.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use sha2::{Digest, Sha256};

#[cfg(all(feature = "tst", feature = "parallel"))]
use crate::anchor::BackgroundProofs;
#[cfg(feature = "tst")]
use crate::anchor::LocalProofs;
use crate::anchor::{AnchorCheck, ProofVerifier};
use crate::bitcoin::HeaderSet;
use crate::canonical::{self, Value};
use crate::chain::VerifyOptions;
use crate::checkpoint::{Checkpoint, SignedCheckpoint};
use crate::note::{self, VerifierKey, Verifiers};
use crate::signature::KeyRing;
#[cfg(feature = "tst")]
use crate::tst::TsaRoots;

use super::error::TrustError;
use super::ledger::Carried;
use super::lines::BOM;

/// The kinds of trust input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrustKind {
    /// Entry-signing Ed25519 public keys by `signing_key_id`.
    EntryKeys,
    /// Witness Ed25519 public keys (labels are ignored: keys are matched by value).
    WitnessKeys,
    /// C2SP note verifier keys, for checkpoints.
    VerifierKeys,
    /// A signed checkpoint note (C2SP tlog-checkpoint).
    Checkpoint,
    /// Bitcoin block headers, `HEIGHT HEX` or `HEX` per line (SPEC §8).
    BitcoinHeaders,
    /// TSA root certificates, PEM or one DER certificate (SPEC §9).
    TsaRoots,
}

impl TrustKind {
    /// The stable name: `entry_keys`, `witness_keys`, `verifier_keys`, `checkpoint`,
    /// `bitcoin_headers`, `tsa_roots`.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustKind::EntryKeys => "entry_keys",
            TrustKind::WitnessKeys => "witness_keys",
            TrustKind::VerifierKeys => "verifier_keys",
            TrustKind::Checkpoint => "checkpoint",
            TrustKind::BitcoinHeaders => "bitcoin_headers",
            TrustKind::TsaRoots => "tsa_roots",
        }
    }
}

/// One trust input as it was supplied: for reports ("checked with …").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustSource {
    /// What kind of input.
    pub kind: TrustKind,
    /// Its name: a file name, `pasted`, an option name.
    pub name: String,
    /// Lowercase hex SHA-256 of its bytes as supplied.
    pub sha256: String,
}

/// Everything the user trusts for one verification. Built fresh for each input:
/// trust supplied for one file never carries over to another.
#[derive(Clone, Debug, Default)]
pub struct Trust {
    entry_keys: Option<BTreeMap<String, String>>,
    entry_ring: KeyRing,
    witness_keys: Option<BTreeSet<String>>,
    verifiers: Vec<VerifierKey>,
    checkpoint: Option<SignedCheckpoint>,
    bitcoin_headers: Option<HeaderSet>,
    #[cfg(feature = "tst")]
    tsa_roots: Option<TsaRoots>,
    /// An anchor proof verifier supplied from elsewhere; it takes precedence.
    proofs: Option<Rc<dyn ProofVerifier>>,
    /// Policy: every entry must carry a verified signature.
    pub require_signatures: bool,
    sources: Vec<TrustSource>,
}

impl Trust {
    /// Trusts nothing.
    pub fn new() -> Trust {
        Trust::default()
    }

    /// Reads one trust input; `name` says where it came from, in errors and in
    /// [`Trust::sources`]. Keys add to the keys of earlier inputs of their kind; a
    /// checkpoint is opened with the verifier keys added before it and replaces an
    /// earlier one.
    ///
    /// # Errors
    /// [`TrustError`] naming the input and, for text forms, the line.
    pub fn add(&mut self, kind: TrustKind, bytes: &[u8], name: &str) -> Result<(), TrustError> {
        match kind {
            TrustKind::EntryKeys => self.add_entry_keys(bytes, name)?,
            TrustKind::WitnessKeys => self.add_witness_keys(bytes, name)?,
            TrustKind::VerifierKeys => self.add_verifier_keys(bytes, name)?,
            TrustKind::Checkpoint => return self.add_checkpoint(bytes, None, name),
            TrustKind::BitcoinHeaders => self.add_bitcoin_headers(bytes, name)?,
            TrustKind::TsaRoots => self.add_tsa_roots(bytes, name)?,
        }
        self.record(kind, bytes, name);
        Ok(())
    }

    /// Opens a signed checkpoint note with the verifier keys added so far; with
    /// `origin`, the checkpoint must have that origin.
    ///
    /// # Errors
    /// [`TrustError::NoVerifierKeys`], or [`TrustError::Checkpoint`] when the note does
    /// not open (no signature from a trusted key, a bad signature, a bad checkpoint).
    pub fn add_checkpoint(
        &mut self,
        note_bytes: &[u8],
        origin: Option<&str>,
        name: &str,
    ) -> Result<(), TrustError> {
        if self.verifiers.is_empty() {
            return Err(TrustError::NoVerifierKeys {
                input: name.to_owned(),
            });
        }
        let normalised = normalise_note(note_bytes);
        let verifiers = Verifiers::new(self.verifiers.clone());
        let checkpoint_error = |error| TrustError::Checkpoint {
            input: name.to_owned(),
            error,
        };
        let signed = match origin.map(str::trim).filter(|o| !o.is_empty()) {
            Some(origin) => Checkpoint::open(&normalised, &verifiers, origin),
            None => open_any_origin(&normalised, &verifiers),
        }
        .map_err(checkpoint_error)?;
        self.checkpoint = Some(signed);
        self.record(TrustKind::Checkpoint, note_bytes, name);
        Ok(())
    }

    /// The entry-signing keys supplied (key id to lowercase hex), if any were.
    pub fn entry_keys(&self) -> Option<&BTreeMap<String, String>> {
        self.entry_keys.as_ref()
    }

    /// The entry-signing keys supplied, as a key ring, if any were.
    pub fn entry_key_ring(&self) -> Option<&KeyRing> {
        self.entry_keys.as_ref().map(|_| &self.entry_ring)
    }

    /// The witness keys supplied (lowercase hex), if any were.
    pub fn witness_keys(&self) -> Option<&BTreeSet<String>> {
        self.witness_keys.as_ref()
    }

    /// The note verifier keys supplied.
    pub fn verifier_keys(&self) -> &[VerifierKey] {
        &self.verifiers
    }

    /// The note verifier keys as a set to open notes with; `None` when there are none.
    pub fn verifiers(&self) -> Option<Verifiers> {
        (!self.verifiers.is_empty()).then(|| Verifiers::new(self.verifiers.clone()))
    }

    /// The checkpoint supplied, opened.
    pub fn checkpoint(&self) -> Option<&SignedCheckpoint> {
        self.checkpoint.as_ref()
    }

    /// The Bitcoin block headers supplied, if any were.
    pub fn bitcoin_headers(&self) -> Option<&HeaderSet> {
        self.bitcoin_headers.as_ref()
    }

    /// The TSA root certificates supplied, if any were.
    #[cfg(feature = "tst")]
    pub fn tsa_roots(&self) -> Option<&TsaRoots> {
        self.tsa_roots.as_ref()
    }

    /// Checks anchors' proofs with `verifier` (made with the user's Bitcoin headers and
    /// TSA roots) instead of core's own: for a build without the `tst` feature, whose
    /// front end loads the verifier separately (SPEC §10).
    pub fn set_proof_verifier(&mut self, verifier: Rc<dyn ProofVerifier>) {
        self.proofs = Some(verifier);
    }

    /// Core's own anchor proof verifier, with the headers and TSA roots supplied.
    #[cfg(feature = "tst")]
    pub fn local_proofs(&self) -> LocalProofs<'_> {
        LocalProofs {
            headers: self.bitcoin_headers.as_ref(),
            roots: self.tsa_roots.as_ref(),
        }
    }

    /// Checks the anchors a ledger carries: with the verifier set, else core's own;
    /// a build without `tst` given no verifier checks no proof. With `check` false,
    /// the proofs are left to be checked elsewhere ([`AnchorCheck::pending`]).
    fn anchor_checks(&self, carried: &Carried, check: bool) -> Vec<AnchorCheck> {
        let rows = carried.anchor_rows().zip(1..);
        if !check {
            return rows
                .map(|(row, position)| AnchorCheck::pending(row, position))
                .collect();
        }
        #[cfg(feature = "tst")]
        let local = self.local_proofs();
        #[cfg(feature = "tst")]
        let local = Some(&local as &dyn ProofVerifier);
        #[cfg(not(feature = "tst"))]
        let local = None;
        let proofs = self.proofs.as_deref().or(local);
        rows.map(|(row, position)| AnchorCheck::new(row, position, proofs))
            .collect()
    }

    /// [`Trust::verify_options`], with core's own checks of the anchors' proofs running
    /// on a thread of their own ([`BackgroundProofs`]) while the caller verifies the
    /// entries; give the tracks to [`ChainVerifier::set_anchor_tracks`] before the
    /// report. `None` (the proofs already checked, as `verify_options` does) when a
    /// proof verifier was supplied or the ledger carries no anchors.
    ///
    /// [`ChainVerifier::set_anchor_tracks`]: crate::chain::ChainVerifier::set_anchor_tracks
    #[cfg(all(feature = "tst", feature = "parallel"))]
    pub fn verify_options_with_background_proofs(
        &self,
        carried: &Carried,
    ) -> (VerifyOptions, Option<BackgroundProofs>) {
        if self.proofs.is_some() || carried.anchors.is_empty() {
            return (self.verify_options(carried), None);
        }
        let options = self.options(carried, false);
        let rows = options.anchors.iter().map(|a| a.row.clone()).collect();
        let (headers, roots) = (self.bitcoin_headers.clone(), self.tsa_roots.clone());
        let background = BackgroundProofs::start(rows, headers, roots);
        (options, Some(background))
    }

    /// The inputs read, in order.
    pub fn sources(&self) -> &[TrustSource] {
        &self.sources
    }

    /// What to verify a ledger carrying `carried` against. Entry signatures are checked
    /// against the user's keys; without any, against the keys the ledger carries,
    /// marked self-asserted. A key the ledger carries that is not an Ed25519 key is
    /// part of the ledger, not of the input's syntax: it is left out of the ring and
    /// reported as a `ledger_key` finding ([`VerifyOptions::ledger_key_errors`]).
    pub fn verify_options(&self, carried: &Carried) -> VerifyOptions {
        self.options(carried, true)
    }

    /// [`Trust::verify_options`]; the anchors' proofs are checked only if `check_proofs`.
    fn options(&self, carried: &Carried, check_proofs: bool) -> VerifyOptions {
        let own_keys = self.entry_keys.is_none() && !carried.public_keys.is_empty();
        let mut ledger_key_errors = Vec::new();
        let keys = if own_keys {
            let mut ring = KeyRing::new();
            for (id, key) in &carried.public_keys {
                if let Err(error) = ring.insert_hex(id, key) {
                    ledger_key_errors.push(error);
                }
            }
            ring
        } else {
            self.entry_ring.clone()
        };
        VerifyOptions {
            keys,
            keys_self_asserted: own_keys,
            ledger_key_errors,
            witnesses: carried.witnesses.clone(),
            attestations: carried.attestations.clone(),
            trusted_witness_keys: self.witness_keys.clone(),
            require_signatures: self.require_signatures,
            anchors: self.anchor_checks(carried, check_proofs),
            checkpoint: self.checkpoint.as_ref().map(|c| c.checkpoint.clone()),
        }
    }

    fn record(&mut self, kind: TrustKind, bytes: &[u8], name: &str) {
        self.sources.push(TrustSource {
            kind,
            name: name.to_owned(),
            sha256: hex::encode(Sha256::digest(bytes)),
        });
    }

    fn add_entry_keys(&mut self, bytes: &[u8], name: &str) -> Result<(), TrustError> {
        let map = self.entry_keys.get_or_insert_with(BTreeMap::new);
        for (id, key) in read_key_file(bytes, name)? {
            let Some(id) = id else {
                return Err(key_file_error(
                    name,
                    None,
                    "entry-signing keys need a key id: `key-id HEX` or {\"key-id\": \"HEX\"}",
                ));
            };
            self.entry_ring
                .insert_hex(&id, &key)
                .map_err(|error| TrustError::Key {
                    input: name.to_owned(),
                    error,
                })?;
            map.insert(id, key);
        }
        Ok(())
    }

    fn add_witness_keys(&mut self, bytes: &[u8], name: &str) -> Result<(), TrustError> {
        let keys = self.witness_keys.get_or_insert_with(BTreeSet::new);
        for (index, (id, key)) in read_key_file(bytes, name)?.into_iter().enumerate() {
            let id = id.unwrap_or_else(|| format!("witness key {}", index + 1));
            KeyRing::new()
                .insert_hex(&id, &key)
                .map_err(|error| TrustError::Key {
                    input: name.to_owned(),
                    error,
                })?;
            keys.insert(key);
        }
        Ok(())
    }

    /// Headers add to the headers of earlier inputs (a later one may not give another
    /// header for a height an earlier one gave).
    #[cfg(feature = "tst")]
    fn add_bitcoin_headers(&mut self, bytes: &[u8], name: &str) -> Result<(), TrustError> {
        let mut all = String::new();
        for listed in self.bitcoin_headers.iter().flat_map(HeaderSet::headers) {
            let height = listed.height.map(|h| format!("{h} ")).unwrap_or_default();
            all.push_str(&format!(
                "{height}{}\n",
                hex::encode(listed.header.as_bytes())
            ));
        }
        let offset = all.lines().count();
        all.push_str(text(bytes, name)?);
        let headers = HeaderSet::parse(&all).map_err(|mut error| {
            error.line -= offset;
            TrustError::BitcoinHeaders {
                input: name.to_owned(),
                error,
            }
        })?;
        self.bitcoin_headers = Some(headers);
        Ok(())
    }

    #[cfg(feature = "tst")]
    fn add_tsa_roots(&mut self, bytes: &[u8], name: &str) -> Result<(), TrustError> {
        let roots = TsaRoots::parse(bytes).map_err(|error| TrustError::TsaRoots {
            input: name.to_owned(),
            error,
        })?;
        match &mut self.tsa_roots {
            Some(earlier) => earlier.extend(roots),
            None => self.tsa_roots = Some(roots),
        }
        Ok(())
    }

    #[cfg(not(feature = "tst"))]
    fn add_bitcoin_headers(&mut self, _: &[u8], name: &str) -> Result<(), TrustError> {
        Err(TrustError::AnchorTrustUnsupported {
            input: name.to_owned(),
        })
    }

    #[cfg(not(feature = "tst"))]
    fn add_tsa_roots(&mut self, _: &[u8], name: &str) -> Result<(), TrustError> {
        Err(TrustError::AnchorTrustUnsupported {
            input: name.to_owned(),
        })
    }

    fn add_verifier_keys(&mut self, bytes: &[u8], name: &str) -> Result<(), TrustError> {
        for (number, line) in text_lines(bytes, name)? {
            let key = VerifierKey::parse(line).map_err(|error| TrustError::VerifierKey {
                input: name.to_owned(),
                line: number,
                error,
            })?;
            self.verifiers.push(key);
        }
        Ok(())
    }
}

/// A signed note as the note format wants it: `\n` line endings, ending in one `\n`.
/// Pasted text may have gained CRs or lost its final newline; what is signed is the
/// text before the blank line, which neither touches.
fn normalise_note(bytes: &[u8]) -> Vec<u8> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut out = Vec::with_capacity(bytes.len() + 1);
    let mut rest = bytes;
    while let Some((&byte, tail)) = rest.split_first() {
        if !(byte == b'\r' && tail.first() == Some(&b'\n')) {
            out.push(byte);
        }
        rest = tail;
    }
    while out.last().is_some_and(u8::is_ascii_whitespace) {
        out.pop();
    }
    out.push(b'\n');
    out
}

/// A checkpoint with whatever origin it has.
fn open_any_origin(
    note_bytes: &[u8],
    verifiers: &Verifiers,
) -> Result<SignedCheckpoint, crate::checkpoint::CheckpointError> {
    let note = note::open(note_bytes, verifiers)?;
    let checkpoint = Checkpoint::from_text(&note.text)?;
    Ok(SignedCheckpoint { checkpoint, note })
}

fn key_file_error(name: &str, line: Option<usize>, message: &str) -> TrustError {
    TrustError::KeyFile {
        input: name.to_owned(),
        line,
        message: message.to_owned(),
    }
}

/// The text of a trust input: UTF-8, without a byte-order mark.
fn text<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, TrustError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        key_file_error(
            name,
            None,
            &format!("not UTF-8 text (byte {})", e.valid_up_to()),
        )
    })
}

/// The lines that say something, trimmed, with their 1-based numbers.
fn text_lines<'a>(bytes: &'a [u8], name: &str) -> Result<Vec<(usize, &'a str)>, TrustError> {
    Ok(text(bytes, name)?
        .lines()
        .map(str::trim)
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(index, line)| (index + 1, line))
        .collect())
}

/// `(key id, lowercase hex key)` pairs of a key file in any of its forms.
fn read_key_file(bytes: &[u8], name: &str) -> Result<Vec<(Option<String>, String)>, TrustError> {
    let text = text(bytes, name)?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return read_json_keys(trimmed, name);
    }
    text_lines(bytes, name)?
        .into_iter()
        .map(|(number, line)| read_key_line(line, number, name))
        .collect()
}

fn read_json_keys(text: &str, name: &str) -> Result<Vec<(Option<String>, String)>, TrustError> {
    const EXPECTED: &str = "expected a JSON object of key id to hex public key";
    let value = canonical::parse(text.as_bytes())
        .map_err(|e| key_file_error(name, None, &format!("{EXPECTED}: {e}")))?;
    let hex_of = |value: &Value| match value {
        Value::String(s) => s.as_str().map(|k| k.trim().to_ascii_lowercase()),
        _ => None,
    };
    let bad = |what: String| key_file_error(name, None, &format!("{EXPECTED}: {what}"));
    match &value {
        Value::Object(members) => members
            .iter()
            .map(|(id, key)| {
                let id = id.as_str().unwrap_or_default().to_owned();
                let key = hex_of(key).ok_or_else(|| bad(format!("{id:?} is not a string")))?;
                Ok((Some(id), key))
            })
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let key = hex_of(key).ok_or_else(|| bad(format!("[{i}] is not a string")))?;
                Ok((None, key))
            })
            .collect(),
        other => Err(bad(format!("found {}", other.kind_name()))),
    }
}

/// `key-id HEX` (or `=`, `:` between them), or `HEX` alone.
fn read_key_line(
    line: &str,
    number: usize,
    name: &str,
) -> Result<(Option<String>, String), TrustError> {
    let separator = |c: char| c.is_whitespace() || c == '=' || c == ':';
    let (id, key) = match line.rfind(separator) {
        Some(at) => {
            let key_start = at + line[at..].chars().next().map_or(1, char::len_utf8);
            (line[..at].trim_end_matches(separator), &line[key_start..])
        }
        None => ("", line),
    };
    if key.is_empty() {
        return Err(key_file_error(
            name,
            Some(number),
            &format!("expected `key-id HEX`, found {line:?}"),
        ));
    }
    let id = (!id.is_empty()).then(|| id.to_owned());
    Ok((id, key.to_ascii_lowercase()))
}

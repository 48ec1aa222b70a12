//! Finding out what a ledger file is and streaming it into the core verifier.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use nexuscone_core::chain::{ChainVerifier, EntryCheck, VerifyOptions};
use nexuscone_core::export::bundle::Bundle;
use nexuscone_core::export::{jsonl, Row};
use nexuscone_core::report::Report;
use nexuscone_core::signature::KeyRing;

use crate::sqlite::{Database, MAGIC};
use crate::InputError;

pub use nexuscone_core::command::LedgerFormat as Format;

/// Decides the format from the file's first bytes, then its name
/// ([`Format::detect`]).
pub fn detect(path: &Path) -> Result<Format, InputError> {
    let mut head = Vec::with_capacity(MAGIC.len());
    let file = File::open(path)
        .map_err(|e| InputError(format!("{}: cannot open: {e}", path.display())))?;
    file.take(MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(|e| InputError(format!("{}: cannot read: {e}", path.display())))?;
    Format::detect(&head, &path.display().to_string()).map_err(InputError)
}

/// What the caller trusts and requires, from the command line.
#[derive(Debug, Default)]
pub struct Trust {
    /// Entry-signing keys the caller supplied (`--keys`).
    pub keys: Option<BTreeMap<String, String>>,
    /// Witness keys the caller supplied (`--witness-keys`), lowercase hex.
    pub witness_keys: Option<BTreeSet<String>>,
    /// `--require-signatures`.
    pub require_signatures: bool,
    /// A checkpoint (`--checkpoint`) whose signature was verified (`--vkey`).
    pub checkpoint: Option<nexuscone_core::checkpoint::Checkpoint>,
}

fn key_ring(keys: &BTreeMap<String, String>) -> Result<KeyRing, InputError> {
    nexuscone_core::command::key_ring(keys).map_err(InputError)
}

/// Verifies the ledger at `path`.
pub fn verify(path: &Path, trust: &Trust) -> Result<Report, InputError> {
    let mut options = VerifyOptions {
        keys: trust
            .keys
            .as_ref()
            .map(key_ring)
            .transpose()?
            .unwrap_or_default(),
        trusted_witness_keys: trust.witness_keys.clone(),
        require_signatures: trust.require_signatures,
        checkpoint: trust.checkpoint.clone(),
        ..VerifyOptions::default()
    };
    let shown = path.display();
    match detect(path)? {
        Format::Sqlite => {
            let db = Database::open(path)?;
            options.witnesses = db.witnesses()?;
            options.attestations = db.attestations()?;
            options.anchor_count = db.anchors()?.len();
            let mut verifier = ChainVerifier::new(options);
            verify_entries(db, &mut verifier)?;
            Ok(verifier.finish())
        }
        Format::Jsonl => {
            let file =
                File::open(path).map_err(|e| InputError(format!("{shown}: cannot open: {e}")))?;
            let mut reader = BufReader::with_capacity(1 << 20, file);
            let mut verifier = ChainVerifier::new(options);
            let mut line = Vec::new();
            // Every line is read into this row, reusing its buffers.
            let mut row = Row::default();
            let mut number = 0;
            loop {
                line.clear();
                let read = reader
                    .read_until(b'\n', &mut line)
                    .map_err(|e| InputError(format!("{shown}: cannot read: {e}")))?;
                if read == 0 {
                    break;
                }
                number += 1;
                let text = line.strip_suffix(b"\n").unwrap_or(&line);
                let text = text.strip_suffix(b"\r").unwrap_or(text);
                if jsonl::read_line(text, number, &mut row)
                    .map_err(|e| InputError(format!("{shown}: {e}")))?
                {
                    verifier.push_row(&row);
                }
            }
            Ok(verifier.finish())
        }
        Format::Bundle => {
            let text = std::fs::read(path)
                .map_err(|e| InputError(format!("{shown}: cannot read: {e}")))?;
            let bundle = Bundle::parse(&text).map_err(|e| InputError(format!("{shown}: {e}")))?;
            let rows = options
                .adopt_bundle(bundle, trust.keys.is_some())
                .map_err(|e| InputError(format!("keys: {e}")))?;
            let mut verifier = ChainVerifier::new(options);
            for row in &rows {
                verifier.push_row(row);
            }
            Ok(verifier.finish())
        }
    }
}

/// Calls `each` for every entry of the ledger at `path` (any format), in file order.
pub fn for_each_entry(
    path: &Path,
    mut each: impl FnMut(nexuscone_core::entry::Entry) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let shown = path.display();
    match detect(path)? {
        Format::Sqlite => Database::open(path)?.for_each_entry(each),
        Format::Jsonl => {
            let file =
                File::open(path).map_err(|e| InputError(format!("{shown}: cannot open: {e}")))?;
            let reader = BufReader::with_capacity(1 << 20, file);
            for (index, line) in reader.split(b'\n').enumerate() {
                let line = line.map_err(|e| InputError(format!("{shown}: cannot read: {e}")))?;
                let text = line.strip_suffix(b"\r").unwrap_or(&line);
                if let Some(row) = jsonl::parse_line(text, index + 1)
                    .map_err(|e| InputError(format!("{shown}: {e}")))?
                {
                    each(row.entry)?;
                }
            }
            Ok(())
        }
        Format::Bundle => {
            let text = std::fs::read(path)
                .map_err(|e| InputError(format!("{shown}: cannot read: {e}")))?;
            let bundle = Bundle::parse(&text).map_err(|e| InputError(format!("{shown}: {e}")))?;
            for row in bundle.rows {
                each(row.entry)?;
            }
            Ok(())
        }
    }
}

/// Writes `out`: a copy of the ledger at `path` (same format) in which `redacted`
/// replaces the entry with its id and `appended` is added at the end. `path` is
/// never modified.
pub fn write_redacted(
    path: &Path,
    out: &Path,
    redacted: &nexuscone_core::entry::Entry,
    appended: &nexuscone_core::entry::Entry,
) -> Result<(), InputError> {
    let shown = out.display();
    let write_error = |e: std::io::Error| InputError(format!("{shown}: cannot write: {e}"));
    match detect(path)? {
        Format::Sqlite => {
            std::fs::copy(path, out).map_err(write_error)?;
            crate::sqlite::apply_redaction(out, redacted, appended)
        }
        Format::Jsonl => {
            let mut text = String::new();
            for_each_entry(path, |entry| {
                let entry = if entry.entry_id == redacted.entry_id {
                    redacted.clone()
                } else {
                    entry
                };
                text.push_str(&jsonl::write_line(&entry));
                Ok(())
            })?;
            text.push_str(&jsonl::write_line(appended));
            std::fs::write(out, text).map_err(write_error)
        }
        Format::Bundle => {
            let bytes = std::fs::read(path)
                .map_err(|e| InputError(format!("{}: cannot read: {e}", path.display())))?;
            let mut bundle = Bundle::parse(&bytes)
                .map_err(|e| InputError(format!("{}: {e}", path.display())))?;
            for row in &mut bundle.rows {
                if row.entry.entry_id == redacted.entry_id {
                    row.entry = redacted.clone();
                }
            }
            bundle.rows.push(nexuscone_core::export::Row {
                entry: appended.clone(),
                payload_canonicalised: false,
            });
            std::fs::write(out, bundle.to_canonical()).map_err(write_error)
        }
    }
}

/// Entries per batch: read, checked and accepted together.
const BATCH: usize = 1024;

/// Streams the database's entries into `verifier`, in `entry_id` order, with both
/// cores busy and no third thread competing for them: on a rayon thread, the next
/// batch is read from SQLite while the current batch's independent checks
/// ([`EntryCheck::compute_batch`]) start on the pool; once the read is done, this
/// thread joins in the checks, and then accepts the batch in order. Two batches
/// exist at a time and are refilled in place, so memory stays bounded and rows cost
/// no allocation once both exist.
fn verify_entries(db: Database, verifier: &mut ChainVerifier) -> Result<(), InputError> {
    rayon::scope(move |_| {
        db.read_entries(|reader| {
            let (mut current, mut next) = (Vec::with_capacity(BATCH), Vec::with_capacity(BATCH));
            reader.fill(&mut current, BATCH)?;
            while !current.is_empty() {
                let mut checks = Vec::new();
                let keys = verifier.keys();
                rayon::in_place_scope(|scope| {
                    scope.spawn(|_| checks = EntryCheck::compute_batch(&current, keys));
                    reader.fill(&mut next, BATCH)
                })?;
                for (entry, check) in current.iter().zip(&checks) {
                    verifier.accept(entry, check);
                }
                std::mem::swap(&mut current, &mut next);
            }
            Ok(())
        })
    })
}

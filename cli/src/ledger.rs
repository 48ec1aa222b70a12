//! Reading a ledger file: the core's input layer decides the format from the bytes
//! and reads JSONL and bundles as the file is read; an SQLite database is read with
//! rusqlite (the CLI's own SQLite engine), whose rows the core maps
//! ([`nexuscone_core::sqlite::tables`]).

use std::fs::File;
use std::io::Read;
use std::path::Path;

use nexuscone_core::chain::ChainVerifier;
use nexuscone_core::entry::Entry;
use nexuscone_core::export::bundle::Bundle;
use nexuscone_core::export::{jsonl, Row};
use nexuscone_core::input::{
    self, Carried, Format, Hint, Ledger, LocatedError, Reader, Sink, Trust, Verification,
};
use nexuscone_core::pool::{CheckedBatch, Returns};
use nexuscone_core::report::Report;

use crate::sqlite::Database;
use crate::InputError;

/// How much of a file is read at a time.
const CHUNK: usize = 1 << 20;

fn hint(path: &Path) -> Hint {
    Hint::from_name(&path.to_string_lossy())
}

fn open(path: &Path) -> Result<File, InputError> {
    File::open(path).map_err(|e| io_error(path, "cannot open", &e))
}

/// Core's sentence for a file that cannot be opened or read, which the npm bin
/// prints too ([`LocatedError::io`]).
fn io_error(path: &Path, action: &str, error: &std::io::Error) -> InputError {
    let name = path.display().to_string();
    InputError(LocatedError::io(
        &name,
        action,
        error.raw_os_error(),
        &error.to_string(),
    ))
}

/// Reads the next chunk into `buffer` (cleared first); `Ok(0)` at the end.
fn next_chunk(file: &mut File, path: &Path, buffer: &mut Vec<u8>) -> Result<usize, InputError> {
    buffer.clear();
    file.by_ref()
        .take(CHUNK as u64)
        .read_to_end(buffer)
        .map_err(|e| io_error(path, "cannot read", &e))
}

/// The format of the file at `path` ([`Format::detect`]), reading only as far as the
/// bytes decide it.
pub fn detect(path: &Path) -> Result<Format, InputError> {
    let mut file = open(path)?;
    let (mut head, mut chunk) = (Vec::new(), Vec::new());
    loop {
        let complete = next_chunk(&mut file, path, &mut chunk)? == 0;
        head.extend_from_slice(&chunk);
        if complete && Format::is_empty(&head) {
            let error = input::InputError::Empty { hint: hint(path) };
            return Err(InputError::from(error).in_input(&path.display().to_string()));
        }
        if let Some(format) = Format::detect(&head, complete) {
            return Ok(format);
        }
    }
}

/// Hands the parts of the ledger at `path` to `sink`: what it carries, then its rows.
pub fn read<S: Sink>(path: &Path, sink: &mut S) -> Result<(), InputError>
where
    InputError: From<S::Error>,
{
    match detect(path)? {
        Format::Sqlite => read_sqlite(path, &Database::open(path)?, sink),
        _ => read_text(path, sink),
    }
}

/// A JSONL export or a bundle, through the core's [`Reader`] a chunk at a time.
fn read_text<S: Sink>(path: &Path, sink: &mut S) -> Result<(), InputError>
where
    InputError: From<S::Error>,
{
    let in_file = in_file::<S>(path);
    let mut file = open(path)?;
    let mut reader = Reader::new(hint(path));
    let mut chunk = Vec::with_capacity(CHUNK);
    while next_chunk(&mut file, path, &mut chunk)? > 0 {
        reader.feed(&chunk, sink).map_err(&in_file)?;
    }
    reader.finish(sink).map_err(in_file)
}

/// A sink's error about the file at `path`, its sentence naming the file.
fn in_file<S: Sink>(path: &Path) -> impl Fn(S::Error) -> InputError + '_
where
    InputError: From<S::Error>,
{
    move |e| InputError::from(e).in_input(&path.display().to_string())
}

fn read_sqlite<S: Sink>(path: &Path, db: &Database, sink: &mut S) -> Result<(), InputError>
where
    InputError: From<S::Error>,
{
    let in_file = in_file::<S>(path);
    sink.begin(Format::Sqlite, carried(db)?).map_err(&in_file)?;
    db.for_each_row(|row| sink.row(&row).map_err(&in_file))
}

/// What the database carries besides its entries.
fn carried(db: &Database) -> Result<Carried, InputError> {
    let (anchors, anchor_storage) = db.anchors()?;
    Ok(Carried {
        witnesses: db.witnesses()?,
        attestations: db.attestations()?,
        anchors,
        anchor_storage,
        ..Carried::default()
    })
}

/// Verifies the ledger at `path` against `trust`.
pub fn verify(path: &Path, trust: Trust) -> Result<Report, InputError> {
    if detect(path)? == Format::Sqlite {
        let db = Database::open(path)?;
        // The anchors' proofs are checked on a thread of their own meanwhile.
        let (options, proofs) = trust.verify_options_with_background_proofs(&carried(&db)?);
        let mut verifier = ChainVerifier::new(options);
        verify_entries(db, &mut verifier)?;
        if let Some(proofs) = proofs {
            verifier.set_anchor_tracks(proofs.finish());
        }
        return Ok(verifier.finish());
    }
    let mut verification = Verification::new(trust);
    read_text(path, &mut verification)?;
    Ok(verification.finish())
}

/// Calls `each` for every entry of the ledger at `path` (any format), in file order.
pub fn for_each_entry(
    path: &Path,
    each: impl FnMut(Entry) -> Result<(), InputError>,
) -> Result<(), InputError> {
    struct Each<F>(F);
    impl<F: FnMut(Entry) -> Result<(), InputError>> Sink for Each<F> {
        type Error = InputError;
        fn begin(&mut self, _: Format, _: Carried) -> Result<(), InputError> {
            Ok(())
        }
        fn row(&mut self, row: &Row) -> Result<(), InputError> {
            (self.0)(row.entry.clone())
        }
    }
    read(path, &mut Each(each))
}

/// Writes `out`: a copy of the ledger at `path` (same format) in which `redacted`
/// replaces the entry with its id and `appended` is added at the end. `path` is
/// never modified.
pub fn write_redacted(
    path: &Path,
    out: &Path,
    redacted: &Entry,
    appended: &Entry,
) -> Result<(), InputError> {
    let shown = out.display();
    let write_error = |e: std::io::Error| InputError::io(format!("{shown}: cannot write: {e}"));
    let format = detect(path)?;
    if format == Format::Sqlite {
        std::fs::copy(path, out).map_err(write_error)?;
        return crate::sqlite::apply_redaction(out, redacted, appended);
    }
    let mut ledger = Ledger::default();
    read(path, &mut ledger)?;
    for row in &mut ledger.rows {
        if row.entry.entry_id == redacted.entry_id {
            row.entry = redacted.clone();
        }
    }
    ledger.rows.push(Row {
        entry: appended.clone(),
        ..Row::default()
    });
    let text = match format {
        Format::Bundle => bundle_of(ledger).to_canonical(),
        _ => ledger
            .rows
            .iter()
            .map(|r| jsonl::write_line(&r.entry))
            .collect(),
    };
    std::fs::write(out, text).map_err(write_error)
}

fn bundle_of(ledger: Ledger) -> Bundle {
    let Carried {
        public_keys,
        witnesses,
        attestations,
        anchors,
        // Only a database's anchors have storage classes; this is a bundle or JSONL.
        anchor_storage: _,
    } = ledger.carried;
    Bundle {
        rows: ledger.rows,
        public_keys,
        witnesses,
        attestations,
        anchors,
    }
}

/// Entries per batch: read, checked and accepted together.
const BATCH: usize = 1024;

/// Streams the database's entries into `verifier`, in `entry_id` order, with both
/// cores busy and no third thread competing for them: on a rayon thread, the next
/// batch is read from SQLite while the current batch's independent checks
/// ([`CheckedBatch::compute`]), and the compact range a checkpoint check needs of
/// it, start on the pool; once the read is done, this
/// thread joins in the checks, and then accepts the batch in order. Two batches
/// exist at a time and are refilled in place, so memory stays bounded and rows cost
/// no allocation once both exist.
fn verify_entries(db: Database, verifier: &mut ChainVerifier) -> Result<(), InputError> {
    rayon::scope(move |_| {
        db.read_entries(|reader| {
            let (mut current, mut next) = (Vec::with_capacity(BATCH), Vec::with_capacity(BATCH));
            reader.fill(&mut current, BATCH)?;
            let returns = Returns::for_verifier(verifier);
            while !current.is_empty() {
                let mut batch = None;
                let keys = verifier.keys();
                rayon::in_place_scope(|scope| {
                    scope
                        .spawn(|_| batch = Some(CheckedBatch::compute(0, &current, keys, returns)));
                    reader.fill(&mut next, BATCH)
                })?;
                let batch = batch.expect("the scope ran the checks");
                batch.accept(&current, verifier);
                std::mem::swap(&mut current, &mut next);
            }
            Ok(())
        })
    })
}

//! The `nexuscone` command's ledger commands on bytes, for every front end that
//! offers them: the Rust CLI (`cli/`) and the npm package's `nexuscone` bin (through
//! `wasm/`). The rules live here once: which format a ledger file is (by the CLI's
//! rule: SQLite header, then extension), how a key file reads, how a ledger of any
//! format becomes entries and a report, and what `verify` prints
//! (`docs/FORMAT.md`; exit codes as the Python `nexuscone-verify`).
//!
//! What this module is NOT: it does no I/O. Front ends read files (whole, or in
//! chunks for [`Verification`]) and write [`Printed`] to stdout and stderr. The Rust
//! CLI reads SQLite with rusqlite; here SQLite goes through the core's own reader
//! ([`crate::sqlite`]), which `cli/tests/sqlite_readers.rs` proves reads the same rows.

use std::collections::BTreeMap;

use crate::canonical::{self, Value};
use crate::chain::{ChainVerifier, VerifyOptions};
use crate::entry::Entry;
use crate::export::bundle::Bundle;
use crate::export::jsonl::{self, LineSplitter};
use crate::export::Row;
use crate::merkle::{entry_leaf_hex, CompactRange, LeafHash, RootHash};
use crate::report::Report;
use crate::signature::KeyRing;
use crate::sqlite::tables::{LedgerTables, TableError};
use crate::sqlite::Database;

/// The first 16 bytes of every SQLite 3 database (SQLite file format, §1.3).
pub const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The three ledger formats of `docs/FORMAT.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerFormat {
    /// A Nexuscone SQLite database.
    Sqlite,
    /// A JSONL export.
    Jsonl,
    /// A ledger bundle.
    Bundle,
}

impl LedgerFormat {
    /// The format of the file `name` whose first bytes are `head` (16 suffice): an
    /// SQLite header makes it a database; otherwise a `.json` name makes it a bundle
    /// and any other name JSONL.
    ///
    /// # Errors
    /// A `.sqlite`, `.sqlite3` or `.db` name without the SQLite header.
    pub fn detect(head: &[u8], name: &str) -> Result<LedgerFormat, String> {
        if head.starts_with(SQLITE_MAGIC) {
            return Ok(LedgerFormat::Sqlite);
        }
        match extension(name).map(str::to_ascii_lowercase).as_deref() {
            Some("sqlite" | "sqlite3" | "db") => Err(format!(
                "{name}: not an SQLite 3 database (byte 0: bad header)"
            )),
            Some("json") => Ok(LedgerFormat::Bundle),
            _ => Ok(LedgerFormat::Jsonl),
        }
    }
}

/// The extension of the last component of a path, as `std::path::Path::extension`.
fn extension(name: &str) -> Option<&str> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => Some(ext),
        _ => None,
    }
}

/// A key file (`--keys`, `--witness-keys`): a JSON object mapping a name (key id or
/// witness label) to a hex public key. A repeated name keeps its last value.
///
/// # Errors
/// Text that is not such an object, naming the file and, for JSON errors, where.
pub fn key_file(bytes: &[u8], name: &str) -> Result<BTreeMap<String, String>, String> {
    let expected = format!("{name}: expected a JSON object of name to hex public key");
    let Value::Object(members) = canonical::parse(bytes).map_err(|e| format!("{expected}: {e}"))?
    else {
        return Err(expected);
    };
    members
        .iter()
        .map(|(k, v)| match (k.as_str(), v) {
            (Some(k), Value::String(v)) => v
                .as_str()
                .map(|v| (k.to_owned(), v.to_owned()))
                .ok_or_else(|| expected.clone()),
            _ => Err(expected.clone()),
        })
        .collect()
}

/// The entry-signing keys of a key file as the verifier's key ring.
///
/// # Errors
/// A key that is not 32 bytes of hex.
pub fn key_ring(keys: &BTreeMap<String, String>) -> Result<KeyRing, String> {
    KeyRing::from_hex(keys.iter().map(|(id, key)| (id.as_str(), key.as_str())))
        .map_err(|e| format!("keys: {e}"))
}

/// A ledger file verified as its bytes arrive: JSONL line by line (memory holds one
/// line and the verifier's state), SQLite and bundles once whole.
#[derive(Debug)]
pub struct Verification {
    name: String,
    keys: Option<BTreeMap<String, String>>,
    state: State,
    entries: u64,
}

#[derive(Debug)]
enum State {
    /// Fewer than 16 bytes seen: the format is not known yet.
    Head(Vec<u8>),
    /// The line splitter, the verifier and the row every line is read into.
    Jsonl(Box<(LineSplitter, ChainVerifier, Row)>),
    Whole(LedgerFormat, Vec<u8>),
}

impl Verification {
    /// Verifies the file `name` against the caller's entry-signing `keys` (a key
    /// file), or against none (signatures unchecked, a bundle's own keys marked
    /// self-asserted).
    ///
    /// # Errors
    /// Keys that do not read.
    pub fn new(name: &str, keys: Option<BTreeMap<String, String>>) -> Result<Verification, String> {
        if let Some(keys) = &keys {
            key_ring(keys)?;
        }
        Ok(Verification {
            name: name.to_owned(),
            keys,
            state: State::Head(Vec::new()),
            entries: 0,
        })
    }

    /// Entries verified so far (JSONL; SQLite and bundles count at the end).
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// Feeds the next chunk of the file.
    ///
    /// # Errors
    /// The format cannot be the name's, or a JSONL line is not an entry row.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), String> {
        match &mut self.state {
            State::Head(head) => {
                head.extend_from_slice(chunk);
                if head.len() >= SQLITE_MAGIC.len() {
                    let head = std::mem::take(head);
                    self.begin(&head)?;
                    return self.push(&head);
                }
                Ok(())
            }
            State::Jsonl(jsonl) => {
                let (splitter, verifier, row) = &mut **jsonl;
                let (name, entries) = (&self.name, &mut self.entries);
                splitter.feed(chunk, |line, number| {
                    push_line(verifier, row, entries, line, number, name)
                })
            }
            State::Whole(_, bytes) => {
                bytes.extend_from_slice(chunk);
                Ok(())
            }
        }
    }

    fn begin(&mut self, head: &[u8]) -> Result<(), String> {
        self.state = match LedgerFormat::detect(head, &self.name)? {
            LedgerFormat::Jsonl => State::Jsonl(Box::new((
                LineSplitter::new(),
                ChainVerifier::new(self.options()?),
                Row::default(),
            ))),
            format => State::Whole(format, Vec::new()),
        };
        Ok(())
    }

    fn options(&self) -> Result<VerifyOptions, String> {
        let keys = self.keys.as_ref().map(key_ring).transpose()?;
        Ok(VerifyOptions {
            keys: keys.unwrap_or_default(),
            ..VerifyOptions::default()
        })
    }

    /// Ends the file and returns the report.
    ///
    /// # Errors
    /// Input that does not read, naming the file and where.
    pub fn finish(mut self) -> Result<Report, String> {
        if let State::Head(head) = &mut self.state {
            let head = std::mem::take(head);
            self.begin(&head)?;
            self.push(&head)?;
        }
        let mut options = self.options()?;
        let Verification {
            name,
            keys,
            state,
            mut entries,
        } = self;
        let rows = match state {
            State::Jsonl(jsonl) => {
                let (splitter, mut verifier, mut row) = *jsonl;
                splitter.finish(|line, number| {
                    push_line(&mut verifier, &mut row, &mut entries, line, number, &name)
                })?;
                return Ok(verifier.finish());
            }
            State::Whole(format, bytes) => {
                read_whole(format, &bytes, &name, &mut options, keys.is_some())?
            }
            State::Head(_) => Vec::new(),
        };
        let mut verifier = ChainVerifier::new(options);
        for row in &rows {
            verifier.push_row(row);
        }
        Ok(verifier.finish())
    }
}

fn push_line(
    verifier: &mut ChainVerifier,
    row: &mut Row,
    entries: &mut u64,
    line: &[u8],
    number: usize,
    name: &str,
) -> Result<(), String> {
    if jsonl::read_line(line, number, row).map_err(|e| format!("{name}: {e}"))? {
        verifier.push_row(row);
        *entries += 1;
    }
    Ok(())
}

/// The rows of a whole SQLite or bundle file, and into `options` what they carry (a
/// database's witnesses, attestations and anchors; a bundle's keys and witnesses).
fn read_whole(
    format: LedgerFormat,
    bytes: &[u8],
    name: &str,
    options: &mut VerifyOptions,
    keys_from_caller: bool,
) -> Result<Vec<Row>, String> {
    if format == LedgerFormat::Bundle {
        let bundle = Bundle::parse(bytes).map_err(|e| format!("{name}: {e}"))?;
        return options
            .adopt_bundle(bundle, keys_from_caller)
            .map_err(|e| format!("keys: {e}"));
    }
    let tables = sqlite_tables(bytes, name)?;
    let text = |e: TableError| format!("{name}: {e}");
    options.witnesses = tables.witnesses().map_err(text)?;
    options.attestations = tables.attestations().map_err(text)?;
    options.anchor_count = tables.anchors().map_err(text)?.len();
    tables
        .entries()
        .map_err(text)?
        .map(|entry| entry.map(row_of).map_err(text))
        .collect()
}

fn row_of(entry: Entry) -> Row {
    Row {
        entry,
        payload_canonicalised: false,
    }
}

fn sqlite_tables<'a>(bytes: &'a [u8], name: &str) -> Result<LedgerTables<'a>, String> {
    let db = Database::parse(bytes).map_err(|e| format!("{name}: {e}"))?;
    if db.wal_mode() {
        return Err(format!(
            "{name}: the database is in WAL mode, so its newest entries may be in a -wal file; checkpoint it first (PRAGMA wal_checkpoint(TRUNCATE))"
        ));
    }
    LedgerTables::new(db).map_err(|e| format!("{name}: {e}"))
}

/// Calls `each` for every entry of a whole ledger file, in file order.
///
/// # Errors
/// Input that does not read, naming the file and where; or the first error of `each`.
pub fn for_each_entry(
    bytes: &[u8],
    name: &str,
    mut each: impl FnMut(Entry) -> Result<(), String>,
) -> Result<(), String> {
    match LedgerFormat::detect(bytes, name)? {
        LedgerFormat::Jsonl => {
            let mut splitter = LineSplitter::new();
            let mut on_line = |line: &[u8], number: usize| match jsonl::parse_line(line, number) {
                Ok(Some(row)) => each(row.entry),
                Ok(None) => Ok(()),
                Err(e) => Err(format!("{name}: {e}")),
            };
            splitter.feed(bytes, &mut on_line)?;
            splitter.finish(on_line)
        }
        LedgerFormat::Bundle => {
            let bundle = Bundle::parse(bytes).map_err(|e| format!("{name}: {e}"))?;
            bundle.rows.into_iter().try_for_each(|row| each(row.entry))
        }
        LedgerFormat::Sqlite => {
            let tables = sqlite_tables(bytes, name)?;
            let text = |e: TableError| format!("{name}: {e}");
            for entry in tables.entries().map_err(text)? {
                each(entry.map_err(text)?)?;
            }
            Ok(())
        }
    }
}

/// The Merkle root (RFC 9162 §2.1.1) of a ledger's first `size` entries, or of all
/// of them, built as the entries arrive (`nexuscone root`), in O(log n) memory.
#[derive(Debug, Default)]
pub struct RootOf {
    range: CompactRange,
    size: Option<u64>,
    total: u64,
}

impl RootOf {
    /// The root of the first `size` entries (`None`: all).
    pub fn new(size: Option<u64>) -> RootOf {
        RootOf {
            size,
            ..RootOf::default()
        }
    }

    /// Takes the next entry.
    ///
    /// # Errors
    /// An `entry_hash` that is not 64 hex characters, so has no leaf.
    pub fn push(&mut self, entry: &Entry) -> Result<(), String> {
        self.total += 1;
        if !matches!(self.size, Some(s) if self.range.size() >= s) {
            self.range.append(leaf(entry)?);
        }
        Ok(())
    }

    /// The tree size and its root.
    ///
    /// # Errors
    /// A size larger than the ledger.
    pub fn finish(self) -> Result<(u64, RootHash), String> {
        let size = self.size.unwrap_or(self.total);
        check_size(size, self.total)?;
        Ok((size, self.range.root()))
    }
}

/// The Merkle leaf of an entry (its `entry_hash`'s 32 bytes, `docs/SPEC.md`).
///
/// # Errors
/// An `entry_hash` that is not 64 hex characters.
pub fn leaf(entry: &Entry) -> Result<LeafHash, String> {
    entry_leaf_hex(&entry.entry_hash).ok_or_else(|| {
        format!(
            "entry {}: entry_hash {:?} is not 64 hex characters, so it has no Merkle leaf",
            entry.entry_id, entry.entry_hash
        )
    })
}

/// Checks that a requested tree size fits a ledger of `available` entries.
///
/// # Errors
/// `size` larger than `available`.
pub fn check_size(size: u64, available: u64) -> Result<(), String> {
    if size > available {
        return Err(format!(
            "tree size {size} is larger than the ledger ({available} entries)"
        ));
    }
    Ok(())
}

/// `nexuscone root`'s output for a whole ledger file.
pub fn root(bytes: &[u8], name: &str, size: Option<u64>) -> Printed {
    let mut root = RootOf::new(size);
    match for_each_entry(bytes, name, |entry| root.push(&entry)).and_then(|()| root.finish()) {
        Ok((_, hash)) => Printed {
            stdout: format!("{hash}\n"),
            ..Printed::default()
        },
        Err(message) => Printed::error(&message),
    }
}

/// `nexuscone canonical`'s output for the JSON text read from stdin.
pub fn canonical(stdin: &[u8]) -> Printed {
    match canonical::canonicalize(stdin) {
        Ok(text) => Printed {
            stdout: text,
            ..Printed::default()
        },
        Err(e) => Printed::error(&format!("stdin: {e}")),
    }
}

/// What a command prints, and its exit code: 0 valid, 1 verification failed, 2
/// unreadable input or bad usage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Printed {
    /// Text for standard output.
    pub stdout: String,
    /// Text for standard error.
    pub stderr: String,
    /// The exit code.
    pub code: u8,
}

impl Printed {
    /// An input error: `error: MESSAGE` on stderr, exit code 2.
    pub fn error(message: &str) -> Printed {
        Printed {
            stderr: format!("error: {message}\n"),
            code: 2,
            ..Printed::default()
        }
    }

    /// `verify`'s text for a report (without `--json`, whose indented JSON of the
    /// report each front end prints with its own JSON writer): the Python CLI's line
    /// (`OK · chain valid (N entries)` on stdout, or `FAIL · <first failure>` on
    /// stderr), then on stderr warnings, a matched checkpoint and what was not
    /// verified. Exit code 0 when valid, else 1.
    pub fn verify(report: &Report) -> Printed {
        let code = if report.valid { 0 } else { 1 };
        let mut printed = Printed {
            code,
            ..Printed::default()
        };
        match &report.first_failure {
            None => printed.stdout = format!("OK · chain valid ({} entries)\n", report.entries),
            Some(failure) => printed.line(format!("FAIL · {}", failure.message)),
        }
        if report.first_failure.is_some() && report.failures_total > 1 {
            let more = report.failures_total - 1;
            printed.line(format!("  … and {more} more failures (--json lists them)"));
        }
        printed.notes(report);
        printed
    }

    fn notes(&mut self, report: &Report) {
        for warning in report.warnings.iter().take(3) {
            self.line(format!("warning · {}", warning.message));
        }
        if report.warnings_total > 3 {
            let more = report.warnings_total - 3;
            self.line(format!("  … and {more} more warnings (--json lists them)"));
        }
        if let Some(checkpoint) = report.checkpoint.as_ref().filter(|c| c.matched) {
            self.line(format!(
                "checkpoint · {} tree size {} root {} matched",
                checkpoint.origin, checkpoint.size, checkpoint.root
            ));
        }
        for limit in &report.limits {
            self.line(format!("not verified · {}", limit.message));
        }
    }

    fn line(&mut self, text: String) {
        self.stderr.push_str(&text);
        self.stderr.push('\n');
    }
}

//! The parts of a ledger, from any format: what it carries besides its entries
//! ([`Carried`]), then its entry rows in stored order, handed to a [`Sink`].
//!
//! [`read`] reads an input held whole (SQLite through the core's file-format reader
//! [`crate::sqlite`], without a copy); [`Reader`] reads one arriving in chunks cut
//! anywhere: a JSONL export is read line by line as it arrives and never held whole,
//! a bundle or database is read once complete. Both give a sink the same calls.

use std::collections::BTreeMap;

use crate::anchor::row::AnchorRow;
use crate::canonical::Value;
use crate::export::bundle::Bundle;
use crate::export::{jsonl, Row};
use crate::mistyped::Mistyped;
use crate::sqlite::tables::{Entries, LedgerTables};
use crate::sqlite::{Database, PageSource};
use crate::witness::{Witness, WitnessAttestation};

use super::error::InputError;
use super::format::{Format, Hint};
use super::lines::{Line, LineSplitter, Lines, BOM};

/// What a ledger carries besides its entries. A JSONL export carries nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Carried {
    /// Entry-signing public keys (hex) by key id, shipped inside the ledger (bundles):
    /// self-asserted, they prove consistency, not authorship.
    pub public_keys: BTreeMap<String, String>,
    /// Registered witnesses.
    pub witnesses: Vec<Witness>,
    /// Witness attestations.
    pub attestations: Vec<WitnessAttestation>,
    /// Anchor rows, one JSON object per row (BLOB columns as lowercase hex).
    pub anchors: Vec<Value>,
    /// A database's anchor rows' mistyped columns, found from their storage classes
    /// (which the JSON objects cannot all show), one list per row of `anchors`. Empty
    /// for JSON input, whose objects are type-checked as JSON.
    pub anchor_storage: Vec<Vec<Mistyped>>,
}

impl Carried {
    /// The anchor rows, each with its mistyped columns.
    pub fn anchor_rows(&self) -> impl Iterator<Item = AnchorRow> + '_ {
        self.anchors
            .iter()
            .enumerate()
            .map(|(index, value)| match self.anchor_storage.get(index) {
                Some(mistyped) => AnchorRow::with_mistyped(value, mistyped.clone()),
                None => AnchorRow::from_value(value),
            })
    }
}

/// Receives a ledger's parts: [`Sink::begin`] once, then [`Sink::row`] per entry.
pub trait Sink {
    /// The sink's error; reading errors convert into it.
    type Error: From<InputError>;

    /// The format and what the ledger carries, before any row.
    ///
    /// # Errors
    /// Whatever stops the sink.
    fn begin(&mut self, format: Format, carried: Carried) -> Result<(), Self::Error>;

    /// The next entry row, in stored order.
    ///
    /// # Errors
    /// Whatever stops the sink.
    fn row(&mut self, row: &Row) -> Result<(), Self::Error>;
}

/// A ledger read whole into memory: the [`Sink`] that keeps everything.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ledger {
    /// The format it was read from (`None` before [`Sink::begin`]).
    pub format: Option<Format>,
    /// What it carries besides its entries.
    pub carried: Carried,
    /// The entry rows, in stored order.
    pub rows: Vec<Row>,
}

impl Ledger {
    /// Reads a whole input ([`read`]) into memory.
    ///
    /// # Errors
    /// As [`read`].
    pub fn read(bytes: &[u8], hint: Hint) -> Result<Ledger, InputError> {
        let mut ledger = Ledger::default();
        read(bytes, hint, &mut ledger)?;
        Ok(ledger)
    }
}

impl Sink for Ledger {
    type Error = InputError;

    fn begin(&mut self, format: Format, carried: Carried) -> Result<(), InputError> {
        self.format = Some(format);
        self.carried = carried;
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<(), InputError> {
        self.rows.push(row.clone());
        Ok(())
    }
}

/// Reads an input held whole: detects its format ([`Format::detect`]) and hands its
/// parts to `sink`.
///
/// # Errors
/// [`InputError`] for input that is not a ledger; the sink's own errors.
pub fn read<S: Sink>(bytes: &[u8], hint: Hint, sink: &mut S) -> Result<(), S::Error> {
    match detect(bytes, hint)? {
        Format::Jsonl => {
            sink.begin(Format::Jsonl, Carried::default())?;
            let mut row = Row::default();
            for line in Lines::new(bytes) {
                if read_line(line, &mut row)? {
                    sink.row(&row)?;
                }
            }
            Ok(())
        }
        format => read_document(format, bytes, sink),
    }
}

/// The format of a whole input, or why it has none.
fn detect(bytes: &[u8], hint: Hint) -> Result<Format, InputError> {
    if Format::is_empty(bytes) {
        return Err(InputError::Empty { hint });
    }
    Ok(Format::detect(bytes, true).unwrap_or(Format::Jsonl))
}

/// One JSONL line into `row`; false for a blank line.
fn read_line(line: Line<'_>, row: &mut Row) -> Result<bool, InputError> {
    jsonl::read_line(line.text, line.number, row).map_err(|error| InputError::Line {
        line: line.number,
        offset: line.offset,
        error,
    })
}

/// A bundle, a database or a disclosure, held whole.
fn read_document<S: Sink>(format: Format, bytes: &[u8], sink: &mut S) -> Result<(), S::Error> {
    match format {
        Format::Bundle => read_bundle(bytes, sink),
        Format::Sqlite => read_sqlite(bytes, sink),
        Format::Disclosure => Err(InputError::Disclosure.into()),
        Format::Jsonl => read(bytes, Hint::None, sink),
    }
}

fn read_bundle<S: Sink>(bytes: &[u8], sink: &mut S) -> Result<(), S::Error> {
    let text = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let bundle = Bundle::parse(text).map_err(InputError::Bundle)?;
    let carried = Carried {
        public_keys: bundle.public_keys,
        witnesses: bundle.witnesses,
        attestations: bundle.attestations,
        anchors: bundle.anchors,
        anchor_storage: Vec::new(),
    };
    sink.begin(Format::Bundle, carried)?;
    for row in &bundle.rows {
        sink.row(row)?;
    }
    Ok(())
}

fn read_sqlite<S: Sink>(bytes: &[u8], sink: &mut S) -> Result<(), S::Error> {
    read_database(bytes, sink)
}

/// Reads an SQLite database from `source` a page at a time, never holding it whole
/// (the viewer reads a large database's pages from its `File`); the sink gets what
/// [`read`] gives it for the database's bytes.
///
/// # Errors
/// As [`read`] for a database, and the source's read errors.
pub fn read_database<S: Sink>(source: impl PageSource, sink: &mut S) -> Result<(), S::Error> {
    let mut rows = DatabaseRows::open(source, sink)?;
    while rows.read(usize::MAX, sink)? {}
    Ok(())
}

/// The entry rows of an SQLite database read from a [`PageSource`] a few at a time,
/// so that a caller can hand them on (to a worker pool) between reads: neither the
/// file nor its rows are ever held whole.
pub struct DatabaseRows<'a> {
    entries: Entries<'a>,
}

impl<'a> DatabaseRows<'a> {
    /// Opens the database `source` holds and gives `sink` its format and what it
    /// carries ([`Sink::begin`]); its rows follow with [`DatabaseRows::read`].
    ///
    /// # Errors
    /// As [`read`] for a database (a WAL-mode database is refused), and the
    /// source's read errors.
    pub fn open<S: Sink>(
        source: impl PageSource + 'a,
        sink: &mut S,
    ) -> Result<DatabaseRows<'a>, S::Error> {
        let db = Database::open(source).map_err(|e| InputError::Sqlite(e.into()))?;
        if db.wal_mode() {
            return Err(InputError::WalMode.into());
        }
        let tables = LedgerTables::new(db).map_err(InputError::from)?;
        let (anchors, anchor_storage) = tables.anchors().map_err(InputError::from)?;
        let carried = Carried {
            public_keys: BTreeMap::new(),
            witnesses: tables.witnesses().map_err(InputError::from)?,
            attestations: tables.attestations().map_err(InputError::from)?,
            anchors,
            anchor_storage,
        };
        sink.begin(Format::Sqlite, carried)?;
        let entries = tables.entries().map_err(InputError::from)?;
        Ok(DatabaseRows { entries })
    }

    /// Hands the next `max` rows (fewer at the end) to `sink`, one at a time.
    /// `Ok(false)` once every row has been handed on.
    ///
    /// # Errors
    /// A row that cannot be read (its page, record or columns); the sink's own.
    pub fn read<S: Sink>(&mut self, max: usize, sink: &mut S) -> Result<bool, S::Error> {
        for _ in 0..max {
            match self.entries.next() {
                Some(row) => sink.row(&row.map_err(InputError::from)?)?,
                None => return Ok(false),
            }
        }
        Ok(true)
    }
}

impl std::fmt::Debug for DatabaseRows<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseRows").finish_non_exhaustive()
    }
}

/// Reads an input arriving in chunks cut anywhere ([`Reader::feed`], then
/// [`Reader::finish`]), giving a sink the calls [`read`] gives it for the whole input.
#[derive(Debug)]
pub struct Reader {
    hint: Hint,
    state: State,
}

#[derive(Debug)]
enum State {
    /// The format is not known yet: the bytes so far.
    Detecting(Vec<u8>),
    /// JSONL, read as it arrives; the row is reused for every line.
    Jsonl(LineSplitter, Box<Row>),
    /// A document read once complete.
    Whole(Format, Vec<u8>),
}

impl Reader {
    /// A reader at the start of an input whose name gave `hint`.
    pub fn new(hint: Hint) -> Reader {
        Reader {
            hint,
            state: State::Detecting(Vec::new()),
        }
    }

    /// The format, once the bytes so far tell it.
    pub fn format(&self) -> Option<Format> {
        match &self.state {
            State::Detecting(_) => None,
            State::Jsonl(..) => Some(Format::Jsonl),
            State::Whole(format, _) => Some(*format),
        }
    }

    /// Feeds the next chunk; JSONL rows it completes go to `sink`.
    ///
    /// # Errors
    /// As [`read`], for the lines completed so far.
    pub fn feed<S: Sink>(&mut self, chunk: &[u8], sink: &mut S) -> Result<(), S::Error> {
        match &mut self.state {
            State::Jsonl(splitter, row) => feed_lines(splitter, row, chunk, sink),
            State::Whole(_, bytes) => {
                bytes.extend_from_slice(chunk);
                Ok(())
            }
            State::Detecting(head) => {
                head.extend_from_slice(chunk);
                if Format::is_empty(head) {
                    return Ok(());
                }
                match Format::detect(head, false) {
                    Some(Format::Jsonl) => {
                        let head = std::mem::take(head);
                        sink.begin(Format::Jsonl, Carried::default())?;
                        self.state = State::Jsonl(LineSplitter::new(), Box::default());
                        self.feed(&head, sink)
                    }
                    Some(format) => {
                        self.state = State::Whole(format, std::mem::take(head));
                        Ok(())
                    }
                    None => Ok(()),
                }
            }
        }
    }

    /// Ends the input: reads what was held back.
    ///
    /// # Errors
    /// As [`read`].
    pub fn finish<S: Sink>(self, sink: &mut S) -> Result<(), S::Error> {
        match self.state {
            State::Jsonl(splitter, mut row) => splitter.finish(|line| {
                if read_line(line, &mut row)? {
                    sink.row(&row)?;
                }
                Ok(())
            }),
            State::Whole(format, bytes) => read_document(format, &bytes, sink),
            State::Detecting(head) => read(&head, self.hint, sink),
        }
    }
}

fn feed_lines<S: Sink>(
    splitter: &mut LineSplitter,
    row: &mut Row,
    chunk: &[u8],
    sink: &mut S,
) -> Result<(), S::Error> {
    splitter.feed(chunk, |line| {
        if read_line(line, row)? {
            sink.row(row)?;
        }
        Ok(())
    })
}

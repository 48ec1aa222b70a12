//! Nexuscone's tables in an SQLite database, as core values: which columns each
//! schema has, and how one row's values become an [`Entry`], a [`Witness`], a
//! [`WitnessAttestation`] or an anchor object. Written once for every reader of
//! rows: the file-format reader of [`super`] (the browser viewer, through
//! [`LedgerTables`]) and rusqlite (the CLI) both hand their rows over as [`SqlRow`].
//!
//! The schemas (Python `nexuscone`, `Ledger.init()`):
//! - 0.1.0: `entries(entry_id, timestamp, actor, action, payload, previous_hash,
//!   entry_hash, signature, signing_key_id)`; every row hashes as format 1.
//! - 0.2.x: `entries` also has `event_type` and `format_version` (a migrated 0.1.0
//!   table got them by `ALTER TABLE … ADD COLUMN` with defaults `'request'` and `1`,
//!   which a reader supplies for the older, shorter records), and the tables
//!   `witnesses`, `witness_attestations` and `anchors` exist.
//! - format 3 (ours, `docs/SPEC.md`): `entries` also has `payload_hash` and
//!   `payload_salt`.
//!
//! Column names match ignoring ASCII case, as in SQL. Readers hand rows over in
//! `ORDER BY id, rowid` order ([`Table::id_column`]); in a Nexuscone database the id
//! is the `INTEGER PRIMARY KEY`, so that is rowid order.
//!
//! What this module is NOT: a database reader. It parses no file format, runs no
//! SQL and does no I/O; [`LedgerTables`] drives the file-format reader of [`super`]
//! over bytes already in memory.

use std::borrow::Cow;
use std::cmp::Ordering;

use thiserror::Error;

use super::{Database, Rows, SqlRef, SqlValue, SqliteError};
use crate::anchor::row::COLUMNS;
use crate::canonical::{JsonString, Value};
use crate::entry::Entry;
use crate::export::Row;
use crate::mistyped::Mistyped;
use crate::order::sorted_positions;
use crate::witness::{Witness, WitnessAttestation};

/// One row of a table: its values by column index, in the order of the column
/// names its table's columns were found in (`find`).
pub trait SqlRow {
    /// The value of column `index`, `None` when the row has no such column.
    fn value(&self, index: usize) -> Option<SqlRef<'_>>;
}

impl SqlRow for [SqlValue] {
    fn value(&self, index: usize) -> Option<SqlRef<'_>> {
        self.get(index).map(SqlValue::as_ref)
    }
}

/// The tables of a Nexuscone ledger that are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// `entries`: the hash chain.
    Entries,
    /// `witnesses`: registered witness keys.
    Witnesses,
    /// `witness_attestations`: signed chain heads.
    WitnessAttestations,
    /// `anchors`: external timestamps (carried, not verified).
    Anchors,
}

impl Table {
    /// The table's name.
    pub fn name(self) -> &'static str {
        match self {
            Table::Entries => "entries",
            Table::Witnesses => "witnesses",
            Table::WitnessAttestations => "witness_attestations",
            Table::Anchors => "anchors",
        }
    }

    /// The column rows are read in the order of (ties in rowid order).
    pub fn id_column(self) -> &'static str {
        match self {
            Table::Entries => "entry_id",
            Table::Witnesses => "witness_id",
            Table::WitnessAttestations => "attestation_id",
            Table::Anchors => "anchor_id",
        }
    }
}

/// Where a bad value is: the row's id, or its position (1-based, in reading order)
/// when the id itself could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowAt {
    /// The row's id ([`Table::id_column`]).
    Id(i64),
    /// The row's position in reading order.
    Position(u64),
}

impl std::fmt::Display for RowAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowAt::Id(id) => write!(f, "row {id}"),
            RowAt::Position(n) => write!(f, "row number {n}"),
        }
    }
}

/// What is wrong with one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ValueProblem {
    /// The value has another storage class than the column needs.
    #[error("expected {expected}, found {found}")]
    Type {
        /// `INTEGER` or `TEXT`.
        expected: &'static str,
        /// `NULL`, `INTEGER`, `REAL`, `TEXT` or `BLOB`.
        found: &'static str,
    },
    /// TEXT that is not UTF-8 (Python's `sqlite3` refuses to decode it too).
    #[error("TEXT is not valid UTF-8 (byte {0})")]
    NotUtf8(usize),
    /// The row has fewer values than the table has columns.
    #[error("the row has no value for it")]
    Missing,
}

/// Why a database's tables are not a Nexuscone ledger's, or a row could not be read.
#[derive(Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TableError {
    /// The database has no `entries` table.
    #[error("not a Nexuscone ledger: it has no entries table")]
    NoEntries,
    /// A table lacks a column every Nexuscone schema has.
    #[error("unknown schema: the {} table has no {column} column", table.name())]
    MissingColumn {
        /// The table.
        table: Table,
        /// The column it lacks.
        column: &'static str,
    },
    /// `entries` has one of `event_type` and `format_version` but not the other.
    #[error("unknown schema: the entries table has only one of event_type and format_version")]
    HalfVersioned,
    /// A value of a row could not be read as its column requires.
    #[error("{} {row} column {column}: {problem}", table.name())]
    Value {
        /// The table.
        table: Table,
        /// The row.
        row: RowAt,
        /// The column.
        column: &'static str,
        /// What is wrong with the value.
        problem: ValueProblem,
    },
    /// The file-format reader could not read the database ([`LedgerTables`] only).
    #[error(transparent)]
    File(#[from] SqliteError),
}

/// The index of `column` among `columns` (ignoring ASCII case).
fn index_of(table: Table, columns: &[String], column: &'static str) -> Result<usize, TableError> {
    columns
        .iter()
        .position(|c| c.eq_ignore_ascii_case(column))
        .ok_or(TableError::MissingColumn { table, column })
}

fn has(columns: &[String], column: &str) -> bool {
    columns.iter().any(|c| c.eq_ignore_ascii_case(column))
}

fn storage_class(value: SqlRef<'_>) -> &'static str {
    match value {
        SqlRef::Null => "NULL",
        SqlRef::Integer(_) => "INTEGER",
        SqlRef::Real(_) => "REAL",
        SqlRef::Text(_) => "TEXT",
        SqlRef::Blob(_) => "BLOB",
    }
}

/// Typed reads of one row's values, with errors naming table, row and column.
struct Fields<'r, R: SqlRow + ?Sized> {
    row: &'r R,
    table: Table,
    at: RowAt,
}

impl<'r, R: SqlRow + ?Sized> Fields<'r, R> {
    fn error(&self, column: &'static str, problem: ValueProblem) -> TableError {
        TableError::Value {
            table: self.table,
            row: self.at,
            column,
            problem,
        }
    }

    fn value(&self, index: usize, column: &'static str) -> Result<SqlRef<'r>, TableError> {
        self.row
            .value(index)
            .ok_or_else(|| self.error(column, ValueProblem::Missing))
    }
}

/// Reads of one row's values that note a value of another storage class as
/// [`Mistyped`] and read it as text (or 0), instead of failing ([`crate::mistyped`]).
struct Typed<'f, 'r, R: SqlRow + ?Sized> {
    fields: &'f Fields<'r, R>,
    mistyped: &'f mut Vec<Mistyped>,
}

impl<R: SqlRow + ?Sized> Typed<'_, '_, R> {
    fn note(&mut self, column: &'static str, expected: &'static str, found: &'static str) {
        let found = found.to_owned();
        self.mistyped.push(Mistyped {
            field: column,
            expected,
            found,
        });
    }

    /// An INTEGER column; `None` when it holds another storage class.
    fn int(&mut self, index: usize, column: &'static str) -> Result<Option<i64>, TableError> {
        match self.fields.value(index, column)? {
            SqlRef::Integer(v) => Ok(Some(v)),
            other => {
                self.note(column, "INTEGER", storage_class(other));
                Ok(None)
            }
        }
    }

    /// A TEXT column into `out` (`None` for NULL): another storage class, or TEXT
    /// that is not UTF-8, is read as text and noted. A NULL in a column that must
    /// not hold one (`nullable` false) is noted and read as empty.
    fn text_into(
        &mut self,
        index: usize,
        column: &'static str,
        nullable: bool,
        out: &mut Option<String>,
    ) -> Result<(), TableError> {
        let value = self.fields.value(index, column)?;
        let text = match value {
            SqlRef::Null if nullable => {
                *out = None;
                return Ok(());
            }
            SqlRef::Text(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => {
                    self.note(column, "TEXT", "TEXT that is not UTF-8");
                    String::from_utf8_lossy(bytes)
                }
            },
            other => {
                self.note(column, "TEXT", storage_class(other));
                as_text(other)
            }
        };
        let buffer = out.get_or_insert_with(String::new);
        buffer.clear();
        buffer.push_str(&text);
        Ok(())
    }

    /// An INTEGER column that must not be NULL, 0 when it holds another storage class.
    fn int_or_zero(&mut self, index: usize, column: &'static str) -> Result<i64, TableError> {
        Ok(self.int(index, column)?.unwrap_or(0))
    }

    /// A TEXT column that must not be NULL ([`Typed::text_into`]).
    fn text(&mut self, index: usize, column: &'static str) -> Result<String, TableError> {
        let mut out = String::new();
        self.required_into(index, column, &mut out)?;
        Ok(out)
    }

    /// A TEXT column that may be NULL ([`Typed::text_into`]).
    fn opt_text(
        &mut self,
        index: usize,
        column: &'static str,
    ) -> Result<Option<String>, TableError> {
        let mut out = None;
        self.text_into(index, column, true, &mut out)?;
        Ok(out)
    }

    /// [`Typed::text_into`] of a column that must not be NULL.
    fn required_into(
        &mut self,
        index: usize,
        column: &'static str,
        out: &mut String,
    ) -> Result<(), TableError> {
        let mut slot = Some(std::mem::take(out));
        self.text_into(index, column, false, &mut slot)?;
        *out = slot.unwrap_or_default();
        Ok(())
    }
}

/// A value that is not TEXT, as text: a number in decimal, a BLOB decoded lossily,
/// NULL as empty.
fn as_text(value: SqlRef<'_>) -> Cow<'_, str> {
    match value {
        SqlRef::Null => Cow::Borrowed(""),
        SqlRef::Integer(v) => Cow::Owned(v.to_string()),
        SqlRef::Real(v) => Cow::Owned(v.to_string()),
        SqlRef::Text(bytes) | SqlRef::Blob(bytes) => String::from_utf8_lossy(bytes),
    }
}

/// Where the `entries` columns are in a row, and which schema the table has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryColumns {
    entry_id: usize,
    timestamp: usize,
    actor: usize,
    action: usize,
    payload: usize,
    previous_hash: usize,
    entry_hash: usize,
    signature: usize,
    signing_key_id: usize,
    /// `event_type` and `format_version` (0.2.x); `None` for a 0.1.0 table.
    versioned: Option<(usize, usize)>,
    /// `payload_hash` and `payload_salt` (format 3), when the table has both.
    commitment: Option<(usize, usize)>,
}

impl EntryColumns {
    /// The schema of an `entries` table with these columns, in row order.
    ///
    /// # Errors
    /// A column every schema has is missing, or only one of `event_type` and
    /// `format_version` exists.
    pub fn find(columns: &[String]) -> Result<EntryColumns, TableError> {
        let at = |column| index_of(Table::Entries, columns, column);
        let found = EntryColumns {
            entry_id: at("entry_id")?,
            timestamp: at("timestamp")?,
            actor: at("actor")?,
            action: at("action")?,
            payload: at("payload")?,
            previous_hash: at("previous_hash")?,
            entry_hash: at("entry_hash")?,
            signature: at("signature")?,
            signing_key_id: at("signing_key_id")?,
            versioned: None,
            commitment: None,
        };
        let versioned = match (has(columns, "event_type"), has(columns, "format_version")) {
            (true, true) => Some((at("event_type")?, at("format_version")?)),
            (false, false) => None,
            _ => return Err(TableError::HalfVersioned),
        };
        let commitment = if has(columns, "payload_hash") && has(columns, "payload_salt") {
            Some((at("payload_hash")?, at("payload_salt")?))
        } else {
            None
        };
        Ok(EntryColumns {
            versioned,
            commitment,
            ..found
        })
    }

    /// A nexuscone 0.1.0 table: no `event_type` and `format_version` columns.
    pub fn is_legacy(&self) -> bool {
        self.versioned.is_none()
    }

    /// The table has the format-3 columns `payload_hash` and `payload_salt`.
    pub fn has_commitment(&self) -> bool {
        self.commitment.is_some()
    }

    /// The entry in `row`, the `position`-th read (1-based), with its mistyped
    /// values ([`crate::mistyped`]).
    ///
    /// # Errors
    /// A row without a value for a column, or whose `entry_id` is NULL (it cannot
    /// be placed in the chain) ([`TableError::Value`]).
    pub fn entry(&self, row: &(impl SqlRow + ?Sized), position: u64) -> Result<Row, TableError> {
        let mut out = Row::default();
        self.fill(row, position, &mut out)?;
        Ok(out)
    }

    /// [`EntryColumns::entry`] into an existing row, reusing its strings' buffers
    /// (a batch refilled again and again costs no allocation per row).
    ///
    /// # Errors
    /// As [`EntryColumns::entry`]; `out` is then partly overwritten.
    pub fn fill(
        &self,
        row: &(impl SqlRow + ?Sized),
        position: u64,
        out: &mut Row,
    ) -> Result<(), TableError> {
        let mut fields = Fields {
            row,
            table: Table::Entries,
            at: RowAt::Position(position),
        };
        out.payload_canonicalised = false;
        out.mistyped.clear();
        let entry = &mut out.entry;
        if let SqlRef::Null = fields.value(self.entry_id, "entry_id")? {
            return Err(fields.error(
                "entry_id",
                ValueProblem::Type {
                    expected: "INTEGER",
                    found: "NULL",
                },
            ));
        }
        let mut typed = Typed {
            fields: &fields,
            mistyped: &mut out.mistyped,
        };
        let entry_id = typed.int(self.entry_id, "entry_id")?;
        entry.entry_id = entry_id.unwrap_or(0);
        if let Some(id) = entry_id {
            fields.at = RowAt::Id(id);
        }
        let mut typed = Typed {
            fields: &fields,
            mistyped: &mut out.mistyped,
        };
        self.fill_text(&mut typed, entry)?;
        self.fill_versioned(&mut typed, entry)?;
        self.fill_optional(&mut typed, entry)
    }

    fn fill_text<R: SqlRow + ?Sized>(
        &self,
        typed: &mut Typed<'_, '_, R>,
        entry: &mut Entry,
    ) -> Result<(), TableError> {
        typed.required_into(self.timestamp, "timestamp", &mut entry.timestamp)?;
        typed.required_into(self.actor, "actor", &mut entry.actor)?;
        typed.required_into(self.action, "action", &mut entry.action)?;
        typed.required_into(self.payload, "payload", &mut entry.payload)?;
        typed.required_into(
            self.previous_hash,
            "previous_hash",
            &mut entry.previous_hash,
        )?;
        typed.required_into(self.entry_hash, "entry_hash", &mut entry.entry_hash)
    }

    /// `event_type` and `format_version` (0.2.x); none for a 0.1.0 table.
    fn fill_versioned<R: SqlRow + ?Sized>(
        &self,
        typed: &mut Typed<'_, '_, R>,
        entry: &mut Entry,
    ) -> Result<(), TableError> {
        let Some((event_type, format_version)) = self.versioned else {
            entry.event_type = None;
            entry.format_version = None;
            return Ok(());
        };
        typed.text_into(event_type, "event_type", false, &mut entry.event_type)?;
        entry.format_version = typed.int(format_version, "format_version")?;
        Ok(())
    }

    /// The columns that may be NULL: the signature's, and format 3's.
    fn fill_optional<R: SqlRow + ?Sized>(
        &self,
        typed: &mut Typed<'_, '_, R>,
        entry: &mut Entry,
    ) -> Result<(), TableError> {
        typed.text_into(self.signature, "signature", true, &mut entry.signature)?;
        typed.text_into(
            self.signing_key_id,
            "signing_key_id",
            true,
            &mut entry.signing_key_id,
        )?;
        match self.commitment {
            Some((hash, salt)) => {
                typed.text_into(hash, "payload_hash", true, &mut entry.payload_hash)?;
                typed.text_into(salt, "payload_salt", true, &mut entry.payload_salt)?;
            }
            None => {
                entry.payload_hash = None;
                entry.payload_salt = None;
            }
        }
        Ok(())
    }
}

/// Where the `witnesses` columns are in a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WitnessColumns {
    witness_id: usize,
    label: usize,
    public_key_hex: usize,
    role: usize,
    created_at: usize,
    retired_at: usize,
}

impl WitnessColumns {
    /// The columns of a `witnesses` table with these columns, in row order.
    ///
    /// # Errors
    /// A column of the 0.2.x schema is missing.
    pub fn find(columns: &[String]) -> Result<WitnessColumns, TableError> {
        let at = |column| index_of(Table::Witnesses, columns, column);
        Ok(WitnessColumns {
            witness_id: at("witness_id")?,
            label: at("label")?,
            public_key_hex: at("public_key_hex")?,
            role: at("role")?,
            created_at: at("created_at")?,
            retired_at: at("retired_at")?,
        })
    }

    /// The witness in `row`, the `position`-th read (1-based), with its mistyped
    /// values ([`crate::mistyped`]).
    ///
    /// # Errors
    /// A row without a value for a column ([`TableError::Value`]).
    pub fn witness(
        &self,
        row: &(impl SqlRow + ?Sized),
        position: u64,
    ) -> Result<Witness, TableError> {
        let fields = Fields {
            row,
            table: Table::Witnesses,
            at: RowAt::Position(position),
        };
        let mut mistyped = Vec::new();
        let mut f = Typed {
            fields: &fields,
            mistyped: &mut mistyped,
        };
        let mut witness = Witness {
            witness_id: f.int_or_zero(self.witness_id, "witness_id")?,
            label: f.text(self.label, "label")?,
            public_key_hex: f.text(self.public_key_hex, "public_key_hex")?,
            role: f.text(self.role, "role")?,
            created_at: f.text(self.created_at, "created_at")?,
            retired_at: f.opt_text(self.retired_at, "retired_at")?,
            mistyped: Vec::new(),
        };
        witness.mistyped = mistyped;
        Ok(witness)
    }
}

/// Where the `witness_attestations` columns are in a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttestationColumns {
    attestation_id: usize,
    witness_id: usize,
    chain_head_entry_id: usize,
    chain_head_hash: usize,
    signed_at: usize,
    prev_attestation_hash: usize,
    attestation_hash: usize,
    signature_hex: usize,
}

impl AttestationColumns {
    /// The columns of a `witness_attestations` table with these columns, in row order.
    ///
    /// # Errors
    /// A column of the 0.2.x schema is missing.
    pub fn find(columns: &[String]) -> Result<AttestationColumns, TableError> {
        let at = |column| index_of(Table::WitnessAttestations, columns, column);
        Ok(AttestationColumns {
            attestation_id: at("attestation_id")?,
            witness_id: at("witness_id")?,
            chain_head_entry_id: at("chain_head_entry_id")?,
            chain_head_hash: at("chain_head_hash")?,
            signed_at: at("signed_at")?,
            prev_attestation_hash: at("prev_attestation_hash")?,
            attestation_hash: at("attestation_hash")?,
            signature_hex: at("signature_hex")?,
        })
    }

    /// The attestation in `row`, the `position`-th read (1-based), with its
    /// mistyped values ([`crate::mistyped`]).
    ///
    /// # Errors
    /// A row without a value for a column ([`TableError::Value`]).
    pub fn attestation(
        &self,
        row: &(impl SqlRow + ?Sized),
        position: u64,
    ) -> Result<WitnessAttestation, TableError> {
        let fields = Fields {
            row,
            table: Table::WitnessAttestations,
            at: RowAt::Position(position),
        };
        let mut mistyped = Vec::new();
        let mut f = Typed {
            fields: &fields,
            mistyped: &mut mistyped,
        };
        let mut attestation = WitnessAttestation {
            attestation_id: f.int_or_zero(self.attestation_id, "attestation_id")?,
            witness_id: f.int_or_zero(self.witness_id, "witness_id")?,
            chain_head_entry_id: f.int_or_zero(self.chain_head_entry_id, "chain_head_entry_id")?,
            chain_head_hash: f.text(self.chain_head_hash, "chain_head_hash")?,
            signed_at: f.text(self.signed_at, "signed_at")?,
            prev_attestation_hash: f.text(self.prev_attestation_hash, "prev_attestation_hash")?,
            attestation_hash: f.text(self.attestation_hash, "attestation_hash")?,
            signature_hex: f.text(self.signature_hex, "signature_hex")?,
            mistyped: Vec::new(),
        };
        attestation.mistyped = mistyped;
        Ok(attestation)
    }
}

/// The `anchors` columns: anchors are carried into exports, not verified, so every
/// column is kept, whatever the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnchorColumns {
    /// Column names with their index in the row, sorted by name.
    sorted: Vec<(String, usize)>,
}

impl AnchorColumns {
    /// The columns of an `anchors` table, in row order.
    ///
    /// # Errors
    /// The table has no `anchor_id` column to order its rows by.
    pub fn find(columns: &[String]) -> Result<AnchorColumns, TableError> {
        index_of(Table::Anchors, columns, Table::Anchors.id_column())?;
        let order = sorted_positions(columns.len(), &|a, b| columns[a].cmp(&columns[b]));
        let sorted = order.into_iter().map(|i| (columns[i].clone(), i)).collect();
        Ok(AnchorColumns { sorted })
    }

    /// The columns of `row` that hold another storage class than nexuscone 0.2.1's
    /// schema gives them ([`crate::anchor::row::COLUMNS`]), or TEXT that is not UTF-8.
    pub fn mistyped(&self, row: &(impl SqlRow + ?Sized)) -> Vec<Mistyped> {
        let mut mistyped = Vec::new();
        for &(field, class, nullable) in COLUMNS {
            let Some((_, index)) = self
                .sorted
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(field))
            else {
                continue;
            };
            let value = row.value(*index).unwrap_or(SqlRef::Null);
            let found = match value {
                SqlRef::Null if nullable => continue,
                SqlRef::Text(bytes) if std::str::from_utf8(bytes).is_err() => {
                    "TEXT that is not UTF-8"
                }
                other if storage_class(other) == class.storage() => continue,
                other => storage_class(other),
            };
            mistyped.push(Mistyped {
                field,
                expected: class.storage(),
                found: found.to_owned(),
            });
        }
        mistyped
    }

    /// The anchor in `row` as a JSON object with a member per column (`docs/FORMAT.md`
    /// §3): NULL, numbers and TEXT as themselves (TEXT that is not UTF-8 with
    /// replacement characters), BLOBs as lowercase hex.
    pub fn anchor(&self, row: &(impl SqlRow + ?Sized)) -> Value {
        let member = |(name, index): &(String, usize)| {
            let value = match row.value(*index).unwrap_or(SqlRef::Null) {
                SqlRef::Null => Value::Null,
                SqlRef::Integer(v) => v.into(),
                SqlRef::Real(v) => Value::Number(v.into()),
                SqlRef::Text(bytes) => String::from_utf8_lossy(bytes).into_owned().into(),
                SqlRef::Blob(bytes) => hex::encode(bytes).into(),
            };
            (JsonString::from(name.as_str()), value)
        };
        Value::Object(self.sorted.iter().map(member).collect())
    }
}

/// A Nexuscone ledger's tables in a database held in memory, read with the
/// file-format reader of [`super`] (the browser viewer's reader).
#[derive(Clone, Debug)]
pub struct LedgerTables<'a> {
    db: Database<'a>,
    names: Vec<String>,
}

impl<'a> LedgerTables<'a> {
    /// The ledger in `db`.
    ///
    /// # Errors
    /// The schema cannot be read, or there is no `entries` table.
    pub fn new(db: Database<'a>) -> Result<LedgerTables<'a>, TableError> {
        let names = db.table_names()?;
        if !has(&names, Table::Entries.name()) {
            return Err(TableError::NoEntries);
        }
        Ok(LedgerTables { db, names })
    }

    /// The rows of `table` in `ORDER BY id, rowid` order, with the table's columns;
    /// `None` when the database has no such table.
    fn rows(&self, table: Table) -> Result<Option<(Vec<String>, InOrder<'a>)>, TableError> {
        if !has(&self.names, table.name()) {
            return Ok(None);
        }
        let rows = self.db.rows(table.name())?;
        let columns = rows.columns().to_vec();
        let id = index_of(table, &columns, table.id_column())?;
        let rows = if rows.rowid_alias == Some(id) {
            InOrder::Rowid(rows)
        } else {
            // A hand-made table whose id is not the rowid: sorted as SQLite's
            // ORDER BY sorts (stable, so ties stay in rowid order).
            let mut all = rows.collect::<Result<Vec<_>, _>>()?;
            let order = sorted_positions(all.len(), &|a, b| {
                sql_order(all[a].value(id), all[b].value(id))
            });
            let sorted: Vec<_> = order.iter().map(|&i| std::mem::take(&mut all[i])).collect();
            InOrder::Sorted(sorted.into_iter())
        };
        Ok(Some((columns, rows)))
    }

    /// The entries, in `entry_id` order, mapped one row at a time as the iterator
    /// advances (in a Nexuscone database the table is never held whole).
    ///
    /// # Errors
    /// The table's schema ([`EntryColumns::find`]), or its pages; then each row.
    pub fn entries(&self) -> Result<Entries<'a>, TableError> {
        let (names, rows) = self.rows(Table::Entries)?.ok_or(TableError::NoEntries)?;
        Ok(Entries {
            columns: EntryColumns::find(&names)?,
            rows,
            position: 0,
            failed: false,
        })
    }

    /// The `witnesses` table, or nothing when the database predates it.
    ///
    /// # Errors
    /// The table's schema, pages or values.
    pub fn witnesses(&self) -> Result<Vec<Witness>, TableError> {
        let Some((names, rows)) = self.rows(Table::Witnesses)? else {
            return Ok(Vec::new());
        };
        let columns = WitnessColumns::find(&names)?;
        (1..)
            .zip(rows)
            .map(|(position, row)| columns.witness(row?.as_slice(), position))
            .collect()
    }

    /// The `witness_attestations` table, or nothing when the database predates it.
    ///
    /// # Errors
    /// The table's schema, pages or values.
    pub fn attestations(&self) -> Result<Vec<WitnessAttestation>, TableError> {
        let Some((names, rows)) = self.rows(Table::WitnessAttestations)? else {
            return Ok(Vec::new());
        };
        let columns = AttestationColumns::find(&names)?;
        (1..)
            .zip(rows)
            .map(|(position, row)| columns.attestation(row?.as_slice(), position))
            .collect()
    }

    /// The `anchors` table as JSON objects ([`AnchorColumns::anchor`]) and each
    /// row's mistyped columns ([`AnchorColumns::mistyped`]), or nothing when the
    /// database predates it.
    ///
    /// # Errors
    /// The table's schema or pages.
    pub fn anchors(&self) -> Result<(Vec<Value>, Vec<Vec<Mistyped>>), TableError> {
        let Some((names, rows)) = self.rows(Table::Anchors)? else {
            return Ok(Default::default());
        };
        let columns = AnchorColumns::find(&names)?;
        let mut out: (Vec<Value>, Vec<Vec<Mistyped>>) = Default::default();
        for row in rows {
            let row = row?;
            out.0.push(columns.anchor(row.as_slice()));
            out.1.push(columns.mistyped(row.as_slice()));
        }
        Ok(out)
    }
}

/// SQLite's `ORDER BY` order of two values (BINARY collation): NULL, then numbers
/// by value, then TEXT and then BLOBs by their bytes.
fn sql_order(a: Option<SqlRef<'_>>, b: Option<SqlRef<'_>>) -> Ordering {
    fn rank(value: Option<SqlRef<'_>>) -> (u8, f64, &[u8]) {
        match value {
            None | Some(SqlRef::Null) => (0, 0.0, &[]),
            Some(SqlRef::Integer(v)) => (1, v as f64, &[]),
            Some(SqlRef::Real(v)) => (1, v, &[]),
            Some(SqlRef::Text(bytes)) => (2, 0.0, bytes),
            Some(SqlRef::Blob(bytes)) => (3, 0.0, bytes),
        }
    }
    let (a_class, a_number, a_bytes) = rank(a);
    let (b_class, b_number, b_bytes) = rank(b);
    let exact = match (a, b) {
        (Some(SqlRef::Integer(x)), Some(SqlRef::Integer(y))) => x.cmp(&y),
        _ => a_number.total_cmp(&b_number),
    };
    a_class
        .cmp(&b_class)
        .then(exact)
        .then_with(|| a_bytes.cmp(b_bytes))
}

/// A table's rows in `ORDER BY id, rowid` order: streamed when the id is the rowid.
enum InOrder<'a> {
    Rowid(Rows<'a>),
    Sorted(std::vec::IntoIter<Vec<SqlValue>>),
}

impl Iterator for InOrder<'_> {
    type Item = Result<Vec<SqlValue>, SqliteError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            InOrder::Rowid(rows) => rows.next(),
            InOrder::Sorted(rows) => rows.next().map(Ok),
        }
    }
}

/// The entries of [`LedgerTables::entries`]; after an error, none.
pub struct Entries<'a> {
    columns: EntryColumns,
    rows: InOrder<'a>,
    position: u64,
    failed: bool,
}

impl Iterator for Entries<'_> {
    type Item = Result<Row, TableError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let row = self.rows.next()?;
        self.position += 1;
        let entry = row
            .map_err(TableError::from)
            .and_then(|row| self.columns.entry(row.as_slice(), self.position));
        self.failed = entry.is_err();
        Some(entry)
    }
}

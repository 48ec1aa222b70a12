//! Reading Nexuscone SQLite databases (v0.1.0 and v0.2.x schemas), read-only.
//!
//! The Python `nexuscone-verify` opens the file through `Ledger.init()`, which
//! creates missing tables and migrates legacy columns: it writes to the file it
//! verifies. We open it read-only and never change it.

use std::io::Read;
use std::path::Path;

use nexuscone_core::canonical::Value;
use nexuscone_core::entry::Entry;
use nexuscone_core::export::Row as EntryRow;
use nexuscone_core::mistyped::Mistyped;
use nexuscone_core::sqlite::tables::{
    AnchorColumns, AttestationColumns, EntryColumns, SqlRow, Table, TableError, WitnessColumns,
};
use nexuscone_core::sqlite::{SqlRef, MAGIC};
use nexuscone_core::witness::{Witness, WitnessAttestation};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, Row};

use crate::InputError;
use nexuscone_core::input::{ErrorKind, LocatedError};

/// An open ledger database. Which columns its tables have and what a row means
/// are the core's ([`nexuscone_core::sqlite::tables`]); this reader only runs the
/// queries and hands the core each row.
pub struct Database {
    conn: Connection,
    entries: EntryColumns,
    path: String,
}

fn sql_error(path: &str, error: rusqlite::Error) -> InputError {
    InputError::new(
        ErrorKind::InvalidSqlite,
        format!("{path}: SQLite error: {error}"),
    )
}

fn table_error(path: &str, error: TableError) -> InputError {
    InputError(LocatedError::from(&error)).in_input(path)
}

/// A rusqlite row as the core reads rows.
struct SqliteRow<'r, 's>(&'r Row<'s>);

impl SqlRow for SqliteRow<'_, '_> {
    fn value(&self, index: usize) -> Option<SqlRef<'_>> {
        Some(match self.0.get_ref(index).ok()? {
            ValueRef::Null => SqlRef::Null,
            ValueRef::Integer(v) => SqlRef::Integer(v),
            ValueRef::Real(v) => SqlRef::Real(v),
            ValueRef::Text(v) => SqlRef::Text(v),
            ValueRef::Blob(v) => SqlRef::Blob(v),
        })
    }
}

impl Database {
    /// Opens `path` read-only and checks it holds a Nexuscone `entries` table.
    pub fn open(path: &Path) -> Result<Database, InputError> {
        let shown = path.display().to_string();
        // Only the header: reading the whole file here doubled the I/O of a large ledger.
        let mut header = Vec::with_capacity(MAGIC.len());
        std::fs::File::open(path)
            .and_then(|file| file.take(MAGIC.len() as u64).read_to_end(&mut header))
            .map_err(|e| InputError::io(format!("{shown}: cannot read: {e}")))?;
        if header != MAGIC {
            return Err(InputError::new(
                ErrorKind::InvalidSqlite,
                format!("{shown}: not an SQLite 3 database (byte 0: bad header)"),
            ));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sql_error(&shown, e))?;
        let entries = columns(&conn, &shown, Table::Entries, EntryColumns::find)?
            .ok_or_else(|| table_error(&shown, TableError::NoEntries))?;
        Ok(Database {
            entries,
            conn,
            path: shown,
        })
    }

    /// Calls `each` for every entry in `entry_id` order, holding one row at a time.
    pub fn for_each_entry(
        &self,
        mut each: impl FnMut(Entry) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        self.for_each_row(|row| each(row.entry))
    }

    /// Calls `each` for every entry row (with its mistyped values) in `entry_id`
    /// order, holding one row at a time.
    pub fn for_each_row(
        &self,
        mut each: impl FnMut(EntryRow) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        self.read_entries(|reader| {
            while let Some(row) = reader.next_entry()? {
                each(row)?;
            }
            Ok(())
        })
    }

    /// Runs `read` with a reader of every entry in `entry_id` order.
    pub fn read_entries<T>(
        &self,
        read: impl FnOnce(&mut EntryReader<'_, '_>) -> Result<T, InputError>,
    ) -> Result<T, InputError> {
        let mut statement = self
            .conn
            .prepare(&select(Table::Entries))
            .map_err(|e| sql_error(&self.path, e))?;
        let rows = statement.query([]).map_err(|e| sql_error(&self.path, e))?;
        let mut reader = EntryReader {
            db: self,
            rows,
            position: 0,
        };
        read(&mut reader)
    }

    /// The `witnesses` table, or nothing when the database predates it.
    pub fn witnesses(&self) -> Result<Vec<Witness>, InputError> {
        let Some(columns) = columns(
            &self.conn,
            &self.path,
            Table::Witnesses,
            WitnessColumns::find,
        )?
        else {
            return Ok(Vec::new());
        };
        self.collect(Table::Witnesses, |row, position| {
            columns.witness(row, position)
        })
    }

    /// The `witness_attestations` table, or nothing when the database predates it.
    pub fn attestations(&self) -> Result<Vec<WitnessAttestation>, InputError> {
        let Some(columns) = columns(
            &self.conn,
            &self.path,
            Table::WitnessAttestations,
            AttestationColumns::find,
        )?
        else {
            return Ok(Vec::new());
        };
        self.collect(Table::WitnessAttestations, |row, position| {
            columns.attestation(row, position)
        })
    }

    /// The `anchors` table as JSON objects (BLOBs as hex) and each row's mistyped
    /// columns, or nothing when absent.
    pub fn anchors(&self) -> Result<(Vec<Value>, Vec<Vec<Mistyped>>), InputError> {
        let Some(columns) = columns(&self.conn, &self.path, Table::Anchors, AnchorColumns::find)?
        else {
            return Ok(Default::default());
        };
        let rows = self.collect(Table::Anchors, |row, _| {
            Ok((columns.anchor(row), columns.mistyped(row)))
        })?;
        Ok(rows.into_iter().unzip())
    }

    /// Every row of `table` in the core's order, through `make`.
    fn collect<T>(
        &self,
        table: Table,
        mut make: impl FnMut(&SqliteRow<'_, '_>, u64) -> Result<T, TableError>,
    ) -> Result<Vec<T>, InputError> {
        let mut statement = self
            .conn
            .prepare(&select(table))
            .map_err(|e| sql_error(&self.path, e))?;
        let mut rows = statement.query([]).map_err(|e| sql_error(&self.path, e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| sql_error(&self.path, e))? {
            let position = out.len() as u64 + 1;
            out.push(make(&SqliteRow(row), position).map_err(|e| table_error(&self.path, e))?);
        }
        Ok(out)
    }
}

/// Every column of `table`, in the order the core reads rows in ([`Table::id_column`]).
fn select(table: Table) -> String {
    format!(
        "SELECT * FROM {} ORDER BY {}, rowid",
        table.name(),
        table.id_column()
    )
}

/// The entries of a [`Database`], in `entry_id` order ([`Database::read_entries`]).
pub struct EntryReader<'db, 'stmt> {
    db: &'db Database,
    rows: rusqlite::Rows<'stmt>,
    /// Rows read so far.
    position: u64,
}

impl EntryReader<'_, '_> {
    /// The next row, counted.
    fn next_row(&mut self) -> Result<Option<&Row<'_>>, InputError> {
        let row = self.rows.next().map_err(|e| sql_error(&self.db.path, e))?;
        self.position += u64::from(row.is_some());
        Ok(row)
    }

    /// The next entry row, or `None` after the last.
    pub fn next_entry(&mut self) -> Result<Option<EntryRow>, InputError> {
        let db = self.db;
        let position = self.position + 1;
        match self.next_row()? {
            Some(row) => db
                .entries
                .entry(&SqliteRow(row), position)
                .map(Some)
                .map_err(|e| table_error(&db.path, e)),
            None => Ok(None),
        }
    }

    /// Refills `batch` with the next `len` entries (fewer at the end, none after
    /// it). The entries already in `batch` are overwritten in place, so a batch
    /// that is refilled again and again costs no allocation per row.
    pub fn fill(&mut self, batch: &mut Vec<EntryRow>, len: usize) -> Result<(), InputError> {
        let db = self.db;
        let mut filled = 0;
        while filled < len {
            let position = self.position + 1;
            let Some(row) = self.next_row()? else {
                break;
            };
            let row = SqliteRow(row);
            match batch.get_mut(filled) {
                Some(slot) => db.entries.fill(&row, position, slot),
                None => db.entries.entry(&row, position).map(|e| batch.push(e)),
            }
            .map_err(|e| table_error(&db.path, e))?;
            filled += 1;
        }
        batch.truncate(filled);
        Ok(())
    }
}

/// The core's view of `table`'s columns ([`EntryColumns::find`] and its siblings),
/// `None` when the database has no such table.
fn columns<T>(
    conn: &Connection,
    path: &str,
    table: Table,
    find: impl FnOnce(&[String]) -> Result<T, TableError>,
) -> Result<Option<T>, InputError> {
    let names = table_columns(conn, table.name()).map_err(|e| sql_error(path, e))?;
    if names.is_empty() {
        return Ok(None);
    }
    find(&names).map(Some).map_err(|e| table_error(path, e))
}

/// The column names of `table`, empty when the table does not exist.
fn table_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = statement.query_map([table], |row| row.get::<_, String>(0))?;
    names.collect()
}

/// Writes a redaction into the database at `path` (a copy the caller made): the
/// redacted entry's payload (and a format-3 entry's salt) and the appended redaction
/// entry, in one transaction.
pub fn apply_redaction(path: &Path, redacted: &Entry, appended: &Entry) -> Result<(), InputError> {
    let shown = path.display().to_string();
    let err = |e: rusqlite::Error| sql_error(&shown, e);
    let database = Database::open(path)?;
    if database.entries.is_legacy() {
        return Err(InputError::new(ErrorKind::UnknownSchema, format!(
            "{shown}: a nexuscone 0.1.0 table has no event_type column for the redaction entry; open it with nexuscone 0.2 first"
        )));
    }
    let format3 = database.entries.has_commitment();
    drop(database);
    let mut conn = Connection::open(path).map_err(err)?;
    let tx = conn.transaction().map_err(err)?;
    if format3 {
        tx.execute(
            "UPDATE entries SET payload = ?1, payload_salt = ?2 WHERE entry_id = ?3",
            rusqlite::params![redacted.payload, redacted.payload_salt, redacted.entry_id],
        )
        .map_err(err)?;
    } else {
        tx.execute(
            "UPDATE entries SET payload = ?1 WHERE entry_id = ?2",
            rusqlite::params![redacted.payload, redacted.entry_id],
        )
        .map_err(err)?;
    }
    tx.execute(
        "INSERT INTO entries (entry_id, timestamp, actor, action, event_type, format_version, \
         payload, previous_hash, entry_hash, signature, signing_key_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        rusqlite::params![
            appended.entry_id,
            appended.timestamp,
            appended.actor,
            appended.action,
            appended.event_type,
            appended.format_version,
            appended.payload,
            appended.previous_hash,
            appended.entry_hash,
            appended.signature,
            appended.signing_key_id,
        ],
    )
    .map_err(err)?;
    tx.commit().map_err(err)
}

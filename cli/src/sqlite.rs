//! Reading Nexuscone SQLite databases (v0.1.0 and v0.2.x schemas), read-only.
//!
//! The Python `nexuscone-verify` opens the file through `Ledger.init()`, which
//! creates missing tables and migrates legacy columns: it writes to the file it
//! verifies. We open it read-only and never change it.

use std::io::Read;
use std::path::Path;

use nexuscone_core::canonical::{JsonString, Value};
use nexuscone_core::entry::Entry;
use nexuscone_core::witness::{Witness, WitnessAttestation};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, Row};

use crate::InputError;

/// The 16-byte header every SQLite 3 database file starts with.
pub const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An open ledger database.
pub struct Database {
    conn: Connection,
    legacy: bool,
    /// The table has the format-3 `payload_hash` and `payload_salt` columns.
    format3: bool,
    path: String,
}

fn sql_error(path: &str, error: rusqlite::Error) -> InputError {
    InputError(format!("{path}: SQLite error: {error}"))
}

impl Database {
    /// Opens `path` read-only and checks it holds a Nexuscone `entries` table.
    pub fn open(path: &Path) -> Result<Database, InputError> {
        let shown = path.display().to_string();
        // Only the header: reading the whole file here doubled the I/O of a large ledger.
        let mut header = Vec::with_capacity(MAGIC.len());
        std::fs::File::open(path)
            .and_then(|file| file.take(MAGIC.len() as u64).read_to_end(&mut header))
            .map_err(|e| InputError(format!("{shown}: cannot read: {e}")))?;
        if header != MAGIC {
            return Err(InputError(format!(
                "{shown}: not an SQLite 3 database (byte 0: bad header)"
            )));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sql_error(&shown, e))?;
        let columns = table_columns(&conn, "entries").map_err(|e| sql_error(&shown, e))?;
        if columns.is_empty() {
            return Err(InputError(format!(
                "{shown}: not a Nexuscone ledger: it has no entries table"
            )));
        }
        let required = [
            "entry_id",
            "timestamp",
            "actor",
            "action",
            "payload",
            "previous_hash",
            "entry_hash",
            "signature",
            "signing_key_id",
        ];
        if let Some(missing) = required
            .iter()
            .find(|c| !columns.iter().any(|have| have == *c))
        {
            return Err(InputError(format!(
                "{shown}: unknown schema: the entries table has no {missing} column"
            )));
        }
        let has = |c: &str| columns.iter().any(|have| have == c);
        let legacy = match (has("event_type"), has("format_version")) {
            (true, true) => false,
            (false, false) => true,
            _ => {
                return Err(InputError(format!(
                    "{shown}: unknown schema: the entries table has only one of event_type and format_version"
                )))
            }
        };
        let format3 = has("payload_hash") && has("payload_salt");
        Ok(Database {
            conn,
            legacy,
            format3,
            path: shown,
        })
    }

    /// Calls `each` for every entry in `entry_id` order, holding one row at a time.
    pub fn for_each_entry(
        &self,
        mut each: impl FnMut(Entry) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        self.read_entries(|reader| {
            while let Some(entry) = reader.next_entry()? {
                each(entry)?;
            }
            Ok(())
        })
    }

    /// Runs `read` with a reader of every entry in `entry_id` order.
    pub fn read_entries<T>(
        &self,
        read: impl FnOnce(&mut EntryReader<'_, '_>) -> Result<T, InputError>,
    ) -> Result<T, InputError> {
        let sql = format!(
            "SELECT {} FROM entries ORDER BY entry_id",
            self.entry_columns()
        );
        let mut statement = self
            .conn
            .prepare(&sql)
            .map_err(|e| sql_error(&self.path, e))?;
        let rows = statement.query([]).map_err(|e| sql_error(&self.path, e))?;
        let mut reader = EntryReader { db: self, rows };
        read(&mut reader)
    }

    fn entry_columns(&self) -> String {
        let columns = if self.legacy {
            "entry_id, timestamp, actor, action, NULL, NULL, payload, previous_hash, entry_hash, signature, signing_key_id"
        } else {
            "entry_id, timestamp, actor, action, event_type, format_version, payload, previous_hash, entry_hash, signature, signing_key_id"
        };
        let commitment = if self.format3 {
            "payload_hash, payload_salt"
        } else {
            "NULL, NULL"
        };
        format!("{columns}, {commitment}")
    }

    /// [`Database::entry`] into an existing entry, reusing its strings' buffers.
    fn fill_entry(&self, row: &Row<'_>, entry: &mut Entry) -> Result<(), InputError> {
        let cells = Cells {
            row,
            table: "entries",
            path: &self.path,
        };
        let entry_id = cells.int(0, "entry_id")?;
        let at = |name: &'static str| (entry_id, name);
        entry.entry_id = entry_id;
        cells.text_into(1, at("timestamp"), &mut entry.timestamp)?;
        cells.text_into(2, at("actor"), &mut entry.actor)?;
        cells.text_into(3, at("action"), &mut entry.action)?;
        if self.legacy {
            entry.event_type = None;
            entry.format_version = None;
        } else {
            cells.text_into(
                4,
                at("event_type"),
                entry.event_type.get_or_insert_with(String::new),
            )?;
            entry.format_version = Some(cells.int(5, "format_version")?);
        }
        cells.text_into(6, at("payload"), &mut entry.payload)?;
        cells.text_into(7, at("previous_hash"), &mut entry.previous_hash)?;
        cells.text_into(8, at("entry_hash"), &mut entry.entry_hash)?;
        entry.signature = cells.opt_text(9, at("signature"))?;
        entry.signing_key_id = cells.opt_text(10, at("signing_key_id"))?;
        entry.payload_hash = cells.opt_text(11, at("payload_hash"))?;
        entry.payload_salt = cells.opt_text(12, at("payload_salt"))?;
        Ok(())
    }

    fn entry(&self, row: &Row<'_>) -> Result<Entry, InputError> {
        let cells = Cells {
            row,
            table: "entries",
            path: &self.path,
        };
        let entry_id = cells.int(0, "entry_id")?;
        let at = |name: &'static str| (entry_id, name);
        Ok(Entry {
            entry_id,
            timestamp: cells.text(1, at("timestamp"))?,
            actor: cells.text(2, at("actor"))?,
            action: cells.text(3, at("action"))?,
            event_type: if self.legacy {
                None
            } else {
                Some(cells.text(4, at("event_type"))?)
            },
            format_version: if self.legacy {
                None
            } else {
                Some(cells.int(5, "format_version")?)
            },
            payload: cells.text(6, at("payload"))?,
            previous_hash: cells.text(7, at("previous_hash"))?,
            entry_hash: cells.text(8, at("entry_hash"))?,
            signature: cells.opt_text(9, at("signature"))?,
            signing_key_id: cells.opt_text(10, at("signing_key_id"))?,
            payload_hash: cells.opt_text(11, at("payload_hash"))?,
            payload_salt: cells.opt_text(12, at("payload_salt"))?,
        })
    }

    /// The `witnesses` table, or nothing when the database predates it.
    pub fn witnesses(&self) -> Result<Vec<Witness>, InputError> {
        if table_columns(&self.conn, "witnesses")
            .map_err(|e| sql_error(&self.path, e))?
            .is_empty()
        {
            return Ok(Vec::new());
        }
        let sql = "SELECT witness_id, label, public_key_hex, role, created_at, retired_at FROM witnesses ORDER BY witness_id";
        self.collect(
            sql,
            |cells| {
                let id = cells.int(0, "witness_id")?;
                let at = |name| (id, name);
                Ok(Witness {
                    witness_id: id,
                    label: cells.text(1, at("label"))?,
                    public_key_hex: cells.text(2, at("public_key_hex"))?,
                    role: cells.text(3, at("role"))?,
                    created_at: cells.text(4, at("created_at"))?,
                    retired_at: cells.opt_text(5, at("retired_at"))?,
                })
            },
            "witnesses",
        )
    }

    /// The `witness_attestations` table, or nothing when the database predates it.
    pub fn attestations(&self) -> Result<Vec<WitnessAttestation>, InputError> {
        if table_columns(&self.conn, "witness_attestations")
            .map_err(|e| sql_error(&self.path, e))?
            .is_empty()
        {
            return Ok(Vec::new());
        }
        let sql = "SELECT attestation_id, witness_id, chain_head_entry_id, chain_head_hash, signed_at, \
                   prev_attestation_hash, attestation_hash, signature_hex FROM witness_attestations ORDER BY attestation_id";
        self.collect(
            sql,
            |cells| {
                let id = cells.int(0, "attestation_id")?;
                let at = |name| (id, name);
                Ok(WitnessAttestation {
                    attestation_id: id,
                    witness_id: cells.int(1, "witness_id")?,
                    chain_head_entry_id: cells.int(2, "chain_head_entry_id")?,
                    chain_head_hash: cells.text(3, at("chain_head_hash"))?,
                    signed_at: cells.text(4, at("signed_at"))?,
                    prev_attestation_hash: cells.text(5, at("prev_attestation_hash"))?,
                    attestation_hash: cells.text(6, at("attestation_hash"))?,
                    signature_hex: cells.text(7, at("signature_hex"))?,
                })
            },
            "witness_attestations",
        )
    }

    /// The `anchors` table as JSON objects (BLOBs as hex), or nothing when absent.
    pub fn anchors(&self) -> Result<Vec<Value>, InputError> {
        let columns = table_columns(&self.conn, "anchors").map_err(|e| sql_error(&self.path, e))?;
        if columns.is_empty() {
            return Ok(Vec::new());
        }
        let sql = "SELECT * FROM anchors ORDER BY anchor_id";
        self.collect(
            sql,
            |cells| {
                let mut members: Vec<(JsonString, Value)> = Vec::with_capacity(columns.len());
                for (index, name) in columns.iter().enumerate() {
                    let value = match cells
                        .row
                        .get_ref(index)
                        .map_err(|e| sql_error(cells.path, e))?
                    {
                        ValueRef::Null => Value::Null,
                        ValueRef::Integer(i) => i.into(),
                        ValueRef::Real(f) => Value::Number(f.into()),
                        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                        ValueRef::Blob(b) => hex::encode(b).into(),
                    };
                    members.push((name.as_str().into(), value));
                }
                members.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(Value::Object(members))
            },
            "anchors",
        )
    }

    fn collect<T>(
        &self,
        sql: &str,
        mut make: impl FnMut(&Cells<'_, '_>) -> Result<T, InputError>,
        table: &'static str,
    ) -> Result<Vec<T>, InputError> {
        let mut statement = self
            .conn
            .prepare(sql)
            .map_err(|e| sql_error(&self.path, e))?;
        let mut rows = statement.query([]).map_err(|e| sql_error(&self.path, e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| sql_error(&self.path, e))? {
            out.push(make(&Cells {
                row,
                table,
                path: &self.path,
            })?);
        }
        Ok(out)
    }
}

/// The entries of a [`Database`], in `entry_id` order ([`Database::read_entries`]).
pub struct EntryReader<'db, 'stmt> {
    db: &'db Database,
    rows: rusqlite::Rows<'stmt>,
}

impl EntryReader<'_, '_> {
    /// The next entry, or `None` after the last.
    pub fn next_entry(&mut self) -> Result<Option<Entry>, InputError> {
        let db = self.db;
        match self.rows.next().map_err(|e| sql_error(&db.path, e))? {
            Some(row) => db.entry(row).map(Some),
            None => Ok(None),
        }
    }

    /// Refills `batch` with the next `len` entries (fewer at the end, none after
    /// it). The entries already in `batch` are overwritten in place, so a batch
    /// that is refilled again and again costs no allocation per row.
    pub fn fill(&mut self, batch: &mut Vec<Entry>, len: usize) -> Result<(), InputError> {
        let db = self.db;
        let mut filled = 0;
        while filled < len {
            let Some(row) = self.rows.next().map_err(|e| sql_error(&db.path, e))? else {
                break;
            };
            match batch.get_mut(filled) {
                Some(slot) => db.fill_entry(row, slot)?,
                None => batch.push(db.entry(row)?),
            }
            filled += 1;
        }
        batch.truncate(filled);
        Ok(())
    }
}

/// The column names of `table`, empty when the table does not exist.
fn table_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = statement.query_map([table], |row| row.get::<_, String>(0))?;
    names.collect()
}

/// Typed reads of one row's cells, with errors naming table, row and column.
struct Cells<'r, 's> {
    row: &'r Row<'s>,
    table: &'static str,
    path: &'r str,
}

impl Cells<'_, '_> {
    fn int(&self, index: usize, column: &str) -> Result<i64, InputError> {
        match self
            .row
            .get_ref(index)
            .map_err(|e| sql_error(self.path, e))?
        {
            ValueRef::Integer(i) => Ok(i),
            other => Err(InputError(format!(
                "{}: {} column {column}: expected INTEGER, found {:?}",
                self.path,
                self.table,
                other.data_type()
            ))),
        }
    }

    /// TEXT as stored. Numbers stored in a TEXT column by hand are read as their
    /// text, so that the hash check (not the reader) reports the tampering.
    fn opt_text(
        &self,
        index: usize,
        (row_id, column): (i64, &str),
    ) -> Result<Option<String>, InputError> {
        let bad = |what: &str| {
            InputError(format!(
                "{}: {} row {row_id} column {column}: {what}",
                self.path, self.table
            ))
        };
        match self
            .row
            .get_ref(index)
            .map_err(|e| sql_error(self.path, e))?
        {
            ValueRef::Null => Ok(None),
            ValueRef::Text(bytes) => String::from_utf8(bytes.to_vec()).map(Some).map_err(|e| {
                bad(&format!(
                    "TEXT is not valid UTF-8 (byte {})",
                    e.utf8_error().valid_up_to()
                ))
            }),
            ValueRef::Integer(i) => Ok(Some(i.to_string())),
            ValueRef::Real(f) => Ok(Some(f.to_string())),
            ValueRef::Blob(_) => Err(bad("expected TEXT, found a BLOB")),
        }
    }

    /// [`Cells::text`] into `out`, reusing its buffer when the cell is UTF-8 TEXT.
    fn text_into(&self, index: usize, at: (i64, &str), out: &mut String) -> Result<(), InputError> {
        if let Ok(ValueRef::Text(bytes)) = self.row.get_ref(index) {
            if let Ok(text) = std::str::from_utf8(bytes) {
                out.clear();
                out.push_str(text);
                return Ok(());
            }
        }
        *out = self.text(index, at)?;
        Ok(())
    }

    fn text(&self, index: usize, at: (i64, &str)) -> Result<String, InputError> {
        self.opt_text(index, at)?.ok_or_else(|| {
            InputError(format!(
                "{}: {} row {} column {}: expected TEXT, found NULL",
                self.path, self.table, at.0, at.1
            ))
        })
    }
}

/// Writes a redaction into the database at `path` (a copy the caller made): the
/// redacted entry's payload (and a format-3 entry's salt) and the appended redaction
/// entry, in one transaction.
pub fn apply_redaction(path: &Path, redacted: &Entry, appended: &Entry) -> Result<(), InputError> {
    let shown = path.display().to_string();
    let err = |e: rusqlite::Error| sql_error(&shown, e);
    let database = Database::open(path)?;
    if database.legacy {
        return Err(InputError(format!(
            "{shown}: a nexuscone 0.1.0 table has no event_type column for the redaction entry; open it with nexuscone 0.2 first"
        )));
    }
    let format3 = database.format3;
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

//! The CLI reads SQLite through rusqlite, the browser viewer through the core's own
//! file-format reader (`nexuscone_core::sqlite`); both hand their rows to the one
//! mapping in `nexuscone_core::sqlite::tables`. Property: the same database gives
//! identical entries, witnesses, attestations and anchors through both readers, or
//! the same located error. Checked over every fixture database written by the real
//! Python library, and over hand-made databases for the schema corners the fixtures
//! lack (numbers and NULLs in TEXT columns, invalid UTF-8, BLOBs, format-3 columns,
//! an `entry_id` that is not the rowid, with ties).

use std::path::{Path, PathBuf};

use nexuscone_cli::sqlite::Database;
use nexuscone_core::canonical::Value;
use nexuscone_core::export::Row;
use nexuscone_core::mistyped::Mistyped;
use nexuscone_core::sqlite::tables::LedgerTables;
use nexuscone_core::witness::{Witness, WitnessAttestation};

/// Everything a reader takes from a ledger database.
#[derive(Debug, PartialEq)]
struct Tables {
    entries: Vec<Row>,
    witnesses: Vec<Witness>,
    attestations: Vec<WitnessAttestation>,
    /// The anchor rows and each row's mistyped columns.
    anchors: (Vec<Value>, Vec<Vec<Mistyped>>),
}

/// Through rusqlite, as `nexuscone verify` reads; the entries both one at a time and
/// in refilled batches of 3 (buffers reused across rows of different shapes), which
/// must agree. Errors without the `PATH: ` prefix the CLI adds.
fn through_rusqlite(path: &Path) -> Result<Tables, String> {
    let unprefixed = |e: nexuscone_cli::InputError| {
        let prefix = format!("{}: ", path.display());
        let message = e.message();
        message.strip_prefix(&prefix).unwrap_or(message).to_owned()
    };
    let db = Database::open(path).map_err(unprefixed)?;
    let mut entries = Vec::new();
    db.for_each_row(|row| {
        entries.push(row);
        Ok(())
    })
    .map_err(unprefixed)?;
    let batched = db
        .read_entries(|reader| {
            let (mut all, mut batch) = (Vec::new(), Vec::new());
            loop {
                reader.fill(&mut batch, 3)?;
                if batch.is_empty() {
                    return Ok(all);
                }
                all.extend_from_slice(&batch);
            }
        })
        .map_err(unprefixed)?;
    assert_eq!(batched, entries, "{}: batches", path.display());
    Ok(Tables {
        entries,
        witnesses: db.witnesses().map_err(unprefixed)?,
        attestations: db.attestations().map_err(unprefixed)?,
        anchors: db.anchors().map_err(unprefixed)?,
    })
}

/// Through the core's file-format reader, as the viewer reads.
fn through_core(path: &Path) -> Result<Tables, String> {
    let bytes = std::fs::read(path).expect("read the database");
    let db = nexuscone_core::sqlite::Database::parse(&bytes).map_err(|e| e.to_string())?;
    let tables = LedgerTables::new(db).map_err(|e| e.to_string())?;
    // Bound before it is returned: the rows borrow `bytes` until they are dropped.
    let read = Tables {
        entries: tables
            .entries()
            .map_err(|e| e.to_string())?
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?,
        witnesses: tables.witnesses().map_err(|e| e.to_string())?,
        attestations: tables.attestations().map_err(|e| e.to_string())?,
        anchors: tables.anchors().map_err(|e| e.to_string())?,
    };
    Ok(read)
}

/// Both readers' result for `path`, which must be the same.
#[track_caller]
fn read_alike(path: &Path) -> Result<Tables, String> {
    let ours = through_rusqlite(path);
    assert_eq!(through_core(path), ours, "{}", path.display());
    ours
}

#[test]
fn every_fixture_database_reads_the_same_through_rusqlite_and_the_core_reader() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/ledgers");
    let mut checked = 0;
    for item in std::fs::read_dir(&dir).expect("fixtures") {
        let path = item.expect("entry").path();
        if path.extension().is_some_and(|e| e == "sqlite") {
            let tables = read_alike(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(!tables.entries.is_empty(), "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 20, "checked {checked} databases");
}

/// A fresh database at `name` in this test's scratch directory, built by `sql`.
fn database(name: &str, sql: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sqlite_readers");
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join(format!("{name}.sqlite"));
    let _ = std::fs::remove_file(&path);
    let conn = rusqlite::Connection::open(&path).expect("create");
    conn.execute_batch(sql).expect(name);
    path
}

/// The columns of a 0.2.x `entries` table, untyped so that any value keeps its
/// storage class; `extra` adds columns.
fn entries_table(entry_id: &str, extra: &str) -> String {
    format!(
        "CREATE TABLE entries (entry_id {entry_id}, timestamp, actor, action, event_type, \
         format_version, payload, previous_hash, entry_hash, signature, signing_key_id{extra});"
    )
}

const ROW: &str = "'2026-01-01T00:00:00.000000Z', 'a', 'b', 'request', 2, '{}', 'p', 'h'";

#[test]
fn schema_corners_read_the_same_through_both_readers() {
    let witnesses = "CREATE TABLE witnesses (witness_id INTEGER PRIMARY KEY, label TEXT, \
        public_key_hex TEXT, role TEXT, created_at TEXT, retired_at TEXT);
        INSERT INTO witnesses VALUES (2, 'w2', 'ab', 'self', 't', NULL), (1, 'w1', 'cd', 'regulator', 't', 'r');
        CREATE TABLE witness_attestations (attestation_id INTEGER PRIMARY KEY, witness_id INTEGER, \
        chain_head_entry_id INTEGER, chain_head_hash TEXT, signed_at TEXT, prev_attestation_hash TEXT, \
        attestation_hash TEXT, signature_hex TEXT);
        INSERT INTO witness_attestations VALUES (1, 2, 3, 'h', 's', 'p', 'a', 'sig');
        CREATE TABLE anchors (anchor_id INTEGER PRIMARY KEY, chain_head_hash TEXT, ots_proof_blob BLOB, \
        height INTEGER, fee REAL);
        INSERT INTO anchors VALUES (1, 'h', x'00ff', 7, 0.5), (2, NULL, NULL, NULL, NULL);";
    let cases = [
        (
            "numbers_and_nulls_in_text_columns",
            format!(
                "{} INSERT INTO entries VALUES (1, {ROW}, NULL, NULL), (2, 42, 1.5, -7, 'e', 1, '{{}}', 'p', 'h', 's', 'k'); {witnesses}",
                entries_table("INTEGER PRIMARY KEY", "")
            ),
        ),
        (
            "format_3_columns_with_a_redacted_salt",
            format!(
                "{} INSERT INTO entries VALUES (1, {ROW}, NULL, NULL, 'c1', 's1'), (2, {ROW}, 'sig', 'k', 'c2', NULL), (3, {ROW}, NULL, NULL, NULL, NULL);",
                entries_table("INTEGER PRIMARY KEY", ", payload_hash TEXT, payload_salt TEXT")
            ),
        ),
        (
            "migrated_rows_take_the_added_columns_defaults",
            format!(
                "CREATE TABLE entries (entry_id INTEGER PRIMARY KEY, timestamp TEXT, actor TEXT, action TEXT, payload TEXT, \
                 previous_hash TEXT, entry_hash TEXT, signature TEXT, signing_key_id TEXT);
                 INSERT INTO entries VALUES (1, 't', 'a', 'b', '{{}}', 'p', 'h', NULL, NULL);
                 ALTER TABLE entries ADD COLUMN event_type TEXT NOT NULL DEFAULT 'request';
                 ALTER TABLE entries ADD COLUMN format_version INTEGER NOT NULL DEFAULT 1;
                 INSERT INTO entries VALUES (2, 't', 'a', 'b', '{{}}', 'p', 'h', NULL, NULL, 'x', 2); {witnesses}"
            ),
        ),
        (
            "an_entry_id_that_is_not_the_rowid_reads_in_id_then_rowid_order",
            format!(
                "{} INSERT INTO entries VALUES (3, {ROW}, 'r1', NULL), (1, {ROW}, 'r2', NULL), (2, {ROW}, 'r3', NULL), (1, {ROW}, 'r4', NULL);",
                entries_table("INTEGER", "")
            ),
        ),
    ];
    for (name, sql) in &cases {
        let tables = read_alike(&database(name, sql)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(tables.entries.len() >= 2, "{name}");
    }
    let ties = read_alike(&database(cases[3].0, &cases[3].1)).expect("ties");
    let order: Vec<_> = ties
        .entries
        .iter()
        .map(|r| (r.entry.entry_id, r.entry.signature.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(order, [(1, "r2"), (1, "r4"), (2, "r3"), (3, "r1")]);
    let numbers = read_alike(&database(cases[0].0, &cases[0].1)).expect("numbers");
    let second = &numbers.entries[1].entry;
    let mistyped: Vec<_> = numbers.entries[1]
        .mistyped
        .iter()
        .map(|m| m.field)
        .collect();
    assert_eq!(mistyped, ["timestamp", "actor", "action"]);
    assert_eq!(
        (
            second.timestamp.as_str(),
            second.actor.as_str(),
            second.action.as_str()
        ),
        ("42", "1.5", "-7")
    );
    assert_eq!(numbers.witnesses[0].witness_id, 1, "witnesses in id order");
    assert_eq!(numbers.anchors.0.len(), 2);
    assert_eq!(
        numbers.anchors.1[1].len(),
        1,
        "NULL chain_head_hash: {:?}",
        numbers.anchors.1
    );
}

#[test]
fn bad_values_and_schemas_give_the_same_located_error_through_both_readers() {
    let cases = [
        (
            "null_entry_id",
            format!(
                "{} INSERT INTO entries VALUES (NULL, {ROW}, NULL, NULL);",
                entries_table("", "")
            ),
            "entries row number 1 column entry_id: expected INTEGER, found NULL",
        ),
        (
            "only_event_type",
            "CREATE TABLE entries (entry_id INTEGER PRIMARY KEY, timestamp, actor, action, event_type, \
             payload, previous_hash, entry_hash, signature, signing_key_id);"
                .to_owned(),
            "unknown schema: the entries table has only one of event_type and format_version",
        ),
        (
            "no_signing_key_id",
            "CREATE TABLE entries (entry_id INTEGER PRIMARY KEY, timestamp, actor, action, payload, \
             previous_hash, entry_hash, signature);"
                .to_owned(),
            "unknown schema: the entries table has no signing_key_id column",
        ),
        (
            "witnesses_without_retired_at",
            format!(
                "{} CREATE TABLE witnesses (witness_id INTEGER PRIMARY KEY, label, public_key_hex, role, created_at);",
                entries_table("INTEGER PRIMARY KEY", "")
            ),
            "unknown schema: the witnesses table has no retired_at column",
        ),
        (
            "no_entries_table",
            "CREATE TABLE other (x);".to_owned(),
            "not a Nexuscone ledger: it has no entries table",
        ),
    ];
    for (name, sql, message) in cases {
        let error = read_alike(&database(name, &sql)).expect_err(name);
        assert_eq!(error, message, "{name}");
    }
}

#[test]
fn mistyped_entry_values_read_alike_as_rows_that_name_them() {
    let with_row = |row: &str| {
        format!(
            "{} INSERT INTO entries VALUES (1, {ROW}, NULL, NULL), {row};",
            entries_table("INTEGER PRIMARY KEY", "")
        )
    };
    let cases = [
        (
            "null_timestamp",
            with_row("(2, NULL, 'a', 'b', 'request', 2, '{}', 'p', 'h', NULL, NULL)"),
            ("timestamp", "NULL"),
        ),
        (
            "blob_payload",
            with_row("(2, 't', 'a', 'b', 'request', 2, x'7b7d', 'p', 'h', NULL, NULL)"),
            ("payload", "BLOB"),
        ),
        (
            "invalid_utf8_actor",
            with_row(
                "(2, 't', CAST(x'61ff' AS TEXT), 'b', 'request', 2, '{}', 'p', 'h', NULL, NULL)",
            ),
            ("actor", "TEXT that is not UTF-8"),
        ),
        (
            "text_format_version",
            with_row("(2, 't', 'a', 'b', 'request', 'two', '{}', 'p', 'h', NULL, NULL)"),
            ("format_version", "TEXT"),
        ),
        (
            "real_format_version",
            with_row("(2, 't', 'a', 'b', 'request', 2.5, '{}', 'p', 'h', NULL, NULL)"),
            ("format_version", "REAL"),
        ),
        (
            "blob_signature",
            with_row("(2, 't', 'a', 'b', 'request', 2, '{}', 'p', 'h', x'00', 'k')"),
            ("signature", "BLOB"),
        ),
        (
            "text_entry_id",
            format!(
                "{} INSERT INTO entries VALUES ('one', {ROW}, NULL, NULL);",
                entries_table("", "")
            ),
            ("entry_id", "TEXT"),
        ),
    ];
    for (name, sql, (field, found)) in &cases {
        let tables = read_alike(&database(name, sql)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let row = tables.entries.last().expect(name);
        let named: Vec<_> = row
            .mistyped
            .iter()
            .map(|m| (m.field, m.found.as_str()))
            .collect();
        assert_eq!(named, [(*field, *found)], "{name}");
    }
}

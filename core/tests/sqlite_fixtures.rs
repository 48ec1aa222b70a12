//! The SQLite file-format reader against databases written by the real Python
//! library: every fixture's `entries` table reads the same rows as its JSONL export.

use nexuscone_core::export::jsonl::parse_line;
use nexuscone_core::sqlite::{Database, SqlValue};

#[test]
fn every_fixture_database_reads_the_rows_of_its_jsonl_export() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");
    let mut checked = 0;
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".sqlite") else {
            continue;
        };
        let bytes = std::fs::read(&path).unwrap();
        let db = Database::parse(&bytes).unwrap();
        assert!(!db.wal_mode(), "{name}");
        let table = db.rows("entries").unwrap_or_else(|e| panic!("{name}: {e}"));
        let jsonl = std::fs::read(format!("{dir}/{stem}.jsonl")).unwrap();
        let rows: Vec<_> = jsonl
            .split(|&b| b == b'\n')
            .enumerate()
            .filter_map(|(i, line)| parse_line(line, i + 1).unwrap())
            .collect();
        let col = |n: &str| table.column(n).unwrap();
        let id = col("entry_id");
        let (event_type_at, version_at) =
            (table.column("event_type"), table.column("format_version"));
        let (hash_at, payload_at, actor_at, signature_at) = (
            col("entry_hash"),
            col("payload"),
            col("actor"),
            col("signature"),
        );
        // The iterator yields rows in rowid order, which is entry_id order: no sort.
        let db_rows: Vec<Vec<SqlValue>> = table
            .map(|row| row.unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect();
        assert_eq!(db_rows.len(), rows.len(), "{name}");
        for (db_row, row) in db_rows.iter().zip(&rows) {
            let e = &row.entry;
            assert_eq!(db_row[id], SqlValue::Integer(e.entry_id), "{name}");
            assert_eq!(
                db_row[hash_at],
                SqlValue::Text(e.entry_hash.clone()),
                "{name}"
            );
            assert_eq!(
                db_row[payload_at],
                SqlValue::Text(e.payload.clone()),
                "{name}"
            );
            assert_eq!(db_row[actor_at], SqlValue::Text(e.actor.clone()), "{name}");
            let signature = e.signature.clone().map_or(SqlValue::Null, SqlValue::Text);
            assert_eq!(db_row[signature_at], signature, "{name}");
            if let (Some(at), Some(event_type)) = (event_type_at, &e.event_type) {
                assert_eq!(db_row[at], SqlValue::Text(event_type.clone()), "{name}");
            }
            if let (Some(at), Some(version)) = (version_at, e.format_version) {
                assert_eq!(db_row[at], SqlValue::Integer(version), "{name}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 20, "checked {checked} databases");
}

/// The reader is panic-free on damaged files: every byte of a real database
/// flipped in turn (a sample of positions), and the file cut short.
#[test]
fn damaged_databases_give_errors_not_panics() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");
    let bytes = std::fs::read(format!("{dir}/signed.sqlite")).unwrap();
    for at in (0..bytes.len()).step_by(11) {
        for flip in [0x01u8, 0xff] {
            let mut damaged = bytes.clone();
            damaged[at] ^= flip;
            if let Ok(db) = Database::parse(&damaged) {
                read_all(&db, "entries");
                read_all(&db, "witness_attestations");
            }
        }
    }
    for len in (0..bytes.len()).step_by(997) {
        if let Ok(db) = Database::parse(&bytes[..len]) {
            read_all(&db, "entries");
        }
    }
}

/// Reads every row of `table` until the end or the first error; an error ends the
/// iterator (a damaged page graph cannot make it loop).
fn read_all(db: &Database, table: &str) {
    if let Ok(rows) = db.rows(table) {
        let mut errors = 0;
        for row in rows {
            errors += usize::from(row.is_err());
        }
        assert!(errors <= 1, "{table}: {errors} errors after the first");
    }
}

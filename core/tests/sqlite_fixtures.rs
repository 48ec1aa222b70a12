//! The SQLite file-format reader and the table mapping against databases written
//! by the real Python library: every fixture's tables read the same entries as its
//! JSONL export and the same witnesses and attestations as its bundle. The type
//! tampers (`tamper_type_*`) are left out: their exports hold what JSON can of a
//! value of another type (a BLOB as hex text), not the value.

use nexuscone_core::export::bundle::Bundle;
use nexuscone_core::export::jsonl::parse_line;
use nexuscone_core::sqlite::tables::LedgerTables;
use nexuscone_core::sqlite::Database;

#[test]
fn every_fixture_database_reads_the_rows_of_its_jsonl_export_and_bundle() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");
    let mut checked = 0;
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".sqlite") else {
            continue;
        };
        if stem.starts_with("tamper_type_") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let db = Database::parse(&bytes).unwrap();
        assert!(!db.wal_mode(), "{name}");
        let tables = LedgerTables::new(db).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Streamed in rowid order, which is entry_id order: no sort.
        let entries: Vec<_> = tables
            .entries()
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .map(|row| row.unwrap_or_else(|e| panic!("{name}: {e}")).entry)
            .collect();
        let jsonl = std::fs::read(format!("{dir}/{stem}.jsonl")).unwrap();
        let exported: Vec<_> = jsonl
            .split(|&b| b == b'\n')
            .enumerate()
            .filter_map(|(i, line)| parse_line(line, i + 1).unwrap())
            .map(|row| row.entry)
            .collect();
        assert_eq!(entries, exported, "{name}");
        let bundle = Bundle::parse(&std::fs::read(format!("{dir}/{stem}.bundle.json")).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(tables.witnesses().unwrap(), bundle.witnesses, "{name}");
        assert_eq!(
            tables.attestations().unwrap(),
            bundle.attestations,
            "{name}"
        );
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
            // Bound before use: the database borrows `damaged` until it is dropped.
            let parsed = Database::parse(&damaged);
            if let Ok(db) = parsed {
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

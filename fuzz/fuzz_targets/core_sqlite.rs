//! Any bytes as a database file (seeded with the fixture databases by
//! `fuzz/run.sh`) through the core's own SQLite file-format reader, the one the
//! browser viewer runs on files it is handed: every table of the schema read row
//! by row to the end, then the ledger's tables through the core's table mapping
//! (`sqlite::tables`) as the viewer reads them. Never a panic or a hang; an error
//! ends a table's rows.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::sqlite::tables::LedgerTables;
use nexuscone_core::sqlite::Database;

fuzz_target!(|data: &[u8]| {
    let Ok(db) = Database::parse(data) else {
        return;
    };
    let _ = db.wal_mode();
    let Ok(names) = db.table_names() else {
        return;
    };
    for name in names {
        if let Ok(rows) = db.rows(&name) {
            let mut errors = 0;
            for row in rows {
                errors += usize::from(row.is_err());
            }
            assert!(errors <= 1, "{name}: rows go on after an error");
        }
    }
    let Ok(tables) = LedgerTables::new(db) else {
        return;
    };
    let _ = (tables.witnesses(), tables.attestations(), tables.anchors());
    if let Ok(entries) = tables.entries() {
        let errors = entries.filter(Result::is_err).count();
        assert!(errors <= 1, "entries go on after an error");
    }
});

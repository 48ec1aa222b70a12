//! SQLite ledgers are verified in batches on several threads (`ledger::verify_entries`)
//! with recycled buffers; JSONL is verified one row at a time. On a ledger of many
//! batches, with findings spread across batch boundaries, both give the same report.

use std::path::Path;
use std::process::Command;

fn nexuscone(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_nexuscone"))
        .args(args)
        .output()
        .expect("run nexuscone");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn many_batch_sqlite_report_equals_row_by_row_jsonl_report() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/ledgers");
    let dir = std::env::temp_dir().join(format!("nexuscone-batched-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("big.sqlite");
    std::fs::copy(fixtures.join("signed.sqlite"), &db).unwrap();
    {
        // Copies of the signed ledger's rows under new ids: about 5,000 entries whose
        // links and hashes break at every copy boundary, signatures mostly valid.
        let conn = rusqlite::Connection::open(&db).unwrap();
        for copy in 1..100 {
            conn.execute(
                "INSERT INTO entries (entry_id, timestamp, actor, action, event_type, format_version, payload, \
                 previous_hash, entry_hash, signature, signing_key_id) SELECT entry_id + ?1, timestamp, actor, \
                 action, event_type, format_version, payload, previous_hash, entry_hash, signature, signing_key_id \
                 FROM entries WHERE entry_id <= 60",
                [copy * 60],
            )
            .unwrap();
        }
    }
    let jsonl = dir.join("big.jsonl");
    let (db, jsonl) = (db.to_str().unwrap(), jsonl.to_str().unwrap());
    nexuscone(&["export", db, "--to", jsonl, "--force"]);
    let keys = fixtures.join("keys.json");
    let keys = keys.to_str().unwrap();
    for extra in [&[][..], &["--keys", keys][..]] {
        let from_sqlite = nexuscone(&[&["verify", "--json", db][..], extra].concat());
        let from_jsonl = nexuscone(&[&["verify", "--json", jsonl][..], extra].concat());
        let report: serde_json::Value = serde_json::from_slice(&from_sqlite).unwrap();
        assert!(
            report["entries"].as_u64().unwrap() > 3 * 1024,
            "{}",
            report["entries"]
        );
        // Witness findings differ (the JSONL export has no witnesses); compare the rest.
        let strip = |text: &[u8]| {
            let mut value: serde_json::Value = serde_json::from_slice(text).unwrap();
            for key in [
                "witnesses",
                "limits",
                "coverage",
                "verdict",
                "valid",
                "first_failure",
                "failures",
                "failures_total",
            ] {
                value[key] = serde_json::Value::Null;
            }
            let failures: Vec<_> = serde_json::from_slice::<serde_json::Value>(text).unwrap()
                ["failures"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["kind"] != "witness_attestation" && f["kind"] != "witness_mismatch")
                .cloned()
                .collect();
            (value, failures)
        };
        assert_eq!(strip(&from_sqlite), strip(&from_jsonl), "{extra:?}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

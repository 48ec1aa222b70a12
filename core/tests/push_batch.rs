//! `ChainVerifier::push_batch` gives exactly the report of `push` on each entry,
//! for every fixture ledger (written by the real Python library, tampered ones
//! included) and every batch size, with and without keys.

use std::collections::BTreeMap;
use std::path::Path;

use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::entry::Entry;
use nexuscone_core::export::jsonl;
use nexuscone_core::signature::KeyRing;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/ledgers")
}

fn ledgers() -> Vec<(String, Vec<Entry>)> {
    let mut out: Vec<(String, Vec<Entry>)> = std::fs::read_dir(fixtures())
        .expect("fixtures/ledgers")
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "jsonl").then_some(path)
        })
        .map(|path| {
            let text = std::fs::read(&path).expect("read fixture");
            let entries = text
                .split(|&b| b == b'\n')
                .enumerate()
                .filter_map(|(i, line)| {
                    jsonl::parse_line(line, i + 1)
                        .expect("fixture line")
                        .map(|row| row.entry)
                })
                .collect();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                entries,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        out.len() >= 20,
        "expected the fixture ledgers, found {}",
        out.len()
    );
    out
}

fn keys() -> KeyRing {
    let text = std::fs::read(fixtures().join("keys.json")).expect("keys.json");
    let map: BTreeMap<String, String> = serde_json::from_slice(&text).expect("keys.json object");
    KeyRing::from_hex(map.iter().map(|(k, v)| (k.as_str(), v.as_str()))).expect("valid keys")
}

fn report_json(keys: &KeyRing, verify: impl FnOnce(&mut ChainVerifier)) -> String {
    let mut verifier = ChainVerifier::new(VerifyOptions {
        keys: keys.clone(),
        ..VerifyOptions::default()
    });
    verify(&mut verifier);
    serde_json::to_string(&verifier.finish()).expect("report serialises")
}

#[test]
fn push_batch_reports_exactly_what_push_reports_for_every_batch_size() {
    for keys in [KeyRing::new(), keys()] {
        for (name, entries) in ledgers() {
            let one_by_one = report_json(&keys, |v| {
                for entry in &entries {
                    v.push(entry);
                }
            });
            for size in [1, 2, 3, 7, 64, entries.len().max(1)] {
                let batched = report_json(&keys, |v| {
                    entries.chunks(size).for_each(|batch| v.push_batch(batch))
                });
                assert_eq!(batched, one_by_one, "{name}, batches of {size}");
            }
        }
    }
}

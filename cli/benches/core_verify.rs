//! Core-only throughput: the chain verifier on entries already in memory, no SQLite.
//!
//! `cargo bench -p nexuscone-cli --bench core_verify -- [--runs N] [--keys KEYS.json] LEDGER.sqlite`
//!
//! Loads every entry of the ledger first (so memory here does grow with the
//! ledger; `nexuscone verify` streams), then times, best of N runs, the same
//! verification `nexuscone verify` performs: entry by entry with
//! `ChainVerifier::push` and in batches with `ChainVerifier::push_batch` (all
//! cores with the core's `parallel` feature). Prints one JSON object per line.
//! `bench/run.sh` runs it next to the Python library; see docs/PERFORMANCE.md.

use std::collections::BTreeMap;
use std::time::Instant;

use nexuscone_cli::sqlite::Database;
use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::entry::Entry;
use nexuscone_core::report::Verdict;
use nexuscone_core::signature::KeyRing;

/// The batch size `nexuscone verify` uses for SQLite ledgers.
const BATCH: usize = 1024;

/// Every entry of the ledger, read by the same reader `nexuscone verify` uses.
fn load(path: &str) -> Vec<Entry> {
    let db = Database::open(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{}", e.0));
    let mut entries = Vec::new();
    db.for_each_entry(|entry| {
        entries.push(entry);
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{}", e.0));
    entries
}

fn best_of(
    runs: usize,
    entries: &[Entry],
    keys: &KeyRing,
    verify: impl Fn(&mut ChainVerifier, &[Entry]),
) -> f64 {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            let mut verifier = ChainVerifier::new(VerifyOptions {
                keys: keys.clone(),
                ..VerifyOptions::default()
            });
            verify(&mut verifier, entries);
            let report = verifier.finish();
            let seconds = started.elapsed().as_secs_f64();
            assert_ne!(
                report.verdict,
                Verdict::Invalid,
                "benchmark ledgers must verify"
            );
            assert_eq!(report.entries, entries.len() as u64);
            seconds
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let (mut runs, mut keys, mut ledgers) = (5, KeyRing::new(), Vec::new());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--keys" => {
                let path = args.next().expect("--keys FILE");
                let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
                let map: BTreeMap<String, String> =
                    serde_json::from_slice(&text).expect("a JSON object of hex keys");
                keys = KeyRing::from_hex(map.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    .expect("valid keys");
            }
            _ => ledgers.push(arg),
        }
    }
    for path in ledgers {
        let entries = load(&path);
        let sequential = best_of(runs, &entries, &keys, |verifier, entries| {
            for entry in entries {
                verifier.push(entry);
            }
        });
        let batched = best_of(runs, &entries, &keys, |verifier, entries| {
            for batch in entries.chunks(BATCH) {
                verifier.push_batch(batch);
            }
        });
        let n = entries.len() as f64;
        println!(
            "{{\"ledger\":{path:?},\"entries\":{},\"push_per_s\":{:.0},\"push_batch_per_s\":{:.0}}}",
            entries.len(),
            n / sequential,
            n / batched
        );
    }
}

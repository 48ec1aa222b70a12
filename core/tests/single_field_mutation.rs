//! Property: changing any single stored field of any entry of a valid ledger written
//! by the real Python library is detected, at that entry.
//!
//! Removing a signature is detected only under the require-signatures policy (the
//! Python library, and our default, accept unsigned entries), so every mutation is
//! judged by the failures it adds over the untouched ledger's report under the
//! same options.

use std::collections::BTreeSet;

use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::entry::Entry;
use nexuscone_core::export::jsonl;
use nexuscone_core::signature::KeyRing;

const SIGNED: &str = include_str!("../../fixtures/ledgers/signed.jsonl");
const KEYS: &str = include_str!("../../fixtures/ledgers/keys.json");

fn entries() -> Vec<Entry> {
    SIGNED
        .lines()
        .enumerate()
        .filter_map(|(i, line)| jsonl::parse_line(line.as_bytes(), i + 1).unwrap())
        .map(|row| row.entry)
        .collect()
}

fn options() -> VerifyOptions {
    let keys: std::collections::BTreeMap<String, String> = serde_json::from_str(KEYS).unwrap();
    VerifyOptions {
        keys: KeyRing::from_hex(keys.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap(),
        require_signatures: true,
        ..VerifyOptions::default()
    }
}

/// (entry_id, message) of every failure.
fn failures(entries: &[Entry]) -> BTreeSet<(Option<i64>, String)> {
    let mut verifier = ChainVerifier::new(options());
    for entry in entries {
        verifier.push(entry);
    }
    let report = verifier.finish();
    report
        .failures
        .into_iter()
        .map(|f| (f.entry_id, f.message))
        .collect()
}

fn tweak(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    match chars.last_mut() {
        Some(last) => *last = if *last == 'a' { 'b' } else { 'a' },
        None => chars.push('a'),
    }
    chars.into_iter().collect()
}

/// Every single-field mutation of `entry`, named.
fn mutations(entry: &Entry) -> Vec<(&'static str, Entry)> {
    let mut out = Vec::new();
    let mut with = |name: &'static str, change: &dyn Fn(&mut Entry)| {
        let mut mutated = entry.clone();
        change(&mut mutated);
        assert_ne!(&mutated, entry, "{name} must change the entry");
        out.push((name, mutated));
    };
    with("entry_id", &|e| e.entry_id += 1000);
    with("timestamp", &|e| e.timestamp = tweak(&e.timestamp));
    with("actor", &|e| e.actor = tweak(&e.actor));
    with("action", &|e| e.action = tweak(&e.action));
    with("event_type", &|e| {
        e.event_type = Some(tweak(e.effective_event_type()))
    });
    with("format_version", &|e| {
        e.format_version = Some(e.declared_format_version() - 1)
    });
    with("payload", &|e| {
        e.payload = e.payload.replacen('}', ",\"x\":1}", 1)
    });
    with("previous_hash", &|e| {
        e.previous_hash = tweak(&e.previous_hash)
    });
    with("entry_hash", &|e| e.entry_hash = tweak(&e.entry_hash));
    // An unsigned row's signing_key_id is an input of nothing (not of the hash, and
    // there is no signature); the verifier warns about it, see `chain.rs`.
    if entry.signature.is_some() {
        with("signing_key_id", &|e| {
            e.signing_key_id = Some(
                if e.signing_key_id.as_deref() == Some("key-a") {
                    "key-b"
                } else {
                    "key-a"
                }
                .to_owned(),
            )
        });
        with("signature", &|e| {
            e.signature = e.signature.as_deref().map(tweak)
        });
        with("signature removed", &|e| {
            e.signature = None;
            e.signing_key_id = None;
        });
    }
    out
}

#[test]
fn any_single_field_mutation_of_a_python_written_ledger_is_detected_at_that_entry() {
    let original = entries();
    assert!(original.len() >= 20);
    let baseline = failures(&original);
    let mut checked = 0;
    for (index, entry) in original.iter().enumerate() {
        for (field, mutated) in mutations(entry) {
            let mut ledger = original.clone();
            ledger[index] = mutated;
            let added: Vec<_> = failures(&ledger).difference(&baseline).cloned().collect();
            let at_entry = added.iter().any(|(id, _)| {
                *id == Some(entry.entry_id)
                    || (field == "entry_id" && *id == Some(entry.entry_id + 1000))
            });
            assert!(
                at_entry,
                "entry {} field {field}: not detected at that entry; new failures: {added:?}",
                entry.entry_id
            );
            checked += 1;
        }
    }
    println!(
        "{checked} single-field mutations over {} entries, all detected",
        original.len()
    );
}

//! A pooled verification (`core::pool`: batches checked by helpers, answered in
//! any order, accepted in order) gives exactly the report of a single
//! verification: on every fixture ledger in every format, with and without keys,
//! and on a ledger whose tampered entries sit on the borders of batches. Its
//! messages round-trip, and a malformed one is an error with an offset, not a panic.

use nexuscone_core::chain::EntryCheck;
use nexuscone_core::entry::Entry;
use nexuscone_core::export::jsonl::write_line;
use nexuscone_core::input::{self, Hint, Reader, Trust, TrustKind};
use nexuscone_core::merkle::entry_tree;
use nexuscone_core::pool::{
    check_entries, decode_checks, decode_entries, decode_keys, encode_checks, encode_entries,
    encode_keys, PoolError, PooledVerification, Returns, WireError, BATCH_ENTRIES,
};
use nexuscone_core::report::Report;
use nexuscone_core::signature::KeyRing;
use nexuscone_core::writer::{format_timestamp, ChainWriter, EntrySigner, NewEntry};

fn fixture(name: &str) -> Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers/");
    std::fs::read(format!("{dir}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn fixture_inputs() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sqlite") || n.ends_with(".jsonl") || n.ends_with(".bundle.json"))
        .collect();
    names.sort();
    assert!(names.len() >= 60, "fixtures not found");
    names
}

fn trust_with_keys(keys: Option<&[u8]>) -> Trust {
    let mut trust = Trust::new();
    if let Some(keys) = keys {
        trust.add(TrustKind::EntryKeys, keys, "keys.json").unwrap();
    }
    trust
}

/// Helpers answer the batches in the order `order` gives (a permutation of the
/// batches out at once), each with its own key ring as a worker would have.
fn pooled(bytes: &[u8], hint: Hint, trust: Trust, chunk: usize, out_at_once: usize) -> Report {
    let mut pool = PooledVerification::new(trust);
    let mut reader = Reader::new(hint);
    let mut ring: Option<KeyRing> = None;
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut answer = |pool: &mut PooledVerification, out: &mut Vec<Vec<u8>>, all: bool| {
        while let Some(batch) = pool.take_batch() {
            out.push(batch);
        }
        while out.len() > out_at_once || (all && !out.is_empty()) {
            let ring = ring.get_or_insert_with(|| decode_keys(&pool.keys().unwrap()).unwrap());
            // Last sent, first answered: the worst order for the coordinator.
            let batch = out.pop().unwrap();
            pool.accept(&check_entries(ring, &batch).unwrap()).unwrap();
        }
    };
    for part in bytes.chunks(chunk) {
        reader.feed(part, &mut pool).unwrap();
        answer(&mut pool, &mut out, false);
    }
    reader.finish(&mut pool).unwrap();
    pool.end_input();
    answer(&mut pool, &mut out, true);
    assert_eq!(pool.pending(), 0);
    pool.finish().unwrap()
}

fn json(report: &Report) -> String {
    serde_json::to_string(report).unwrap()
}

#[test]
fn pooled_reports_equal_single_reports_on_every_fixture_with_and_without_keys() {
    let keys = fixture("keys.json");
    for name in fixture_inputs() {
        let bytes = fixture(&name);
        for keys in [None, Some(keys.as_slice())] {
            let single =
                input::verify(&bytes, Hint::from_name(&name), &trust_with_keys(keys)).unwrap();
            // JSONL is read as it arrives, in chunks cut anywhere; other formats once whole.
            let small = if name.ends_with(".jsonl") { 7 } else { 4096 };
            for (chunk, out_at_once) in [(bytes.len().max(1), 1), (small, 3)] {
                let pooled = pooled(
                    &bytes,
                    Hint::from_name(&name),
                    trust_with_keys(keys),
                    chunk,
                    out_at_once,
                );
                assert_eq!(
                    json(&pooled),
                    json(&single),
                    "{name}, keys {}",
                    keys.is_some()
                );
            }
        }
    }
}

fn signer() -> EntrySigner {
    EntrySigner::from_seed("border-key", &[7; 32])
}

/// A signed ledger of `count` entries.
fn signed_ledger(count: usize) -> Vec<Entry> {
    let signer = signer();
    let mut writer = ChainWriter::new();
    (0..count)
        .map(|i| {
            let timestamp = format_timestamp(1_800_000_000 + i as i64, 0);
            let payload = format!(r#"{{"n":{i},"text":"caf\u00e9 \"q\""}}"#);
            let new = NewEntry {
                timestamp: &timestamp,
                actor: "agent",
                action: "tool.invoke",
                event_type: "request",
                payload_json: payload.as_bytes(),
                format: Default::default(),
            };
            writer.append(&new, Some(&signer)).unwrap()
        })
        .collect()
}

#[test]
fn failures_on_batch_borders_are_reported_as_by_a_single_verification() {
    let mut entries = signed_ledger(3 * BATCH_ENTRIES + 5);
    let b = BATCH_ENTRIES;
    entries[b - 1].payload = r#"{"n":-1}"#.to_owned(); // last of batch 0: hash mismatch
    let signature = entries[b].signature.as_mut().unwrap(); // first of batch 1: bad signature
    signature.replace_range(
        0..2,
        if signature.starts_with("00") {
            "01"
        } else {
            "00"
        },
    );
    entries[2 * b - 1].previous_hash = "ab".repeat(32); // last of batch 1: broken link
    entries.remove(2 * b); // first of batch 2 removed: missing entry
    entries[3 * b - 1].signing_key_id = Some("nobody".to_owned()); // unknown key
    entries.swap(3 * b, 3 * b + 1); // out of order across the tail
    let jsonl: String = entries.iter().map(|e| write_line(e) + "\n").collect();
    let keys = format!(r#"{{"border-key":"{}"}}"#, signer().public_key_hex());
    let trust = || trust_with_keys(Some(keys.as_bytes()));
    let single = input::verify(jsonl.as_bytes(), Hint::None, &trust()).unwrap();
    assert!(single.failures_total >= 6, "{:?}", single.failures);
    for (chunk, out_at_once) in [(1 << 20, 1), (4096, 2), (100_000, 4)] {
        let pooled = pooled(jsonl.as_bytes(), Hint::None, trust(), chunk, out_at_once);
        assert_eq!(
            json(&pooled),
            json(&single),
            "chunks of {chunk}, {out_at_once} out"
        );
    }
}

#[test]
fn batches_checks_and_keys_round_trip() {
    let entries = signed_ledger(40);
    let batch = encode_entries(9, Returns::ChecksAndTree, entries.iter());
    let decoded = decode_entries(&batch).unwrap();
    assert_eq!((decoded.id, &decoded.entries), (9, &entries));
    assert_eq!(decoded.returns, Returns::ChecksAndTree);
    let ring = KeyRing::from_hex([("border-key", signer().public_key_hex().as_str())]).unwrap();
    let ring_again = decode_keys(&encode_keys(&ring)).unwrap();
    assert_eq!(ring_again.key_ids().collect::<Vec<_>>(), ["border-key"]);
    let checks = EntryCheck::compute_batch(&entries, &ring);
    let back = decode_checks(&encode_checks(9, &checks, None)).unwrap();
    assert_eq!((back.id, back.checks, back.tree), (9, checks.clone(), None));
    let tree = entry_tree(entries.iter().map(|e| e.entry_hash.as_str())).unwrap();
    let back = decode_checks(&encode_checks(9, &checks, Some(&tree))).unwrap();
    assert_eq!(back.tree, Some(tree));
}

#[test]
fn a_batch_asked_for_its_tree_answers_with_the_tree_of_its_stored_entry_hashes() {
    let ring = KeyRing::new();
    let mut entries = signed_ledger(37);
    let expected = entry_tree(entries.iter().map(|e| e.entry_hash.as_str()));
    assert!(expected.is_some());
    let answer = |entries: &[Entry], returns| {
        let batch = encode_entries(2, returns, entries.iter());
        decode_checks(&check_entries(&ring, &batch).unwrap()).unwrap()
    };
    assert_eq!(answer(&entries, Returns::ChecksAndTree).tree, expected);
    assert_eq!(answer(&entries, Returns::Checks).tree, None);
    // A stored hash that is not 64 hex digits has no leaf: no tree, the checks still.
    entries[20].entry_hash.truncate(63);
    let answer = answer(&entries, Returns::ChecksAndTree);
    assert_eq!((answer.tree, answer.checks.len()), (None, 37));
}

#[test]
fn every_truncation_of_a_message_is_an_error_at_an_offset_within_it() {
    let batch = encode_entries(1, Returns::ChecksAndTree, signed_ledger(3).iter());
    for end in 0..batch.len() {
        let error = decode_entries(&batch[..end]).unwrap_err();
        assert!(error.offset <= end, "{error}");
    }
    let checks = check_entries(&KeyRing::new(), &batch).unwrap();
    for end in 0..checks.len() {
        assert!(decode_checks(&checks[..end]).is_err());
    }
    let mut longer = checks.clone();
    longer.push(0);
    assert_eq!(
        decode_checks(&longer).unwrap_err(),
        WireError {
            offset: checks.len(),
            expected: "the end of the message"
        }
    );
}

#[test]
fn checks_for_a_batch_never_sent_or_of_the_wrong_length_are_refused() {
    let jsonl: String = signed_ledger(5)
        .iter()
        .map(|e| write_line(e) + "\n")
        .collect();
    let mut pool = PooledVerification::new(Trust::new());
    input::read(jsonl.as_bytes(), Hint::None, &mut pool).unwrap();
    pool.end_input();
    let batch = pool.take_batch().unwrap();
    let ring = KeyRing::new();
    let stranger = check_entries(
        &ring,
        &encode_entries(3, Returns::Checks, signed_ledger(5).iter()),
    )
    .unwrap();
    assert_eq!(
        pool.accept(&stranger),
        Err(PoolError::UnknownBatch { id: 3 })
    );
    let short = check_entries(
        &ring,
        &encode_entries(0, Returns::Checks, signed_ledger(4).iter()),
    )
    .unwrap();
    assert_eq!(
        pool.accept(&short),
        Err(PoolError::WrongCount {
            id: 0,
            expected: 5,
            found: 4
        })
    );
    pool.accept(&check_entries(&ring, &batch).unwrap()).unwrap();
    assert_eq!(pool.entries(), 5);
    assert_eq!(pool.finish().unwrap().entries, 5);
}

//! A pooled verification (`core::pool`: batches checked by helpers, answered in
//! any order, accepted in order) gives exactly the report of a single
//! verification: on every fixture ledger in every format, with and without keys,
//! and on a ledger whose tampered entries sit on the borders of batches. Its
//! messages round-trip, and a malformed one is an error with an offset, not a panic.

use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::entry::Entry;
use nexuscone_core::export::jsonl::write_line;
use nexuscone_core::input::{self, Hint, Reader, Trust, TrustKind};
use nexuscone_core::merkle::{
    entry_leaf_hex, entry_range, entry_tree, leaf_hash, MerkleTree, NodeHash, RootHash,
};
use nexuscone_core::note::SignerKey;
use nexuscone_core::pool::{
    check_entries, decode_checks, decode_entries, decode_keys, encode_entries, encode_keys,
    CheckedBatch, Leaves, PoolError, PooledVerification, Returns, WireError, BATCH_ENTRIES,
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
    let jsonl = jsonl(&entries);
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
    let ring = KeyRing::from_hex([("border-key", signer().public_key_hex().as_str())]).unwrap();
    let ring_again = decode_keys(&encode_keys(&ring)).unwrap();
    assert_eq!(ring_again.key_ids().collect::<Vec<_>>(), ["border-key"]);
    for returns in [
        Returns::Checks,
        Returns::ChecksAndTree,
        Returns::ChecksAndRange,
    ] {
        let batch = encode_entries(9, returns, entries.iter());
        let decoded = decode_entries(&batch).unwrap();
        assert_eq!(
            (decoded.id, decoded.returns, &decoded.entries),
            (9, returns, &entries)
        );
        let checked = CheckedBatch::compute(9, &entries, &ring, returns);
        assert_eq!(
            decode_checks(&checked.encode()).unwrap(),
            checked,
            "{returns:?}"
        );
    }
}

#[test]
fn a_batch_asked_for_its_tree_or_range_answers_with_those_of_its_stored_entry_hashes() {
    let ring = KeyRing::new();
    let mut entries = signed_ledger(37);
    let hashes = |entries: &[Entry]| {
        entries
            .iter()
            .map(|e| e.entry_hash.clone())
            .collect::<Vec<_>>()
    };
    let tree = entry_tree(hashes(&entries).iter().map(String::as_str));
    let range = entry_range(hashes(&entries).iter().map(String::as_str));
    assert!(tree.is_some() && range.is_some());
    let answer = |entries: &[Entry], returns| {
        let batch = encode_entries(2, returns, entries.iter());
        decode_checks(&check_entries(&ring, &batch).unwrap()).unwrap()
    };
    let with_tree = answer(&entries, Returns::ChecksAndTree);
    assert_eq!(
        (&with_tree.range(), with_tree.into_tree()),
        (&range, tree.clone())
    );
    let with_range = answer(&entries, Returns::ChecksAndRange);
    assert_eq!(with_range.leaves, range.clone().map(Leaves::Range));
    assert_eq!(with_range.range(), range);
    let checks_only = answer(&entries, Returns::Checks);
    assert_eq!((checks_only.range(), checks_only.leaves), (None, None));
    // A stored hash that is not 64 hex digits has no leaf: no tree, no range, the checks still.
    entries[20].entry_hash.truncate(63);
    for returns in [Returns::ChecksAndTree, Returns::ChecksAndRange] {
        let answer = answer(&entries, returns);
        assert_eq!((answer.leaves, answer.checks.len()), (None, 37));
    }
}

/// Trust in a checkpoint of `size` over `entries`' stored hashes, with `root`
/// instead of theirs when given.
fn checkpoint_trust(entries: &[Entry], size: u64, root: Option<RootHash>) -> Trust {
    let leaves = entries.iter().map(|e| entry_leaf_hex(&e.entry_hash));
    let tree = MerkleTree::from_leaves(leaves.map(|l| l.unwrap_or(leaf_hash(b"not hex"))));
    let signer = SignerKey::from_seed("example.org/pool", &[5; 32]).unwrap();
    let checkpoint = Checkpoint {
        origin: "example.org/pool".to_owned(),
        size,
        root: root.unwrap_or_else(|| tree.root_at(size.min(tree.len())).unwrap()),
        extensions: Vec::new(),
    };
    let mut trust = Trust::new();
    let verifier = signer.verifier().to_string();
    trust
        .add(TrustKind::VerifierKeys, verifier.as_bytes(), "vkey")
        .unwrap();
    let note = checkpoint.sign(&[&signer]).unwrap();
    trust
        .add(TrustKind::Checkpoint, note.as_bytes(), "cp.note")
        .unwrap();
    trust
}

fn jsonl(entries: &[Entry]) -> String {
    entries.iter().map(|e| write_line(e) + "\n").collect()
}

#[test]
fn a_checkpoint_checked_from_the_helpers_ranges_is_reported_as_by_a_single_verification() {
    let b = BATCH_ENTRIES as u64;
    let honest = signed_ledger(3 * BATCH_ENTRIES + 5);
    let mut not_hex = honest.clone();
    not_hex[BATCH_ENTRIES + 3].entry_hash.truncate(63);
    let forged = RootHash::from(NodeHash::from(leaf_hash(b"forged")));
    let all = [0, 1, b - 1, b, b + 1, 2 * b, 3 * b + 5, 3 * b + 6];
    let cases: [(&Vec<Entry>, &[u64], Option<RootHash>); 3] = [
        (&honest, &all, None),
        (&honest, &[b, 2 * b + 7, 3 * b + 5], Some(forged)),
        (&not_hex, &[b, b + 3, b + 4, 2 * b, 3 * b + 5], None),
    ];
    for (entries, sizes, root) in cases {
        let jsonl = jsonl(entries);
        for &size in sizes {
            let trust = || checkpoint_trust(entries, size, root);
            let single = input::verify(jsonl.as_bytes(), Hint::None, &trust()).unwrap();
            assert!(single.checkpoint.is_some());
            for (chunk, out_at_once) in [(1 << 20, 1), (5000, 3)] {
                let pooled = pooled(jsonl.as_bytes(), Hint::None, trust(), chunk, out_at_once);
                assert_eq!(json(&pooled), json(&single), "size {size}, root {root:?}");
            }
        }
    }
}

#[test]
fn a_helpers_range_is_taken_whole_in_place_of_the_leaves() {
    // A helper that answers batch 0 with the range of other entries: the coordinator
    // takes it, so the root it reports is not the ledger's. (Helpers are trusted to
    // compute, as they are for the checks; this shows the range is used.)
    let entries = signed_ledger(BATCH_ENTRIES + 2);
    let trust = checkpoint_trust(&entries, entries.len() as u64, None);
    let text = jsonl(&entries);
    let mut pool = PooledVerification::new(trust);
    let mut reader = Reader::new(Hint::None);
    reader.feed(text.as_bytes(), &mut pool).unwrap();
    reader.finish(&mut pool).unwrap();
    pool.end_input();
    let ring = decode_keys(&pool.keys().unwrap()).unwrap();
    while let Some(batch) = pool.take_batch() {
        let batch = decode_entries(&batch).unwrap();
        assert_eq!(batch.returns, Returns::ChecksAndRange);
        let mut checked = CheckedBatch::compute(batch.id, &batch.entries, &ring, batch.returns);
        if batch.id == 0 {
            let others = signed_ledger(BATCH_ENTRIES + 1);
            let range = entry_range(others[1..].iter().map(|e| e.entry_hash.as_str()));
            checked.leaves = range.map(Leaves::Range);
        }
        pool.accept(&checked.encode()).unwrap();
    }
    let report = pool.finish().unwrap();
    assert_eq!(report.checkpoint.map(|c| c.matched), Some(false));
    let single = input::verify(
        text.as_bytes(),
        Hint::None,
        &checkpoint_trust(&entries, entries.len() as u64, None),
    )
    .unwrap();
    assert_eq!(single.checkpoint.map(|c| c.matched), Some(true));
}

#[test]
fn every_truncation_of_a_message_is_an_error_at_an_offset_within_it() {
    for returns in [Returns::ChecksAndTree, Returns::ChecksAndRange] {
        let batch = encode_entries(1, returns, signed_ledger(3).iter());
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
}

#[test]
fn checks_for_a_batch_never_sent_or_of_the_wrong_length_are_refused() {
    let jsonl = jsonl(&signed_ledger(5));
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

//! The assurance level (`core/src/assurance.rs`): only what the user supplied protects
//! an entry, whatever the ledger carries; and what a format cannot carry is said.

use nexuscone_core::assurance::{AssuranceLevel, Protector};
use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::input::{self, Hint, Ledger, Trust, TrustKind};
use nexuscone_core::merkle::{entry_leaf_hex, MerkleTree};
use nexuscone_core::note::SignerKey;
use nexuscone_core::report::{LimitKind, Report, Verdict};
use nexuscone_core::writer::{ChainWriter, NewEntry, WriteFormat};

fn fixture(name: &str) -> Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers/");
    std::fs::read(format!("{dir}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn verify(bytes: &[u8], inputs: &[(TrustKind, &str)]) -> Report {
    let mut trust = Trust::new();
    for &(kind, name) in inputs {
        trust.add(kind, &fixture(name), name).unwrap();
    }
    input::verify(bytes, Hint::None, &trust).unwrap()
}

fn unprotected_ids(report: &Report) -> Vec<(i64, i64)> {
    let spans = &report.assurance.unprotected;
    spans
        .iter()
        .map(|s| (s.first_entry_id, s.last_entry_id))
        .collect()
}

#[test]
fn a_ledger_nobody_protected_is_consistent_but_unprotected_not_protected() {
    for name in ["unsigned.sqlite", "unsigned.jsonl", "signed.bundle.json"] {
        // The bundle's signatures verify, but against keys the bundle ships itself.
        let report = verify(&fixture(name), &[]);
        assert!(report.valid, "{name}");
        let assurance = &report.assurance;
        assert_eq!(assurance.level, AssuranceLevel::Unprotected, "{name}");
        assert_eq!(assurance.protected_entries, 0, "{name}");
        assert_eq!(assurance.unprotected_entries, report.entries, "{name}");
        assert!(assurance.message.contains("nothing stops"), "{name}");
    }
}

#[test]
fn trusted_keys_protect_exactly_the_signed_entries_and_the_rest_is_named() {
    let report = verify(
        &fixture("signed.bundle.json"),
        &[(TrustKind::EntryKeys, "keys.json")],
    );
    let assurance = &report.assurance;
    assert_eq!(assurance.level, AssuranceLevel::PartlyProtected);
    // Every 5th entry of the fixture is unsigned, and no witness key was supplied.
    let unsigned: Vec<(i64, i64)> = (0..11).map(|i| (i * 5 + 4, i * 5 + 4)).collect();
    assert_eq!(unprotected_ids(&report), unsigned);
    assert_eq!(assurance.covers.len(), 1);
    assert_eq!(assurance.covers[0].by, Protector::Signature);
    assert_eq!(assurance.covers[0].entries, 44);
    assert!(
        assurance.message.contains("entry 4, entry 9"),
        "{}",
        assurance.message
    );
}

#[test]
fn trusted_witnesses_cover_every_entry_up_to_the_last_attested_one() {
    let report = verify(
        &fixture("signed.bundle.json"),
        &[
            (TrustKind::EntryKeys, "keys.json"),
            (TrustKind::WitnessKeys, "witness_keys.json"),
        ],
    );
    assert_eq!(report.assurance.level, AssuranceLevel::PartlyProtected);
    // Attested up to entry 49; of the tail, entry 54 is unsigned.
    assert_eq!(unprotected_ids(&report), [(54, 54)]);
    let witness = report
        .assurance
        .covers
        .iter()
        .find(|c| c.by == Protector::Witness);
    assert_eq!(
        witness.map(|c| (c.first_entry_id, c.last_entry_id)),
        Some((1, 49))
    );
}

#[test]
fn a_forged_unsigned_tail_is_named_as_unprotected() {
    let mut bytes = fixture("signed.jsonl");
    let ledger = Ledger::read(&bytes, Hint::None).unwrap();
    let last = &ledger.rows.last().unwrap().entry;
    let mut writer = ChainWriter::after(last.entry_id, &last.entry_hash);
    for _ in 0..3 {
        let new = NewEntry {
            timestamp: "2026-12-01T00:00:00.000000Z",
            actor: "forger",
            action: "approve",
            event_type: "request",
            payload_json: b"{}",
            format: WriteFormat::V2,
        };
        let entry = writer.append(&new, None).unwrap();
        let line = nexuscone_core::export::jsonl::write_line(&entry);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    let report = verify(
        &bytes,
        &[
            (TrustKind::EntryKeys, "keys.json"),
            (TrustKind::WitnessKeys, "witness_keys.json"),
        ],
    );
    assert!(report.valid);
    assert_eq!(report.assurance.level, AssuranceLevel::PartlyProtected);
    // A JSONL export carries no attestations: only the signatures protect anything.
    assert_eq!(unprotected_ids(&report)[10..], [(54, 54), (56, 58)]);
}

#[test]
fn a_matched_checkpoint_protects_every_entry_it_commits_to() {
    let bytes = fixture("unsigned.jsonl");
    let rows = Ledger::read(&bytes, Hint::None).unwrap().rows;
    let tree = MerkleTree::from_leaves(
        rows.iter()
            .map(|r| entry_leaf_hex(&r.entry.entry_hash).unwrap()),
    );
    let signer = SignerKey::from_seed("example.org/ledger", &[9; 32]).unwrap();
    let mut trust = Trust::new();
    let vkey = signer.verifier().to_string();
    trust
        .add(TrustKind::VerifierKeys, vkey.as_bytes(), "vkey")
        .unwrap();
    for (size, level) in [
        (tree.len(), AssuranceLevel::Protected),
        (tree.len() - 2, AssuranceLevel::PartlyProtected),
    ] {
        let checkpoint = Checkpoint {
            origin: "example.org/ledger".to_owned(),
            size,
            root: tree.root_at(size).unwrap(),
            extensions: Vec::new(),
        };
        let note = checkpoint.sign(&[&signer]).unwrap();
        trust
            .add(TrustKind::Checkpoint, note.as_bytes(), "cp")
            .unwrap();
        let report = input::verify(&bytes, Hint::None, &trust).unwrap();
        assert_eq!(report.assurance.level, level, "size {size}");
        let cover = &report.assurance.covers[0];
        assert_eq!((cover.by, cover.entries), (Protector::Checkpoint, size));
    }
}

#[test]
fn an_anchor_protects_only_when_verified_against_supplied_headers() {
    let bytes = fixture("anchored.sqlite");
    let alone = verify(&bytes, &[]);
    assert_eq!(alone.assurance.level, AssuranceLevel::Unprotected);
    let headers = verify(
        &bytes,
        &[(TrustKind::BitcoinHeaders, "anchored.bitcoin-headers")],
    );
    let anchor = headers
        .assurance
        .covers
        .iter()
        .find(|c| c.by == Protector::Anchor)
        .expect("a verified anchor covers entries");
    assert_eq!(anchor.first_entry_id, 1);
    assert!(headers.assurance.protected_entries >= anchor.entries);
    assert!(
        !headers
            .limits
            .iter()
            .any(|l| l.kind == LimitKind::UnprotectedTail
                && l.message
                    .contains(&format!("entry {} ", anchor.last_entry_id))),
        "the unprotected tail starts after the anchored head"
    );
}

#[test]
fn a_failed_check_is_invalid_whatever_else_protects_the_ledger() {
    let report = verify(
        &fixture("tamper_actor.bundle.json"),
        &[(TrustKind::EntryKeys, "keys.json")],
    );
    assert_eq!(report.assurance.level, AssuranceLevel::Invalid);
    assert!(report.assurance.covers.is_empty());
}

#[test]
fn only_a_jsonl_export_reports_that_it_cannot_carry_attestations_or_anchors() {
    for (name, says) in [
        ("anchored.jsonl", true),
        ("anchored.sqlite", false),
        ("anchored.bundle.json", false),
    ] {
        let report = verify(&fixture(name), &[]);
        let limit = report
            .limits
            .iter()
            .any(|l| l.kind == LimitKind::FormatOmitsAttestationsAndAnchors);
        assert_eq!(limit, says, "{name}");
        assert_eq!(report.verdict, Verdict::ValidWithLimits, "{name}");
    }
}

#[test]
fn the_report_serialises_its_assurance_first() {
    let report = verify(&fixture("unsigned.jsonl"), &[]);
    let json = serde_json::to_string(&report).unwrap();
    assert!(
        json.starts_with(r#"{"assurance":{"level":"unprotected""#),
        "{json:.80}"
    );
}

//! Selective disclosure in the core: build, strict parse with located errors, and
//! verification of ledgers written by our `ChainWriter` (formats 2 and 3, redaction).

use std::collections::BTreeMap;

use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::disclosure::{
    self, Disclosure, DisclosureError, DisclosureOptions, DisclosureVerdict,
};
use nexuscone_core::entry::Entry;
use nexuscone_core::merkle::{entry_leaf_hex, MerkleTree};
use nexuscone_core::note::{SignerKey, Verifiers};
use nexuscone_core::redaction;
use nexuscone_core::signature::KeyRing;
use nexuscone_core::writer::{ChainWriter, EntrySigner, NewEntry, WriteFormat};

const ORIGIN: &str = "example.com/log";

/// Ten entries, signed by key-a, even ones format 3; entry 4 redacted (format 3) and
/// entry 5 redacted (format 2) by redaction entries 11 and 12.
fn ledger() -> (Vec<Entry>, BTreeMap<String, String>) {
    let signer = EntrySigner::from_seed("key-a", &[3; 32]);
    let mut writer = ChainWriter::new();
    let mut entries = Vec::new();
    for i in 1..=10u8 {
        let payload = format!("{{\"n\":{i}}}");
        let format = if i % 2 == 0 {
            WriteFormat::V3 { salt: [i; 32] }
        } else {
            WriteFormat::V2
        };
        let timestamp = format!("2024-05-01T12:00:{i:02}.000000Z");
        let new = NewEntry {
            timestamp: &timestamp,
            actor: "alice",
            action: "log",
            event_type: "request",
            payload_json: payload.as_bytes(),
            format,
        };
        entries.push(writer.append(&new, Some(&signer)).unwrap());
    }
    for target in [4usize, 5] {
        let at = "2024-06-01T00:00:00.000000Z";
        let record = redaction::redact(&mut entries[target - 1], "gdpr", "dpo", at);
        let new = NewEntry {
            timestamp: at,
            actor: redaction::REDACTION_ACTOR,
            action: redaction::REDACTION_ACTION,
            event_type: redaction::REDACTION_EVENT_TYPE,
            payload_json: b"",
            format: WriteFormat::V2,
        };
        entries.push(writer.append_canonical(&new, record.to_payload(), None));
    }
    let keys = BTreeMap::from([("key-a".to_owned(), signer.public_key_hex())]);
    (entries, keys)
}

fn tree(entries: &[Entry]) -> MerkleTree {
    MerkleTree::from_leaves(
        entries
            .iter()
            .map(|e| entry_leaf_hex(&e.entry_hash).unwrap()),
    )
}

fn signer() -> SignerKey {
    SignerKey::from_seed(ORIGIN, &[7; 32]).unwrap()
}

fn note(tree: &MerkleTree, size: u64) -> String {
    Checkpoint {
        origin: ORIGIN.into(),
        size,
        root: tree.root_at(size).unwrap(),
        extensions: Vec::new(),
    }
    .sign(&[&signer()])
    .unwrap()
}

fn options() -> DisclosureOptions {
    DisclosureOptions {
        verifiers: Some(Verifiers::new([signer().verifier()])),
        keys: None,
    }
}

fn bundle(ids: &[i64]) -> Disclosure {
    let (entries, keys) = ledger();
    let tree = tree(&entries);
    let size = tree.len();
    let (chosen, _) = disclosure::select(&entries, ids, size).unwrap();
    Disclosure::build(&note(&tree, size), &tree, chosen, &keys, &[note(&tree, 3)]).unwrap()
}

#[test]
fn format_3_and_format_2_redactions_verify_with_their_redaction_entries() {
    let bundle = bundle(&[4, 5, 6]);
    let ids: Vec<i64> = bundle.entries.iter().map(|e| e.entry_id()).collect();
    assert_eq!(ids, [4, 5, 6, 11, 12], "redaction entries added");
    assert!(matches!(
        bundle.entries[0],
        disclosure::DisclosedEntry::Full(_)
    ));
    assert!(matches!(
        bundle.entries[1],
        disclosure::DisclosedEntry::Withheld(_)
    ));
    let text = bundle.to_canonical();
    let parsed = Disclosure::parse(text.as_bytes()).unwrap();
    assert_eq!(parsed, bundle);
    let report = parsed.verify(&options());
    assert!(report.valid, "{report:#?}");
    assert_eq!(report.verdict, DisclosureVerdict::ValidWithLimits);
    // The format-3 redacted entry is still fully recomputed; the format-2 one is not.
    assert!(report.entries[0].hash_recomputed);
    assert!(!report.entries[1].hash_recomputed);
    assert!(report.entries.iter().all(|e| e.included));
    assert!(report.consistency[0].consistent);
    // 4 -> 5 -> 6 are consecutive: both links checked (5 is withheld, so 5 -> 6 only).
    assert!(report.entries[2].link_checked);
}

#[test]
fn trusted_keys_replace_the_bundles_and_must_agree_with_them() {
    let bundle = bundle(&[2, 3]);
    let (_, keys) = ledger();
    let mut options = options();
    options.keys =
        Some(KeyRing::from_hex(keys.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap());
    let report = bundle.verify(&options);
    assert!(report.valid, "{report:#?}");
    let other = EntrySigner::from_seed("key-a", &[4; 32]).public_key_hex();
    options.keys = Some(KeyRing::from_hex([("key-a", other.as_str())]).unwrap());
    let report = bundle.verify(&options);
    assert!(!report.valid);
    let kinds: Vec<_> = report
        .failures
        .iter()
        .map(|f| format!("{:?}", f.kind))
        .collect();
    assert!(kinds.contains(&"KeyDisagreement".to_owned()), "{kinds:?}");
    assert!(kinds.contains(&"BadSignature".to_owned()), "{kinds:?}");
}

#[test]
fn without_verifier_keys_the_disclosure_is_never_valid() {
    let report = bundle(&[1]).verify(&DisclosureOptions::default());
    assert!(!report.valid);
    assert_eq!(report.verdict, DisclosureVerdict::CheckpointUnverified);
    assert!(report.failures.is_empty());
}

fn error_location(text: &str) -> String {
    match Disclosure::parse(text.as_bytes()) {
        Err(DisclosureError::Field { location, .. }) => location,
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn parse_errors_name_the_member() {
    let text = bundle(&[2, 3]).to_canonical();
    let first_path_hash = {
        let start = text.find("\"proofs\":[").unwrap();
        let path = start + text[start..].find("\"path\":[\"").unwrap() + 9;
        path..path + 64
    };
    let mut upper = text.clone();
    upper.replace_range(
        first_path_hash.clone(),
        &text[first_path_hash.clone()].to_uppercase(),
    );
    assert_eq!(error_location(&upper), "proofs[0].path[0]");

    let hash = {
        let at = text.find("\"entry_hash\":\"").unwrap() + 14;
        at..at + 64
    };
    let mut short = text.clone();
    short.replace_range(hash.start..hash.start + 2, "");
    assert_eq!(error_location(&short), "entries[0].entry_hash");

    let unknown = text.replacen("\"format\":", "\"extra\":1,\"format\":", 1);
    assert!(matches!(
        Disclosure::parse(unknown.as_bytes()),
        Err(DisclosureError::Field { .. })
    ));

    let spaced = text.replacen(",", ", ", 1);
    assert!(matches!(
        Disclosure::parse(spaced.as_bytes()),
        Err(DisclosureError::NotCanonical { .. })
    ));
    let no_newline = text.trim_end();
    assert!(matches!(
        Disclosure::parse(no_newline.as_bytes()),
        Err(DisclosureError::NotCanonical { .. })
    ));
}

#[test]
fn build_refuses_a_tree_that_is_not_the_checkpoints() {
    let (entries, keys) = ledger();
    let full = tree(&entries);
    let note = note(&full, 8);
    let other = tree(&entries[1..]);
    let err = Disclosure::build(&note, &other, vec![entries[0].clone()], &keys, &[]).unwrap_err();
    assert!(err.contains("not the one the checkpoint signs"), "{err}");
    let beyond = disclosure::select(&entries, &[9], 8).unwrap_err();
    assert!(
        beyond.contains("not within the checkpoint's tree size 8"),
        "{beyond}"
    );
}

#[test]
fn disclosure_report_kinds_serialise_as_their_stable_names() {
    use nexuscone_core::disclosure::verify::{
        DisclosureFindingKind, NotProvenKind, SignatureState,
    };
    for kind in DisclosureVerdict::ALL {
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
    for kind in DisclosureFindingKind::ALL {
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
    for kind in NotProvenKind::ALL {
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
    for state in SignatureState::ALL {
        assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
    }
}

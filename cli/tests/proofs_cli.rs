//! Checkpoints, Merkle proofs and redaction through the CLI, on ledgers written by
//! the real Python library (`fixtures/ledgers`).

mod common;
use common::{fixture, nexuscone, redact, s};

use std::path::{Path, PathBuf};
use std::process::Output;

const SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const KEY_NAME: &str = "example.com/nexuscone";

fn scratch(test: &str) -> PathBuf {
    common::scratch("proofs", test)
}

/// Writes a seed file, a checkpoint of `ledger` and returns (note path, vkey).
fn checkpoint_of(dir: &Path, ledger: &Path) -> (PathBuf, String) {
    let seed = dir.join("seed");
    std::fs::write(&seed, SEED).unwrap();
    let out = nexuscone(&[
        "checkpoint",
        s(ledger),
        "--origin",
        KEY_NAME,
        "--key-name",
        KEY_NAME,
        "--seed-file",
        s(&seed),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let note = dir.join("checkpoint.note");
    std::fs::write(&note, &out.stdout).unwrap();
    let vkey = nexuscone(&["vkey", "--key-name", KEY_NAME, "--seed-file", s(&seed)]);
    assert!(vkey.status.success());
    (
        note,
        String::from_utf8(vkey.stdout).unwrap().trim().to_owned(),
    )
}

fn verify_with_checkpoint(ledger: &Path, note: &Path, vkey: &str) -> Output {
    nexuscone(&[
        "verify",
        s(ledger),
        "--checkpoint",
        s(note),
        "--vkey",
        vkey,
        "--json",
    ])
}

#[test]
fn ledger_matching_its_checkpoint_verifies_without_the_no_checkpoint_limit() {
    let dir = scratch("match");
    let (note, vkey) = checkpoint_of(&dir, &fixture("signed.sqlite"));
    let out = verify_with_checkpoint(&fixture("signed.sqlite"), &note, &vkey);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["checkpoint"]["matched"], true);
    assert!(!report["limits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["kind"] == "no_checkpoint"));
}

#[test]
fn cutting_the_last_row_fails_naming_the_checkpoint_size() {
    let dir = scratch("cut");
    let (note, vkey) = checkpoint_of(&dir, &fixture("signed.sqlite"));
    let size = std::fs::read_to_string(&note)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_owned();
    // tamper_delete_last is `signed` with its last row deleted (by the fixture generator).
    let out = verify_with_checkpoint(&fixture("tamper_delete_last.sqlite"), &note, &vkey);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let failure = &report["first_failure"];
    assert_eq!(failure["kind"], "checkpoint_mismatch");
    let message = failure["message"].as_str().unwrap();
    assert!(message.contains(&format!("tree size {size}")), "{message}");
}

#[test]
fn a_fork_of_the_same_size_fails() {
    let dir = scratch("fork");
    // tamper_rewrite_history has the same number of rows, re-hashed and re-linked.
    let (note, vkey) = checkpoint_of(&dir, &fixture("signed.sqlite"));
    let out = verify_with_checkpoint(&fixture("tamper_rewrite_history.sqlite"), &note, &vkey);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["kind"] == "checkpoint_mismatch"
            && f["message"].as_str().unwrap().contains("forked")));
}

#[test]
fn checkpoint_signed_by_another_key_is_bad_input() {
    let dir = scratch("wrongkey");
    let (note, _) = checkpoint_of(&dir, &fixture("signed.sqlite"));
    let other = "example.com/nexuscone+cc714670+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";
    let out = verify_with_checkpoint(&fixture("signed.sqlite"), &note, other);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn proofs_verify_against_the_printed_roots() {
    use nexuscone_core::merkle::{ConsistencyProof, InclusionProof, LeafHash, RootHash};
    let ledger = fixture("signed.jsonl");
    let hex32 = |v: &serde_json::Value| -> [u8; 32] {
        hex::decode(v.as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap()
    };
    let path = |v: &serde_json::Value| -> Vec<Vec<u8>> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|h| hex32(h).to_vec())
            .collect()
    };
    for (index, size) in [(0u64, 1u64), (2, 7), (6, 7), (10, 33), (54, 55)] {
        let out = nexuscone(&[
            "prove",
            "inclusion",
            s(&ledger),
            "--index",
            &index.to_string(),
            "--size",
            &size.to_string(),
        ]);
        assert!(out.status.success());
        let proof: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let root = RootHash::from_bytes(hex32(&proof["root"]));
        let root_cli = nexuscone(&["root", s(&ledger), "--size", &size.to_string()]);
        assert_eq!(
            String::from_utf8(root_cli.stdout).unwrap().trim(),
            root.to_hex()
        );
        let leaf = LeafHash::from_bytes(hex32(&proof["leaf_hash"]));
        let inclusion = InclusionProof::from_slices(index, size, &path(&proof["path"])).unwrap();
        root.verify_inclusion(&leaf, &inclusion).unwrap();
    }
    for (from, to) in [(1u64, 2u64), (3, 7), (7, 7), (20, 55)] {
        let out = nexuscone(&[
            "prove",
            "consistency",
            s(&ledger),
            "--from",
            &from.to_string(),
            "--to",
            &to.to_string(),
        ]);
        assert!(out.status.success());
        let proof: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let root1 = RootHash::from_bytes(hex32(&proof["root1"]));
        let root2 = RootHash::from_bytes(hex32(&proof["root2"]));
        let consistency = ConsistencyProof::from_slices(from, to, &path(&proof["path"])).unwrap();
        root1.verify_consistency(&root2, &consistency).unwrap();
    }
    let too_big = nexuscone(&["root", s(&ledger), "--size", "56"]);
    assert_eq!(too_big.status.code(), Some(2));
}

fn verify_json(ledger: &Path, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args = vec!["verify", s(ledger), "--json"];
    args.extend_from_slice(extra);
    let out = nexuscone(&args);
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

#[test]
fn redacted_python_ledgers_verify_with_the_redaction_limit_in_every_format() {
    let keys = fixture("keys.json");
    for (name, ext) in [
        ("signed", "sqlite"),
        ("signed", "jsonl"),
        ("signed", "bundle.json"),
        ("edge_payloads", "sqlite"),
        ("legacy_migrated", "sqlite"),
    ] {
        let dir = scratch(&format!("redact-{name}-{ext}"));
        let original = fixture(&format!("{name}.{ext}"));
        let before = std::fs::read(&original).unwrap();
        let redacted = redact(&dir, &original, ext, "2");
        assert_eq!(
            std::fs::read(&original).unwrap(),
            before,
            "the input must not change"
        );
        let (code, report) = verify_json(&redacted, &["--keys", s(&keys)]);
        assert_eq!(code, Some(0), "{name}.{ext}: {report}");
        assert_eq!(report["statuses"]["redacted"], 1, "{name}.{ext}");
        assert!(report["limits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["kind"] == "redacted_entries"));
    }
}

#[test]
fn edited_marker_or_removed_redaction_entry_is_invalid() {
    let dir = scratch("redact-tamper");
    let redacted = redact(&dir, &fixture("signed.jsonl"), "jsonl", "4");
    let text = std::fs::read_to_string(&redacted).unwrap();
    let lines: Vec<&str> = text.lines().collect();

    let edited_reason = dir.join("edited.jsonl");
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    edited[3] = edited[3].replace("GDPR art. 17", "GDPR art. 18");
    assert_ne!(edited[3], lines[3]);
    std::fs::write(&edited_reason, edited.join("\n") + "\n").unwrap();
    let (code, report) = verify_json(&edited_reason, &[]);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(report["first_failure"]["kind"], "redaction");

    let removed = dir.join("removed.jsonl");
    std::fs::write(&removed, lines[..lines.len() - 1].join("\n") + "\n").unwrap();
    let (code, report) = verify_json(&removed, &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["kind"] == "redaction" && f["entry_id"] == 4));
}

#[test]
fn a_redacted_ledger_still_matches_the_checkpoint_taken_before() {
    let dir = scratch("redact-checkpoint");
    let (note, vkey) = checkpoint_of(&dir, &fixture("signed.sqlite"));
    let redacted = redact(&dir, &fixture("signed.sqlite"), "sqlite", "9");
    let out = verify_with_checkpoint(&redacted, &note, &vkey);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

//! Selective disclosure, tlog-proofs and checkpoint consistency through the CLI, on
//! ledgers written by the real Python library (`fixtures/ledgers`).

mod common;
use common::{fixture, nexuscone, ok, redact, s};

use std::path::{Path, PathBuf};
use std::process::Output;

const SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const OTHER_SEED: &str = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
const ORIGIN: &str = "example.com/nexuscone";

fn scratch(test: &str) -> PathBuf {
    common::scratch("disclosure", test)
}

/// Signs a checkpoint of `ledger` (at `size`, default all) with `seed`; returns its path.
fn checkpoint(dir: &Path, ledger: &Path, seed: &str, size: Option<u64>, name: &str) -> PathBuf {
    let seed_file = dir.join(format!("{name}.seed"));
    std::fs::write(&seed_file, seed).unwrap();
    let size = size.map(|n| n.to_string());
    let mut args = vec![
        "checkpoint",
        s(ledger),
        "--origin",
        ORIGIN,
        "--key-name",
        ORIGIN,
        "--seed-file",
        s(&seed_file),
    ];
    if let Some(size) = &size {
        args.extend(["--size", size]);
    }
    let note = dir.join(format!("{name}.note"));
    std::fs::write(&note, ok(nexuscone(&args)).stdout).unwrap();
    note
}

fn vkey(dir: &Path, seed: &str) -> String {
    let seed_file = dir.join("vkey.seed");
    std::fs::write(&seed_file, seed).unwrap();
    let out = ok(nexuscone(&[
        "vkey",
        "--key-name",
        ORIGIN,
        "--seed-file",
        s(&seed_file),
    ]));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn disclose(ledger: &Path, entries: &str, note: &Path, out: &Path, extra: &[&str]) -> Output {
    let keys = fixture("keys.json");
    let mut args = vec![
        "disclose",
        s(ledger),
        "--entries",
        entries,
        "--checkpoint",
        s(note),
        "--out",
        s(out),
        "--keys",
        s(&keys),
    ];
    args.extend_from_slice(extra);
    nexuscone(&args)
}

fn verify(bundle: &Path, vkey: Option<&str>, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args = vec!["verify", s(bundle), "--json"];
    if let Some(vkey) = vkey {
        args.extend(["--vkey", vkey]);
    }
    args.extend_from_slice(extra);
    let out = nexuscone(&args);
    let report = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code(), report)
}

fn kinds(report: &serde_json::Value, member: &str) -> Vec<String> {
    report[member]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["kind"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn disclosed_python_entries_verify_and_say_what_is_not_proven() {
    let dir = scratch("plain");
    let ledger = fixture("signed.sqlite");
    let note = checkpoint(&dir, &ledger, SEED, None, "cp");
    let vkey = vkey(&dir, SEED);
    let bundle = dir.join("bundle.json");
    ok(disclose(&ledger, "3,4,17,42", &note, &bundle, &[]));

    let (code, report) = verify(&bundle, Some(&vkey), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["verdict"], "valid_with_limits");
    let statuses: Vec<_> = report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["entry_id"].as_i64().unwrap(), e["status"].clone()))
        .collect();
    assert_eq!(
        statuses,
        [
            (3, "verified".into()),
            (4, "unsigned".into()),
            (17, "verified".into()),
            (42, "verified".into())
        ]
    );
    let not_proven = kinds(&report, "not_proven");
    for kind in [
        "self_asserted_signing_keys",
        "undisclosed_entries",
        "chain_links_not_checked",
    ] {
        assert!(not_proven.iter().any(|k| k == kind), "{kind}: {report}");
    }
    // 3 -> 4 is the one consecutive pair: its link was checked.
    assert_eq!(report["entries"][1]["link_checked"], true);
    assert_eq!(report["entries"][2]["link_checked"], false);

    let (code, report) = verify(&bundle, Some(&vkey), &["--keys", s(&fixture("keys.json"))]);
    assert_eq!(code, Some(0), "{report}");
    assert!(!kinds(&report, "not_proven")
        .iter()
        .any(|k| k == "self_asserted_signing_keys"));
}

#[test]
fn redacted_entry_is_disclosed_with_its_redaction_entry_and_verifies() {
    let dir = scratch("redacted");
    let ledger = redact(&dir, &fixture("signed.sqlite"), "sqlite", "2");
    let note = checkpoint(&dir, &ledger, SEED, None, "cp");
    let vkey = vkey(&dir, SEED);
    let bundle = dir.join("bundle.json");
    let out = ok(disclose(&ledger, "2,3", &note, &bundle, &[]));
    assert!(String::from_utf8_lossy(&out.stderr).contains("added redaction entry 56"));
    let (code, report) = verify(&bundle, Some(&vkey), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["entries"][0]["status"], "redacted");
    assert_eq!(report["entries"][0]["hash_recomputed"], false);
    assert_eq!(report["entries"][2]["entry_id"], 56);
    assert!(kinds(&report, "not_proven")
        .iter()
        .any(|k| k == "redacted_headers_withheld"));

    // Without its redaction entry the marker cannot be checked: invalid.
    let text = std::fs::read_to_string(&bundle).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["entries"].as_array_mut().unwrap().pop();
    doc["proofs"].as_array_mut().unwrap().pop();
    let cut = dir.join("cut.json");
    std::fs::write(&cut, canonical(&doc)).unwrap();
    let (code, report) = verify(&cut, Some(&vkey), &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(kinds(&report, "failures").iter().any(|k| k == "redaction"));
}

/// Re-serialises through our canonical printer (serde_json's output is not canonical
/// for non-ASCII text).
fn canonical(doc: &serde_json::Value) -> String {
    let text = serde_json::to_string(doc).unwrap();
    let mut out = nexuscone_core::canonical::canonicalize(text.as_bytes()).unwrap();
    out.push('\n');
    out
}

#[test]
fn one_byte_changed_anywhere_is_rejected() {
    let dir = scratch("bytes");
    let ledger = redact(&dir, &fixture("signed.sqlite"), "sqlite", "2");
    let note = checkpoint(&dir, &ledger, SEED, None, "cp");
    let older = checkpoint(&dir, &ledger, SEED, Some(20), "old");
    let vkey = vkey(&dir, SEED);
    let bundle = dir.join("bundle.json");
    // A redacted (withheld) entry, a signed one, its redaction entry (unsigned, added
    // automatically) and a consistency proof: every kind of member.
    ok(disclose(
        &ledger,
        "2,3",
        &note,
        &bundle,
        &["--older-checkpoint", s(&older)],
    ));
    let original = std::fs::read(&bundle).unwrap();
    assert_eq!(verify(&bundle, Some(&vkey), &[]).0, Some(0));

    // Every position, two ways: flip the lowest bit, and replace with another
    // printable character. No exceptions: the format has no byte that does not matter.
    let mutations: Vec<(usize, u8)> = (0..original.len())
        .flat_map(|i| {
            let b = original[i];
            let printable = if b == b'A' { b'B' } else { b'A' };
            [(i, b ^ 0x01), (i, printable)]
        })
        .collect();
    let threads = 4;
    let accepted: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (dir, original, vkey, mutations) = (&dir, &original, &vkey, &mutations);
                scope.spawn(move || {
                    let path = dir.join(format!("mutant-{t}.json"));
                    let mut accepted = Vec::new();
                    for &(i, byte) in mutations.iter().skip(t).step_by(threads) {
                        let mut bytes = original.clone();
                        bytes[i] = byte;
                        std::fs::write(&path, &bytes).unwrap();
                        let out =
                            nexuscone(&["verify", s(&path), "--vkey", vkey.as_str(), "--json"]);
                        match out.status.code() {
                            Some(1 | 2) => {}
                            code => accepted.push(format!(
                                "byte {i} ({:?} -> {:?}): exit {code:?}",
                                original[i] as char, byte as char
                            )),
                        }
                    }
                    accepted
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        accepted.is_empty(),
        "{} mutants accepted:\n{}",
        accepted.len(),
        accepted.join("\n")
    );
}

#[test]
fn wrong_vkey_missing_vkey_wrong_size_other_proof_and_swapped_entries_are_rejected() {
    let dir = scratch("reject");
    let ledger = fixture("signed.sqlite");
    let note = checkpoint(&dir, &ledger, SEED, None, "cp");
    let vkey = vkey(&dir, SEED);
    let bundle = dir.join("bundle.json");
    ok(disclose(&ledger, "3,17,42", &note, &bundle, &[]));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&bundle).unwrap()).unwrap();
    let write = |name: &str, doc: &serde_json::Value| {
        let path = dir.join(name);
        std::fs::write(&path, canonical(doc)).unwrap();
        path
    };

    let other = self::vkey(&dir, OTHER_SEED);
    let (code, report) = verify(&bundle, Some(&other), &[]);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(report["failures"][0]["kind"], "checkpoint_signature");

    let (code, report) = verify(&bundle, None, &[]);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(report["verdict"], "checkpoint_unverified");
    assert_eq!(report["valid"], false);

    // A validly signed checkpoint of another size: the proofs are not for its tree.
    let smaller = checkpoint(&dir, &ledger, SEED, Some(50), "smaller");
    let mut wrong_size = doc.clone();
    wrong_size["checkpoint"] = std::fs::read_to_string(&smaller).unwrap().into();
    let (code, report) = verify(&write("size.json", &wrong_size), Some(&vkey), &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(kinds(&report, "failures").iter().all(|k| k == "inclusion"));

    // The proof of entry 17 given for entry 3.
    let mut other_proof = doc.clone();
    other_proof["proofs"][0] = doc["proofs"][1].clone();
    let (code, report) = verify(&write("proof.json", &other_proof), Some(&vkey), &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(kinds(&report, "failures").iter().any(|k| k == "leaf_index"));

    // Entries swapped: out of order is bad input; swapped with their proofs too.
    let mut swapped = doc.clone();
    swapped["entries"].as_array_mut().unwrap().swap(0, 1);
    assert_eq!(
        verify(&write("swap.json", &swapped), Some(&vkey), &[]).0,
        Some(2)
    );
    swapped["proofs"].as_array_mut().unwrap().swap(0, 1);
    assert_eq!(
        verify(&write("swap2.json", &swapped), Some(&vkey), &[]).0,
        Some(2)
    );

    // Entries swapped in content but not in id: hashes and proofs no longer match.
    let mut content = doc.clone();
    content["entries"][0]["payload"] = doc["entries"][1]["payload"].clone();
    let (code, report) = verify(&write("content.json", &content), Some(&vkey), &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(kinds(&report, "failures")
        .iter()
        .any(|k| k == "hash_mismatch"));
}

#[test]
fn disclose_refuses_a_checkpoint_of_another_ledger_and_existing_output() {
    let dir = scratch("refuse");
    let note = checkpoint(
        &dir,
        &fixture("tamper_rewrite_history.sqlite"),
        SEED,
        None,
        "cp",
    );
    let bundle = dir.join("bundle.json");
    let out = disclose(&fixture("signed.sqlite"), "3", &note, &bundle, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not the one the checkpoint signs"));
    assert!(!bundle.exists());

    let note = checkpoint(&dir, &fixture("signed.sqlite"), SEED, Some(10), "cp10");
    let out = disclose(&fixture("signed.sqlite"), "11", &note, &bundle, &[]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "entry beyond the checkpoint size"
    );

    ok(disclose(
        &fixture("signed.sqlite"),
        "3",
        &note,
        &bundle,
        &[],
    ));
    let again = disclose(&fixture("signed.sqlite"), "4", &note, &bundle, &[]);
    assert_eq!(again.status.code(), Some(2));
    ok(disclose(
        &fixture("signed.sqlite"),
        "4",
        &note,
        &bundle,
        &["--force"],
    ));
}

#[test]
fn tlog_proof_round_trip() {
    use nexuscone_core::checkpoint::proof::TlogProof;
    let dir = scratch("tlog");
    let ledger = fixture("signed.sqlite");
    let note = checkpoint(&dir, &ledger, SEED, None, "cp");
    let vkey = vkey(&dir, SEED);
    let size = std::fs::read_to_string(&note)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_owned();
    let out = ok(nexuscone(&[
        "prove",
        "inclusion",
        s(&ledger),
        "--index",
        "16",
        "--size",
        &size,
        "--checkpoint",
        s(&note),
        "--tlog-proof",
    ]));
    let proof_path = dir.join("entry17.tlog-proof");
    std::fs::write(&proof_path, &out.stdout).unwrap();
    let parsed = TlogProof::parse(&out.stdout).unwrap();
    assert_eq!(parsed.index, 16);
    assert_eq!(parsed.to_text().as_bytes(), out.stdout.as_slice());
    assert!(out
        .stdout
        .starts_with(b"c2sp.org/tlog-proof@v1\nindex 16\n"));

    let jsonl = std::fs::read_to_string(fixture("signed.jsonl")).unwrap();
    let hash_of = |line: usize| {
        let row: serde_json::Value =
            serde_json::from_str(jsonl.lines().nth(line).unwrap()).unwrap();
        row["entry_hash"].as_str().unwrap().to_owned()
    };
    let check = |hash: &str, vkey: &str, origin: &str| {
        nexuscone(&[
            "verify-proof",
            s(&proof_path),
            "--entry-hash",
            hash,
            "--vkey",
            vkey,
            "--origin",
            origin,
        ])
        .status
        .code()
    };
    assert_eq!(check(&hash_of(16), &vkey, ORIGIN), Some(0));
    assert_eq!(check(&hash_of(15), &vkey, ORIGIN), Some(1), "another entry");
    assert_eq!(
        check(&hash_of(16), &self::vkey(&dir, OTHER_SEED), ORIGIN),
        Some(1),
        "another key"
    );
    assert_eq!(
        check(&hash_of(16), &vkey, "example.org/other"),
        Some(1),
        "another origin"
    );
    assert_eq!(
        check(&hash_of(16).to_uppercase(), &vkey, ORIGIN),
        Some(2),
        "uppercase hex"
    );

    // A --size that is not the checkpoint's is refused.
    let wrong = nexuscone(&[
        "prove",
        "inclusion",
        s(&ledger),
        "--index",
        "16",
        "--size",
        "20",
        "--checkpoint",
        s(&note),
        "--tlog-proof",
    ]);
    assert_eq!(wrong.status.code(), Some(2));
}

#[test]
fn later_checkpoint_extends_the_earlier_one() {
    let dir = scratch("consistency");
    let ledger = fixture("signed.sqlite");
    let old = checkpoint(&dir, &ledger, SEED, Some(20), "old");
    let new = checkpoint(&dir, &ledger, SEED, None, "new");
    let vkey = vkey(&dir, SEED);
    let size = std::fs::read_to_string(&new)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_owned();
    let proof = ok(nexuscone(&[
        "prove",
        "consistency",
        s(&ledger),
        "--from",
        "20",
        "--to",
        &size,
    ]));
    let proof_path = dir.join("proof.json");
    std::fs::write(&proof_path, &proof.stdout).unwrap();
    let check = |old: &Path, new: &Path, vkey: &str| {
        nexuscone(&[
            "verify-consistency",
            "--old",
            s(old),
            "--new",
            s(new),
            "--proof",
            s(&proof_path),
            "--vkey",
            vkey,
        ])
        .status
        .code()
    };
    assert_eq!(check(&old, &new, &vkey), Some(0));
    assert_eq!(check(&old, &new, &self::vkey(&dir, OTHER_SEED)), Some(1));
    assert_eq!(
        check(&new, &old, &vkey),
        Some(2),
        "sizes do not match the proof"
    );

    // A checkpoint of a forked ledger of the same size, same proof sizes: not an extension.
    let fork = checkpoint(
        &dir,
        &fixture("tamper_rewrite_history.sqlite"),
        SEED,
        None,
        "fork",
    );
    assert_eq!(check(&old, &fork, &vkey), Some(1));
}

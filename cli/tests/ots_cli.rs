//! `nexuscone ots` on the OpenTimestamps client's example proofs
//! (`fixtures/vectors/opentimestamps/`) and the real header of block 358391.

use std::path::PathBuf;
use std::process::{Command, Output};

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/vectors/opentimestamps")
}

fn example(name: &str) -> String {
    vectors().join("examples").join(name).display().to_string()
}

/// The header of block 358391, given for its height (`HEIGHT HEX`).
fn headers_at_height() -> String {
    let hex = std::fs::read_to_string(vectors().join("bitcoin-headers/358391.hex")).unwrap();
    let path = std::env::temp_dir().join(format!("nexuscone-ots-{}.headers", std::process::id()));
    std::fs::write(&path, format!("358391 {}", hex.trim())).unwrap();
    path.display().to_string()
}

fn ots(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_nexuscone"))
        .arg("ots")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "no exit code: {out:?}");
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn hello_world_verifies_to_block_358391_at_its_time_with_its_header_and_target() {
    let headers = headers_at_height();
    let proof = example("hello-world.txt.ots");
    let target = example("hello-world.txt");
    let out = ots(&[&proof, "--target", &target, "--bitcoin-headers", &headers]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("target · is the file the proof is for"),
        "{stdout}"
    );
    assert!(stdout.contains("VERIFIED · the file digest is committed to by the merkle root of Bitcoin block 358391 (hash 000000000000000003e892881a8cdcdc117c06d444057c98b6f04a9ee75a2319), which existed by 2015-05-28T15:41:18Z"), "{stdout}");
    let json = ots(&[&proof, "--bitcoin-headers", &headers, "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["valid"], true);
    assert_eq!(report["track"]["existed_by"], "2015-05-28T15:41:18Z");
}

#[test]
fn without_headers_hello_world_is_not_checked_and_exits_1() {
    let out = ots(&[&example("hello-world.txt.ots")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("NOT CHECKED · commits to merkle root 8a1b66ecb7cbd07d8139a7e7d7f2c41aab1f5009b8364aaf61d03ad245e47e00 of Bitcoin block 358391 — not checked against Bitcoin (use --bitcoin-headers)"), "{stderr}");
}

#[test]
fn bad_stamp_fails_against_the_header_of_its_block() {
    let headers = headers_at_height();
    let out = ots(&[
        &example("bad-stamp.txt.ots"),
        "--target",
        &example("bad-stamp.txt"),
        "--bitcoin-headers",
        &headers,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("FAIL · the proof: the OpenTimestamps proof commits to merkle root"),
        "{stderr}"
    );
    assert!(
        stderr.contains("but the header given for that block has merkle root"),
        "{stderr}"
    );
}

#[test]
fn a_target_that_is_not_the_timestamped_file_fails() {
    let out = ots(&[
        &example("hello-world.txt.ots"),
        "--target",
        &example("bad-stamp.txt"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains(
        "FAIL · the proof: the target file's sha256 is not the digest the proof timestamps"
    ));
}

#[test]
fn invalid_proofs_are_rejected_with_the_byte_offset_and_exit_2() {
    for (name, offset) in [
        ("invalid/bad-major-version.ots", "byte 31"),
        ("invalid/exceeds-max-msg-length.ots", "byte 72"),
        ("invalid/invalid-file-digest-type.ots", "byte 32"),
    ] {
        let out = ots(&[&example(name)]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("not an OpenTimestamps proof") && stderr.contains(offset),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn unknown_attestations_are_carried_with_their_tag_and_nothing_is_verified() {
    let out = ots(&[&example("known-and-unknown-notary.txt.ots"), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = report["attestations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"unknown"), "{kinds:?}");
    assert!(report["attestations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["tag"].is_string()));
    assert_eq!(report["valid"], false);
    assert_eq!(out.status.code(), Some(1));
}

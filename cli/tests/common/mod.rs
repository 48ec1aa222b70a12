//! What the CLI test files share: the fixtures written by the real Python library,
//! and running the built `nexuscone` binary.
// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use nexuscone_core::input::{Trust, TrustKind};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The entry keys of `fixtures/ledgers/keys.json`, as a user supplies them.
pub fn fixture_keys() -> Trust {
    let mut trust = Trust::new();
    let keys = std::fs::read(fixture("keys.json")).expect("keys");
    trust
        .add(TrustKind::EntryKeys, &keys, "keys.json")
        .expect("keys");
    trust
}

/// SQL values of every storage class (a column's affinity may convert some: an
/// INTEGER column stores `'42'` as 42, a TEXT column 42 as `'42'`), and TEXT that is
/// not UTF-8.
pub const SQL_VALUES: &[&str] = &[
    "NULL",
    "42",
    "2.5",
    "'two'",
    "x'00ff'",
    "CAST(x'61ff' AS TEXT)",
];

/// A file of `fixtures/ledgers`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/ledgers")
        .join(name)
}

/// Runs `nexuscone` with `args` and returns what it did.
pub fn nexuscone(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nexuscone"))
        .args(args)
        .output()
        .expect("run nexuscone")
}

/// `nexuscone canonical` with `input` on stdin, written from another thread so a
/// large input cannot deadlock against a large output.
pub fn canonical(input: Vec<u8>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nexuscone"))
        .arg("canonical")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nexuscone canonical");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        // The binary may exit before reading everything (it does not, but a
        // broken pipe is then its answer, not ours to fail on).
        let _ = stdin.write_all(&input);
    });
    let output = child
        .wait_with_output()
        .expect("wait for nexuscone canonical");
    writer.join().expect("stdin writer");
    output
}

/// `out`, after checking the command succeeded (its stderr otherwise).
#[track_caller]
pub fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A fresh, empty directory for one test of one test file.
pub fn scratch(file: &str, test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nexuscone-{file}-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A path as a command-line argument.
pub fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `nexuscone redact` of `entry` in `ledger`, written to `redacted.<ext>` in `dir`.
pub fn redact(dir: &Path, ledger: &Path, ext: &str, entry: &str) -> PathBuf {
    let out_path = dir.join(format!("redacted.{ext}"));
    ok(nexuscone(&[
        "redact",
        s(ledger),
        "--entry",
        entry,
        "--reason",
        "GDPR art. 17",
        "--by",
        "dpo@example.com",
        "--out",
        s(&out_path),
    ]));
    out_path
}

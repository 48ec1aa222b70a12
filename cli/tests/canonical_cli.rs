//! `nexuscone canonical` writes exactly the bytes Python's `canonical_json(json.loads(text))`
//! writes, and exits 2 with a located error where Python raises.
//!
//! Vectors default to the committed `fixtures/canonical/vectors.jsonl`; CI also sets
//! `NEXUSCONE_CANONICAL_VECTORS` to a file the real library wrote moments before
//! with a fresh seed, so the inputs are ones this code has never seen.

mod common;
use common::canonical;

use std::path::{Path, PathBuf};

fn vectors_file() -> PathBuf {
    match std::env::var_os("NEXUSCONE_CANONICAL_VECTORS") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/canonical/vectors.jsonl"),
    }
}

#[test]
fn canonical_command_reproduces_python_bytes_and_rejects_what_python_rejects() {
    let path = vectors_file();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (mut accepted, mut rejected) = (0, 0);
    for (index, line) in text.lines().enumerate() {
        let vector: serde_json::Value = serde_json::from_str(line).unwrap();
        let input = vector["input"].as_str().unwrap();
        let output = canonical(input.as_bytes().to_vec());
        let (code, stdout) = (output.status.code().unwrap(), output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("panicked"),
            "line {}: panic: {stderr}",
            index + 1
        );
        match vector["output"].as_str() {
            Some(expected) => {
                assert_eq!(code, 0, "line {}: {input:?} rejected: {stderr}", index + 1);
                assert_eq!(
                    String::from_utf8_lossy(&stdout),
                    expected,
                    "line {}: {input:?}",
                    index + 1
                );
                accepted += 1;
            }
            None => {
                assert_eq!(
                    code,
                    2,
                    "line {}: Python rejects {input:?}, we printed {:?}",
                    index + 1,
                    String::from_utf8_lossy(&stdout)
                );
                assert!(
                    stderr.starts_with("error: stdin: ") && stderr.contains("(byte "),
                    "line {}: error must be located: {stderr}",
                    index + 1
                );
                rejected += 1;
            }
        }
    }
    println!(
        "{} ({}): {accepted} canonical outputs identical to Python, {rejected} rejections agree",
        path.display(),
        text.lines().count()
    );
}

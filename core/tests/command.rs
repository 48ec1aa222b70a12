//! `nexuscone_core::command`, the rules the Rust CLI and the npm bin share: format
//! detection by the CLI's rule, key files, and verification fed in chunks.
//! (`pkg-npm/test/cli.test.mjs` compares the two front ends' output on every fixture.)

use std::path::Path;

use nexuscone_core::command::{key_file, LedgerFormat, Printed, Verification, SQLITE_MAGIC};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).expect("fixture")
}

fn verify_in_chunks(name: &str, bytes: &[u8], chunk: usize) -> String {
    let keys = key_file(&fixture("keys.json"), "keys.json").expect("keys");
    let mut verification = Verification::new(name, Some(keys)).expect("keys read");
    for piece in bytes.chunks(chunk) {
        verification.push(piece).expect("readable");
    }
    let report = verification.finish().expect("readable");
    serde_json::to_string(&report).expect("report")
}

#[test]
fn the_extension_decides_as_std_path_does_when_the_header_is_not_sqlite() {
    for name in [
        "a.json",
        "dir.json/a",
        "a.JSON",
        ".json",
        "a.tar.json",
        "a.",
        "a",
        "x/.db",
        "b.DB",
        "c.sqlite3",
    ] {
        let ext = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let expected = match ext.as_deref() {
            Some("sqlite" | "sqlite3" | "db") => None,
            Some("json") => Some(LedgerFormat::Bundle),
            _ => Some(LedgerFormat::Jsonl),
        };
        assert_eq!(LedgerFormat::detect(b"{}", name).ok(), expected, "{name}");
    }
    assert_eq!(
        LedgerFormat::detect(SQLITE_MAGIC, "ledger.jsonl"),
        Ok(LedgerFormat::Sqlite)
    );
}

#[test]
fn every_format_gives_the_same_report_whatever_the_chunk_size() {
    for name in [
        "signed.jsonl",
        "signed.sqlite",
        "signed.bundle.json",
        "tamper_payload.jsonl",
    ] {
        let bytes = fixture(name);
        let whole = verify_in_chunks(name, &bytes, bytes.len().max(1));
        for chunk in [1, 7, 15, 16, 17, 4096] {
            assert_eq!(
                verify_in_chunks(name, &bytes, chunk),
                whole,
                "{name} in chunks of {chunk}"
            );
        }
    }
}

#[test]
fn a_key_file_that_is_not_an_object_of_strings_is_an_error_naming_the_file() {
    for text in ["[]", "{\"k\": 1}", "{\"k\": \"aa\"", "null"] {
        let error = key_file(text.as_bytes(), "keys.json").unwrap_err();
        assert!(
            error.starts_with("keys.json: expected a JSON object"),
            "{text}: {error}"
        );
    }
    let keys = key_file(br#"{"a": "01", "a": "02"}"#, "k").unwrap();
    assert_eq!(
        keys["a"], "02",
        "a repeated name keeps its last value, as Python's json"
    );
}

#[test]
fn unreadable_input_names_the_file_and_the_line() {
    let mut verification = Verification::new("x.jsonl", None).unwrap();
    let error = verification
        .push(b"{\"entry_id\": 1}\n{not json\n")
        .unwrap_err();
    assert!(error.starts_with("x.jsonl: line 1"), "{error}");
    let printed = Printed::error(&error);
    assert_eq!((printed.code, printed.stdout.as_str()), (2, ""));
    assert_eq!(printed.stderr, format!("error: {error}\n"));
}

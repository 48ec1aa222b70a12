//! Input errors carry a stable kind and their location as data (`core::input::located`,
//! `docs/FORMAT.md` "Input error kinds"), whichever reader refused the input.

use nexuscone_core::input::{
    self, ErrorKind, Hint, Ledger, LocatedError, Location, Trust, TrustKind,
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).expect("fixture")
}

fn read_error(bytes: &[u8], hint: Hint) -> LocatedError {
    let error = input::read(bytes, hint, &mut Ledger::default()).unwrap_err();
    LocatedError::from(&error)
}

fn trust_error(kind: TrustKind, text: &str) -> LocatedError {
    let error = Trust::new().add(kind, text.as_bytes(), "keys").unwrap_err();
    LocatedError::from(&error)
}

fn at(line: Option<usize>, offset: Option<u64>) -> Location {
    Location {
        line,
        offset,
        ..Location::default()
    }
}

#[test]
fn every_kind_serialises_as_its_stable_name() {
    for kind in ErrorKind::ALL {
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
}

#[test]
fn an_empty_input_is_empty_input_at_byte_0_whatever_its_name() {
    for hint in [Hint::None, Hint::Sqlite] {
        let error = read_error(b" \n", hint);
        assert_eq!(error.kind, ErrorKind::EmptyInput);
        assert_eq!(error.location, at(None, Some(0)));
    }
}

#[test]
fn a_jsonl_line_that_is_not_json_is_invalid_json_at_its_line_and_byte() {
    let error = read_error(b"\nhello\n", Hint::None);
    assert_eq!(error.kind, ErrorKind::InvalidJson);
    assert_eq!(error.location, at(Some(2), Some(1)));
}

#[test]
fn a_truncated_bundle_is_invalid_json_where_its_unfinished_string_starts() {
    let bundle = fixture("signed.bundle.json");
    let error = read_error(&bundle[..1000], Hint::None);
    assert_eq!(error.kind, ErrorKind::InvalidJson);
    // The parser names the start of the string the cut left unfinished.
    let offset = error.location.offset.expect("an offset") as usize;
    assert_eq!(bundle[offset], b'"', "{error}");
    assert!(!bundle[offset + 1..1000].contains(&b'"'), "{error}");
}

#[test]
fn a_truncated_sqlite_file_is_invalid_sqlite() {
    let db = fixture("signed.sqlite");
    let error = read_error(&db[..db.len() / 2], Hint::None);
    assert_eq!(error.kind, ErrorKind::InvalidSqlite, "{error}");
}

#[test]
fn a_bad_key_in_a_key_file_is_invalid_key_naming_its_id() {
    for text in ["{\"key-a\": \"abcd\"}", "key-a ABCD\n"] {
        let error = trust_error(TrustKind::EntryKeys, text);
        assert_eq!(error.kind, ErrorKind::InvalidKey, "{error}");
        assert_eq!(error.location.key.as_deref(), Some("key-a"));
    }
}

#[test]
fn a_bad_verifier_key_line_is_invalid_verifier_key_at_its_line() {
    let error = trust_error(TrustKind::VerifierKeys, "# keys\n\nnot-a-key\n");
    assert_eq!(error.kind, ErrorKind::InvalidVerifierKey);
    assert_eq!(error.location, at(Some(3), None));
}

#[test]
fn the_error_object_leaves_out_what_is_not_known() {
    let error = read_error(b"", Hint::None);
    let json = serde_json::to_value(&error).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"kind": "empty_input", "message": error.message, "offset": 0})
    );
}

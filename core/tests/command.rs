//! `nexuscone_core::command`, the text the Rust CLI and the npm bin both print
//! (`pkg-npm/test/cli.test.mjs` compares the two front ends' output on every fixture;
//! the rules they read input by are `core::input`'s, tested in `core/src/input`).

use std::path::Path;

use nexuscone_core::command::{self, CommandError, Printed, RootOf};
use nexuscone_core::entry::Entry;
use nexuscone_core::input::{self, Hint, Reader, Trust, TrustKind, Verification};
use nexuscone_core::report::LimitKind;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).expect("fixture")
}

fn verify(name: &str, keys: bool) -> Printed {
    let mut trust = Trust::new();
    if keys {
        let keys = fixture("keys.json");
        trust.add(TrustKind::EntryKeys, &keys, "keys.json").unwrap();
    }
    let report = input::verify(&fixture(name), Hint::from_name(name), &trust).unwrap();
    Printed::verify(&report)
}

#[test]
fn verify_prints_ok_on_stdout_and_each_limit_with_the_option_that_lifts_it() {
    let printed = verify("signed.jsonl", false);
    assert_eq!(printed.code, 0);
    assert!(
        printed.stdout.starts_with("OK · chain valid ("),
        "{printed:?}"
    );
    let limit = printed
        .stderr
        .lines()
        .find(|l| l.starts_with("not verified · "))
        .expect("a limit without keys");
    assert!(limit.ends_with(" (use --keys)"), "{limit}");
    let with_keys = verify("signed.jsonl", true);
    assert!(!with_keys.stderr.contains("(use --keys)"), "{with_keys:?}");
}

#[test]
fn verify_prints_fail_on_stderr_with_exit_code_1() {
    let printed = verify("tamper_actor.jsonl", true);
    assert_eq!((printed.code, printed.stdout.as_str()), (1, ""));
    assert!(printed.stderr.starts_with("FAIL · "), "{printed:?}");
}

#[test]
fn every_limit_the_command_can_lift_names_its_option() {
    for (kind, hint) in [
        (LimitKind::SignaturesUnchecked, " (use --keys)"),
        (LimitKind::SelfAssertedSigningKeys, " (use --keys)"),
        (LimitKind::SelfAssertedWitnessKeys, " (use --witness-keys)"),
        (LimitKind::NoCheckpoint, " (use --checkpoint and --vkey)"),
        (
            LimitKind::AnchorsNotCheckedAgainstBitcoin,
            " (use --bitcoin-headers)",
        ),
        (LimitKind::AnchorsTsaSignerNotChecked, " (use --tsa-roots)"),
        (LimitKind::UnprotectedTail, ""),
    ] {
        assert_eq!(command::limit_hint(kind), hint, "{kind:?}");
    }
}

fn root_in_chunks(name: &str, chunk: usize, size: Option<u64>) -> String {
    let bytes = fixture(name);
    let (mut reader, mut root) = (Reader::new(Hint::from_name(name)), RootOf::new(size));
    for piece in bytes.chunks(chunk) {
        reader.feed(piece, &mut root).unwrap();
    }
    reader.finish(&mut root).unwrap();
    format!("{}\n", root.finish().unwrap().1)
}

#[test]
fn root_is_the_same_in_every_format_whole_or_in_chunks() {
    let whole = command::root(&fixture("signed.jsonl"), "signed.jsonl", None);
    assert_eq!((whole.code, whole.stderr.as_str()), (0, ""));
    assert_eq!(whole.stdout.len(), 65, "{whole:?}");
    for name in ["signed.jsonl", "signed.sqlite", "signed.bundle.json"] {
        assert_eq!(command::root(&fixture(name), name, None), whole, "{name}");
        for chunk in [1, 7, 16, 4096] {
            assert_eq!(root_in_chunks(name, chunk, None), whole.stdout, "{name}");
        }
    }
    let sized = command::root(&fixture("signed.sqlite"), "signed.sqlite", Some(10));
    assert_eq!(root_in_chunks("signed.jsonl", 5, Some(10)), sized.stdout);
    assert_ne!(sized, whole);
}

#[test]
fn root_errors_name_the_file_or_the_size_with_exit_code_2() {
    let broken = command::root(b"{\"entry_id\": 1}\n{not json\n", "x.jsonl", None);
    assert_eq!((broken.code, broken.stdout.as_str()), (2, ""));
    assert!(
        broken.stderr.starts_with("error: x.jsonl: line 1"),
        "{broken:?}"
    );
    let empty = command::root(b"", "x.db", None);
    assert!(empty.stderr.starts_with("error: x.db: the file is empty"));
    let big = command::root(&fixture("signed.jsonl"), "signed.jsonl", Some(1 << 40));
    assert!(big
        .stderr
        .starts_with("error: tree size 1099511627776 is larger"));
    let entry = Entry {
        entry_id: 7,
        entry_hash: "zz".to_owned(),
        ..Entry::default()
    };
    let error = RootOf::new(None).push(&entry).unwrap_err();
    assert!(matches!(error, CommandError::NoLeaf { entry_id: 7, .. }));
    assert!(
        RootOf::new(Some(0)).push(&entry).is_ok(),
        "outside the size"
    );
}

#[test]
fn canonical_prints_the_canonical_form_or_a_located_stdin_error() {
    assert_eq!(
        command::canonical(br#"{"b":1.0,"a":[]}"#),
        Printed::out(r#"{"a":[],"b":1.0}"#.to_owned())
    );
    let error = command::canonical(b"{\"a\":");
    assert_eq!((error.code, error.stdout.as_str()), (2, ""));
    assert!(error.stderr.starts_with("error: stdin: "), "{error:?}");
}

#[test]
fn a_verification_fed_in_chunks_prints_what_the_whole_file_prints() {
    for name in ["signed.jsonl", "signed.sqlite", "signed.bundle.json"] {
        let bytes = fixture(name);
        let whole = verify(name, false);
        for chunk in [1, 15, 17, 4096] {
            let mut reader = Reader::new(Hint::from_name(name));
            let mut verification = Verification::new(Trust::new());
            for piece in bytes.chunks(chunk) {
                reader.feed(piece, &mut verification).unwrap();
            }
            reader.finish(&mut verification).unwrap();
            assert_eq!(Printed::verify(&verification.finish()), whole, "{name}");
        }
    }
}

#[test]
fn verify_keeps_the_python_first_line_and_says_the_assurance_next() {
    let printed = verify("signed.sqlite", false);
    assert_eq!(printed.stdout, "OK · chain valid (55 entries)\n");
    let first = printed.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("assurance · consistent but unprotected: "),
        "{first}"
    );
    let with_keys = verify("signed.sqlite", true);
    let first = with_keys.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("assurance · partly protected: 44 of 55"),
        "{first}"
    );
    let tampered = verify("tamper_actor.sqlite", true);
    assert!(!tampered.stderr.contains("assurance ·"), "{tampered:?}");
}

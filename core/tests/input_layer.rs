//! The input-and-trust layer (`core/src/input`): every format read the same way
//! whatever it is called and however it arrives, and every trust input read the same
//! way in each of its text forms.

use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::input::{
    self, Format, Hint, InputError, Ledger, Reader, Trust, TrustError, TrustKind,
};
use nexuscone_core::merkle::{entry_leaf_hex, MerkleTree};
use nexuscone_core::note::SignerKey;
use nexuscone_core::report::Report;

fn fixture(name: &str) -> Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers/");
    std::fs::read(format!("{dir}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The fixture ledgers but the type tampers (`tamper_type_*`), whose exports hold
/// what JSON can of a value of another type (a BLOB as hex text), not the value:
/// `cli/tests/python_verdicts.rs` checks each format of those on its own.
fn stems() -> Vec<String> {
    let mut stems = all_stems();
    stems.retain(|stem| !stem.starts_with("tamper_type_"));
    stems
}

fn all_stems() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");
    let mut stems: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|f| {
            let name = f.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".sqlite").map(str::to_owned)
        })
        .collect();
    stems.sort();
    assert!(stems.len() >= 20, "fixtures not found");
    stems
}

fn chunked(bytes: &[u8], size: usize, hint: Hint) -> Result<Ledger, InputError> {
    let mut ledger = Ledger::default();
    let mut reader = Reader::new(hint);
    for chunk in bytes.chunks(size) {
        reader.feed(chunk, &mut ledger)?;
    }
    reader.finish(&mut ledger)?;
    Ok(ledger)
}

fn failures(report: &Report) -> Vec<(Option<i64>, &'static str)> {
    report
        .failures
        .iter()
        .map(|f| (f.entry_id, f.kind.as_str()))
        .collect()
}

#[test]
fn every_fixture_reads_the_same_entries_in_each_format_whatever_its_name() {
    for stem in stems() {
        let sqlite = Ledger::read(&fixture(&format!("{stem}.sqlite")), Hint::None).unwrap();
        assert_eq!(sqlite.format, Some(Format::Sqlite));
        let jsonl_bytes = fixture(&format!("{stem}.jsonl"));
        for hint in [Hint::None, Hint::Sqlite] {
            let jsonl = Ledger::read(&jsonl_bytes, hint).unwrap();
            assert_eq!(jsonl.format, Some(Format::Jsonl), "{stem}");
            assert_eq!(jsonl.rows, sqlite.rows, "{stem}");
        }
        let bundle = Ledger::read(&fixture(&format!("{stem}.bundle.json")), Hint::Sqlite).unwrap();
        assert_eq!(bundle.format, Some(Format::Bundle), "{stem}");
        assert_eq!(bundle.rows, sqlite.rows, "{stem}");
        assert_eq!(bundle.carried.witnesses, sqlite.carried.witnesses, "{stem}");
        assert_eq!(
            bundle.carried.attestations, sqlite.carried.attestations,
            "{stem}"
        );
    }
}

#[test]
fn chunks_cut_anywhere_read_what_the_whole_input_reads() {
    for name in [
        "signed.jsonl",
        "signed.bundle.json",
        "signed.sqlite",
        "legacy_v010.jsonl",
    ] {
        let bytes = fixture(name);
        let whole = Ledger::read(&bytes, Hint::None).unwrap();
        for size in [1, 7, 64, 4096, bytes.len()] {
            assert_eq!(
                chunked(&bytes, size, Hint::None).unwrap(),
                whole,
                "{name} in {size}"
            );
        }
    }
}

/// The JSONL export with CRLF line endings, a BOM, blank lines and no final newline.
fn awkward_jsonl() -> Vec<u8> {
    let text = String::from_utf8(fixture("signed.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = "\u{feff}".to_owned();
    out.push_str(&lines.join("\r\n\r\n  \r\n"));
    out.into_bytes()
}

#[test]
fn crlf_a_bom_blank_lines_and_no_final_newline_read_the_same_rows() {
    let plain = Ledger::read(&fixture("signed.jsonl"), Hint::None).unwrap();
    let awkward = awkward_jsonl();
    assert_eq!(Ledger::read(&awkward, Hint::None).unwrap().rows, plain.rows);
    assert_eq!(chunked(&awkward, 3, Hint::None).unwrap().rows, plain.rows);
}

#[test]
fn a_bad_line_is_located_by_number_and_byte_offset_after_blank_and_crlf_lines() {
    let input = b"\r\n\r\n{\"entry_id\":1}\r\n";
    let err = Ledger::read(input, Hint::None).unwrap_err();
    assert_eq!(err.line(), Some(3));
    assert_eq!(err.offset(), Some(4));
    assert!(err.to_string().starts_with("line 3, field"), "{err}");
    let err = chunked(b"\n{\"entry_id\"", 2, Hint::None).unwrap_err();
    assert_eq!((err.line(), err.offset()), (Some(2), Some(1 + 11)));
}

#[test]
fn empty_input_is_not_a_ledger_and_the_name_only_words_the_error() {
    for bytes in [&b""[..], b"  \r\n", b"\xef\xbb\xbf"] {
        for hint in [Hint::None, Hint::Sqlite] {
            let whole = Ledger::read(bytes, hint).unwrap_err();
            assert_eq!(whole, InputError::Empty { hint });
            assert_eq!(chunked(bytes, 1, hint).unwrap_err(), whole);
        }
    }
    let sqlite = InputError::Empty { hint: Hint::Sqlite }.to_string();
    assert!(sqlite.contains("not an SQLite 3 database"), "{sqlite}");
}

#[test]
fn a_truncated_file_of_each_format_is_an_input_error() {
    for name in ["signed.jsonl", "signed.bundle.json", "signed.sqlite"] {
        let bytes = fixture(name);
        let half = &bytes[..bytes.len() / 2];
        let err = Ledger::read(half, Hint::None).unwrap_err();
        assert_eq!(chunked(half, 1000, Hint::None).unwrap_err(), err, "{name}");
    }
}

#[test]
fn a_disclosure_bundle_is_not_read_as_a_ledger() {
    let err = Ledger::read(br#"{"format":"nexuscone-disclosure"}"#, Hint::None).unwrap_err();
    assert_eq!(err, InputError::Disclosure);
}

#[test]
fn key_files_in_every_form_and_case_give_the_same_trust() {
    let json = fixture("keys.json");
    let mut forms: Vec<Vec<u8>> = vec![json.clone()];
    let text = String::from_utf8(json).unwrap();
    let pairs: Vec<(String, String)> = serde_json::from_str::<serde_json::Map<_, _>>(&text)
        .unwrap()
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap().to_owned()))
        .collect();
    let lines = |sep: &str, upper: bool, eol: &str| -> Vec<u8> {
        let mut out = String::from("\u{feff}# entry keys\n\n");
        let lines: Vec<String> = pairs
            .iter()
            .map(|(id, key)| {
                let key = if upper {
                    key.to_ascii_uppercase()
                } else {
                    key.clone()
                };
                format!("{id}{sep}{key}")
            })
            .collect();
        out.push_str(&lines.join(eol));
        out.into_bytes()
    };
    forms.push(lines(" ", false, "\n"));
    forms.push(lines("  ", true, "\r\n"));
    forms.push(lines("=", true, "\n"));
    forms.push(lines(": ", false, "\n"));
    let mut upper_json = text.clone();
    for (_, key) in &pairs {
        upper_json = upper_json.replace(key.as_str(), &key.to_ascii_uppercase());
    }
    forms.push(upper_json.into_bytes());
    let mut seen = Vec::new();
    for form in &forms {
        let mut trust = Trust::new();
        trust.add(TrustKind::EntryKeys, form, "keys").unwrap();
        seen.push(trust.entry_keys().cloned().unwrap());
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:?}");
    assert!(seen[0]
        .values()
        .all(|k| k.bytes().all(|b| !b.is_ascii_uppercase())));
}

#[test]
fn a_bad_key_is_refused_naming_the_input_the_line_or_the_key() {
    let mut trust = Trust::new();
    let err = trust
        .add(TrustKind::EntryKeys, b"key-x abcd", "k.txt")
        .unwrap_err();
    assert!(matches!(err, TrustError::Key { .. }), "{err}");
    assert!(err.to_string().contains("key-x"), "{err}");
    let err = trust
        .add(TrustKind::EntryKeys, b"[\"00\"]", "k.json")
        .unwrap_err();
    assert!(err.to_string().contains("need a key id"), "{err}");
    let err = trust
        .add(TrustKind::EntryKeys, b"{\"a\":1}", "k.json")
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("k.json: expected a JSON object"),
        "{err}"
    );
    let err = trust
        .add(TrustKind::VerifierKeys, b"\n# c\nnot-a-key\n", "v")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "v, line 3: key is not of the form name+keyid+base64key (expected name+hash+base64)"
    );
}

#[test]
fn witness_keys_as_a_map_an_array_or_bare_lines_are_the_same_set() {
    let map = fixture("witness_keys.json");
    let value: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&map).unwrap();
    let keys: Vec<String> = value
        .values()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let array = serde_json::to_vec(&keys).unwrap();
    let bare = keys
        .iter()
        .map(|k| k.to_ascii_uppercase() + "\r\n")
        .collect::<String>();
    let mut sets = Vec::new();
    for form in [map, array, bare.into_bytes()] {
        let mut trust = Trust::new();
        trust.add(TrustKind::WitnessKeys, &form, "w").unwrap();
        sets.push(trust.witness_keys().cloned().unwrap());
    }
    assert_eq!(sets[0], sets[1]);
    assert_eq!(sets[0], sets[2]);
    assert_eq!(sets[0].len(), 2);
}

fn signed_checkpoint() -> (String, String, u64) {
    let rows = Ledger::read(&fixture("signed.jsonl"), Hint::None)
        .unwrap()
        .rows;
    let tree = MerkleTree::from_leaves(
        rows.iter()
            .map(|r| entry_leaf_hex(&r.entry.entry_hash).unwrap()),
    );
    let signer = SignerKey::from_seed("example.org/ledger", &[9; 32]).unwrap();
    let checkpoint = Checkpoint {
        origin: "example.org/ledger".to_owned(),
        size: tree.len(),
        root: tree.root_at(tree.len()).unwrap(),
        extensions: Vec::new(),
    };
    (
        checkpoint.sign(&[&signer]).unwrap(),
        signer.verifier().to_string(),
        tree.len(),
    )
}

#[test]
fn a_crlf_or_trimmed_checkpoint_note_opens_as_the_original() {
    let (note, vkey, size) = signed_checkpoint();
    for form in [
        note.clone(),
        note.replace('\n', "\r\n"),
        note.trim_end().to_owned(),
    ] {
        let mut trust = Trust::new();
        trust
            .add(
                TrustKind::VerifierKeys,
                format!("{vkey}\r\n").as_bytes(),
                "vkey",
            )
            .unwrap();
        trust
            .add(TrustKind::Checkpoint, form.as_bytes(), "cp.note")
            .unwrap();
        assert_eq!(trust.checkpoint().unwrap().checkpoint.size, size);
    }
    let mut trust = Trust::new();
    let err = trust
        .add(TrustKind::Checkpoint, note.as_bytes(), "cp.note")
        .unwrap_err();
    assert!(matches!(err, TrustError::NoVerifierKeys { .. }));
    trust
        .add(TrustKind::VerifierKeys, vkey.as_bytes(), "vkey")
        .unwrap();
    let err = trust
        .add_checkpoint(note.as_bytes(), Some("other.org/log"), "cp.note")
        .unwrap_err();
    assert!(err.to_string().contains("origin"), "{err}");
}

#[test]
fn a_checkpoint_makes_the_no_checkpoint_limit_go_away_in_every_format() {
    let (note, vkey, _) = signed_checkpoint();
    let mut trust = Trust::new();
    trust
        .add(TrustKind::VerifierKeys, vkey.as_bytes(), "vkey")
        .unwrap();
    trust
        .add(TrustKind::Checkpoint, note.as_bytes(), "cp")
        .unwrap();
    for name in ["signed.sqlite", "signed.jsonl", "signed.bundle.json"] {
        let report = input::verify(&fixture(name), Hint::None, &trust).unwrap();
        assert!(report.valid, "{name}");
        assert!(
            report
                .limits
                .iter()
                .all(|l| l.kind.as_str() != "no_checkpoint"),
            "{name}"
        );
    }
}

#[test]
fn the_users_keys_replace_a_bundles_own_keys_which_are_self_asserted() {
    let bundle = fixture("signed.bundle.json");
    let own = input::verify(&bundle, Hint::None, &Trust::new()).unwrap();
    assert!(own
        .limits
        .iter()
        .any(|l| l.kind.as_str() == "self_asserted_signing_keys"));
    let mut trust = Trust::new();
    trust
        .add(TrustKind::EntryKeys, &fixture("keys.json"), "keys.json")
        .unwrap();
    let users = input::verify(&bundle, Hint::None, &trust).unwrap();
    assert!(users
        .limits
        .iter()
        .all(|l| l.kind.as_str() != "self_asserted_signing_keys"));
    let jsonl = input::verify(&fixture("signed.jsonl"), Hint::None, &trust).unwrap();
    assert_eq!(jsonl.statuses, users.statuses);
}

#[test]
fn tampered_fixtures_fail_at_the_same_entries_as_sqlite_jsonl_and_chunked() {
    let mut trust = Trust::new();
    trust
        .add(TrustKind::EntryKeys, &fixture("keys.json"), "keys.json")
        .unwrap();
    for stem in stems() {
        let sqlite =
            input::verify(&fixture(&format!("{stem}.sqlite")), Hint::None, &trust).unwrap();
        let jsonl_bytes = fixture(&format!("{stem}.jsonl"));
        let jsonl = input::verify(&jsonl_bytes, Hint::None, &trust).unwrap();
        // A JSONL export carries neither witnesses nor anchors.
        let entry_failures = |r: &Report| {
            failures(r)
                .into_iter()
                .filter(|(_, k)| !k.starts_with("witness") && !k.starts_with("anchor"))
                .collect::<Vec<_>>()
        };
        assert_eq!(entry_failures(&jsonl), entry_failures(&sqlite), "{stem}");
        let mut verification = input::Verification::new(trust.clone());
        let mut reader = Reader::new(Hint::None);
        for chunk in jsonl_bytes.chunks(333) {
            reader.feed(chunk, &mut verification).unwrap();
        }
        reader.finish(&mut verification).unwrap();
        assert_eq!(failures(&verification.finish()), failures(&jsonl), "{stem}");
    }
}

/// Found by the `trust_inputs` fuzz target: a multi-byte separator (U+2004 THREE-PER-EM
/// SPACE) before the key was sliced at its first byte and panicked.
#[test]
fn a_key_line_with_a_multibyte_space_separator_reads_without_panic() {
    let json = fixture("keys.json");
    let text = String::from_utf8(json).unwrap();
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    let (id, key) = map.iter().next().unwrap();
    let line = format!("{id}\u{2004}{}", key.as_str().unwrap());
    let mut spaced = Trust::new();
    spaced
        .add(TrustKind::EntryKeys, line.as_bytes(), "keys")
        .unwrap();
    let mut plain = Trust::new();
    let plain_line = format!("{id} {}", key.as_str().unwrap());
    plain
        .add(TrustKind::EntryKeys, plain_line.as_bytes(), "keys")
        .unwrap();
    assert_eq!(spaced.entry_keys(), plain.entry_keys());
    let mut hostile = Trust::new();
    assert!(hostile
        .add(TrustKind::EntryKeys, b"exampl\xe2\x80\x84b\n", "keys")
        .is_err());
}

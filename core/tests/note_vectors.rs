//! Signed-note, key and checkpoint vectors from `fixtures/vectors/signed_note_vectors.json`
//! (C2SP, golang.org/x/mod/sumdb/note, transparency-dev/formats, C2SP issue 99).

use nexuscone_core::checkpoint::{Checkpoint, CheckpointError};
use nexuscone_core::merkle::{leaf_hash, RootHash};
use nexuscone_core::note::{
    self, KeyError, KeyId, Note, NoteError, SignerKey, VerifiedNote, VerifierKey, Verifiers,
    MAX_SIGNATURES,
};
use serde_json::Value;

const VECTORS: &str = include_str!("../../fixtures/vectors/signed_note_vectors.json");

fn vectors() -> Value {
    serde_json::from_str(VECTORS).expect("vectors file is JSON")
}

fn s(v: &Value) -> &str {
    v.as_str().expect("string")
}

fn case<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["note_cases"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["checkpoint_format_examples"].as_array().unwrap())
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

fn verifiers_of(c: &Value) -> Verifiers {
    Verifiers::new(
        c["verifiers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| VerifierKey::parse(s(k)).expect("vkey parses")),
    )
}

fn message_of(c: &Value) -> Vec<u8> {
    match (&c["message"], &c["message_hex"]) {
        (Value::String(m), _) => m.as_bytes().to_vec(),
        (_, Value::String(h)) => hex::decode(h).unwrap(),
        _ => panic!("case {} has no message", c["id"]),
    }
}

fn names_and_ids(sigs: &[note::NoteSignature]) -> Vec<(String, String)> {
    sigs.iter()
        .map(|g| (g.name.clone(), g.key_id.to_string()))
        .collect()
}

fn expected_names_and_ids(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|g| (s(&g["name"]).to_owned(), s(&g["key_id"]).to_owned()))
        .collect()
}

/// The vectors describe errors in Go's words; this maps each to the error we must return.
fn error_matches(expected: &str, got: &NoteError) -> bool {
    if expected.starts_with("malformed note") {
        matches!(
            got,
            NoteError::NotUtf8 { .. }
                | NoteError::ControlCharacter { .. }
                | NoteError::NoSignatureBlock
                | NoteError::NoSignatures { .. }
                | NoteError::MissingFinalNewline { .. }
                | NoteError::MalformedSignature { .. }
                | NoteError::TooManySignatures { .. }
        )
    } else if expected.starts_with("note has no verifiable signatures") {
        matches!(got, NoteError::NoVerifiedSignatures { .. })
    } else if expected.starts_with("ambiguous key") {
        matches!(got, NoteError::AmbiguousKey { .. })
    } else if expected.starts_with("invalid signature") {
        matches!(got, NoteError::InvalidSignature { .. })
    } else {
        panic!("unmapped expected error {expected:?}")
    }
}

#[test]
fn every_published_vkey_parses_and_formats_back_identically() {
    let v = vectors();
    for (who, key) in v["keys"].as_object().unwrap() {
        let vkey = s(&key["vkey"]);
        let parsed = VerifierKey::parse(vkey).unwrap_or_else(|e| panic!("{who}: {e}"));
        assert_eq!(parsed.to_string(), vkey, "{who}");
    }
}

#[test]
fn vkey_parse_cases_give_their_expected_result() {
    let v = vectors();
    for c in v["vkey_parse_cases"].as_array().unwrap() {
        let Some(vkey) = c["vkey"].as_str() else {
            continue;
        };
        let got = VerifierKey::parse(vkey);
        match s(&c["expect"]) {
            "ok" => {
                let k = got.unwrap();
                assert_eq!(k.name(), s(&c["name"]));
                assert_eq!(k.key_id().to_string(), s(&c["key_id"]));
                assert_eq!(
                    hex::encode(k.public_key().as_bytes()),
                    s(&c["public_key_hex"])
                );
            }
            _ => assert!(got.is_err(), "{vkey} should be rejected"),
        }
    }
    // Go's lenient base64 reads "BADKEY==" and then rejects the length; strict base64 already
    // rejects its non-zero trailing bits.
    let wrong_length = "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==";
    assert_eq!(
        VerifierKey::parse(wrong_length),
        Err(KeyError::InvalidBase64)
    );
    let unknown_type = "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    assert_eq!(
        VerifierKey::parse(unknown_type),
        Err(KeyError::UnsupportedType(0x65))
    );
}

#[test]
fn every_proper_substring_and_single_byte_increment_of_a_vkey_is_rejected() {
    let v = vectors();
    let vkey = s(&v["keys"]["PeterNeumann"]["vkey"]);
    let b = vkey.as_bytes();
    for start in 0..b.len() {
        for end in start..=b.len() {
            if (start, end) == (0, b.len()) {
                continue;
            }
            let sub = &vkey[start..end];
            assert!(VerifierKey::parse(sub).is_err(), "substring {sub:?}");
        }
    }
    for i in 0..b.len() {
        let mut changed = b.to_vec();
        changed[i] += 1;
        let changed = String::from_utf8(changed).unwrap();
        assert!(VerifierKey::parse(&changed).is_err(), "{changed:?}");
    }
}

#[test]
fn go_signer_key_parses_and_matches_its_verifier_key() {
    let v = vectors();
    let peter = &v["keys"]["PeterNeumann"];
    let signer = SignerKey::parse(s(&peter["skey"])).unwrap();
    assert_eq!(signer.name(), "PeterNeumann");
    assert_eq!(signer.key_id(), KeyId(0xc74f20a3));
    assert_eq!(signer.verifier().to_string(), s(&peter["vkey"]));
    assert!(!format!("{signer:?}").contains("AYEK"));
    assert_eq!(
        SignerKey::parse(s(&peter["vkey"])).unwrap_err(),
        KeyError::NotPrivateKey
    );
    let wrong_id = s(&peter["skey"]).replace("c74f20a3", "c74f20a4");
    assert!(matches!(
        SignerKey::parse(&wrong_id),
        Err(KeyError::KeyIdMismatch { .. })
    ));
}

#[test]
fn sigsum_seed_derives_the_published_vkey() {
    let v = vectors();
    let key = &v["keys"]["sigsum-test"];
    let seed: [u8; 32] = hex::decode(s(&key["ed25519_seed_hex"]))
        .unwrap()
        .try_into()
        .unwrap();
    let vkey = s(&key["vkey"]);
    let name = vkey.split('+').next().unwrap();
    let signer = SignerKey::from_seed(name, &seed).unwrap();
    assert_eq!(signer.verifier().to_string(), vkey);
    assert_eq!(
        hex::encode(signer.verifier().public_key().as_bytes()),
        s(&key["public_key_hex"])
    );
}

#[test]
fn every_note_case_gives_its_expected_result() {
    let v = vectors();
    let mut checked = 0;
    for c in v["note_cases"].as_array().unwrap() {
        if c["verifiers"].is_null() {
            continue;
        }
        let id = s(&c["id"]);
        let got = note::open(&message_of(c), &verifiers_of(c));
        match s(&c["expect"]) {
            "ok" => {
                let opened: VerifiedNote = got.unwrap_or_else(|e| panic!("{id}: {e}"));
                if let Value::String(text) = &c["expected_text"] {
                    assert_eq!(&opened.text, text, "{id}");
                }
                if !c["verified_sigs"].is_null() {
                    assert_eq!(
                        names_and_ids(&opened.verified),
                        expected_names_and_ids(&c["verified_sigs"]),
                        "{id}"
                    );
                }
                if !c["unverified_sigs"].is_null() {
                    assert_eq!(
                        names_and_ids(&opened.unverified),
                        expected_names_and_ids(&c["unverified_sigs"]),
                        "{id}"
                    );
                }
                if let Some(n) = c["unverified_sigs_count"].as_u64() {
                    assert_eq!(opened.unverified.len() as u64, n, "{id}");
                }
            }
            _ => {
                let err = got.expect_err(id);
                assert!(error_matches(s(&c["error"]), &err), "{id}: got {err:?}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 20);
}

#[test]
fn more_than_100_signatures_is_malformed_and_100_is_accepted() {
    let v = vectors();
    let c = case(&v, "go-peter-open");
    let msg = s(&c["message"]);
    let (text, sig_line) = msg.split_once("\n\n").unwrap();
    let build = |n: usize| format!("{text}\n\n{}", sig_line.repeat(n));
    let verifiers = verifiers_of(c);
    let ok = note::open(build(MAX_SIGNATURES).as_bytes(), &verifiers).unwrap();
    assert_eq!(ok.verified.len(), 1);
    assert_eq!(
        Note::parse(build(MAX_SIGNATURES + 1).as_bytes()),
        Err(NoteError::TooManySignatures {
            line: 4 + MAX_SIGNATURES,
            max: MAX_SIGNATURES
        })
    );
}

#[test]
fn signing_with_the_go_test_key_reproduces_the_signed_message() {
    let v = vectors();
    let c = case(&v, "go-peter-sign-deterministic");
    let signer = SignerKey::parse(s(&c["sign_with_skey"])).unwrap();
    let signed = note::sign(s(&c["text"]), &[&signer]).unwrap();
    assert_eq!(signed, s(&c["expected_signed_message"]));
}

#[test]
fn malformed_notes_name_the_offending_line() {
    let v = vectors();
    let msg = |id| message_of(case(&v, id));
    assert_eq!(
        Note::parse(&msg("go-malformed-trailing-line")),
        Err(NoteError::MalformedSignature {
            line: 5,
            reason: "does not start with an em dash and a space"
        })
    );
    assert_eq!(
        Note::parse(&msg("go-malformed-control-char")),
        Err(NoteError::ControlCharacter { line: 1, byte: 1 })
    );
    assert_eq!(
        Note::parse(&msg("go-malformed-invalid-utf8")),
        Err(NoteError::NotUtf8 { line: 1 })
    );
    assert_eq!(
        Note::parse(&msg("go-malformed-missing-final-newline")),
        Err(NoteError::MissingFinalNewline { line: 4 })
    );
    assert_eq!(
        Note::parse(&msg("go-malformed-blank-no-sigs")),
        Err(NoteError::NoSignatures { line: 4 })
    );
    assert_eq!(
        Note::parse(&msg("go-malformed-no-sigs")),
        Err(NoteError::NoSignatureBlock)
    );
    let crlf = s(&case(&v, "go-peter-open")["message"]).replace("problem,\n", "problem,\r\n");
    assert_eq!(
        Note::parse(crlf.as_bytes()),
        Err(NoteError::ControlCharacter {
            line: 1,
            byte: b'\r'
        })
    );
    let c = case(&v, "go-invalid-signature");
    assert_eq!(
        note::open(&message_of(c), &verifiers_of(c)),
        Err(NoteError::InvalidSignature {
            line: 4,
            name: "PeterNeumann".into(),
            key_id: KeyId(0xc74f20a3)
        })
    );
}

#[test]
fn signature_lines_need_strict_base64_and_a_valid_name() {
    let text = "hello\n\n";
    for (line, why) in [
        ("\u{2014} name AAAAAAB=\n", "non-canonical trailing bits"),
        ("\u{2014} name AAAAAAA\n", "missing padding"),
        ("\u{2014} name AAAAAA==\n", "only a key ID"),
        ("\u{2014} na+me AAAAAAA=\n", "plus in name"),
        ("\u{2014}  AAAAAAA=\n", "empty name"),
        ("\u{2014} name\n", "no signature"),
        ("- name AAAAAAA=\n", "hyphen instead of em dash"),
    ] {
        let msg = format!("{text}{line}");
        assert!(
            matches!(
                Note::parse(msg.as_bytes()),
                Err(NoteError::MalformedSignature { line: 3, .. })
            ),
            "{why}"
        );
    }
    assert!(Note::parse("hello\n\n\u{2014} name AAAAAAA=\n".as_bytes()).is_ok());
}

#[test]
fn sign_then_open_round_trips_with_two_keys_and_rejects_other_keys() {
    let a = SignerKey::from_seed("example.com/a", &[7; 32]).unwrap();
    let b = SignerKey::from_seed("example.com/b", &[8; 32]).unwrap();
    let text = "line one\n\nline three after a blank line\n";
    let signed = note::sign(text, &[&a, &b]).unwrap();
    let opened = note::open(signed.as_bytes(), &Verifiers::new([a.verifier()])).unwrap();
    assert_eq!(opened.text, text);
    assert_eq!(names_and_ids(&opened.verified)[0].0, "example.com/a");
    assert_eq!(names_and_ids(&opened.unverified)[0].0, "example.com/b");
    let other = SignerKey::from_seed("example.com/a", &[9; 32]).unwrap();
    assert!(matches!(
        note::open(signed.as_bytes(), &Verifiers::new([other.verifier()])),
        Err(NoteError::NoVerifiedSignatures { unverified: 2 })
    ));
    let tampered = signed.replacen("one", "One", 1);
    assert!(matches!(
        note::open(tampered.as_bytes(), &Verifiers::new([a.verifier()])),
        Err(NoteError::InvalidSignature { line: 5, .. })
    ));
    assert_eq!(note::sign("no newline", &[&a]), Err(NoteError::InvalidText));
    assert_eq!(note::sign("crlf\r\n", &[&a]), Err(NoteError::InvalidText));
    assert_eq!(note::sign("text\n", &[]), Err(NoteError::NoSigners));
}

fn root_b64(c: &Checkpoint) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(c.root.as_bytes())
}

fn assert_checkpoint(c: &Checkpoint, expected: &Value) {
    assert_eq!(c.origin, s(&expected["origin"]));
    assert_eq!(c.size, expected["tree_size"].as_u64().unwrap());
    assert_eq!(root_b64(c), s(&expected["root_hash_base64"]));
    assert!(c.extensions.is_empty());
}

#[test]
fn signed_checkpoints_open_with_their_keys_and_check_the_origin() {
    let v = vectors();
    for id in [
        "sumdb-checkpoint-production-key",
        "c2sp-issue99-sigsum-checkpoint-corrected",
    ] {
        let c = case(&v, id);
        let expected = &c["expected_checkpoint"];
        let opened =
            Checkpoint::open(&message_of(c), &verifiers_of(c), s(&expected["origin"])).unwrap();
        assert_checkpoint(&opened.checkpoint, expected);
        assert_eq!(opened.checkpoint.to_text(), opened.note.text, "{id}");
    }
    let c = case(&v, "sumdb-checkpoint-production-key");
    assert_eq!(
        Checkpoint::open(
            &message_of(c),
            &verifiers_of(c),
            "Go rocks but I might have the wrong ID"
        ),
        Err(CheckpointError::OriginMismatch {
            expected: "Go rocks but I might have the wrong ID".into(),
            found: "go.sum database tree".into()
        })
    );
    let c = case(&v, "c2sp-issue99-sigsum-checkpoint-wrong-keyid");
    assert!(matches!(
        Checkpoint::open(&message_of(c), &verifiers_of(c), "anything"),
        Err(CheckpointError::Note(NoteError::NoVerifiedSignatures {
            unverified: 1
        }))
    ));
}

#[test]
fn checkpoint_format_examples_parse_and_bad_bodies_fail() {
    let v = vectors();
    for c in v["checkpoint_format_examples"].as_array().unwrap() {
        let id = s(&c["id"]);
        let msg = s(&c["message"]);
        // Signed examples carry keys we do not have (or other signature types): parse only.
        let text = match Note::parse(msg.as_bytes()) {
            Ok(n) => n.text().to_owned(),
            Err(NoteError::NoSignatureBlock) => msg.to_owned(),
            Err(e) => panic!("{id}: {e}"),
        };
        let cp = Checkpoint::from_text(&text).unwrap_or_else(|e| panic!("{id}: {e}"));
        if !c["expected_checkpoint"].is_null() {
            assert_checkpoint(&cp, &c["expected_checkpoint"]);
        }
        assert_eq!(cp.to_text(), text, "{id} formats back identically");
    }
    let c = case(&v, "go-sumdb-tree-format");
    let cp = Checkpoint::from_text(s(&c["message"])).unwrap();
    assert_eq!(
        cp.root,
        RootHash::from_bytes(*leaf_hash(b"hello world").as_bytes())
    );
    let bad = c["bad_bodies"].as_array().unwrap();
    let first = Checkpoint::from_text(s(&bad[0])).unwrap();
    assert_ne!(first.origin, "go.sum database tree", "bad only by origin");
    assert!(matches!(
        Checkpoint::from_text(s(&bad[1])),
        Err(CheckpointError::InvalidSize { .. })
    ));
    assert!(matches!(
        Checkpoint::from_text(s(&bad[2])),
        Err(CheckpointError::InvalidRoot { .. })
    ));
}

#[test]
fn checkpoint_text_rules_are_strict() {
    let root = "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=";
    let ok = |size: &str| Checkpoint::from_text(&format!("o\n{size}\n{root}\n"));
    assert_eq!(ok("0").unwrap().size, 0);
    assert_eq!(ok("18446744073709551615").unwrap().size, u64::MAX);
    for bad in [
        "01",
        "00",
        "+1",
        "-1",
        " 1",
        "1 ",
        "18446744073709551616",
        "1e3",
    ] {
        assert!(
            matches!(ok(bad), Err(CheckpointError::InvalidSize { .. })),
            "{bad:?}"
        );
    }
    assert_eq!(ok(""), Err(CheckpointError::EmptyLine { line: 2 }));
    assert_eq!(
        Checkpoint::from_text("o\n1\n"),
        Err(CheckpointError::TooFewLines { found: 2 })
    );
    assert_eq!(
        Checkpoint::from_text(&format!("o\n1\n{root}")),
        Err(CheckpointError::MissingFinalNewline)
    );
    assert_eq!(
        Checkpoint::from_text(&format!("\n1\n{root}\n")),
        Err(CheckpointError::EmptyLine { line: 1 })
    );
    assert_eq!(
        Checkpoint::from_text(&format!("o\n1\n{root}\next\n\n")),
        Err(CheckpointError::EmptyLine { line: 5 })
    );
    let with_ext = Checkpoint::from_text(&format!("o\n1\n{root}\nfirst ext\nsecond\n")).unwrap();
    assert_eq!(with_ext.extensions, ["first ext", "second"]);
    assert!(matches!(
        Checkpoint::from_text("o\n1\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0\n"),
        Err(CheckpointError::InvalidRoot { .. })
    ));
}

#[test]
fn checkpoint_sign_then_open_round_trips() {
    let signer = SignerKey::from_seed("example.com/nexuscone", &[42; 32]).unwrap();
    let cp = Checkpoint {
        origin: "example.com/nexuscone".into(),
        size: 3,
        root: RootHash::from_bytes([0xab; 32]),
        extensions: vec!["ext one".into()],
    };
    let signed = cp.sign(&[&signer]).unwrap();
    let opened = Checkpoint::open(
        signed.as_bytes(),
        &Verifiers::new([signer.verifier()]),
        "example.com/nexuscone",
    )
    .unwrap();
    assert_eq!(opened.checkpoint, cp);
    let bad = Checkpoint {
        extensions: vec![String::new()],
        ..cp
    };
    assert_eq!(
        bad.sign(&[&signer]),
        Err(CheckpointError::EmptyLine { line: 4 })
    );
}

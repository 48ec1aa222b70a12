//! The writer reproduces, byte for byte, the rows the real nexuscone 0.2.1 stored for
//! the same inputs (`fixtures/writer/`, written by `fixtures/writer/write.py`).

use nexuscone_core::canonical::{parse, to_canonical, Value};
use nexuscone_core::export::jsonl;
use nexuscone_core::writer::{ChainWriter, EntrySigner, NewEntry, WriteFormat};
use sha2::{Digest, Sha256};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/writer")
            .join(name),
    )
    .unwrap()
}

fn member<'a>(value: &'a Value, name: &str) -> &'a Value {
    match value {
        Value::Object(members) => {
            &members
                .iter()
                .find(|(k, _)| k.as_str() == Some(name))
                .unwrap()
                .1
        }
        _ => panic!("not an object"),
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.as_str().unwrap().to_owned()),
        Value::Null => None,
        _ => panic!("not a string"),
    }
}

#[test]
fn writer_rows_are_byte_identical_to_python() {
    let inputs = parse(&fixture("inputs.json")).unwrap();
    let expected = String::from_utf8(fixture("rows.jsonl")).unwrap();
    let Value::Array(items) = inputs else {
        panic!()
    };
    let mut writer = ChainWriter::new();
    let mut produced = String::new();
    for item in &items {
        let signer = text(member(item, "signer")).map(|label| {
            let seed: [u8; 32] =
                Sha256::digest(format!("nexuscone-fixtures/writer/{label}")).into();
            EntrySigner::from_seed(&label, &seed)
        });
        let payload = to_canonical(member(item, "payload"));
        let entry = writer
            .append(
                &NewEntry {
                    timestamp: &text(member(item, "timestamp")).unwrap(),
                    actor: &text(member(item, "actor")).unwrap(),
                    action: &text(member(item, "action")).unwrap(),
                    event_type: &text(member(item, "event_type")).unwrap(),
                    payload_json: payload.as_bytes(),
                    format: WriteFormat::V2,
                },
                signer.as_ref(),
            )
            .unwrap();
        produced.push_str(&jsonl::write_line(&entry));
    }
    assert_eq!(produced, expected);
}

#[test]
fn format3_entries_verify_and_stay_verifiable_after_redaction() {
    use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
    use nexuscone_core::redaction;
    let mut writer = ChainWriter::new();
    let mut entries = Vec::new();
    for (i, payload) in [r#"{"user_id":"u-001"}"#, r#"{"user_id":"u-002"}"#]
        .iter()
        .enumerate()
    {
        entries.push(
            writer
                .append(
                    &NewEntry {
                        timestamp: "2024-05-01T12:00:00.000000Z",
                        actor: "alice",
                        action: "login",
                        event_type: "request",
                        payload_json: payload.as_bytes(),
                        format: WriteFormat::V3 {
                            salt: [i as u8 + 1; 32],
                        },
                    },
                    None,
                )
                .unwrap(),
        );
    }
    let verify = |entries: &[nexuscone_core::entry::Entry]| {
        let mut verifier = ChainVerifier::new(VerifyOptions::default());
        for e in entries {
            verifier.push(e);
        }
        verifier.finish()
    };
    assert!(verify(&entries).valid);
    // A changed payload no longer opens the commitment.
    let mut tampered = entries.clone();
    tampered[0].payload = r#"{"user_id":"u-003"}"#.to_owned();
    assert!(!verify(&tampered).valid);
    // Redaction erases payload and salt; the entry hash still covers every header field.
    let record = redaction::redact(
        &mut entries[0],
        "gdpr",
        "dpo",
        "2024-06-01T00:00:00.000000Z",
    );
    assert!(entries[0].payload_salt.is_none());
    let head = entries.last().unwrap().clone();
    let mut writer = ChainWriter::after(head.entry_id, &head.entry_hash);
    entries.push(writer.append_canonical(
        &NewEntry {
            timestamp: "2024-06-01T00:00:00.000000Z",
            actor: redaction::REDACTION_ACTOR,
            action: redaction::REDACTION_ACTION,
            event_type: redaction::REDACTION_EVENT_TYPE,
            payload_json: b"",
            format: WriteFormat::V2,
        },
        record.to_payload(),
        None,
    ));
    let report = verify(&entries);
    assert!(report.valid, "{:?}", report.failures);
    assert_eq!(report.statuses.redacted, 1);
    // Format 3: a changed header field of the redacted entry is still caught.
    entries[0].actor = "mallory".to_owned();
    assert!(!verify(&entries).valid);
}

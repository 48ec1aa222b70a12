//! The OpenTimestamps client's example proofs (`fixtures/vectors/opentimestamps/`), read as the
//! reference library reads them: `expected.json` is what python-opentimestamps 0.4.5 itself
//! reported for each file (written by `reference.py` there).

use std::path::{Path, PathBuf};

use nexuscone_core::ots::{Attestation, HashOp, OtsErrorKind, OtsFile, Timestamp};
use serde_json::Value;

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/vectors/opentimestamps")
}

fn example(name: &str) -> Vec<u8> {
    let path = vectors_dir().join("examples").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(vectors_dir().join("expected.json")).expect("expected.json");
    match serde_json::from_str(&text).expect("expected.json is JSON") {
        Value::Object(map) => map,
        other => panic!("expected.json is not an object: {other}"),
    }
}

/// An attestation in the shape `reference.py` writes.
fn describe(message: &[u8], attestation: &Attestation) -> Value {
    let mut out = serde_json::json!({ "message": hex::encode(message) });
    let fields = match attestation {
        Attestation::Bitcoin { height } => serde_json::json!({"kind": "bitcoin", "height": height}),
        Attestation::Litecoin { height } => {
            serde_json::json!({"kind": "litecoin", "height": height})
        }
        Attestation::Ethereum { height } => {
            serde_json::json!({"kind": "ethereum", "height": height})
        }
        Attestation::Pending { uri } => serde_json::json!({"kind": "pending", "uri": uri}),
        Attestation::Unknown { tag, payload } => serde_json::json!({
            "kind": "unknown", "tag": hex::encode(tag), "payload": hex::encode(payload)
        }),
    };
    for (key, value) in fields.as_object().expect("object") {
        out[key] = value.clone();
    }
    out
}

/// The attestations of a proof, sorted as `reference.py` sorts them.
fn described(file: &OtsFile) -> Vec<Value> {
    let mut all: Vec<Value> = file
        .timestamp()
        .attestations()
        .map(|reached| describe(&reached.message, reached.attestation))
        .collect();
    all.sort_by_key(|a| serde_json::to_string(a).expect("json"));
    all
}

#[test]
fn every_valid_example_reads_as_the_reference_reads_it() {
    let expected = expected();
    let valid: Vec<_> = expected
        .iter()
        .filter(|(_, v)| v.get("error").is_none())
        .collect();
    assert_eq!(valid.len(), 14, "examples the reference reads");
    for (name, want) in valid {
        let file = OtsFile::parse(&example(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(file.hash_op().name(), want["file_hash_op"], "{name}");
        assert_eq!(hex::encode(file.digest()), want["file_digest"], "{name}");
        assert_eq!(
            described(&file),
            *want["attestations"].as_array().unwrap(),
            "{name}"
        );
    }
}

#[test]
fn every_valid_example_serialises_back_to_its_input_bytes() {
    for (name, want) in expected() {
        if want.get("error").is_some() {
            continue;
        }
        assert_eq!(want["reserialises_to_input"], true, "{name}");
        let bytes = example(&name);
        let file = OtsFile::parse(&bytes).expect("valid example");
        assert_eq!(file.to_bytes(), bytes, "{name}");
    }
}

/// The table of `fixtures/vectors/opentimestamps/README.md`: the Bitcoin height and the digest
/// reached at it (the block's merkle root in internal byte order).
#[test]
fn each_example_in_the_readme_table_reaches_the_listed_bitcoin_digest() {
    let table = [
        (
            "hello-world.txt.ots",
            HashOp::Sha256,
            358391,
            "007ee445d23ad061af4a36b809501fab1ac4f2d7e7a739817dd0cbb7ec661b8a",
        ),
        (
            "bad-stamp.txt.ots",
            HashOp::Sha256,
            358391,
            "921f81b9147c9aebe712d7805d810cf0f762479967e4c26008178277b89db41b",
        ),
        (
            "empty.ots",
            HashOp::Sha256,
            129405,
            "715b7e36276a66d842e56dd102c9d9eddfe4d9f2dfa908ae31157ac2c2fd29db",
        ),
        (
            "different-blockchains.txt.ots",
            HashOp::Sha256,
            455605,
            "9ae69a8ba5bb6eadb6feaa4c9b58495819623a9bb616a5eebab10ff02c19192a",
        ),
        (
            "bitcoin.pdf.ots",
            HashOp::Sha1,
            465751,
            "76086b72bf393f2c72e3c8c4d07d6844abbd63de4af16c35522d522e8d9f9898",
        ),
        (
            "sha1/a-or-b.ots",
            HashOp::Sha1,
            466906,
            "267c8a43b9bf4968356f85f313943ef8371d106b4c6f67b2c4a8b05c3a30c940",
        ),
        (
            "gdp2q25-2nd.pdf.ots",
            HashOp::Sha256,
            912095,
            "ae390025e12b85acb0cf0472c8e42ad40f78a9c6c1d832198e98294199316193",
        ),
    ];
    for (name, hash_op, height, digest) in table {
        let file = OtsFile::parse(&example(name)).expect(name);
        assert_eq!(file.hash_op(), hash_op, "{name}");
        let bitcoin: Vec<_> = file
            .timestamp()
            .attestations()
            .filter(|r| matches!(r.attestation, Attestation::Bitcoin { .. }))
            .map(|r| (r.attestation.clone(), hex::encode(&r.message)))
            .collect();
        assert_eq!(
            bitcoin,
            [(Attestation::Bitcoin { height }, digest.to_string())],
            "{name}"
        );
    }
}

#[test]
fn hello_world_path_uses_ripemd160_and_is_as_long_as_its_operations() {
    let file = OtsFile::parse(&example("hello-world.txt.ots")).expect("valid");
    let reached: Vec<_> = file.timestamp().attestations().collect();
    assert_eq!(reached.len(), 1);
    let ops = ops_on_single_path(file.timestamp());
    assert!(ops.contains(&"ripemd160"), "{ops:?}");
    assert_eq!(reached[0].path_length, ops.len());
}

/// The operations of a timestamp whose every node has one operation branch at most.
fn ops_on_single_path(timestamp: &Timestamp) -> Vec<&'static str> {
    use nexuscone_core::ots::Branch;
    let mut ops = Vec::new();
    let mut node = timestamp.root();
    while let Some((op, next)) = node.branches().iter().find_map(|b| match b {
        Branch::Op(op, next) => Some((op, next)),
        Branch::Attestation(_) => None,
    }) {
        ops.push(op.name());
        node = next;
    }
    ops
}

#[test]
fn each_proof_covers_its_target_file_and_not_another() {
    let pairs = [
        ("hello-world.txt.ots", "hello-world.txt"),
        ("empty.ots", "empty"),
        ("sha1/a-or-b.ots", "sha1/a"),
        ("sha1/a-or-b.ots", "sha1/b"),
        ("different-blockchains.txt.ots", "different-blockchains.txt"),
    ];
    for (proof, target) in pairs {
        let file = OtsFile::parse(&example(proof)).expect(proof);
        assert!(file.covers(&example(target)), "{proof} covers {target}");
        assert!(!file.covers(b"something else"), "{proof}");
    }
}

#[test]
fn invalid_examples_are_rejected_with_the_reference_reason_and_offset() {
    let cases = [
        // `ff 08` as a varuint is 1151, what 0.4.5 reports.
        (
            "invalid/bad-major-version.ots",
            31,
            OtsErrorKind::UnsupportedMajorVersion { version: 1151 },
        ),
        (
            "invalid/invalid-file-digest-type.ots",
            32,
            OtsErrorKind::NotAFileHashOp { tag: 0xf3 },
        ),
    ];
    for (name, offset, kind) in cases {
        let error = OtsFile::parse(&example(name)).expect_err(name);
        assert_eq!((error.offset, error.kind), (offset, kind), "{name}");
    }
    let error =
        OtsFile::parse(&example("invalid/exceeds-max-msg-length.ots")).expect_err("too long");
    match error.kind {
        OtsErrorKind::OpLimit {
            op: "append",
            length: 4096,
            limit,
        } => {
            assert_eq!(
                limit.to_string(),
                "result of 4112 bytes is longer than 4096"
            )
        }
        other => panic!("unexpected {other:?} at {}", error.offset),
    }
    let expected = expected();
    for name in [
        "invalid/bad-major-version.ots",
        "invalid/exceeds-max-msg-length.ots",
        "invalid/invalid-file-digest-type.ots",
    ] {
        assert!(
            expected[name].get("error").is_some(),
            "the reference rejects {name} too"
        );
    }
}

#[test]
fn unknown_attestations_are_carried_with_tag_and_payload() {
    for name in ["unknown-notary.txt.ots", "known-and-unknown-notary.txt.ots"] {
        let file = OtsFile::parse(&example(name)).expect(name);
        let unknown: Vec<_> = file
            .timestamp()
            .attestations()
            .filter_map(|r| match r.attestation {
                Attestation::Unknown { tag, payload } => Some((*tag, payload.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(unknown.len(), 1, "{name}");
        assert_eq!(unknown[0].0, [1, 2, 3, 4, 5, 6, 7, 8], "{name}");
        assert!(!unknown[0].1.is_empty(), "{name}");
    }
}

#[test]
fn pending_attestations_list_their_calendar_uris() {
    let file = OtsFile::parse(&example("sha1/a-or-b.ots")).expect("valid");
    let uris: Vec<_> = file
        .timestamp()
        .attestations()
        .filter_map(|r| match r.attestation {
            Attestation::Pending { uri } => Some(uri.as_str()),
            _ => None,
        })
        .collect();
    // In the order the branches are written.
    assert_eq!(
        uris,
        [
            "https://finney.calendar.eternitywall.com",
            "https://bob.btc.calendar.opentimestamps.org",
            "https://alice.btc.calendar.opentimestamps.org",
        ]
    );
}

/// Nexuscone's `ots_proof_blob` is a `.ots` file without its header, for the raw digest.
#[test]
fn bare_timestamp_reads_as_the_file_without_its_header() {
    let bytes = example("hello-world.txt.ots");
    let file = OtsFile::parse(&bytes).expect("valid");
    let header = 31 + 1 + 1 + 32;
    let bare = Timestamp::parse(&bytes[header..], file.digest()).expect("bare timestamp");
    assert_eq!(&bare, file.timestamp());
    assert_eq!(bare.to_bytes(), &bytes[header..]);
    let other_start = [0u8; 32];
    let moved = Timestamp::parse(&bytes[header..], &other_start).expect("reads for any start");
    let digests: Vec<_> = moved.attestations().map(|r| r.message).collect();
    assert_ne!(
        digests,
        bare.attestations().map(|r| r.message).collect::<Vec<_>>()
    );
}

#[test]
fn every_truncation_of_a_proof_fails_at_or_before_its_end() {
    let bytes = example("different-blockchains.txt.ots");
    for len in 0..bytes.len() {
        let error = OtsFile::parse(&bytes[..len]).expect_err("truncated");
        if len < 31 {
            assert_eq!(error.kind, OtsErrorKind::BadMagic, "length {len}");
        } else {
            assert!(
                matches!(error.kind, OtsErrorKind::Truncated { .. }),
                "length {len}: {error}"
            );
            assert!(error.offset <= len, "length {len}: {error}");
        }
    }
}

#[test]
fn a_byte_after_a_complete_proof_is_an_error_at_that_byte() {
    let mut bytes = example("hello-world.txt.ots");
    let end = bytes.len();
    bytes.push(0x00);
    let error = OtsFile::parse(&bytes).expect_err("trailing");
    assert_eq!(
        (error.offset, error.kind),
        (end, OtsErrorKind::TrailingBytes { count: 1 })
    );
}

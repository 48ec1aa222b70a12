//! The reference reader's limits and error cases on hand-made timestamps: each is refused with
//! the reason and the byte, without overflowing the stack; the reference's own test cases
//! (python-opentimestamps `tests/core/test_timestamp.py`) are included.

use nexuscone_core::ots::{
    Attestation, Field, OpLimit, OtsError, OtsErrorKind, Timestamp, MAX_DEPTH,
};

const PENDING: [u8; 8] = [0x83, 0xdf, 0xe3, 0x0d, 0x2e, 0xf9, 0x0c, 0x8e];
const BITCOIN: [u8; 8] = [0x05, 0x88, 0x96, 0x0d, 0x73, 0xd7, 0x19, 0x01];

/// `0x00`, the pending tag, then the payload `varbytes(varbytes(uri))` (short URIs only).
fn pending(uri: &[u8]) -> Vec<u8> {
    let mut out = vec![0x00];
    out.extend_from_slice(&PENDING);
    out.extend(varuint(uri.len() + varuint(uri.len()).len()));
    out.extend(varuint(uri.len()));
    out.extend_from_slice(uri);
    out
}

fn bitcoin(height: u8) -> Vec<u8> {
    let mut out = vec![0x00];
    out.extend_from_slice(&BITCOIN);
    out.extend([0x01, height]);
    out
}

fn varuint(mut value: usize) -> Vec<u8> {
    let mut out = Vec::new();
    while value > 0x7f {
        out.push((value & 0x7f) as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
    out
}

fn error(bytes: &[u8], start: &[u8]) -> (usize, OtsErrorKind) {
    let OtsError { offset, kind } = Timestamp::parse(bytes, start).expect_err("must be refused");
    (offset, kind)
}

#[test]
fn reference_case_append_to_4095_bytes_reads_and_to_4096_is_refused() {
    let serialized = [vec![0xf0, 0x01, 0x00], pending(b"barfoo")].concat();
    let stamp = Timestamp::parse(&serialized, &[b'.'; 4095]).expect("result of 4096 bytes");
    assert_eq!(stamp.attestations().next().unwrap().message.len(), 4096);
    let limit = OpLimit::ResultTooLong {
        length: 4097,
        max: 4096,
    };
    let kind = OtsErrorKind::OpLimit {
        op: "append",
        length: 4096,
        limit,
    };
    assert_eq!(error(&serialized, &[b'.'; 4096]), (0, kind));
}

#[test]
fn reference_case_256_operations_in_a_row_is_refused_255_is_read() {
    let deep = |n: usize| [vec![0x08; n], pending(b"barfoo")].concat();
    let stamp = Timestamp::parse(&deep(MAX_DEPTH - 1), b"").expect("255 operations");
    assert_eq!(stamp.attestations().next().unwrap().path_length, 255);
    assert_eq!(error(&deep(MAX_DEPTH), b""), (256, OtsErrorKind::TooDeep));
}

#[test]
fn a_million_nested_operations_are_refused_without_overflowing_the_stack() {
    let bytes = vec![0x08; 1_000_000];
    assert_eq!(error(&bytes, b"x"), (256, OtsErrorKind::TooDeep));
    // Every node forks into an operation: still one path, as deep.
    let forks = [0xff, 0x08].repeat(500_000);
    assert_eq!(error(&forks, b"x"), (512, OtsErrorKind::TooDeep));
}

#[test]
fn many_sibling_branches_read_and_run_iteratively() {
    let mut bytes = Vec::new();
    for _ in 0..10_000 {
        bytes.push(0xff);
        bytes.extend([0xf0, 0x01, 0xaa]);
        bytes.extend(bitcoin(7));
    }
    bytes.extend(bitcoin(8));
    let stamp = Timestamp::parse(&bytes, b"start").expect("wide tree");
    assert_eq!(stamp.attestations().count(), 10_001);
    assert_eq!(stamp.to_bytes(), bytes);
}

#[test]
fn append_argument_over_4096_bytes_is_refused_at_its_length() {
    let bytes = [vec![0xf0], varuint(4097), vec![0; 4097], bitcoin(1)].concat();
    let kind = OtsErrorKind::TooLong {
        field: Field::OpArgument,
        length: 4097,
        max: 4096,
    };
    assert_eq!(error(&bytes, b"m"), (1, kind));
}

#[test]
fn empty_append_or_prepend_argument_is_refused() {
    for (tag, op) in [(0xf0, "append"), (0xf1, "prepend")] {
        let bytes = [vec![tag, 0x00], bitcoin(1)].concat();
        assert_eq!(error(&bytes, b"m"), (1, OtsErrorKind::EmptyArgument { op }));
    }
}

#[test]
fn hexlify_of_more_than_2048_bytes_is_refused_and_of_2048_is_read() {
    let bytes = [vec![0xf3], bitcoin(1)].concat();
    let stamp = Timestamp::parse(&bytes, &[0xab; 2048]).expect("2048 bytes hexlify");
    assert_eq!(
        stamp.attestations().next().unwrap().message,
        "ab".repeat(2048).as_bytes()
    );
    let kind = OtsErrorKind::OpLimit {
        op: "hexlify",
        length: 2049,
        limit: OpLimit::MessageTooLong { max: 2048 },
    };
    assert_eq!(error(&bytes, &[0xab; 2049]), (0, kind));
}

#[test]
fn reverse_and_hexlify_of_an_empty_message_are_refused() {
    for (tag, op) in [(0xf2, "reverse"), (0xf3, "hexlify")] {
        let bytes = [vec![tag], bitcoin(1)].concat();
        let kind = OtsErrorKind::OpLimit {
            op,
            length: 0,
            limit: OpLimit::EmptyMessage,
        };
        assert_eq!(error(&bytes, b""), (0, kind));
    }
}

#[test]
fn start_message_over_4096_bytes_is_refused() {
    let kind = OtsErrorKind::StartTooLong { length: 4097 };
    assert_eq!(error(&bitcoin(1), &[0; 4097]), (0, kind));
}

#[test]
fn attestation_payload_over_8192_bytes_is_refused_at_its_length() {
    let bytes = [vec![0x00], vec![9; 8], varuint(8193), vec![0; 8193]].concat();
    let kind = OtsErrorKind::TooLong {
        field: Field::AttestationPayload,
        length: 8193,
        max: 8192,
    };
    assert_eq!(error(&bytes, b"m"), (9, kind));
}

#[test]
fn unknown_attestation_of_8192_bytes_is_carried_whole() {
    let bytes = [vec![0x00], vec![9; 8], varuint(8192), vec![7; 8192]].concat();
    let stamp = Timestamp::parse(&bytes, b"m").expect("8192-byte payload");
    let reached = stamp.attestations().next().unwrap();
    let want = Attestation::Unknown {
        tag: [9; 8],
        payload: vec![7; 8192],
    };
    assert_eq!(*reached.attestation, want);
    assert_eq!(stamp.to_bytes(), bytes);
}

#[test]
fn pending_uri_over_1000_bytes_is_refused() {
    let uri = vec![b'a'; 1001];
    let body = [varuint(1001), uri].concat();
    let bytes = [vec![0x00], PENDING.to_vec(), varuint(body.len()), body].concat();
    let kind = OtsErrorKind::TooLong {
        field: Field::PendingUri,
        length: 1001,
        max: 1000,
    };
    assert_eq!(error(&bytes, b"m"), (11, kind));
}

#[test]
fn pending_uri_with_a_character_outside_the_allowed_set_is_refused_at_that_byte() {
    for (uri, at, byte) in [
        (&b"https://a?b"[..], 9, b'?'),
        (b"x y", 1, b' '),
        (b"caf\xc3\xa9", 3, 0xc3),
    ] {
        let bytes = pending(uri);
        // marker, tag, payload length, URI length
        let uri_start = 1 + 8 + 1 + 1;
        let kind = OtsErrorKind::UriCharacter { byte };
        assert_eq!(error(&bytes, b"m"), (uri_start + at, kind), "{uri:?}");
    }
}

#[test]
fn bytes_after_a_known_attestation_payload_are_refused() {
    let bytes = [vec![0x00], BITCOIN.to_vec(), vec![0x02, 0x05, 0x00]].concat();
    let kind = OtsErrorKind::TrailingPayloadBytes { count: 1 };
    assert_eq!(error(&bytes, b"m"), (11, kind));
}

#[test]
fn truncated_attestation_payload_is_refused_inside_the_payload() {
    // Bitcoin payload of one byte that says another byte follows.
    let bytes = [vec![0x00], BITCOIN.to_vec(), vec![0x01, 0x80]].concat();
    assert_eq!(
        error(&bytes, b"m"),
        (11, OtsErrorKind::Truncated { needed: 1 })
    );
}

#[test]
fn unknown_operation_tags_are_refused_at_the_tag() {
    for tag in [0x01, 0x04, 0x66, 0xf4, 0xfe] {
        assert_eq!(error(&[tag], b"m"), (0, OtsErrorKind::UnknownOp { tag }));
    }
    // A fork marker followed by another is an unknown operation 0xff.
    let bytes = [vec![0xff, 0xff], bitcoin(1)].concat();
    assert_eq!(
        error(&bytes, b"m"),
        (1, OtsErrorKind::UnknownOp { tag: 0xff })
    );
}

#[test]
fn empty_input_is_truncated_at_byte_zero() {
    assert_eq!(error(b"", b"m"), (0, OtsErrorKind::Truncated { needed: 1 }));
}

#[test]
fn heights_past_64_bits_are_refused_and_non_minimal_varuints_are_read() {
    let huge = [
        vec![0x00],
        BITCOIN.to_vec(),
        vec![0x0b],
        vec![0xff; 10],
        vec![0x01],
    ]
    .concat();
    assert_eq!(error(&huge, b"m"), (10, OtsErrorKind::IntegerTooLarge));
    let max = [
        vec![0x00],
        BITCOIN.to_vec(),
        vec![0x0a],
        vec![0xff; 9],
        vec![0x01],
    ]
    .concat();
    let stamp = Timestamp::parse(&max, b"m").expect("u64::MAX");
    assert_eq!(
        *stamp.attestations().next().unwrap().attestation,
        Attestation::Bitcoin { height: u64::MAX }
    );
    // Height 5 written as `85 80 00`: read as the reference reads it, written minimal.
    let padded = [vec![0x00], BITCOIN.to_vec(), vec![0x03, 0x85, 0x80, 0x00]].concat();
    let stamp = Timestamp::parse(&padded, b"m").expect("non-minimal varuint");
    assert_eq!(stamp.to_bytes(), bitcoin(5));
}

#[test]
fn branches_in_any_order_serialise_back_to_the_same_bytes() {
    // Operations before attestations and unsorted attestations: the reference would re-sort.
    let bytes = [
        vec![0xff, 0x08],
        bitcoin(2),
        vec![0xff],
        pending(b"b"),
        vec![0xff],
        pending(b"a"),
        vec![0xf1, 0x01, 0x00, 0x02],
        bitcoin(1),
    ]
    .concat();
    let stamp = Timestamp::parse(&bytes, b"m").expect("valid");
    assert_eq!(stamp.to_bytes(), bytes);
    let lengths: Vec<_> = stamp.attestations().map(|r| r.path_length).collect();
    assert_eq!(lengths, [1, 0, 0, 2]);
}

#[test]
fn each_hash_operation_gives_its_known_answer() {
    // Digests of the empty string, then sha256d as the calendars chain it.
    let cases: [(u8, &str); 4] = [
        (0x02, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        (0x03, "9c1185a5c5e9fc54612808977ee8f548b2258d31"),
        (
            0x08,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        (
            0x67,
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        ),
    ];
    for (tag, digest) in cases {
        let stamp = Timestamp::parse(&[vec![tag], bitcoin(1)].concat(), b"").expect("hash");
        let reached = stamp.attestations().next().unwrap();
        assert_eq!(hex::encode(reached.message), digest, "tag {tag:#04x}");
    }
}

//! Bitcoin block headers as a trust input: the real header of block 358391
//! (`fixtures/vectors/opentimestamps/bitcoin-headers/358391.hex`) confirms hello-world.txt.ots
//! and refutes bad-stamp.txt.ots; the text form's errors name their line.

use std::path::Path;

use nexuscone_core::bitcoin::{
    BlockCheck, BlockHash, BlockHeader, FoundBy, HeaderLineError, HeaderSet, HeaderSetError,
    ProofOfWork, Target, MAINNET_POW_LIMIT,
};
use nexuscone_core::ots::{Attestation, OtsFile};

fn vector(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/vectors/opentimestamps")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn header_hex() -> String {
    String::from_utf8(vector("bitcoin-headers/358391.hex"))
        .expect("ASCII")
        .trim()
        .to_string()
}

fn header() -> BlockHeader {
    let mut bytes = [0u8; 80];
    hex::decode_to_slice(header_hex(), &mut bytes).expect("80-byte hex");
    BlockHeader::from_bytes(bytes)
}

/// The height and message of the one Bitcoin attestation of an example proof.
fn bitcoin_claim(proof: &str) -> (u64, Vec<u8>) {
    let file = OtsFile::parse(&vector(&format!("examples/{proof}"))).expect(proof);
    let claims: Vec<_> = file
        .timestamp()
        .attestations()
        .filter_map(|r| match r.attestation {
            Attestation::Bitcoin { height } => Some((*height, r.message)),
            _ => None,
        })
        .collect();
    assert_eq!(claims.len(), 1, "{proof}");
    claims.into_iter().next().unwrap()
}

#[test]
fn block_358391_header_hashes_to_its_known_hash_and_meets_its_target() {
    let header = header();
    let known = "000000000000000003e892881a8cdcdc117c06d444057c98b6f04a9ee75a2319";
    assert_eq!(header.hash().to_string(), known);
    assert_eq!(BlockHash::from_display_hex(known), Some(header.hash()));
    assert_eq!(
        header.merkle_root().to_string(),
        "8a1b66ecb7cbd07d8139a7e7d7f2c41aab1f5009b8364aaf61d03ad245e47e00"
    );
    assert_eq!(header.bits(), 0x1816_86f5);
    assert_eq!(header.time(), 1_432_827_678);
    assert_eq!(header.time_utc(), "2015-05-28T15:41:18Z");
    assert_eq!(header.version(), 2);
    assert_eq!(
        header.proof_of_work(),
        ProofOfWork::Valid {
            mainnet_difficulty: true
        }
    );
}

#[test]
fn hello_world_verifies_to_block_358391_at_its_time() {
    let (height, message) = bitcoin_claim("hello-world.txt.ots");
    for (text, found) in [
        (format!("358391 {}\n", header_hex()), FoundBy::Height),
        (format!("{}\n", header_hex()), FoundBy::MerkleRoot),
    ] {
        let set = HeaderSet::parse(&text).expect("header set");
        match set.verify_commitment(height, &message) {
            BlockCheck::Verified {
                height: 358391,
                header,
                found: by,
                mainnet_difficulty: true,
            } => {
                assert_eq!(by, found);
                assert_eq!(header.time_utc(), "2015-05-28T15:41:18Z");
                assert_eq!(
                    header.hash().to_string(),
                    "000000000000000003e892881a8cdcdc117c06d444057c98b6f04a9ee75a2319"
                );
            }
            other => panic!("{found:?}: {other:?}"),
        }
    }
}

#[test]
fn bad_stamp_fails_against_the_header_of_its_height() {
    let (height, message) = bitcoin_claim("bad-stamp.txt.ots");
    assert_eq!(height, 358391);
    let set = HeaderSet::parse(&format!("358391 {}", header_hex())).expect("header set");
    let check = set.verify_commitment(height, &message);
    assert!(check.is_failure());
    match check {
        BlockCheck::MerkleRootMismatch {
            claimed, header, ..
        } => {
            assert_eq!(claimed.internal()[..], message[..]);
            assert_eq!(
                header.merkle_root().internal()[..4],
                [0x00, 0x7e, 0xe4, 0x45]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_stamp_is_unchecked_when_the_only_header_has_no_height_and_another_root() {
    let (height, message) = bitcoin_claim("bad-stamp.txt.ots");
    let set = HeaderSet::parse(&header_hex()).expect("header set");
    assert!(matches!(
        set.verify_commitment(height, &message),
        BlockCheck::NotChecked { height: 358391, .. }
    ));
}

#[test]
fn without_a_header_the_claim_is_stated_with_the_merkle_root_unchecked() {
    let (height, message) = bitcoin_claim("hello-world.txt.ots");
    let check = HeaderSet::default().verify_commitment(height, &message);
    match &check {
        BlockCheck::NotChecked {
            height,
            merkle_root,
        } => {
            assert_eq!(*height, 358391);
            assert_eq!(
                merkle_root.to_string(),
                "8a1b66ecb7cbd07d8139a7e7d7f2c41aab1f5009b8364aaf61d03ad245e47e00"
            );
            assert_eq!(merkle_root.internal()[..], message[..]);
        }
        other => panic!("{other:?}"),
    }
    assert!(!check.is_verified() && !check.is_failure());
}

#[test]
fn a_message_that_is_not_32_bytes_is_never_a_merkle_root() {
    let set = HeaderSet::parse(&header_hex()).expect("header set");
    assert_eq!(
        set.verify_commitment(358391, &[0; 20]),
        BlockCheck::NotAMerkleRoot {
            height: 358391,
            length: 20
        }
    );
}

#[test]
fn a_header_changed_in_its_nonce_fails_proof_of_work_even_with_the_right_root() {
    let (height, message) = bitcoin_claim("hello-world.txt.ots");
    let mut bytes = *header().as_bytes();
    bytes[76] ^= 1;
    let forged = BlockHeader::from_bytes(bytes);
    let set = HeaderSet::parse(&format!("358391 {}", hex::encode(bytes))).expect("header set");
    assert_eq!(
        set.verify_commitment(height, &message),
        BlockCheck::ProofOfWorkFails {
            height,
            header: forged,
            proof_of_work: ProofOfWork::HashAboveTarget
        }
    );
}

#[test]
fn a_regtest_header_verifies_but_is_marked_below_mainnet_difficulty() {
    let root = [7u8; 32];
    let mut bytes = [0u8; 80];
    bytes[36..68].copy_from_slice(&root);
    bytes[72..76].copy_from_slice(&0x207f_ffffu32.to_le_bytes());
    let header = (0u32..)
        .map(|nonce| {
            bytes[76..].copy_from_slice(&nonce.to_le_bytes());
            BlockHeader::from_bytes(bytes)
        })
        .find(|h| matches!(h.proof_of_work(), ProofOfWork::Valid { .. }))
        .expect("a regtest nonce");
    let set = HeaderSet::parse(&format!("5 {}", hex::encode(header.as_bytes()))).unwrap();
    assert!(matches!(
        set.verify_commitment(5, &root),
        BlockCheck::Verified {
            mainnet_difficulty: false,
            ..
        }
    ));
}

#[test]
fn compact_targets_decode_as_bitcoin_core_does() {
    let easiest = Target::from_compact(0x1d00_ffff).expect("valid");
    assert_eq!(
        hex::encode(easiest.as_bytes()),
        "00000000ffff0000000000000000000000000000000000000000000000000000"
    );
    assert!(easiest <= MAINNET_POW_LIMIT);
    let block = Target::from_compact(0x1816_86f5).expect("valid");
    assert_eq!(
        hex::encode(&block.as_bytes()[..12]),
        "00000000000000001686f500"
    );
    // Small exponents shift the mantissa right.
    let small = Target::from_compact(0x0212_3456).expect("valid");
    assert_eq!(small.as_bytes()[30..], [0x12, 0x34]);
    assert!(Target::from_compact(0x0112_3456).is_some());
    assert!(Target::from_compact(0x2100_ffff).is_some());
    for invalid in [
        0x0000_0000,
        0x1d00_0000,
        0x0100_3456,
        0x1d80_ffff,
        0x2101_0000,
        0x2300_0001,
    ] {
        assert_eq!(Target::from_compact(invalid), None, "{invalid:#010x}");
    }
    let regtest = Target::from_compact(0x207f_ffff).expect("valid");
    assert!(regtest > MAINNET_POW_LIMIT);
}

#[test]
fn header_sets_allow_comments_blank_lines_crlf_and_a_byte_order_mark() {
    let text = format!(
        "\u{feff}# headers from my node\r\n\r\n  358391   {hex}  # hello-world\r\n{hex}\n358391 {hex}\n",
        hex = header_hex()
    );
    let set = HeaderSet::parse(&text).expect("header set");
    let listed: Vec<_> = set.headers().iter().map(|h| (h.height, h.line)).collect();
    assert_eq!(listed, [(Some(358391), 3), (None, 4)]);
    assert!(HeaderSet::parse("# nothing\n\n").unwrap().is_empty());
}

#[test]
fn header_set_errors_name_the_line() {
    let hex = header_hex();
    let other = format!("03{}", &hex[2..]);
    let cases = [
        (
            format!("\n{}", &hex[..158]),
            2,
            HeaderLineError::WrongLength { found: 158 },
        ),
        (format!("{}zz", &hex[..158]), 1, HeaderLineError::NotHex),
        (
            format!("# x\n# y\n-1 {hex}"),
            3,
            HeaderLineError::BadHeight("-1".into()),
        ),
        (
            format!("+5 {hex}"),
            1,
            HeaderLineError::BadHeight("+5".into()),
        ),
        (format!("1 2 {hex}"), 1, HeaderLineError::TooManyFields(3)),
        (
            "{\n  \"hash\": \"00\"\n}".to_string(),
            1,
            HeaderLineError::Json,
        ),
        (
            format!("7 {hex}\n\n7 {other}"),
            3,
            HeaderLineError::ConflictingHeight {
                height: 7,
                first_line: 1,
            },
        ),
    ];
    for (text, line, kind) in cases {
        assert_eq!(
            HeaderSet::parse(&text),
            Err(HeaderSetError { line, kind }),
            "{text:?}"
        );
    }
}

//! Hostile and damaged time-stamp tokens: a changed byte in the signature or in the
//! signed TSTInfo is caught by the check it breaks, damaged DER is a located error, and
//! nothing panics.
#![cfg(feature = "tst")]

mod tst_fixtures;

use nexuscone_core::tst::{verify, TimeStampResponse, TstError, TstFailure, TstOutcome, TstPart};
use tst_fixtures::{fixture, head, test_root, GRANTED};

fn outcome(bytes: &[u8]) -> TstOutcome {
    verify(bytes, &head(), Some(&test_root())).unwrap().outcome
}

#[test]
fn a_flipped_signature_byte_fails_the_signature_check() {
    for name in [
        "rsa-sha256.tsr",
        "ec-p256.tsr",
        "ec-p384.tsr",
        "rsa-pss.tst",
    ] {
        let mut bytes = fixture(name);
        // The SignerInfo's signature is the token's last field: its last bytes are
        // signature value (for ECDSA, inside the integer s).
        let at = bytes.len() - 3;
        bytes[at] ^= 0x01;
        assert_eq!(
            outcome(&bytes),
            TstOutcome::Failed(TstFailure::SignatureInvalid),
            "{name}"
        );
    }
}

#[test]
fn a_changed_gen_time_digit_in_the_tstinfo_fails_the_message_digest() {
    for name in GRANTED {
        let mut bytes = fixture(name);
        let gen_time = verify(&bytes, &head(), None)
            .unwrap()
            .token
            .unwrap()
            .gen_time;
        let text = gen_time.der_text().as_bytes();
        let at = bytes.windows(text.len()).position(|w| w == text).unwrap() + 13;
        bytes[at] = if bytes[at] == b'9' {
            b'8'
        } else {
            bytes[at] + 1
        };
        let outcome = outcome(&bytes);
        assert!(
            matches!(
                outcome,
                TstOutcome::Failed(TstFailure::MessageDigestMismatch { .. })
            ),
            "{name}: {outcome:?}"
        );
    }
}

#[test]
fn a_changed_imprint_byte_fails_the_imprint_before_the_signature() {
    let mut bytes = fixture("rsa-sha256.tsr");
    let imprint = nexuscone_core::tst::DigestAlgorithm::Sha256.digest(&head());
    let at = bytes
        .windows(32)
        .position(|w| w == imprint.as_slice())
        .unwrap();
    bytes[at] ^= 0x80;
    let outcome = outcome(&bytes);
    assert!(
        matches!(
            outcome,
            TstOutcome::Failed(TstFailure::ImprintMismatch { .. })
        ),
        "{outcome:?}"
    );
}

#[test]
fn every_truncation_of_every_fixture_is_a_der_error() {
    for name in GRANTED.iter().chain(&["rejected.tsr", "no-eku.tst"]) {
        let bytes = fixture(name);
        for len in 0..bytes.len() {
            match TimeStampResponse::parse(&bytes[..len]) {
                Err(TstError::Der { .. }) => {}
                other => panic!("{name} cut to {len} bytes: {other:?}"),
            }
        }
    }
}

#[test]
fn a_trailing_byte_is_a_der_error_of_the_response() {
    for name in ["rsa-sha256.tsr", "rejected.tsr", "rsa-pss.tst"] {
        let mut bytes = fixture(name);
        bytes.push(0);
        let error = TimeStampResponse::parse(&bytes).unwrap_err();
        let TstError::Der { part, source } = &error else {
            panic!("{name}: {error:?}");
        };
        assert_eq!(*part, TstPart::Response, "{name}");
        assert!(
            matches!(source.kind(), der::ErrorKind::TrailingData { .. }),
            "{name}: {error}"
        );
    }
}

#[test]
fn no_single_byte_change_alters_what_a_verified_token_states() {
    for name in ["rsa-sha256.tsr", "ec-p256.tsr"] {
        let original = fixture(name);
        let honest = verify(&original, &head(), Some(&test_root())).unwrap();
        for at in 0..original.len() {
            let mut bytes = original.clone();
            bytes[at] ^= 0x41;
            let Ok(report) = verify(&bytes, &head(), Some(&test_root())) else {
                continue;
            };
            if matches!(
                report.outcome,
                TstOutcome::Trusted { .. } | TstOutcome::SignerNotChecked
            ) {
                // Only bytes outside the signed content may change (the status, the
                // unsigned digest algorithm list, ...): what the token states stays.
                assert_eq!(report.token, honest.token, "{name}: byte {at}");
                assert_eq!(report.signer, honest.signer, "{name}: byte {at}");
            }
        }
    }
}

/// The DER of OBJECT IDENTIFIER id-ct-TSTInfo (1.2.840.113549.1.9.16.1.4).
const TST_INFO_OID: [u8; 13] = [
    0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x04,
];

fn occurrences(bytes: &[u8], needle: &[u8]) -> Vec<usize> {
    bytes
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn signed_content_that_is_not_a_tstinfo_is_a_typed_error() {
    let mut bytes = fixture("rsa-sha256.tsr");
    let at = occurrences(&bytes, &TST_INFO_OID)[0] + TST_INFO_OID.len() - 1;
    bytes[at] = 0x05;
    let error = TimeStampResponse::parse(&bytes).unwrap_err();
    assert!(
        matches!(error, TstError::NotTstInfo { found } if found.to_string() == "1.2.840.113549.1.9.16.1.5"),
        "{error:?}"
    );
}

#[test]
fn a_content_type_attribute_other_than_the_content_fails_before_the_signature() {
    let mut bytes = fixture("rsa-sha256.tsr");
    let found = occurrences(&bytes, &TST_INFO_OID);
    assert_eq!(
        found.len(),
        2,
        "eContentType and the content-type attribute"
    );
    bytes[found[1] + TST_INFO_OID.len() - 1] = 0x05;
    let outcome = outcome(&bytes);
    assert!(
        matches!(
            outcome,
            TstOutcome::Failed(TstFailure::ContentTypeMismatch { .. })
        ),
        "{outcome:?}"
    );
}

#[test]
fn a_token_that_is_not_signed_data_is_a_typed_error() {
    let mut bytes = fixture("rsa-pss.tst");
    let signed_data = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
    ];
    let at = occurrences(&bytes, &signed_data)[0] + 10;
    bytes[at] = 0x01;
    let error = TimeStampResponse::parse(&bytes).unwrap_err();
    assert!(matches!(error, TstError::NotSignedData { .. }), "{error:?}");
}

#[test]
fn a_granted_status_without_a_token_is_a_typed_error() {
    let mut bytes = fixture("rejected.tsr");
    // TimeStampResp { PKIStatusInfo { status INTEGER 2, ... } }: the status value byte.
    assert_eq!(&bytes[4..7], [0x02, 0x01, 0x02]);
    bytes[6] = 0x00;
    assert_eq!(
        TimeStampResponse::parse(&bytes).unwrap_err(),
        TstError::GrantedWithoutToken { status: 0 }
    );
}

#[test]
fn roots_reused_across_tokens_judge_each_as_fresh_roots_would() {
    // The roots remember certificate signatures they verified (core/src/tst/verified.rs):
    // after the honest token, a token with any byte changed (its certificates' included)
    // must get the outcome it gets from roots that have verified nothing.
    let shared = test_root();
    for name in ["rsa-sha256.tsr", "ec-p256.tsr"] {
        let original = fixture(name);
        let honest = verify(&original, &head(), Some(&shared)).unwrap().outcome;
        assert!(
            matches!(honest, TstOutcome::Trusted { .. }),
            "{name}: {honest:?}"
        );
        for at in (0..original.len()).step_by(3) {
            let mut bytes = original.clone();
            bytes[at] ^= 0x41;
            let reused = verify(&bytes, &head(), Some(&shared)).map(|r| r.outcome);
            let fresh = verify(&bytes, &head(), Some(&test_root())).map(|r| r.outcome);
            assert_eq!(reused.ok(), fresh.ok(), "{name}: byte {at}");
        }
        let again = verify(&original, &head(), Some(&shared)).unwrap().outcome;
        assert_eq!(again, honest, "{name}");
    }
}

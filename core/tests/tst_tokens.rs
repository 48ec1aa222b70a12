//! RFC 3161 tokens made by `openssl ts -reply` (the requests of four of them by the real
//! nexuscone 0.2.1) against a throw-away test PKI: what verifies, with and without
//! TSA roots, and each check that fails on the token made to fail it.
#![cfg(feature = "tst")]

mod tst_fixtures;

use nexuscone_core::tst::{
    verify, DigestAlgorithm, EssField, PathFailure, PkiStatus, SignedAttribute, TimeStampResponse,
    TsaRoots, TstFailure, TstOutcome, TstReport, UsageProblem,
};
use tst_fixtures::{
    fixture, head, openssl_format, openssl_time_stamp, other_root, test_root, GRANTED, ROOT_SUBJECT,
};

fn report(name: &str, message: &[u8], roots: Option<&TsaRoots>) -> TstReport {
    verify(&fixture(name), message, roots).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn failure(name: &str, roots: Option<&TsaRoots>) -> TstFailure {
    match report(name, &head(), roots).outcome {
        TstOutcome::Failed(failure) => failure,
        other => panic!("{name}: expected a failure, got {other:?}"),
    }
}

#[test]
fn every_granted_token_verifies_for_its_head_without_roots_as_signer_not_checked() {
    for name in GRANTED {
        let report = report(name, &head(), None);
        assert_eq!(report.outcome, TstOutcome::SignerNotChecked, "{name}");
        let signer = report.signer.unwrap_or_else(|| panic!("{name}: no signer"));
        assert!(
            signer
                .subject
                .starts_with("O=Nexuscone Test,CN=Nexuscone Test TSA"),
            "{name}: {}",
            signer.subject
        );
    }
}

#[test]
fn every_granted_token_chains_to_the_test_root_when_it_is_supplied() {
    let roots = test_root();
    for name in GRANTED {
        let outcome = report(name, &head(), Some(&roots)).outcome;
        assert_eq!(
            outcome,
            TstOutcome::Trusted {
                root: ROOT_SUBJECT.to_owned()
            },
            "{name}"
        );
    }
}

#[test]
fn gen_time_is_exactly_what_openssl_ts_reply_text_prints() {
    for name in GRANTED
        .iter()
        .chain(&["expired.tsr", "ess-mismatch.tsr", "no-eku.tst"])
    {
        let facts = report(name, &head(), None).token.unwrap();
        assert_eq!(
            openssl_format(&facts.gen_time),
            openssl_time_stamp(name),
            "{name}"
        );
    }
}

#[test]
fn fractional_gen_time_keeps_its_milliseconds_in_nanos_and_rfc3339() {
    let gen_time = report("fractional.tsr", &head(), None)
        .token
        .unwrap()
        .gen_time;
    let fraction = gen_time
        .der_text()
        .trim_end_matches('Z')
        .split_once('.')
        .unwrap()
        .1
        .to_owned();
    assert!(
        !fraction.is_empty() && fraction.len() <= 3,
        "{}",
        gen_time.der_text()
    );
    let nanos: u32 = format!("{fraction:0<9}").parse().unwrap();
    assert_eq!(gen_time.subsec_nanos(), nanos);
    assert!(
        gen_time.rfc3339().ends_with(&format!(".{fraction}Z")),
        "{}",
        gen_time.rfc3339()
    );
}

#[test]
fn the_library_and_this_module_agree_on_imprint_serial_and_gen_time_second() {
    let expected: serde_json::Value = serde_json::from_slice(&fixture("expected.json")).unwrap();
    let other_message = DigestAlgorithm::Sha256.digest(b"another head");
    for (name, verdicts) in expected["verify_tst"].as_object().unwrap() {
        let library = &verdicts["head"];
        if library["verified"] != true {
            continue;
        }
        let report = report(name, &head(), None);
        let facts = report.token.as_ref().unwrap();
        assert_eq!(
            facts.imprint_oid.to_string(),
            library["hash_algorithm"],
            "{name}"
        );
        assert_eq!(facts.serial_number, library["serial_number"], "{name}");
        // The library (rfc3161-client) drops genTime's fraction: compare whole seconds.
        let seconds = format!("{}+00:00", &facts.gen_time.rfc3339()[..19]);
        assert_eq!(seconds, library["gen_time"], "{name}");
        assert_eq!(verdicts["other_digest"]["verified"], false, "{name}");
        let outcome = self::report(name, &other_message, None).outcome;
        assert!(
            matches!(
                outcome,
                TstOutcome::Failed(TstFailure::ImprintMismatch { .. })
            ),
            "{name}: {outcome:?}"
        );
    }
}

#[test]
fn the_library_refuses_non_sha256_imprints_that_this_module_reports_by_algorithm() {
    let expected: serde_json::Value = serde_json::from_slice(&fixture("expected.json")).unwrap();
    for (name, algorithm) in [
        ("ec-p384.tsr", DigestAlgorithm::Sha384),
        ("rsa-sha512.tsr", DigestAlgorithm::Sha512),
        ("imprint-sha1.tsr", DigestAlgorithm::Sha1),
    ] {
        let library = &expected["verify_tst"][name]["head"];
        assert_eq!(library["verified"], false, "{name}");
        assert!(
            library["error"]
                .as_str()
                .unwrap()
                .contains("is not SHA-256"),
            "{name}"
        );
        let facts = report(name, &head(), None).token.unwrap();
        assert_eq!(facts.imprint_algorithm, Some(algorithm), "{name}");
    }
}

#[test]
fn another_message_fails_with_the_imprint_mismatch_naming_both_hashes() {
    let message = b"not the chain head";
    let failure = match report("rsa-sha256.tsr", message, None).outcome {
        TstOutcome::Failed(failure) => failure,
        other => panic!("{other:?}"),
    };
    let TstFailure::ImprintMismatch {
        algorithm,
        expected,
        found,
    } = &failure
    else {
        panic!("{failure:?}");
    };
    assert_eq!(*algorithm, DigestAlgorithm::Sha256);
    assert_eq!(
        *expected,
        hex::encode(DigestAlgorithm::Sha256.digest(message))
    );
    assert_eq!(*found, hex::encode(DigestAlgorithm::Sha256.digest(&head())));
    assert_eq!(failure.kind(), "imprint_mismatch");
}

#[test]
fn a_rejected_request_fails_with_its_status_text_and_fail_info() {
    let report = report("rejected.tsr", &head(), None);
    assert_eq!(report.status, Some(PkiStatus::Rejection));
    assert!(report.token.is_none() && report.signer.is_none());
    let TstOutcome::Failed(TstFailure::StatusNotGranted {
        status,
        text,
        fail_info,
    }) = report.outcome
    else {
        panic!("{:?}", report.outcome);
    };
    assert_eq!(status, PkiStatus::Rejection);
    assert_eq!(text, ["Requested policy is not supported."]);
    assert_eq!(fail_info, ["unacceptedPolicy"]);
}

#[test]
fn a_signer_certificate_swapped_for_its_same_key_twin_fails_the_ess_binding() {
    // The library verifies this token: it checks neither the signature nor the binding.
    assert_eq!(
        failure("ess-mismatch.tsr", None),
        TstFailure::SigningCertificateMismatch {
            attribute: SignedAttribute::SigningCertificateV2,
            field: EssField::CertHash,
        }
    );
}

#[test]
fn a_signer_without_the_time_stamping_key_usage_is_refused() {
    assert_eq!(
        failure("no-eku.tst", None),
        TstFailure::TimeStampingUsage {
            problem: UsageProblem::Missing
        }
    );
}

#[test]
fn a_signer_expired_at_gen_time_is_refused_with_or_without_roots() {
    // The library verifies this token (it does not look at the certificate).
    let expected = TstFailure::SignerNotValidAtGenTime {
        not_before: "2020-01-01T00:00:00Z".to_owned(),
        not_after: "2021-01-01T00:00:00Z".to_owned(),
    };
    assert_eq!(failure("expired.tsr", None), expected);
    assert_eq!(failure("expired.tsr", Some(&test_root())), expected);
}

#[test]
fn an_unrelated_root_leaves_the_signer_untrusted_naming_the_missing_issuer() {
    let roots = other_root();
    assert_eq!(
        failure("rsa-sha256.tsr", Some(&roots)),
        TstFailure::Untrusted(PathFailure::NoTrustedIssuer {
            subject: "O=Nexuscone Test,CN=Nexuscone Test TSA RSA".to_owned(),
            issuer: ROOT_SUBJECT.to_owned(),
        })
    );
    // Through the intermediate the token carries, up to the root that is not supplied.
    assert_eq!(
        failure("ec-p256.tsr", Some(&roots)),
        TstFailure::Untrusted(PathFailure::NoTrustedIssuer {
            subject: "O=Nexuscone Test,CN=Nexuscone Test TSA Intermediate".to_owned(),
            issuer: ROOT_SUBJECT.to_owned(),
        })
    );
}

#[test]
fn several_roots_trust_the_signer_when_one_of_them_is_its_root() {
    let both = format!(
        "{}{}",
        tst_fixtures::text("other-root.pem"),
        tst_fixtures::text("root.pem")
    );
    let roots = TsaRoots::from_pem(&both).unwrap();
    assert_eq!(roots.subjects().len(), 2);
    let outcome = report("ec-p256.tsr", &head(), Some(&roots)).outcome;
    assert_eq!(
        outcome,
        TstOutcome::Trusted {
            root: ROOT_SUBJECT.to_owned()
        }
    );
}

#[test]
fn a_bare_token_has_no_status_and_a_response_has_granted() {
    assert_eq!(
        TimeStampResponse::parse(&fixture("rsa-pss.tst"))
            .unwrap()
            .status(),
        None
    );
    let response = TimeStampResponse::parse(&fixture("rsa-sha256.tsr")).unwrap();
    assert_eq!(response.status(), Some(PkiStatus::Granted));
    assert_eq!(response.token().unwrap().certificates().len(), 1);
    let ec = TimeStampResponse::parse(&fixture("ec-p256.tsr")).unwrap();
    assert_eq!(
        ec.token().unwrap().certificates().len(),
        2,
        "signer and intermediate"
    );
}

#[test]
fn a_root_that_is_the_signer_certificate_itself_is_trusted_directly() {
    use der::Encode;
    let response = TimeStampResponse::parse(&fixture("rsa-sha256.tsr")).unwrap();
    let signer = response.token().unwrap().certificates()[0]
        .to_der()
        .unwrap();
    let roots = TsaRoots::parse(&signer).unwrap();
    let outcome = response.verify(&head(), Some(&roots)).outcome;
    assert_eq!(
        outcome,
        TstOutcome::Trusted {
            root: "O=Nexuscone Test,CN=Nexuscone Test TSA RSA".to_owned()
        }
    );
}

//! Any bytes as an RFC 3161 `TimeStampResp` or bare token through
//! `TimeStampResponse::parse`, verified for the fixtures' chain head with and without
//! the test TSA root, and as a TSA root file through `TsaRoots::parse`. Never a panic;
//! a report that verifies states the imprint of that head and a granted status.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::tst::{TimeStampResponse, TsaRoots, TstOutcome};

const ROOT: &str = include_str!("../../fixtures/tst/root.pem");
const HEAD: &[u8] = include_bytes!("../../fixtures/tst/head.bin");

fuzz_target!(|data: &[u8]| {
    let _ = TsaRoots::parse(data);
    let Ok(response) = TimeStampResponse::parse(data) else {
        return;
    };
    let roots = TsaRoots::from_pem(ROOT).expect("the fixture root reads");
    for report in [
        response.verify(HEAD, Some(&roots)),
        response.verify(HEAD, None),
    ] {
        if matches!(
            report.outcome,
            TstOutcome::Trusted { .. } | TstOutcome::SignerNotChecked
        ) {
            let token = report
                .token
                .as_ref()
                .expect("a verified report states its token");
            let imprint = token
                .imprint_algorithm
                .expect("a verified imprint has a known algorithm");
            assert_eq!(token.imprint_hex, hex_of(&imprint.digest(HEAD)));
            assert!(report.status.map_or(true, |status| status.is_granted()));
            assert!(report.signer.is_some(), "a verified token names its signer");
        }
    }
});

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

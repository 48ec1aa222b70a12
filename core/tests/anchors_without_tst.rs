//! A build without the `tst` feature (the npm package's main module) checks no anchor
//! proof itself: given no verifier it carries them unchecked and says so; it refuses
//! Bitcoin headers and TSA roots rather than ignoring them.
#![cfg(not(feature = "tst"))]

use nexuscone_core::anchor::TrackStatus;
use nexuscone_core::input::{self, Hint, Trust, TrustError, TrustKind};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../fixtures/ledgers/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn proofs_are_not_checked_and_the_anchors_not_verified_limit_names_them() {
    let report =
        input::verify(&fixture("anchored.bundle.json"), Hint::None, &Trust::new()).unwrap();
    assert!(report.valid);
    let tokens = report.anchors.iter().filter_map(|a| a.tst.as_ref());
    let proofs = report.anchors.iter().filter_map(|a| a.ots.as_ref());
    let tracks: Vec<_> = tokens.chain(proofs).collect();
    assert_eq!(tracks.len(), 8);
    assert!(tracks
        .iter()
        .all(|t| t.status == TrackStatus::NotChecked && t.kind == "proofs_not_loaded"));
    assert!(report.anchors.iter().all(|a| a.covers.is_none()));
    let limit = report
        .limits
        .iter()
        .find(|l| l.kind.as_str() == "anchors_not_verified")
        .unwrap();
    assert!(
        limit.message.starts_with("anchors 1, 2, 3, 4, 5:"),
        "{}",
        limit.message
    );
}

#[test]
fn bitcoin_headers_and_tsa_roots_are_refused_rather_than_ignored() {
    for (kind, file) in [
        (TrustKind::TsaRoots, "anchored.tsa-roots.pem"),
        (TrustKind::BitcoinHeaders, "anchored.bitcoin-headers"),
    ] {
        let error = Trust::new().add(kind, &fixture(file), file).unwrap_err();
        assert!(
            matches!(error, TrustError::AnchorTrustUnsupported { .. }),
            "{error}"
        );
    }
}

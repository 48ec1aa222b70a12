//! A build without the `tst` feature (the npm package's main module) carries RFC 3161
//! tokens without verifying them unless it is given a token verifier, and says so; it
//! refuses TSA roots rather than ignoring them.
#![cfg(not(feature = "tst"))]

use nexuscone_core::anchor::TrackStatus;
use nexuscone_core::input::{self, Hint, Trust, TrustError, TrustKind};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../fixtures/ledgers/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn tokens_are_not_checked_and_the_anchors_not_verified_limit_names_them() {
    let report =
        input::verify(&fixture("anchored.bundle.json"), Hint::None, &Trust::new()).unwrap();
    assert!(report.valid);
    let tracks: Vec<_> = report
        .anchors
        .iter()
        .filter_map(|a| a.tst.as_ref())
        .collect();
    assert_eq!(tracks.len(), 4);
    assert!(tracks
        .iter()
        .all(|t| t.status == TrackStatus::NotChecked && t.kind == "tst_not_loaded"));
    let limit = report
        .limits
        .iter()
        .find(|l| l.kind.as_str() == "anchors_not_verified")
        .unwrap();
    assert!(
        limit.message.starts_with("anchors 1, 2, 3, 4:"),
        "{}",
        limit.message
    );
}

#[test]
fn tsa_roots_are_refused_rather_than_ignored() {
    let error = Trust::new()
        .add(
            TrustKind::TsaRoots,
            &fixture("anchored.tsa-roots.pem"),
            "roots.pem",
        )
        .unwrap_err();
    assert!(
        matches!(error, TrustError::TsaRootsUnsupported { .. }),
        "{error}"
    );
}

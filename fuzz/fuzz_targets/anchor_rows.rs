//! Any bytes as a carried `anchors` row (the JSON object a bundle or SQLite database
//! gives `core::anchor`), checked with the anchored fixture's Bitcoin headers and TSA
//! roots and bound to an entry with the row's own head hash, then to another. Never a
//! panic; an anchor is verified only when bound with a verified track, and failed
//! exactly when it has a problem.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use nexuscone_core::anchor::row::AnchorRow;
use nexuscone_core::anchor::{AnchorCheck, Binding, LocalProofs, TrackStatus};
use nexuscone_core::bitcoin::HeaderSet;
use nexuscone_core::canonical;
use nexuscone_core::tst::TsaRoots;

fn trust() -> &'static (HeaderSet, TsaRoots) {
    static TRUST: OnceLock<(HeaderSet, TsaRoots)> = OnceLock::new();
    TRUST.get_or_init(|| {
        let headers = include_str!("../../fixtures/ledgers/anchored.bitcoin-headers");
        let roots = include_bytes!("../../fixtures/ledgers/anchored.tsa-roots.pem");
        (
            HeaderSet::parse(headers).unwrap(),
            TsaRoots::parse(roots).unwrap(),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = canonical::parse(data) else {
        return;
    };
    let (headers, roots) = trust();
    let proofs = LocalProofs {
        headers: Some(headers),
        roots: Some(roots),
    };
    for same_hash in [true, false] {
        let mut check = AnchorCheck::new(AnchorRow::from_value(&value), 1, Some(&proofs));
        if let Some(id) = check.head_entry_id() {
            let hash = match same_hash {
                true => check.row.chain_head_hash.clone(),
                false => "00".repeat(32),
            };
            check.bind(id, &hash);
        }
        let summary = check.summary(Some(1), Some(i64::MAX));
        let has_problems = summary.problems().next().is_some();
        assert_eq!(summary.status == TrackStatus::Failed, has_problems);
        if summary.status == TrackStatus::Verified {
            assert_eq!(summary.binding, Binding::Bound);
            assert!(summary.covers.is_some());
        }
    }
});

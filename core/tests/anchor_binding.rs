//! Anchors through the input layer, without the CLI: what each trust input adds, and
//! rows edited in ways the fixtures' tampers do not cover. The real library's anchored
//! ledgers and their tampers are judged in `cli/tests/python_verdicts.rs`.
#![cfg(feature = "tst")]

use std::rc::Rc;

use nexuscone_core::anchor::{
    AnchorCheck, AnchorRow, AnchorSummary, Binding, LocalProofs, ProofVerifier, TrackStatus, Tracks,
};
use nexuscone_core::bitcoin::HeaderSet;
use nexuscone_core::export::Row;
use nexuscone_core::input::{
    self, Carried, Format, Hint, InputError, Sink, Trust, TrustError, TrustKind,
};
use nexuscone_core::report::Report;
use nexuscone_core::tst::TsaRoots;
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../fixtures/ledgers/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn trust(kinds: &[TrustKind]) -> Trust {
    let mut trust = Trust::new();
    for &kind in kinds {
        let file = match kind {
            TrustKind::BitcoinHeaders => "anchored.bitcoin-headers",
            _ => "anchored.tsa-roots.pem",
        };
        trust.add(kind, &fixture(file), file).unwrap();
    }
    trust
}

fn verify(bundle: &[u8], trust: &Trust) -> Report {
    input::verify(bundle, Hint::None, trust).unwrap()
}

fn anchor(report: &Report, id: i64) -> &AnchorSummary {
    report.anchors.iter().find(|a| a.anchor_id == id).unwrap()
}

fn limit_kinds(report: &Report) -> Vec<&'static str> {
    report.limits.iter().map(|l| l.kind.as_str()).collect()
}

/// The anchored bundle with `edit` applied to its anchor rows.
fn edited(edit: impl FnOnce(&mut Vec<Value>)) -> Vec<u8> {
    let mut bundle: Value = serde_json::from_slice(&fixture("anchored.bundle.json")).unwrap();
    edit(bundle["anchors"].as_array_mut().unwrap());
    bundle.to_string().into_bytes()
}

#[test]
fn without_trust_inputs_anchors_are_bound_but_not_checked_and_limits_say_what_is_missing() {
    let report = verify(&fixture("anchored.bundle.json"), &Trust::new());
    assert!(report.valid);
    for id in [1, 2, 4] {
        let summary = anchor(&report, id);
        assert_eq!(summary.binding, Binding::Bound);
        assert_eq!(summary.status, TrackStatus::NotChecked);
        let ots = summary.ots.as_ref().unwrap();
        assert_eq!(ots.kind, "not_checked_against_bitcoin");
        assert!(
            ots.message.contains("— not checked against Bitcoin"),
            "{}",
            ots.message
        );
        assert_eq!(summary.tst.as_ref().unwrap().kind, "signer_not_checked");
        assert!(summary.covers.is_none());
    }
    let limits = limit_kinds(&report);
    assert!(limits.contains(&"anchors_not_checked_against_bitcoin"));
    assert!(limits.contains(&"anchors_tsa_signer_not_checked"));
    assert!(limits.contains(&"anchors_pending"));
    assert!(!limits.contains(&"anchors_not_verified"));
}

#[test]
fn headers_alone_verify_the_bitcoin_track_and_the_anchor_covers_entries_up_to_its_head() {
    let report = verify(
        &fixture("anchored.bundle.json"),
        &trust(&[TrustKind::BitcoinHeaders]),
    );
    let first = anchor(&report, 1);
    assert_eq!(first.status, TrackStatus::Verified);
    assert_eq!(first.ots.as_ref().unwrap().status, TrackStatus::Verified);
    assert_eq!(first.tst.as_ref().unwrap().status, TrackStatus::NotChecked);
    let covers = first.covers.as_ref().unwrap();
    assert_eq!((covers.first_entry_id, covers.last_entry_id), (1, 6));
    assert_eq!(
        covers.existed_by,
        first.ots.as_ref().unwrap().existed_by.clone().unwrap()
    );
    // Anchor 3 has a token only: without roots it proves no time.
    assert_eq!(anchor(&report, 3).status, TrackStatus::NotChecked);
    assert!(!limit_kinds(&report).contains(&"anchors_not_checked_against_bitcoin"));
}

#[test]
fn an_anchor_naming_an_entry_past_the_end_is_a_cut_off_tail() {
    let bundle = edited(|anchors| anchors[0]["chain_head_entry_id"] = 99.into());
    let report = verify(&bundle, &Trust::new());
    assert!(!report.valid);
    let summary = anchor(&report, 1);
    assert_eq!(
        (summary.binding, summary.status),
        (Binding::PastEnd, TrackStatus::Failed)
    );
    let finding = report
        .failures
        .iter()
        .find(|f| f.anchor_id == Some(1))
        .unwrap();
    assert_eq!(finding.kind.as_str(), "anchor_binding");
    assert!(
        finding.message.contains("ends at entry 32"),
        "{}",
        finding.message
    );
}

#[test]
fn a_row_without_either_proof_fails_rather_than_vanishing() {
    let bundle = edited(|anchors| {
        for column in ["ots_proof_blob", "tst_blob", "tsa_gen_time"] {
            anchors[2][column] = Value::Null;
        }
    });
    let report = verify(&bundle, &Trust::new());
    let summary = anchor(&report, 3);
    assert_eq!(summary.status, TrackStatus::Failed);
    assert_eq!(summary.binding_problem.as_ref().unwrap().kind, "no_proof");
}

#[test]
fn a_head_hash_that_is_not_hex_is_an_unreadable_binding_at_that_anchor() {
    let bundle = edited(|anchors| anchors[1]["chain_head_hash"] = "not hex".into());
    let report = verify(&bundle, &Trust::new());
    assert_eq!(anchor(&report, 2).binding, Binding::Unreadable);
    assert!(report.failures.iter().any(|f| f.anchor_id == Some(2)));
}

#[test]
fn unreadable_headers_and_roots_are_refused_naming_the_input_and_line() {
    let mut trust = Trust::new();
    let error = trust
        .add(TrustKind::BitcoinHeaders, b"# ok\n253 zz\n", "headers.txt")
        .unwrap_err();
    assert!(
        matches!(&error, TrustError::BitcoinHeaders { input, error } if input == "headers.txt" && error.line == 2)
    );
    let error = trust
        .add(TrustKind::TsaRoots, b"no pem here", "roots.pem")
        .unwrap_err();
    assert!(error.to_string().starts_with("roots.pem: "), "{error}");
}

#[test]
fn headers_from_two_inputs_add_up() {
    let text = String::from_utf8(fixture("anchored.bitcoin-headers")).unwrap();
    let (first, second) = text.split_once('\n').unwrap();
    let mut trust = Trust::new();
    trust
        .add(TrustKind::BitcoinHeaders, first.as_bytes(), "a")
        .unwrap();
    trust
        .add(TrustKind::BitcoinHeaders, second.as_bytes(), "b")
        .unwrap();
    assert_eq!(trust.bitcoin_headers().unwrap().headers().len(), 2);
    let report = verify(&fixture("anchored.bundle.json"), &trust);
    assert_eq!(
        anchor(&report, 4).ots.as_ref().unwrap().status,
        TrackStatus::Verified
    );
}

/// Core's verifier with the row and the tracks serialised and read back on the way, as
/// the npm package's main WebAssembly module hands them to the second and back.
#[derive(Debug)]
struct Serialised {
    headers: HeaderSet,
    roots: Option<TsaRoots>,
}

impl ProofVerifier for Serialised {
    fn tracks(&self, row: &AnchorRow, head: &[u8; 32]) -> Option<Tracks> {
        let row: AnchorRow = serde_json::from_value(serde_json::to_value(row).unwrap()).unwrap();
        let local = LocalProofs {
            headers: Some(&self.headers),
            roots: self.roots.as_ref(),
        };
        let tracks = serde_json::to_value(local.tracks(&row, head)?).unwrap();
        Some(serde_json::from_value(tracks).unwrap())
    }
}

#[test]
fn a_proof_verifier_supplied_from_elsewhere_gives_the_report_of_cores_own() {
    let headers = std::str::from_utf8(&fixture("anchored.bitcoin-headers"))
        .unwrap()
        .to_owned();
    let roots = TsaRoots::parse(&fixture("anchored.tsa-roots.pem")).unwrap();
    let ledgers = [
        "anchored",
        "tamper_anchor_tst_sig",
        "tamper_anchor_ots_path_byte",
        "tamper_anchor_head_hash",
    ];
    for ledger in ledgers {
        let bundle = fixture(&format!("{ledger}.bundle.json"));
        for with_roots in [false, true] {
            let own = match with_roots {
                true => trust(&[TrustKind::BitcoinHeaders, TrustKind::TsaRoots]),
                false => trust(&[TrustKind::BitcoinHeaders]),
            };
            let mut supplied = Trust::new();
            supplied.set_proof_verifier(Rc::new(Serialised {
                headers: HeaderSet::parse(&headers).unwrap(),
                roots: with_roots.then(|| roots.clone()),
            }));
            let own = serde_json::to_value(verify(&bundle, &own)).unwrap();
            let supplied = serde_json::to_value(verify(&bundle, &supplied)).unwrap();
            assert_eq!(own, supplied, "{ledger}, roots: {with_roots}");
        }
    }
}

/// The anchor rows of a fixture ledger's bundle, as the input layer reads them.
fn anchor_rows(ledger: &str) -> Vec<AnchorRow> {
    struct Rows(Vec<AnchorRow>);
    impl Sink for Rows {
        type Error = InputError;
        fn begin(&mut self, _: Format, carried: Carried) -> Result<(), InputError> {
            self.0 = carried.anchor_rows().collect();
            Ok(())
        }
        fn row(&mut self, _: &Row) -> Result<(), InputError> {
            Ok(())
        }
    }
    let mut rows = Rows(Vec::new());
    let bundle = fixture(&format!("{ledger}.bundle.json"));
    input::read(&bundle, Hint::None, &mut rows).unwrap();
    assert!(!rows.0.is_empty(), "{ledger}");
    rows.0
}

const PROOF_LEDGERS: [&str; 4] = [
    "anchored",
    "tamper_anchor_tst_sig",
    "tamper_anchor_ots_path_byte",
    "tamper_anchor_head_hash",
];

#[test]
fn proofs_checked_apart_from_the_entries_give_the_anchor_checked_in_place() {
    let trust = trust(&[TrustKind::BitcoinHeaders, TrustKind::TsaRoots]);
    let proofs = trust.local_proofs();
    let proofs = Some(&proofs as &dyn ProofVerifier);
    for ledger in PROOF_LEDGERS {
        for (row, position) in anchor_rows(ledger).into_iter().zip(1..) {
            let in_place = AnchorCheck::new(row.clone(), position, proofs);
            let mut apart = AnchorCheck::pending(row.clone(), position);
            apart.set_tracks(AnchorCheck::check_proofs(&row, proofs));
            assert_eq!(apart, in_place, "{ledger}, anchor {position}");
        }
    }
}

#[test]
fn an_anchor_whose_proofs_were_never_put_in_is_not_verified() {
    for (row, position) in anchor_rows("anchored").into_iter().zip(1..) {
        let mut pending = AnchorCheck::pending(row.clone(), position);
        pending.bind(row.chain_head_entry_id.unwrap(), &row.chain_head_hash);
        let summary = pending.summary(Some(1), row.chain_head_entry_id);
        assert_ne!(summary.status, TrackStatus::Verified, "anchor {position}");
        assert!(summary.covers.is_none(), "anchor {position}");
        for track in summary.tracks() {
            assert_eq!(track.status, TrackStatus::NotChecked, "anchor {position}");
        }
    }
}

#[cfg(feature = "parallel")]
#[test]
fn proofs_checked_on_their_own_thread_give_the_tracks_checked_in_place() {
    use nexuscone_core::anchor::BackgroundProofs;
    let trust = trust(&[TrustKind::BitcoinHeaders, TrustKind::TsaRoots]);
    let proofs = trust.local_proofs();
    for ledger in PROOF_LEDGERS {
        let rows = anchor_rows(ledger);
        let in_place: Vec<Tracks> = rows
            .iter()
            .map(|row| AnchorCheck::check_proofs(row, Some(&proofs)))
            .collect();
        let headers = trust.bitcoin_headers().cloned();
        let roots = trust.tsa_roots().cloned();
        let background = BackgroundProofs::start(rows, headers, roots).finish();
        assert_eq!(background, in_place, "{ledger}");
    }
}

//! Crashes found by fuzzing (`fuzz/`) and by the CLI's hostile-input tests, and
//! wording bugs, each kept as the property it broke. `docs/TESTING.md` lists where each came from.

use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::entry::{Entry, GENESIS_PREVIOUS_HASH};
use nexuscone_core::report::{LimitKind, Report};

fn entry(entry_id: i64) -> Entry {
    Entry {
        entry_id,
        timestamp: "t".to_owned(),
        actor: "a".to_owned(),
        action: "b".to_owned(),
        event_type: None,
        format_version: None,
        payload: "{}".to_owned(),
        previous_hash: GENESIS_PREVIOUS_HASH.to_owned(),
        entry_hash: "00".repeat(32),
        signature: None,
        signing_key_id: None,
        payload_hash: None,
        payload_salt: None,
    }
}

fn verify(ids: &[i64]) -> Report {
    let mut verifier = ChainVerifier::new(VerifyOptions::default());
    for &id in ids {
        verifier.push(&entry(id));
    }
    verifier.finish()
}

/// `coverage` computed `run.first - 1` for the empty witnessed part of a run,
/// which overflowed (a panic in debug builds) for an entry id of `i64::MIN`.
#[test]
fn coverage_of_entry_ids_at_the_i64_limits_does_not_overflow() {
    for ids in [
        vec![i64::MIN],
        vec![i64::MAX],
        vec![i64::MIN, i64::MAX],
        vec![i64::MAX, i64::MIN],
        vec![i64::MIN, i64::MIN + 1],
    ] {
        let report = verify(&ids);
        assert!(!report.valid, "{ids:?}");
        assert_eq!(report.entries, ids.len() as u64);
        let c = &report.coverage;
        let counted = c.signed_and_witnessed + c.signed_only + c.witnessed_only + c.unprotected;
        assert_eq!(
            counted,
            ids.len() as u64,
            "{ids:?}: every entry is counted once"
        );
    }
}

/// Limits counted "1 entries are …": a count and its words agree.
#[test]
fn a_count_of_one_reads_in_the_singular() {
    let unprotected = |ids: &[i64]| {
        verify(ids)
            .limits
            .into_iter()
            .find(|l| l.kind == LimitKind::UnprotectedTail)
            .expect("an unsigned, unwitnessed ledger has an unprotected tail")
            .message
    };
    assert!(unprotected(&[1]).starts_with("1 entry is protected by neither"));
    assert!(unprotected(&[1, 2]).starts_with("2 entries are protected by neither"));
}

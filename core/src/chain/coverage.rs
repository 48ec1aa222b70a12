//! Coverage: which runs of entries a verified signature, a later witness
//! attestation, both or neither protect.

use crate::report::{Coverage, Protection, Runs};

/// The coverage of the signed/unsigned runs `signed_runs`, with witness
/// attestations protecting every entry up to `horizon`.
pub(super) fn coverage(signed_runs: &Runs<bool>, horizon: Option<i64>) -> Coverage {
    let mut coverage = Coverage::default();
    for run in &signed_runs.0 {
        for (first, last, witnessed) in split(run.first, run.last, horizon) {
            add(&mut coverage, first, last, protection(run.value, witnessed));
        }
    }
    coverage
}

/// Splits `first..=last` at the witness horizon into its witnessed part and the rest.
fn split(first: i64, last: i64, horizon: Option<i64>) -> impl Iterator<Item = (i64, i64, bool)> {
    // No `first - 1`: entry ids may be `i64::MIN`.
    let split = horizon.filter(|&h| h >= first).map(|h| h.min(last));
    let witnessed = split.map(|split| (first, split, true));
    let unwitnessed = match split {
        None => Some((first, last, false)),
        Some(split) if split < last => Some((split + 1, last, false)),
        Some(_) => None,
    };
    witnessed.into_iter().chain(unwitnessed)
}

fn protection(signed: bool, witnessed: bool) -> Protection {
    match (signed, witnessed) {
        (true, true) => Protection::SignedAndWitnessed,
        (true, false) => Protection::Signed,
        (false, true) => Protection::Witnessed,
        (false, false) => Protection::Nothing,
    }
}

fn add(coverage: &mut Coverage, first: i64, last: i64, protection: Protection) {
    let count = last.abs_diff(first) + 1;
    *match protection {
        Protection::SignedAndWitnessed => &mut coverage.signed_and_witnessed,
        Protection::Signed => &mut coverage.signed_only,
        Protection::Witnessed => &mut coverage.witnessed_only,
        Protection::Nothing => &mut coverage.unprotected,
    } += count;
    coverage.runs.push_run(first, last, protection);
}

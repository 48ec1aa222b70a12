//! The RFC 3161 track of an anchor (SPEC §9): the stored `TimeStampResp` verified for the
//! raw 32 head bytes by the [`TokenVerifier`] supplied, with a SHA-256 imprint as
//! nexuscone 0.2.1 requires, and the stored `tsa_gen_time` compared with the token's
//! `genTime` at whole seconds (the library drops the fraction when it stores it).

use crate::report::FindingKind;

use super::row::AnchorRow;
use super::token::{TokenVerdict, TokenVerifier};
use super::track::{Problem, Track, TrackStatus};

/// The RFC 3161 track, or `None` when the row holds no token. Without a verifier the
/// token is carried, not checked.
pub(super) fn check(
    row: &AnchorRow,
    head: &[u8; 32],
    verifier: Option<&dyn TokenVerifier>,
) -> Option<Track> {
    let der = row.tst.as_ref()?;
    let Some(verifier) = verifier else {
        let message = "the RFC 3161 verifier is not loaded: the time-stamp token was not checked";
        return Some(Track::holds(
            TrackStatus::NotChecked,
            "tst_not_loaded",
            message.to_owned(),
        ));
    };
    let verdict = verifier.verify(der, head);
    let problems = problems(row, &verdict);
    if problems.is_empty() {
        Some(holds(&verdict))
    } else {
        Some(Track::failed(problems))
    }
}

/// Everything wrong with the token for this row.
fn problems(row: &AnchorRow, verdict: &TokenVerdict) -> Vec<Problem> {
    let id = row.anchor_id;
    let problem = |finding, kind, message: String| {
        Problem::new(finding, kind, format!("anchor {id}: {message}"))
    };
    let proof = FindingKind::AnchorProof;
    let mut problems = Vec::new();
    match verdict.outcome.as_str() {
        "trusted" | "signer_not_checked" => {}
        "unreadable" => {
            let message = format!("the time-stamp token does not read: {}", verdict.detail);
            return vec![problem(proof, "tst_unreadable", message)];
        }
        kind => {
            let message = format!("the time-stamp token fails: {}", verdict.detail);
            problems.push(problem(proof, kind, message));
        }
    }
    if let Some(oid) = verdict.imprint_oid.as_deref() {
        if !verdict.imprint_sha256 {
            let message =
                format!("the token's imprint uses {oid}, not SHA-256 as nexuscone requires");
            problems.push(problem(proof, "imprint_not_sha256", message));
        }
    }
    if let Some(message) = gen_time_column(row, verdict) {
        problems.push(problem(FindingKind::AnchorColumn, "gen_time_column", message));
    }
    problems
}

/// A sentence when the stored `tsa_gen_time` is not the token's `genTime` at whole seconds.
fn gen_time_column(row: &AnchorRow, verdict: &TokenVerdict) -> Option<String> {
    let stored = row.tsa_gen_time.as_deref()?;
    let token_time = verdict.gen_time.as_deref()?;
    let seconds = |text: &str| text.get(..19).map(str::to_owned);
    (seconds(stored).is_none() || seconds(stored) != seconds(token_time))
        .then(|| format!("tsa_gen_time is {stored}, but the token's genTime is {token_time}"))
}

/// The track of a token that passed every check it was given.
fn holds(verdict: &TokenVerdict) -> Track {
    let at = verdict.gen_time.clone().unwrap_or_default();
    let signer = verdict.signer.as_deref().unwrap_or("");
    if verdict.outcome == "trusted" {
        let root = &verdict.detail;
        let message = format!("the TSA {signer}, chaining to the trusted root {root}, time-stamped the head at {at}");
        let mut track = Track::holds(TrackStatus::Verified, "trusted", message);
        track.existed_by = Some(at);
        track.existed_by_unix = verdict.gen_time_unix;
        return track;
    }
    let message = format!("the signature of {signer} on genTime {at} is valid; the signer was not checked against a trusted TSA root");
    Track::holds(TrackStatus::NotChecked, "signer_not_checked", message)
}

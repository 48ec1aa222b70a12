//! The RFC 3161 track of an anchor (SPEC §9): the stored `TimeStampResp` verified for the
//! raw 32 head bytes, with a SHA-256 imprint as nexuscone 0.2.1 requires, and the stored
//! `tsa_gen_time` compared with the token's `genTime` at whole seconds (the library drops
//! the fraction when it stores it).

use crate::report::FindingKind;
use crate::tst::{self, DigestAlgorithm, TokenFacts, TsaRoots, TstOutcome, TstReport};

use super::row::AnchorRow;
use super::track::{Problem, Track, TrackStatus};

/// The RFC 3161 track, or `None` when the row holds no token.
pub(super) fn check(row: &AnchorRow, head: &[u8; 32], roots: Option<&TsaRoots>) -> Option<Track> {
    let der = row.tst.as_ref()?;
    let id = row.anchor_id;
    let problem = |finding, kind, message: String| {
        Problem::new(finding, kind, format!("anchor {id}: {message}"))
    };
    let report = match tst::verify(der, head, roots) {
        Ok(report) => report,
        Err(error) => {
            let message = format!("the time-stamp token does not read: {error}");
            return Some(Track::failed(vec![problem(
                FindingKind::AnchorProof,
                "tst_unreadable",
                message,
            )]));
        }
    };
    let mut problems = Vec::new();
    if let TstOutcome::Failed(failure) = &report.outcome {
        let message = format!("the time-stamp token fails: {failure}");
        problems.push(problem(FindingKind::AnchorProof, failure.kind(), message));
    }
    if let Some(token) = &report.token {
        if token.imprint_algorithm != Some(DigestAlgorithm::Sha256) {
            let message = format!(
                "the token's imprint uses {}, not SHA-256 as nexuscone requires",
                token.imprint_oid
            );
            problems.push(problem(
                FindingKind::AnchorProof,
                "imprint_not_sha256",
                message,
            ));
        }
        if let Some(message) = gen_time_column(row, token) {
            problems.push(problem(
                FindingKind::AnchorColumn,
                "gen_time_column",
                message,
            ));
        }
    }
    if !problems.is_empty() {
        return Some(Track::failed(problems));
    }
    Some(verdict(&report))
}

/// A sentence when the stored `tsa_gen_time` is not the token's `genTime` at whole seconds.
fn gen_time_column(row: &AnchorRow, token: &TokenFacts) -> Option<String> {
    let stored = row.tsa_gen_time.as_deref()?;
    let token_time = token.gen_time.rfc3339();
    let seconds = |text: &str| text.get(..19).map(str::to_owned);
    (seconds(stored).is_none() || seconds(stored) != seconds(&token_time))
        .then(|| format!("tsa_gen_time is {stored}, but the token's genTime is {token_time}"))
}

/// The track of a token that passed every check it was given.
fn verdict(report: &TstReport) -> Track {
    let gen_time = report.token.as_ref().map(|t| &t.gen_time);
    let at = gen_time.map_or_else(String::new, |g| g.rfc3339());
    let signer = report.signer.as_ref().map_or("", |s| s.subject.as_str());
    match &report.outcome {
        TstOutcome::Trusted { root } => {
            let message = format!("the TSA {signer}, chaining to the trusted root {root}, time-stamped the head at {at}");
            let mut track = Track::holds(TrackStatus::Verified, "trusted", message);
            track.existed_by = Some(at);
            track.existed_by_unix = gen_time.map(|g| g.unix_seconds());
            track
        }
        _ => {
            let message = format!("the signature of {signer} on genTime {at} is valid; the signer was not checked against a trusted TSA root");
            Track::holds(TrackStatus::NotChecked, "signer_not_checked", message)
        }
    }
}

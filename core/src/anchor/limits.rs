//! What the anchors of a report leave unproven, as the report's limits: tracks that need
//! a trust input the user did not supply, pending proofs, and test-network headers.

use crate::report::{Limit, LimitKind};

use super::binding::AnchorSummary;

/// The limits for `anchors` (empty when every anchor is verified or failed).
pub fn limits(anchors: &[AnchorSummary]) -> Vec<Limit> {
    let tracks_of = |kind: &str| {
        anchors
            .iter()
            .filter(|a| a.tracks().any(|t| t.kind == kind))
            .map(|a| a.anchor_id.to_string())
            .collect::<Vec<_>>()
    };
    let mut limits = Vec::new();
    let mut limit = |ids: Vec<String>, kind: LimitKind, what: &str| {
        if !ids.is_empty() {
            let message = format!(
                "{} {}: {what}",
                plural(ids.len(), "anchor", "anchors"),
                ids.join(", ")
            );
            limits.push(Limit { kind, message });
        }
    };
    limit(
        tracks_of("not_checked_against_bitcoin"),
        LimitKind::AnchorsNotCheckedAgainstBitcoin,
        "the OpenTimestamps proofs commit to Bitcoin merkle roots that were not checked against block headers, nor were the stored block hashes",
    );
    limit(
        tracks_of("signer_not_checked"),
        LimitKind::AnchorsTsaSignerNotChecked,
        "the time-stamp tokens are signed validly, but the signer was not checked against a trusted TSA root: anyone can make such a certificate",
    );
    limit(
        tracks_of("pending"),
        LimitKind::AnchorsPending,
        "the OpenTimestamps proofs are pending: completing them needs a calendar and the network, which the verifier never uses",
    );
    limit(
        tracks_of("bitcoin_test_difficulty"),
        LimitKind::AnchorsTestDifficulty,
        "the Bitcoin headers that confirm them are below mainnet difficulty (a test network): they cost almost nothing to make",
    );
    limit(
        tracks_of("proofs_not_loaded"),
        LimitKind::AnchorsNotVerified,
        "the anchor proof verifier was not loaded, so their proofs were not checked",
    );
    limits
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

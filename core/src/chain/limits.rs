//! Limits: what a verification that found nothing wrong still could not show.

use crate::checkpoint::Checkpoint;
use crate::report::{Limit, LimitKind};

/// What the limits are decided on, gathered when the stream ends.
#[derive(Debug)]
pub(super) struct Facts<'a> {
    pub(super) entries: u64,
    /// Signed entries whose key nobody supplied.
    pub(super) signatures_unchecked: u64,
    /// Signatures verified only against keys the ledger carries itself.
    pub(super) self_asserted_signatures: bool,
    /// The number of witness keys taken from the ledger itself (0 when the caller
    /// supplied trusted ones).
    pub(super) self_asserted_witness_keys: u64,
    pub(super) unprotected: u64,
    /// The newest entry a counted witness attestation covers.
    pub(super) horizon: Option<i64>,
    pub(super) format1_entries: u64,
    pub(super) canonicalised_payloads: u64,
    pub(super) redacted_v12: u64,
    pub(super) redacted_v3: u64,
    pub(super) checkpoint: Option<&'a Checkpoint>,
}

/// The limits, in the order the report lists them.
pub(super) fn limits(facts: &Facts<'_>) -> Vec<Limit> {
    [
        signatures_unchecked(facts),
        self_asserted_signatures(facts),
        self_asserted_witness_keys(facts),
        unprotected_tail(facts),
        format1(facts),
        canonicalised(facts),
        redacted_v12(facts),
        redacted_v3(facts),
        checkpoint(facts),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn limit(kind: LimitKind, message: String) -> Option<Limit> {
    Some(Limit { kind, message })
}

/// `n` followed by the words that agree with it: `1 entry is`, `3 entries are`.
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn signatures_unchecked(facts: &Facts<'_>) -> Option<Limit> {
    let unchecked = facts.signatures_unchecked;
    if unchecked == 0 {
        return None;
    }
    limit(
        LimitKind::SignaturesUnchecked,
        format!(
            "{unchecked} signed entries were not signature-checked: no public keys were supplied"
        ),
    )
}

fn self_asserted_signatures(facts: &Facts<'_>) -> Option<Limit> {
    if !facts.self_asserted_signatures {
        return None;
    }
    limit(
        LimitKind::SelfAssertedSigningKeys,
        "entry signatures were checked against public keys shipped inside the ledger file itself; supply the keys you trust to rely on them".to_owned(),
    )
}

fn self_asserted_witness_keys(facts: &Facts<'_>) -> Option<Limit> {
    let keys = facts.self_asserted_witness_keys;
    if keys == 0 {
        return None;
    }
    limit(
        LimitKind::SelfAssertedWitnessKeys,
        format!(
            "witness signatures were checked against the {} stored in the ledger itself, which whoever wrote the ledger chose; supply trusted witness keys to rely on them",
            count(keys, "public key", "public keys")
        ),
    )
}

fn unprotected_tail(facts: &Facts<'_>) -> Option<Limit> {
    if facts.unprotected == 0 {
        return None;
    }
    let after = facts.horizon.map_or(
        "any witness attestation or verified anchor".to_owned(),
        |h| format!("the last witness attestation or verified anchor (entry {h})"),
    );
    limit(
        LimitKind::UnprotectedTail,
        format!(
            "{} protected by neither a verified signature nor a later witness attestation or verified anchor (all after {after}): they could have been rewritten, appended or cut off without trace",
            count(facts.unprotected, "entry is", "entries are")
        ),
    )
}

fn format1(facts: &Facts<'_>) -> Option<Limit> {
    if facts.format1_entries == 0 {
        return None;
    }
    limit(
        LimitKind::Format1EventType,
        format!(
            "{} hash format 1 (nexuscone 0.1.0), whose hash does not cover event_type: their event_type could have been changed without trace",
            count(facts.format1_entries, "entry uses", "entries use")
        ),
    )
}

fn canonicalised(facts: &Facts<'_>) -> Option<Limit> {
    if facts.canonicalised_payloads == 0 {
        return None;
    }
    limit(
        LimitKind::PayloadsCanonicalised,
        format!(
            "{} given as JSON objects, not as stored strings, and canonicalised before hashing: the hashes checked are those of the canonical form",
            count(facts.canonicalised_payloads, "payload was", "payloads were")
        ),
    )
}

fn redacted_v12(facts: &Facts<'_>) -> Option<Limit> {
    let n = facts.redacted_v12;
    if n == 0 {
        return None;
    }
    limit(
        LimitKind::RedactedEntries,
        format!(
            "{} redacted: their payload was erased, and because the payload string was an input of their entry_hash, their header fields (timestamp, actor, action, event_type) cannot be recomputed; their link, signature, Merkle leaf and redaction entry were verified",
            count(n, "entry (hash format 1 or 2) is", "entries (hash format 1 or 2) are")
        ),
    )
}

fn redacted_v3(facts: &Facts<'_>) -> Option<Limit> {
    let n = facts.redacted_v3;
    if n == 0 {
        return None;
    }
    limit(
        LimitKind::RedactedEntries,
        format!(
            "{} redacted: their payload was erased; every other field was verified against the salted payload commitment",
            count(n, "entry (hash format 3) is", "entries (hash format 3) are")
        ),
    )
}

fn checkpoint(facts: &Facts<'_>) -> Option<Limit> {
    let Some(checkpoint) = facts.checkpoint else {
        return limit(
            LimitKind::NoCheckpoint,
            "no checkpoint was supplied: nothing commits to the ledger's length, so deleted newest entries cannot be detected".to_owned(),
        );
    };
    let after = facts
        .entries
        .checked_sub(checkpoint.size)
        .filter(|&n| n > 0)?;
    limit(
        LimitKind::EntriesAfterCheckpoint,
        format!(
            "{} newer than checkpoint {} (tree size {}): nothing commits to them yet",
            count(after, "entry is", "entries are"),
            checkpoint.origin,
            checkpoint.size
        ),
    )
}

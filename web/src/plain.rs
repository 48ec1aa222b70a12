//! Plain words for the core's findings and assurance, for readers who are not
//! engineers: what happened, at which entry, and what it means. The core gives the
//! sentence data (a finding's stable `kind`, its entry, attestation and anchor); the
//! hashes stay in the core's own sentence, which the page shows on demand.

use nexuscone_core::anchor::{AnchorSummary, Problem, Track, TrackStatus};
use nexuscone_core::assurance::AssuranceLevel;
use nexuscone_core::report::{Finding, FindingKind, Report};

/// `1 entry`, `3 entries`: `n` with the noun that agrees with it.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    let word = if n == 1 { one } else { many };
    format!("{} {word}", crate::components::dom::count(n))
}

/// What a finding means, in a sentence without hashes. `last_entry_id` is the
/// ledger's last entry, to tell an entry that was changed from one that is gone.
pub fn finding(f: &Finding, last_entry_id: Option<i64>) -> String {
    let entry = f
        .entry_id
        .map_or("an entry".to_owned(), |e| format!("entry {e}"));
    let attestation = f
        .attestation_id
        .map_or("a witness attestation".to_owned(), |a| {
            format!("witness attestation {a}")
        });
    let anchor = f
        .anchor_id
        .map_or("an anchor".to_owned(), |a| format!("anchor {a}"));
    let gone = matches!((f.entry_id, last_entry_id), (Some(e), Some(l)) if e > l)
        || (f.entry_id.is_some() && last_entry_id.is_none());
    match f.kind {
        FindingKind::BrokenLink => format!("{entry} does not follow on from the entry before it: an earlier entry was changed, removed or inserted"),
        FindingKind::HashMismatch => format!("{entry} was changed after it was recorded: its content no longer matches its stored hash"),
        FindingKind::BadSignature => format!("{entry} does not match its signature: the entry or its signature was changed"),
        FindingKind::UnknownKey => format!("{entry} is signed with a key you did not supply, so who signed it is not known"),
        FindingKind::MissingSignature => format!("{entry} is not signed, though every entry must be"),
        FindingKind::UnknownFormat => format!("{entry} claims a format no version of Nexuscone writes, so it cannot be checked"),
        FindingKind::OutOfOrder => format!("{entry} is out of order or repeated: entries were reordered or duplicated"),
        FindingKind::MissingEntries => format!("entries before {entry} are missing: rows were deleted and the chain re-linked to hide it"),
        FindingKind::KeyIdWithoutSignature => format!("{entry} names a signing key but carries no signature"),
        FindingKind::FieldType => format!("{} holds a value of the wrong type (text where a number belongs, or similar): the row was edited outside Nexuscone", row_name(f)),
        FindingKind::LedgerKey => "a signing key this file carries is not a valid key, so the entries it signs cannot be checked: the key was damaged or edited".to_owned(),
        FindingKind::PayloadNotCanonical => format!("{entry} is not stored in the form Nexuscone writes: another program wrote it"),
        FindingKind::WitnessAttestation => format!("{attestation} fails its own checks: the attestation was forged or altered"),
        FindingKind::WitnessMismatch if gone => format!("{attestation} vouches for {entry}, which this file no longer holds: entries were removed after they were attested"),
        FindingKind::WitnessMismatch => format!("{attestation} vouched for a different {entry} than the one in this file: the entry or the attestation was changed after attesting"),
        FindingKind::CheckpointMismatch => "the ledger does not match the checkpoint you supplied: entries were removed or changed after it was signed".to_owned(),
        FindingKind::Redaction => format!("{entry} has a redaction that is not recorded as it must be"),
        FindingKind::PayloadCommitment => format!("{entry} was changed after it was recorded: its content does not match the commitment it was recorded with"),
        FindingKind::AnchorBinding if gone => format!("{anchor} was made for {entry}, which this file no longer holds: entries were cut off after they were anchored"),
        FindingKind::AnchorBinding => format!("{anchor} does not match {entry} in this file: entries were rewritten after they were anchored, or the anchor was edited"),
        FindingKind::AnchorProof => format!("{anchor} has a time-stamp proof that does not hold: the proof was altered or is not for this ledger"),
        FindingKind::AnchorColumn => format!("{anchor} records a block or time that its own proof contradicts: the anchor row was edited"),
    }
}

/// The row a `field_type` finding is at: an attestation, anchor or witness row, else
/// the entry.
fn row_name(f: &Finding) -> String {
    match (f.attestation_id, f.anchor_id, f.witness_id, f.entry_id) {
        (Some(a), ..) => format!("witness attestation {a}"),
        (_, Some(a), ..) => format!("anchor {a}"),
        (_, _, Some(w), _) => format!("witness {w}"),
        (_, _, _, Some(e)) => format!("entry {e}"),
        _ => "a witness, attestation or anchor row".to_owned(),
    }
}

/// A problem of an anchor as the finding the report gives for it.
pub fn anchor_finding(a: &AnchorSummary, p: &Problem) -> Finding {
    Finding {
        entry_id: a.chain_head_entry_id,
        attestation_id: None,
        anchor_id: Some(a.anchor_id),
        witness_id: None,
        kind: p.finding,
        message: p.message.clone(),
    }
}

/// Which proof of an anchor a track is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackName {
    /// The OpenTimestamps proof (Bitcoin).
    Ots,
    /// The RFC 3161 time-stamp token.
    Tst,
}

impl TrackName {
    /// The stable name used in the page (`data-track`).
    pub fn as_str(self) -> &'static str {
        match self {
            TrackName::Ots => "ots",
            TrackName::Tst => "tst",
        }
    }

    /// As words.
    pub fn label(self) -> &'static str {
        match self {
            TrackName::Ots => "Bitcoin (OpenTimestamps)",
            TrackName::Tst => "Time-stamp authority (RFC 3161)",
        }
    }
}

/// An anchor's status as one or two words.
pub fn anchor_status(status: TrackStatus) -> &'static str {
    match status {
        TrackStatus::Verified => "verified",
        TrackStatus::Failed => "failed",
        TrackStatus::Pending => "pending",
        TrackStatus::NotChecked => "not checked",
    }
}

/// A track's status in words: what was checked, or what would check it.
pub fn track_status(name: TrackName, track: &Track) -> &'static str {
    match (track.status, track.kind.as_str(), name) {
        (TrackStatus::Verified, "bitcoin_test_difficulty", _) => {
            "verified, against test-network headers"
        }
        (TrackStatus::Verified, ..) => "verified",
        (TrackStatus::Pending, ..) => "pending: completing it needs the network",
        (TrackStatus::Failed, ..) => "failed",
        (TrackStatus::NotChecked, "other_attestations", _) => {
            "not checkable: no Bitcoin attestation"
        }
        (TrackStatus::NotChecked, "proofs_not_loaded", _) => "not checked",
        (TrackStatus::NotChecked, _, TrackName::Ots) => {
            "not checkable without Bitcoin block headers"
        }
        (TrackStatus::NotChecked, _, TrackName::Tst) => {
            "not checkable without TSA root certificates"
        }
    }
}

/// What an anchor proves, in a sentence: the entries a verified anchor shows existed
/// and by when (core's [`Covered`] sentence), else why it proves nothing yet, in
/// core's words for each track.
pub fn anchor_proves(a: &AnchorSummary, last_entry_id: Option<i64>) -> String {
    let head = a
        .chain_head_entry_id
        .map_or("its head".to_owned(), |e| format!("entry {e}"));
    if let Some(covers) = &a.covers {
        return format!("Proves: {}.", covers.message);
    }
    match a.status {
        TrackStatus::Failed => {
            let first = a.problems().next().map(|p| anchor_finding(a, p));
            let why = first.map_or_else(String::new, |f| finding(&f, last_entry_id));
            format!("Proves nothing: {why}.")
        }
        TrackStatus::Pending => format!(
            "Proves nothing yet: the proof for {head} is pending, and completing it needs the network."
        ),
        _ => {
            let said: Vec<&str> = a
                .tracks()
                .filter(|t| t.status == TrackStatus::NotChecked)
                .map(|t| t.message.as_str())
                .collect();
            format!(
                "Proves nothing checked against what you supplied yet: {head} {}.",
                said.join("; ")
            )
        }
    }
}

/// The headline's first words for an assurance level.
pub fn level_words(level: AssuranceLevel) -> &'static str {
    match level {
        AssuranceLevel::Invalid => "INVALID",
        AssuranceLevel::Unprotected => "UNPROTECTED",
        AssuranceLevel::PartlyProtected => "PARTLY PROTECTED",
        AssuranceLevel::Protected => "PROTECTED",
    }
}

/// The headline: the assurance level, then what it means for this ledger. "Valid"
/// and "verified" only for what was checked against something the user supplied.
pub fn headline(report: &Report) -> String {
    let a = &report.assurance;
    let n = report.entries;
    let what = match a.level {
        AssuranceLevel::Invalid => format!(
            "{} in {}",
            plural(report.failures_total, "check failed", "checks failed"),
            plural(n, "entry", "entries")
        ),
        AssuranceLevel::Unprotected => format!(
            "{} consistent, but nothing you supplied protects {}: whoever holds this file could have rewritten it",
            plural(n, "entry is", "entries are"),
            if n == 1 { "it" } else { "them" }
        ),
        AssuranceLevel::PartlyProtected => format!(
            "{} of {} verified against what you supplied; {} protected by nothing",
            crate::components::dom::count(a.protected_entries),
            plural(n, "entry", "entries"),
            plural(a.unprotected_entries, "is", "are")
        ),
        AssuranceLevel::Protected => format!(
            "all {} verified against what you supplied",
            plural(n, "entry", "entries")
        ),
    };
    format!("{} · {what}", level_words(a.level))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(kind: FindingKind, entry_id: Option<i64>) -> Finding {
        Finding {
            entry_id,
            attestation_id: Some(2),
            anchor_id: Some(3),
            witness_id: None,
            kind,
            message: "recomputed d685… stored 3257…".to_owned(),
        }
    }

    #[test]
    fn a_changed_entry_is_said_in_plain_words_without_hashes() {
        let text = finding(&at(FindingKind::HashMismatch, Some(31)), Some(55));
        assert_eq!(text, "entry 31 was changed after it was recorded: its content no longer matches its stored hash");
    }

    #[test]
    fn a_witness_mismatch_past_the_end_says_entries_were_removed() {
        let removed = finding(&at(FindingKind::WitnessMismatch, Some(60)), Some(55));
        assert!(removed.contains("no longer holds"), "{removed}");
        let changed = finding(&at(FindingKind::WitnessMismatch, Some(30)), Some(55));
        assert!(
            changed.contains("the entry or the attestation was changed"),
            "{changed}"
        );
    }

    fn track(status: TrackStatus, kind: &str, message: &str) -> Track {
        Track {
            status,
            kind: kind.to_owned(),
            message: message.to_owned(),
            existed_by: None,
            existed_by_unix: None,
            problems: Vec::new(),
        }
    }

    fn anchored(ots: Option<Track>, tst: Option<Track>, status: TrackStatus) -> AnchorSummary {
        AnchorSummary {
            anchor_id: 4,
            chain_head_entry_id: Some(12),
            chain_head_hash: "ab".repeat(32),
            status,
            binding: nexuscone_core::anchor::Binding::Bound,
            field_types: Vec::new(),
            binding_problem: None,
            ots,
            tst,
            covers: None,
        }
    }

    #[test]
    fn an_anchor_without_trust_inputs_says_what_it_commits_to_and_what_would_check_it() {
        let ots = track(
            TrackStatus::NotChecked,
            "not_checked_against_bitcoin",
            "commits to merkle root 00ff of Bitcoin block 253 — not checked against Bitcoin",
        );
        let tst = track(TrackStatus::NotChecked, "signer_not_checked", "the signature of CN=TSA on genTime 2026 is valid; the signer was not checked against a trusted TSA root");
        let a = anchored(
            Some(ots.clone()),
            Some(tst.clone()),
            TrackStatus::NotChecked,
        );
        let proves = anchor_proves(&a, Some(20));
        assert!(proves.contains("entry 12 commits to merkle root 00ff of Bitcoin block 253 — not checked against Bitcoin"), "{proves}");
        assert!(proves.contains("the signer was not checked"), "{proves}");
        assert_eq!(
            track_status(TrackName::Ots, &ots),
            "not checkable without Bitcoin block headers"
        );
        assert_eq!(
            track_status(TrackName::Tst, &tst),
            "not checkable without TSA root certificates"
        );
    }

    #[test]
    fn a_verified_anchor_proves_which_entries_existed_by_when() {
        let mut a = anchored(
            Some(track(TrackStatus::Verified, "bitcoin", "…")),
            None,
            TrackStatus::Verified,
        );
        a.covers = Some(nexuscone_core::anchor::Covered {
            first_entry_id: 1,
            last_entry_id: 12,
            existed_by: "2026-12-03T23:08:59Z".to_owned(),
            existed_by_unix: 0,
            message: "entries 1..12 existed by 2026-12-03T23:08:59Z".to_owned(),
        });
        assert_eq!(
            anchor_proves(&a, Some(20)),
            "Proves: entries 1..12 existed by 2026-12-03T23:08:59Z."
        );
    }

    #[test]
    fn a_failed_anchor_says_why_in_plain_words_and_a_cut_tail_as_gone() {
        let mut a = anchored(None, None, TrackStatus::Failed);
        a.binding_problem = Some(nexuscone_core::anchor::Problem {
            finding: FindingKind::AnchorBinding,
            kind: "past_end".to_owned(),
            message: "anchor 4 names entry 12 …".to_owned(),
        });
        let proves = anchor_proves(&a, Some(9));
        assert!(
            proves.starts_with(
                "Proves nothing: anchor 4 was made for entry 12, which this file no longer holds"
            ),
            "{proves}"
        );
    }

    #[test]
    fn plurals_agree_with_their_count() {
        assert_eq!(plural(1, "failure", "failures"), "1 failure");
        assert_eq!(plural(2, "entry", "entries"), "2 entries");
    }
}

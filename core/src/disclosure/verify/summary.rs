//! What a disclosure leaves unproven, the verdict, and what it proves, in sentences.

use super::super::Disclosure;
use super::entries::Walk;
use super::report::{
    CheckpointOutcome, ConsistencyOutcome, DisclosureReport, DisclosureVerdict, EntryOutcome,
    NotProvenKind, SignatureState,
};
use super::Run;
use crate::checkpoint::Checkpoint;
use crate::report::EntryStatus;

/// The limits of a disclosure whose checks passed (`docs/SPEC.md` §7).
pub(super) fn not_proven(
    disclosure: &Disclosure,
    cp: &Checkpoint,
    walk: &Walk,
    self_asserted: bool,
    run: &mut Run,
) {
    if self_asserted && !disclosure.public_keys.is_empty() {
        run.limit(
            NotProvenKind::SelfAssertedSigningKeys,
            "signatures were checked with the public keys inside the disclosure, chosen by whoever wrote it: they show the signatures are consistent, not who signed: supply the keys you trust to rely on them".into(),
        );
    }
    if !walk.unchecked_signatures.is_empty() {
        run.limit(
            NotProvenKind::SignaturesUnchecked,
            format!(
                "entries {} are signed by keys neither you nor the disclosure supplied: their signatures were not checked",
                list(&walk.unchecked_signatures)
            ),
        );
    }
    if !walk.withheld.is_empty() {
        run.limit(
            NotProvenKind::RedactedHeadersWithheld,
            format!(
                "entries {} are redacted format-1/2 entries: their payload is gone and their timestamp, actor, action, event_type, previous_hash and format_version are not disclosed, because their hash no longer lets anyone check them",
                list(&walk.withheld)
            ),
        );
    }
    undisclosed(disclosure, cp, walk, run);
}

/// The entries, and the links between them, the disclosure does not show.
fn undisclosed(disclosure: &Disclosure, cp: &Checkpoint, walk: &Walk, run: &mut Run) {
    let undisclosed = cp.size.saturating_sub(disclosure.entries.len() as u64);
    if undisclosed > 0 {
        run.limit(
            NotProvenKind::UndisclosedEntries,
            format!(
                "{undisclosed} of the {} entries in the tree are not disclosed: nothing about their content is shown, only that the disclosed entries are at their positions among them",
                cp.size
            ),
        );
    }
    let pairs = disclosure.entries.len().saturating_sub(1);
    let links_checked = walk.links_checked;
    if links_checked < pairs {
        run.limit(
            NotProvenKind::ChainLinksNotChecked,
            format!(
                "hash-chain links were checked only between consecutive disclosed entries ({links_checked} of {pairs} neighbouring pairs); between the others (entries in between are not disclosed) the chain is not checked, only each entry's Merkle position"
            ),
        );
    }
}

/// The report: the verdict from the failures and limits, and the proven sentences
/// when nothing failed.
pub(super) fn report(
    cp: &Checkpoint,
    outcome: CheckpointOutcome,
    entries: Vec<EntryOutcome>,
    consistency: Vec<ConsistencyOutcome>,
    run: Run,
) -> DisclosureReport {
    let verdict = if !run.failures.is_empty() {
        DisclosureVerdict::Invalid
    } else if outcome.signature != SignatureState::Verified {
        DisclosureVerdict::CheckpointUnverified
    } else if run.not_proven.is_empty() {
        DisclosureVerdict::Valid
    } else {
        DisclosureVerdict::ValidWithLimits
    };
    let proven = if run.failures.is_empty() {
        proven(cp, &outcome, &entries, &consistency)
    } else {
        Vec::new()
    };
    DisclosureReport {
        valid: matches!(
            verdict,
            DisclosureVerdict::Valid | DisclosureVerdict::ValidWithLimits
        ),
        verdict,
        checkpoint: outcome,
        entries,
        consistency,
        failures: run.failures,
        proven,
        not_proven: run.not_proven,
    }
}

fn list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn proven(
    cp: &Checkpoint,
    outcome: &CheckpointOutcome,
    entries: &[EntryOutcome],
    consistency: &[ConsistencyOutcome],
) -> Vec<String> {
    let signed = if outcome.signature == SignatureState::Verified {
        format!("signed by {}", outcome.signed_by.join(", "))
    } else {
        "whose signature was NOT checked".to_owned()
    };
    let mut out = vec![format!(
        "checkpoint {} commits to tree size {} with root {}, {signed}",
        cp.origin, cp.size, cp.root
    )];
    out.extend(entries.iter().map(proven_entry));
    for c in consistency {
        if let (Some(size), Some(root)) = (c.older_size, &c.older_root) {
            out.push(format!(
                "the tree of size {} extends the older signed checkpoint of size {size} (root {root})",
                cp.size
            ));
        }
    }
    out
}

fn proven_entry(e: &EntryOutcome) -> String {
    let content = match (e.hash_recomputed, e.status) {
        (true, EntryStatus::Redacted) => {
            "its disclosed fields hash to its entry_hash (payload redacted, marker matched by its redaction entry)"
        }
        (true, _) => "its disclosed fields hash to its entry_hash",
        (false, _) => {
            "its payload was redacted (marker matched by its redaction entry); its header fields are withheld"
        }
    };
    let signature = match e.status {
        EntryStatus::Verified => ", and its signature verifies",
        EntryStatus::SignatureUnchecked => ", its signature was not checked",
        EntryStatus::Unsigned => ", it is unsigned",
        _ => "",
    };
    format!(
        "entry {} is leaf {} of that tree; {content}{signature}",
        e.entry_id, e.leaf_index
    )
}

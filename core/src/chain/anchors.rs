//! Anchors bound to the ledger (`docs/SPEC.md` §10): each anchor row's proofs were
//! checked on their own ([`AnchorCheck::new`]); here each is bound to the stored
//! hash of the entry it names as that entry streams past.

use super::by_entry::ByEntry;
use crate::anchor::{AnchorCheck, AnchorSummary, Tracks};
use crate::entry::Entry;
use crate::report::Finding;

/// The anchors, waiting for the entries they name.
#[derive(Debug)]
pub(super) struct Anchors {
    checks: Vec<AnchorCheck>,
    /// Which anchors name which entry.
    anchored: ByEntry,
}

impl Anchors {
    pub(super) fn new(checks: Vec<AnchorCheck>) -> Anchors {
        let anchored = ByEntry::new(checks.iter().map(AnchorCheck::head_entry_id));
        Anchors { checks, anchored }
    }

    /// Puts in the anchors' tracks, checked elsewhere, in the order of the checks.
    pub(super) fn set_tracks(&mut self, tracks: Vec<Tracks>) {
        for (check, tracks) in self.checks.iter_mut().zip(tracks) {
            check.set_tracks(tracks);
        }
    }

    /// Binds the anchors naming `entry` to its stored hash.
    pub(super) fn bind(&mut self, entry: &Entry) {
        for index in self.anchored.naming(entry.entry_id) {
            self.checks[index].bind(entry.entry_id, &entry.entry_hash);
        }
    }

    /// The anchors' summaries and their failures, for a ledger of entries
    /// `first..=last`.
    pub(super) fn finish(
        &mut self,
        first: Option<i64>,
        last: Option<i64>,
    ) -> (Vec<AnchorSummary>, Vec<Finding>) {
        let (ids, summaries): (Vec<Option<i64>>, Vec<AnchorSummary>) =
            std::mem::take(&mut self.checks)
                .into_iter()
                .map(|anchor| (anchor.id(), anchor.summary(first, last)))
                .unzip();
        let findings = ids
            .into_iter()
            .zip(&summaries)
            .flat_map(|(anchor_id, summary)| {
                summary.problems().map(move |problem| Finding {
                    entry_id: summary.chain_head_entry_id,
                    attestation_id: None,
                    anchor_id,
                    witness_id: None,
                    kind: problem.finding,
                    message: problem.message.clone(),
                })
            })
            .collect();
        (summaries, findings)
    }
}

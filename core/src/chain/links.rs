//! The chain's order and links: `entry_id` ascending without gaps, each
//! `previous_hash` the prior stored `entry_hash` (64 zeros for the first), as
//! `Ledger.verify_chain` checks the link (nexuscone 0.2.1) and, beyond it, the ids.

use super::findings::Findings;
use crate::entry::{Entry, GENESIS_PREVIOUS_HASH};
use crate::report::{EntryStatus, FindingKind};

/// Where the chain stands after the entries seen so far.
#[derive(Debug)]
pub(super) struct Links {
    expected_previous: String,
    pub(super) first_id: Option<i64>,
    pub(super) last_id: Option<i64>,
}

impl Default for Links {
    fn default() -> Links {
        Links {
            expected_previous: GENESIS_PREVIOUS_HASH.to_owned(),
            first_id: None,
            last_id: None,
        }
    }
}

impl Links {
    /// A finding when entry `id` repeats or goes back on an id already seen: such an
    /// entry is not linked in, and the chain stays where it was.
    pub(super) fn check_order(&self, id: i64, findings: &mut Findings) -> bool {
        let Some(last) = self.last_id.filter(|&last| id <= last) else {
            return true;
        };
        let what = if id == last {
            "a duplicate of"
        } else {
            "out of order after"
        };
        findings.entry(
            id,
            FindingKind::OutOfOrder,
            format!(
                "entry {id} is {what} entry {last}: entries must be in ascending entry_id order"
            ),
        );
        false
    }

    /// The link to the previous entry, then (when linked) the id that should follow.
    pub(super) fn check(&self, entry: &Entry, findings: &mut Findings) -> Option<EntryStatus> {
        let id = entry.entry_id;
        if entry.previous_hash != self.expected_previous {
            findings.entry(
                id,
                FindingKind::BrokenLink,
                format!(
                    "entry {id} previous_hash mismatch: expected {}, stored {}",
                    self.expected_previous, entry.previous_hash
                ),
            );
            return Some(EntryStatus::BrokenLink);
        }
        let expected_id = self.last_id.map_or(1, |last| last + 1);
        if id == expected_id {
            return None;
        }
        let message = match self.last_id {
            Some(last) => format!(
                "entry {id} links to entry {last}, but entries {expected_id} to {} are missing: rows were removed and the chain re-linked",
                id - 1
            ),
            None => format!("the ledger starts at entry {id}, not entry 1, yet entry {id} claims to be the genesis entry"),
        };
        findings.entry(id, FindingKind::MissingEntries, message);
        Some(EntryStatus::OutOfSequence)
    }

    /// `entry` placed after the previous entry (entry 1 first): for a row whose
    /// `entry_id` could not be read ([`crate::mistyped`]).
    pub(super) fn place(&self, entry: &Entry) -> Entry {
        let entry_id = self.last_id.map_or(1, |last| last.saturating_add(1));
        Entry {
            entry_id,
            ..entry.clone()
        }
    }

    /// Moves past `entry`: the next one must link to it.
    pub(super) fn advance(&mut self, entry: &Entry) {
        self.expected_previous.clone_from(&entry.entry_hash);
        self.first_id.get_or_insert(entry.entry_id);
        self.last_id = Some(entry.entry_id);
    }
}

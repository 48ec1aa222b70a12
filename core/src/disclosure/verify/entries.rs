//! Each disclosed entry, in order: its position in the checkpoint's tree, its content
//! (hash, format-3 commitment, redaction markers and entries), its signature, and its
//! link to a disclosed previous entry.

use std::collections::BTreeSet;

use super::super::{DisclosedEntry, Disclosure, EntryProof};
use super::report::{DisclosureFindingKind, EntryOutcome};
use super::Run;
use crate::checkpoint::Checkpoint;
use crate::entry::{Entry, HashFormat, GENESIS_PREVIOUS_HASH};
use crate::merkle::{entry_leaf_hex, leaf_index, InclusionProof};
use crate::redaction::{self, Commitment, Marker, Record, RedactionTracker};
use crate::report::EntryStatus;
use crate::signature::{KeyRing, SignatureCheck};

/// What the walk over the entries found, beyond its failures.
#[derive(Debug, Default)]
pub(super) struct Walk {
    pub(super) outcomes: Vec<EntryOutcome>,
    /// Entries signed by keys nobody supplied.
    pub(super) unchecked_signatures: Vec<i64>,
    /// Redacted format-1/2 entries disclosed without their header fields.
    pub(super) withheld: Vec<i64>,
    /// Links checked between consecutive disclosed entries.
    pub(super) links_checked: usize,
}

/// What every entry is checked against.
struct Context<'a> {
    cp: &'a Checkpoint,
    ring: &'a KeyRing,
    self_asserted: bool,
    disclosed: BTreeSet<i64>,
}

/// One disclosed entry, where it is in the document.
struct Row<'a> {
    row: &'a DisclosedEntry,
    proof: &'a EntryProof,
    previous: Option<&'a DisclosedEntry>,
    id: i64,
    i: usize,
}

impl Row<'_> {
    fn at(&self) -> String {
        format!("entries[{}]", self.i)
    }
}

/// The worst status found for one entry, if any check failed.
#[derive(Default)]
struct Worst(Option<EntryStatus>);

impl Worst {
    fn note(&mut self, status: EntryStatus) {
        self.0 = Some(self.0.map_or(status, |old| old.min(status)));
    }
}

/// Checks every disclosed entry, then that every redacted one came with its
/// redaction entry.
pub(super) fn check(
    disclosure: &Disclosure,
    cp: &Checkpoint,
    ring: &KeyRing,
    self_asserted: bool,
    run: &mut Run,
) -> Walk {
    // `extend`, not `collect`: `collect` into a set compiles its own sort.
    let mut disclosed: BTreeSet<i64> = BTreeSet::new();
    disclosed.extend(disclosure.entries.iter().map(DisclosedEntry::entry_id));
    let context = Context {
        cp,
        ring,
        self_asserted,
        disclosed,
    };
    let mut walk = Walk::default();
    let mut tracker = RedactionTracker::default();
    let mut previous = None;
    let pairs = disclosure.entries.iter().zip(&disclosure.proofs);
    for (i, (row, proof)) in pairs.enumerate() {
        let id = row.entry_id();
        let row = Row {
            row,
            proof,
            previous,
            id,
            i,
        };
        let outcome = walk.entry(&context, &row, &mut tracker, run);
        walk.outcomes.push(outcome);
        previous = Some(row.row);
    }
    unmatched_markers(disclosure, tracker, run);
    walk
}

impl Walk {
    fn entry(
        &mut self,
        context: &Context<'_>,
        row: &Row<'_>,
        tracker: &mut RedactionTracker,
        run: &mut Run,
    ) -> EntryOutcome {
        let mut worst = Worst::default();
        let included = position(context.cp, row, run);
        let (hash_recomputed, redacted) = self.content(row, tracker, &mut worst, run);
        if let DisclosedEntry::Full(entry) = row.row {
            redaction_entry(entry, row, &context.disclosed, tracker, run);
        }
        self.signature(context, row, &mut worst, run);
        let link_checked = self.link(row, &mut worst, run);
        // Position failures leave the status to hash, signature and link: `included`
        // says whether the entry is proven at its position.
        let status = worst.0.unwrap_or_else(|| self.clean_status(row, redacted));
        EntryOutcome {
            entry_id: row.id,
            leaf_index: row.proof.leaf_index,
            status,
            included,
            hash_recomputed,
            link_checked,
        }
    }

    fn clean_status(&self, row: &Row<'_>, redacted: bool) -> EntryStatus {
        if redacted {
            EntryStatus::Redacted
        } else if row.row.signature().0.is_none() {
            EntryStatus::Unsigned
        } else if self.unchecked_signatures.last() == Some(&row.id) {
            EntryStatus::SignatureUnchecked
        } else {
            EntryStatus::Verified
        }
    }

    /// The hash over the disclosed fields, and redaction markers. Returns whether the
    /// hash was recomputed and whether the entry is redacted.
    fn content(
        &mut self,
        row: &Row<'_>,
        tracker: &mut RedactionTracker,
        worst: &mut Worst,
        run: &mut Run,
    ) -> (bool, bool) {
        match row.row {
            DisclosedEntry::Full(entry) => full_content(entry, row, tracker, worst, run),
            DisclosedEntry::Withheld(w) => {
                self.withheld.push(row.id);
                if let Some(marker) = Marker::parse(&w.payload) {
                    tracker.redacted(w.entry_id, &w.entry_hash, marker);
                }
                (false, true)
            }
        }
    }

    fn signature(
        &mut self,
        context: &Context<'_>,
        row: &Row<'_>,
        worst: &mut Worst,
        run: &mut Run,
    ) {
        let (Some(signature), key_id) = row.row.signature() else {
            return;
        };
        let id = row.id;
        let key = key_id.unwrap_or_default();
        let (status, field, message) =
            match context
                .ring
                .check(key_id, row.row.entry_hash().as_bytes(), signature)
            {
                SignatureCheck::Valid => return,
                SignatureCheck::UnknownKey if context.self_asserted => {
                    return self.unchecked_signatures.push(id);
                }
                SignatureCheck::UnknownKey => (
                    EntryStatus::UnknownKey,
                    "signing_key_id",
                    format!(
                    "entry {id} is signed by key {key:?}, which is not among the keys you supplied"
                ),
                ),
                SignatureCheck::Invalid | SignatureCheck::Malformed => (
                    EntryStatus::BadSignature,
                    "signature",
                    format!("entry {id}: the signature does not verify under key {key:?}"),
                ),
            };
        worst.note(status);
        let at = format!("{}.{field}", row.at());
        run.fail(Some(id), at, DisclosureFindingKind::BadSignature, message);
    }

    /// The link, only to a disclosed previous entry or the genesis value. Returns
    /// whether it was checked.
    fn link(&mut self, row: &Row<'_>, worst: &mut Worst, run: &mut Run) -> bool {
        let DisclosedEntry::Full(entry) = row.row else {
            return false;
        };
        let id = row.id;
        let expected = match row.previous {
            _ if id == 1 => GENESIS_PREVIOUS_HASH,
            Some(prev) if prev.entry_id() == id - 1 => prev.entry_hash(),
            _ => return false,
        };
        self.links_checked += usize::from(id > 1);
        if entry.previous_hash != expected {
            worst.note(EntryStatus::BrokenLink);
            run.fail(
                Some(id),
                format!("{}.previous_hash", row.at()),
                DisclosureFindingKind::BrokenLink,
                format!(
                    "entry {id} previous_hash {} is not the entry_hash {expected} of entry {}",
                    entry.previous_hash,
                    id - 1
                ),
            );
        }
        true
    }
}

/// The leaf index and the inclusion in the checkpoint's tree. Returns whether the
/// entry is proven at its position.
fn position(cp: &Checkpoint, row: &Row<'_>, run: &mut Run) -> bool {
    let (id, proof) = (row.id, row.proof);
    if leaf_index(id) != Some(proof.leaf_index) {
        run.fail(
            Some(id),
            format!("proofs[{}].leaf_index", row.i),
            DisclosureFindingKind::LeafIndex,
            format!(
                "entry {id} must be leaf {}, but its proof is for leaf {}",
                id - 1,
                proof.leaf_index
            ),
        );
    }
    let Some(leaf) = entry_leaf_hex(row.row.entry_hash()) else {
        return false;
    };
    let inclusion = InclusionProof {
        leaf_index: proof.leaf_index,
        tree_size: cp.size,
        path: proof.path.clone(),
    };
    let Err(e) = cp.root.verify_inclusion(&leaf, &inclusion) else {
        return true;
    };
    run.fail(
        Some(id),
        format!("proofs[{}]", row.i),
        DisclosureFindingKind::Inclusion,
        format!(
            "entry {id} (entry_hash {}) is not proven at leaf {} of checkpoint {} tree size {}: {e}",
            row.row.entry_hash(),
            proof.leaf_index,
            cp.origin,
            cp.size
        ),
    );
    false
}

/// A full row's hash, and for format 3 its commitment. Returns whether the hash was
/// recomputed and whether the entry is redacted.
fn full_content(
    entry: &Entry,
    row: &Row<'_>,
    tracker: &mut RedactionTracker,
    worst: &mut Worst,
    run: &mut Run,
) -> (bool, bool) {
    let format = entry.hash_format().unwrap_or(HashFormat::V2);
    let recomputed = entry.compute_hash(format);
    let hash_recomputed = recomputed.matches_hex(&entry.entry_hash);
    if !hash_recomputed {
        worst.note(EntryStatus::HashMismatch);
        run.fail(
            Some(row.id),
            format!("{}.entry_hash", row.at()),
            DisclosureFindingKind::HashMismatch,
            format!(
                "entry {}: the disclosed fields hash to {}, not to entry_hash {}",
                row.id,
                recomputed.to_hex(),
                entry.entry_hash
            ),
        );
    }
    let redacted = format == HashFormat::V3 && commitment(entry, row, tracker, run);
    (hash_recomputed, redacted)
}

/// Format 3 ([`redaction::check_commitment`]). Returns whether the entry is redacted.
fn commitment(entry: &Entry, row: &Row<'_>, tracker: &mut RedactionTracker, run: &mut Run) -> bool {
    match redaction::check_commitment(entry) {
        Ok(Commitment::Opened) => false,
        Ok(Commitment::Redacted(marker)) => {
            tracker.redacted(entry.entry_id, &entry.entry_hash, marker);
            true
        }
        Err(problem) => {
            let at = format!("{}.payload", row.at());
            let kind = DisclosureFindingKind::PayloadCommitment;
            run.fail(Some(row.id), at, kind, problem.to_string());
            false
        }
    }
}

/// A redaction entry naming a disclosed entry must agree with that entry's marker.
fn redaction_entry(
    entry: &Entry,
    row: &Row<'_>,
    disclosed: &BTreeSet<i64>,
    tracker: &mut RedactionTracker,
    run: &mut Run,
) {
    if !redaction::is_redaction_entry(entry) {
        return;
    }
    let target = Record::parse(&entry.payload).map(|r| r.entry_id);
    if !target.map_or(true, |t| disclosed.contains(&t)) {
        return;
    }
    for problem in tracker.redaction_entry(entry) {
        let at = format!("{}.payload", row.at());
        run.fail(Some(row.id), at, DisclosureFindingKind::Redaction, problem);
    }
}

/// Redacted entries disclosed without the redaction entry recording them.
fn unmatched_markers(disclosure: &Disclosure, tracker: RedactionTracker, run: &mut Run) {
    for (id, message) in tracker.finish() {
        let i = disclosure.entries.iter().position(|e| e.entry_id() == id);
        run.fail(
            Some(id),
            format!("entries[{}].payload", i.unwrap_or_default()),
            DisclosureFindingKind::Redaction,
            format!("{message}; a redacted entry must be disclosed with its redaction entry"),
        );
    }
}

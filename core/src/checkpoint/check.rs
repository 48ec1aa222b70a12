//! Checking a streamed ledger against a checkpoint: the ledger holds at least the
//! checkpoint's size, and the Merkle root of its first `size` entries is the
//! checkpoint's root. This is what catches deleted newest rows and forks, which the
//! hash chain alone cannot.
//!
//! The root is built incrementally with a [`CompactRange`], so memory is O(log n).
//! Where the entries' compact range was computed elsewhere (by a pool's helper), it
//! is taken whole ([`CheckpointCheck::take_range`]) and those entries are not hashed
//! again as they pass.

use serde::{Deserialize, Serialize};

use super::Checkpoint;
use crate::merkle::{entry_leaf_hex, CompactRange, RootHash};

/// Which checkpoint a report was checked against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointSummary {
    /// The checkpoint's origin line.
    pub origin: String,
    /// The tree size it commits to.
    pub size: u64,
    /// Its root hash (hex).
    pub root: String,
    /// True when the ledger matched it (size and root).
    pub matched: bool,
}

/// Streaming state of a checkpoint check.
#[derive(Clone, Debug)]
pub struct CheckpointCheck {
    checkpoint: Checkpoint,
    range: CompactRange,
    /// Entries pushed so far; those below `range.size()` were taken in a range.
    pushed: u64,
    /// The first entry whose `entry_hash` is not hex, if one came before the size.
    unreadable: Option<i64>,
    root_at_size: Option<RootHash>,
}

/// Why a ledger does not match a checkpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckpointMismatch {
    /// The ledger has fewer entries than the checkpoint's size.
    Truncated {
        /// Entries the ledger holds.
        entries: u64,
    },
    /// The root of the first `size` entries differs: the ledger was forked or rewritten.
    RootDiffers {
        /// The root computed from the ledger.
        computed: RootHash,
    },
    /// An entry within the checkpoint's size has an `entry_hash` that is not hex.
    UnreadableLeaf {
        /// That entry.
        entry_id: i64,
    },
}

impl CheckpointCheck {
    /// Starts checking against `checkpoint`, whose signature the caller has verified.
    pub fn new(checkpoint: Checkpoint) -> CheckpointCheck {
        let root_at_size = (checkpoint.size == 0).then(|| CompactRange::new().root());
        CheckpointCheck {
            checkpoint,
            range: CompactRange::new(),
            pushed: 0,
            unreadable: None,
            root_at_size,
        }
    }

    /// The checkpoint being checked.
    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    /// Adds the next entry (in stream order) to the tree, unless a range taken
    /// whole already holds it.
    pub fn push(&mut self, entry_id: i64, entry_hash: &str) {
        self.pushed += 1;
        if self.pushed <= self.range.size() || self.range.size() >= self.checkpoint.size {
            return;
        }
        match entry_leaf_hex(entry_hash) {
            Some(leaf) => self.range.append(leaf),
            None => {
                self.unreadable.get_or_insert(entry_id);
                // Keep the size right; the root cannot match anyway.
                self.range
                    .append(crate::merkle::leaf_hash(entry_hash.as_bytes()));
            }
        }
        self.note_root_at_size();
    }

    /// Takes the compact range of the next entries' stored `entry_hash`es
    /// ([`crate::merkle::entry_range`]), computed elsewhere, in place of hashing
    /// them as they are pushed. Taken only when those entries lie within the
    /// checkpoint's size and the range starts where the tree ends at a multiple of
    /// its width ([`CompactRange::append_range`]); otherwise they are hashed as
    /// they are pushed. Either way they must still be pushed, in order.
    pub fn take_range(&mut self, next: &CompactRange) {
        let end = self.range.size().saturating_add(next.size());
        if self.pushed == self.range.size()
            && end <= self.checkpoint.size
            && self.range.append_range(next).is_ok()
        {
            self.note_root_at_size();
        }
    }

    fn note_root_at_size(&mut self) {
        if self.range.size() == self.checkpoint.size {
            self.root_at_size = Some(self.range.root());
        }
    }

    /// The result: `Ok` when the ledger matches the checkpoint.
    pub fn finish(&self) -> Result<(), CheckpointMismatch> {
        if let Some(entry_id) = self.unreadable {
            return Err(CheckpointMismatch::UnreadableLeaf { entry_id });
        }
        match self.root_at_size {
            None => Err(CheckpointMismatch::Truncated {
                entries: self.pushed,
            }),
            Some(root) if root != self.checkpoint.root => {
                Err(CheckpointMismatch::RootDiffers { computed: root })
            }
            Some(_) => Ok(()),
        }
    }

    /// A sentence for the report, naming the checkpoint's size.
    pub fn describe(&self, mismatch: &CheckpointMismatch) -> String {
        let cp = &self.checkpoint;
        match mismatch {
            CheckpointMismatch::Truncated { entries } => format!(
                "the ledger holds {entries} entries, but checkpoint {} commits to tree size {}: entries {} to {} were removed",
                cp.origin, cp.size, entries + 1, cp.size
            ),
            CheckpointMismatch::RootDiffers { computed } => format!(
                "the Merkle root of the first {} entries is {computed}, but checkpoint {} (tree size {}) commits to {}: the ledger was forked or rewritten",
                cp.size, cp.origin, cp.size, cp.root
            ),
            CheckpointMismatch::UnreadableLeaf { entry_id } => format!(
                "entry {entry_id} has an entry_hash that is not 64 hex characters, so the Merkle root at checkpoint {} (tree size {}) cannot match",
                cp.origin, cp.size
            ),
        }
    }

    /// The summary for the report.
    pub fn summary(&self) -> CheckpointSummary {
        CheckpointSummary {
            origin: self.checkpoint.origin.clone(),
            size: self.checkpoint.size,
            root: self.checkpoint.root.to_hex(),
            matched: self.finish().is_ok(),
        }
    }
}

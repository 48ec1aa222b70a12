//! A stored Merkle tree over leaf hashes: the root at any size and proof generation.
//!
//! Every perfect subtree `[i * 2^l, (i + 1) * 2^l)` that fits in the leaves is stored once
//! (about 2n hashes, built in one O(n) pass). Any subtree of RFC 9162 §2.1.1's recursion is then
//! a fold over at most 64 stored hashes, so roots at any size and proofs cost O(log n).

use super::compact::CompactRange;
use super::consistency::ConsistencyProof;
use super::error::MerkleError;
use super::hash::{empty_root, node_hash, LeafHash, NodeHash, RootHash};
use super::inclusion::InclusionProof;
use super::split_point;

/// A Merkle tree whose leaf hashes are all kept, so that it can prove anything about any prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MerkleTree {
    /// `levels[l][i]` is the hash of the perfect subtree of leaves `[i * 2^l, (i + 1) * 2^l)`.
    /// `levels[0]` holds the leaf hashes. Empty levels are not kept.
    levels: Vec<Vec<NodeHash>>,
}

impl MerkleTree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds the tree over `leaves` in order, in O(n).
    pub fn from_leaves<I: IntoIterator<Item = LeafHash>>(leaves: I) -> Self {
        let mut tree = Self::new();
        for leaf in leaves {
            tree.push(leaf);
        }
        tree
    }

    /// Appends a leaf; amortised O(1), at most O(log n).
    pub fn push(&mut self, leaf: LeafHash) {
        self.push_node(0, NodeHash::from(leaf));
    }

    /// Appends the leaves of `piece`, a tree built apart (by another worker), keeping
    /// the nodes it has already hashed: the result equals pushing its leaves one by
    /// one. Every stored node of `piece` is a perfect subtree of this tree only if
    /// `piece` starts at a multiple of its width, the smallest power of two not below
    /// its length (as [`Pieces`](super::Pieces) cuts the leaves).
    ///
    /// # Errors
    /// [`MerkleError::PieceAlignment`] when this tree's length is not a multiple of
    /// that width; the tree is then unchanged.
    pub fn append_tree(&mut self, piece: MerkleTree) -> Result<(), MerkleError> {
        let (at, length) = (self.len(), piece.len());
        let width = length.next_power_of_two();
        if length == 0 {
            return Ok(());
        }
        if at % width != 0 {
            return Err(MerkleError::PieceAlignment { at, length });
        }
        let top = piece.levels.len() - 1;
        for (level, mut row) in piece.levels.into_iter().enumerate() {
            if self.levels.len() == level {
                self.levels.push(Vec::new());
            }
            // A whole piece's root may complete a larger subtree of this tree.
            let root = (level == top && length == width)
                .then(|| row.pop())
                .flatten();
            self.levels[level].append(&mut row);
            if let Some(root) = root {
                self.push_node(level, root);
            }
        }
        Ok(())
    }

    /// Stores `node` as the next perfect subtree of `2^level` leaves, and the larger
    /// subtrees it completes.
    fn push_node(&mut self, mut level: usize, mut node: NodeHash) {
        loop {
            if self.levels.len() == level {
                self.levels.push(Vec::new());
            }
            let row = &mut self.levels[level];
            row.push(node);
            let n = row.len();
            if n % 2 == 1 {
                return;
            }
            node = node_hash(&row[n - 2], &row[n - 1]);
            level += 1;
        }
    }

    /// Its stored nodes, level by level from the leaf hashes up: level `l` holds the
    /// `len() >> l` perfect subtrees of `2^l` leaves, in order.
    pub fn levels(&self) -> &[Vec<NodeHash>] {
        &self.levels
    }

    /// The tree whose stored nodes are `levels`, as [`MerkleTree::levels`] gave them.
    /// The shape is checked, not the hashes: the caller trusts whoever hashed them.
    ///
    /// # Errors
    /// [`MerkleError::TreeShape`] at the first level that does not hold `len() >> l`
    /// nodes, or when a level is missing or extra.
    pub fn from_levels(levels: Vec<Vec<NodeHash>>) -> Result<MerkleTree, MerkleError> {
        let leaves = levels.first().map_or(0, |row| row.len() as u64);
        // A tree of `leaves` keeps one level per bit of its length.
        let depth = (u64::BITS - leaves.leading_zeros()) as usize;
        for level in 0..depth.max(levels.len()) {
            let expected = leaves.checked_shr(level as u32).unwrap_or(0);
            let found = levels.get(level).map_or(0, |row| row.len() as u64);
            if level >= depth || found != expected {
                return Err(MerkleError::TreeShape {
                    level,
                    expected,
                    found,
                });
            }
        }
        Ok(MerkleTree { levels })
    }

    /// Its right edge: the roots of its perfect subtrees, one per set bit of its
    /// length, largest first.
    pub fn compact_range(&self) -> CompactRange {
        let n = self.len();
        let hashes = (0..self.levels.len())
            .rev()
            .filter(|level| n >> level & 1 == 1)
            .map(|level| self.levels[level][(n >> level) as usize - 1])
            .collect();
        CompactRange::from_parts(n, hashes).expect("one root per set bit of the length")
    }

    /// The number of leaves.
    pub fn len(&self) -> u64 {
        self.levels.first().map_or(0, |row| row.len() as u64)
    }

    /// Whether the tree has no leaves.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The leaf hash at `index`, if there is one.
    pub fn leaf(&self, index: u64) -> Option<LeafHash> {
        let row = self.levels.first()?;
        let node = row.get(usize::try_from(index).ok()?)?;
        Some(LeafHash::from_bytes(*node.as_bytes()))
    }

    /// The root of the whole tree.
    pub fn root(&self) -> RootHash {
        self.root_at_unchecked(self.len())
    }

    /// The root of the tree over the first `size` leaves (RFC 9162 §2.1.1 `MTH(D[0:size])`).
    ///
    /// # Errors
    /// [`MerkleError::SizeTooLarge`] if `size` exceeds [`MerkleTree::len`].
    pub fn root_at(&self, size: u64) -> Result<RootHash, MerkleError> {
        self.check_size(size)?;
        Ok(self.root_at_unchecked(size))
    }

    /// The inclusion proof of leaf `index` in the tree of the first `size` leaves:
    /// RFC 6962 §2.1.1 `PATH(index, D[0:size])`, as RFC 9162 §2.1.3.1 specifies.
    ///
    /// # Errors
    /// [`MerkleError::SizeTooLarge`] or [`MerkleError::IndexOutOfRange`].
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<InclusionProof, MerkleError> {
        self.check_size(size)?;
        if index >= size {
            return Err(MerkleError::IndexOutOfRange { index, size });
        }
        // Walk from the root down to the leaf, taking the sibling at each split; PATH lists
        // them leaf first.
        let mut path = Vec::new();
        let (mut start, mut end) = (0, size);
        while end - start > 1 {
            let k = split_point(end - start);
            if index < start + k {
                path.push(self.subtree(start + k, end));
                end = start + k;
            } else {
                path.push(self.subtree(start, start + k));
                start += k;
            }
        }
        path.reverse();
        Ok(InclusionProof {
            leaf_index: index,
            tree_size: size,
            path,
        })
    }

    /// The consistency proof between the first `old_size` and the first `new_size` leaves:
    /// RFC 6962 §2.1.2 `PROOF(old_size, D[0:new_size])` via `SUBPROOF`, as RFC 9162 §2.1.4.1
    /// specifies. Equal sizes give an empty proof.
    ///
    /// # Errors
    /// [`MerkleError::ConsistencyFromEmpty`] for `old_size == 0`,
    /// [`MerkleError::SizesReversed`], or [`MerkleError::SizeTooLarge`].
    pub fn consistency_proof(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> Result<ConsistencyProof, MerkleError> {
        self.check_size(new_size)?;
        if old_size == 0 {
            return Err(MerkleError::ConsistencyFromEmpty);
        }
        if old_size > new_size {
            return Err(MerkleError::SizesReversed { old_size, new_size });
        }
        let mut path = Vec::new();
        let (mut start, mut end) = (0, new_size);
        // `whole_old_tree` is SUBPROOF's flag b: true while the node is still a prefix whose
        // hash the verifier already knows as the old root.
        let mut whole_old_tree = true;
        while old_size < end {
            let k = split_point(end - start);
            if old_size <= start + k {
                path.push(self.subtree(start + k, end));
                end = start + k;
            } else {
                path.push(self.subtree(start, start + k));
                start += k;
                whole_old_tree = false;
            }
        }
        if !whole_old_tree {
            path.push(self.subtree(start, end));
        }
        path.reverse();
        Ok(ConsistencyProof {
            old_size,
            new_size,
            path,
        })
    }

    fn check_size(&self, size: u64) -> Result<(), MerkleError> {
        let available = self.len();
        if size > available {
            return Err(MerkleError::SizeTooLarge { size, available });
        }
        Ok(())
    }

    fn root_at_unchecked(&self, size: u64) -> RootHash {
        if size == 0 {
            empty_root()
        } else {
            self.subtree(0, size).into()
        }
    }

    /// `MTH(D[start:end])` for a node of RFC 9162 §2.1.1's recursion, where `start` is a
    /// multiple of the smallest power of two not below `end - start`. Such a range is a run of
    /// stored perfect subtrees of decreasing size, joined from the right.
    ///
    /// Callers guarantee `start < end <= self.len()`.
    fn subtree(&self, start: u64, end: u64) -> NodeHash {
        let mut pieces: Vec<NodeHash> = Vec::with_capacity(64);
        let mut pos = start;
        while pos < end {
            let by_alignment = pos.trailing_zeros();
            let by_length = 63 - (end - pos).leading_zeros();
            let level = by_alignment.min(by_length);
            let node = self.levels[level as usize][(pos >> level) as usize];
            pieces.push(node);
            pos += 1 << level;
        }
        let mut iter = pieces.into_iter().rev();
        let last = iter.next().unwrap_or_else(|| NodeHash::from(empty_root()));
        iter.fold(last, |right, left| node_hash(&left, &right))
    }
}

//! The right edge of a growing tree in O(log n) space: a "compact range" `[0, size)`.
//!
//! A tree of size n is the concatenation of perfect subtrees, one per set bit of n, in
//! decreasing size from the left (RFC 9162 §2.1.1's split rule always cuts off the largest
//! power of two first). Their roots are all a writer needs to append a leaf and to compute the
//! tree's root, so a writer can publish a root after every append.

use super::error::MerkleError;
use super::hash::{empty_root, node_hash, LeafHash, NodeHash, RootHash};

/// The perfect-subtree roots along the right edge of a tree of `size` leaves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompactRange {
    size: u64,
    /// Invariant: one hash per set bit of `size`, largest subtree first.
    hashes: Vec<NodeHash>,
}

impl CompactRange {
    /// The range of the empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Resumes from stored state: `hashes` are the roots of the perfect subtrees of a tree of
    /// `size` leaves, largest first.
    ///
    /// # Errors
    /// [`MerkleError::CompactRangeShape`] if there is not exactly one hash per set bit of `size`.
    pub fn from_parts(size: u64, hashes: Vec<NodeHash>) -> Result<Self, MerkleError> {
        let expected = size.count_ones() as usize;
        if hashes.len() != expected {
            return Err(MerkleError::CompactRangeShape {
                size,
                expected,
                found: hashes.len(),
            });
        }
        Ok(Self { size, hashes })
    }

    /// The number of leaves appended so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The perfect-subtree roots, largest first.
    pub fn hashes(&self) -> &[NodeHash] {
        &self.hashes
    }

    /// Appends one leaf in O(log n): every trailing one bit of the old size is a perfect
    /// subtree that the new leaf completes into one twice as large.
    pub fn append(&mut self, leaf: LeafHash) {
        self.append_subtree(0, NodeHash::from(leaf));
    }

    /// Appends the leaves of `piece`, a range built apart over the leaves that come
    /// next (by another worker), from its subtree roots alone: the result equals
    /// appending those leaves one by one. Its subtrees are subtrees of this tree only
    /// if `piece` starts at a multiple of its width, the smallest power of two not
    /// below its length (as [`Pieces`](super::Pieces) cuts the leaves).
    ///
    /// # Errors
    /// [`MerkleError::PieceAlignment`] when this range's size is not a multiple of
    /// that width; the range is then unchanged.
    pub fn append_range(&mut self, piece: &CompactRange) -> Result<(), MerkleError> {
        let (at, length) = (self.size, piece.size);
        if at % length.next_power_of_two() != 0 {
            return Err(MerkleError::PieceAlignment { at, length });
        }
        // `piece` holds one root per set bit of its length, largest first.
        let heights = (0..u64::BITS).rev().filter(|h| length >> h & 1 == 1);
        for (height, node) in heights.zip(&piece.hashes) {
            self.append_subtree(height, *node);
        }
        Ok(())
    }

    /// Appends the root of a perfect subtree of `2^height` leaves; the size must be
    /// a multiple of `2^height`. Every one bit of the size from `height` up that
    /// the subtree carries into is a subtree it completes into a larger one. At
    /// height 0 the range may also count subtrees of one height as leaves
    /// ([`super::pieces`]).
    pub(super) fn append_subtree(&mut self, height: u32, node: NodeHash) {
        let mut carry = node;
        for _ in 0..(self.size >> height).trailing_ones() {
            if let Some(left) = self.hashes.pop() {
                carry = node_hash(&left, &carry);
            }
        }
        self.hashes.push(carry);
        self.size += 1 << height;
    }

    /// The Merkle Tree Hash of the `size` leaves (RFC 9162 §2.1.1), in O(log n).
    pub fn root(&self) -> RootHash {
        let mut iter = self.hashes.iter().rev();
        match iter.next() {
            None => empty_root(),
            Some(last) => iter
                .fold(*last, |right, left| node_hash(left, &right))
                .into(),
        }
    }
}

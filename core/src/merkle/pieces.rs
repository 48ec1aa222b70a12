//! A tree's root computed in pieces, so that workers which share no memory can each
//! hash a part of the leaves.
//!
//! RFC 9162 §2.1.1 splits a tree of `n` leaves at the largest power of two below `n`,
//! so a tree is a run of perfect subtrees, one per set bit of `n`, largest first (its
//! [`CompactRange`]). Cut the leaves at the multiples of a power of two `width`:
//! every whole piece is then a perfect subtree, whose root a worker computes alone,
//! and the last, partial piece is the run of perfect subtrees of its own length (its
//! compact range). The whole pieces' roots, taken as the leaves of a tree one
//! `width` higher, give the set bits of `n` at `width` and above; the last piece
//! gives those below. Folding the two runs ([`CompactRange::root`]) gives the root
//! the single-threaded [`MerkleTree`](super::MerkleTree) gives, bit for bit.
//!
//! What this module is NOT: a thread pool. It spawns nothing; the front ends move the
//! leaves to the workers and the piece hashes back.

use std::ops::Range;

use super::compact::CompactRange;
use super::error::MerkleError;
use super::hash::{LeafHash, NodeHash, RootHash};

/// The fewest leaves in a piece: below this a message costs more than the hashing.
const MIN_WIDTH: u64 = 1 << 12;

/// Pieces per worker, so that a worker that finishes early takes another.
const PIECES_PER_WORKER: u64 = 4;

/// How a tree of `size` leaves is cut into pieces of `width` leaves (the last may
/// be shorter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pieces {
    size: u64,
    width: u64,
}

impl Pieces {
    /// Pieces for `workers` workers: about [`PIECES_PER_WORKER`] each, of at least
    /// [`MIN_WIDTH`] leaves.
    pub fn for_workers(size: u64, workers: usize) -> Pieces {
        let wanted = (workers.max(1) as u64).saturating_mul(PIECES_PER_WORKER);
        let width = size.div_ceil(wanted).max(MIN_WIDTH).next_power_of_two();
        Pieces { size, width }
    }

    /// Pieces of exactly `width` leaves.
    ///
    /// # Errors
    /// [`MerkleError::PieceWidth`] when `width` is not a power of two.
    pub fn with_width(size: u64, width: u64) -> Result<Pieces, MerkleError> {
        if !width.is_power_of_two() {
            return Err(MerkleError::PieceWidth { width });
        }
        Ok(Pieces { size, width })
    }

    /// The number of leaves in the tree.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Leaves per piece (a power of two).
    pub fn width(&self) -> u64 {
        self.width
    }

    /// The number of pieces.
    pub fn count(&self) -> u64 {
        self.size.div_ceil(self.width)
    }

    /// The leaves of piece `index` (empty past the last).
    pub fn range(&self, index: u64) -> Range<u64> {
        let start = index.saturating_mul(self.width).min(self.size);
        start..start.saturating_add(self.width).min(self.size)
    }

    /// The root of the tree from the hashes of its pieces, in order, each as
    /// [`piece_hashes`] gave them.
    ///
    /// # Errors
    /// [`MerkleError::PieceShape`] when there are not [`Pieces::count`] pieces, or a
    /// piece does not hold one hash per set bit of its length.
    pub fn root<I>(&self, pieces: I) -> Result<RootHash, MerkleError>
    where
        I: IntoIterator,
        I::Item: AsRef<[NodeHash]>,
    {
        let mut upper = CompactRange::new();
        let mut tail: Vec<NodeHash> = Vec::new();
        let mut index = 0;
        for hashes in pieces {
            let hashes = hashes.as_ref();
            let length = self.range(index).end - self.range(index).start;
            let expected = length.count_ones() as usize;
            if length == 0 || hashes.len() != expected {
                return Err(MerkleError::PieceShape {
                    piece: index,
                    expected,
                    found: hashes.len(),
                });
            }
            match length == self.width {
                true => upper.append_subtree(0, hashes[0]),
                false => tail = hashes.to_vec(),
            }
            index += 1;
        }
        if index != self.count() {
            return Err(MerkleError::PieceShape {
                piece: index,
                expected: 1,
                found: 0,
            });
        }
        let mut edge = upper.hashes().to_vec();
        edge.extend(tail);
        Ok(CompactRange::from_parts(self.size, edge)?.root())
    }
}

/// What a worker computes for one piece: the roots of its perfect subtrees, largest
/// first (one hash for a whole piece).
pub fn piece_hashes<I: IntoIterator<Item = LeafHash>>(leaves: I) -> Vec<NodeHash> {
    let mut range = CompactRange::new();
    for leaf in leaves {
        range.append(leaf);
    }
    range.hashes().to_vec()
}

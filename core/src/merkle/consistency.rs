//! Consistency proofs, RFC 9162 §2.1.4: that a tree of one size is a prefix of a larger one.
//!
//! Generation is [`MerkleTree::consistency_proof`](super::MerkleTree::consistency_proof);
//! verification is [`RootHash::verify_consistency`].

use super::error::MerkleError;
use super::hash::{node_hash, NodeHash, RootHash};
use super::inclusion::{expected_path_len, read_path};

/// A consistency proof of RFC 9162 §2.1.4.1 with the two sizes it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsistencyProof {
    /// Size of the older, smaller tree.
    pub old_size: u64,
    /// Size of the newer tree.
    pub new_size: u64,
    /// The subtree hashes of `PROOF(old_size, D[0:new_size])`.
    pub path: Vec<NodeHash>,
}

impl ConsistencyProof {
    /// Reads a proof whose path elements arrive as byte strings.
    ///
    /// # Errors
    /// [`MerkleError::WrongHashLength`] with the position of the first element that is not
    /// 32 bytes.
    pub fn from_slices<B: AsRef<[u8]>>(
        old_size: u64,
        new_size: u64,
        path: &[B],
    ) -> Result<Self, MerkleError> {
        Ok(Self {
            old_size,
            new_size,
            path: read_path(path)?,
        })
    }

    /// The number of path elements RFC 9162 §2.1.4.2 consumes for these sizes, or `None` when
    /// no proof is defined (`old_size == 0` or `old_size > new_size`).
    fn expected_len(&self) -> Option<usize> {
        let (old, new) = (self.old_size, self.new_size);
        if old == 0 || old > new {
            return None;
        }
        if old == new {
            return Some(0);
        }
        // Below the lowest set bit of `old` both trees share whole subtrees, so the proof is an
        // inclusion path of the subtree ending at `old` within the tree cut at that level; its
        // seed is given explicitly unless `old` is a power of two (then it is the old root).
        let level = old.trailing_zeros();
        let index = (old - 1) >> level;
        let size = ((new - 1) >> level) + 1;
        let seed = usize::from(index != 0);
        Some(seed + expected_path_len(index, size))
    }
}

impl RootHash {
    /// Checks that the tree of `proof.old_size` leaves with root `self` is a prefix of the tree
    /// of `proof.new_size` leaves with root `new_root` (RFC 9162 §2.1.4.2).
    ///
    /// As in transparency-dev/merkle, `old_size == 0` is always an error, and equal sizes need an
    /// empty proof and equal roots.
    ///
    /// # Errors
    /// [`MerkleError::ConsistencyFromEmpty`], [`MerkleError::SizesReversed`],
    /// [`MerkleError::WrongProofLength`], [`MerkleError::EqualSizesRootsDiffer`],
    /// [`MerkleError::OldRootMismatch`] or [`MerkleError::RootMismatch`].
    pub fn verify_consistency(
        &self,
        new_root: &RootHash,
        proof: &ConsistencyProof,
    ) -> Result<(), MerkleError> {
        let (old_size, new_size) = (proof.old_size, proof.new_size);
        if old_size == 0 {
            return Err(MerkleError::ConsistencyFromEmpty);
        }
        if old_size > new_size {
            return Err(MerkleError::SizesReversed { old_size, new_size });
        }
        let expected = proof.expected_len().unwrap_or(0);
        let found = proof.path.len();
        if found != expected {
            return Err(MerkleError::WrongProofLength { expected, found });
        }
        if old_size == new_size {
            if self != new_root {
                return Err(MerkleError::EqualSizesRootsDiffer {
                    old: *self,
                    new: *new_root,
                });
            }
            return Ok(());
        }
        let (first, rest) = if old_size.is_power_of_two() {
            (NodeHash::from(*self), proof.path.as_slice())
        } else {
            match proof.path.split_first() {
                Some((first, rest)) => (*first, rest),
                None => return Err(MerkleError::WrongProofLength { expected, found }),
            }
        };
        let mut fnode = old_size - 1;
        let mut snode = new_size - 1;
        while fnode & 1 == 1 {
            fnode >>= 1;
            snode >>= 1;
        }
        let (mut fr, mut sr) = (first, first);
        for c in rest {
            if snode == 0 {
                return Err(MerkleError::WrongProofLength { expected, found });
            }
            if fnode & 1 == 1 || fnode == snode {
                fr = node_hash(c, &fr);
                sr = node_hash(c, &sr);
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            } else {
                sr = node_hash(&sr, c);
            }
            fnode >>= 1;
            snode >>= 1;
        }
        if snode != 0 {
            return Err(MerkleError::WrongProofLength { expected, found });
        }
        let (old_computed, new_computed) = (RootHash::from(fr), RootHash::from(sr));
        if old_computed != *self {
            return Err(MerkleError::OldRootMismatch {
                expected: *self,
                computed: old_computed,
            });
        }
        if new_computed != *new_root {
            return Err(MerkleError::RootMismatch {
                expected: *new_root,
                computed: new_computed,
            });
        }
        Ok(())
    }
}

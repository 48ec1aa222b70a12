//! Inclusion proofs, RFC 9162 §2.1.3: that a leaf is at an index of a tree of a given size.
//!
//! Generation is [`MerkleTree::inclusion_proof`](super::MerkleTree::inclusion_proof);
//! verification is [`RootHash::verify_inclusion`].

use super::error::MerkleError;
use super::hash::{node_hash, HashRole, LeafHash, NodeHash, RootHash};

/// An inclusion proof: the audit path of RFC 9162 §2.1.3.1 with the index and size it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InclusionProof {
    /// 0-based index of the leaf.
    pub leaf_index: u64,
    /// Size of the tree the proof is for.
    pub tree_size: u64,
    /// Sibling subtree hashes from the leaf up to the root.
    pub path: Vec<NodeHash>,
}

impl InclusionProof {
    /// Reads a proof whose path elements arrive as byte strings (JSON, tlog-proof, the wire).
    ///
    /// # Errors
    /// [`MerkleError::WrongHashLength`] with the position of the first element that is not
    /// 32 bytes.
    pub fn from_slices<B: AsRef<[u8]>>(
        leaf_index: u64,
        tree_size: u64,
        path: &[B],
    ) -> Result<Self, MerkleError> {
        Ok(Self {
            leaf_index,
            tree_size,
            path: read_path(path)?,
        })
    }

    /// The root that this proof and `leaf` lead to, by the algorithm of RFC 9162 §2.1.3.2.
    ///
    /// # Errors
    /// [`MerkleError::IndexOutOfRange`] if `leaf_index >= tree_size`, and
    /// [`MerkleError::WrongProofLength`] if the path is longer or shorter than the index and
    /// size imply.
    pub fn root_from_leaf(&self, leaf: &LeafHash) -> Result<RootHash, MerkleError> {
        let steps = self.steps(leaf)?;
        Ok(steps
            .last()
            .map_or_else(|| NodeHash::from(*leaf), |s| s.node)
            .into())
    }

    /// The audit path walked from `leaf` up to the root (RFC 9162 §2.1.3.2): at each
    /// level the sibling, the side it is on and the node hashed from the two. The
    /// last step's node is the root; a tree of one leaf has no steps.
    ///
    /// # Errors
    /// As [`InclusionProof::root_from_leaf`].
    pub fn steps(&self, leaf: &LeafHash) -> Result<Vec<PathStep>, MerkleError> {
        let (index, size) = (self.leaf_index, self.tree_size);
        if index >= size {
            return Err(MerkleError::IndexOutOfRange { index, size });
        }
        let expected = expected_path_len(index, size);
        let wrong_length = MerkleError::WrongProofLength {
            expected,
            found: self.path.len(),
        };
        if self.path.len() != expected {
            return Err(wrong_length);
        }
        let mut fnode = index;
        let mut snode = size - 1;
        let mut r = NodeHash::from(*leaf);
        let mut steps = Vec::with_capacity(self.path.len());
        for p in &self.path {
            if snode == 0 {
                return Err(wrong_length);
            }
            let sibling_is_left = fnode & 1 == 1 || fnode == snode;
            if sibling_is_left {
                r = node_hash(p, &r);
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            } else {
                r = node_hash(&r, p);
            }
            steps.push(PathStep {
                sibling: *p,
                sibling_is_left,
                node: r,
            });
            fnode >>= 1;
            snode >>= 1;
        }
        if snode != 0 {
            return Err(wrong_length);
        }
        Ok(steps)
    }
}

/// One level of an inclusion path, from [`InclusionProof::steps`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathStep {
    /// The sibling subtree's hash from the proof.
    pub sibling: NodeHash,
    /// True when the sibling is the left child (the node so far is on the right).
    pub sibling_is_left: bool,
    /// The parent computed from the node so far and the sibling.
    pub node: NodeHash,
}

impl RootHash {
    /// Checks that `leaf` is at `proof.leaf_index` of the tree of `proof.tree_size` leaves whose
    /// root is `self` (RFC 9162 §2.1.3.2). The caller must know that `self` is the root for
    /// exactly that size, e.g. from a signed checkpoint.
    ///
    /// # Errors
    /// Those of [`InclusionProof::root_from_leaf`], and [`MerkleError::RootMismatch`] if the
    /// proof leads to another root.
    pub fn verify_inclusion(
        &self,
        leaf: &LeafHash,
        proof: &InclusionProof,
    ) -> Result<(), MerkleError> {
        let computed = proof.root_from_leaf(leaf)?;
        if computed != *self {
            return Err(MerkleError::RootMismatch {
                expected: *self,
                computed,
            });
        }
        Ok(())
    }
}

/// The number of path elements for leaf `index` of a tree of `size > index` leaves: one per
/// level below the point where the paths to `index` and to the last leaf part ("inner"), plus
/// one per left sibling above it on the right border.
pub(crate) fn expected_path_len(index: u64, size: u64) -> usize {
    let inner = 64 - (index ^ (size - 1)).leading_zeros();
    let border = index.checked_shr(inner).unwrap_or(0).count_ones();
    (inner + border) as usize
}

pub(crate) fn read_path<B: AsRef<[u8]>>(path: &[B]) -> Result<Vec<NodeHash>, MerkleError> {
    path.iter()
        .enumerate()
        .map(|(i, b)| NodeHash::from_slice(b.as_ref(), HashRole::ProofElement, Some(i)))
        .collect()
}

//! RFC 9162 section 2.1 Merkle trees (identical to RFC 6962 section 2.1) over SHA-256.
//!
//! - [`hash`]: the three hash newtypes ([`LeafHash`], [`NodeHash`], [`RootHash`]) and the
//!   domain-separated hashing of RFC 9162 §2.1.1.
//! - [`tree`]: [`MerkleTree`], a stored tree over leaf hashes that gives the root at any size and
//!   generates proofs in O(log n).
//! - [`compact`]: [`CompactRange`], the O(log n) right-edge state a writer keeps to publish a root
//!   after every append.
//! - [`pieces`]: [`Pieces`], a root computed from pieces of the leaves hashed by separate
//!   workers (the same root).
//! - [`inclusion`] and [`consistency`]: the proofs of RFC 9162 §2.1.3 and §2.1.4, and their
//!   verification as verbs on the trusted [`RootHash`].
//!
//! What this module is NOT: it knows nothing about ledgers, entries or checkpoints. Callers
//! choose the leaves (for Nexuscone, the raw 32-byte `entry_hash` of each entry in `entry_id`
//! order, hashed with [`leaf_hash`]).

pub mod compact;
pub mod consistency;
pub mod error;
pub mod hash;
pub mod inclusion;
pub mod ledger;
pub mod pieces;
pub mod tree;

pub use compact::CompactRange;
pub use consistency::ConsistencyProof;
pub use error::MerkleError;
pub use hash::{
    empty_root, leaf_hash, node_hash, HashRole, LeafHash, NodeHash, RootHash, HASH_SIZE,
};
pub use inclusion::{InclusionProof, PathStep};
pub use ledger::{entry_leaf, entry_leaf_hex, entry_range, entry_tree, leaf_index};
pub use pieces::{piece_hashes, Pieces};
pub use tree::MerkleTree;

/// The split point of RFC 9162 §2.1.1: the largest power of two strictly less than `n`.
///
/// Callers guarantee `n >= 2`.
fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1u64 << (63 - (n - 1).leading_zeros())
}

//! Errors for building trees and for proofs that do not verify.

use super::hash::{HashRole, RootHash};

/// Why a Merkle operation failed. Each variant names what was expected, what was found and,
/// where there is one, the position (proof index, leaf index, tree size).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MerkleError {
    /// A hash was not 32 bytes long.
    #[error("{role}{} is {found} bytes long, expected 32", index.map(|i| format!(" {i}")).unwrap_or_default())]
    WrongHashLength {
        /// Which hash.
        role: HashRole,
        /// Position in the proof path, for proof elements.
        index: Option<usize>,
        /// Its actual length.
        found: usize,
    },
    /// A leaf index is not inside the tree.
    #[error("leaf index {index} is not below tree size {size}")]
    IndexOutOfRange {
        /// The leaf index asked for.
        index: u64,
        /// The tree size.
        size: u64,
    },
    /// A tree size is larger than the tree that was built.
    #[error("tree size {size} exceeds the {available} leaves available")]
    SizeTooLarge {
        /// The size asked for.
        size: u64,
        /// How many leaves the tree holds.
        available: u64,
    },
    /// A consistency proof from size 0 was given or asked for; RFC 9162 §2.1.4 defines none.
    #[error("consistency proofs from tree size 0 are not defined")]
    ConsistencyFromEmpty,
    /// The sizes of a consistency proof go backwards.
    #[error("old tree size {old_size} is larger than new tree size {new_size}")]
    SizesReversed {
        /// The old size.
        old_size: u64,
        /// The new size.
        new_size: u64,
    },
    /// A proof path has the wrong number of elements for its index and sizes.
    #[error("proof has {found} elements, expected {expected}")]
    WrongProofLength {
        /// The length RFC 9162 §2.1.3.2 / §2.1.4.2 imply.
        expected: usize,
        /// The length given.
        found: usize,
    },
    /// For equal sizes the two roots must be equal; they are not.
    #[error("equal tree sizes but old root {old} differs from new root {new}")]
    EqualSizesRootsDiffer {
        /// The old root.
        old: RootHash,
        /// The new root.
        new: RootHash,
    },
    /// The root recomputed from the proof is not the trusted root.
    #[error("proof leads to root {computed}, expected {expected}")]
    RootMismatch {
        /// The trusted root.
        expected: RootHash,
        /// The root the proof leads to.
        computed: RootHash,
    },
    /// The old root recomputed from a consistency proof is not the trusted old root.
    #[error("consistency proof leads to old root {computed}, expected {expected}")]
    OldRootMismatch {
        /// The trusted old root.
        expected: RootHash,
        /// The old root the proof leads to.
        computed: RootHash,
    },
    /// The stored right-edge hashes do not fit the claimed tree size.
    #[error("a compact range of size {size} holds {expected} hashes, found {found}")]
    CompactRangeShape {
        /// The claimed size.
        size: u64,
        /// `popcount(size)`.
        expected: usize,
        /// The number of hashes given.
        found: usize,
    },
    /// A tree cut into pieces whose width is not a power of two.
    #[error("a piece of {width} leaves is not a power of two wide")]
    PieceWidth {
        /// The width asked for.
        width: u64,
    },
    /// A piece's hashes do not fit its length, or a piece is missing or extra.
    #[error("piece {piece} holds {found} hashes, expected {expected}")]
    PieceShape {
        /// The piece's index.
        piece: u64,
        /// One per set bit of the piece's length.
        expected: usize,
        /// The number of hashes given.
        found: usize,
    },
    /// A stored tree's level that does not hold one node per perfect subtree.
    #[error("level {level} of a stored tree holds {found} nodes, expected {expected}")]
    TreeShape {
        /// The level, 0 for the leaf hashes.
        level: usize,
        /// `leaves >> level`.
        expected: u64,
        /// The number of nodes given.
        found: u64,
    },
    /// A tree appended to another where its nodes are not subtrees of the whole.
    #[error("a piece of {length} leaves cannot start at leaf {at}: it must start at a multiple of the next power of two")]
    PieceAlignment {
        /// The length of the tree it was appended to.
        at: u64,
        /// The number of leaves in the piece.
        length: u64,
    },
}

//! Hash newtypes and the hashing rules of RFC 9162 §2.1.1.
//!
//! A [`LeafHash`] is `SHA-256(0x00 || leaf)`, a [`NodeHash`] is the hash of any subtree (an
//! interior node `SHA-256(0x01 || left || right)` or a leaf hash seen as a one-leaf subtree), and
//! a [`RootHash`] is the Merkle Tree Hash of a whole tree of some size. Keeping them apart stops a
//! caller from passing a root where a leaf is expected.

use core::fmt;

use sha2::{Digest, Sha256};

use super::error::MerkleError;

/// Length in bytes of every hash in the tree (SHA-256).
pub const HASH_SIZE: usize = 32;

macro_rules! hash_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name([u8; HASH_SIZE]);

        impl $name {
            /// Wraps 32 raw bytes.
            pub const fn from_bytes(bytes: [u8; HASH_SIZE]) -> Self {
                Self(bytes)
            }

            /// The 32 raw bytes.
            pub const fn as_bytes(&self) -> &[u8; HASH_SIZE] {
                &self.0
            }

            /// Reads a hash from a slice that must be exactly 32 bytes long.
            ///
            /// # Errors
            /// [`MerkleError::WrongHashLength`] naming `role`, with `index` as given.
            pub fn from_slice(
                bytes: &[u8],
                role: HashRole,
                index: Option<usize>,
            ) -> Result<Self, MerkleError> {
                <[u8; HASH_SIZE]>::try_from(bytes)
                    .map(Self)
                    .map_err(|_| MerkleError::WrongHashLength {
                        role,
                        index,
                        found: bytes.len(),
                    })
            }

            /// Lowercase hex of the 32 bytes.
            pub fn to_hex(&self) -> String {
                hex::encode(self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.to_hex())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_hex())
            }
        }
    };
}

hash_newtype!(
    /// `SHA-256(0x00 || leaf)`: the hash of one leaf (RFC 9162 §2.1.1, `MTH({d(0)})`).
    LeafHash
);
hash_newtype!(
    /// The Merkle Tree Hash of a subtree: an element of a proof path, or a stored node.
    NodeHash
);
hash_newtype!(
    /// The Merkle Tree Hash of a whole tree (RFC 9162 §2.1.1), the value a log signs.
    RootHash
);

/// Which hash a [`MerkleError::WrongHashLength`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashRole {
    /// A leaf hash.
    Leaf,
    /// An element of a proof path; the error's index says which.
    ProofElement,
    /// A root hash.
    Root,
}

impl fmt::Display for HashRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Leaf => "leaf hash",
            Self::ProofElement => "proof element",
            Self::Root => "root hash",
        })
    }
}

impl From<LeafHash> for NodeHash {
    /// A leaf hash is the hash of the one-leaf subtree.
    fn from(leaf: LeafHash) -> Self {
        Self(leaf.0)
    }
}

impl From<NodeHash> for RootHash {
    /// The hash of the subtree that spans the whole tree is its root.
    fn from(node: NodeHash) -> Self {
        Self(node.0)
    }
}

impl From<RootHash> for NodeHash {
    /// A root seen as the hash of the subtree spanning the tree, as the consistency proof of
    /// RFC 9162 §2.1.4.2 does when the old size is a power of two.
    fn from(root: RootHash) -> Self {
        Self(root.0)
    }
}

/// `SHA-256(0x00 || data)`, the leaf hash of RFC 9162 §2.1.1.
pub fn leaf_hash(data: &[u8]) -> LeafHash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    LeafHash(h.finalize().into())
}

/// `SHA-256(0x01 || left || right)`, the interior node hash of RFC 9162 §2.1.1.
pub fn node_hash(left: &NodeHash, right: &NodeHash) -> NodeHash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left.0);
    h.update(right.0);
    NodeHash(h.finalize().into())
}

/// `SHA-256("")`, the root of the empty tree (RFC 9162 §2.1.1).
pub fn empty_root() -> RootHash {
    RootHash(Sha256::digest([]).into())
}

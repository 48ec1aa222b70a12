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
    if let Some(block) = one_block(0x00, data) {
        return LeafHash(digest_blocks(&[block]));
    }
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    LeafHash(h.finalize().into())
}

/// `SHA-256(0x01 || left || right)`, the interior node hash of RFC 9162 §2.1.1.
pub fn node_hash(left: &NodeHash, right: &NodeHash) -> NodeHash {
    // 65 bytes: two blocks, laid out and padded here (FIPS 180-4 §5.1.1) so that the
    // tree's hot loop runs the compression function without `Digest`'s buffering.
    let mut blocks = [[0u8; 64]; 2];
    blocks[0][0] = 0x01;
    blocks[0][1..33].copy_from_slice(&left.0);
    blocks[0][33..].copy_from_slice(&right.0[..31]);
    blocks[1][0] = right.0[31];
    blocks[1][1] = 0x80;
    blocks[1][56..].copy_from_slice(&(65u64 * 8).to_be_bytes());
    NodeHash(digest_blocks(&blocks))
}

/// `prefix || data` padded into one SHA-256 block (FIPS 180-4 §5.1.1), when it fits.
fn one_block(prefix: u8, data: &[u8]) -> Option<[u8; 64]> {
    let len = data.len() + 1;
    if len > 55 {
        return None;
    }
    let mut block = [0u8; 64];
    block[0] = prefix;
    block[1..len].copy_from_slice(data);
    block[len] = 0x80;
    block[56..].copy_from_slice(&(len as u64 * 8).to_be_bytes());
    Some(block)
}

/// SHA-256 of a message already padded into `blocks`: the initial hash value of
/// FIPS 180-4 §5.3.3 through sha2's compression function.
fn digest_blocks(blocks: &[[u8; 64]]) -> [u8; HASH_SIZE] {
    const INITIAL: [u32; 8] = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];
    let mut state = INITIAL;
    for block in blocks {
        sha2::compress256(&mut state, &[(*block).into()]);
    }
    let mut out = [0u8; HASH_SIZE];
    for (bytes, word) in out.chunks_exact_mut(4).zip(state) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// `SHA-256("")`, the root of the empty tree (RFC 9162 §2.1.1).
pub fn empty_root() -> RootHash {
    RootHash(Sha256::digest([]).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Digest` over the concatenation: what the block-level code must equal.
    fn sha256(parts: &[&[u8]]) -> [u8; HASH_SIZE] {
        let mut h = Sha256::new();
        for part in parts {
            h.update(part);
        }
        h.finalize().into()
    }

    #[test]
    fn leaf_hash_is_sha256_of_prefixed_data_at_every_length_around_a_block() {
        for len in 0..=130 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            assert_eq!(
                leaf_hash(&data).0,
                sha256(&[&[0x00], &data]),
                "length {len}"
            );
        }
    }

    #[test]
    fn node_hash_is_sha256_of_prefixed_children() {
        for seed in 0u8..=255 {
            let left = NodeHash([seed; HASH_SIZE]);
            let mut right = [0u8; HASH_SIZE];
            right
                .iter_mut()
                .enumerate()
                .for_each(|(i, b)| *b = seed ^ (i as u8).wrapping_mul(29));
            let right = NodeHash(right);
            assert_eq!(
                node_hash(&left, &right).0,
                sha256(&[&[0x01], &left.0, &right.0])
            );
        }
    }
}

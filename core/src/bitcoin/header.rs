//! The 80-byte Bitcoin block header.
//!
//! | bytes | field | encoding |
//! |---|---|---|
//! | 0..4 | version | little-endian `i32` |
//! | 4..36 | previous block hash | internal byte order |
//! | 36..68 | merkle root | internal byte order |
//! | 68..72 | `nTime`, seconds since 1970 UTC | little-endian `u32` |
//! | 72..76 | `nBits`, the compact target | little-endian `u32` |
//! | 76..80 | nonce | little-endian `u32` |
//!
//! The block hash is `SHA-256(SHA-256(header))`. See the Bitcoin developer reference, "Block
//! Headers".

use sha2::{Digest, Sha256};

use super::hash::{BlockHash, MerkleRoot};
use super::target::{Target, MAINNET_POW_LIMIT};
use super::time::utc;

/// Length of a serialised block header.
pub const HEADER_LENGTH: usize = 80;

/// A block header and its hash.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BlockHeader {
    bytes: [u8; HEADER_LENGTH],
    hash: BlockHash,
}

/// Whether a header's hash meets the target its own `nBits` sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofOfWork {
    /// The hash is at or below the target.
    Valid {
        /// The target is within Bitcoin mainnet's limit ([`MAINNET_POW_LIMIT`]). `false` for
        /// test-network headers, which take almost no work to make.
        mainnet_difficulty: bool,
    },
    /// The hash is above the target.
    HashAboveTarget,
    /// `nBits` is negative, zero or over 256 bits.
    InvalidBits,
}

impl BlockHeader {
    /// A header from its 80 bytes.
    pub fn from_bytes(bytes: [u8; HEADER_LENGTH]) -> Self {
        let hash = BlockHash::from_internal(Sha256::digest(Sha256::digest(bytes)).into());
        Self { bytes, hash }
    }

    /// The 80 bytes.
    pub fn as_bytes(&self) -> &[u8; HEADER_LENGTH] {
        &self.bytes
    }

    /// The block hash, the double SHA-256 of the header.
    pub fn hash(&self) -> BlockHash {
        self.hash
    }

    /// The version field.
    pub fn version(&self) -> i32 {
        i32::from_le_bytes(self.field_at(0))
    }

    /// The hash of the previous block.
    pub fn previous(&self) -> BlockHash {
        BlockHash::from_internal(self.field32(4))
    }

    /// The merkle root of the block's transactions (bytes 36..68).
    pub fn merkle_root(&self) -> MerkleRoot {
        MerkleRoot::from_internal(self.field32(36))
    }

    /// `nTime`: the block time in seconds since 1970-01-01 UTC.
    pub fn time(&self) -> u32 {
        u32::from_le_bytes(self.field_at(68))
    }

    /// The block time as RFC 3339 UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn time_utc(&self) -> String {
        utc(self.time())
    }

    /// `nBits`: the compact target.
    pub fn bits(&self) -> u32 {
        u32::from_le_bytes(self.field_at(72))
    }

    /// The nonce.
    pub fn nonce(&self) -> u32 {
        u32::from_le_bytes(self.field_at(76))
    }

    /// Checks the hash against the target of the header's own `nBits` (Bitcoin Core
    /// `CheckProofOfWork`, without its network limit, which [`ProofOfWork::Valid`] reports).
    pub fn proof_of_work(&self) -> ProofOfWork {
        match Target::from_compact(self.bits()) {
            None => ProofOfWork::InvalidBits,
            Some(target) if !target.is_met_by(&self.hash) => ProofOfWork::HashAboveTarget,
            Some(target) => ProofOfWork::Valid {
                mainnet_difficulty: target <= MAINNET_POW_LIMIT,
            },
        }
    }

    fn field_at(&self, at: usize) -> [u8; 4] {
        let mut out = [0; 4];
        out.copy_from_slice(&self.bytes[at..at + 4]);
        out
    }

    fn field32(&self, at: usize) -> [u8; 32] {
        let mut out = [0; 32];
        out.copy_from_slice(&self.bytes[at..at + 32]);
        out
    }
}

impl core::fmt::Debug for BlockHeader {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "BlockHeader({})", self.hash)
    }
}

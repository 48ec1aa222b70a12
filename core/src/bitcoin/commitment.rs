//! Checking that a message is the merkle root of a Bitcoin block, as an OpenTimestamps Bitcoin
//! attestation claims (python-opentimestamps `BitcoinBlockHeaderAttestation`: "the commitment
//! digest will be the merkleroot of the blockheader").
//!
//! The header is the one the set gives for the attestation's height; failing that, one given
//! without a height whose merkle root is the message. It must meet the target of its own `nBits`,
//! and its merkle root (bytes 36..68, internal byte order) must equal the message. The block
//! time is the header's `nTime`. Without a header the claim is still stated, unchecked.

use super::hash::MerkleRoot;
use super::header::{BlockHeader, ProofOfWork};
use super::header_set::HeaderSet;

/// What a header set says about "message is the merkle root of Bitcoin block `height`".
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockCheck {
    /// A header with valid proof of work has the message as its merkle root: the message
    /// existed by the header's time.
    Verified {
        /// The height the attestation names.
        height: u64,
        /// The header.
        header: BlockHeader,
        /// How the header was found: by this height, or by merkle root only (the set gave no
        /// height for it, so the attestation's height is not confirmed).
        found: FoundBy,
        /// The header's target is within Bitcoin mainnet's limit (`false`: a test-network
        /// header, which takes almost no work to make).
        mainnet_difficulty: bool,
    },
    /// The set has no header for it: "commits to merkle root `merkle_root` of Bitcoin block
    /// `height` — not checked against Bitcoin".
    NotChecked {
        /// The height the attestation names.
        height: u64,
        /// The message, the merkle root it claims.
        merkle_root: MerkleRoot,
    },
    /// The header given for the height has another merkle root.
    MerkleRootMismatch {
        /// The height.
        height: u64,
        /// The header given for it.
        header: BlockHeader,
        /// The message, the merkle root the attestation claims.
        claimed: MerkleRoot,
    },
    /// The header found does not meet its own target.
    ProofOfWorkFails {
        /// The height the attestation names.
        height: u64,
        /// The header.
        header: BlockHeader,
        /// [`ProofOfWork::HashAboveTarget`] or [`ProofOfWork::InvalidBits`].
        proof_of_work: ProofOfWork,
    },
    /// The message is not 32 bytes, so it cannot be a merkle root; no header can confirm it.
    NotAMerkleRoot {
        /// The height the attestation names.
        height: u64,
        /// The message's length.
        length: usize,
    },
}

/// How the header of a [`BlockCheck::Verified`] was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundBy {
    /// The set gives it for the attestation's height.
    Height,
    /// The set gives it without a height; its merkle root matched.
    MerkleRoot,
}

impl BlockCheck {
    /// Whether the claim was confirmed by a header.
    pub fn is_verified(&self) -> bool {
        matches!(self, Self::Verified { .. })
    }

    /// Whether the claim is shown false (or cannot be true).
    pub fn is_failure(&self) -> bool {
        !matches!(self, Self::Verified { .. } | Self::NotChecked { .. })
    }
}

impl HeaderSet {
    /// Checks the claim "`message` is the merkle root of Bitcoin block `height`" against the
    /// headers of this set (see the module documentation).
    pub fn verify_commitment(&self, height: u64, message: &[u8]) -> BlockCheck {
        let Some(claimed) = MerkleRoot::from_internal_slice(message) else {
            let length = message.len();
            return BlockCheck::NotAMerkleRoot { height, length };
        };
        let (listed, found) = match self.at_height(height) {
            Some(listed) => (listed, FoundBy::Height),
            None => match self.unnumbered_with_root(&claimed) {
                Some(listed) => (listed, FoundBy::MerkleRoot),
                None => {
                    return BlockCheck::NotChecked {
                        height,
                        merkle_root: claimed,
                    }
                }
            },
        };
        let header = listed.header.clone();
        let mainnet_difficulty = match header.proof_of_work() {
            ProofOfWork::Valid { mainnet_difficulty } => mainnet_difficulty,
            proof_of_work => {
                return BlockCheck::ProofOfWorkFails {
                    height,
                    header,
                    proof_of_work,
                };
            }
        };
        if header.merkle_root() != claimed {
            return BlockCheck::MerkleRootMismatch {
                height,
                header,
                claimed,
            };
        }
        BlockCheck::Verified {
            height,
            header,
            found,
            mainnet_difficulty,
        }
    }
}

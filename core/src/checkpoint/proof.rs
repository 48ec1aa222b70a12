//! C2SP tlog-proof (<https://c2sp.org/tlog-proof>): a checkpoint, a leaf index and the
//! inclusion proof of that leaf, verifiable offline.
//!
//! ```text
//! c2sp.org/tlog-proof@v1
//! [extra <base64>]
//! index <decimal>
//! <base64 hash>            (zero or more, leaf's sibling first)
//!
//! <signed checkpoint note, verbatim>
//! ```

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::{parse_decimal, parse_hash, Checkpoint, CheckpointError, SignedCheckpoint};
use crate::merkle::{InclusionProof, LeafHash, MerkleError, NodeHash};
use crate::note::Verifiers;

/// The first line of every tlog-proof.
pub const HEADER: &str = "c2sp.org/tlog-proof@v1";

/// A parsed tlog-proof. Nothing in it is trusted until [`TlogProof::verify`] succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlogProof {
    /// Opaque extra data (the `extra` line), not authenticated.
    pub extra: Option<Vec<u8>>,
    /// 0-based index of the entry in the log.
    pub index: u64,
    /// The inclusion proof of RFC 6962 §2.1.1, leaf's sibling first.
    pub path: Vec<NodeHash>,
    /// The signed checkpoint note, verbatim.
    pub checkpoint: String,
}

/// Why a tlog-proof could not be read or did not verify. Line numbers are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TlogProofError {
    /// The proof is not valid UTF-8.
    #[error("tlog-proof is not valid UTF-8")]
    NotUtf8,
    /// The first line is not [`HEADER`].
    #[error("line 1: expected {HEADER:?}")]
    MissingHeader,
    /// No empty line separates the proof from the checkpoint.
    #[error("no empty line before the checkpoint")]
    MissingCheckpoint,
    /// The `extra` line is not `extra <base64>`.
    #[error("line {line}: extra data is not strict standard base64")]
    InvalidExtra {
        /// The line.
        line: usize,
    },
    /// The `index` line is missing or not a decimal without leading zeros.
    #[error("line {line}: expected \"index <decimal without leading zeros>\"")]
    InvalidIndex {
        /// The line.
        line: usize,
    },
    /// A proof line is not base64 of 32 bytes.
    #[error("line {line}: proof hash is not base64 of 32 bytes")]
    InvalidHash {
        /// The line.
        line: usize,
    },
    /// The checkpoint is invalid or not signed by a trusted key.
    #[error("checkpoint: {0}")]
    Checkpoint(#[from] CheckpointError),
    /// The inclusion proof does not verify against the checkpoint.
    #[error("inclusion proof: {0}")]
    Inclusion(#[from] MerkleError),
}

impl TlogProof {
    /// Reads a tlog-proof (C2SP tlog-proof "Format"). The checkpoint is kept verbatim and
    /// checked only by [`TlogProof::verify`].
    ///
    /// # Errors
    /// A [`TlogProofError`] naming the line.
    pub fn parse(bytes: &[u8]) -> Result<Self, TlogProofError> {
        let s = core::str::from_utf8(bytes).map_err(|_| TlogProofError::NotUtf8)?;
        let (head, checkpoint) = s
            .split_once("\n\n")
            .ok_or(TlogProofError::MissingCheckpoint)?;
        let mut lines = head.split('\n').zip(1..);
        if lines.next().map(|(l, _)| l) != Some(HEADER) {
            return Err(TlogProofError::MissingHeader);
        }
        let (mut line, mut n) = lines
            .next()
            .ok_or(TlogProofError::InvalidIndex { line: 2 })?;
        let mut extra = None;
        if let Some(b64) = line.strip_prefix("extra ") {
            extra = Some(
                STANDARD
                    .decode(b64)
                    .map_err(|_| TlogProofError::InvalidExtra { line: n })?,
            );
            (line, n) = lines
                .next()
                .ok_or(TlogProofError::InvalidIndex { line: n + 1 })?;
        }
        let index = line
            .strip_prefix("index ")
            .and_then(parse_decimal)
            .ok_or(TlogProofError::InvalidIndex { line: n })?;
        let path = lines
            .map(|(l, n)| {
                parse_hash(l)
                    .map(NodeHash::from_bytes)
                    .ok_or(TlogProofError::InvalidHash { line: n })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            extra,
            index,
            path,
            checkpoint: checkpoint.to_owned(),
        })
    }

    /// The tlog-proof text.
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\n");
        if let Some(extra) = &self.extra {
            out.push_str(&format!("extra {}\n", STANDARD.encode(extra)));
        }
        out.push_str(&format!("index {}\n", self.index));
        for h in &self.path {
            out.push_str(&format!("{}\n", STANDARD.encode(h.as_bytes())));
        }
        out.push('\n');
        out.push_str(&self.checkpoint);
        out
    }

    /// Opens the checkpoint with `verifiers` and `origin` (see [`Checkpoint::open`]) and checks
    /// that `leaf` is at [`TlogProof::index`] of the checkpointed tree (RFC 9162 §2.1.3.2).
    ///
    /// # Errors
    /// [`TlogProofError::Checkpoint`] or [`TlogProofError::Inclusion`].
    pub fn verify(
        &self,
        leaf: &LeafHash,
        verifiers: &Verifiers,
        origin: &str,
    ) -> Result<SignedCheckpoint, TlogProofError> {
        let signed = Checkpoint::open(self.checkpoint.as_bytes(), verifiers, origin)?;
        let proof = InclusionProof {
            leaf_index: self.index,
            tree_size: signed.checkpoint.size,
            path: self.path.clone(),
        };
        signed.checkpoint.root.verify_inclusion(leaf, &proof)?;
        Ok(signed)
    }
}

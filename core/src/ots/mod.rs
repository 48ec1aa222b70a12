//! OpenTimestamps proofs, read and run offline exactly as the reference implementation
//! (python-opentimestamps 0.4.5, which nexuscone 0.2.1 uses) reads them.
//!
//! - `wire` (private): `varuint` and `varbytes`, the primitives of `core/serialize.py`.
//! - [`op`]: [`Op`] and [`HashOp`], the operations on the edges (`core/op.py`) and their limits.
//! - [`attestation`]: [`Attestation`], the leaves: Bitcoin, Litecoin, Ethereum, pending, unknown
//!   (`core/notary.py`).
//! - [`timestamp`]: [`Timestamp`], the tree for a start message, read and serialised
//!   (`Timestamp.deserialize` / `serialize`).
//! - [`execute`]: [`Timestamp::attestations`], every attestation with the message it commits to.
//! - [`file`](mod@file): [`OtsFile`], the `.ots` file around a timestamp (`DetachedTimestampFile`).
//! - [`error`]: [`OtsError`], what could not be read and at which byte.
//!
//! Nexuscone stores a bare timestamp in `anchors.ots_proof_blob`, starting from the raw 32 bytes
//! of `chain_head_hash`: `Timestamp::parse(blob, &head_hash)`.
//!
//! What this module is NOT: it does not decide whether an attestation holds. A Bitcoin
//! attestation says "this message is the merkle root of block N"; only a block header can
//! confirm that ([`crate::bitcoin::HeaderSet::verify_commitment`]). Pending attestations need a
//! calendar and the network, which this crate never uses. Litecoin, Ethereum and unknown
//! attestations are listed, not checked.

pub mod attestation;
pub mod error;
pub mod execute;
pub mod file;
pub mod op;
pub mod timestamp;
mod wire;

pub use attestation::Attestation;
pub use error::{Field, OpLimit, OtsError, OtsErrorKind};
pub use execute::{Attestations, Reached};
pub use file::OtsFile;
pub use op::{HashOp, Op};
pub use timestamp::{Branch, Node, Timestamp};

/// Longest message an operation accepts (`Op.MAX_MSG_LENGTH`); also the longest start message.
pub const MAX_MSG_LENGTH: usize = 4096;
/// Longest result an operation may give (`Op.MAX_RESULT_LENGTH`); also the longest append or
/// prepend argument.
pub const MAX_RESULT_LENGTH: usize = 4096;
/// Most operations on one path from the start message (the `_recursion_limit` of
/// `Timestamp.deserialize`): a node 256 operations deep is refused.
pub const MAX_DEPTH: usize = 256;

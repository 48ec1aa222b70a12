//! Bitcoin block headers as a trust input: what confirms an OpenTimestamps Bitcoin attestation
//! offline.
//!
//! - [`header`]: [`BlockHeader`], the 80-byte header, its double-SHA-256 hash, fields and
//!   [`ProofOfWork`] check.
//! - [`hash`]: [`BlockHash`] and [`MerkleRoot`], kept in internal byte order, printed reversed
//!   as explorers print them.
//! - [`target`]: [`Target`], the compact `nBits` target, and [`MAINNET_POW_LIMIT`].
//! - [`header_set`]: [`HeaderSet`], the headers a user vouches for, read from text
//!   (`HEIGHT HEX` or `HEX` per line).
//! - [`commitment`]: [`HeaderSet::verify_commitment`] and its outcome [`BlockCheck`].
//! - [`error`]: [`HeaderSetError`], with the line.
//!
//! What this module is NOT: a Bitcoin node. It does not check that headers chain together or
//! that they are on the chain with the most work; the user vouches for the headers they supply
//! (for instance from their own node, `bitcoin-cli getblockheader HASH false`). What it does
//! check is that each header used hashes below its own target and has the claimed merkle root.

pub mod commitment;
pub mod error;
pub mod hash;
pub mod header;
pub mod header_set;
pub mod target;
mod time;

pub use commitment::{BlockCheck, FoundBy};
pub use error::{HeaderLineError, HeaderSetError};
pub use hash::{BlockHash, MerkleRoot};
pub use header::{BlockHeader, ProofOfWork, HEADER_LENGTH};
pub use header_set::{HeaderSet, ListedHeader};
pub use target::{Target, MAINNET_POW_LIMIT};

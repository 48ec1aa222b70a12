//! Spreading a verification's independent checks over workers that share no
//! memory (Web Workers, Node's `worker_threads`).
//!
//! A verification splits in two ([`crate::chain`]): the checks of one entry that
//! depend on nothing else ([`EntryCheck::compute`]: its hash, its canonical payload,
//! its signature), which cost nearly all the time, and the in-order part
//! ([`ChainVerifier::accept`](crate::chain::ChainVerifier::accept): links, ids,
//! statuses, witnesses, the report), which is cheap. A coordinator reads the ledger,
//! sends batches of entries to helpers ([`encode_entries`]) with the key ring
//! ([`encode_keys`]), each helper answers with the batch's checks
//! ([`check_entries`]), and the coordinator accepts them in the order of the
//! entries ([`InOrder`], [`PooledVerification`]). The report is the one a single
//! [`ChainVerifier::push`](crate::chain::ChainVerifier::push) loop gives, whichever
//! helper finishes first.
//!
//! The messages are compact byte buffers ([`wire`] gives the layouts), so that a
//! front end moves one transferable buffer per batch instead of an object per entry.
//!
//! What this module is NOT: a thread pool. It spawns nothing and does no I/O; the
//! front ends own the workers and move the bytes.

mod checks;
mod entries;
mod in_order;
mod keys;
mod stream;
pub mod wire;

pub use checks::{check_entries, decode_checks, CheckedBatch, Leaves};
pub use entries::{decode_entries, encode_entries, EntryBatch, Returns};
pub use in_order::InOrder;
pub use keys::{decode_keys, encode_keys};
pub use stream::{PoolError, PooledVerification};
pub use wire::WireError;

#[cfg(doc)]
use crate::chain::EntryCheck;

/// Entries per batch: enough that a message costs little beside the checks it
/// carries, few enough that the coordinator can check one itself between turns of
/// its event loop.
pub const BATCH_ENTRIES: usize = 1024;

//! Streaming verification of a Nexuscone hash chain.
//!
//! Follows `Ledger.verify_chain` (nexuscone 0.2.1) check for check, in its order:
//! for each entry in `entry_id` order, the link (`previous_hash` equals the prior
//! stored `entry_hash`, 64 zeros for the first), then the recomputed hash, then
//! the signature when keys are known. Unlike the Python library it does not stop
//! at the first problem, and it also checks what Python leaves out: `entry_id`
//! gaps and order, witness attestations against the entries they attest, the
//! canonical form of stored payloads, and (as a policy) missing signatures.
//!
//! Entries are consumed one at a time ([`ChainVerifier::push`]), so memory does
//! not grow with the length of the ledger. The per-entry work that does not
//! depend on other entries ([`EntryCheck::compute`]) can run in parallel.
//!
//! One file per concept:
//! * `options`: what to verify against ([`VerifyOptions`]);
//! * `entry_check`: the checks that need no other entry ([`EntryCheck`]);
//! * `verifier`: the stream ([`ChainVerifier`]), which runs, per entry:
//!   * `links`: order, gaps and `previous_hash`;
//!   * `content`: the recomputed hash, the format-3 commitment, redactions, canonical payloads;
//!   * `signatures`: signatures, the signature policy, the per-key summary;
//!   * `attestations`: witness attestations against the entries they attest;
//!   * `anchors`: anchors bound to the entries they name;
//!   * `by_entry`: for those two, the checks waiting for each entry;
//! * and, at the end, `coverage` (what protects which entries) and `limits` (what
//!   could not be shown); `findings` keeps the findings, counted and capped.

mod anchors;
mod attestations;
mod by_entry;
mod content;
mod coverage;
mod entry_check;
mod findings;
mod limits;
mod links;
mod options;
mod signatures;
mod verifier;

pub use entry_check::EntryCheck;
pub use options::VerifyOptions;
pub use verifier::ChainVerifier;

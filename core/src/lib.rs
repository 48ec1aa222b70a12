//! Byte-exact verification, proofs and writing for Nexuscone audit ledgers.
//!
//! Nexuscone (the Python library, PyPI `nexuscone` 0.2.1) stores audit events as a
//! SHA-256 hash chain with optional Ed25519 signatures and witness attestations.
//! This crate reproduces its rules byte for byte and adds what the chain alone
//! cannot prove: RFC 9162 Merkle proofs, signed checkpoints, redaction and
//! selective disclosure.
//!
//! What this crate is NOT: it does no I/O. It reads no files, opens no databases
//! and makes no network calls. Callers hand it bytes and values and get values and
//! reports back; files, SQLite, the DOM and JavaScript live in the CLI, `wasm/`
//! and `web/`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod anchor;
pub mod assurance;
pub mod bitcoin;
pub mod canonical;
pub mod chain;
pub mod checkpoint;
pub mod command;
pub mod disclosure;
pub mod drift;
pub mod entry;
pub mod export;
pub mod input;
pub mod merkle;
pub mod mistyped;
pub mod note;
mod order;
pub mod ots;
pub mod pool;
pub mod redaction;
pub mod report;
pub mod signature;
pub mod sqlite;
#[cfg(feature = "tst")]
pub mod tst;
pub mod witness;
pub mod writer;

//! The two text formats a ledger travels in outside SQLite (see `docs/FORMAT.md`):
//! JSONL, one `entries` row per line ([`jsonl`]), and the bundle, one JSON document
//! carrying entries, public keys, witnesses, attestations and anchors ([`bundle`]).
//!
//! Both are written as canonical JSON, so the Python reference
//! (`json.dumps(row, sort_keys=True, separators=(",", ":"))`) writes the same bytes.

pub mod bundle;
mod entry_line;
pub mod jsonl;
mod row;

pub use row::{entry_to_value, row_from_value, Row};

use thiserror::Error;

use crate::canonical::ParseError;

/// Input that could not be read as a ledger export. Each variant says where.
#[derive(Debug, Error, PartialEq)]
pub enum ReadError {
    /// The text at `location` is not JSON as Python's `json.loads` accepts it.
    #[error("{location}: invalid JSON: {source}")]
    Json {
        /// Where: `line 5`, or `bundle`.
        location: String,
        /// What the parser found.
        source: ParseError,
    },
    /// A field is missing or has the wrong type or form.
    #[error("{location}: {message}")]
    Field {
        /// Where: `line 5, field entry_hash` or `entries[3].entry_hash`.
        location: String,
        /// What was expected and what was found.
        message: String,
    },
}

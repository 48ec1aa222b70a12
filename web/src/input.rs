//! A file the user handed us, as the report records it: name, format, size, SHA-256.
//! Which format it is, and how it is read, is core's (`nexuscone_core::input`).

use nexuscone_core::input::Format;
use serde::{Deserialize, Serialize};

/// What the report records of the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputInfo {
    /// The file name, or a description for pasted text.
    pub name: String,
    /// How it was read.
    pub format: Format,
    /// Its length in bytes.
    pub bytes: u64,
    /// Lowercase hex SHA-256 of the whole file.
    pub sha256: String,
}

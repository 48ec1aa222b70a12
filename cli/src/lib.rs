//! The `nexuscone` command line as a library: the subcommands, format detection
//! and the read-only SQLite reader, so that the fuzz targets in `fuzz/` and tests
//! can drive exactly the code the binary runs. `main.rs` only parses arguments.
//!
//! Exit codes, as the Python `nexuscone-verify`: 0 when everything checked is
//! valid, 1 when verification fails, and 2 for unreadable or malformed input or bad
//! usage (Python exits 1 with a traceback there; we say what and where instead).

pub mod anchors;
pub mod commands;
pub mod disclosure;
pub mod ledger;
pub mod proofs;
pub mod sqlite;

/// Input we could not read: reported with exit code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl From<nexuscone_core::input::InputError> for InputError {
    fn from(error: nexuscone_core::input::InputError) -> InputError {
        InputError(error.to_string())
    }
}

impl From<nexuscone_core::input::TrustError> for InputError {
    fn from(error: nexuscone_core::input::TrustError) -> InputError {
        InputError(error.to_string())
    }
}

impl From<nexuscone_core::command::CommandError> for InputError {
    fn from(error: nexuscone_core::command::CommandError) -> InputError {
        InputError(error.to_string())
    }
}

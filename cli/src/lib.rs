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

use nexuscone_core::input::{ErrorKind, LocatedError};

/// Input we could not read, or arguments that do not fit: exit code 2. Its kind and
/// location are the core's ([`LocatedError`], `docs/FORMAT.md` "Input error kinds");
/// `verify --json` prints it as `{"error": {...}}` on stdout.
#[derive(Debug)]
pub struct InputError(pub LocatedError);

impl InputError {
    /// An error of `kind`, with no location.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> InputError {
        InputError(LocatedError::new(kind, message))
    }

    /// A file that cannot be opened, read or written.
    pub fn io(message: impl Into<String>) -> InputError {
        InputError::new(ErrorKind::Io, message)
    }

    /// Arguments that do not fit together.
    pub fn usage(message: impl Into<String>) -> InputError {
        InputError::new(ErrorKind::Usage, message)
    }

    /// The same error, its sentence prefixed with the input's name: `NAME: MESSAGE`.
    pub fn in_input(self, name: &str) -> InputError {
        InputError(self.0.in_input(name))
    }

    /// The sentence.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl From<nexuscone_core::input::InputError> for InputError {
    fn from(error: nexuscone_core::input::InputError) -> InputError {
        InputError(LocatedError::from(&error))
    }
}

impl From<nexuscone_core::input::TrustError> for InputError {
    fn from(error: nexuscone_core::input::TrustError) -> InputError {
        InputError(LocatedError::from(&error))
    }
}

impl From<nexuscone_core::command::CommandError> for InputError {
    fn from(error: nexuscone_core::command::CommandError) -> InputError {
        InputError(LocatedError::from(&error))
    }
}

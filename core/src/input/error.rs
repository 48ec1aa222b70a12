//! Why an input could not be read as a ledger, or a trust input not read at all.

use thiserror::Error;

use crate::checkpoint::CheckpointError;
use crate::export::ReadError;
use crate::note::KeyError as NoteKeyError;
use crate::signature::KeyError;
use crate::sqlite::tables::TableError;

use super::format::Hint;
use super::located::{key_location, read_kind, table_kind, table_location, ErrorKind, Location};

/// Input that is not a ledger at all, or not readable as one: a front end's exit
/// code 2. A tampered value in a readable ledger is a finding, never this.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum InputError {
    /// Nothing but whitespace.
    #[error("{}", empty_message(*hint))]
    Empty {
        /// What the name suggested.
        hint: Hint,
    },
    /// A JSONL line that is not an entry row.
    #[error("{error}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// Byte offset of the line in the input.
        offset: u64,
        /// What is wrong (its location names the line).
        error: ReadError,
    },
    /// A bundle that is not JSON or not a version-1 bundle.
    #[error("{0}")]
    Bundle(ReadError),
    /// An SQLite database that cannot be read, or is not a Nexuscone ledger.
    #[error(transparent)]
    Sqlite(#[from] TableError),
    /// A database in WAL mode, whose newest pages may sit in a `-wal` file.
    #[error("the database is in WAL mode: its newest entries may sit in a -wal file that was not read. Checkpoint it first (sqlite3 ledger.sqlite 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;')")]
    WalMode,
    /// A selective-disclosure bundle where a ledger was expected.
    #[error("this is a selective-disclosure bundle, not a ledger: verify it as a disclosure")]
    Disclosure,
}

fn empty_message(hint: Hint) -> &'static str {
    match hint {
        Hint::Sqlite => "the file is empty: not an SQLite 3 database (byte 0: no header)",
        Hint::None => "the input is empty: no ledger in it",
    }
}

impl InputError {
    /// The byte offset in the input where the problem is, when known.
    pub fn offset(&self) -> Option<u64> {
        match self {
            InputError::Line {
                offset,
                error: ReadError::Json { source, .. },
                ..
            } => Some(offset + source.offset as u64),
            InputError::Line { offset, .. } => Some(*offset),
            InputError::Bundle(ReadError::Json { source, .. }) => Some(source.offset as u64),
            InputError::Empty { .. } => Some(0),
            _ => None,
        }
    }

    /// The 1-based JSONL line, for errors at a line.
    pub fn line(&self) -> Option<usize> {
        match self {
            InputError::Line { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The stable kind (`docs/FORMAT.md`, "Input error kinds").
    pub fn kind(&self) -> ErrorKind {
        match self {
            InputError::Empty { .. } => ErrorKind::EmptyInput,
            InputError::Line { error, .. } | InputError::Bundle(error) => read_kind(error),
            InputError::Sqlite(error) => table_kind(error),
            InputError::WalMode => ErrorKind::WalMode,
            InputError::Disclosure => ErrorKind::DisclosureBundle,
        }
    }

    /// Where in the input: line and byte offset, the entry or the key, as known.
    pub fn location(&self) -> Location {
        let at = match self {
            InputError::Sqlite(error) => table_location(error),
            _ => Location::default(),
        };
        Location {
            line: self.line(),
            offset: self.offset(),
            ..at
        }
    }
}

/// A trust input (keys, verifier keys, a checkpoint) that could not be read. The
/// user supplied it, so it is refused outright rather than failing every entry.
#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrustError {
    /// A key file that is neither a JSON object of id to hex key nor `id hex` lines.
    #[error("{input}{}: {message}", at_line(*line))]
    KeyFile {
        /// Where it came from (a file name, an option name).
        input: String,
        /// The 1-based line, for the line form.
        line: Option<usize>,
        /// What was expected and found.
        message: String,
    },
    /// An entry-signing or witness public key that is not an Ed25519 key.
    #[error("{input}: {error}")]
    Key {
        /// Where it came from.
        input: String,
        /// What is wrong with it.
        error: KeyError,
    },
    /// A note verifier key that cannot be read.
    #[error("{input}{}: {error} (expected name+hash+base64)", at_line(Some(*line)))]
    VerifierKey {
        /// Where it came from.
        input: String,
        /// The 1-based line.
        line: usize,
        /// What is wrong with it.
        error: NoteKeyError,
    },
    /// A checkpoint supplied before any note verifier key.
    #[error("{input}: a checkpoint needs at least one note verifier key (name+hash+base64) to verify it with")]
    NoVerifierKeys {
        /// Where the checkpoint came from.
        input: String,
    },
    /// A checkpoint note that does not open with the verifier keys.
    #[error("{input}: {error}")]
    Checkpoint {
        /// Where it came from.
        input: String,
        /// Why it does not open.
        error: CheckpointError,
    },
    /// Bitcoin block headers that cannot be read.
    #[error("{input}: {error}")]
    BitcoinHeaders {
        /// Where they came from.
        input: String,
        /// The line and what is wrong with it.
        error: crate::bitcoin::HeaderSetError,
    },
    /// TSA root certificates that cannot be read.
    #[cfg(feature = "tst")]
    #[error("{input}: {error}")]
    TsaRoots {
        /// Where they came from.
        input: String,
        /// What is wrong with them.
        error: crate::tst::RootsError,
    },
    /// Bitcoin headers or TSA roots given to a build that does not check anchor proofs
    /// itself (no `tst` feature).
    #[cfg(not(feature = "tst"))]
    #[error(
        "{input}: this build does not check anchor proofs itself, so it takes no Bitcoin headers or TSA roots"
    )]
    AnchorTrustUnsupported {
        /// Where they came from.
        input: String,
    },
}

impl TrustError {
    /// The stable kind (`docs/FORMAT.md`, "Input error kinds").
    pub fn kind(&self) -> ErrorKind {
        match self {
            TrustError::KeyFile { .. } => ErrorKind::InvalidKeyFile,
            TrustError::Key { .. } => ErrorKind::InvalidKey,
            TrustError::VerifierKey { .. } => ErrorKind::InvalidVerifierKey,
            TrustError::NoVerifierKeys { .. } => ErrorKind::NoVerifierKeys,
            TrustError::Checkpoint { .. } => ErrorKind::InvalidCheckpoint,
            TrustError::BitcoinHeaders { .. } => ErrorKind::InvalidBitcoinHeaders,
            #[cfg(feature = "tst")]
            TrustError::TsaRoots { .. } => ErrorKind::InvalidTsaRoots,
            #[cfg(not(feature = "tst"))]
            TrustError::AnchorTrustUnsupported { .. } => ErrorKind::Usage,
        }
    }

    /// Where in the trust input: the line of a text form, the id of a bad key.
    pub fn location(&self) -> Location {
        let at_line = |line: Option<usize>| Location {
            line,
            ..Location::default()
        };
        match self {
            TrustError::Key { error, .. } => key_location(error),
            TrustError::KeyFile { line, .. } => at_line(*line),
            TrustError::VerifierKey { line, .. } => at_line(Some(*line)),
            TrustError::BitcoinHeaders { error, .. } => at_line(Some(error.line)),
            _ => Location::default(),
        }
    }
}

fn at_line(line: Option<usize>) -> String {
    line.map(|n| format!(", line {n}")).unwrap_or_default()
}

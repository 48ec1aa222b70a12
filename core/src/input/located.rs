//! Input errors as every front end reports them: a stable [`ErrorKind`], the
//! sentence, and where in the input ([`Location`]) as typed data
//! (`docs/FORMAT.md`, "Input error kinds"). The CLI prints a [`LocatedError`] as
//! `--json`'s `{"error": {...}}`, wasm hands its fields to JavaScript, the viewer
//! shows them as `data-error-*` attributes: one shape, decided here.
//!
//! Every error type of the input layer says its kind and location
//! ([`InputError::kind`], [`TrustError::kind`], ...); [`LocatedError::from`] joins them
//! with the sentence.

use serde::{Deserialize, Serialize};

use crate::canonical::ParseError;
use crate::disclosure::DisclosureError;
use crate::export::ReadError;
use crate::signature::KeyError;
use crate::sqlite::tables::{RowAt, Table, TableError};

use super::error::{InputError, TrustError};

/// What kind of input could not be read (`docs/FORMAT.md`, "Input error kinds").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// Zero bytes, or only whitespace and a BOM.
    EmptyInput,
    /// Text that is not JSON (or is cut off), in a JSONL line or a bundle.
    InvalidJson,
    /// JSON that is not an entry row or a bundle: a member missing or of the wrong form.
    InvalidRow,
    /// An SQLite file that cannot be read (a bad header, a truncated or damaged page).
    InvalidSqlite,
    /// A readable database that is not a Nexuscone ledger (no `entries` table).
    NotALedger,
    /// A Nexuscone table that lacks a column of its schema.
    UnknownSchema,
    /// A database value its column cannot hold.
    InvalidValue,
    /// A database in WAL mode, whose newest pages may be in a `-wal` file.
    WalMode,
    /// A selective-disclosure bundle where a ledger was expected.
    DisclosureBundle,
    /// A public key that is not a 32-byte Ed25519 key in hex.
    InvalidKey,
    /// A key file in none of the key-file forms.
    InvalidKeyFile,
    /// A note verifier key that is not `name+hash+base64`.
    InvalidVerifierKey,
    /// A checkpoint given without a note verifier key.
    NoVerifierKeys,
    /// A checkpoint note that does not open with the verifier keys.
    InvalidCheckpoint,
    /// Bitcoin block headers that cannot be read.
    InvalidBitcoinHeaders,
    /// TSA root certificates that cannot be read (or a build that takes none).
    InvalidTsaRoots,
    /// A disclosure bundle that is not the canonical JSON of its value.
    NotCanonical,
    /// A proof file, or a proof request that does not fit the ledger.
    InvalidProof,
    /// A file that cannot be opened, read or written.
    Io,
    /// Arguments or options that do not fit together.
    Usage,
    /// The verifier itself failed, not the input: a worker that checks entries for
    /// it stopped or answered something that fits no batch it was sent.
    Internal,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 21] = [
        ErrorKind::EmptyInput,
        ErrorKind::InvalidJson,
        ErrorKind::InvalidRow,
        ErrorKind::InvalidSqlite,
        ErrorKind::NotALedger,
        ErrorKind::UnknownSchema,
        ErrorKind::InvalidValue,
        ErrorKind::WalMode,
        ErrorKind::DisclosureBundle,
        ErrorKind::InvalidKey,
        ErrorKind::InvalidKeyFile,
        ErrorKind::InvalidVerifierKey,
        ErrorKind::NoVerifierKeys,
        ErrorKind::InvalidCheckpoint,
        ErrorKind::InvalidBitcoinHeaders,
        ErrorKind::InvalidTsaRoots,
        ErrorKind::NotCanonical,
        ErrorKind::InvalidProof,
        ErrorKind::Io,
        ErrorKind::Usage,
        ErrorKind::Internal,
    ];

    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::EmptyInput => "empty_input",
            ErrorKind::InvalidJson => "invalid_json",
            ErrorKind::InvalidRow => "invalid_row",
            ErrorKind::InvalidSqlite => "invalid_sqlite",
            ErrorKind::NotALedger => "not_a_ledger",
            ErrorKind::UnknownSchema => "unknown_schema",
            ErrorKind::InvalidValue => "invalid_value",
            ErrorKind::WalMode => "wal_mode",
            ErrorKind::DisclosureBundle => "disclosure_bundle",
            ErrorKind::InvalidKey => "invalid_key",
            ErrorKind::InvalidKeyFile => "invalid_key_file",
            ErrorKind::InvalidVerifierKey => "invalid_verifier_key",
            ErrorKind::NoVerifierKeys => "no_verifier_keys",
            ErrorKind::InvalidCheckpoint => "invalid_checkpoint",
            ErrorKind::InvalidBitcoinHeaders => "invalid_bitcoin_headers",
            ErrorKind::InvalidTsaRoots => "invalid_tsa_roots",
            ErrorKind::NotCanonical => "not_canonical",
            ErrorKind::InvalidProof => "invalid_proof",
            ErrorKind::Io => "io",
            ErrorKind::Usage => "usage",
            ErrorKind::Internal => "internal",
        }
    }
}

/// Where in an input the problem is; each member only when known.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Location {
    /// The 1-based line of a JSONL input or a text trust input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The byte offset in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// The `entry_id` of the row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<i64>,
    /// The key id of a key-file key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// An input error as a front end reports it: kind, sentence and location. Serialised
/// as `{"kind", "message", "line", "offset", "entry_id", "key"}`, absent members left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocatedError {
    /// What kind of problem.
    pub kind: ErrorKind,
    /// The sentence, naming the input and the place.
    pub message: String,
    /// Where.
    #[serde(flatten)]
    pub location: Location,
}

/// The document of input that could not be read: `{"error": {kind, message, line,
/// ...}}`, which `verify --json` prints (exit code 2) and the viewer offers to
/// download, so that an auditor can file the located error. Each front end writes it
/// with its JSON writer (the CLI and the viewer: `serde_json`, pretty).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ErrorDocument<'a> {
    /// The error.
    pub error: &'a LocatedError,
}

impl LocatedError {
    /// An error of `kind` with no location.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> LocatedError {
        LocatedError {
            kind,
            message: message.into(),
            location: Location::default(),
        }
    }

    /// A file `name` that cannot be opened or read (`action`: `cannot open`, `cannot
    /// read`): `NAME: ACTION: REASON`, the reason worded as Rust's `std::io::Error`
    /// words the OS error `errno` (`No such file or directory (os error 2)`), so that
    /// every front end prints the CLI's sentence. An error without a number in
    /// [`OS_ERRORS`] keeps the front end's own `detail`.
    pub fn io(name: &str, action: &str, errno: Option<i32>, detail: &str) -> LocatedError {
        let known = errno.and_then(|n| OS_ERRORS.iter().find(|(code, _)| *code == n));
        let reason = match known {
            Some((code, text)) => format!("{text} (os error {code})"),
            None => detail.to_owned(),
        };
        LocatedError::new(ErrorKind::Io, format!("{name}: {action}: {reason}"))
    }

    /// The same error, its sentence prefixed with the input's name: `NAME: MESSAGE`.
    pub fn in_input(mut self, name: &str) -> LocatedError {
        self.message = format!("{name}: {}", self.message);
        self
    }
}

/// The OS errors a file being opened or read commonly meets, by their Linux number,
/// in glibc's `strerror` words (which Rust's `std::io::Error` prints).
const OS_ERRORS: &[(i32, &str)] = &[
    (1, "Operation not permitted"),
    (2, "No such file or directory"),
    (5, "Input/output error"),
    (13, "Permission denied"),
    (20, "Not a directory"),
    (21, "Is a directory"),
    (24, "Too many open files"),
    (36, "File name too long"),
    (40, "Too many levels of symbolic links"),
];

impl std::fmt::Display for LocatedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<&InputError> for LocatedError {
    fn from(error: &InputError) -> LocatedError {
        LocatedError {
            kind: error.kind(),
            message: error.to_string(),
            location: error.location(),
        }
    }
}

impl From<&TrustError> for LocatedError {
    fn from(error: &TrustError) -> LocatedError {
        LocatedError {
            kind: error.kind(),
            message: error.to_string(),
            location: error.location(),
        }
    }
}

impl From<&ParseError> for LocatedError {
    fn from(error: &ParseError) -> LocatedError {
        LocatedError {
            kind: ErrorKind::InvalidJson,
            message: error.to_string(),
            location: Location {
                line: Some(error.line),
                offset: Some(error.offset as u64),
                ..Location::default()
            },
        }
    }
}

impl From<&DisclosureError> for LocatedError {
    fn from(error: &DisclosureError) -> LocatedError {
        let located = LocatedError::new(ErrorKind::InvalidRow, error.to_string());
        match error {
            DisclosureError::Json(parse) => LocatedError {
                message: located.message,
                ..LocatedError::from(parse)
            },
            DisclosureError::NotCanonical { offset } => LocatedError {
                kind: ErrorKind::NotCanonical,
                location: Location {
                    offset: Some(*offset as u64),
                    ..Location::default()
                },
                ..located
            },
            _ => located,
        }
    }
}

impl From<&TableError> for LocatedError {
    fn from(error: &TableError) -> LocatedError {
        LocatedError {
            kind: table_kind(error),
            message: error.to_string(),
            location: table_location(error),
        }
    }
}

/// The kind of an export read error: bad JSON, or JSON that is no row or bundle.
pub(super) fn read_kind(error: &ReadError) -> ErrorKind {
    match error {
        ReadError::Json { .. } => ErrorKind::InvalidJson,
        ReadError::Field { .. } => ErrorKind::InvalidRow,
    }
}

/// The kind of an SQLite table error.
pub(super) fn table_kind(error: &TableError) -> ErrorKind {
    match error {
        TableError::NoEntries => ErrorKind::NotALedger,
        TableError::MissingColumn { .. } | TableError::HalfVersioned => ErrorKind::UnknownSchema,
        TableError::Value { .. } => ErrorKind::InvalidValue,
        TableError::File(_) => ErrorKind::InvalidSqlite,
    }
}

/// Where an SQLite table error is: the entry, for a value of an `entries` row.
pub(super) fn table_location(error: &TableError) -> Location {
    match error {
        TableError::Value {
            table: Table::Entries,
            row: RowAt::Id(id),
            ..
        } => Location {
            entry_id: Some(*id),
            ..Location::default()
        },
        _ => Location::default(),
    }
}

/// The key id a key error names.
pub(super) fn key_location(error: &KeyError) -> Location {
    let (KeyError::BadHex { key_id, .. } | KeyError::BadPoint { key_id }) = error;
    Location {
        key: Some(key_id.clone()),
        ..Location::default()
    }
}

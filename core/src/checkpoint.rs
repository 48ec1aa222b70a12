//! C2SP tlog-checkpoint (<https://c2sp.org/tlog-checkpoint>): a log's signed tree head.
//!
//! The note text is the origin line, the tree size in decimal, the base64 RFC 6962 root hash
//! and optional extension lines. [`Checkpoint`] parses and formats that text;
//! [`Checkpoint::open`] reads it out of a signed note verified with [`crate::note`], and
//! [`Checkpoint::sign`] writes one. [`proof`] reads and writes C2SP tlog-proof files, which
//! carry a checkpoint with an inclusion proof.
//!
//! What this module is NOT: it does not check proofs against the checkpoint (use the
//! [`RootHash`] verbs in [`crate::merkle`]) and does not fetch anything.

pub mod check;
pub mod consistency;
pub mod proof;

use core::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::merkle::{RootHash, HASH_SIZE};
use crate::note::{self, NoteError, SignerKey, VerifiedNote, Verifiers};

/// A log's tree head: origin, size and root, plus opaque extension lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity, e.g. `example.com/log42`.
    pub origin: String,
    /// Number of leaves in the tree.
    pub size: u64,
    /// RFC 6962 root of the tree at `size`.
    pub root: RootHash,
    /// Extension lines, each non-empty, without their newlines.
    pub extensions: Vec<String>,
}

/// A checkpoint read from a note whose signatures were verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    /// The checkpoint.
    pub checkpoint: Checkpoint,
    /// The note it came from, with which signatures verified.
    pub note: VerifiedNote,
}

/// Why a checkpoint could not be read or written. Line numbers are 1-based in the note text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckpointError {
    /// The signed note around the checkpoint is invalid.
    #[error(transparent)]
    Note(#[from] NoteError),
    /// The text does not end with a newline.
    #[error("checkpoint text does not end with a newline")]
    MissingFinalNewline,
    /// Fewer than the three mandatory lines.
    #[error("checkpoint has {found} lines, needs at least 3 (origin, size, root)")]
    TooFewLines {
        /// Number of lines found.
        found: usize,
    },
    /// A line is empty: the origin or an extension line.
    #[error("line {line}: empty line in checkpoint")]
    EmptyLine {
        /// The line.
        line: usize,
    },
    /// The origin is not the expected one.
    #[error("line 1: origin {found:?}, expected {expected:?}")]
    OriginMismatch {
        /// The origin the caller trusts.
        expected: String,
        /// The origin in the checkpoint.
        found: String,
    },
    /// The size is not a decimal u64 without leading zeros.
    #[error("line 2: tree size {found:?} is not a decimal number without leading zeros")]
    InvalidSize {
        /// The line's content.
        found: String,
    },
    /// The root is not strict base64 of 32 bytes.
    #[error("line 3: root hash {found:?} is not base64 of 32 bytes")]
    InvalidRoot {
        /// The line's content.
        found: String,
    },
    /// An origin or extension line to format holds a newline.
    #[error("checkpoint field holds a newline")]
    NewlineInField,
}

impl Checkpoint {
    /// Reads the note text of a checkpoint (C2SP tlog-checkpoint "Note text").
    ///
    /// # Errors
    /// A [`CheckpointError`] naming the line.
    pub fn from_text(text: &str) -> Result<Self, CheckpointError> {
        let body = text
            .strip_suffix('\n')
            .ok_or(CheckpointError::MissingFinalNewline)?;
        let lines: Vec<&str> = body.split('\n').collect();
        let [origin, size, root, extensions @ ..] = lines.as_slice() else {
            return Err(CheckpointError::TooFewLines { found: lines.len() });
        };
        if let Some(i) = lines.iter().position(|l| l.is_empty()) {
            return Err(CheckpointError::EmptyLine { line: i + 1 });
        }
        Ok(Self {
            origin: (*origin).to_owned(),
            size: parse_size(size)?,
            root: parse_root(root)?,
            extensions: extensions.iter().map(|&e| e.to_owned()).collect(),
        })
    }

    /// The note text: origin, size, base64 root and extension lines, each ending in a newline.
    pub fn to_text(&self) -> String {
        self.to_string()
    }

    /// Parses a signed checkpoint note, verifies it with `verifiers` (C2SP signed-note rules)
    /// and checks that its origin is `origin`.
    ///
    /// # Errors
    /// [`CheckpointError::Note`] for the note and its signatures, then the checkpoint errors.
    pub fn open(
        msg: &[u8],
        verifiers: &Verifiers,
        origin: &str,
    ) -> Result<SignedCheckpoint, CheckpointError> {
        let note = note::open(msg, verifiers)?;
        let checkpoint = Self::from_text(&note.text)?;
        if checkpoint.origin != origin {
            return Err(CheckpointError::OriginMismatch {
                expected: origin.to_owned(),
                found: checkpoint.origin,
            });
        }
        Ok(SignedCheckpoint { checkpoint, note })
    }

    /// The signed note of this checkpoint.
    ///
    /// # Errors
    /// [`CheckpointError::EmptyLine`] or [`CheckpointError::NewlineInField`] if the origin or
    /// an extension could not be read back, and [`CheckpointError::Note`] from signing.
    pub fn sign(&self, signers: &[&SignerKey]) -> Result<String, CheckpointError> {
        let fields = core::iter::once(&self.origin).chain(&self.extensions);
        for (i, field) in fields.enumerate() {
            if field.contains('\n') {
                return Err(CheckpointError::NewlineInField);
            }
            if field.is_empty() {
                return Err(CheckpointError::EmptyLine {
                    line: if i == 0 { 1 } else { i + 3 },
                });
            }
        }
        Ok(note::sign(&self.to_text(), signers)?)
    }
}

impl fmt::Display for Checkpoint {
    /// The note text, as [`Checkpoint::to_text`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.origin)?;
        writeln!(f, "{}", self.size)?;
        writeln!(f, "{}", STANDARD.encode(self.root.as_bytes()))?;
        for e in &self.extensions {
            writeln!(f, "{e}")?;
        }
        Ok(())
    }
}

fn parse_size(s: &str) -> Result<u64, CheckpointError> {
    parse_decimal(s).ok_or_else(|| CheckpointError::InvalidSize {
        found: s.to_owned(),
    })
}

fn parse_root(s: &str) -> Result<RootHash, CheckpointError> {
    parse_hash(s)
        .map(RootHash::from_bytes)
        .ok_or_else(|| CheckpointError::InvalidRoot {
            found: s.to_owned(),
        })
}

/// ASCII decimal without leading zeros (except `0` itself) that fits a u64, as tlog-checkpoint
/// and tlog-proof require.
fn parse_decimal(s: &str) -> Option<u64> {
    let digits_only = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits_only || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}

/// Strict standard base64 of exactly 32 bytes.
fn parse_hash(s: &str) -> Option<[u8; HASH_SIZE]> {
    STANDARD
        .decode(s)
        .ok()
        .and_then(|b| <[u8; HASH_SIZE]>::try_from(b).ok())
}

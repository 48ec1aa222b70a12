//! Why a serialised timestamp or `.ots` file could not be read.
//!
//! Each [`OtsErrorKind`] matches one of the reference reader's exceptions
//! (python-opentimestamps `core/serialize.py`, `core/op.py`, `core/notary.py`); the variant docs
//! name it. [`OtsError::offset`] is the byte where reading stopped, counted from the start of
//! the input given to the parser (the blob for a bare timestamp, the file for a `.ots` file).

use super::op::Op;

/// A timestamp or `.ots` file could not be read: what went wrong and at which byte.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("byte {offset}: {kind}")]
pub struct OtsError {
    /// Offset of the byte (or of the first byte of the field) the error is about.
    pub offset: usize,
    /// What went wrong.
    pub kind: OtsErrorKind,
}

/// What went wrong while reading a proof.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OtsErrorKind {
    /// The input ends inside a field (`TruncationError`).
    #[error("input ends early: {needed} more bytes needed")]
    Truncated {
        /// Bytes still missing for the field being read.
        needed: usize,
    },
    /// Bytes follow a complete proof (`TrailingGarbageError`).
    #[error("{count} bytes follow the end of the proof")]
    TrailingBytes {
        /// How many bytes are left over.
        count: usize,
    },
    /// Bytes follow a complete attestation payload (`TrailingGarbageError` on the payload).
    #[error("{count} bytes follow the end of the attestation payload")]
    TrailingPayloadBytes {
        /// How many payload bytes are left over.
        count: usize,
    },
    /// A `.ots` file does not start with the header magic (`BadMagicError`).
    #[error("not an OpenTimestamps proof file (header magic missing)")]
    BadMagic,
    /// A `.ots` file's major version is not 1 (`UnsupportedMajorVersion`).
    #[error("version {version} proof files are not supported, only version 1")]
    UnsupportedMajorVersion {
        /// The version read.
        version: u64,
    },
    /// A `.ots` file's file-hash operation is not a hash (`Unknown unary op tag`).
    #[error("file hash operation tag {tag:#04x} is not sha1, ripemd160, sha256 or keccak256")]
    NotAFileHashOp {
        /// The tag read.
        tag: u8,
    },
    /// An operation tag is unknown (`Unknown operation tag`).
    #[error("unknown operation tag {tag:#04x}")]
    UnknownOp {
        /// The tag read.
        tag: u8,
    },
    /// A variable-length field is longer than its limit (`varbytes max length exceeded`).
    #[error("{field} is {length} bytes long, the limit is {max}")]
    TooLong {
        /// Which field.
        field: Field,
        /// The length written in the input.
        length: u64,
        /// The reference's limit for this field.
        max: usize,
    },
    /// An append or prepend argument is empty (`varbytes min length not met`).
    #[error("the argument of {op} is empty")]
    EmptyArgument {
        /// The operation.
        op: &'static str,
    },
    /// A variable-length unsigned integer does not fit 64 bits. The reference reads integers of
    /// any size; no proof a calendar makes comes near this.
    #[error("integer does not fit 64 bits")]
    IntegerTooLarge,
    /// A pending attestation's URI holds a byte outside `A-Za-z0-9-._/:` (`Invalid URI`).
    #[error("pending attestation URI holds the byte {byte:#04x}, outside A-Za-z0-9-._/:")]
    UriCharacter {
        /// The byte.
        byte: u8,
    },
    /// An operation cannot be applied to the message it meets (`MsgValueError`).
    #[error("{op} cannot be applied to a {length}-byte message: {limit}")]
    OpLimit {
        /// The operation, as the reference prints it (`append`, `sha256`, ...).
        op: &'static str,
        /// Length of the message it meets.
        length: usize,
        /// Which limit it breaks.
        limit: OpLimit,
    },
    /// More than [`MAX_DEPTH`](super::MAX_DEPTH) operations in a row (`RecursionLimitError`).
    #[error("more than {max} operations in a row", max = super::MAX_DEPTH)]
    TooDeep,
    /// The start message is longer than the reference accepts (`Timestamp(msg)` raises).
    #[error("start message is {length} bytes long, the limit is {max}", max = super::MAX_MSG_LENGTH)]
    StartTooLong {
        /// Its length.
        length: usize,
    },
}

/// The variable-length fields with limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The argument of append or prepend (limit 4096).
    OpArgument,
    /// An attestation's payload (limit 8192).
    AttestationPayload,
    /// A pending attestation's URI (limit 1000).
    PendingUri,
}

impl core::fmt::Display for Field {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Field::OpArgument => "operation argument",
            Field::AttestationPayload => "attestation payload",
            Field::PendingUri => "pending attestation URI",
        })
    }
}

/// The limits of python-opentimestamps `Op.__call__` that an operation can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OpLimit {
    /// The message is longer than the operation accepts (4096; 2048 for hexlify).
    #[error("message longer than {max} bytes")]
    MessageTooLong {
        /// The operation's limit.
        max: usize,
    },
    /// The result would be longer than 4096 bytes.
    #[error("result of {length} bytes is longer than {max}")]
    ResultTooLong {
        /// The result's length.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// Reverse and hexlify refuse an empty message.
    #[error("message is empty")]
    EmptyMessage,
}

impl OtsError {
    pub(super) fn at(offset: usize, kind: OtsErrorKind) -> Self {
        Self { offset, kind }
    }

    pub(super) fn op_limit(offset: usize, op: &Op, length: usize, limit: OpLimit) -> Self {
        let kind = OtsErrorKind::OpLimit {
            op: op.name(),
            length,
            limit,
        };
        Self::at(offset, kind)
    }
}

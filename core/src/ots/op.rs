//! The operations on the edges of a timestamp (python-opentimestamps `core/op.py`): each takes
//! the message at a node and gives the message at the next.
//!
//! | tag | operation | result |
//! |---|---|---|
//! | `f0` | append(arg) | `msg ‖ arg` |
//! | `f1` | prepend(arg) | `arg ‖ msg` |
//! | `f2` | reverse | the bytes of `msg` in reverse order |
//! | `f3` | hexlify | lower-case hex of `msg` |
//! | `02` | sha1 | SHA-1(`msg`) |
//! | `03` | ripemd160 | RIPEMD-160(`msg`) |
//! | `08` | sha256 | SHA-256(`msg`) |
//! | `67` | keccak256 | Keccak-256(`msg`) (the original Keccak padding, not SHA3-256) |
//!
//! Limits (`Op.MAX_MSG_LENGTH`, `MAX_RESULT_LENGTH`): no operation takes a message over 4096
//! bytes (hexlify: 2048) or gives a result over 4096 bytes; reverse and hexlify refuse an empty
//! message; an append or prepend argument holds 1 to 4096 bytes.

use sha2::Digest;

use super::error::{Field, OpLimit, OtsError, OtsErrorKind};
use super::wire::{write_varbytes, Reader};
use super::{MAX_MSG_LENGTH, MAX_RESULT_LENGTH};

/// A hash operation: the operations a `.ots` file may name as its file hash, and the only ones
/// whose result has a fixed length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashOp {
    /// SHA-1, tag `0x02`, 20 bytes.
    Sha1,
    /// RIPEMD-160, tag `0x03`, 20 bytes.
    Ripemd160,
    /// SHA-256, tag `0x08`, 32 bytes.
    Sha256,
    /// Keccak-256, tag `0x67`, 32 bytes.
    Keccak256,
}

impl HashOp {
    /// The hash operation with this tag, if any.
    pub fn from_tag(tag: u8) -> Option<Self> {
        match tag {
            0x02 => Some(Self::Sha1),
            0x03 => Some(Self::Ripemd160),
            0x08 => Some(Self::Sha256),
            0x67 => Some(Self::Keccak256),
            _ => None,
        }
    }

    /// Its tag byte.
    pub fn tag(self) -> u8 {
        match self {
            Self::Sha1 => 0x02,
            Self::Ripemd160 => 0x03,
            Self::Sha256 => 0x08,
            Self::Keccak256 => 0x67,
        }
    }

    /// Its name as the reference prints it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Ripemd160 => "ripemd160",
            Self::Sha256 => "sha256",
            Self::Keccak256 => "keccak256",
        }
    }

    /// Length in bytes of its digest.
    pub fn digest_length(self) -> usize {
        match self {
            Self::Sha1 | Self::Ripemd160 => 20,
            Self::Sha256 | Self::Keccak256 => 32,
        }
    }

    /// The digest of `data` (for a `.ots` file: of the file it timestamps).
    pub fn hash(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Self::Ripemd160 => ripemd::Ripemd160::digest(data).to_vec(),
            Self::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Self::Keccak256 => sha3::Keccak256::digest(data).to_vec(),
        }
    }
}

/// An operation on an edge of the timestamp tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Op {
    /// Append the argument (1 to 4096 bytes), tag `0xf0`.
    Append(Vec<u8>),
    /// Prepend the argument (1 to 4096 bytes), tag `0xf1`.
    Prepend(Vec<u8>),
    /// Reverse the message, tag `0xf2`.
    Reverse,
    /// Lower-case hex of the message, tag `0xf3`.
    Hexlify,
    /// A hash of the message.
    Hash(HashOp),
}

impl Op {
    /// Its name as the reference prints it (`append`, `sha256`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Append(_) => "append",
            Self::Prepend(_) => "prepend",
            Self::Reverse => "reverse",
            Self::Hexlify => "hexlify",
            Self::Hash(hash) => hash.name(),
        }
    }

    /// Its tag byte.
    pub fn tag(&self) -> u8 {
        match self {
            Self::Append(_) => 0xf0,
            Self::Prepend(_) => 0xf1,
            Self::Reverse => 0xf2,
            Self::Hexlify => 0xf3,
            Self::Hash(hash) => hash.tag(),
        }
    }

    /// Checks the limits of `Op.__call__` for a message of `length` bytes.
    ///
    /// # Errors
    /// The limit the operation breaks.
    pub fn check(&self, length: usize) -> Result<(), OpLimit> {
        let max = match self {
            Self::Hexlify => MAX_RESULT_LENGTH / 2,
            _ => MAX_MSG_LENGTH,
        };
        if length > max {
            return Err(OpLimit::MessageTooLong { max });
        }
        if length == 0 && matches!(self, Self::Reverse | Self::Hexlify) {
            return Err(OpLimit::EmptyMessage);
        }
        let result = match self {
            Self::Append(arg) | Self::Prepend(arg) => length + arg.len(),
            _ => 0,
        };
        if result > MAX_RESULT_LENGTH {
            return Err(OpLimit::ResultTooLong {
                length: result,
                max: MAX_RESULT_LENGTH,
            });
        }
        Ok(())
    }

    /// Applies the operation to `msg`. Callers check the limits first with [`Op::check`];
    /// this never fails and never panics.
    pub fn apply(&self, msg: &[u8]) -> Vec<u8> {
        match self {
            Self::Append(arg) => [msg, arg].concat(),
            Self::Prepend(arg) => [arg, msg].concat(),
            Self::Reverse => msg.iter().rev().copied().collect(),
            Self::Hexlify => hex::encode(msg).into_bytes(),
            Self::Hash(hash) => hash.hash(msg),
        }
    }

    /// Reads the rest of an operation whose tag byte, at `tag_offset`, was `tag`.
    pub(super) fn read(tag: u8, tag_offset: usize, input: &mut Reader) -> Result<Self, OtsError> {
        let binary = |input: &mut Reader, op: &'static str| -> Result<Vec<u8>, OtsError> {
            let start = input.offset();
            let arg = input.varbytes(Field::OpArgument, MAX_RESULT_LENGTH)?;
            if arg.is_empty() {
                return Err(OtsError::at(start, OtsErrorKind::EmptyArgument { op }));
            }
            Ok(arg.to_vec())
        };
        match tag {
            0xf0 => Ok(Self::Append(binary(input, "append")?)),
            0xf1 => Ok(Self::Prepend(binary(input, "prepend")?)),
            0xf2 => Ok(Self::Reverse),
            0xf3 => Ok(Self::Hexlify),
            _ => match HashOp::from_tag(tag) {
                Some(hash) => Ok(Self::Hash(hash)),
                None => Err(OtsError::at(tag_offset, OtsErrorKind::UnknownOp { tag })),
            },
        }
    }

    /// Appends the serialised operation: its tag, then the argument as `varbytes`.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        out.push(self.tag());
        if let Self::Append(arg) | Self::Prepend(arg) = self {
            write_varbytes(out, arg);
        }
    }
}

impl core::fmt::Display for Op {
    /// As the reference's `str(op)`: the name, then the argument in hex for append and prepend.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Append(arg) | Self::Prepend(arg) => {
                write!(f, "{} {}", self.name(), hex::encode(arg))
            }
            _ => f.write_str(self.name()),
        }
    }
}

//! `.ots` files: a timestamp for the digest of another file (python-opentimestamps
//! `DetachedTimestampFile`).
//!
//! Layout: the 31-byte [`MAGIC`], the major version as a `varuint` (must be 1; python-opentimestamps
//! 0.4.5 reads it as a `varuint`), the file hash operation's tag (sha1, ripemd160, sha256 or
//! keccak256), the file's digest (as long as that hash's digest), then the [`Timestamp`] for that
//! digest. Nothing may follow.

use super::error::{OtsError, OtsErrorKind};
use super::op::HashOp;
use super::timestamp::Timestamp;
use super::wire::{write_varuint, Reader};

/// The header magic of a `.ots` file (`DetachedTimestampFile.HEADER_MAGIC`).
pub const MAGIC: &[u8; 31] = b"\x00OpenTimestamps\x00\x00Proof\x00\xbf\x89\xe2\xe8\x84\xe8\x92\x94";

/// The only major version there is.
pub const MAJOR_VERSION: u64 = 1;

/// A `.ots` proof file: which hash was taken of the timestamped file, and the timestamp of
/// that digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtsFile {
    hash_op: HashOp,
    timestamp: Timestamp,
}

impl OtsFile {
    /// Reads a `.ots` file.
    ///
    /// # Errors
    /// [`OtsError`] with the offset in `bytes`: [`OtsErrorKind::BadMagic`],
    /// [`OtsErrorKind::UnsupportedMajorVersion`], [`OtsErrorKind::NotAFileHashOp`], or any
    /// error of [`Timestamp::parse`].
    pub fn parse(bytes: &[u8]) -> Result<Self, OtsError> {
        if !bytes.starts_with(MAGIC) {
            return Err(OtsError::at(0, OtsErrorKind::BadMagic));
        }
        let mut input = Reader::new(&bytes[MAGIC.len()..], MAGIC.len());
        let version_offset = input.offset();
        let version = input.varuint()?;
        if version != MAJOR_VERSION {
            let kind = OtsErrorKind::UnsupportedMajorVersion { version };
            return Err(OtsError::at(version_offset, kind));
        }
        let tag_offset = input.offset();
        let tag = input.byte()?;
        let hash_op = HashOp::from_tag(tag).ok_or(OtsError::at(
            tag_offset,
            OtsErrorKind::NotAFileHashOp { tag },
        ))?;
        let digest = input.bytes(hash_op.digest_length())?;
        let timestamp = Timestamp::read(&mut input, digest)?;
        input.finish(|count| OtsErrorKind::TrailingBytes { count })?;
        Ok(Self { hash_op, timestamp })
    }

    /// The serialised file: the input it was read from, with `varuint`s in minimal form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        write_varuint(&mut out, MAJOR_VERSION);
        out.push(self.hash_op.tag());
        out.extend_from_slice(self.timestamp.start());
        out.extend_from_slice(&self.timestamp.to_bytes());
        out
    }

    /// The hash taken of the timestamped file.
    pub fn hash_op(&self) -> HashOp {
        self.hash_op
    }

    /// The digest of the timestamped file, the start message of the timestamp.
    pub fn digest(&self) -> &[u8] {
        self.timestamp.start()
    }

    /// The timestamp of [`OtsFile::digest`].
    pub fn timestamp(&self) -> &Timestamp {
        &self.timestamp
    }

    /// Whether `target` is a file this proof is for: its hash is the proof's digest.
    pub fn covers(&self, target: &[u8]) -> bool {
        self.hash_op.hash(target) == self.digest()
    }
}

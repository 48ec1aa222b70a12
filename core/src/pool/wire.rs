//! The byte layouts of the pool's messages: little-endian integers, strings as a
//! `u32` length and UTF-8 bytes, optional values as a tag byte (0 absent, 1
//! present) and the value.
//!
//! - keys: `u32` count, then per key its id (string) and its 32 bytes;
//! - a batch of entries: `u64` batch id, a byte for what to answer with beside
//!   the checks (0 nothing, 1 the batch's Merkle tree, 2 its compact range), `u32`
//!   count, then per entry `entry_id`
//!   (`i64`), `timestamp`, `actor`, `action`, `event_type`?, `format_version`?
//!   (`i64`), `payload`, `previous_hash`, `entry_hash`, `signature`?,
//!   `signing_key_id`?, `payload_hash`?, `payload_salt`? (strings; `?` optional);
//! - a batch's checks: `u64` batch id, `u32` count, then per entry one flag byte
//!   (bit 0: a recomputed hash follows, bit 1: the payload is canonical, bits 2-4:
//!   the signature check, 0 for an unsigned entry) and the 32-byte hash when bit 0
//!   is set; then a byte: 0, nothing follows; 1, the batch's stored Merkle tree
//!   follows: `u32` leaf count `n`, then the 32-byte nodes level by level, `n >> l`
//!   at level `l`; 2, its compact range follows: `u32` leaf count `n`, then one
//!   32-byte root per set bit of `n`, largest first.

use thiserror::Error;

/// A pool message that is not in the layout its reader expects.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("pool message: expected {expected} at byte {offset}")]
pub struct WireError {
    /// Where reading stopped.
    pub offset: usize,
    /// What was expected there.
    pub expected: &'static str,
}

/// Appends values in the layout above.
#[derive(Debug, Default)]
pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    pub(super) fn u8(&mut self, value: u8) {
        self.0.push(value);
    }

    pub(super) fn u32(&mut self, value: usize) {
        let value = u32::try_from(value).expect("a pool message field fits in 4 GiB");
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    pub(super) fn u64(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    pub(super) fn i64(&mut self, value: i64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    pub(super) fn str(&mut self, value: &str) {
        self.u32(value.len());
        self.0.extend_from_slice(value.as_bytes());
    }

    pub(super) fn opt_str(&mut self, value: Option<&str>) {
        self.u8(u8::from(value.is_some()));
        if let Some(value) = value {
            self.str(value);
        }
    }

    pub(super) fn opt_i64(&mut self, value: Option<i64>) {
        self.u8(u8::from(value.is_some()));
        if let Some(value) = value {
            self.i64(value);
        }
    }
}

/// Reads values in the layout above, failing with the offset of the first that
/// is missing or malformed.
#[derive(Debug)]
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    pub(super) fn take(&mut self, n: usize, expected: &'static str) -> Result<&'a [u8], WireError> {
        let error = WireError {
            offset: self.at,
            expected,
        };
        let end = self.at.checked_add(n).ok_or(error.clone())?;
        let taken = self.bytes.get(self.at..end).ok_or(error)?;
        self.at = end;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self, expected: &'static str) -> Result<[u8; N], WireError> {
        let bytes = self.take(N, expected)?;
        Ok(bytes.try_into().expect("take returns N bytes"))
    }

    pub(super) fn u8(&mut self, expected: &'static str) -> Result<u8, WireError> {
        Ok(self.array::<1>(expected)?[0])
    }

    pub(super) fn u32(&mut self, expected: &'static str) -> Result<usize, WireError> {
        Ok(u32::from_le_bytes(self.array(expected)?) as usize)
    }

    pub(super) fn u64(&mut self, expected: &'static str) -> Result<u64, WireError> {
        Ok(u64::from_le_bytes(self.array(expected)?))
    }

    pub(super) fn i64(&mut self, expected: &'static str) -> Result<i64, WireError> {
        Ok(i64::from_le_bytes(self.array(expected)?))
    }

    pub(super) fn str(&mut self, expected: &'static str) -> Result<String, WireError> {
        let offset = self.at;
        let len = self.u32(expected)?;
        let bytes = self.take(len, expected)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| WireError { offset, expected })
    }

    pub(super) fn opt_str(&mut self, expected: &'static str) -> Result<Option<String>, WireError> {
        match self.tag(expected)? {
            true => self.str(expected).map(Some),
            false => Ok(None),
        }
    }

    pub(super) fn opt_i64(&mut self, expected: &'static str) -> Result<Option<i64>, WireError> {
        match self.tag(expected)? {
            true => self.i64(expected).map(Some),
            false => Ok(None),
        }
    }

    pub(super) fn tag(&mut self, expected: &'static str) -> Result<bool, WireError> {
        let offset = self.at;
        match self.u8(expected)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(WireError { offset, expected }),
        }
    }

    /// Succeeds when every byte was read.
    pub(super) fn end(&self) -> Result<(), WireError> {
        match self.at == self.bytes.len() {
            true => Ok(()),
            false => Err(WireError {
                offset: self.at,
                expected: "the end of the message",
            }),
        }
    }
}

impl Reader<'_> {
    /// The error for the value that ended `n` bytes back.
    pub(super) fn error_before(&self, n: usize, expected: &'static str) -> WireError {
        WireError {
            offset: self.at - n,
            expected,
        }
    }
}

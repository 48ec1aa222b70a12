//! The primitives of the OpenTimestamps serialisation (python-opentimestamps
//! `core/serialize.py`): single bytes, fixed-length byte strings, `varuint` (unsigned LEB128)
//! and `varbytes` (a `varuint` length, then that many bytes).
//!
//! The reader accepts what the reference accepts, including non-minimal `varuint`s such as
//! `80 00` for 0; the writer always writes the minimal form.

use super::error::{Field, OtsError, OtsErrorKind};

/// A cursor over the input that reports errors at absolute offsets.
pub(super) struct Reader<'a> {
    input: &'a [u8],
    /// Offset of `input[0]` in the whole input.
    base: usize,
    /// Bytes of `input` read so far.
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader over `input`, whose first byte is at offset `base` of the whole input.
    pub(super) fn new(input: &'a [u8], base: usize) -> Self {
        Self {
            input,
            base,
            pos: 0,
        }
    }

    /// Offset of the next byte to read.
    pub(super) fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Reads `n` bytes.
    pub(super) fn bytes(&mut self, n: usize) -> Result<&'a [u8], OtsError> {
        let available = self.input.len() - self.pos;
        if n > available {
            let needed = n - available;
            return Err(OtsError::at(
                self.offset(),
                OtsErrorKind::Truncated { needed },
            ));
        }
        let read = &self.input[self.pos..self.pos + n];
        self.pos += n;
        Ok(read)
    }

    /// Reads exactly `N` bytes.
    pub(super) fn array<const N: usize>(&mut self) -> Result<[u8; N], OtsError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.bytes(N)?);
        Ok(out)
    }

    /// Reads one byte.
    pub(super) fn byte(&mut self) -> Result<u8, OtsError> {
        Ok(self.bytes(1)?[0])
    }

    /// Reads a `varuint`. Values past `u64::MAX` are an error (the reference has no bound).
    pub(super) fn varuint(&mut self) -> Result<u64, OtsError> {
        let start = self.offset();
        let mut value: u64 = 0;
        let mut shift: u32 = 0;
        loop {
            let b = self.byte()?;
            let low = u64::from(b & 0x7f);
            if low != 0 && (shift >= 64 || (low << shift) >> shift != low) {
                return Err(OtsError::at(start, OtsErrorKind::IntegerTooLarge));
            }
            if shift < 64 {
                value |= low << shift;
            }
            if b & 0x80 == 0 {
                return Ok(value);
            }
            shift = shift.saturating_add(7);
        }
    }

    /// Reads a `varbytes` of at most `max` bytes.
    pub(super) fn varbytes(&mut self, field: Field, max: usize) -> Result<&'a [u8], OtsError> {
        let start = self.offset();
        let length = self.varuint()?;
        match usize::try_from(length) {
            Ok(n) if n <= max => self.bytes(n),
            _ => Err(OtsError::at(
                start,
                OtsErrorKind::TooLong { field, length, max },
            )),
        }
    }

    /// Ends reading: every byte must have been read (`assert_eof`); `trailing` makes the error.
    pub(super) fn finish(&self, trailing: fn(usize) -> OtsErrorKind) -> Result<(), OtsError> {
        match self.input.len() - self.pos {
            0 => Ok(()),
            count => Err(OtsError::at(self.offset(), trailing(count))),
        }
    }
}

/// Appends `value` as a minimal `varuint`.
pub(super) fn write_varuint(out: &mut Vec<u8>, mut value: u64) {
    while value > 0x7f {
        out.push((value & 0x7f) as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends `bytes` as `varbytes`.
pub(super) fn write_varbytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_varuint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

//! Reading an entry line straight into a reused [`Row`], in one pass.
//!
//! A JSONL line as Nexuscone's exports hold it is one flat object whose keys are
//! the `entries` columns, with string, integer and `null` values. For such a line
//! [`read`] scans the object once: keys are matched as bytes against the column
//! names, string values are unescaped directly into the row's existing buffers and
//! integers are parsed in place, so a caller that reuses its row allocates nothing
//! per line once the buffers have grown.
//!
//! What this is NOT: a JSON parser. Anything outside that common shape (an escape
//! in a key, a duplicate or unknown key, a missing column, a payload that is not a
//! string, a lone surrogate, a number that is not a plain `i64`, a syntax error)
//! is declined, and the caller reads the line through the general path
//! ([`crate::canonical::parse`], then the row's fields), which then gives the row
//! or the located error. Every line `read` accepts, the general path reads to the
//! same row; `jsonl`'s tests and the `jsonl_fast_differential` fuzz target check
//! it.

use crate::entry::Entry;

use super::Row;

/// Reads `line` into `row` when it has the common shape, and returns true; returns
/// false otherwise, leaving `row` with unspecified contents.
pub(super) fn read(line: &[u8], row: &mut Row) -> bool {
    // The general parser decodes the whole line as strict UTF-8 first; doing the
    // same here lets every string run be copied as it stands.
    let Ok(src) = std::str::from_utf8(line) else {
        return false;
    };
    let read = Scanner {
        src,
        bytes: src.as_bytes(),
        pos: 0,
    }
    .entry(&mut row.entry)
    .is_some();
    row.payload_canonicalised = false;
    row.mistyped.clear();
    read
}

/// The `entries` columns an entry line may hold.
#[derive(Clone, Copy)]
enum Column {
    EntryId,
    Timestamp,
    Actor,
    Action,
    EventType,
    FormatVersion,
    Payload,
    PreviousHash,
    EntryHash,
    Signature,
    SigningKeyId,
    PayloadHash,
    PayloadSalt,
}

impl Column {
    fn named(key: &[u8]) -> Option<Column> {
        Some(match key {
            b"entry_id" => Column::EntryId,
            b"timestamp" => Column::Timestamp,
            b"actor" => Column::Actor,
            b"action" => Column::Action,
            b"event_type" => Column::EventType,
            b"format_version" => Column::FormatVersion,
            b"payload" => Column::Payload,
            b"previous_hash" => Column::PreviousHash,
            b"entry_hash" => Column::EntryHash,
            b"signature" => Column::Signature,
            b"signing_key_id" => Column::SigningKeyId,
            b"payload_hash" => Column::PayloadHash,
            b"payload_salt" => Column::PayloadSalt,
            _ => return None,
        })
    }

    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// The columns a row cannot do without (`Fields::entry` reports them missing).
const REQUIRED: [Column; 7] = [
    Column::EntryId,
    Column::Timestamp,
    Column::Actor,
    Column::Action,
    Column::Payload,
    Column::PreviousHash,
    Column::EntryHash,
];

/// Sets `slot` to a cleared string, keeping the buffer it already had.
fn reuse(slot: &mut Option<String>) -> &mut String {
    let buffer = slot.get_or_insert_with(String::new);
    buffer.clear();
    buffer
}

/// Every method returns `None` to decline the line.
struct Scanner<'a> {
    /// The line, known to be UTF-8.
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn entry(&mut self, entry: &mut Entry) -> Option<()> {
        self.skip_whitespace();
        self.expect(b'{')?;
        let mut seen = 0u16;
        loop {
            self.skip_whitespace();
            let column = Column::named(self.key()?)?;
            if seen & column.bit() != 0 {
                return None;
            }
            seen |= column.bit();
            self.skip_whitespace();
            self.expect(b':')?;
            self.skip_whitespace();
            match column {
                Column::EntryId => entry.entry_id = self.integer()?,
                Column::FormatVersion => entry.format_version = Some(self.integer()?),
                Column::Timestamp => self.string(&mut entry.timestamp)?,
                Column::Actor => self.string(&mut entry.actor)?,
                Column::Action => self.string(&mut entry.action)?,
                Column::Payload => self.string(&mut entry.payload)?,
                Column::PreviousHash => self.string(&mut entry.previous_hash)?,
                Column::EntryHash => self.string(&mut entry.entry_hash)?,
                Column::EventType => self.string(reuse(&mut entry.event_type))?,
                Column::Signature => self.string_or_null(&mut entry.signature)?,
                Column::SigningKeyId => self.string_or_null(&mut entry.signing_key_id)?,
                Column::PayloadHash => self.string_or_null(&mut entry.payload_hash)?,
                Column::PayloadSalt => self.string_or_null(&mut entry.payload_salt)?,
            }
            self.skip_whitespace();
            match self.bytes.get(self.pos)? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
        self.skip_whitespace();
        if self.pos != self.bytes.len() || REQUIRED.iter().any(|c| seen & c.bit() == 0) {
            return None;
        }
        let absent = |column: Column| seen & column.bit() == 0;
        if absent(Column::EventType) {
            entry.event_type = None;
        }
        if absent(Column::FormatVersion) {
            entry.format_version = None;
        }
        for (column, slot) in [
            (Column::Signature, &mut entry.signature),
            (Column::SigningKeyId, &mut entry.signing_key_id),
            (Column::PayloadHash, &mut entry.payload_hash),
            (Column::PayloadSalt, &mut entry.payload_salt),
        ] {
            if absent(column) {
                *slot = None;
            }
        }
        Some(())
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.bytes.get(self.pos) == Some(&byte)).then(|| self.pos += 1)
    }

    /// Whitespace as `json.loads` knows it.
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// A key without escapes: its bytes are its value.
    fn key(&mut self) -> Option<&[u8]> {
        self.expect(b'"')?;
        let start = self.pos;
        self.skip_to_special();
        if self.bytes.get(self.pos)? != &b'"' {
            return None;
        }
        self.pos += 1;
        Some(&self.bytes[start..self.pos - 1])
    }

    /// `-?(0|[1-9][0-9]*)` that fits in an `i64`, as `Fields::int` takes it.
    fn integer(&mut self) -> Option<i64> {
        let negative = self.bytes.get(self.pos) == Some(&b'-');
        self.pos += usize::from(negative);
        // Accumulated negatively, so that i64::MIN is in range.
        let mut value: i64 = 0;
        match self.bytes.get(self.pos)? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                while let Some(&digit @ b'0'..=b'9') = self.bytes.get(self.pos) {
                    value = value
                        .checked_mul(10)?
                        .checked_sub(i64::from(digit - b'0'))?;
                    self.pos += 1;
                }
            }
            _ => return None,
        }
        // A fraction or exponent (a float) is declined by the caller, which
        // expects `,` or `}` next.
        if negative {
            Some(value)
        } else {
            value.checked_neg()
        }
    }

    fn string_or_null(&mut self, slot: &mut Option<String>) -> Option<()> {
        if self.bytes[self.pos..].starts_with(b"null") {
            self.pos += 4;
            *slot = None;
            return Some(());
        }
        self.string(reuse(slot))
    }

    /// A string value into `out` (cleared first). Declines a raw control
    /// character, an invalid escape and a lone surrogate: `Fields` rejects the
    /// last, as no SQLite TEXT column can hold it.
    fn string(&mut self, out: &mut String) -> Option<()> {
        self.expect(b'"')?;
        out.clear();
        // The text from `start` to `pos` is copied as it stands.
        let mut start = self.pos;
        loop {
            self.skip_to_special();
            // Both ends are ASCII positions of UTF-8 text: `get` never fails here.
            out.push_str(self.src.get(start..self.pos)?);
            match self.bytes.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                b'\\' => match self.bytes.get(self.pos + 1)? {
                    // The escaped byte stands for itself: it opens the next run
                    // (payloads, JSON in a string, are full of `\"`).
                    b'"' | b'\\' | b'/' => {
                        start = self.pos + 1;
                        self.pos += 2;
                    }
                    _ => {
                        self.escape(out)?;
                        start = self.pos;
                    }
                },
                _ => return None,
            }
        }
    }

    /// An escape sequence at the backslash other than `\"`, `\\` and `\/`, as
    /// `canonical::parse` reads it.
    fn escape(&mut self, out: &mut String) -> Option<()> {
        let short = match self.bytes.get(self.pos + 1)? {
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let mut code = self.hex4(self.pos + 2)?;
                self.pos += 6;
                if (0xd800..0xdc00).contains(&code) {
                    // Only a low surrogate escape right after makes a pair.
                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                        return None;
                    }
                    let low = self.hex4(self.pos + 2)?;
                    if !(0xdc00..0xe000).contains(&low) {
                        return None;
                    }
                    code = 0x1_0000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                    self.pos += 6;
                }
                // `None` for a lone low surrogate.
                out.push(char::from_u32(code)?);
                return Some(());
            }
            _ => return None,
        };
        out.push(short);
        self.pos += 2;
        Some(())
    }

    /// Four hex digits (either case) at `at`.
    fn hex4(&self, at: usize) -> Option<u32> {
        self.bytes
            .get(at..at + 4)?
            .iter()
            .try_fold(0, |code, &digit| {
                Some((code << 4) | char::from(digit).to_digit(16)?)
            })
    }

    /// Moves to the next `"`, `\` or control character (or the end), eight bytes
    /// at a time.
    fn skip_to_special(&mut self) {
        while let Some(word) = self.bytes.get(self.pos..self.pos + 8) {
            let mask = special_mask(u64::from_le_bytes(word.try_into().unwrap_or_default()));
            if mask != 0 {
                // The lowest flag is exact (see `special_mask`).
                self.pos += (mask.trailing_zeros() / 8) as usize;
                return;
            }
            self.pos += 8;
        }
        while let Some(&byte) = self.bytes.get(self.pos) {
            if is_special(byte) {
                return;
            }
            self.pos += 1;
        }
    }
}

fn is_special(byte: u8) -> bool {
    byte == b'"' || byte == b'\\' || byte < 0x20
}

/// The high bit of each byte of `word` (little-endian) that [`is_special`], and
/// possibly of later bytes: borrows only run upwards, so the lowest flag set is
/// always a special byte, and the mask is zero exactly when none is.
fn special_mask(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES << 7;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    control
        | zero_byte(word ^ (ONES * u64::from(b'"')))
        | zero_byte(word ^ (ONES * u64::from(b'\\')))
}

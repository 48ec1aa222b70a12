//! JSONL export: one `entries` row per line, as canonical JSON, in `entry_id` order.
//!
//! Blank lines are skipped. A line's `payload` is the stored string; a JSON value in
//! its place is accepted and canonicalised (and [`Row::payload_canonicalised`] says so).

use crate::canonical::{parse, to_canonical};
use crate::entry::Entry;

use super::row::Fields;
use super::{entry_to_value, ReadError, Row};

/// Reads one line (without its line ending). `line_number` counts from 1 and is
/// used in errors. Returns `None` for a blank line.
///
/// # Errors
/// When the line is not JSON or not an entry row.
pub fn parse_line(line: &[u8], line_number: usize) -> Result<Option<Row>, ReadError> {
    if line.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(None);
    }
    let location = format!("line {line_number}");
    let value = parse(line).map_err(|source| ReadError::Json {
        location: location.clone(),
        source,
    })?;
    Fields::of(&value, &location)?.entry().map(Some)
}

/// Writes one entry as its JSONL line, newline included.
pub fn write_line(entry: &Entry) -> String {
    let mut line = to_canonical(&entry_to_value(entry));
    line.push('\n');
    line
}

/// Splits a stream of byte chunks into lines without holding more than one line
/// (plus one chunk) in memory.
#[derive(Debug, Default)]
pub struct LineSplitter {
    pending: Vec<u8>,
    line_number: usize,
}

impl LineSplitter {
    /// A splitter at the start of the input.
    pub fn new() -> LineSplitter {
        LineSplitter::default()
    }

    /// Feeds a chunk and calls `on_line(line, line_number)` for each complete line.
    ///
    /// # Errors
    /// The first error `on_line` returns.
    pub fn feed<E>(
        &mut self,
        chunk: &[u8],
        mut on_line: impl FnMut(&[u8], usize) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut rest = chunk;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.line_number += 1;
            if self.pending.is_empty() {
                on_line(trim_cr(&rest[..end]), self.line_number)?;
            } else {
                self.pending.extend_from_slice(&rest[..end]);
                let line = std::mem::take(&mut self.pending);
                on_line(trim_cr(&line), self.line_number)?;
            }
            rest = &rest[end + 1..];
        }
        self.pending.extend_from_slice(rest);
        Ok(())
    }

    /// Ends the input, delivering a last line that had no newline.
    ///
    /// # Errors
    /// The error `on_line` returns.
    pub fn finish<E>(
        mut self,
        mut on_line: impl FnMut(&[u8], usize) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.line_number += 1;
        let line = std::mem::take(&mut self.pending);
        on_line(trim_cr(&line), self.line_number)
    }
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

//! The lines of a JSONL input, each with its 1-based number and the byte offset where
//! it starts, split one way for every reader (`docs/FORMAT.md` §2):
//!
//! - lines end at `\n`; one `\r` before it is not part of the line (CRLF files);
//! - a UTF-8 byte-order mark at the very start of the input is not part of line 1
//!   (its offset still counts it);
//! - the last line needs no final newline; an input that ends with `\n` has no empty
//!   line after it;
//! - blank lines are delivered like any other (the JSONL reader skips them), so line
//!   numbers count every line of the file.
//!
//! [`Lines`] splits a buffer held whole; [`LineSplitter`] splits chunks cut anywhere
//! and holds at most one partial line between them. Both give the same lines.

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xef\xbb\xbf";

/// One line of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// The line without its `\r\n` or `\n` (and without a leading BOM on line 1).
    pub text: &'a [u8],
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of `text` in the input.
    pub offset: u64,
}

/// The line whose raw bytes (up to, not including, `\n`) start at `offset`.
fn line(raw: &[u8], number: usize, offset: u64) -> Line<'_> {
    let text = raw.strip_suffix(b"\r").unwrap_or(raw);
    match text.strip_prefix(BOM).filter(|_| offset == 0) {
        Some(text) => Line {
            text,
            number,
            offset: BOM.len() as u64,
        },
        None => Line {
            text,
            number,
            offset,
        },
    }
}

/// The lines of an input held whole.
#[derive(Clone, Debug)]
pub struct Lines<'a> {
    rest: &'a [u8],
    number: usize,
    offset: u64,
    done: bool,
}

impl<'a> Lines<'a> {
    /// The lines of `input`.
    pub fn new(input: &'a [u8]) -> Lines<'a> {
        Lines {
            rest: input,
            number: 0,
            offset: 0,
            done: input.is_empty(),
        }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.done {
            return None;
        }
        self.number += 1;
        let (raw, consumed) = match find_newline(self.rest) {
            Some(end) => (&self.rest[..end], end + 1),
            None => {
                self.done = true;
                (self.rest, self.rest.len())
            }
        };
        let found = line(raw, self.number, self.offset);
        self.rest = &self.rest[consumed..];
        self.offset += consumed as u64;
        self.done |= self.rest.is_empty();
        Some(found)
    }
}

/// Splits chunks of an input cut anywhere into [`Line`]s, holding at most one
/// partial line (plus the current chunk) in memory.
#[derive(Debug, Default)]
pub struct LineSplitter {
    pending: Vec<u8>,
    number: usize,
    /// Offset of the first byte of `pending` (or of the next chunk).
    offset: u64,
}

impl LineSplitter {
    /// A splitter at the start of the input.
    pub fn new() -> LineSplitter {
        LineSplitter::default()
    }

    /// Feeds a chunk and calls `on_line` for each line it completes.
    ///
    /// # Errors
    /// The first error `on_line` returns.
    pub fn feed<E>(
        &mut self,
        chunk: &[u8],
        mut on_line: impl FnMut(Line<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut rest = chunk;
        while let Some(end) = find_newline(rest) {
            self.number += 1;
            let consumed = (self.pending.len() + end + 1) as u64;
            if self.pending.is_empty() {
                on_line(line(&rest[..end], self.number, self.offset))?;
            } else {
                self.pending.extend_from_slice(&rest[..end]);
                let whole = std::mem::take(&mut self.pending);
                on_line(line(&whole, self.number, self.offset))?;
            }
            self.offset += consumed;
            rest = &rest[end + 1..];
        }
        self.pending.extend_from_slice(rest);
        Ok(())
    }

    /// Ends the input, delivering a last line that had no newline.
    ///
    /// # Errors
    /// The error `on_line` returns.
    pub fn finish<E>(self, on_line: impl FnOnce(Line<'_>) -> Result<(), E>) -> Result<(), E> {
        if self.pending.is_empty() {
            return Ok(());
        }
        on_line(line(&self.pending, self.number + 1, self.offset))
    }

    /// Lines completed so far.
    pub fn lines(&self) -> usize {
        self.number
    }
}

/// The index of the first `\n` in `bytes`, eight bytes at a time.
pub fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut words = bytes.chunks_exact(8);
    for (index, word) in words.by_ref().enumerate() {
        let mut array = [0; 8];
        array.copy_from_slice(word);
        let x = u64::from_le_bytes(array) ^ (ONES * u64::from(b'\n'));
        // High bit set in each zero byte of `x`; the lowest flag is always exact.
        let zero = x.wrapping_sub(ONES) & !x & (ONES << 7);
        if zero != 0 {
            return Some(index * 8 + (zero.trailing_zeros() / 8) as usize);
        }
    }
    let tail = words.remainder();
    let at = bytes.len() - tail.len();
    tail.iter().position(|&b| b == b'\n').map(|p| at + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Owned = (Vec<u8>, usize, u64);

    fn whole(input: &[u8]) -> Vec<Owned> {
        Lines::new(input)
            .map(|l| (l.text.to_vec(), l.number, l.offset))
            .collect()
    }

    fn chunked(input: &[u8], size: usize) -> Vec<Owned> {
        let mut out = Vec::new();
        let mut splitter = LineSplitter::new();
        for chunk in input.chunks(size.max(1)) {
            splitter
                .feed::<()>(chunk, |l| {
                    out.push((l.text.to_vec(), l.number, l.offset));
                    Ok(())
                })
                .unwrap();
        }
        splitter
            .finish::<()>(|l| {
                out.push((l.text.to_vec(), l.number, l.offset));
                Ok(())
            })
            .unwrap();
        out
    }

    #[test]
    fn crlf_bom_blank_lines_and_no_final_newline_are_split_one_way() {
        let input = b"\xef\xbb\xbfa\r\n\r\n  \nbc\nd";
        let expected: Vec<Owned> = vec![
            (b"a".to_vec(), 1, 3),
            (b"".to_vec(), 2, 6),
            (b"  ".to_vec(), 3, 8),
            (b"bc".to_vec(), 4, 11),
            (b"d".to_vec(), 5, 14),
        ];
        assert_eq!(whole(input), expected);
        for size in 1..=input.len() {
            assert_eq!(chunked(input, size), expected, "chunks of {size}");
        }
    }

    #[test]
    fn a_final_newline_ends_the_last_line_without_an_empty_one_after_it() {
        assert_eq!(whole(b"a\n"), vec![(b"a".to_vec(), 1, 0)]);
        assert_eq!(chunked(b"a\n", 1), vec![(b"a".to_vec(), 1, 0)]);
        assert!(whole(b"").is_empty());
        assert_eq!(whole(b"\n"), vec![(Vec::new(), 1, 0)]);
    }

    #[test]
    fn a_bom_after_the_start_is_part_of_its_line() {
        let input = b"a\n\xef\xbb\xbfb";
        assert_eq!(whole(input)[1], (b"\xef\xbb\xbfb".to_vec(), 2, 2));
    }

    #[test]
    fn whole_and_chunked_agree_on_every_fixture_export() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");
        for file in std::fs::read_dir(dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "jsonl") {
                let bytes = std::fs::read(&path).unwrap();
                let lines = whole(&bytes);
                assert_eq!(lines.len(), bytes.iter().filter(|&&b| b == b'\n').count());
                assert_eq!(chunked(&bytes, 4093), lines, "{}", path.display());
            }
        }
    }

    #[test]
    fn find_newline_agrees_with_a_naive_search_at_every_position() {
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes = vec![b'x'; len];
                if at < len {
                    bytes[at] = b'\n';
                }
                let naive = bytes.iter().position(|&b| b == b'\n');
                assert_eq!(find_newline(&bytes), naive, "{len} {at}");
            }
        }
    }
}

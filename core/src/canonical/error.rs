//! Errors for input that Python's `json.loads` would reject.

use thiserror::Error;

/// Why and where a JSON text was rejected.
///
/// `offset` is a byte offset into the input; `line` and `column` are 1-based,
/// with the column counted in code points as Python's `JSONDecodeError.colno` is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{kind} at line {line} column {column} (byte {offset})")]
pub struct ParseError {
    /// Byte offset of the offending input.
    pub offset: usize,
    /// 1-based line number (lines end at `\n`).
    pub line: usize,
    /// 1-based column, in code points from the start of the line.
    pub column: usize,
    /// What was wrong.
    pub kind: ParseErrorKind,
}

impl ParseError {
    /// Builds an error at `offset` in `text`, working out its line and column.
    ///
    /// `text[..offset]` must be valid UTF-8 for the column to count code points;
    /// the parser guarantees that by validating the whole input first.
    pub(crate) fn at(text: &[u8], offset: usize, kind: ParseErrorKind) -> Self {
        let before = &text[..offset.min(text.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let column = 1 + before[line_start..]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40) // not a UTF-8 continuation byte
            .count();
        ParseError {
            offset,
            line,
            column,
            kind,
        }
    }
}

/// The reason a JSON text was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The bytes are not strict UTF-8 (Python decodes before parsing).
    #[error("invalid UTF-8")]
    InvalidUtf8,
    /// The text starts with U+FEFF, which `json.loads(str)` rejects.
    #[error("unexpected UTF-8 byte order mark")]
    ByteOrderMark,
    /// A value was expected (also at the end of the input).
    #[error("expected a value")]
    ExpectedValue,
    /// After an array element.
    #[error("expected ',' or ']'")]
    ExpectedCommaOrBracket,
    /// After an object member.
    #[error("expected ',' or '}}'")]
    ExpectedCommaOrBrace,
    /// An object key must be a string in double quotes.
    #[error("expected a property name in double quotes")]
    ExpectedKey,
    /// After an object key.
    #[error("expected ':'")]
    ExpectedColon,
    /// A number's fraction or exponent has no digits (`1.`, `1e`, `-`).
    #[error("expected a digit")]
    ExpectedDigit,
    /// Python 3.11 refuses to convert integer literals longer than
    /// [`MAX_INTEGER_DIGITS`](super::MAX_INTEGER_DIGITS) digits
    /// (`sys.int_info.default_max_str_digits`).
    #[error("integer literal has {digits} digits, more than Python's limit of 4300")]
    IntegerTooLong {
        /// Number of digits, not counting a leading `-`.
        digits: usize,
    },
    /// A string was not closed before the end of the input.
    #[error("unterminated string")]
    UnterminatedString,
    /// A raw control character (below U+0020) inside a string.
    #[error("invalid control character {0:#04x} in string")]
    ControlCharacter(u8),
    /// A backslash followed by something other than `"\/bfnrtu`.
    #[error("invalid escape")]
    InvalidEscape,
    /// `\u` not followed by four hex digits.
    #[error("invalid \\uXXXX escape")]
    InvalidUnicodeEscape,
    /// Arrays and objects nested deeper than the limit.
    #[error("nesting deeper than {limit} levels")]
    TooDeep {
        /// The limit that was exceeded ([`MAX_DEPTH`](super::MAX_DEPTH)).
        limit: usize,
    },
    /// Something other than whitespace after the top-level value.
    #[error("trailing data after the JSON value")]
    TrailingData,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_line_column_and_byte() {
        let e = ParseError::at(b"[1,2 3]", 5, ParseErrorKind::ExpectedCommaOrBracket);
        assert_eq!(
            e.to_string(),
            "expected ',' or ']' at line 1 column 6 (byte 5)"
        );
    }

    #[test]
    fn column_counts_code_points_after_last_newline() {
        let text = "{\n \"é\":x}".as_bytes();
        let offset = text.iter().position(|&b| b == b'x').unwrap();
        let e = ParseError::at(text, offset, ParseErrorKind::ExpectedValue);
        assert_eq!((e.line, e.column, e.offset), (2, 6, 8));
    }
}

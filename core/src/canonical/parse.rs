//! A parser that accepts exactly what CPython 3.11's `json.loads(str)` accepts.
//!
//! The grammar is RFC 8259 with Python's extensions and restrictions
//! (`Lib/json/decoder.py`, `Modules/_json.c`):
//!
//! - the bytes are decoded as strict UTF-8 first, and a leading U+FEFF is an error;
//! - whitespace is only space, `\t`, `\n`, `\r`; anything after the value is an error;
//! - `NaN`, `Infinity` and `-Infinity` are floats;
//! - a number with neither fraction nor exponent is an `int` of any size (`-0` is
//!   `0`), but longer than [`MAX_INTEGER_DIGITS`] digits is an error;
//!   others are correctly rounded doubles, overflowing to infinity (`1e400`);
//! - raw control characters below U+0020 in strings are errors (`strict=True`);
//! - `\uXXXX` may name a lone surrogate; a high surrogate escape immediately
//!   followed by a low surrogate escape is combined into one astral code point,
//!   any other surrogate stays alone (`"\ud800\ud800"` is two code points);
//! - duplicate object keys are allowed and the last value wins.
//!
//! The parser is iterative: nesting costs heap, never stack, and is limited to
//! [`MAX_DEPTH`] levels.

use super::error::{ParseError, ParseErrorKind};
use super::number::{Integer, Number, MAX_INTEGER_DIGITS};
use super::string::{push_wtf8_code_point, JsonString};
use super::value::{dict_order, Value};

/// The deepest nesting of arrays and objects [`parse`] accepts: a document with
/// `MAX_DEPTH` nested `[` parses, one more is [`ParseErrorKind::TooDeep`].
///
/// CPython has no fixed limit: its C decoder stops at the interpreter recursion
/// limit (1000 frames by default), which in practice rejects somewhere above
/// 990 levels depending on the caller's stack. Every document Python parses is
/// therefore within this limit; the few between Python's limit and ours are
/// accepted here.
pub const MAX_DEPTH: usize = 1000;

/// Parses `text` as CPython's `json.loads(text.decode("utf-8"))` would.
///
/// Objects in the result are sorted by key with duplicate keys removed (the last
/// value wins).
///
/// # Errors
///
/// Returns a [`ParseError`] naming the byte offset, line and column for every
/// input Python rejects, and for nesting deeper than [`MAX_DEPTH`].
pub fn parse(text: &[u8]) -> Result<Value, ParseError> {
    let src = match std::str::from_utf8(text) {
        Ok(src) => src,
        Err(e) => {
            return Err(ParseError::at(
                text,
                e.valid_up_to(),
                ParseErrorKind::InvalidUtf8,
            ))
        }
    };
    parse_str(src)
}

/// [`parse`] for text already known to be UTF-8.
pub(crate) fn parse_str(src: &str) -> Result<Value, ParseError> {
    if src.starts_with('\u{feff}') {
        return Err(ParseError::at(
            src.as_bytes(),
            0,
            ParseErrorKind::ByteOrderMark,
        ));
    }
    Parser {
        src,
        bytes: src.as_bytes(),
        pos: 0,
    }
    .document()
}

/// An array or object whose members are still being read.
enum Frame {
    Array(Vec<Value>),
    /// Members so far and the key whose value comes next.
    Object(Vec<(JsonString, Value)>, JsonString),
}

struct Parser<'a> {
    /// The input, known to be valid UTF-8.
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn document(&mut self) -> Result<Value, ParseError> {
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            self.skip_whitespace();
            let mut value = match self.peek() {
                Some(b'[') => {
                    self.enter(stack.len())?;
                    self.skip_whitespace();
                    if self.eat(b']') {
                        Value::Array(Vec::new())
                    } else {
                        stack.push(Frame::Array(Vec::new()));
                        continue 'value;
                    }
                }
                Some(b'{') => {
                    self.enter(stack.len())?;
                    self.skip_whitespace();
                    if self.eat(b'}') {
                        Value::Object(Vec::new())
                    } else {
                        let key = self.key()?;
                        stack.push(Frame::Object(Vec::new(), key));
                        continue 'value;
                    }
                }
                _ => self.scalar()?,
            };
            // Attach the finished value to its parent, closing every container
            // that ends right after it.
            loop {
                self.skip_whitespace();
                match stack.pop() {
                    None => {
                        if self.pos != self.bytes.len() {
                            return Err(self.error(ParseErrorKind::TrailingData));
                        }
                        return Ok(value);
                    }
                    Some(Frame::Array(mut items)) => {
                        items.push(value);
                        if self.eat(b',') {
                            stack.push(Frame::Array(items));
                            continue 'value;
                        }
                        if !self.eat(b']') {
                            return Err(self.error(ParseErrorKind::ExpectedCommaOrBracket));
                        }
                        value = Value::Array(items);
                    }
                    Some(Frame::Object(mut members, key)) => {
                        members.push((key, value));
                        if self.eat(b',') {
                            let key = self.key()?;
                            stack.push(Frame::Object(members, key));
                            continue 'value;
                        }
                        if !self.eat(b'}') {
                            return Err(self.error(ParseErrorKind::ExpectedCommaOrBrace));
                        }
                        value = Value::Object(last_wins_sorted(members));
                    }
                }
            }
        }
    }

    /// Consumes an opening bracket at nesting `depth` (containers already open).
    fn enter(&mut self, depth: usize) -> Result<(), ParseError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(ParseErrorKind::TooDeep { limit: MAX_DEPTH }));
        }
        self.pos += 1;
        Ok(())
    }

    /// Reads `"key" :` with surrounding whitespace.
    fn key(&mut self) -> Result<JsonString, ParseError> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            return Err(self.error(ParseErrorKind::ExpectedKey));
        }
        let key = self.string()?;
        self.skip_whitespace();
        if !self.eat(b':') {
            return Err(self.error(ParseErrorKind::ExpectedColon));
        }
        Ok(key)
    }

    fn scalar(&mut self) -> Result<Value, ParseError> {
        let rest = &self.bytes[self.pos..];
        let literal =
            |word: &[u8], value: Value| rest.starts_with(word).then_some((word.len(), value));
        let found = match rest.first() {
            Some(b'"') => return Ok(Value::String(self.string()?)),
            Some(b'-' | b'0'..=b'9') => {
                if rest.starts_with(b"-Infinity") {
                    literal(
                        b"-Infinity",
                        Value::Number(Number::Float(f64::NEG_INFINITY)),
                    )
                } else {
                    return Ok(Value::Number(self.number()?));
                }
            }
            Some(b'n') => literal(b"null", Value::Null),
            Some(b't') => literal(b"true", Value::Bool(true)),
            Some(b'f') => literal(b"false", Value::Bool(false)),
            Some(b'N') => literal(b"NaN", Value::Number(Number::Float(f64::NAN))),
            Some(b'I') => literal(b"Infinity", Value::Number(Number::Float(f64::INFINITY))),
            _ => None,
        };
        match found {
            Some((len, value)) => {
                self.pos += len;
                Ok(value)
            }
            None => Err(self.error(ParseErrorKind::ExpectedValue)),
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`
    fn number(&mut self) -> Result<Number, ParseError> {
        let start = self.pos;
        self.eat(b'-');
        let int_start = self.pos;
        if !self.eat(b'0') {
            self.digits()?;
        }
        let int_digits = self.pos - int_start;
        let mut is_float = false;
        if self.eat(b'.') {
            self.digits()?;
            is_float = true;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'-') {
                self.eat(b'+');
            }
            self.digits()?;
            is_float = true;
        }
        // ASCII boundaries of valid UTF-8, so slicing cannot split a character.
        let text = &self.src[start..self.pos];
        if is_float {
            // Rust's and CPython's string-to-double conversions are both correctly
            // rounded, and both overflow to infinity rather than failing.
            text.parse::<f64>()
                .map(Number::Float)
                .map_err(|_| ParseError::at(self.bytes, start, ParseErrorKind::ExpectedValue))
        } else if int_digits > MAX_INTEGER_DIGITS {
            Err(ParseError::at(
                self.bytes,
                start,
                ParseErrorKind::IntegerTooLong { digits: int_digits },
            ))
        } else {
            Ok(Number::Int(Integer::from_json_digits(text)))
        }
    }

    /// One or more ASCII digits.
    fn digits(&mut self) -> Result<(), ParseError> {
        let count = self.bytes[self.pos..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if count == 0 {
            return Err(self.error(ParseErrorKind::ExpectedDigit));
        }
        self.pos += count;
        Ok(())
    }

    /// A string starting at the opening quote, as WTF-8.
    fn string(&mut self) -> Result<JsonString, ParseError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let run = self.bytes[self.pos..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            let Some(run) = run else {
                return Err(ParseError::at(
                    self.bytes,
                    open,
                    ParseErrorKind::UnterminatedString,
                ));
            };
            // The input is valid UTF-8, so the run is too.
            out.extend_from_slice(&self.bytes[self.pos..self.pos + run]);
            self.pos += run;
            match self.bytes[self.pos] {
                b'"' => {
                    self.pos += 1;
                    return Ok(JsonString::from_wtf8_unchecked(out));
                }
                b'\\' => self.escape(&mut out)?,
                control => return Err(self.error(ParseErrorKind::ControlCharacter(control))),
            }
        }
    }

    /// An escape sequence starting at the backslash.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), ParseError> {
        let byte = match self.bytes.get(self.pos + 1) {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => {
                let mut cp = self.hex4(self.pos + 2)?;
                self.pos += 6;
                if (0xd800..0xdc00).contains(&cp) && self.bytes[self.pos..].starts_with(b"\\u") {
                    // CPython joins a high surrogate with a directly following low
                    // one; a malformed second escape is reported when read next.
                    if let Ok(low @ 0xdc00..=0xdfff) = self.hex4(self.pos + 2) {
                        cp = 0x1_0000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                        self.pos += 6;
                    }
                }
                push_wtf8_code_point(out, cp);
                return Ok(());
            }
            Some(_) => return Err(self.error(ParseErrorKind::InvalidEscape)),
            None => return Err(self.error(ParseErrorKind::UnterminatedString)),
        };
        out.push(byte);
        self.pos += 2;
        Ok(())
    }

    /// Four hex digits (either case) at `at`.
    fn hex4(&self, at: usize) -> Result<u32, ParseError> {
        let digits = self.bytes.get(at..at + 4).unwrap_or(&[]);
        let value = (digits.len() == 4)
            .then(|| {
                digits.iter().try_fold(0u32, |acc, &d| {
                    char::from(d).to_digit(16).map(|v| (acc << 4) | v)
                })
            })
            .flatten();
        value.ok_or_else(|| {
            ParseError::at(self.bytes, self.pos, ParseErrorKind::InvalidUnicodeEscape)
        })
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let matched = self.peek() == Some(byte);
        if matched {
            self.pos += 1;
        }
        matched
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn error(&self, kind: ParseErrorKind) -> ParseError {
        ParseError::at(self.bytes, self.pos, kind)
    }
}

/// Sorts members by key and keeps the last value of each duplicate key, as
/// building a Python `dict` and sorting its keys does.
fn last_wins_sorted(members: Vec<(JsonString, Value)>) -> Vec<(JsonString, Value)> {
    if members.windows(2).all(|w| w[0].0 < w[1].0) {
        return members;
    }
    let kept = dict_order(&members, &|a, b| a.cmp(b));
    let mut slots: Vec<Option<(JsonString, Value)>> = members.into_iter().map(Some).collect();
    kept.into_iter().filter_map(|i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::super::to_canonical;
    use super::*;

    fn err(text: &str) -> ParseError {
        parse(text.as_bytes()).expect_err(text)
    }

    fn canon(text: &str) -> String {
        to_canonical(&parse(text.as_bytes()).expect(text))
    }

    #[test]
    fn error_names_offset_line_and_column() {
        let e = err("[1, 2 3]");
        assert_eq!(e.kind, ParseErrorKind::ExpectedCommaOrBracket);
        assert_eq!((e.offset, e.line, e.column), (6, 1, 7));
        assert_eq!(
            e.to_string(),
            "expected ',' or ']' at line 1 column 7 (byte 6)"
        );

        let e = err("{\"é\":\n  1,\n  x}");
        assert_eq!(e.kind, ParseErrorKind::ExpectedKey);
        assert_eq!((e.offset, e.line, e.column), (14, 3, 3));

        let e = err("\"abc\ndef\"");
        assert_eq!(e.kind, ParseErrorKind::ControlCharacter(b'\n'));
        assert_eq!((e.offset, e.line, e.column), (4, 1, 5));

        assert_eq!(err("1 2").offset, 2);
        assert_eq!(err("  \"abc").offset, 2);
        assert_eq!(err("").kind, ParseErrorKind::ExpectedValue);
    }

    #[test]
    fn invalid_utf8_is_reported_at_its_first_bad_byte() {
        let e = parse(b"[\"ok\",\n\"\xc3\x28\"]").unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::InvalidUtf8);
        assert_eq!((e.offset, e.line, e.column), (8, 2, 2));
        // A UTF-8-encoded surrogate is not strict UTF-8.
        assert_eq!(parse(b"\"\xed\xa0\x80\"").unwrap_err().offset, 1);
    }

    #[test]
    fn byte_order_mark_is_rejected() {
        assert_eq!(err("\u{feff}1").kind, ParseErrorKind::ByteOrderMark);
    }

    #[test]
    fn nesting_up_to_the_limit_parses_prints_and_drops() {
        let text = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        // A small thread stack proves nothing recurses per level unboundedly.
        let handle = std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || {
                let value = parse(text.as_bytes()).unwrap();
                assert_eq!(to_canonical(&value), text);
                drop(value);
                let objects = "{\"a\":".repeat(MAX_DEPTH) + "1" + &"}".repeat(MAX_DEPTH);
                let value = parse(objects.as_bytes()).unwrap();
                assert_eq!(to_canonical(&value), objects);
            })
            .unwrap();
        handle.join().unwrap();
    }

    #[test]
    fn nesting_beyond_the_limit_is_an_error_at_the_opening_bracket() {
        let text = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        let e = parse(text.as_bytes()).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::TooDeep { limit: MAX_DEPTH });
        assert_eq!(e.offset, MAX_DEPTH);
        let text = "{\"a\":".repeat(MAX_DEPTH) + "[1]" + &"}".repeat(MAX_DEPTH);
        assert_eq!(
            parse(text.as_bytes()).unwrap_err().kind,
            ParseErrorKind::TooDeep { limit: MAX_DEPTH }
        );
    }

    #[test]
    fn a_million_open_brackets_fail_fast_and_cleanly() {
        let text = vec![b'['; 1_000_000];
        let started = std::time::Instant::now();
        let e = parse(&text).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::TooDeep { limit: MAX_DEPTH });
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn python_extensions_and_number_kinds() {
        assert_eq!(
            canon("[NaN, Infinity, -Infinity]"),
            "[NaN,Infinity,-Infinity]"
        );
        assert_eq!(canon("-0"), "0");
        assert_eq!(canon("-0.0"), "-0.0");
        assert_eq!(canon("1E2"), "100.0");
        assert_eq!(canon("1e400"), "Infinity");
        assert_eq!(canon("-1e400"), "-Infinity");
        assert_eq!(canon("123e-400"), "0.0");
        assert_eq!(canon("1e1000000000000000000000"), "Infinity");
        assert_eq!(
            canon("123456789012345678901234567890"),
            "123456789012345678901234567890"
        );
        assert_eq!(canon(" \t\r\n1 \n"), "1");
    }

    #[test]
    fn integer_digit_limit_matches_python() {
        let ok = "9".repeat(MAX_INTEGER_DIGITS);
        assert_eq!(canon(&format!("-{ok}")), format!("-{ok}"));
        let long = "9".repeat(MAX_INTEGER_DIGITS + 1);
        assert_eq!(
            err(&format!("[-{long}]")).kind,
            ParseErrorKind::IntegerTooLong {
                digits: MAX_INTEGER_DIGITS + 1
            }
        );
        // Floats have no such limit.
        assert_eq!(canon(&format!("{long}.0")), "Infinity");
    }

    #[test]
    fn surrogate_escapes_combine_only_as_high_then_low() {
        assert_eq!(canon(r#""\uD83D\uDE00""#), r#""\ud83d\ude00""#);
        let pair = parse(br#""\ud83d\ude00""#).unwrap();
        assert_eq!(pair, Value::from("\u{1f600}"));
        let lone = parse(br#""\ud800\ud800\udc00\ud800A""#).unwrap();
        let Value::String(lone) = lone else {
            panic!("not a string")
        };
        assert_eq!(lone.as_str(), None);
        // U+D800, then the pair U+D800 U+DC00 = U+10000, then a lone U+D800.
        assert_eq!(
            lone.as_wtf8_bytes(),
            b"\xed\xa0\x80\xf0\x90\x80\x80\xed\xa0\x80A"
        );
        assert_eq!(
            err(r#""\ud800\uZZZZ""#).kind,
            ParseErrorKind::InvalidUnicodeEscape
        );
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        assert_eq!(
            canon(r#"{"b":1,"a":2,"b":3,"a":4,"b":5}"#),
            r#"{"a":4,"b":5}"#
        );
    }

    #[test]
    fn keys_sort_by_code_point() {
        assert_eq!(
            canon(r#"{"\ud83d\ude00":1,"\ue000":2,"\ud800":3,"z":4}"#),
            r#"{"z":4,"\ud800":3,"\ue000":2,"\ud83d\ude00":1}"#
        );
    }

    #[test]
    fn inputs_python_rejects_are_errors() {
        for text in [
            "[1,]",
            "{\"a\":1,}",
            "{'a':1}",
            "01",
            "-",
            "-NaN",
            ".5",
            "1.",
            "1e",
            "1e+",
            "+1",
            "[1 2]",
            "nul",
            "True",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\t\"",
            "1 1",
            "{1:2}",
            "{\"a\" 1}",
            "[",
            "]",
            "\u{c}1",
            "\"abc",
            "\"abc\\",
            "infinity",
        ] {
            assert!(parse(text.as_bytes()).is_err(), "{text:?}");
        }
    }

    #[test]
    fn a_100_mb_string_parses_in_linear_time() {
        let mut text = Vec::with_capacity(100_000_010);
        text.push(b'"');
        text.resize(100_000_001, b'a');
        text.extend_from_slice(b"\\n\"");
        let started = std::time::Instant::now();
        let value = parse(&text).unwrap();
        let Value::String(s) = value else {
            panic!("not a string")
        };
        assert_eq!(s.as_wtf8_bytes().len(), 100_000_001);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }
}

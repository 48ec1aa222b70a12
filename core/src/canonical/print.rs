//! The canonical printer: `json.dumps(x, sort_keys=True, separators=(",", ":"))`
//! with `ensure_ascii=True` and `allow_nan=True` (CPython 3.11 `Lib/json/encoder.py`
//! and `Modules/_json.c`).

use std::fmt::Write;

use super::float::push_python_float;
use super::value::dict_order;
use super::{JsonString, Number, Value};

/// The canonical form of `value`.
pub fn to_canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(&mut out, value);
    out
}

/// Appends the canonical form of `value` to `out`.
///
/// Object members are written in code point order of their keys, and of
/// duplicate keys only the last is written, as a Python `dict` would hold it.
/// Iterative: any nesting depth is printed without recursion.
pub fn write_canonical(out: &mut String, value: &Value) {
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut next = Some(value);
    loop {
        if let Some(value) = next.take() {
            match value {
                Value::Null => out.push_str("null"),
                Value::Bool(true) => out.push_str("true"),
                Value::Bool(false) => out.push_str("false"),
                Value::Number(Number::Int(i)) => {
                    // Display into a String cannot fail.
                    let _ = write!(out, "{i}");
                }
                Value::Number(Number::Float(x)) => push_python_float(out, *x),
                Value::String(s) => push_wtf8_string(out, s.as_wtf8_bytes()),
                Value::Array(items) => {
                    out.push('[');
                    stack.push(Frame::Array(items.iter(), true));
                }
                Value::Object(members) => {
                    out.push('{');
                    stack.push(Frame::Object(Members::new(members), true));
                }
            }
        }
        let Some(frame) = stack.last_mut() else {
            return;
        };
        match frame {
            Frame::Array(items, first) => match items.next() {
                Some(item) => {
                    if !std::mem::take(first) {
                        out.push(',');
                    }
                    next = Some(item);
                }
                None => {
                    out.push(']');
                    stack.pop();
                }
            },
            Frame::Object(members, first) => match members.next() {
                Some((key, item)) => {
                    if !std::mem::take(first) {
                        out.push(',');
                    }
                    push_wtf8_string(out, key.as_wtf8_bytes());
                    out.push(':');
                    next = Some(item);
                }
                None => {
                    out.push('}');
                    stack.pop();
                }
            },
        }
    }
}

/// A container being printed, and whether its next member is its first.
enum Frame<'a> {
    Array(std::slice::Iter<'a, Value>, bool),
    Object(Members<'a>, bool),
}

/// Object members in canonical order.
enum Members<'a> {
    /// Already strictly sorted (always so for parsed values): no allocation.
    Sorted(std::slice::Iter<'a, (JsonString, Value)>),
    /// Indices of the members to print, sorted, last duplicate kept.
    Reordered(&'a [(JsonString, Value)], std::vec::IntoIter<usize>),
}

impl<'a> Members<'a> {
    fn new(members: &'a [(JsonString, Value)]) -> Self {
        if members.windows(2).all(|w| w[0].0 < w[1].0) {
            return Members::Sorted(members.iter());
        }
        let kept = dict_order(members, &|a, b| a.cmp(b));
        Members::Reordered(members, kept.into_iter())
    }
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a JsonString, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Members::Sorted(iter) => iter.next().map(|(k, v)| (k, v)),
            Members::Reordered(members, order) => {
                order.next().map(|i| (&members[i].0, &members[i].1))
            }
        }
    }
}

/// Appends `s` as a JSON string literal, quotes included, exactly as Python's
/// `json.dumps` with `ensure_ascii=True` writes a `str`
/// (`py_encode_basestring_ascii`).
///
/// Printable ASCII other than `"` and `\` is copied; `\"`, `\\`, `\b`, `\f`,
/// `\n`, `\r`, `\t` use their short escapes; every other code point (controls,
/// DEL, all non-ASCII) becomes lowercase `\uXXXX`, astral ones as a surrogate
/// pair. `/` is not escaped.
///
/// This is on the entry-hashing hot path: runs that need no escaping are found
/// eight bytes at a time and copied in one `push_str`.
pub fn push_json_string(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push('"');
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 16) {
            let mut words = [0u8; 16];
            words.copy_from_slice(chunk);
            let words = u128::from_le_bytes(words);
            // Two independent words per step: the common run of plain text costs
            // one branch per 16 bytes.
            let (low, high) = (escape_mask(words as u64), escape_mask((words >> 64) as u64));
            if low | high == 0 {
                i += 16;
                continue;
            }
            // The lowest flagged byte is exact (see `escape_mask`): skip straight to it.
            i += if low != 0 {
                low.trailing_zeros() / 8
            } else {
                8 + high.trailing_zeros() / 8
            } as usize;
        } else if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let flagged = escape_mask(u64::from_le_bytes(word));
            if flagged == 0 {
                i += 8;
                continue;
            }
            i += (flagged.trailing_zeros() / 8) as usize;
        }
        let b = bytes[i];
        if !NEEDS_ESCAPE[usize::from(b)] {
            i += 1;
            continue;
        }
        // `i` is always at a character boundary: it only ever steps over whole
        // ASCII bytes or whole characters.
        out.push_str(&s[run_start..i]);
        if b < 0x80 {
            push_ascii_escape(out, b);
            i += 1;
        } else if let Some(c) = s[i..].chars().next() {
            push_code_point_escape(out, u32::from(c));
            i += c.len_utf8();
        }
        run_start = i;
    }
    out.push_str(&s[run_start..]);
    out.push('"');
}

/// [`push_json_string`] onto bytes, for text on its way into a hash.
///
/// Entry fields are almost always printable ASCII (a stored canonical payload
/// always is: `ensure_ascii=True` leaves nothing else), where only `"` and `\`
/// need escaping. Such text is scanned eight bytes at a time and copied in
/// fixed 16-byte moves between the bytes that take a backslash. Anything else
/// goes through [`push_json_string`].
pub fn push_json_string_bytes(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let start = out.len();
    // Room for the worst case (every byte escaped), the quotes and a whole last move.
    out.resize(start + 2 * bytes.len() + 2 + COPY, 0);
    let written = &mut out[start..];
    written[0] = b'"';
    let mut at = 1;
    // `bytes[from..]` is not copied yet.
    let mut from = 0;
    let chunks = bytes.chunks_exact(8);
    // A short last chunk is padded with a letter, which needs no escape.
    let mut last = [b'a'; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let words = chunks.map(|chunk| <[u8; 8]>::try_from(chunk).unwrap_or_default());
    for (index, word) in words.chain([last]).enumerate() {
        let word = u64::from_le_bytes(word);
        if not_printable(word) != 0 {
            out.truncate(start);
            let mut text = String::with_capacity(bytes.len() + 8);
            push_json_string(&mut text, s);
            out.extend_from_slice(text.as_bytes());
            return;
        }
        let mut escaped = equal_bytes(word, b'"') | equal_bytes(word, b'\\');
        while escaped != 0 {
            let to = index * 8 + (escaped.trailing_zeros() / 8) as usize;
            copy_run(written, &mut at, bytes, from, to);
            written[at] = b'\\';
            at += 1;
            from = to;
            escaped &= escaped - 1;
        }
    }
    copy_run(written, &mut at, bytes, from, bytes.len());
    written[at] = b'"';
    out.truncate(start + at + 1);
}

/// Bytes per move in [`copy_run`].
pub(super) const COPY: usize = 16;

/// Copies `bytes[from..to]` to `written[*at..]` and advances `at`. Moves are
/// [`COPY`] bytes long, whatever the run's length: `written` has room past the
/// end, and what a move writes beyond the run is overwritten next.
#[inline(always)]
pub(super) fn copy_run(
    written: &mut [u8],
    at: &mut usize,
    bytes: &[u8],
    mut from: usize,
    to: usize,
) {
    let end = *at + (to - from);
    while from < to {
        match bytes.get(from..from + COPY) {
            Some(run) => written[*at..*at + COPY].copy_from_slice(run),
            None => written[*at..*at + (to - from)].copy_from_slice(&bytes[from..to]),
        }
        from += COPY;
        *at += COPY;
    }
    *at = end;
}

/// The high bit of every byte of `word` equal to `byte`, and of no other.
/// (The usual zero-byte trick, in its form where no borrow crosses bytes.)
fn equal_bytes(word: u64, byte: u8) -> u64 {
    let x = word ^ (LOW_ONES * u64::from(byte));
    !(((x & !HIGH_BITS) + !HIGH_BITS) | x) & HIGH_BITS
}

/// Non-zero when some byte of `word` is outside printable ASCII (`0x20..=0x7e`).
fn not_printable(word: u64) -> u64 {
    let below_space = word.wrapping_sub(LOW_ONES * 0x20) & !word;
    (below_space | word | equal_bytes(word, 0x7f)) & HIGH_BITS
}

/// Appends a WTF-8 string (see [`JsonString`]) as a JSON string literal.
/// Lone surrogates become `\udXXX` escapes, as Python writes them.
pub(crate) fn push_wtf8_string(out: &mut String, bytes: &[u8]) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return push_json_string(out, s);
    }
    // Lone surrogates are rare: decode one code point at a time.
    out.push('"');
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if NEEDS_ESCAPE[usize::from(b)] {
                push_ascii_escape(out, b);
            } else {
                out.push(char::from(b));
            }
            i += 1;
            continue;
        }
        let (len, lead_bits) = match b {
            0xc0..=0xdf => (2, u32::from(b & 0x1f)),
            0xe0..=0xef => (3, u32::from(b & 0x0f)),
            _ => (4, u32::from(b & 0x07)),
        };
        let tail = bytes.get(i + 1..i + len).unwrap_or(&[]);
        let cp = tail
            .iter()
            .fold(lead_bits, |cp, &t| (cp << 6) | u32::from(t & 0x3f));
        push_code_point_escape(out, cp);
        i += len;
    }
    out.push('"');
}

const LOW_ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` (little-endian) that may need escaping:
/// below 0x20, `"`, `\`, or 0x7f and above. Each test is the classic "has a
/// byte less than n / equal to n" bit trick: the lowest flagged byte always
/// needs escaping and an unflagged word needs none; a borrow can flag bytes
/// above a true one, so only the lowest is trusted.
pub(super) fn escape_mask(word: u64) -> u64 {
    let has_zero = |x: u64| x.wrapping_sub(LOW_ONES) & !x & HIGH_BITS;
    let control = word.wrapping_sub(LOW_ONES * 0x20) & !word & HIGH_BITS;
    let non_ascii = word & HIGH_BITS;
    let quote = has_zero(word ^ (LOW_ONES * u64::from(b'"')));
    let backslash = has_zero(word ^ (LOW_ONES * u64::from(b'\\')));
    let delete = has_zero(word ^ (LOW_ONES * 0x7f));
    control | non_ascii | quote | backslash | delete
}

/// Bytes that are not copied verbatim (see [`push_json_string`]).
static NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || b >= 0x7f || b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    table
};

const HEX: &[u8; 16] = b"0123456789abcdef";

fn push_ascii_escape(out: &mut String, b: u8) {
    match b {
        b'"' => out.push_str("\\\""),
        b'\\' => out.push_str("\\\\"),
        b'\n' => out.push_str("\\n"),
        b'\r' => out.push_str("\\r"),
        b'\t' => out.push_str("\\t"),
        0x08 => out.push_str("\\b"),
        0x0c => out.push_str("\\f"),
        _ => push_u_escape(out, u32::from(b)),
    }
}

fn push_code_point_escape(out: &mut String, cp: u32) {
    if cp >= 0x1_0000 {
        let v = cp - 0x1_0000;
        push_u_escape(out, 0xd800 | (v >> 10));
        push_u_escape(out, 0xdc00 | (v & 0x3ff));
    } else {
        push_u_escape(out, cp);
    }
}

/// `\uXXXX` with lowercase hex, as CPython writes it.
fn push_u_escape(out: &mut String, unit: u32) {
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[((unit >> shift) & 0xf) as usize]));
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn bytes_variant_writes_exactly_what_push_json_string_writes() {
        let texts = [
            "",
            "plain",
            r#"{"a":"b\"c","d":"\\u00e9"}"#,
            "\"\"\\\\",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "tab\there",
            "caf\u{e9} \u{1f600} \u{7f} \u{0}",
            "ends with a quote\"",
        ];
        for text in texts {
            let mut expected = String::from("prefix");
            push_json_string(&mut expected, text);
            let mut bytes = b"prefix".to_vec();
            push_json_string_bytes(&mut bytes, text);
            assert_eq!(bytes, expected.as_bytes(), "{text:?}");
        }
        // Every single byte and every pair of printable ASCII characters.
        let printable: Vec<char> = (0x20u8..0x7f).map(char::from).collect();
        for &a in &printable {
            for &b in &printable {
                let text: String = [a, b].iter().collect();
                let mut expected = String::new();
                push_json_string(&mut expected, &text);
                let mut bytes = Vec::new();
                push_json_string_bytes(&mut bytes, &text);
                assert_eq!(bytes, expected.as_bytes(), "{text:?}");
            }
        }
        // Longer texts: escapes and unprintable characters at every place in a word.
        let alphabet = ['"', '\\', 'a', '~', ' ', '\n', '\u{7f}', '\u{e9}'];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let len = (state >> 58) as usize;
            let text: String = (0..len)
                .map(|i| {
                    let pick = (state >> (i % 20 * 3)) as usize ^ i;
                    // Mostly printable, so that the fast path is taken often.
                    alphabet[if pick % 7 == 0 { pick % 8 } else { pick % 5 }]
                })
                .collect();
            let mut expected = String::new();
            push_json_string(&mut expected, &text);
            let mut bytes = Vec::new();
            push_json_string_bytes(&mut bytes, &text);
            assert_eq!(bytes, expected.as_bytes(), "{text:?}");
        }
    }

    fn quoted(s: &str) -> String {
        let mut out = String::new();
        push_json_string(&mut out, s);
        out
    }

    /// The obviously correct version: one character at a time.
    fn naive_quoted(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                ' '..='~' if c != '"' && c != '\\' => out.push(c),
                c if (c as u32) < 0x80 => push_ascii_escape(&mut out, c as u8),
                c => push_code_point_escape(&mut out, c as u32),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn string_escapes_match_python_ensure_ascii() {
        assert_eq!(quoted(""), r#""""#);
        assert_eq!(quoted("a/b"), r#""a/b""#);
        assert_eq!(quoted("\"\\\n\r\t\u{8}\u{c}"), r#""\"\\\n\r\t\b\f""#);
        assert_eq!(
            quoted("\0\u{1f}\u{7f}\u{80}é"),
            r#""\u0000\u001f\u007f\u0080\u00e9""#
        );
        assert_eq!(
            quoted("\u{ffff}\u{1f600}\u{10ffff}"),
            r#""\uffff\ud83d\ude00\udbff\udfff""#
        );
    }

    #[test]
    fn bulk_copy_matches_naive_escaping_at_every_alignment() {
        let alphabet = [
            'a',
            '~',
            ' ',
            '"',
            '\\',
            '\n',
            '\u{7f}',
            'é',
            '\u{1f600}',
            '\u{0}',
        ];
        for len in 0..40 {
            for special in alphabet {
                for at in 0..len {
                    let s: String = (0..len)
                        .map(|i| if i == at { special } else { 'x' })
                        .collect();
                    assert_eq!(quoted(&s), naive_quoted(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn bulk_copy_matches_naive_escaping_with_two_specials_in_a_word() {
        let alphabet = ['"', '\\', '\u{7f}', 'é', '\u{1f600}', '\u{1f}', '~'];
        for len in 2..20 {
            for first in alphabet {
                for second in alphabet {
                    for at in 0..len {
                        for at2 in at + 1..len {
                            let s: String = (0..len)
                                .map(|i| match i {
                                    i if i == at => first,
                                    i if i == at2 => second,
                                    _ => 'x',
                                })
                                .collect();
                            assert_eq!(quoted(&s), naive_quoted(&s), "{s:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn hand_built_objects_print_sorted_with_last_duplicate() {
        let value = Value::Object(vec![
            ("b".into(), Value::from(1i64)),
            ("a".into(), Value::from(2i64)),
            ("b".into(), Value::from(3i64)),
            ("\u{1f600}".into(), Value::Null),
            ("\u{e000}".into(), Value::Bool(true)),
        ]);
        assert_eq!(
            to_canonical(&value),
            r#"{"a":2,"b":3,"\ue000":true,"\ud83d\ude00":null}"#
        );
    }

    #[test]
    fn printing_a_hand_built_value_deeper_than_the_parser_allows_is_iterative() {
        let mut value = Value::Null;
        for _ in 0..100_000 {
            value = Value::Array(vec![value]);
        }
        let text = to_canonical(&value);
        assert_eq!(text.len(), 200_004);
        // Take it apart level by level: the derived drop would recurse.
        while let Value::Array(mut items) = value {
            value = items.pop().unwrap_or(Value::Null);
        }
    }

    #[test]
    fn round_trip_is_a_fixed_point() {
        for text in [
            r#"{"z":[1,2.5,-0.0,1e-05,1e+16,"é\ud800",null,true,{}],"a":{"b":[]}}"#,
            r#"[NaN,Infinity,-Infinity,123456789012345678901234567890,-1]"#,
            r#""\ud83d\ude00\u007f\u0000""#,
        ] {
            let once = to_canonical(&parse(text.as_bytes()).unwrap());
            let twice = to_canonical(&parse(once.as_bytes()).unwrap());
            assert_eq!(once, twice);
        }
    }
}

//! Recognising text that is already canonical, without parsing it into a value.
//!
//! Stored payloads are canonical JSON almost always, and the verifier checks each
//! one. [`plainly_canonical`] answers "certainly canonical" for the forms
//! `canonical_json` writes and "not known" for everything else, which then goes
//! through the full parse and print ([`super::is_canonical`]). It never answers
//! "canonical" for a text whose canonical form differs: every accepted token is
//! printed back byte for byte by [`super::write_canonical`] (see each rule).
//!
//! The same pass can also write the text as a JSON string literal
//! ([`embed_if_plainly_canonical`]): the check visits every `"` and `\` of the
//! text anyway, and those are the only bytes that take an escape in text that
//! is canonical (it is printable ASCII).

use super::float::push_python_float;
use super::print::{copy_run, escape_mask, COPY};

/// Deeper nesting is left to the full parser (and keeps this recursion shallow).
const MAX_DEPTH: usize = 128;

/// Longest integer taken here; longer ones are left to the full parser.
const MAX_INT_DIGITS: usize = 18;

/// True only when `text` is certainly its own canonical form. False means
/// "not known": the caller must decide with the full parse and print.
pub(crate) fn plainly_canonical(text: &str) -> bool {
    let mut checker = Checker {
        bytes: text.as_bytes(),
        pos: 0,
        escapes: (),
    };
    checker.value(0) && checker.pos == checker.bytes.len()
}

/// [`plainly_canonical`], and when true, `text` appended to `out` as a JSON
/// string literal, exactly as [`super::push_json_string_bytes`] writes it. When
/// false, `out` is left as it was.
pub(crate) fn embed_if_plainly_canonical(out: &mut Vec<u8>, text: &str) -> bool {
    let bytes = text.as_bytes();
    let start = out.len();
    // Room for the worst case (every byte escaped), the quotes and a whole last move.
    out.resize(start + 2 * bytes.len() + 2 + COPY, 0);
    let mut checker = Checker {
        bytes,
        pos: 0,
        escapes: Embedder {
            written: &mut out[start..],
            at: 1,
            from: 0,
        },
    };
    let canonical = checker.value(0) && checker.pos == bytes.len();
    let Embedder {
        written,
        mut at,
        from,
    } = checker.escapes;
    if canonical {
        written[0] = b'"';
        copy_run(written, &mut at, bytes, from, bytes.len());
        written[at] = b'"';
        out.truncate(start + at + 1);
    } else {
        out.truncate(start);
    }
    canonical
}

/// Told the position of every `"` and `\` of the text, in order.
trait Escapes {
    fn escape(&mut self, bytes: &[u8], pos: usize);
}

/// Checking only.
impl Escapes for () {
    fn escape(&mut self, _: &[u8], _: usize) {}
}

/// Writes the text up to each escaped byte, then its backslash.
struct Embedder<'o> {
    written: &'o mut [u8],
    /// Where the next byte goes in `written` (after the opening quote).
    at: usize,
    /// The text before `from` has been written.
    from: usize,
}

impl Escapes for Embedder<'_> {
    #[inline(always)]
    fn escape(&mut self, bytes: &[u8], pos: usize) {
        copy_run(self.written, &mut self.at, bytes, self.from, pos);
        self.written[self.at] = b'\\';
        self.at += 1;
        self.from = pos;
    }
}

struct Checker<'a, E> {
    bytes: &'a [u8],
    pos: usize,
    escapes: E,
}

impl<'a, E: Escapes> Checker<'a, E> {
    /// Consumes a `"` or `\` at the current position.
    fn escaped(&mut self) {
        self.escapes.escape(self.bytes, self.pos);
        self.pos += 1;
    }

    /// Skips eight bytes at a time while none needs escaping in a JSON string
    /// (printable ASCII other than `"` and `\`).
    fn skip_plain(&mut self) {
        while let Some(word) = self.bytes.get(self.pos..self.pos + 8) {
            let word = u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or_default());
            if escape_mask(word) != 0 {
                return;
            }
            self.pos += 8;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.peek() == Some(byte);
        self.pos += usize::from(hit);
        hit
    }

    fn literal(&mut self, word: &str) -> bool {
        let hit = self.bytes[self.pos..].starts_with(word.as_bytes());
        if hit {
            self.pos += word.len();
        }
        hit
    }

    /// No whitespace anywhere: the canonical form has none.
    fn value(&mut self, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string(),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            // `allow_nan=True` spellings, printed back as they are.
            Some(b'N') => self.literal("NaN"),
            Some(b'I') => self.literal("Infinity"),
            Some(b'-') if self.bytes.get(self.pos + 1) == Some(&b'I') => self.literal("-Infinity"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => false,
        }
    }

    /// Members in strictly increasing key order (sorted, no duplicates), `:` and
    /// `,` with nothing around them.
    fn object(&mut self, depth: usize) -> bool {
        self.pos += 1;
        if self.eat(b'}') {
            return true;
        }
        let mut previous: Option<&'a [u8]> = None;
        loop {
            let Some(key) = self.plain_key() else {
                return false;
            };
            // Printable ASCII only, so byte order is code point order.
            if previous.is_some_and(|previous| !ascending(previous, key)) {
                return false;
            }
            previous = Some(key);
            if !self.eat(b':') || !self.value(depth + 1) {
                return false;
            }
            if !self.eat(b',') {
                return self.eat(b'}');
            }
        }
    }

    fn array(&mut self, depth: usize) -> bool {
        self.pos += 1;
        if self.eat(b']') {
            return true;
        }
        loop {
            if !self.value(depth + 1) {
                return false;
            }
            if !self.eat(b',') {
                return self.eat(b']');
            }
        }
    }

    /// A key of printable ASCII without escapes, returned without its quotes.
    fn plain_key(&mut self) -> Option<&'a [u8]> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.escaped();
        let start = self.pos;
        self.skip_plain();
        let bytes: &'a [u8] = self.bytes;
        let len = bytes[self.pos..]
            .iter()
            .take_while(|&&b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
            .count();
        self.pos += len;
        if self.peek() != Some(b'"') {
            return None;
        }
        let key = &bytes[start..self.pos];
        self.escaped();
        Some(key)
    }

    /// A string as `ensure_ascii=True` writes it: printable ASCII other than `"`
    /// and `\`, the short escapes, and lowercase `\uXXXX` for exactly the code
    /// units that have no other form. Surrogate escapes round-trip: a high one
    /// before a low one is one astral code point, printed back as the same pair;
    /// any other is a lone surrogate, printed back as itself.
    fn string(&mut self) -> bool {
        self.escaped();
        loop {
            self.skip_plain();
            match self.peek() {
                Some(b'"') => {
                    self.escaped();
                    return true;
                }
                Some(b'\\') => {
                    self.escaped();
                    match self.peek() {
                        Some(b'"' | b'\\') => self.escaped(),
                        Some(b'n' | b'r' | b't' | b'b' | b'f') => self.pos += 1,
                        Some(b'u') => {
                            let Some(unit) = self.lowercase_hex4(self.pos + 1) else {
                                return false;
                            };
                            let short_or_plain = (0x20..0x7f).contains(&unit)
                                || matches!(unit, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d);
                            if short_or_plain {
                                return false;
                            }
                            self.pos += 5;
                        }
                        _ => return false,
                    }
                }
                Some(0x20..=0x7e) => self.pos += 1,
                _ => return false,
            }
        }
    }

    fn lowercase_hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        digits.iter().try_fold(0u32, |unit, &d| {
            let nibble = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                _ => return None,
            };
            Some(unit << 4 | u32::from(nibble))
        })
    }

    fn digits(&mut self) -> usize {
        let count = self.bytes[self.pos..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        self.pos += count;
        count
    }

    /// Integers: no leading zero, no `-0`, at most [`MAX_INT_DIGITS`] digits.
    /// Floats: exactly what `float.__repr__` prints for the value they parse to.
    fn number(&mut self) -> bool {
        let start = self.pos;
        let negative = self.eat(b'-');
        let int_digits = match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                1
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return false,
        };
        let mut is_float = false;
        if self.eat(b'.') {
            if self.digits() == 0 {
                return false;
            }
            is_float = true;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'-') {
                self.eat(b'+');
            }
            if self.digits() == 0 {
                return false;
            }
            is_float = true;
        }
        let token = &self.bytes[start..self.pos];
        if !is_float {
            return int_digits <= MAX_INT_DIGITS && token != b"-0";
        }
        if plain_repr(&token[usize::from(negative)..]) {
            return true;
        }
        // ASCII only, so this cannot fail.
        let Ok(text) = std::str::from_utf8(token) else {
            return false;
        };
        let Ok(value) = text.parse::<f64>() else {
            return false;
        };
        let mut printed = String::with_capacity(32);
        push_python_float(&mut printed, value);
        printed == text
    }
}

/// `previous < key` for keys of printable ASCII, deciding on the first eight
/// bytes when they differ. Zero padding sorts a key before its extensions, as
/// slice order does (printable keys hold no zero byte).
fn ascending(previous: &[u8], key: &[u8]) -> bool {
    let head = |k: &[u8]| {
        let mut word = [0u8; 8];
        let len = k.len().min(8);
        word[..len].copy_from_slice(&k[..len]);
        u64::from_be_bytes(word)
    };
    match head(previous).cmp(&head(key)) {
        std::cmp::Ordering::Equal => previous < key,
        order => order.is_lt(),
    }
}

/// True for a non-zero fixed-notation float text (no sign, no exponent; the
/// caller has checked the integer part has no leading zero) that is certainly
/// what `float.__repr__` prints for its value, decided without converting it:
///
/// - it has at most 15 significant digits, so no other decimal of at most 15
///   significant digits rounds to the same double (10^15 < 2^52: such decimals
///   survive the round trip through a double), hence no shorter digit string
///   does, and `repr`'s shortest round-trip digits are exactly these;
/// - its last fractional digit is not 0, unless the fraction is a single `0`
///   (`repr` writes an integral value with `.0` and drops other trailing zeros);
/// - `1e-4 <= value < 1e16`, the range `repr` writes in fixed notation: at most
///   16 integer digits, and for a zero integer part at most 3 zeros after the point.
fn plain_repr(text: &[u8]) -> bool {
    let Some(point) = text.iter().position(|&b| b == b'.') else {
        return false;
    };
    let (int, fraction) = (&text[..point], &text[point + 1..]);
    if !fraction.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if int.len() > 16 || fraction.last() == Some(&b'0') && fraction != b"0" {
        return false;
    }
    let digits = || int.iter().chain(fraction).copied();
    let Some(first) = digits().position(|d| d != b'0') else {
        return false;
    };
    if int == b"0" && first > 4 {
        return false;
    }
    let trailing_zeros = digits().rev().take_while(|&d| d == b'0').count();
    int.len() + fraction.len() - trailing_zeros - first <= 15
}

#[cfg(test)]
mod tests {
    use super::{embed_if_plainly_canonical, plain_repr, plainly_canonical};
    use crate::canonical::float::push_python_float;
    use crate::canonical::{canonicalize, push_json_string_bytes};

    #[test]
    fn plain_repr_accepts_only_what_repr_prints_back() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut accepted, mut rejected) = (0, 0);
        for _ in 0..200_000 {
            let r = next();
            // Integer part of 0 to 18 digits (or "0"), fraction of 1 to 19 digits,
            // with runs of zeros and nines, sometimes an exponent.
            let int_len = (r % 19) as usize;
            let fraction_len = 1 + (r >> 8) as usize % 19;
            let digit = |i: usize, r: u64| match (r >> (16 + i % 40)) % 4 {
                0 => b'0',
                1 => b'9',
                _ => b'0' + ((r >> (i % 60)) % 10) as u8,
            };
            let mut text: Vec<u8> = (0..int_len).map(|i| digit(i, next())).collect();
            if text.is_empty() || text[0] == b'0' {
                text = vec![b'0'];
            }
            text.push(b'.');
            text.extend((0..fraction_len).map(|i| digit(i + 7, next())));
            if r % 17 == 0 {
                text.extend_from_slice(b"e5");
            }
            let text = String::from_utf8(text).unwrap();
            let mut printed = String::new();
            push_python_float(&mut printed, text.parse().unwrap());
            if plain_repr(text.as_bytes()) {
                assert_eq!(printed, text);
                accepted += 1;
            } else {
                rejected += 1;
            }
        }
        assert!(
            accepted > 20_000 && rejected > 20_000,
            "{accepted} {rejected}"
        );
    }

    #[test]
    fn embedding_writes_what_push_json_string_bytes_writes() {
        let texts = [
            r#"{"a":"x\"y","b":["\\","\u00e9\n"],"c":{"d":1.5,"e":null}}"#,
            r#"{"cost_usd":0.217505,"model":"local-llama-3-70b","tags":["eu","prod"]}"#,
            r#""just a string with a \" quote""#,
            r#"["0123456789abcdef0123456789","\\\\\"\""]"#,
            "[1,2]",
        ];
        for text in texts {
            let mut expected = b"prefix".to_vec();
            push_json_string_bytes(&mut expected, text);
            let mut embedded = b"prefix".to_vec();
            assert!(embed_if_plainly_canonical(&mut embedded, text), "{text}");
            assert_eq!(embedded, expected, "{text}");
        }
        let mut untouched = b"prefix".to_vec();
        assert!(!embed_if_plainly_canonical(
            &mut untouched,
            r#"{"b":1,"a":2}"#
        ));
        assert_eq!(untouched, b"prefix");
    }

    #[test]
    fn accepts_only_texts_that_canonicalize_to_themselves() {
        let texts = [
            r#"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
            r#"{"b":1,"a":2}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a": 1}"#,
            r#"{"x":1.0,"y":1e-05,"z":1e+16,"w":-0.0,"v":0.1,"u":1e16,"t":1.5E3,"s":100.0}"#,
            r#"[-0,0,-1,01,123456789012345678,1234567890123456789]"#,
            r#"["\u00e9","\u00E9","\u0041","\n","\u000a","\/","\ud83d\ude00","\ud800","\u007f","\u0000","\u001f"]"#,
            r#"[NaN,Infinity,-Infinity,-NaN]"#,
            "[\"\u{e9}\"]",
            "[\"\u{7f}\"]",
            r#"{"\u00e9":1}"#,
            "{}",
            "[]",
            "\"\"",
            " {}",
            "{} ",
            "[1,]",
            "[1.]",
            "[.5]",
            "[1e]",
        ];
        for text in texts {
            let canonical = canonicalize(text.as_bytes()).ok();
            if plainly_canonical(text) {
                assert_eq!(canonical.as_deref(), Some(text), "accepted {text:?}");
            }
            if let Some(canonical) = canonical {
                // Everything in these vectors stays within the fast forms except escaped keys.
                if !canonical.contains("{\"\\u") {
                    assert!(plainly_canonical(&canonical), "{canonical:?}");
                }
            }
        }
    }
}

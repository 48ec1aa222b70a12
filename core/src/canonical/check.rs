//! Recognising text that is already canonical, without parsing it into a value.
//!
//! Stored payloads are canonical JSON almost always, and the verifier checks each
//! one. [`plainly_canonical`] answers "certainly canonical" for the forms
//! `canonical_json` writes and "not known" for everything else, which then goes
//! through the full parse and print ([`super::is_canonical`]). It never answers
//! "canonical" for a text whose canonical form differs: every accepted token is
//! printed back byte for byte by [`super::write_canonical`] (see each rule).

use super::float::push_python_float;

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
    };
    checker.value(0) && checker.pos == checker.bytes.len()
}

struct Checker<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Checker<'a> {
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
            if previous.is_some_and(|previous| previous >= key) {
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
        if !self.eat(b'"') {
            return None;
        }
        let start = self.pos;
        let bytes: &'a [u8] = self.bytes;
        let len = bytes[start..]
            .iter()
            .take_while(|&&b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
            .count();
        self.pos += len;
        self.eat(b'"').then_some(&bytes[start..start + len])
    }

    /// A string as `ensure_ascii=True` writes it: printable ASCII other than `"`
    /// and `\`, the short escapes, and lowercase `\uXXXX` for exactly the code
    /// units that have no other form. Surrogate escapes round-trip: a high one
    /// before a low one is one astral code point, printed back as the same pair;
    /// any other is a lone surrogate, printed back as itself.
    fn string(&mut self) -> bool {
        self.pos += 1;
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return true;
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'n' | b'r' | b't' | b'b' | b'f') => self.pos += 1,
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
        // ASCII only, so this cannot fail.
        let Ok(text) = std::str::from_utf8(&self.bytes[start..self.pos]) else {
            return false;
        };
        if !is_float {
            return int_digits <= MAX_INT_DIGITS && !(negative && text == "-0");
        }
        let Ok(value) = text.parse::<f64>() else {
            return false;
        };
        let mut printed = String::with_capacity(32);
        push_python_float(&mut printed, value);
        printed == text
    }
}

#[cfg(test)]
mod tests {
    use super::plainly_canonical;
    use crate::canonical::canonicalize;

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

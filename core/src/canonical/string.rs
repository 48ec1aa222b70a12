//! JSON strings as Python holds them: sequences of code points that may include
//! lone surrogates.

use std::fmt;

/// A JSON string value, stored as WTF-8.
///
/// Python strings are sequences of code points and `json.loads('"\\ud800"')`
/// yields a lone surrogate, which UTF-8 (and so `String`) cannot hold. WTF-8
/// (<https://simonsapin.github.io/wtf-8/>) encodes such a surrogate like any other
/// code point in the generalized UTF-8 three-byte form, which keeps the property
/// that byte order equals code point order: comparing `JsonString`s compares
/// them as Python's `sorted()` compares `str`.
///
/// Invariant: the bytes are well-formed WTF-8, so a high surrogate is never
/// directly followed by a low surrogate (such a pair is stored as the astral
/// code point it encodes, just as Python's `json` module combines `\uD83D\uDE00`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct JsonString(Vec<u8>);

impl JsonString {
    /// The string as `&str`, or `None` if it holds a lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The WTF-8 bytes; for strings without lone surrogates this is UTF-8.
    pub fn as_wtf8_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The string a JavaScript (UTF-16) string denotes: surrogate pairs become the
    /// astral code point they encode and lone surrogates are kept, as Python keeps
    /// them after `json.loads`.
    pub fn from_utf16(units: &[u16]) -> Self {
        let mut bytes = Vec::with_capacity(units.len());
        for unit in char::decode_utf16(units.iter().copied()) {
            let cp = match unit {
                Ok(c) => u32::from(c),
                Err(lone) => u32::from(lone.unpaired_surrogate()),
            };
            push_wtf8_code_point(&mut bytes, cp);
        }
        JsonString(bytes)
    }

    /// The code points of the string, lone surrogates included.
    pub fn code_points(&self) -> impl Iterator<Item = u32> + '_ {
        let mut rest = self.0.as_slice();
        std::iter::from_fn(move || {
            let (&lead, tail) = rest.split_first()?;
            // Well-formed WTF-8: the lead byte says how many continuation bytes follow.
            let (len, init) = match lead {
                0x00..=0x7f => (0, u32::from(lead)),
                0xc0..=0xdf => (1, u32::from(lead & 0x1f)),
                0xe0..=0xef => (2, u32::from(lead & 0x0f)),
                _ => (3, u32::from(lead & 0x07)),
            };
            let len = len.min(tail.len());
            let cp = tail[..len]
                .iter()
                .fold(init, |cp, &b| (cp << 6) | u32::from(b & 0x3f));
            rest = &tail[len..];
            Some(cp)
        })
    }

    /// Wraps bytes the parser has produced as well-formed WTF-8.
    pub(crate) fn from_wtf8_unchecked(bytes: Vec<u8>) -> Self {
        JsonString(bytes)
    }
}

impl From<&str> for JsonString {
    fn from(s: &str) -> Self {
        JsonString(s.as_bytes().to_vec())
    }
}

impl From<String> for JsonString {
    fn from(s: String) -> Self {
        JsonString(s.into_bytes())
    }
}

impl fmt::Debug for JsonString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_str() {
            Some(s) => fmt::Debug::fmt(s, f),
            None => {
                let mut escaped = String::new();
                super::print::push_wtf8_string(&mut escaped, &self.0);
                write!(f, "JsonString({escaped})")
            }
        }
    }
}

/// Appends `cp` (any code point, surrogates included) as generalized UTF-8.
pub(crate) fn push_wtf8_code_point(out: &mut Vec<u8>, cp: u32) {
    // The casts keep only the bits each byte carries.
    if cp < 0x80 {
        out.push(cp as u8);
    } else if cp < 0x800 {
        out.extend_from_slice(&[0xc0 | (cp >> 6) as u8, 0x80 | (cp & 0x3f) as u8]);
    } else if cp < 0x1_0000 {
        out.extend_from_slice(&[
            0xe0 | (cp >> 12) as u8,
            0x80 | ((cp >> 6) & 0x3f) as u8,
            0x80 | (cp & 0x3f) as u8,
        ]);
    } else {
        out.extend_from_slice(&[
            0xf0 | (cp >> 18) as u8,
            0x80 | ((cp >> 12) & 0x3f) as u8,
            0x80 | ((cp >> 6) & 0x3f) as u8,
            0x80 | (cp & 0x3f) as u8,
        ]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wtf8(cps: &[u32]) -> JsonString {
        let mut bytes = Vec::new();
        for &cp in cps {
            push_wtf8_code_point(&mut bytes, cp);
        }
        JsonString::from_wtf8_unchecked(bytes)
    }

    #[test]
    fn ordering_is_by_code_point_not_utf16_unit() {
        // UTF-16 order would put U+1F600 (D83D DE00) before U+E000.
        let keys = [
            0x7f, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xffff, 0x1_f600,
        ];
        let strings: Vec<JsonString> = keys.iter().map(|&k| wtf8(&[k])).collect();
        assert!(strings.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn utf16_pairs_combine_and_lone_surrogates_survive() {
        let units: Vec<u16> = vec![0x61, 0xd83d, 0xde00, 0xd800, 0xdc00, 0xdfff, 0xd83d];
        let s = JsonString::from_utf16(&units);
        assert_eq!(
            s.code_points().collect::<Vec<_>>(),
            vec![0x61, 0x1_f600, 0x1_0000, 0xdfff, 0xd83d]
        );
        assert_eq!(s, wtf8(&[0x61, 0x1_f600, 0x1_0000, 0xdfff, 0xd83d]));
        assert_eq!(JsonString::from_utf16(&[0xe9]).as_str(), Some("é"));
    }

    #[test]
    fn as_str_is_none_only_for_lone_surrogates() {
        assert_eq!(wtf8(&[0x61, 0x1_f600]).as_str(), Some("a\u{1f600}"));
        assert_eq!(wtf8(&[0xd800]).as_str(), None);
        assert_eq!(JsonString::from("é".to_string()).as_str(), Some("é"));
    }
}

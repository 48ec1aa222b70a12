//! Canonical JSON exactly as Python's
//! `json.dumps(x, sort_keys=True, separators=(",", ":"))` writes it.
//!
//! Nexuscone 0.2.1 hashes `nexuscone.canonical.canonical_json(payload)`, which is
//! that call with every other argument left at its default:
//!
//! - `ensure_ascii=True`: every code point outside `0x20..=0x7e` is written as a
//!   lowercase `\uXXXX` escape (DEL `0x7f` included), astral code points as a
//!   UTF-16 surrogate pair, and `\b \f \n \r \t \" \\` use their short forms.
//! - `allow_nan=True`: NaN and the infinities are the bare tokens `NaN`,
//!   `Infinity` and `-Infinity`.
//! - floats use Python's `float.__repr__` (layout rules in
//!   `float.rs`), integers of any size print exactly.
//! - `sort_keys=True`: object keys are sorted by code point, not by UTF-16 unit.
//!
//! The parser accepts exactly what Python 3.11's `json.loads(str)` accepts after
//! the input bytes are decoded as strict UTF-8, with one documented difference:
//! Python's limit on nesting is its recursion limit (about 995 levels, depending
//! on the caller's stack), while ours is the fixed [`MAX_DEPTH`].
//!
//! What this module is NOT: a general JSON library. It keeps no formatting, has
//! no serde integration and never writes anything but the canonical form.

mod check;
mod error;
mod float;
mod number;
mod parse;
mod print;
mod string;
mod value;

pub use error::{ParseError, ParseErrorKind};
pub use number::{Integer, Number, MAX_INTEGER_DIGITS};
pub use parse::{parse, MAX_DEPTH};
pub use print::{push_json_string, push_json_string_bytes, to_canonical, write_canonical};
pub use string::JsonString;
pub(crate) use value::dict_order;
pub use value::Value;

/// Parses `text` as Python's `json.loads` would and prints it as
/// `canonical_json` would: the canonical form of the input.
///
/// # Errors
///
/// Returns a [`ParseError`] for any input `json.loads` rejects (see [`parse`]).
pub fn canonicalize(text: &[u8]) -> Result<String, ParseError> {
    let value = parse(text)?;
    let mut out = String::with_capacity(text.len());
    write_canonical(&mut out, &value);
    Ok(out)
}

/// True when `text` is exactly its own canonical form: `canonicalize(text) == text`,
/// as Nexuscone stores every payload. On the verification hot path: the UTF-8 is
/// already checked and the output is compared, never kept.
pub fn is_canonical(text: &str) -> bool {
    check::plainly_canonical(text) || prints_back(text)
}

/// Appends `text` to `out` as a JSON string literal, exactly as
/// [`push_json_string_bytes`] does, and returns [`is_canonical`]`(text)`. For
/// the forms Nexuscone stores, both come out of a single pass over `text`: the
/// entry hash embeds the payload string this way while checking it.
pub fn push_json_string_checking_canonical(out: &mut Vec<u8>, text: &str) -> bool {
    if check::embed_if_plainly_canonical(out, text) {
        return true;
    }
    push_json_string_bytes(out, text);
    prints_back(text)
}

/// The full check: `text` parses and prints back as itself.
fn prints_back(text: &str) -> bool {
    let Ok(value) = parse::parse_str(text) else {
        return false;
    };
    let mut out = String::with_capacity(text.len());
    write_canonical(&mut out, &value);
    out == text
}

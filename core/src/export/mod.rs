//! The two text formats a ledger travels in outside SQLite (see `docs/FORMAT.md`):
//! JSONL, one `entries` row per line ([`jsonl`]), and the bundle, one JSON document
//! carrying entries, public keys, witnesses, attestations and anchors ([`bundle`]).
//!
//! Both are written as canonical JSON, so the Python reference
//! (`json.dumps(row, sort_keys=True, separators=(",", ":"))`) writes the same bytes.

pub mod bundle;
mod entry_line;
pub mod jsonl;
mod row;

pub use row::{entry_to_value, row_from_value, Row};

use thiserror::Error;

use crate::canonical::ParseError;

/// Which of the two text formats a ledger export is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    /// One row per line ([`jsonl`]).
    Jsonl,
    /// One bundle document ([`bundle`]).
    Bundle,
}

impl TextFormat {
    /// Tells a bundle from JSONL by content alone: a bundle is one JSON object with
    /// a `format` member (on one line as written, or pretty-printed), while a JSONL
    /// line is an entry row, which has no such member. Anything else is taken as
    /// JSONL, whose reader then says which line is wrong.
    ///
    /// Costs one parse of the first line, plus one of the whole text only when the
    /// first line is not a complete JSON value (a pretty-printed document).
    pub fn detect(text: &[u8]) -> TextFormat {
        let has_format = |bytes: &[u8]| {
            matches!(
                crate::canonical::parse(bytes),
                Ok(crate::canonical::Value::Object(members))
                    if members.iter().any(|(key, _)| key.as_str() == Some("format"))
            )
        };
        let start = text
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(text.len());
        let body = &text[start..];
        let first_line = body.split(|&b| b == b'\n').next().unwrap_or_default();
        match crate::canonical::parse(first_line) {
            Ok(_) if has_format(first_line) => TextFormat::Bundle,
            Ok(_) => TextFormat::Jsonl,
            Err(_) if body.first() == Some(&b'{') && has_format(body) => TextFormat::Bundle,
            Err(_) => TextFormat::Jsonl,
        }
    }
}

/// Input that could not be read as a ledger export. Each variant says where.
#[derive(Debug, Error, PartialEq)]
pub enum ReadError {
    /// The text at `location` is not JSON as Python's `json.loads` accepts it.
    #[error("{location}: invalid JSON: {source}")]
    Json {
        /// Where: `line 5`, or `bundle`.
        location: String,
        /// What the parser found.
        source: ParseError,
    },
    /// A field is missing or has the wrong type or form.
    #[error("{location}: {message}")]
    Field {
        /// Where: `line 5, field entry_hash` or `entries[3].entry_hash`.
        location: String,
        /// What was expected and what was found.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::TextFormat;

    #[test]
    fn bundles_are_told_from_jsonl_by_their_format_member() {
        let bundle = br#"{"entries":[],"format":"nexuscone-bundle","version":1}"#;
        assert_eq!(TextFormat::detect(bundle), TextFormat::Bundle);
        let pretty = b"\n {\n  \"format\": \"nexuscone-bundle\",\n  \"version\": 1\n}\n";
        assert_eq!(TextFormat::detect(pretty), TextFormat::Bundle);
        let jsonl = b"{\"entry_id\":1}\n{\"entry_id\":2}\n";
        assert_eq!(TextFormat::detect(jsonl), TextFormat::Jsonl);
        assert_eq!(TextFormat::detect(b""), TextFormat::Jsonl);
        assert_eq!(TextFormat::detect(b"{not json"), TextFormat::Jsonl);
    }
}

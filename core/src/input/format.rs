//! Which of the formats of `docs/FORMAT.md` an input is, told from its bytes.
//!
//! An SQLite database starts with the 16-byte header `SQLite format 3\0` (SQLite file
//! format §1.3). A bundle is one JSON object with a `format` member (canonical on one
//! line as written, or pretty-printed); a disclosure bundle is such an object whose
//! `format` is `nexuscone-disclosure`. Anything else is JSONL, whose reader then says
//! which line is wrong. A file name is only a hint, used when the bytes cannot decide:
//! an empty input.

use crate::canonical::{self, Value};
use crate::report::{Limit, LimitKind};

use super::lines::BOM;
use crate::sqlite::MAGIC as SQLITE_MAGIC;

/// The input formats; serialised as [`Format::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A Nexuscone SQLite database.
    Sqlite,
    /// A JSONL export: one entry row per line.
    Jsonl,
    /// A ledger bundle: one JSON document.
    Bundle,
    /// A selective-disclosure bundle (`docs/SPEC.md`), not a whole ledger.
    Disclosure,
}

impl Format {
    /// The format's stable name in reports: `sqlite`, `jsonl`, `bundle`, `disclosure`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Sqlite => "sqlite",
            Format::Jsonl => "jsonl",
            Format::Bundle => "bundle",
            Format::Disclosure => "disclosure",
        }
    }

    /// What this format cannot carry, as a report limit: a JSONL export holds only the
    /// `entries` table, so no witness attestation or anchor can be in it, and none can
    /// show that its history was rewritten or cut off (`docs/FORMAT.md` §2).
    pub fn limit(self) -> Option<Limit> {
        (self == Format::Jsonl).then(|| Limit {
            kind: LimitKind::FormatOmitsAttestationsAndAnchors,
            message: "a JSONL export holds entries only: witness attestations and anchors cannot be in it, so none were checked, even if the ledger it came from has them".to_owned(),
        })
    }

    /// The format of an input of which `head` is the beginning (`complete`: all of it).
    /// `None` when more bytes are needed: the first line is not finished yet and may
    /// still turn out to be a pretty-printed bundle. Costs one parse of the first line,
    /// and one of the whole text only when that line is not a complete JSON value.
    /// Returns [`Format::Jsonl`] for an input with nothing but whitespace; see
    /// [`Format::is_empty`].
    pub fn detect(head: &[u8], complete: bool) -> Option<Format> {
        if head.starts_with(SQLITE_MAGIC)
            || (!head.is_empty() && SQLITE_MAGIC.starts_with(head) && head.len() < 16)
        {
            return Some(Format::Sqlite);
        }
        let text = head.strip_prefix(BOM).unwrap_or(head);
        let start = text
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(text.len());
        let body = &text[start..];
        let newline = body.iter().position(|&b| b == b'\n');
        let first_line = match newline {
            Some(end) => &body[..end],
            None if complete => body,
            None => return None,
        };
        match canonical::parse(first_line) {
            Ok(value) => Some(document_format(&value).unwrap_or(Format::Jsonl)),
            Err(_) if body.first() == Some(&b'{') => {
                if !complete {
                    return None;
                }
                let whole = canonical::parse(body).ok();
                let document = whole.as_ref().and_then(document_format);
                Some(document.unwrap_or_else(|| broken_document_format(body)))
            }
            Err(_) => Some(Format::Jsonl),
        }
    }

    /// True when `bytes` hold no ledger at all: nothing but whitespace (and a BOM).
    pub fn is_empty(bytes: &[u8]) -> bool {
        let text = bytes.strip_prefix(BOM).unwrap_or(bytes);
        text.iter().all(u8::is_ascii_whitespace)
    }
}

/// A name's hint, for an input whose bytes cannot say (an empty file).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hint {
    /// No name, or a name that says nothing.
    #[default]
    None,
    /// The name ends in `.sqlite`, `.sqlite3` or `.db`.
    Sqlite,
}

impl Hint {
    /// The hint a file name gives.
    pub fn from_name(name: &str) -> Hint {
        let lower = name.to_ascii_lowercase();
        if [".sqlite", ".sqlite3", ".db"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        {
            Hint::Sqlite
        } else {
            Hint::None
        }
    }
}

/// Members a bundle has and an entry row never has. A bundle as written starts with
/// one of them (canonical JSON sorts members: `anchors` first).
const BUNDLE_MEMBERS: [&str; 7] = [
    "anchors",
    "entries",
    "format",
    "public_keys",
    "version",
    "witness_attestations",
    "witnesses",
];

/// The format of an object that is not valid JSON (a truncated or damaged file), by
/// its first member's name: a bundle's, or else an entry row's.
fn broken_document_format(body: &[u8]) -> Format {
    let after_brace = body[1..].iter().position(|b| !b.is_ascii_whitespace());
    let name = after_brace
        .map(|at| &body[1 + at..])
        .and_then(|rest| rest.strip_prefix(b"\""))
        .and_then(|rest| rest.iter().position(|&b| b == b'"').map(|end| &rest[..end]));
    match name {
        Some(name) if BUNDLE_MEMBERS.iter().any(|m| m.as_bytes() == name) => Format::Bundle,
        _ => Format::Jsonl,
    }
}

/// `Some(Bundle)` or `Some(Disclosure)` for an object with a `format` member.
fn document_format(value: &Value) -> Option<Format> {
    let Value::Object(members) = value else {
        return None;
    };
    let (_, format) = members
        .iter()
        .rev()
        .find(|(key, _)| key.as_str() == Some("format"))?;
    Some(match format {
        Value::String(s) if s.as_str() == Some(crate::disclosure::FORMAT) => Format::Disclosure,
        _ => Format::Bundle,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers/");
        std::fs::read(format!("{dir}{name}")).unwrap()
    }

    #[test]
    fn each_fixture_format_is_told_by_its_content_alone() {
        for (name, format) in [
            ("signed.sqlite", Format::Sqlite),
            ("signed.jsonl", Format::Jsonl),
            ("signed.bundle.json", Format::Bundle),
            ("legacy_v010.sqlite", Format::Sqlite),
        ] {
            assert_eq!(Format::detect(&fixture(name), true), Some(format), "{name}");
        }
    }

    #[test]
    fn bundles_are_told_from_jsonl_by_their_format_member() {
        let bundle = br#"{"entries":[],"format":"nexuscone-bundle","version":1}"#;
        assert_eq!(Format::detect(bundle, true), Some(Format::Bundle));
        let pretty = b"\n {\n  \"format\": \"nexuscone-bundle\",\n  \"version\": 1\n}\n";
        assert_eq!(Format::detect(pretty, true), Some(Format::Bundle));
        let disclosure = br#"{"format":"nexuscone-disclosure"}"#;
        assert_eq!(Format::detect(disclosure, true), Some(Format::Disclosure));
        let jsonl = b"{\"entry_id\":1}\n{\"entry_id\":2}\n";
        assert_eq!(Format::detect(jsonl, true), Some(Format::Jsonl));
        assert_eq!(Format::detect(b"{not json", true), Some(Format::Jsonl));
        assert_eq!(Format::detect(b"[1]\n", true), Some(Format::Jsonl));
    }

    #[test]
    fn a_bom_crlf_jsonl_and_a_bom_bundle_are_recognised() {
        let jsonl = b"\xef\xbb\xbf{\"entry_id\":1}\r\n";
        assert_eq!(Format::detect(jsonl, true), Some(Format::Jsonl));
        let bundle = b"\xef\xbb\xbf{\"format\":\"nexuscone-bundle\"}";
        assert_eq!(Format::detect(bundle, true), Some(Format::Bundle));
    }

    #[test]
    fn an_unfinished_first_line_needs_more_bytes_unless_complete() {
        assert_eq!(Format::detect(b"{\"entry_id\":1", false), None);
        assert_eq!(Format::detect(b"{\n", false), None);
        assert_eq!(
            Format::detect(b"{\"entry_id\":1}\n{", false),
            Some(Format::Jsonl)
        );
        assert_eq!(Format::detect(b"SQLite f", false), Some(Format::Sqlite));
        assert_eq!(Format::detect(b"", false), None);
    }

    #[test]
    fn a_truncated_bundle_is_still_a_bundle_and_a_truncated_row_jsonl() {
        let bundle = fixture("signed.bundle.json");
        let half = &bundle[..bundle.len() / 2];
        assert_eq!(Format::detect(half, true), Some(Format::Bundle));
        assert_eq!(Format::detect(half, false), None);
        let pretty = b"{\n  \"anchors\": [\n";
        assert_eq!(Format::detect(pretty, true), Some(Format::Bundle));
        let jsonl = fixture("signed.jsonl");
        let line = &jsonl[..jsonl.iter().position(|&b| b == b'\n').unwrap() / 2];
        assert_eq!(Format::detect(line, true), Some(Format::Jsonl));
    }

    #[test]
    fn a_truncated_sqlite_header_is_still_sqlite() {
        assert_eq!(Format::detect(b"SQLite for", true), Some(Format::Sqlite));
        assert_eq!(
            Format::detect(b"SQLite format 4", true),
            Some(Format::Jsonl)
        );
    }

    #[test]
    fn whitespace_and_a_bom_are_empty_input() {
        for empty in [&b""[..], b"\n\r\n  ", b"\xef\xbb\xbf\n"] {
            assert!(Format::is_empty(empty));
        }
        assert!(!Format::is_empty(b"{}"));
        assert_eq!(Hint::from_name("x.SQLite"), Hint::Sqlite);
        assert_eq!(Hint::from_name("ledger.db"), Hint::Sqlite);
        assert_eq!(Hint::from_name("ledger.json"), Hint::None);
    }
}

//! A file the user handed us: which of the formats of `docs/FORMAT.md` it is, and
//! what the report says about it (name, size, SHA-256).

use serde::{Deserialize, Serialize};

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How many leading bytes [`Format::detect`] looks at.
pub const HEAD_LEN: usize = 4096;

/// The input formats the viewer knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A Nexuscone SQLite database.
    Sqlite,
    /// A JSONL export: one entry row per line.
    Jsonl,
    /// A ledger bundle: one JSON document.
    Bundle,
}

impl Format {
    /// A short name for people and for the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Sqlite => "sqlite",
            Format::Jsonl => "jsonl",
            Format::Bundle => "bundle",
        }
    }

    /// Decides the format from the file's first [`HEAD_LEN`] bytes, then its name.
    ///
    /// A bundle is one JSON object whose first member, as Nexuscone writes it
    /// (canonical JSON, keys sorted), is `anchors`, or which names the bundle
    /// format; anything else that starts with `{` is read as JSONL.
    pub fn detect(name: &str, head: &[u8]) -> Format {
        if head.starts_with(SQLITE_MAGIC) {
            return Format::Sqlite;
        }
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            return Format::Jsonl;
        }
        if lower.ends_with(".json") {
            return Format::Bundle;
        }
        let head = &head[..head.len().min(HEAD_LEN)];
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
        let names_bundle = |text: &[u8]| {
            text.windows(b"\"nexuscone-bundle\"".len())
                .any(|w| w == b"\"nexuscone-bundle\"")
        };
        let looks_like_entry = |text: &[u8]| {
            text.windows(b"\"entry_hash\"".len())
                .any(|w| w == b"\"entry_hash\"")
                && !text.starts_with(b"{\"anchors\"")
        };
        if looks_like_entry(first_line) && !names_bundle(first_line) {
            Format::Jsonl
        } else {
            Format::Bundle
        }
    }
}

/// What the report records of the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputInfo {
    /// The file name, or a description for pasted text.
    pub name: String,
    /// How it was read.
    pub format: Format,
    /// Its length in bytes.
    pub bytes: u64,
    /// Lowercase hex SHA-256 of the whole file.
    pub sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_are_recognised_by_content_without_a_name() {
        let bundle = include_bytes!("../../fixtures/ledgers/signed.bundle.json");
        let jsonl = include_bytes!("../../fixtures/ledgers/signed.jsonl");
        let sqlite = include_bytes!("../../fixtures/ledgers/signed.sqlite");
        assert_eq!(Format::detect("pasted", bundle), Format::Bundle);
        assert_eq!(Format::detect("pasted", jsonl), Format::Jsonl);
        assert_eq!(Format::detect("x.json", sqlite), Format::Sqlite);
    }
}

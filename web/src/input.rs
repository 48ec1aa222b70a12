//! A file the user handed us, and which of the formats of `docs/FORMAT.md` it is.

use sha2::{Digest, Sha256};

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The input formats the viewer knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}

/// The bytes of one input and what we know of them.
#[derive(Debug)]
pub struct Input {
    /// The file name, or a description for pasted text.
    pub name: String,
    /// The whole file.
    pub bytes: Vec<u8>,
    /// Lowercase hex SHA-256 of `bytes`.
    pub sha256: String,
}

impl Input {
    /// Wraps the bytes, hashing them once.
    pub fn new(name: String, bytes: Vec<u8>) -> Input {
        let sha256 = hex::encode(Sha256::digest(&bytes));
        Input {
            name,
            bytes,
            sha256,
        }
    }

    /// Decides the format from the content, then the file name.
    ///
    /// A bundle is one JSON object whose first member, as Nexuscone writes it
    /// (canonical JSON, keys sorted), is `anchors`, or which names the bundle
    /// format; anything else that starts with `{` is read as JSONL.
    pub fn format(&self) -> Format {
        if self.bytes.starts_with(SQLITE_MAGIC) {
            return Format::Sqlite;
        }
        let lower = self.name.to_ascii_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            return Format::Jsonl;
        }
        if lower.ends_with(".json") {
            return Format::Bundle;
        }
        let head = &self.bytes[..self.bytes.len().min(4096)];
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_are_recognised_by_content_without_a_name() {
        let bundle = include_bytes!("../../fixtures/ledgers/signed.bundle.json").to_vec();
        let jsonl = include_bytes!("../../fixtures/ledgers/signed.jsonl").to_vec();
        let sqlite = include_bytes!("../../fixtures/ledgers/signed.sqlite").to_vec();
        assert_eq!(Input::new("pasted".into(), bundle).format(), Format::Bundle);
        assert_eq!(Input::new("pasted".into(), jsonl).format(), Format::Jsonl);
        assert_eq!(Input::new("x.json".into(), sqlite).format(), Format::Sqlite);
    }

    #[test]
    fn sha256_is_of_the_exact_bytes() {
        let input = Input::new("empty".into(), Vec::new());
        assert_eq!(
            input.sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}

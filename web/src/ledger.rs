//! A ledger read into memory for display: its entries and what the ledger carries
//! besides them, plus per-column indexes for the table's filters.

use std::collections::{BTreeMap, HashMap};

use nexuscone_core::entry::Entry;
use nexuscone_core::export::bundle::Bundle;
use nexuscone_core::export::jsonl;
use nexuscone_core::export::{ReadError, Row};
use nexuscone_core::sqlite::tables::{LedgerTables, TableError};
use nexuscone_core::sqlite::Database;
use nexuscone_core::witness::{Witness, WitnessAttestation};

/// Distinct values of one text column, and each entry's index into them.
#[derive(Debug, Default)]
pub struct Column {
    /// The distinct values, in order of first appearance.
    pub values: Vec<String>,
    /// For each entry, its value's index in `values`.
    pub of_entry: Vec<u32>,
    lookup: HashMap<String, u32>,
}

impl Column {
    fn push(&mut self, value: &str) {
        let index = match self.lookup.get(value) {
            Some(&index) => index,
            None => {
                let index = self.values.len() as u32;
                self.values.push(value.to_owned());
                self.lookup.insert(value.to_owned(), index);
                index
            }
        };
        self.of_entry.push(index);
    }

    /// A column from its distinct values and each entry's index into them.
    pub fn from_parts(values: Vec<String>, of_entry: Vec<u32>) -> Column {
        Column {
            values,
            of_entry,
            lookup: HashMap::new(),
        }
    }

    /// The distinct values sorted for a drop-down, with their indexes.
    pub fn sorted(&self) -> Vec<(u32, String)> {
        let mut out: Vec<(u32, String)> = self
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| (i as u32, v.clone()))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out
    }
}

/// A whole ledger, as read from one input.
#[derive(Debug, Default)]
pub struct Ledger {
    /// The entry rows, in input order.
    pub rows: Vec<Row>,
    /// Entry-signing keys the ledger itself carries (bundles only): self-asserted.
    pub ledger_keys: BTreeMap<String, String>,
    /// Registered witnesses.
    pub witnesses: Vec<Witness>,
    /// Witness attestations.
    pub attestations: Vec<WitnessAttestation>,
    /// Anchor rows (carried, not verified).
    pub anchor_count: usize,
    /// `actor` column index.
    pub actors: Column,
    /// `action` column index.
    pub actions: Column,
    /// `event_type` column index (legacy rows: the effective `request`).
    pub event_types: Column,
    /// Each entry's timestamp as Unix microseconds, `None` when it cannot be read.
    pub times: Vec<Option<i64>>,
}

impl Ledger {
    fn push(&mut self, row: Row) {
        self.actors.push(&row.entry.actor);
        self.actions.push(&row.entry.action);
        self.event_types.push(row.entry.effective_event_type());
        self.times
            .push(crate::timeline::parse_time(&row.entry.timestamp));
        self.rows.push(row);
    }

    /// The entry at `index` (input order).
    pub fn entry(&self, index: usize) -> Option<&Entry> {
        self.rows.get(index).map(|row| &row.entry)
    }

    /// Positions of the entries whose id is `text`, whose actor, action, event type,
    /// timestamp or payload contains it (ignoring case), or whose `entry_hash` starts
    /// with it.
    pub fn search(&self, text: &str) -> Vec<u32> {
        let needle = text.trim().to_lowercase();
        let contains = |haystack: &str| haystack.to_lowercase().contains(&needle);
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, row)| {
                let e = &row.entry;
                e.entry_id.to_string() == needle
                    || contains(&e.actor)
                    || contains(&e.action)
                    || contains(e.effective_event_type())
                    || contains(&e.timestamp)
                    || contains(&e.payload)
                    || e.entry_hash.starts_with(&needle)
            })
            .map(|(i, _)| i as u32)
            .collect()
    }

    /// Reads a bundle in one go (the core parser is not incremental).
    pub fn from_bundle(bytes: &[u8]) -> Result<Ledger, ReadError> {
        let bundle = Bundle::parse(bytes)?;
        let mut ledger = Ledger {
            ledger_keys: bundle.public_keys,
            witnesses: bundle.witnesses,
            attestations: bundle.attestations,
            anchor_count: bundle.anchors.len(),
            ..Ledger::default()
        };
        for row in bundle.rows {
            ledger.push(row);
        }
        Ok(ledger)
    }
}

/// Reads the `entries`, `witnesses`, `witness_attestations` and `anchors` tables of a
/// Nexuscone SQLite database (schemas v0.1.0 and v0.2.x) from its bytes, with the
/// core's file-format reader and its table mapping (`sqlite::tables`).
pub fn from_sqlite(bytes: &[u8]) -> Result<Ledger, String> {
    let db = Database::parse(bytes).map_err(|e| e.to_string())?;
    if db.wal_mode() {
        return Err("the database is in WAL mode: its newest entries may sit in a -wal file that was not loaded. Checkpoint it first (sqlite3 ledger.sqlite 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;') or export it with the nexuscone CLI".to_owned());
    }
    let text = |e: TableError| e.to_string();
    let tables = LedgerTables::new(db).map_err(text)?;
    let mut ledger = Ledger {
        witnesses: tables.witnesses().map_err(text)?,
        attestations: tables.attestations().map_err(text)?,
        anchor_count: tables.anchors().map_err(text)?.len(),
        ..Ledger::default()
    };
    // Rows are decoded and mapped one at a time, so the table is never held whole.
    for entry in tables.entries().map_err(text)? {
        ledger.push(Row {
            entry: entry.map_err(text)?,
            payload_canonicalised: false,
        });
    }
    Ok(ledger)
}

/// Reads a JSONL export chunk by chunk, as the file is read: a line may span chunks.
#[derive(Debug, Default)]
pub struct JsonlReader {
    ledger: Ledger,
    /// The start of a line whose end is in a later chunk.
    partial: Vec<u8>,
    line_number: usize,
}

impl JsonlReader {
    /// A reader at the start of the input.
    pub fn new() -> JsonlReader {
        JsonlReader::default()
    }

    /// Reads every line `chunk` completes; its last, unfinished line waits for the
    /// next chunk or [`JsonlReader::finish`].
    ///
    /// # Errors
    /// The first line that is not a Nexuscone entry row, by number.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), ReadError> {
        let mut rest = chunk;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            if self.partial.is_empty() {
                self.line(&rest[..end])?;
            } else {
                let mut line = std::mem::take(&mut self.partial);
                line.extend_from_slice(&rest[..end]);
                self.line(&line)?;
            }
            rest = &rest[end + 1..];
        }
        self.partial.extend_from_slice(rest);
        Ok(())
    }

    fn line(&mut self, line: &[u8]) -> Result<(), ReadError> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        self.line_number += 1;
        if let Some(row) = jsonl::parse_line(line, self.line_number)? {
            self.ledger.push(row);
        }
        Ok(())
    }

    /// The ledger, once the last chunk was fed.
    ///
    /// # Errors
    /// The last line, when it is not a Nexuscone entry row.
    pub fn finish(mut self) -> Result<Ledger, ReadError> {
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.line(&line)?;
        }
        Ok(self.ledger)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_and_bundle_of_the_same_ledger_read_the_same_entries() {
        let bundle =
            Ledger::from_bundle(include_bytes!("../../fixtures/ledgers/signed.bundle.json"))
                .unwrap();
        let bytes = include_bytes!("../../fixtures/ledgers/signed.jsonl");
        let jsonl = read_jsonl(bytes, 7);
        assert_eq!(jsonl.rows, bundle.rows);
        assert_eq!(bundle.rows.len(), 55);
        assert_eq!(bundle.actors.of_entry.len(), 55);
        assert!(!bundle.ledger_keys.is_empty());
    }

    #[test]
    fn every_sqlite_fixture_reads_the_same_entries_as_its_jsonl_export() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");
        let mut checked = 0;
        for item in std::fs::read_dir(dir).unwrap() {
            let path = item.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".sqlite") else {
                continue;
            };
            let db = from_sqlite(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let jsonl = std::fs::read(format!("{dir}/{stem}.jsonl")).unwrap();
            assert_eq!(db.rows, read_jsonl(&jsonl, 1 << 20).rows, "{name}");
            if let Ok(bundle) = std::fs::read(format!("{dir}/{stem}.bundle.json")) {
                let bundle = Ledger::from_bundle(&bundle).unwrap();
                assert_eq!(db.witnesses, bundle.witnesses, "{name}");
                assert_eq!(db.attestations, bundle.attestations, "{name}");
            }
            checked += 1;
        }
        assert!(checked >= 20, "{checked}");
    }

    fn read_jsonl(bytes: &[u8], chunk: usize) -> Ledger {
        let mut reader = JsonlReader::new();
        for piece in bytes.chunks(chunk) {
            reader.feed(piece).unwrap();
        }
        reader.finish().unwrap()
    }

    #[test]
    fn where_the_chunks_end_does_not_change_what_is_read() {
        let bytes = include_bytes!("../../fixtures/ledgers/signed.jsonl");
        let whole = read_jsonl(bytes, bytes.len());
        for chunk in [1, 2, 3, 63, 64, 65, 1000] {
            assert_eq!(
                read_jsonl(bytes, chunk).rows,
                whole.rows,
                "chunks of {chunk}"
            );
        }
        let crlf: Vec<u8> = String::from_utf8_lossy(bytes)
            .trim_end()
            .replace('\n', "\r\n")
            .into_bytes();
        assert_eq!(
            read_jsonl(&crlf, 5).rows,
            whole.rows,
            "CRLF, no final newline"
        );
    }

    #[test]
    fn search_finds_ids_exactly_and_text_anywhere_ignoring_case() {
        let ledger =
            Ledger::from_bundle(include_bytes!("../../fixtures/ledgers/signed.bundle.json"))
                .unwrap();
        let by_id = ledger.search("42");
        assert!(by_id
            .iter()
            .any(|&i| ledger.rows[i as usize].entry.entry_id == 42));
        let actor = ledger.rows[3].entry.actor.to_uppercase();
        let hits = ledger.search(&actor);
        assert!(hits.contains(&3));
        for &i in &hits {
            let e = &ledger.rows[i as usize].entry;
            let all = format!(
                "{} {} {} {} {}",
                e.actor,
                e.action,
                e.event_type.as_deref().unwrap_or(""),
                e.timestamp,
                e.payload
            );
            assert!(all.to_lowercase().contains(&actor.to_lowercase()), "{all}");
        }
    }

    #[test]
    fn a_bad_jsonl_line_is_reported_with_its_number() {
        let mut reader = JsonlReader::new();
        let err = reader.feed(b"\n{\"entry_id\":1}\n").unwrap_err();
        assert!(err.to_string().starts_with("line 2"), "{err}");
        let mut reader = JsonlReader::new();
        reader.feed(b"\n\n{\"entry_id\"").unwrap();
        let err = reader.finish().unwrap_err();
        assert!(err.to_string().starts_with("line 3"), "{err}");
    }
}

//! A ledger read into memory for display: its entries and what the ledger carries
//! besides them, plus per-column indexes for the table's filters.

use std::collections::{BTreeMap, HashMap};

use nexuscone_core::entry::Entry;
use nexuscone_core::export::bundle::Bundle;
use nexuscone_core::export::jsonl;
use nexuscone_core::export::{ReadError, Row};
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
}

impl Ledger {
    fn push(&mut self, row: Row) {
        self.actors.push(&row.entry.actor);
        self.actions.push(&row.entry.action);
        self.event_types.push(row.entry.effective_event_type());
        self.rows.push(row);
    }

    /// The entry at `index` (input order).
    pub fn entry(&self, index: usize) -> Option<&Entry> {
        self.rows.get(index).map(|row| &row.entry)
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

/// Reads a JSONL export a slice at a time, so the caller can yield between slices.
#[derive(Debug)]
pub struct JsonlReader {
    ledger: Ledger,
    offset: usize,
    line_number: usize,
}

impl JsonlReader {
    /// A reader at the start of the input.
    pub fn new() -> JsonlReader {
        JsonlReader {
            ledger: Ledger::default(),
            offset: 0,
            line_number: 0,
        }
    }

    /// Bytes consumed so far.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Reads up to `max_lines` lines of `bytes` (the whole input, each call continuing
    /// where the last stopped). Returns true when the input is exhausted.
    pub fn read(&mut self, bytes: &[u8], max_lines: usize) -> Result<bool, ReadError> {
        for _ in 0..max_lines {
            if self.offset >= bytes.len() {
                return Ok(true);
            }
            let rest = &bytes[self.offset..];
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let line = &rest[..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            self.line_number += 1;
            self.offset += end + 1;
            if let Some(row) = jsonl::parse_line(line, self.line_number)? {
                self.ledger.push(row);
            }
        }
        Ok(self.offset >= bytes.len())
    }

    /// The ledger read so far.
    pub fn finish(self) -> Ledger {
        self.ledger
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
        let mut reader = JsonlReader::new();
        while !reader.read(bytes, 7).unwrap() {}
        let jsonl = reader.finish();
        assert_eq!(jsonl.rows, bundle.rows);
        assert_eq!(bundle.rows.len(), 55);
        assert_eq!(bundle.actors.of_entry.len(), 55);
        assert!(!bundle.ledger_keys.is_empty());
    }

    #[test]
    fn a_bad_jsonl_line_is_reported_with_its_number() {
        let mut reader = JsonlReader::new();
        let err = reader.read(b"\n{\"entry_id\":1}\n", 10).unwrap_err();
        assert!(err.to_string().starts_with("line 2"), "{err}");
    }
}

//! A ledger read into memory for display: its entries and what the ledger carries
//! besides them (read by core's input layer, `nexuscone_core::input`, which this
//! type is a sink of), plus per-column indexes for the table's filters.

use std::collections::HashMap;

use nexuscone_core::entry::Entry;
use nexuscone_core::export::Row;
use nexuscone_core::input::{Carried, Format, InputError, Sink};

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
    /// The format it was read from.
    pub format: Option<Format>,
    /// What the ledger carries besides its entries (keys only in bundles: self-asserted).
    pub carried: Carried,
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

    /// Reads a whole input (any format) with core's input layer (the worker reads
    /// in chunks with `nexuscone_core::input::Reader`; tests read fixtures whole).
    ///
    /// # Errors
    /// Input that is not a ledger.
    #[cfg(test)]
    pub fn read(bytes: &[u8], hint: nexuscone_core::input::Hint) -> Result<Ledger, InputError> {
        let mut ledger = Ledger::default();
        nexuscone_core::input::read(bytes, hint, &mut ledger)?;
        Ok(ledger)
    }
}

impl Sink for Ledger {
    type Error = InputError;

    fn begin(&mut self, format: Format, carried: Carried) -> Result<(), InputError> {
        self.format = Some(format);
        self.carried = carried;
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<(), InputError> {
        self.push(row.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nexuscone_core::input::{Hint, Reader};

    fn fixture(name: &str) -> Vec<u8> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers/");
        std::fs::read(format!("{dir}{name}")).unwrap()
    }

    fn read_chunked(bytes: &[u8], chunk: usize) -> Ledger {
        let mut ledger = Ledger::default();
        let mut reader = Reader::new(Hint::None);
        for piece in bytes.chunks(chunk) {
            reader.feed(piece, &mut ledger).unwrap();
        }
        reader.finish(&mut ledger).unwrap();
        ledger
    }

    #[test]
    fn jsonl_bundle_and_sqlite_of_the_same_ledger_index_the_same_entries() {
        let bundle = Ledger::read(&fixture("signed.bundle.json"), Hint::None).unwrap();
        let jsonl = read_chunked(&fixture("signed.jsonl"), 7);
        let sqlite = read_chunked(&fixture("signed.sqlite"), 4096);
        assert_eq!(jsonl.rows, bundle.rows);
        assert_eq!(sqlite.rows, bundle.rows);
        assert_eq!(bundle.rows.len(), 55);
        assert_eq!(bundle.actors.of_entry.len(), 55);
        assert_eq!(sqlite.actors.of_entry, bundle.actors.of_entry);
        assert!(!bundle.carried.public_keys.is_empty());
    }

    #[test]
    fn search_finds_ids_exactly_and_text_anywhere_ignoring_case() {
        let ledger = Ledger::read(&fixture("signed.bundle.json"), Hint::None).unwrap();
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
}

//! A database read a page at a time from a `PageSource` (as the viewer reads a
//! `File`) gives exactly the ledger its bytes in memory give, for every fixture;
//! each page is read once; a source that fails is an error that says where.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use nexuscone_core::input::{read_database, DatabaseRows, InputError, Ledger};
use nexuscone_core::sqlite::PageSource;

/// The bytes of a file, counting each read by its offset.
struct Counting<'a> {
    bytes: &'a [u8],
    reads: RefCell<BTreeMap<u64, u32>>,
    fail_after: Cell<Option<u32>>,
}

impl PageSource for &Counting<'_> {
    fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<(), String> {
        if let Some(left) = self.fail_after.get() {
            if left == 0 {
                return Err("the file went away".to_owned());
            }
            self.fail_after.set(Some(left - 1));
        }
        *self.reads.borrow_mut().entry(offset).or_default() += 1;
        let start = offset as usize;
        buf.copy_from_slice(&self.bytes[start..start + buf.len()]);
        Ok(())
    }
}

fn sqlite_fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sqlite"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    assert!(out.len() >= 20, "fixtures not found");
    out
}

#[test]
fn a_database_read_page_by_page_is_the_database_read_whole() {
    for (name, bytes) in sqlite_fixtures() {
        let source = Counting {
            bytes: &bytes,
            reads: RefCell::default(),
            fail_after: Cell::new(None),
        };
        let mut paged = Ledger::default();
        read_database(&source, &mut paged).unwrap();
        assert_eq!(
            paged,
            Ledger::read(&bytes, Default::default()).unwrap(),
            "{name}"
        );
        // The header, then whole pages; none of the entries' pages twice.
        let reads = source.reads.borrow();
        assert!(
            reads.keys().all(|offset| *offset == 0 || offset % 512 == 0),
            "{name}"
        );
        assert!(reads.len() as u64 <= bytes.len() as u64 / 512 + 1, "{name}");
    }
}

#[test]
fn a_source_that_fails_mid_table_is_an_error_with_the_offset() {
    let (name, bytes) = sqlite_fixtures().remove(0);
    let source = Counting {
        bytes: &bytes,
        reads: RefCell::default(),
        fail_after: Cell::new(Some(3)),
    };
    let error = read_database(&source, &mut Ledger::default()).unwrap_err();
    let text = error.to_string();
    assert!(matches!(error, InputError::Sqlite(_)), "{name}: {text}");
    assert!(
        text.contains("cannot read the database at byte") && text.contains("the file went away"),
        "{name}: {text}"
    );
}

#[test]
fn rows_read_a_few_at_a_time_are_the_database_read_whole() {
    for (name, bytes) in sqlite_fixtures() {
        let whole = Ledger::read(&bytes, Default::default());
        for max in [1, 2, 7] {
            let mut paged = Ledger::default();
            let read = DatabaseRows::open(bytes.as_slice(), &mut paged).and_then(|mut rows| {
                let mut calls = 0;
                while rows.read(max, &mut paged)? {
                    calls += 1;
                    assert!(paged.rows.len() <= calls * max, "{name}");
                }
                Ok(())
            });
            match &whole {
                Ok(whole) => {
                    read.unwrap();
                    assert_eq!(&paged, whole, "{name}, {max} rows at a time");
                }
                Err(e) => assert_eq!(read.unwrap_err().to_string(), e.to_string(), "{name}"),
            }
        }
    }
}

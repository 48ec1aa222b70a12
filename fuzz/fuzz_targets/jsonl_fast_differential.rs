//! Differential: `export::jsonl::read_line`, which scans a line of the common shape
//! in one pass into a reused row, against `parse_line_generic`, the general JSON
//! parser and the row's fields. For every line of any input: the same row, or the
//! same error (message and location), and `parse_line` agrees too. The seeds are
//! single rows of the fixture ledgers, so mutated real rows are tried as well as
//! arbitrary bytes; one row is reused across the lines of an input, so stale
//! buffers from an earlier line would show.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::export::jsonl::{parse_line, parse_line_generic, read_line};
use nexuscone_core::export::Row;

fuzz_target!(|data: &[u8]| {
    let mut reused = Row::default();
    for (index, line) in data.split(|&b| b == b'\n').enumerate() {
        let number = index + 1;
        let generic = parse_line_generic(line, number);
        let read = read_line(line, number, &mut reused).map(|read| read.then(|| reused.clone()));
        assert_eq!(read, generic, "read_line differs on {line:?}");
        assert_eq!(
            parse_line(line, number),
            generic,
            "parse_line differs on {line:?}"
        );
    }
});

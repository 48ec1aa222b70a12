//! Any bytes as a JSONL export: split into lines by the input layer's streaming
//! splitter (`input::lines`), each line through `export::jsonl::parse_line`, every row
//! read into the chain verifier. Never a panic; errors name their line; a report is
//! always built.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::export::jsonl::parse_line;
use nexuscone_core::export::ReadError;
use nexuscone_core::input::lines::{Line, LineSplitter};

fuzz_target!(|data: &[u8]| {
    let mut verifier = ChainVerifier::new(VerifyOptions {
        require_signatures: true,
        ..VerifyOptions::default()
    });
    let mut on_line = |line: Line<'_>| -> Result<(), ReadError> {
        assert!(line.offset as usize + line.text.len() <= data.len());
        match parse_line(line.text, line.number) {
            Ok(Some(row)) => {
                verifier.push_row(&row);
            }
            Ok(None) => {}
            Err(e) => assert!(
                e.to_string().starts_with(&format!("line {}", line.number)),
                "unlocated error: {e}"
            ),
        }
        Ok(())
    };
    // Two chunks, so lines spanning a chunk boundary are exercised too.
    let (first, second) = data.split_at(data.len() / 2);
    let mut splitter = LineSplitter::new();
    let _ = splitter.feed(first, &mut on_line);
    let _ = splitter.feed(second, &mut on_line);
    let _ = splitter.finish(&mut on_line);
    let report = verifier.finish();
    assert!(report.entries as usize <= data.len());
});

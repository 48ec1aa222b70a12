//! Any bytes as a JSONL export: split into lines as the streaming reader does,
//! each line through `export::jsonl::parse_line`, every row read into the chain
//! verifier. Never a panic; errors name their line; a report is always built.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::export::jsonl::{parse_line, LineSplitter};
use nexuscone_core::export::ReadError;

fuzz_target!(|data: &[u8]| {
    let mut verifier = ChainVerifier::new(VerifyOptions {
        require_signatures: true,
        ..VerifyOptions::default()
    });
    let mut on_line = |line: &[u8], number: usize| -> Result<(), ReadError> {
        match parse_line(line, number) {
            Ok(Some(row)) => {
                verifier.push_row(&row);
            }
            Ok(None) => {}
            Err(e) => assert!(
                e.to_string().starts_with(&format!("line {number}")),
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

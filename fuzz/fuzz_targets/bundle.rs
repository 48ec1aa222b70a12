//! Any bytes as a ledger bundle through `export::bundle::Bundle::parse`; a bundle
//! that reads is verified with its own public keys (when they load) and printed
//! back. Never a panic; a report is always built.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::export::bundle::Bundle;

fuzz_target!(|data: &[u8]| {
    let Ok(bundle) = Bundle::parse(data) else {
        return;
    };
    // What we read, we can write, and read back the same.
    let text = bundle.to_canonical();
    let again = Bundle::parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("written bundle does not read: {e}"));
    assert_eq!(again.to_canonical(), text);

    let mut options = VerifyOptions::default();
    let rows = match options.adopt_bundle(bundle, false) {
        Ok(rows) => rows,
        Err(_) => again.rows,
    };
    let mut verifier = ChainVerifier::new(options);
    for row in &rows {
        verifier.push_row(row);
    }
    let report = verifier.finish();
    assert_eq!(report.entries as usize, rows.len());
});

//! Any bytes as a ledger bundle through `export::bundle::Bundle::parse`; a bundle
//! that reads is verified with its own public keys (when they load, through the
//! input layer's `Trust::verify_options`) and printed back. Never a panic; a report is
//! always built.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::chain::ChainVerifier;
use nexuscone_core::export::bundle::Bundle;
use nexuscone_core::input::{Carried, Trust};

fuzz_target!(|data: &[u8]| {
    let Ok(bundle) = Bundle::parse(data) else {
        return;
    };
    // What we read, we can write, and read back the same.
    let text = bundle.to_canonical();
    let again = Bundle::parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("written bundle does not read: {e}"));
    assert_eq!(again.to_canonical(), text);

    let carried = Carried {
        public_keys: bundle.public_keys,
        witnesses: bundle.witnesses,
        attestations: bundle.attestations,
        anchors: bundle.anchors,
        anchor_storage: Vec::new(),
    };
    // A key the bundle carries that does not read is a finding, not an error.
    let options = Trust::new().verify_options(&carried);
    let mut verifier = ChainVerifier::new(options);
    for row in &bundle.rows {
        verifier.push_row(row);
    }
    let report = verifier.finish();
    assert_eq!(report.entries as usize, bundle.rows.len());
});

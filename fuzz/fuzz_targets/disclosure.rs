//! Any bytes as a selective-disclosure bundle through `Disclosure::parse`; one that
//! reads is written back identically and verified (without verifier keys, so it
//! must never come out valid). Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::disclosure::{Disclosure, DisclosureOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(disclosure) = Disclosure::parse(data) else {
        return;
    };
    // The format is canonical JSON with an exact member set: reading is injective.
    assert_eq!(disclosure.to_canonical().as_bytes(), data);
    let report = disclosure.verify(&DisclosureOptions::default());
    assert!(
        !report.valid,
        "a disclosure verified without verifier keys must not be valid"
    );
});

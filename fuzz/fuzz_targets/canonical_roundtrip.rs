//! Any bytes through `canonical::parse`: never a panic, and whatever parses
//! prints to a canonical text that parses back and prints identically
//! (idempotence). Texts, not values, are compared: NaN is not equal to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::canonical::{parse, to_canonical};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = parse(data) else { return };
    let once = to_canonical(&value);
    let reparsed = parse(once.as_bytes())
        .unwrap_or_else(|e| panic!("canonical text {once:?} does not parse: {e}"));
    assert_eq!(once, to_canonical(&reparsed), "printing is not idempotent");
});

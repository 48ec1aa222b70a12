//! Mutations of the recorded Python inputs (`fuzz/run.sh` seeds the corpus from
//! `fixtures/canonical/vectors.jsonl`) through the same oracle the replay test
//! `core/tests/canonical_differential.rs` runs: Python's verdict is unknown for a
//! mutated input, so the properties that hold whatever Python says are checked.
#![no_main]

#[path = "../../core/tests/differential/oracle.rs"]
mod oracle;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| oracle::check(data, oracle::Python::Unknown));

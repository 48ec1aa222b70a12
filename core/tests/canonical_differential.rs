//! Replays every recorded Python vector (`fixtures/canonical/vectors.jsonl`)
//! through the differential oracle the `canonical_differential` fuzz target uses,
//! so the oracle runs in normal CI, not only under `cargo fuzz`.

#[path = "differential/oracle.rs"]
mod oracle;

use oracle::{check, Python};

const VECTORS: &str = include_str!("../../fixtures/canonical/vectors.jsonl");

#[test]
fn every_recorded_vector_passes_the_differential_oracle() {
    let mut checked = 0;
    for (index, line) in VECTORS.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("vectors.jsonl line {}: {e}", index + 1));
        let input = v["input"].as_str().expect("input is a string");
        let python = match v["output"].as_str() {
            Some(output) => Python::Accepts(output),
            None => Python::Rejects,
        };
        check(input.as_bytes(), python);
        checked += 1;
    }
    assert!(checked >= 1200, "only {checked} vectors");
}

#[test]
fn oracle_holds_for_inputs_python_never_saw() {
    for input in [
        &b""[..],
        b"\xff",
        b"[\"\xed\xa0\x80\"]",
        b"   ",
        b"{\"a\":",
        b"\"\\ud800\"",
        b"[1e999,-0.0,NaN]",
    ] {
        check(input, Python::Unknown);
    }
}

//! The canonical-JSON differential oracle, shared by the replay test
//! (`core/tests/canonical_differential.rs`) and the fuzz target
//! (`fuzz/fuzz_targets/canonical_differential.rs`), so both check the same thing.
//!
//! Properties that hold for any input, whatever Python says:
//! - parsing never panics;
//! - an error's byte offset lies within the input (at most its length, which is
//!   where "expected a value" at the end is reported), line and column count from 1;
//! - accepted input prints as pure printable ASCII (`ensure_ascii=True`), and that
//!   output is a fixed point: parsing and printing it again gives it back.
//!
//! When Python's verdict on the input is known, ours must equal it byte for byte.

use nexuscone_core::canonical::{canonicalize, parse, to_canonical};

/// What Python's `json.loads` + `canonical_json` did with an input.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code)] // The fuzz target only uses `Unknown`, the replay test the others.
pub enum Python<'a> {
    /// Accepted, with this canonical output.
    Accepts(&'a str),
    /// Rejected (`json.loads` raised).
    Rejects,
    /// Not recorded (a mutated input).
    Unknown,
}

/// Checks `input` against every property; panics with a description on violation.
pub fn check(input: &[u8], python: Python<'_>) {
    match (canonicalize(input), python) {
        (Err(e), Python::Accepts(expected)) => {
            panic!("Python accepts {input:?} as {expected:?}, we reject: {e}")
        }
        (Ok(out), Python::Rejects) => panic!("Python rejects {input:?}, we accept it as {out:?}"),
        (Err(e), _) => {
            assert!(
                e.offset <= input.len(),
                "error offset {} beyond the input ({} bytes): {e}",
                e.offset,
                input.len()
            );
            assert!(
                e.line >= 1 && e.column >= 1,
                "line and column count from 1: {e}"
            );
        }
        (Ok(out), python) => {
            if let Python::Accepts(expected) = python {
                assert_eq!(out, expected, "input {input:?}");
            }
            if let Some(bad) = out.bytes().position(|b| !(0x20..0x7f).contains(&b)) {
                panic!("output byte {bad} is not printable ASCII: {out:?}");
            }
            let again = parse(out.as_bytes())
                .map(|v| to_canonical(&v))
                .unwrap_or_else(|e| panic!("canonical output {out:?} does not parse: {e}"));
            assert_eq!(again, out, "canonical output is not a fixed point");
        }
    }
}

//! Known-answer tests: `fixtures/canonical/vectors.jsonl`, written by
//! `fixtures/canonical/generate.py` from Python's `json.loads` and
//! `nexuscone.canonical_json` (nexuscone 0.2.1, CPython 3.11).

use nexuscone_core::canonical::{
    canonicalize, is_canonical, parse, push_json_string, push_json_string_checking_canonical,
    to_canonical,
};
use sha2::{Digest, Sha256};

const VECTORS: &str = include_str!("../../fixtures/canonical/vectors.jsonl");

struct Vector {
    line: usize,
    input: String,
    output: Option<String>,
    sha256: Option<String>,
}

fn vectors() -> Vec<Vector> {
    VECTORS
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("vectors.jsonl line {}: {e}", i + 1));
            let text = |field: &str| v[field].as_str().map(str::to_owned);
            Vector {
                line: i + 1,
                input: text("input").expect("input is a string"),
                output: text("output"),
                sha256: text("sha256"),
            }
        })
        .collect()
}

#[test]
fn every_vector_matches_python_byte_for_byte() {
    let vectors = vectors();
    assert!(vectors.len() >= 1200, "only {} vectors", vectors.len());
    let (mut accepted, mut rejected) = (0, 0);
    for v in &vectors {
        let result = canonicalize(v.input.as_bytes());
        match (&v.output, result) {
            (Some(expected), Ok(actual)) => {
                assert!(
                    &actual == expected,
                    "line {}: {}\ninput {:?}",
                    v.line,
                    first_difference(&actual, expected),
                    v.input
                );
                let digest = hex::encode(Sha256::digest(actual.as_bytes()));
                assert_eq!(Some(&digest), v.sha256.as_ref(), "line {}", v.line);
                accepted += 1;
            }
            (None, Err(_)) => rejected += 1,
            (Some(_), Err(e)) => panic!(
                "line {}: Python accepts {:?}, we reject: {e}",
                v.line, v.input
            ),
            (None, Ok(out)) => panic!(
                "line {}: Python rejects {:?}, we accept it as {out:?}",
                v.line, v.input
            ),
        }
    }
    println!(
        "checked {} canonical vectors: {accepted} accepted, {rejected} rejected",
        vectors.len()
    );
}

#[test]
fn canonical_output_of_every_vector_is_a_fixed_point() {
    for v in vectors() {
        let Some(expected) = v.output else { continue };
        let reparsed = parse(expected.as_bytes()).expect("canonical output parses");
        let again = to_canonical(&reparsed);
        assert!(
            again == expected,
            "line {}: {}",
            v.line,
            first_difference(&again, &expected)
        );
    }
}

/// Where two long outputs first differ, with a little context.
fn first_difference(actual: &str, expected: &str) -> String {
    let at = actual
        .bytes()
        .zip(expected.bytes())
        .position(|(a, e)| a != e)
        .unwrap_or(actual.len().min(expected.len()));
    let context = |s: &str| {
        s.get(at.saturating_sub(30)..(at + 30).min(s.len()))
            .unwrap_or("")
            .to_owned()
    };
    format!(
        "first difference at byte {at}: ours {:?}, Python's {:?}",
        context(actual),
        context(expected)
    )
}

#[test]
fn is_canonical_agrees_with_canonicalize_on_every_vector_and_its_output() {
    for v in &vectors() {
        let canonical = canonicalize(v.input.as_bytes()).ok();
        assert_eq!(
            is_canonical(&v.input),
            canonical.as_deref() == Some(v.input.as_str()),
            "line {}: {:?}",
            v.line,
            v.input
        );
        if let Some(text) = canonical {
            assert!(is_canonical(&text), "line {}: output {text:?}", v.line);
        }
    }
}

#[test]
fn the_one_pass_embedding_writes_the_json_string_and_answers_is_canonical_on_every_vector() {
    for v in &vectors() {
        let canonical = canonicalize(v.input.as_bytes()).ok();
        for text in [Some(v.input.as_str()), canonical.as_deref()]
            .into_iter()
            .flatten()
        {
            let mut expected = String::from("[");
            push_json_string(&mut expected, text);
            let mut embedded = b"[".to_vec();
            assert_eq!(
                push_json_string_checking_canonical(&mut embedded, text),
                is_canonical(text),
                "line {}: {text:?}",
                v.line
            );
            assert_eq!(embedded, expected.as_bytes(), "line {}: {text:?}", v.line);
        }
    }
}

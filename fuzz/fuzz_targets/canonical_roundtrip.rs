//! Any bytes through `canonical::parse`: never a panic, and whatever parses
//! prints to a canonical text that parses back and prints identically
//! (idempotence). Texts, not values, are compared: NaN is not equal to itself.
//! Any UTF-8 text, and every canonical text printed, also goes through the
//! one-pass embedding the entry hash uses: it must write exactly what
//! `push_json_string` writes and answer exactly what `is_canonical` answers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::canonical::{
    is_canonical, parse, push_json_string, push_json_string_checking_canonical, to_canonical,
};

fn check_embedding(text: &str) {
    let mut expected = String::new();
    push_json_string(&mut expected, text);
    let mut embedded = Vec::new();
    let canonical = push_json_string_checking_canonical(&mut embedded, text);
    assert_eq!(embedded, expected.as_bytes(), "embedding of {text:?}");
    assert_eq!(canonical, is_canonical(text), "canonical check of {text:?}");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check_embedding(text);
    }
    let Ok(value) = parse(data) else { return };
    let once = to_canonical(&value);
    check_embedding(&once);
    assert!(
        is_canonical(&once),
        "printed text {once:?} is not canonical"
    );
    let reparsed = parse(once.as_bytes())
        .unwrap_or_else(|e| panic!("canonical text {once:?} does not parse: {e}"));
    assert_eq!(once, to_canonical(&reparsed), "printing is not idempotent");
});

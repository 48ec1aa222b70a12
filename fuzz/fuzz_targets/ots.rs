//! Any bytes as an OpenTimestamps proof, both as a `.ots` file (`OtsFile::parse`) and as a
//! bare timestamp (`Timestamp::parse`; the first byte picks the start message's length, 0 to
//! 32). A proof that reads is run to its attestations within the reference's limits, and
//! written back: to the input itself, or to something shorter that reads the same when the
//! input spelled a `varuint` non-minimally. Never a panic, never unbounded work.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::ots::{OtsFile, Timestamp, MAX_DEPTH, MAX_MSG_LENGTH};

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = OtsFile::parse(data) {
        run(file.timestamp());
        let written = file.to_bytes();
        assert_round_trip(data, &written);
        assert_eq!(OtsFile::parse(&written).as_ref(), Ok(&file));
    }
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let start = vec![0x5a; usize::from(first) % 33];
    if let Ok(timestamp) = Timestamp::parse(rest, &start) {
        run(&timestamp);
        let written = timestamp.to_bytes();
        assert_round_trip(rest, &written);
        assert_eq!(Timestamp::parse(&written, &start).as_ref(), Ok(&timestamp));
    }
});

fn run(timestamp: &Timestamp) {
    for reached in timestamp.attestations() {
        assert!(reached.message.len() <= MAX_MSG_LENGTH);
        assert!(reached.path_length < MAX_DEPTH);
    }
}

/// Only non-minimal `varuint`s (which the writer shortens) may make the bytes differ.
fn assert_round_trip(input: &[u8], written: &[u8]) {
    assert!(
        written == input || written.len() < input.len(),
        "serialisation grew"
    );
}

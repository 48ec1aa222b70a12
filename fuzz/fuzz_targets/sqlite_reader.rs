//! Any bytes as a `.sqlite` file (seeded with the fixture databases by
//! `fuzz/run.sh`) through the CLI's own reader: `ledger::verify` detects the
//! format, opens the file read-only, reads every table and verifies the chain.
//! Never a panic, and the file is never changed.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use nexuscone_cli::ledger;
use nexuscone_core::input::Trust;

/// One scratch file per fuzzing process, rewritten for every input.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("nexuscone-fuzz-{}.sqlite", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    std::fs::write(path, data).expect("write the scratch database");
    let _ = ledger::verify(path, Trust::default());
    let after = std::fs::read(path).expect("read the scratch database back");
    assert!(after == data, "the reader changed the file it read");
});

//! What the CLI test files share: the fixtures written by the real Python library,
//! and running the built `nexuscone` binary.
// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A file of `fixtures/ledgers`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/ledgers")
        .join(name)
}

/// Runs `nexuscone` with `args` and returns what it did.
pub fn nexuscone(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nexuscone"))
        .args(args)
        .output()
        .expect("run nexuscone")
}

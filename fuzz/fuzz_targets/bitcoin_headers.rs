//! Any text as a header set (`HeaderSet::parse`); every header read is checked against any
//! message at its height and by merkle root. Errors name a line of the input. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::bitcoin::{BlockCheck, HeaderSet};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let set = match HeaderSet::parse(text) {
        Ok(set) => set,
        Err(error) => {
            assert!(error.line >= 1 && error.line <= text.lines().count().max(1));
            return;
        }
    };
    for listed in set.headers() {
        let root = *listed.header.merkle_root().internal();
        let check = set.verify_commitment(listed.height.unwrap_or(u64::MAX), &root);
        assert!(!matches!(
            check,
            BlockCheck::NotChecked { .. } | BlockCheck::NotAMerkleRoot { .. }
        ));
        assert!(matches!(
            set.verify_commitment(0, &root[..31]),
            BlockCheck::NotAMerkleRoot { length: 31, .. }
        ));
    }
});

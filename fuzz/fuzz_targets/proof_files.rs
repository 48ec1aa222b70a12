//! Any bytes as each proof file the CLI reads: a C2SP tlog-proof (`TlogProof::parse`)
//! and the inclusion and consistency proof files (`input::proof_file`). What reads is
//! written back and reads the same. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::checkpoint::proof::TlogProof;
use nexuscone_core::input::proof_file::{ConsistencyProofFile, InclusionProofFile};

fuzz_target!(|data: &[u8]| {
    if let Ok(proof) = TlogProof::parse(data) {
        let again = TlogProof::parse(proof.to_text().as_bytes()).expect("written proof reads");
        assert_eq!(again, proof);
    }
    if let Ok(file) = InclusionProofFile::parse(data) {
        assert_eq!(
            InclusionProofFile::parse(file.to_json().as_bytes()),
            Ok(file.clone())
        );
        let _ = file.verify();
    }
    if let Ok(file) = ConsistencyProofFile::parse(data) {
        assert_eq!(
            ConsistencyProofFile::parse(file.to_json().as_bytes()),
            Ok(file.clone())
        );
        let _ = file.root1.verify_consistency(&file.root2, &file.proof());
    }
});

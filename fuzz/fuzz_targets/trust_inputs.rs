//! Any bytes as each trust input a stranger can hand a front end
//! (`core/src/input/trust.rs`): a key file of entry and of witness keys, note
//! verifier keys (`VerifierKey::parse`), and a signed checkpoint note (`Note::parse`,
//! `Checkpoint::from_text`) opened with a fixed key. Never a panic; what is accepted
//! is normalised (lowercase hex keys).
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::input::{Trust, TrustKind};
use nexuscone_core::note::{Note, SignerKey, VerifierKey};

fuzz_target!(|data: &[u8]| {
    for kind in [
        TrustKind::EntryKeys,
        TrustKind::WitnessKeys,
        TrustKind::VerifierKeys,
    ] {
        let mut trust = Trust::new();
        if trust.add(kind, data, "fuzz").is_ok() {
            let lower = |k: &String| !k.bytes().any(|b| b.is_ascii_uppercase());
            assert!(trust.entry_keys().map_or(true, |m| m.values().all(lower)));
            assert!(trust.witness_keys().map_or(true, |s| s.iter().all(lower)));
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = VerifierKey::parse(text);
        let _ = Checkpoint::from_text(text);
    }
    let _ = Note::parse(data);
    let signer = SignerKey::from_seed("fuzz.example/log", &[7; 32]).expect("valid name");
    let mut trust = Trust::new();
    trust
        .add(
            TrustKind::VerifierKeys,
            signer.verifier().to_string().as_bytes(),
            "vkey",
        )
        .expect("its own key reads");
    if trust.add(TrustKind::Checkpoint, data, "note").is_ok() {
        assert!(trust.checkpoint().is_some());
    }
});

//! The built-in demo: two ledgers written by the real Python library (a valid
//! signed one and one whose history was rewritten after a witness attested it),
//! and the public keys that signed them. Embedded at compile time, so the demo
//! needs no network.

/// A valid signed ledger with witnesses.
pub const SIGNED: (&str, &[u8]) = (
    "signed.bundle.json",
    include_bytes!("../../fixtures/ledgers/signed.bundle.json"),
);

/// The same ledger, entries 25..55 rewritten and re-hashed after witnesses attested them.
pub const TAMPERED: (&str, &[u8]) = (
    "tamper_rewrite_history.bundle.json",
    include_bytes!("../../fixtures/ledgers/tamper_rewrite_history.bundle.json"),
);

/// The entry-signing public keys of both demo ledgers.
pub const KEYS: &[u8] = include_bytes!("../../fixtures/ledgers/keys.json");

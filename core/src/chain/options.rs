//! What a chain is verified against, and how strictly.

use std::collections::BTreeSet;

use crate::anchor::AnchorCheck;
use crate::checkpoint::Checkpoint;
use crate::signature::{KeyError, KeyRing};
use crate::witness::{Witness, WitnessAttestation};

/// What to verify against, and how strictly.
#[derive(Clone, Debug, Default)]
pub struct VerifyOptions {
    /// Entry-signing public keys by `signing_key_id`. Empty: signatures are not checked.
    pub keys: KeyRing,
    /// True when `keys` came with the ledger (e.g. a bundle's `public_keys`) rather
    /// than from the caller: they then prove consistency, not authorship.
    pub keys_self_asserted: bool,
    /// Keys the ledger carries (a bundle's `public_keys`) that are not Ed25519 keys:
    /// left out of `keys`, each a `ledger_key` finding.
    pub ledger_key_errors: Vec<KeyError>,
    /// Registered witnesses (from the ledger).
    pub witnesses: Vec<Witness>,
    /// Witness attestations (from the ledger).
    pub attestations: Vec<WitnessAttestation>,
    /// Witness public keys the caller trusts (lowercase hex). `None`: the ledger's own
    /// keys are used and the report says they are self-asserted.
    pub trusted_witness_keys: Option<BTreeSet<String>>,
    /// Policy: every entry must carry a verified signature.
    pub require_signatures: bool,
    /// The ledger's anchor rows, their proofs checked ([`AnchorCheck::new`]); each is
    /// bound to the entry it names as the entries stream past.
    pub anchors: Vec<AnchorCheck>,
    /// A checkpoint whose signature the caller has verified: the ledger must hold at
    /// least its size, with the same Merkle root at that size.
    pub checkpoint: Option<Checkpoint>,
}

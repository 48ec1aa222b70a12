//! What a disclosure verification answers: the verdict, each failed check located in
//! the document, and what the disclosure does and does not prove (`docs/SPEC.md` §7).

use serde::Serialize;

use crate::note::Verifiers;
use crate::report::EntryStatus;
use crate::signature::KeyRing;

/// What the verifier trusts.
#[derive(Clone, Debug, Default)]
pub struct DisclosureOptions {
    /// Note verifier keys for the checkpoints. `None`: the checkpoint signature is not
    /// checked, and the disclosure is never called valid.
    pub verifiers: Option<Verifiers>,
    /// Entry-signing keys the caller trusts. `None`: the disclosure's own
    /// `public_keys` are used, and the report says they are self-asserted.
    pub keys: Option<KeyRing>,
}

/// The overall answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureVerdict {
    /// Every check passed and nothing was left unproven but the undisclosed entries.
    Valid,
    /// Every check passed; see `not_proven` for what the disclosure cannot show.
    ValidWithLimits,
    /// Nothing failed, but no verifier key was given, so the checkpoint (and with it
    /// every inclusion) is not authenticated.
    CheckpointUnverified,
    /// At least one check failed: see `failures`.
    Invalid,
}

impl DisclosureVerdict {
    /// Every value, in declaration order.
    pub const ALL: [DisclosureVerdict; 4] = [
        DisclosureVerdict::Valid,
        DisclosureVerdict::ValidWithLimits,
        DisclosureVerdict::CheckpointUnverified,
        DisclosureVerdict::Invalid,
    ];

    /// The stable snake_case name (`docs/FORMAT.md` §4): `valid`, `valid_with_limits`, `checkpoint_unverified`, `invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            DisclosureVerdict::Valid => "valid",
            DisclosureVerdict::ValidWithLimits => "valid_with_limits",
            DisclosureVerdict::CheckpointUnverified => "checkpoint_unverified",
            DisclosureVerdict::Invalid => "invalid",
        }
    }
}

/// What kind of check failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureFindingKind {
    /// The checkpoint note is not signed by any of the verifier keys.
    CheckpointSignature,
    /// A proof's `leaf_index` is not its entry's `entry_id - 1`.
    LeafIndex,
    /// The inclusion proof does not lead to the checkpoint's root.
    Inclusion,
    /// The recomputed entry hash differs from `entry_hash`.
    HashMismatch,
    /// A format-3 payload does not open its commitment.
    PayloadCommitment,
    /// A signature does not verify, or is by a key the caller did not supply.
    BadSignature,
    /// The disclosure's public key for a key id differs from the caller's.
    KeyDisagreement,
    /// Consecutive disclosed entries do not link.
    BrokenLink,
    /// A redacted entry's marker has no matching disclosed redaction entry.
    Redaction,
    /// An older checkpoint is not signed, or the newer tree does not extend it.
    Consistency,
}

impl DisclosureFindingKind {
    /// Every value, in declaration order.
    pub const ALL: [DisclosureFindingKind; 10] = [
        DisclosureFindingKind::CheckpointSignature,
        DisclosureFindingKind::LeafIndex,
        DisclosureFindingKind::Inclusion,
        DisclosureFindingKind::HashMismatch,
        DisclosureFindingKind::PayloadCommitment,
        DisclosureFindingKind::BadSignature,
        DisclosureFindingKind::KeyDisagreement,
        DisclosureFindingKind::BrokenLink,
        DisclosureFindingKind::Redaction,
        DisclosureFindingKind::Consistency,
    ];

    /// The stable snake_case name (`docs/FORMAT.md` §4): `checkpoint_signature`, `leaf_index`, `inclusion`, `hash_mismatch`, `payload_commitment`, `bad_signature`, `key_disagreement`, `broken_link`, `redaction`, `consistency`.
    pub fn as_str(self) -> &'static str {
        match self {
            DisclosureFindingKind::CheckpointSignature => "checkpoint_signature",
            DisclosureFindingKind::LeafIndex => "leaf_index",
            DisclosureFindingKind::Inclusion => "inclusion",
            DisclosureFindingKind::HashMismatch => "hash_mismatch",
            DisclosureFindingKind::PayloadCommitment => "payload_commitment",
            DisclosureFindingKind::BadSignature => "bad_signature",
            DisclosureFindingKind::KeyDisagreement => "key_disagreement",
            DisclosureFindingKind::BrokenLink => "broken_link",
            DisclosureFindingKind::Redaction => "redaction",
            DisclosureFindingKind::Consistency => "consistency",
        }
    }
}

/// One failed check, located.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DisclosureFinding {
    /// The entry concerned, if any.
    pub entry_id: Option<i64>,
    /// The member of the document: `entries[2]`, `proofs[1]`, `consistency[0]`, `checkpoint`.
    pub location: String,
    /// What kind of check failed.
    pub kind: DisclosureFindingKind,
    /// A sentence.
    pub message: String,
}

/// Why something is not proven.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotProvenKind {
    /// No verifier key: the checkpoint's signature was not checked.
    CheckpointUnverified,
    /// The checkpoint note carries signatures by keys the caller did not supply.
    UncheckedCosignatures,
    /// Entry signatures were checked with keys the disclosure itself supplies.
    SelfAssertedSigningKeys,
    /// Signed entries whose key is in neither the caller's nor the disclosure's keys.
    SignaturesUnchecked,
    /// Redacted format-1/2 entries: their header fields are withheld and unproven.
    RedactedHeadersWithheld,
    /// Entries of the tree that are not disclosed.
    UndisclosedEntries,
    /// Hash-chain links between disclosed entries that are not consecutive.
    ChainLinksNotChecked,
}

impl NotProvenKind {
    /// Every value, in declaration order.
    pub const ALL: [NotProvenKind; 7] = [
        NotProvenKind::CheckpointUnverified,
        NotProvenKind::UncheckedCosignatures,
        NotProvenKind::SelfAssertedSigningKeys,
        NotProvenKind::SignaturesUnchecked,
        NotProvenKind::RedactedHeadersWithheld,
        NotProvenKind::UndisclosedEntries,
        NotProvenKind::ChainLinksNotChecked,
    ];

    /// The stable snake_case name (`docs/FORMAT.md` §4): `checkpoint_unverified`, `unchecked_cosignatures`, `self_asserted_signing_keys`, `signatures_unchecked`, `redacted_headers_withheld`, `undisclosed_entries`, `chain_links_not_checked`.
    pub fn as_str(self) -> &'static str {
        match self {
            NotProvenKind::CheckpointUnverified => "checkpoint_unverified",
            NotProvenKind::UncheckedCosignatures => "unchecked_cosignatures",
            NotProvenKind::SelfAssertedSigningKeys => "self_asserted_signing_keys",
            NotProvenKind::SignaturesUnchecked => "signatures_unchecked",
            NotProvenKind::RedactedHeadersWithheld => "redacted_headers_withheld",
            NotProvenKind::UndisclosedEntries => "undisclosed_entries",
            NotProvenKind::ChainLinksNotChecked => "chain_links_not_checked",
        }
    }
}

/// Something the disclosure does not prove, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotProven {
    /// What kind.
    pub kind: NotProvenKind,
    /// A sentence.
    pub message: String,
}

/// Whether the checkpoint's signature was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureState {
    /// Signed by at least one of the verifier keys.
    Verified,
    /// No verifier key was given.
    NotChecked,
    /// Not signed by any of the verifier keys, or a signature by one of them is bad.
    Invalid,
}

impl SignatureState {
    /// Every value, in declaration order.
    pub const ALL: [SignatureState; 3] = [
        SignatureState::Verified,
        SignatureState::NotChecked,
        SignatureState::Invalid,
    ];

    /// The stable snake_case name (`docs/FORMAT.md` §4): `verified`, `not_checked`, `invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureState::Verified => "verified",
            SignatureState::NotChecked => "not_checked",
            SignatureState::Invalid => "invalid",
        }
    }
}

/// The checkpoint the disclosure is against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckpointOutcome {
    /// Origin line.
    pub origin: String,
    /// Tree size.
    pub size: u64,
    /// Root (hex).
    pub root: String,
    /// Whether its signature was checked.
    pub signature: SignatureState,
    /// Names of the verifier keys whose signatures verified.
    pub signed_by: Vec<String>,
}

/// One disclosed entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryOutcome {
    /// `entry_id`.
    pub entry_id: i64,
    /// The proof's leaf index.
    pub leaf_index: u64,
    /// As in the ledger report; `redacted` for a redacted entry whose marker matched.
    pub status: EntryStatus,
    /// The inclusion proof leads to the checkpoint's root.
    pub included: bool,
    /// The entry hash was recomputed from the disclosed fields (false for a withheld row).
    pub hash_recomputed: bool,
    /// `previous_hash` was checked against the disclosed previous entry (or genesis).
    pub link_checked: bool,
}

/// One consistency proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsistencyOutcome {
    /// The older checkpoint's size.
    pub older_size: Option<u64>,
    /// Its root (hex).
    pub older_root: Option<String>,
    /// Signed by a verifier key, and extended by the disclosure's checkpoint.
    pub consistent: bool,
}

/// The result of [`Disclosure::verify`](super::super::Disclosure::verify).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DisclosureReport {
    /// True for `valid` and `valid_with_limits`.
    pub valid: bool,
    /// The overall answer.
    pub verdict: DisclosureVerdict,
    /// The checkpoint.
    pub checkpoint: CheckpointOutcome,
    /// Each disclosed entry, in order.
    pub entries: Vec<EntryOutcome>,
    /// Each consistency proof, in order.
    pub consistency: Vec<ConsistencyOutcome>,
    /// Every failed check.
    pub failures: Vec<DisclosureFinding>,
    /// What was proven, as sentences (only when nothing failed).
    pub proven: Vec<String>,
    /// What was not proven, and why.
    pub not_proven: Vec<NotProven>,
}

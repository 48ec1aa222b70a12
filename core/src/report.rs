//! What a verification found, in a form meant to be printed, serialised and trusted.
//!
//! A verification *failure* is a [`Finding`] in the [`Report`], never an `Err`:
//! `Err` is reserved for input that could not be read. The report always says
//! what could not be checked ([`Limit`]) so that "valid" is never claimed for
//! something that was not fully verified.

use serde::{Deserialize, Serialize};

use crate::witness::KeyTrust;

/// The overall answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Everything in the input was checked and is intact.
    Valid,
    /// Nothing failed, but some things could not be checked: see [`Report::limits`].
    ValidWithLimits,
    /// At least one check failed: see [`Report::first_failure`].
    Invalid,
}

/// The state of one entry after verification, most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// `previous_hash` is not the prior entry's `entry_hash`.
    BrokenLink,
    /// The recomputed hash differs from the stored `entry_hash`.
    HashMismatch,
    /// The signature is malformed or does not verify under its key.
    BadSignature,
    /// Not in `entry_id` order, a duplicate, or after a gap in the ids.
    OutOfSequence,
    /// A `format_version` Nexuscone never wrote.
    UnknownFormat,
    /// Signed by a key that is not among the supplied public keys.
    UnknownKey,
    /// Unsigned while the policy requires every entry to be signed.
    MissingSignature,
    /// Intact, but the stored payload string is not in canonical form.
    PayloadNotCanonical,
    /// The payload was redacted (a marker replaced it) and the matching redaction entry
    /// was found. Format 1/2: link, signature and Merkle leaf verified, header fields
    /// not recomputable. Format 3: everything but the erased payload verified.
    Redacted,
    /// Intact and signed, but no public keys were supplied to check the signature.
    SignatureUnchecked,
    /// Intact (hash and link) and not signed.
    Unsigned,
    /// Intact and the signature verifies.
    Verified,
}

impl EntryStatus {
    /// True for statuses that make the ledger invalid.
    pub fn is_failure(self) -> bool {
        self <= EntryStatus::MissingSignature
    }

    /// Every status, most severe first.
    pub const ALL: [EntryStatus; 12] = [
        EntryStatus::BrokenLink,
        EntryStatus::HashMismatch,
        EntryStatus::BadSignature,
        EntryStatus::OutOfSequence,
        EntryStatus::UnknownFormat,
        EntryStatus::UnknownKey,
        EntryStatus::MissingSignature,
        EntryStatus::PayloadNotCanonical,
        EntryStatus::Redacted,
        EntryStatus::SignatureUnchecked,
        EntryStatus::Unsigned,
        EntryStatus::Verified,
    ];

    /// The snake_case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::BrokenLink => "broken_link",
            EntryStatus::HashMismatch => "hash_mismatch",
            EntryStatus::BadSignature => "bad_signature",
            EntryStatus::OutOfSequence => "out_of_sequence",
            EntryStatus::UnknownFormat => "unknown_format",
            EntryStatus::UnknownKey => "unknown_key",
            EntryStatus::MissingSignature => "missing_signature",
            EntryStatus::PayloadNotCanonical => "payload_not_canonical",
            EntryStatus::Redacted => "redacted",
            EntryStatus::SignatureUnchecked => "signature_unchecked",
            EntryStatus::Unsigned => "unsigned",
            EntryStatus::Verified => "verified",
        }
    }
}

/// What kind of problem a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// `previous_hash` mismatch.
    BrokenLink,
    /// `entry_hash` mismatch.
    HashMismatch,
    /// Bad or malformed entry signature.
    BadSignature,
    /// Signed by a key not among the supplied ones.
    UnknownKey,
    /// Unsigned while signatures are required.
    MissingSignature,
    /// Unknown `format_version`.
    UnknownFormat,
    /// `entry_id`s repeat or go backwards.
    OutOfOrder,
    /// `entry_id`s skip values, yet the chain links: rows were removed and re-linked.
    MissingEntries,
    /// An unsigned entry names a signing key (a warning: nothing covers that column).
    KeyIdWithoutSignature,
    /// The stored payload is not the canonical JSON of itself (a warning).
    PayloadNotCanonical,
    /// A witness attestation fails its own checks (sub-chain, hash, signature).
    WitnessAttestation,
    /// A witness attested a chain head that the ledger no longer holds.
    WitnessMismatch,
    /// The ledger does not match the supplied checkpoint (shorter, or another root).
    CheckpointMismatch,
    /// A redaction marker without its redaction entry, or disagreeing with it.
    Redaction,
    /// A format-3 entry's `payload_hash` is not `SHA-256(salt || payload)`.
    PayloadCommitment,
    /// A column of a row (an entry, witness, attestation or anchor) holds a value of
    /// another type than the column's ([`crate::mistyped`]).
    FieldType,
    /// A public key the ledger carries (a bundle's `public_keys`) is not an Ed25519
    /// key: the entries signed with it cannot be checked.
    LedgerKey,
    /// An anchor's chain head is not the hash of the entry it names, or names an entry
    /// the ledger does not hold (SPEC §8, §9).
    AnchorBinding,
    /// An anchor's OpenTimestamps proof or time-stamp token fails.
    AnchorProof,
    /// A stored anchor column (`bitcoin_block_height`, `bitcoin_block_hash`,
    /// `tsa_gen_time`) disagrees with the proof it restates.
    AnchorColumn,
}

impl FindingKind {
    /// The stable snake_case name (`docs/FORMAT.md`, "Report kinds").
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::BrokenLink => "broken_link",
            FindingKind::HashMismatch => "hash_mismatch",
            FindingKind::BadSignature => "bad_signature",
            FindingKind::UnknownKey => "unknown_key",
            FindingKind::MissingSignature => "missing_signature",
            FindingKind::UnknownFormat => "unknown_format",
            FindingKind::OutOfOrder => "out_of_order",
            FindingKind::MissingEntries => "missing_entries",
            FindingKind::KeyIdWithoutSignature => "key_id_without_signature",
            FindingKind::PayloadNotCanonical => "payload_not_canonical",
            FindingKind::WitnessAttestation => "witness_attestation",
            FindingKind::WitnessMismatch => "witness_mismatch",
            FindingKind::CheckpointMismatch => "checkpoint_mismatch",
            FindingKind::Redaction => "redaction",
            FindingKind::PayloadCommitment => "payload_commitment",
            FindingKind::FieldType => "field_type",
            FindingKind::LedgerKey => "ledger_key",
            FindingKind::AnchorBinding => "anchor_binding",
            FindingKind::AnchorProof => "anchor_proof",
            FindingKind::AnchorColumn => "anchor_column",
        }
    }
}

/// One problem, located.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The entry the problem is at, if it concerns an entry.
    pub entry_id: Option<i64>,
    /// The witness attestation the problem is at, if it concerns one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attestation_id: Option<i64>,
    /// The anchor the problem is at, if it concerns one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub anchor_id: Option<i64>,
    /// The registered witness the problem is at, if it concerns one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub witness_id: Option<i64>,
    /// What kind of problem.
    pub kind: FindingKind,
    /// A sentence, worded as the Python library words it where it has one.
    pub message: String,
}

/// Why something could not be fully verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    /// Signed entries whose signatures could not be checked (no or unknown keys).
    SignaturesUnchecked,
    /// Entry-signing keys come only from the ledger file itself.
    SelfAssertedSigningKeys,
    /// Witness keys come only from the ledger itself.
    SelfAssertedWitnessKeys,
    /// Entries after the last signature or attestation that nothing commits to.
    UnprotectedTail,
    /// Format-1 entries, whose hash leaves `event_type` out.
    Format1EventType,
    /// Anchors' proofs were not checked: no proof verifier was loaded (a build without
    /// `tst` that was given none).
    AnchorsNotVerified,
    /// OpenTimestamps Bitcoin attestations not checked: no Bitcoin headers supplied.
    AnchorsNotCheckedAgainstBitcoin,
    /// Time-stamp token signers not checked: no TSA roots supplied.
    AnchorsTsaSignerNotChecked,
    /// OpenTimestamps proofs that are still pending (upgrading needs the network).
    AnchorsPending,
    /// Bitcoin headers below mainnet difficulty confirmed anchors.
    AnchorsTestDifficulty,
    /// No checkpoint was supplied, so deleted newest entries cannot be detected.
    NoCheckpoint,
    /// Payloads were given as objects and canonicalised by the reader.
    PayloadsCanonicalised,
    /// Redacted entries: their payload is gone (and for formats 1/2 their header fields
    /// cannot be recomputed).
    RedactedEntries,
    /// Entries newer than the checkpoint: nothing commits to them yet.
    EntriesAfterCheckpoint,
    /// The input's format cannot carry witness attestations and anchors (JSONL).
    FormatOmitsAttestationsAndAnchors,
}

impl LimitKind {
    /// The stable snake_case name (`docs/FORMAT.md`, "Report kinds").
    pub fn as_str(self) -> &'static str {
        match self {
            LimitKind::SignaturesUnchecked => "signatures_unchecked",
            LimitKind::SelfAssertedSigningKeys => "self_asserted_signing_keys",
            LimitKind::SelfAssertedWitnessKeys => "self_asserted_witness_keys",
            LimitKind::UnprotectedTail => "unprotected_tail",
            LimitKind::Format1EventType => "format1_event_type",
            LimitKind::AnchorsNotVerified => "anchors_not_verified",
            LimitKind::AnchorsNotCheckedAgainstBitcoin => "anchors_not_checked_against_bitcoin",
            LimitKind::AnchorsTsaSignerNotChecked => "anchors_tsa_signer_not_checked",
            LimitKind::AnchorsPending => "anchors_pending",
            LimitKind::AnchorsTestDifficulty => "anchors_test_difficulty",
            LimitKind::NoCheckpoint => "no_checkpoint",
            LimitKind::PayloadsCanonicalised => "payloads_canonicalised",
            LimitKind::RedactedEntries => "redacted_entries",
            LimitKind::EntriesAfterCheckpoint => "entries_after_checkpoint",
            LimitKind::FormatOmitsAttestationsAndAnchors => "format_omits_attestations_and_anchors",
        }
    }
}

/// Something that was not verified, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    /// What kind of limit.
    pub kind: LimitKind,
    /// A sentence for people.
    pub message: String,
}

/// A run of consecutive entries sharing one value (statuses, coverage).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run<T> {
    /// First `entry_id` of the run.
    pub first: i64,
    /// Last `entry_id` of the run.
    pub last: i64,
    /// How many entries the run holds.
    pub count: u64,
    /// The shared value.
    pub value: T,
}

/// Run-length encoding that grows with the number of changes, not of entries.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Runs<T>(pub Vec<Run<T>>);

impl<T> Default for Runs<T> {
    fn default() -> Self {
        Runs(Vec::new())
    }
}

impl<T: PartialEq + Clone> Runs<T> {
    /// Appends one entry's value.
    pub fn push(&mut self, entry_id: i64, value: T) {
        self.push_run(entry_id, entry_id, value);
    }

    /// Appends a run of consecutive entries, merging it with the previous run when
    /// it continues it.
    pub fn push_run(&mut self, first: i64, last: i64, value: T) {
        let count = last.abs_diff(first) + 1;
        if let Some(prev) = self.0.last_mut() {
            if prev.value == value && prev.last.checked_add(1) == Some(first) {
                prev.last = last;
                prev.count += count;
                return;
            }
        }
        self.0.push(Run {
            first,
            last,
            count,
            value,
        });
    }
}

/// Counts of entries by status, in the order of [`EntryStatus::ALL`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    /// Hash and link intact, signature verified.
    pub verified: u64,
    /// Hash and link intact, no signature.
    pub unsigned: u64,
    /// Hash and link intact, signed, no keys to check with.
    pub signature_unchecked: u64,
    /// Intact, payload string not canonical.
    pub payload_not_canonical: u64,
    /// Redacted (see [`EntryStatus::Redacted`]).
    pub redacted: u64,
    /// Signed by a key not supplied.
    pub unknown_key: u64,
    /// Unsigned under a require-signatures policy.
    pub missing_signature: u64,
    /// Unknown format version.
    pub unknown_format: u64,
    /// Out of sequence.
    pub out_of_sequence: u64,
    /// Bad signature.
    pub bad_signature: u64,
    /// Hash mismatch.
    pub hash_mismatch: u64,
    /// Broken link.
    pub broken_link: u64,
}

impl StatusCounts {
    /// Counts one entry.
    pub fn add(&mut self, status: EntryStatus) {
        *self.slot(status) += 1;
    }

    fn slot(&mut self, status: EntryStatus) -> &mut u64 {
        match status {
            EntryStatus::BrokenLink => &mut self.broken_link,
            EntryStatus::HashMismatch => &mut self.hash_mismatch,
            EntryStatus::BadSignature => &mut self.bad_signature,
            EntryStatus::OutOfSequence => &mut self.out_of_sequence,
            EntryStatus::UnknownFormat => &mut self.unknown_format,
            EntryStatus::UnknownKey => &mut self.unknown_key,
            EntryStatus::MissingSignature => &mut self.missing_signature,
            EntryStatus::PayloadNotCanonical => &mut self.payload_not_canonical,
            EntryStatus::Redacted => &mut self.redacted,
            EntryStatus::SignatureUnchecked => &mut self.signature_unchecked,
            EntryStatus::Unsigned => &mut self.unsigned,
            EntryStatus::Verified => &mut self.verified,
        }
    }

    /// How many entries have `status`.
    pub fn get(&self, status: EntryStatus) -> u64 {
        // Twelve integers: a copy keeps one status-to-field mapping (`slot`).
        *self.clone().slot(status)
    }
}

/// What one signing key signed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerSummary {
    /// The `signing_key_id`.
    pub key_id: String,
    /// Whether the caller supplied a public key for it.
    pub key_known: bool,
    /// Entries claiming this key.
    pub entries: u64,
    /// Entries whose signature verified under it.
    pub verified: u64,
    /// Entries whose signature failed under it.
    pub failed: u64,
    /// First and last `entry_id` claiming it.
    pub first_entry_id: i64,
    /// Last `entry_id` claiming it.
    pub last_entry_id: i64,
}

/// What one witness attested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WitnessSummary {
    /// `witness_id`.
    pub witness_id: i64,
    /// `label`.
    pub label: String,
    /// `role`.
    pub role: String,
    /// The public key used to check its signatures.
    pub public_key_hex: String,
    /// Where that key came from.
    pub key_trust: KeyTrust,
    /// Attestations by this witness.
    pub attestations: u64,
    /// Attestations that passed every check, including the entry comparison.
    pub verified: u64,
    /// The highest `entry_id` a verified attestation covers.
    pub latest_attested_entry_id: Option<i64>,
}

/// How an entry is protected against undetected rewriting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protection {
    /// Its own verified signature and a later verified witness attestation or verified
    /// anchor.
    SignedAndWitnessed,
    /// Only its own verified signature.
    Signed,
    /// Only a later verified witness attestation or verified anchor (which commits to it
    /// via the chain).
    Witnessed,
    /// Nothing: it could be rewritten, or cut off the end, without trace.
    Nothing,
}

/// Which entries are protected by what.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Coverage {
    /// Entries signed and witnessed.
    pub signed_and_witnessed: u64,
    /// Entries signed only.
    pub signed_only: u64,
    /// Entries witnessed only.
    pub witnessed_only: u64,
    /// Entries protected by nothing.
    pub unprotected: u64,
    /// The same, as runs of entry ids.
    pub runs: Runs<Protection>,
}

/// The full result of verifying a ledger.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    /// How far the ledger can be relied on: what the user trusts covers which entries
    /// ([`crate::assurance`]). First, so that it is read first.
    pub assurance: crate::assurance::Assurance,
    /// True when nothing failed (the verdict is valid or valid with limits).
    pub valid: bool,
    /// The overall answer.
    pub verdict: Verdict,
    /// Number of entries read.
    pub entries: u64,
    /// Highest `entry_id` read.
    pub last_entry_id: Option<i64>,
    /// The first failure, in the order the Python library checks (link, hash, signature
    /// per entry, then witnesses).
    pub first_failure: Option<Finding>,
    /// Failures, at most [`MAX_LISTED`] of them.
    pub failures: Vec<Finding>,
    /// How many failures there were in all.
    pub failures_total: u64,
    /// Warnings (not failures), at most [`MAX_LISTED`].
    pub warnings: Vec<Finding>,
    /// How many warnings there were in all.
    pub warnings_total: u64,
    /// Entries by status.
    pub statuses: StatusCounts,
    /// Every entry's status, as runs of entry ids.
    pub status_runs: Runs<EntryStatus>,
    /// Signing keys and what they signed.
    pub signers: Vec<SignerSummary>,
    /// Witnesses and what they attested.
    pub witnesses: Vec<WitnessSummary>,
    /// Which entries are protected by what.
    pub coverage: Coverage,
    /// What could not be verified, and why.
    pub limits: Vec<Limit>,
    /// The checkpoint the ledger was checked against, if one was supplied.
    pub checkpoint: Option<crate::checkpoint::check::CheckpointSummary>,
    /// Each anchor row, its tracks and what it proves (SPEC §8, §9).
    #[serde(default)]
    pub anchors: Vec<crate::anchor::AnchorSummary>,
}

impl Report {
    /// Adds a limit found outside the chain (the input's format): a valid report is then
    /// valid with limits.
    pub fn add_limit(&mut self, limit: Limit) {
        if self.verdict == Verdict::Valid {
            self.verdict = Verdict::ValidWithLimits;
        }
        self.limits.push(limit);
    }
}

/// How many findings of each list a report keeps (the totals count them all).
pub const MAX_LISTED: usize = 1000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_name_is_the_one_serde_writes() {
        use FindingKind as F;
        use LimitKind as L;
        let findings = [
            F::BrokenLink,
            F::HashMismatch,
            F::BadSignature,
            F::UnknownKey,
            F::MissingSignature,
            F::UnknownFormat,
            F::OutOfOrder,
            F::MissingEntries,
            F::KeyIdWithoutSignature,
            F::PayloadNotCanonical,
            F::WitnessAttestation,
            F::WitnessMismatch,
            F::CheckpointMismatch,
            F::Redaction,
            F::PayloadCommitment,
            F::AnchorBinding,
            F::AnchorProof,
            F::AnchorColumn,
        ];
        for kind in findings {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        let limits = [
            L::SignaturesUnchecked,
            L::SelfAssertedSigningKeys,
            L::SelfAssertedWitnessKeys,
            L::UnprotectedTail,
            L::Format1EventType,
            L::AnchorsNotVerified,
            L::AnchorsNotCheckedAgainstBitcoin,
            L::AnchorsTsaSignerNotChecked,
            L::AnchorsPending,
            L::AnchorsTestDifficulty,
            L::NoCheckpoint,
            L::PayloadsCanonicalised,
            L::RedactedEntries,
            L::EntriesAfterCheckpoint,
            L::FormatOmitsAttestationsAndAnchors,
        ];
        for kind in limits {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        for status in EntryStatus::ALL {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
    }

    #[test]
    fn status_counts_get_returns_what_add_counted_for_every_status() {
        let mut counts = StatusCounts::default();
        for (i, &status) in EntryStatus::ALL.iter().enumerate() {
            for _ in 0..=i {
                counts.add(status);
            }
        }
        for (i, &status) in EntryStatus::ALL.iter().enumerate() {
            assert_eq!(counts.get(status), i as u64 + 1, "{}", status.as_str());
        }
    }
}

//! Verifying a disclosure: what each disclosed entry proves about the ledger the
//! checkpoint signs, and what it does not (see `docs/SPEC.md` §7).

use std::collections::BTreeSet;

use serde::Serialize;

use super::{DisclosedEntry, Disclosure};
use crate::checkpoint::consistency::verify_extends;
use crate::checkpoint::Checkpoint;
use crate::entry::{payload_commitment, Entry, HashFormat, GENESIS_PREVIOUS_HASH};
use crate::merkle::{entry_leaf_hex, InclusionProof};
use crate::note::{Note, Verifiers};
use crate::redaction::{self, Marker, RedactionTracker};
use crate::report::EntryStatus;
use crate::signature::{KeyRing, SignatureCheck};

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

/// The result of [`Disclosure::verify`].
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

struct Run {
    failures: Vec<DisclosureFinding>,
    not_proven: Vec<NotProven>,
}

impl Run {
    fn fail(
        &mut self,
        entry_id: Option<i64>,
        location: String,
        kind: DisclosureFindingKind,
        message: String,
    ) {
        self.failures.push(DisclosureFinding {
            entry_id,
            location,
            kind,
            message,
        });
    }

    fn limit(&mut self, kind: NotProvenKind, message: String) {
        self.not_proven.push(NotProven { kind, message });
    }
}

/// The redacted entry as the redaction tracker needs it (id, stored hash).
fn tracked(row: &DisclosedEntry) -> Entry {
    match row {
        DisclosedEntry::Full(e) => e.clone(),
        DisclosedEntry::Withheld(w) => Entry {
            entry_id: w.entry_id,
            timestamp: String::new(),
            actor: String::new(),
            action: String::new(),
            event_type: None,
            format_version: None,
            payload: w.payload.clone(),
            previous_hash: String::new(),
            entry_hash: w.entry_hash.clone(),
            signature: None,
            signing_key_id: None,
            payload_hash: None,
            payload_salt: None,
        },
    }
}

impl Disclosure {
    /// Verifies the disclosure (`docs/SPEC.md` §7). Failures are findings in the report.
    pub fn verify(&self, options: &DisclosureOptions) -> DisclosureReport {
        let mut run = Run {
            failures: Vec::new(),
            not_proven: Vec::new(),
        };
        // Parse checked the note's form; these cannot fail for a parsed disclosure.
        let note = Note::parse(self.checkpoint.as_bytes());
        let cp = note
            .as_ref()
            .ok()
            .and_then(|n| Checkpoint::from_text(n.text()).ok());
        let (Ok(note), Some(cp)) = (note, cp) else {
            return unreadable_checkpoint();
        };
        let mut outcome = CheckpointOutcome {
            origin: cp.origin.clone(),
            size: cp.size,
            root: cp.root.to_hex(),
            signature: SignatureState::NotChecked,
            signed_by: Vec::new(),
        };
        match &options.verifiers {
            None => run.limit(
                NotProvenKind::CheckpointUnverified,
                format!(
                    "no verifier key was given, so the signature of checkpoint {} (tree size {}) was not checked: the inclusions below are against a root nobody is shown to have signed",
                    cp.origin, cp.size
                ),
            ),
            Some(verifiers) => match note.verify(verifiers) {
                Ok(verified) => {
                    outcome.signature = SignatureState::Verified;
                    outcome.signed_by = verified.verified.iter().map(|s| s.name.clone()).collect();
                    if !verified.unverified.is_empty() {
                        let names: Vec<&str> =
                            verified.unverified.iter().map(|s| s.name.as_str()).collect();
                        run.limit(
                            NotProvenKind::UncheckedCosignatures,
                            format!(
                                "the checkpoint also carries signatures by keys you did not supply ({}); they were not checked",
                                names.join(", ")
                            ),
                        );
                    }
                }
                Err(e) => {
                    outcome.signature = SignatureState::Invalid;
                    run.fail(
                        None,
                        "checkpoint".into(),
                        DisclosureFindingKind::CheckpointSignature,
                        format!("checkpoint {}: {e}", cp.origin),
                    );
                }
            },
        }

        let (ring, self_asserted) = self.key_ring(options, &mut run);
        // `extend`, not `collect`: `collect` into a set compiles its own sort.
        let mut disclosed: BTreeSet<i64> = BTreeSet::new();
        disclosed.extend(self.entries.iter().map(|e| e.entry_id()));
        let mut tracker = RedactionTracker::default();
        let mut entries = Vec::new();
        let mut unchecked_signatures = Vec::new();
        let mut withheld = Vec::new();
        let mut links_checked = 0usize;
        let mut previous: Option<&DisclosedEntry> = None;
        for (i, (row, proof)) in self.entries.iter().zip(&self.proofs).enumerate() {
            let id = row.entry_id();
            let at = format!("entries[{i}]");
            let mut status = None;
            let note_status = |s: EntryStatus, status: &mut Option<EntryStatus>| {
                if status.map_or(true, |old| s < old) {
                    *status = Some(s);
                }
            };

            // Position: leaf index and inclusion in the checkpoint's tree.
            if crate::merkle::leaf_index(id) != Some(proof.leaf_index) {
                run.fail(
                    Some(id),
                    format!("proofs[{i}].leaf_index"),
                    DisclosureFindingKind::LeafIndex,
                    format!(
                        "entry {id} must be leaf {}, but its proof is for leaf {}",
                        id - 1,
                        proof.leaf_index
                    ),
                );
            }
            let included = match entry_leaf_hex(row.entry_hash()) {
                Some(leaf) => {
                    let inclusion = InclusionProof {
                        leaf_index: proof.leaf_index,
                        tree_size: cp.size,
                        path: proof.path.clone(),
                    };
                    match cp.root.verify_inclusion(&leaf, &inclusion) {
                        Ok(()) => true,
                        Err(e) => {
                            run.fail(
                                Some(id),
                                format!("proofs[{i}]"),
                                DisclosureFindingKind::Inclusion,
                                format!(
                                    "entry {id} (entry_hash {}) is not proven at leaf {} of checkpoint {} tree size {}: {e}",
                                    row.entry_hash(), proof.leaf_index, cp.origin, cp.size
                                ),
                            );
                            false
                        }
                    }
                }
                None => false,
            };

            // Content: the hash over the disclosed fields, and redaction markers.
            let mut hash_recomputed = false;
            let mut redacted = false;
            match row {
                DisclosedEntry::Full(entry) => {
                    let format = entry.hash_format().unwrap_or(HashFormat::V2);
                    if entry.compute_hash(format).matches_hex(&entry.entry_hash) {
                        hash_recomputed = true;
                    } else {
                        note_status(EntryStatus::HashMismatch, &mut status);
                        run.fail(
                            Some(id),
                            format!("{at}.entry_hash"),
                            DisclosureFindingKind::HashMismatch,
                            format!(
                                "entry {id}: the disclosed fields hash to {}, not to entry_hash {}",
                                entry.compute_hash(format).to_hex(),
                                entry.entry_hash
                            ),
                        );
                    }
                    if format == HashFormat::V3 {
                        redacted = check_commitment(entry, &at, &mut run, &mut tracker);
                    }
                }
                DisclosedEntry::Withheld(w) => {
                    redacted = true;
                    withheld.push(id);
                    if let Some(marker) = Marker::parse(&w.payload) {
                        tracker.redacted(&tracked(row), marker);
                    }
                }
            }
            if let DisclosedEntry::Full(entry) = row {
                if redaction::is_redaction_entry(entry) {
                    let target = redaction::Record::parse(&entry.payload).map(|r| r.entry_id);
                    if target.map_or(true, |t| disclosed.contains(&t)) {
                        for problem in tracker.redaction_entry(entry) {
                            run.fail(
                                Some(id),
                                format!("{at}.payload"),
                                DisclosureFindingKind::Redaction,
                                problem,
                            );
                        }
                    }
                }
            }

            // Signature.
            match row.signature() {
                (None, _) => {}
                (Some(sig), key_id) => match ring.check(key_id, row.entry_hash().as_bytes(), sig) {
                    SignatureCheck::Valid => {}
                    SignatureCheck::UnknownKey if self_asserted => {
                        unchecked_signatures.push(id);
                    }
                    SignatureCheck::UnknownKey => {
                        note_status(EntryStatus::UnknownKey, &mut status);
                        run.fail(
                            Some(id),
                            format!("{at}.signing_key_id"),
                            DisclosureFindingKind::BadSignature,
                            format!(
                                "entry {id} is signed by key {:?}, which is not among the keys you supplied",
                                key_id.unwrap_or_default()
                            ),
                        );
                    }
                    SignatureCheck::Invalid | SignatureCheck::Malformed => {
                        note_status(EntryStatus::BadSignature, &mut status);
                        run.fail(
                            Some(id),
                            format!("{at}.signature"),
                            DisclosureFindingKind::BadSignature,
                            format!(
                                "entry {id}: the signature does not verify under key {:?}",
                                key_id.unwrap_or_default()
                            ),
                        );
                    }
                },
            }

            // Link: only to a disclosed previous entry, or the genesis value.
            let mut link_checked = false;
            if let DisclosedEntry::Full(entry) = row {
                let expected = match previous {
                    _ if id == 1 => Some(GENESIS_PREVIOUS_HASH),
                    Some(prev) if prev.entry_id() == id - 1 => Some(prev.entry_hash()),
                    _ => None,
                };
                if let Some(expected) = expected {
                    link_checked = true;
                    links_checked += usize::from(id > 1);
                    if entry.previous_hash != expected {
                        note_status(EntryStatus::BrokenLink, &mut status);
                        run.fail(
                            Some(id),
                            format!("{at}.previous_hash"),
                            DisclosureFindingKind::BrokenLink,
                            format!(
                                "entry {id} previous_hash {} is not the entry_hash {expected} of entry {}",
                                entry.previous_hash,
                                id - 1
                            ),
                        );
                    }
                }
            }
            previous = Some(row);

            // Position failures leave the status to hash, signature and link: `included`
            // says whether the entry is proven at its position.
            let status = status.unwrap_or(if redacted {
                EntryStatus::Redacted
            } else if row.signature().0.is_none() {
                EntryStatus::Unsigned
            } else if unchecked_signatures.last() == Some(&id) {
                EntryStatus::SignatureUnchecked
            } else {
                EntryStatus::Verified
            });
            entries.push(EntryOutcome {
                entry_id: id,
                leaf_index: proof.leaf_index,
                status,
                included,
                hash_recomputed,
                link_checked,
            });
        }
        for (id, message) in tracker.finish() {
            let i = self.entries.iter().position(|e| e.entry_id() == id);
            run.fail(
                Some(id),
                format!("entries[{}].payload", i.unwrap_or_default()),
                DisclosureFindingKind::Redaction,
                format!("{message}; a redacted entry must be disclosed with its redaction entry"),
            );
        }

        let consistency = self.check_consistency(&cp, options, &mut run);

        if self_asserted && !self.public_keys.is_empty() {
            run.limit(
                NotProvenKind::SelfAssertedSigningKeys,
                "signatures were checked with the public keys inside the disclosure, chosen by whoever wrote it: they show the signatures are consistent, not who signed: supply the keys you trust to rely on them".into(),
            );
        }
        if !unchecked_signatures.is_empty() {
            run.limit(
                NotProvenKind::SignaturesUnchecked,
                format!(
                    "entries {} are signed by keys neither you nor the disclosure supplied: their signatures were not checked",
                    list(&unchecked_signatures)
                ),
            );
        }
        if !withheld.is_empty() {
            run.limit(
                NotProvenKind::RedactedHeadersWithheld,
                format!(
                    "entries {} are redacted format-1/2 entries: their payload is gone and their timestamp, actor, action, event_type, previous_hash and format_version are not disclosed, because their hash no longer lets anyone check them",
                    list(&withheld)
                ),
            );
        }
        let undisclosed = cp.size.saturating_sub(self.entries.len() as u64);
        if undisclosed > 0 {
            run.limit(
                NotProvenKind::UndisclosedEntries,
                format!(
                    "{undisclosed} of the {} entries in the tree are not disclosed: nothing about their content is shown, only that the disclosed entries are at their positions among them",
                    cp.size
                ),
            );
        }
        let pairs = self.entries.len().saturating_sub(1);
        if links_checked < pairs {
            run.limit(
                NotProvenKind::ChainLinksNotChecked,
                format!(
                    "hash-chain links were checked only between consecutive disclosed entries ({links_checked} of {pairs} neighbouring pairs); between the others (entries in between are not disclosed) the chain is not checked, only each entry's Merkle position"
                ),
            );
        }

        let verdict = if !run.failures.is_empty() {
            DisclosureVerdict::Invalid
        } else if outcome.signature != SignatureState::Verified {
            DisclosureVerdict::CheckpointUnverified
        } else if run.not_proven.is_empty() {
            DisclosureVerdict::Valid
        } else {
            DisclosureVerdict::ValidWithLimits
        };
        let proven = if run.failures.is_empty() {
            proven(&cp, &outcome, &entries, &consistency)
        } else {
            Vec::new()
        };
        DisclosureReport {
            valid: matches!(
                verdict,
                DisclosureVerdict::Valid | DisclosureVerdict::ValidWithLimits
            ),
            verdict,
            checkpoint: outcome,
            entries,
            consistency,
            failures: run.failures,
            proven,
            not_proven: run.not_proven,
        }
    }

    /// The ring signatures are checked with, and whether it is self-asserted.
    fn key_ring(&self, options: &DisclosureOptions, run: &mut Run) -> (KeyRing, bool) {
        let Some(trusted) = &options.keys else {
            let mut ring = KeyRing::new();
            for (key_id, key) in &self.public_keys {
                // Parsing rejected keys that are not curve points.
                let _ = ring.insert_hex(key_id, key);
            }
            return (ring, true);
        };
        for (key_id, key) in &self.public_keys {
            let same = crate::signature::parse_public_key(key)
                .ok()
                .zip(trusted.get(key_id))
                .is_some_and(|(a, b)| a == *b);
            if !same {
                run.fail(
                    None,
                    format!("public_keys.{key_id}"),
                    DisclosureFindingKind::KeyDisagreement,
                    format!(
                        "the disclosure's public key for {key_id:?} is not the one you supplied"
                    ),
                );
            }
        }
        (trusted.clone(), false)
    }

    fn check_consistency(
        &self,
        cp: &Checkpoint,
        options: &DisclosureOptions,
        run: &mut Run,
    ) -> Vec<ConsistencyOutcome> {
        let mut outcomes = Vec::new();
        for (i, older) in self.consistency.iter().enumerate() {
            let at = format!("consistency[{i}]");
            let note = Note::parse(older.checkpoint.as_bytes()).ok();
            let old = note
                .as_ref()
                .and_then(|n| Checkpoint::from_text(n.text()).ok());
            let mut consistent = false;
            if let (Some(note), Some(old)) = (&note, &old) {
                let signed = match &options.verifiers {
                    None => false,
                    Some(v) => match note.verify(v) {
                        Ok(_) => true,
                        Err(e) => {
                            run.fail(
                                None,
                                format!("{at}.older_checkpoint"),
                                DisclosureFindingKind::Consistency,
                                format!("older checkpoint {}: {e}", old.origin),
                            );
                            false
                        }
                    },
                };
                match verify_extends(old, cp, &older.path) {
                    Ok(()) => consistent = signed,
                    Err(message) => run.fail(
                        None,
                        format!("{at}.path"),
                        DisclosureFindingKind::Consistency,
                        message,
                    ),
                }
            }
            outcomes.push(ConsistencyOutcome {
                older_size: old.as_ref().map(|c| c.size),
                older_root: old.as_ref().map(|c| c.root.to_hex()),
                consistent,
            });
        }
        outcomes
    }
}

/// Format 3: the salt must open the commitment; without it the payload must be a
/// marker recording the commitment. Returns whether the entry is redacted.
fn check_commitment(
    entry: &Entry,
    at: &str,
    run: &mut Run,
    tracker: &mut RedactionTracker,
) -> bool {
    let id = entry.entry_id;
    let commitment = entry.payload_hash.as_deref().unwrap_or_default();
    match &entry.payload_salt {
        Some(salt) => {
            let salt = hex::decode(salt).unwrap_or_default();
            if payload_commitment(&salt, &entry.payload) != commitment {
                run.fail(
                    Some(id),
                    format!("{at}.payload"),
                    DisclosureFindingKind::PayloadCommitment,
                    format!("entry {id} payload_hash {commitment} is not SHA-256(payload_salt || payload): the payload was changed"),
                );
            }
            false
        }
        None => match Marker::parse(&entry.payload) {
            Some(marker) if marker.original_payload_hash == commitment => {
                tracker.redacted(entry, marker);
                true
            }
            _ => {
                run.fail(
                    Some(id),
                    format!("{at}.payload"),
                    DisclosureFindingKind::PayloadCommitment,
                    format!("entry {id} has format 3 but no payload_salt, and its payload is not a redaction marker recording its payload_hash"),
                );
                false
            }
        },
    }
}

fn list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn proven(
    cp: &Checkpoint,
    outcome: &CheckpointOutcome,
    entries: &[EntryOutcome],
    consistency: &[ConsistencyOutcome],
) -> Vec<String> {
    let signed = if outcome.signature == SignatureState::Verified {
        format!("signed by {}", outcome.signed_by.join(", "))
    } else {
        "whose signature was NOT checked".to_owned()
    };
    let mut out = vec![format!(
        "checkpoint {} commits to tree size {} with root {}, {signed}",
        cp.origin, cp.size, cp.root
    )];
    for e in entries {
        let content = match (e.hash_recomputed, e.status) {
            (true, EntryStatus::Redacted) => {
                "its disclosed fields hash to its entry_hash (payload redacted, marker matched by its redaction entry)"
            }
            (true, _) => "its disclosed fields hash to its entry_hash",
            (false, _) => {
                "its payload was redacted (marker matched by its redaction entry); its header fields are withheld"
            }
        };
        let signature = match e.status {
            EntryStatus::Verified => ", and its signature verifies",
            EntryStatus::SignatureUnchecked => ", its signature was not checked",
            EntryStatus::Unsigned => ", it is unsigned",
            _ => "",
        };
        out.push(format!(
            "entry {} is leaf {} of that tree; {content}{signature}",
            e.entry_id, e.leaf_index
        ));
    }
    for c in consistency {
        if let (Some(size), Some(root)) = (c.older_size, &c.older_root) {
            out.push(format!(
                "the tree of size {} extends the older signed checkpoint of size {size} (root {root})",
                cp.size
            ));
        }
    }
    out
}

fn unreadable_checkpoint() -> DisclosureReport {
    DisclosureReport {
        valid: false,
        verdict: DisclosureVerdict::Invalid,
        checkpoint: CheckpointOutcome {
            origin: String::new(),
            size: 0,
            root: String::new(),
            signature: SignatureState::Invalid,
            signed_by: Vec::new(),
        },
        entries: Vec::new(),
        consistency: Vec::new(),
        failures: vec![DisclosureFinding {
            entry_id: None,
            location: "checkpoint".into(),
            kind: DisclosureFindingKind::CheckpointSignature,
            message: "the checkpoint note cannot be read".into(),
        }],
        proven: Vec::new(),
        not_proven: Vec::new(),
    }
}

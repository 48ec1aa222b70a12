//! Streaming verification of a Nexuscone hash chain.
//!
//! Follows `Ledger.verify_chain` (nexuscone 0.2.1) check for check, in its order:
//! for each entry in `entry_id` order, the link (`previous_hash` equals the prior
//! stored `entry_hash`, 64 zeros for the first), then the recomputed hash, then
//! the signature when keys are known. Unlike the Python library it does not stop
//! at the first problem, and it also checks what Python leaves out: `entry_id`
//! gaps and order, witness attestations against the entries they attest, the
//! canonical form of stored payloads, and (as a policy) missing signatures.
//!
//! Entries are consumed one at a time ([`ChainVerifier::push`]), so memory does
//! not grow with the length of the ledger. The per-entry work that does not
//! depend on other entries ([`EntryCheck::compute`]) can run in parallel.

use std::collections::{BTreeMap, BTreeSet};

use crate::anchor::{self, AnchorCheck, AnchorSummary};
use crate::canonical;
use crate::checkpoint::check::CheckpointCheck;
use crate::checkpoint::Checkpoint;
use crate::entry::{payload_commitment, Entry, EntryHash, HashFormat, GENESIS_PREVIOUS_HASH};
use crate::export::Row;
use crate::redaction::{self, Marker, RedactionTracker};
use crate::report::{
    Coverage, EntryStatus, Finding, FindingKind, Limit, LimitKind, Protection, Report, Runs,
    SignerSummary, StatusCounts, Verdict, WitnessSummary, MAX_LISTED,
};
use crate::signature::{KeyRing, SignatureCheck};
use crate::witness::{check_attestations, AttestationCheck, KeyTrust, Witness, WitnessAttestation};

/// What to verify against, and how strictly.
#[derive(Clone, Debug, Default)]
pub struct VerifyOptions {
    /// Entry-signing public keys by `signing_key_id`. Empty: signatures are not checked.
    pub keys: KeyRing,
    /// True when `keys` came with the ledger (e.g. a bundle's `public_keys`) rather
    /// than from the caller: they then prove consistency, not authorship.
    pub keys_self_asserted: bool,
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

/// The checks on one entry that depend on nothing but the entry (and the keys).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryCheck {
    /// `None` when the format version is unknown; otherwise the recomputed hash.
    pub recomputed: Option<EntryHash>,
    /// The signature check, or `None` when the entry is unsigned.
    pub signature: Option<SignatureCheck>,
    /// False when the stored payload is not its own canonical form.
    pub payload_canonical: bool,
}

impl EntryCheck {
    /// Runs the entry's independent checks: hash, signature, canonical payload.
    pub fn compute(entry: &Entry, keys: &KeyRing) -> EntryCheck {
        let (recomputed, payload_canonical) = match entry.hash_format() {
            Some(format) => {
                let (hash, canonical) = entry.compute_hash_checking_payload(format);
                (Some(hash), canonical)
            }
            None => (None, canonical::is_canonical(&entry.payload)),
        };
        let signature = entry.signature.as_deref().map(|signature| {
            keys.check(
                entry.signing_key_id.as_deref(),
                entry.entry_hash.as_bytes(),
                signature,
            )
        });
        EntryCheck {
            recomputed,
            signature,
            payload_canonical,
        }
    }
}

impl EntryCheck {
    /// [`EntryCheck::compute`] for each entry, in order; on all cores with the
    /// `parallel` feature. The checks of one batch can run while the previous
    /// batch is [accepted](ChainVerifier::accept) or the next one read.
    pub fn compute_batch(entries: &[Entry], keys: &KeyRing) -> Vec<EntryCheck> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            // Small chunks keep both cores busy without paying rayon's per-item cost.
            entries
                .par_iter()
                .with_min_len(32)
                .map(|entry| EntryCheck::compute(entry, keys))
                .collect()
        }
        #[cfg(not(feature = "parallel"))]
        entries
            .iter()
            .map(|entry| EntryCheck::compute(entry, keys))
            .collect()
    }
}

/// Verifies a chain one entry at a time and builds the [`Report`].
#[derive(Debug)]
pub struct ChainVerifier {
    options: VerifyOptions,
    expected_previous: String,
    last_id: Option<i64>,
    entries: u64,
    statuses: StatusCounts,
    status_runs: Runs<EntryStatus>,
    signed_runs: Runs<bool>,
    entry_findings: Findings,
    warnings: Findings,
    witness_mismatches: Vec<Finding>,
    signers: BTreeMap<String, SignerSummary>,
    attestation_checks: Vec<AttestationCheck>,
    /// Attested entry id -> indexes into `attestation_checks`.
    attested: BTreeMap<i64, Vec<usize>>,
    /// Indexes of attestations whose chain head matched the stored entry.
    matched: BTreeSet<usize>,
    canonicalised_payloads: u64,
    format1_entries: u64,
    checkpoint: Option<CheckpointCheck>,
    redactions: RedactionTracker,
    redacted_v12: u64,
    redacted_v3: u64,
    first_id: Option<i64>,
    /// Anchored entry id -> indexes into `options.anchors`.
    anchored: BTreeMap<i64, Vec<usize>>,
}

#[derive(Debug, Default)]
struct Findings {
    listed: Vec<Finding>,
    total: u64,
}

impl Findings {
    fn push(&mut self, finding: Finding) {
        self.total += 1;
        if self.listed.len() < MAX_LISTED {
            self.listed.push(finding);
        }
    }
}

fn entry_finding(entry_id: i64, kind: FindingKind, message: String) -> Finding {
    Finding {
        entry_id: Some(entry_id),
        attestation_id: None,
        anchor_id: None,
        kind,
        message,
    }
}

impl ChainVerifier {
    /// Starts a verification. Witness attestations are checked on their own here;
    /// their agreement with the entries is checked as the entries stream past.
    pub fn new(options: VerifyOptions) -> ChainVerifier {
        let attestation_checks = check_attestations(
            &options.witnesses,
            &options.attestations,
            options.trusted_witness_keys.as_ref(),
        );
        let mut attested: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for (index, check) in attestation_checks.iter().enumerate() {
            attested
                .entry(check.attestation.chain_head_entry_id)
                .or_default()
                .push(index);
        }
        let checkpoint = options.checkpoint.clone().map(CheckpointCheck::new);
        let mut anchored: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for (index, anchor) in options.anchors.iter().enumerate() {
            if let Some(id) = anchor.head_entry_id() {
                anchored.entry(id).or_default().push(index);
            }
        }
        ChainVerifier {
            options,
            expected_previous: GENESIS_PREVIOUS_HASH.to_owned(),
            last_id: None,
            entries: 0,
            statuses: StatusCounts::default(),
            status_runs: Runs::default(),
            signed_runs: Runs::default(),
            entry_findings: Findings::default(),
            warnings: Findings::default(),
            witness_mismatches: Vec::new(),
            signers: BTreeMap::new(),
            attestation_checks,
            attested,
            matched: BTreeSet::new(),
            canonicalised_payloads: 0,
            format1_entries: 0,
            checkpoint,
            redactions: RedactionTracker::default(),
            redacted_v12: 0,
            redacted_v3: 0,
            first_id: None,
            anchored,
        }
    }

    /// The keys entries are checked against (for running [`EntryCheck::compute`]
    /// elsewhere, e.g. on another thread).
    pub fn keys(&self) -> &KeyRing {
        &self.options.keys
    }

    /// Verifies the next entry. Entries must come in the order they are stored
    /// (`entry_id` ascending); anything else is reported.
    pub fn push(&mut self, entry: &Entry) -> EntryStatus {
        let check = EntryCheck::compute(entry, &self.options.keys);
        self.accept(entry, &check)
    }

    /// Verifies the next entries, in order: the same statuses, findings and report
    /// as calling [`ChainVerifier::push`] on each. With the `parallel` feature the
    /// independent checks ([`EntryCheck::compute`]) of the batch run on all cores;
    /// the link checks and the report stay sequential. Memory is bounded by the
    /// batch the caller passes, not by the ledger.
    pub fn push_batch(&mut self, entries: &[Entry]) {
        for (entry, check) in entries
            .iter()
            .zip(EntryCheck::compute_batch(entries, &self.options.keys))
        {
            self.accept(entry, &check);
        }
    }

    /// Verifies the next row of an export, noting when its payload had to be
    /// canonicalised by the reader.
    pub fn push_row(&mut self, row: &Row) -> EntryStatus {
        let check = EntryCheck::compute(&row.entry, &self.options.keys);
        self.accept_row(row, &check)
    }

    /// [`ChainVerifier::accept`] for the next row of an export, given its
    /// precomputed independent checks (e.g. from another worker, [`crate::pool`]).
    pub fn accept_row(&mut self, row: &Row, check: &EntryCheck) -> EntryStatus {
        self.canonicalised_payloads += u64::from(row.payload_canonicalised);
        self.accept(&row.entry, check)
    }

    /// Verifies the next entry given its precomputed independent checks.
    pub fn accept(&mut self, entry: &Entry, check: &EntryCheck) -> EntryStatus {
        let id = entry.entry_id;
        self.entries += 1;
        if let Some(checkpoint) = &mut self.checkpoint {
            checkpoint.push(id, &entry.entry_hash);
        }
        if let Some(last) = self.last_id.filter(|&last| id <= last) {
            let what = if id == last {
                "a duplicate of"
            } else {
                "out of order after"
            };
            self.entry_findings.push(entry_finding(
                id,
                FindingKind::OutOfOrder,
                format!("entry {id} is {what} entry {last}: entries must be in ascending entry_id order"),
            ));
            return self.record(id, EntryStatus::OutOfSequence, false);
        }
        let mut status = EntryStatus::Verified;
        let mut worst = |s: EntryStatus| status = status.min(s);

        let linked = entry.previous_hash == self.expected_previous;
        if !linked {
            self.entry_findings.push(entry_finding(
                id,
                FindingKind::BrokenLink,
                format!(
                    "entry {id} previous_hash mismatch: expected {}, stored {}",
                    self.expected_previous, entry.previous_hash
                ),
            ));
            worst(EntryStatus::BrokenLink);
        }
        let expected_id = self.last_id.map_or(1, |last| last + 1);
        if linked && id != expected_id {
            let message = match self.last_id {
                Some(last) => format!(
                    "entry {id} links to entry {last}, but entries {expected_id} to {} are missing: rows were removed and the chain re-linked",
                    id - 1
                ),
                None => format!("the ledger starts at entry {id}, not entry 1, yet entry {id} claims to be the genesis entry"),
            };
            self.entry_findings
                .push(entry_finding(id, FindingKind::MissingEntries, message));
            worst(EntryStatus::OutOfSequence);
        }

        match check.recomputed {
            None => {
                self.entry_findings.push(entry_finding(
                    id,
                    FindingKind::UnknownFormat,
                    format!(
                        "entry {id} has format_version {}, which no Nexuscone version writes",
                        entry.declared_format_version()
                    ),
                ));
                worst(EntryStatus::UnknownFormat);
            }
            Some(recomputed) if !recomputed.matches_hex(&entry.entry_hash) => {
                if let Some(marker) = Marker::parse(&entry.payload)
                    .filter(|_| entry.hash_format() != Some(HashFormat::V3))
                {
                    // Formats 1/2 hash the payload string: a redacted entry's hash
                    // cannot be recomputed. Its marker is checked against the later
                    // redaction entry instead.
                    self.redactions.redacted(entry, marker);
                    self.redacted_v12 += 1;
                    worst(EntryStatus::Redacted);
                } else {
                    self.entry_findings.push(entry_finding(
                        id,
                        FindingKind::HashMismatch,
                        format!(
                            "entry {id} entry_hash mismatch: recomputed {}, stored {}",
                            recomputed.to_hex(),
                            entry.entry_hash
                        ),
                    ));
                    worst(EntryStatus::HashMismatch);
                }
            }
            Some(_) if entry.hash_format() == Some(HashFormat::V3) => {
                if let Some(status) = self.check_commitment(entry) {
                    worst(status);
                }
            }
            Some(_) => {}
        }
        if redaction::is_redaction_entry(entry) {
            for problem in self.redactions.redaction_entry(entry) {
                self.entry_findings
                    .push(entry_finding(id, FindingKind::Redaction, problem));
                worst(EntryStatus::HashMismatch);
            }
        }

        let key_label = entry.signing_key_id.as_deref().unwrap_or("None");
        let mut signed = false;
        match check.signature {
            None if self.options.require_signatures => {
                self.entry_findings.push(entry_finding(
                    id,
                    FindingKind::MissingSignature,
                    format!("entry {id} is not signed, but the policy requires every entry to be signed"),
                ));
                worst(EntryStatus::MissingSignature);
            }
            None => worst(EntryStatus::Unsigned),
            Some(SignatureCheck::Valid) => signed = true,
            Some(SignatureCheck::Invalid) => {
                self.entry_findings.push(entry_finding(
                    id,
                    FindingKind::BadSignature,
                    format!("entry {id} signature invalid for key {key_label}"),
                ));
                worst(EntryStatus::BadSignature);
            }
            Some(SignatureCheck::Malformed) => {
                self.entry_findings.push(entry_finding(
                    id,
                    FindingKind::BadSignature,
                    format!(
                        "entry {id} signature is not 128 hex characters (64 bytes): stored {:?}",
                        shorten(entry.signature.as_deref().unwrap_or(""))
                    ),
                ));
                worst(EntryStatus::BadSignature);
            }
            Some(SignatureCheck::UnknownKey) if self.options.keys.is_empty() => {
                worst(EntryStatus::SignatureUnchecked);
            }
            Some(SignatureCheck::UnknownKey) => {
                self.entry_findings.push(entry_finding(
                    id,
                    FindingKind::UnknownKey,
                    format!("entry {id} signature invalid for key {key_label} (no public key was supplied for it)"),
                ));
                worst(EntryStatus::UnknownKey);
            }
        }
        if let Some(signature) = check.signature {
            let tally = |summary: &mut SignerSummary| {
                summary.entries += 1;
                summary.last_entry_id = id;
                match signature {
                    SignatureCheck::Valid => summary.verified += 1,
                    SignatureCheck::Invalid | SignatureCheck::Malformed => summary.failed += 1,
                    SignatureCheck::UnknownKey => {}
                }
            };
            // Looked up by `&str`: `entry(key_label.to_owned())` would allocate
            // the key for every signed entry.
            match self.signers.get_mut(key_label) {
                Some(summary) => tally(summary),
                None => {
                    let mut summary = SignerSummary {
                        key_id: key_label.to_owned(),
                        key_known: entry
                            .signing_key_id
                            .as_deref()
                            .and_then(|k| self.options.keys.get(k))
                            .is_some(),
                        first_entry_id: id,
                        ..SignerSummary::default()
                    };
                    tally(&mut summary);
                    self.signers.insert(key_label.to_owned(), summary);
                }
            }
        }

        if check.signature.is_none() {
            if let Some(key_id) = &entry.signing_key_id {
                self.warnings.push(entry_finding(
                    id,
                    FindingKind::KeyIdWithoutSignature,
                    format!("entry {id} names signing key {key_id} but has no signature: the key id is covered by nothing"),
                ));
            }
        }
        if entry.hash_format() == Some(HashFormat::V1) {
            self.format1_entries += 1;
        }
        if !check.payload_canonical {
            self.warnings.push(entry_finding(
                id,
                FindingKind::PayloadNotCanonical,
                format!(
                    "entry {id} payload is not in canonical form (Nexuscone always stores canonical JSON; a different writer produced it): stored {:?}",
                    shorten(&entry.payload)
                ),
            ));
            worst(EntryStatus::PayloadNotCanonical);
        }

        self.compare_attestations(entry);
        self.bind_anchors(entry);
        self.expected_previous.clone_from(&entry.entry_hash);
        self.last_id = Some(id);
        self.record(id, status, signed)
    }

    /// Format 3: the payload must open the salted commitment, or (salt erased) be a
    /// redaction marker naming that commitment.
    fn check_commitment(&mut self, entry: &Entry) -> Option<EntryStatus> {
        let id = entry.entry_id;
        let commitment = entry.payload_hash.as_deref().unwrap_or("");
        let problem = match entry.payload_salt.as_deref() {
            Some(salt) => match hex::decode(salt) {
                Ok(salt) if salt.len() == 32 => {
                    if payload_commitment(&salt, &entry.payload) == commitment {
                        return None;
                    }
                    format!("entry {id} payload_hash {commitment} is not SHA-256(payload_salt || payload): the payload was changed")
                }
                _ => format!("entry {id} payload_salt is not 64 hex characters (32 bytes)"),
            },
            None => match Marker::parse(&entry.payload) {
                Some(marker) if marker.original_payload_hash == commitment => {
                    self.redactions.redacted(entry, marker);
                    self.redacted_v3 += 1;
                    return Some(EntryStatus::Redacted);
                }
                Some(marker) => format!(
                    "entry {id} redaction marker names payload hash {}, but the entry commits to {commitment}",
                    marker.original_payload_hash
                ),
                None => format!("entry {id} has format 3 but no payload_salt, and its payload is not a redaction marker"),
            },
        };
        self.entry_findings
            .push(entry_finding(id, FindingKind::PayloadCommitment, problem));
        Some(EntryStatus::HashMismatch)
    }

    fn compare_attestations(&mut self, entry: &Entry) {
        let Some(indexes) = self.attested.get(&entry.entry_id) else {
            return;
        };
        for &index in indexes {
            let attestation = &self.attestation_checks[index].attestation;
            if attestation.chain_head_hash == entry.entry_hash {
                self.matched.insert(index);
            } else {
                self.witness_mismatches.push(Finding {
                    entry_id: Some(entry.entry_id),
                    attestation_id: Some(attestation.attestation_id),
                    anchor_id: None,
                    kind: FindingKind::WitnessMismatch,
                    message: format!(
                        "Attestation {} from witness {} attests entry {} with chain_head_hash {}, but the ledger stores {}: history was rewritten after it was attested",
                        attestation.attestation_id,
                        attestation.witness_id,
                        entry.entry_id,
                        attestation.chain_head_hash,
                        entry.entry_hash
                    ),
                });
            }
        }
    }

    fn bind_anchors(&mut self, entry: &Entry) {
        self.first_id.get_or_insert(entry.entry_id);
        if let Some(indexes) = self.anchored.get(&entry.entry_id) {
            for &index in indexes {
                self.options.anchors[index].bind(entry.entry_id, &entry.entry_hash);
            }
        }
    }

    /// The anchors' summaries and their failures.
    fn finish_anchors(&mut self) -> (Vec<AnchorSummary>, Vec<Finding>) {
        let anchors = std::mem::take(&mut self.options.anchors);
        let summaries: Vec<AnchorSummary> = anchors
            .into_iter()
            .map(|anchor| anchor.summary(self.first_id, self.last_id))
            .collect();
        let findings = summaries
            .iter()
            .flat_map(|summary| {
                summary.problems().map(|problem| Finding {
                    entry_id: summary.chain_head_entry_id,
                    attestation_id: None,
                    anchor_id: Some(summary.anchor_id),
                    kind: problem.finding,
                    message: problem.message.clone(),
                })
            })
            .collect();
        (summaries, findings)
    }

    fn record(&mut self, id: i64, status: EntryStatus, signed: bool) -> EntryStatus {
        self.statuses.add(status);
        self.status_runs.push(id, status);
        self.signed_runs.push(id, signed);
        status
    }

    /// Finishes the verification and returns the report.
    pub fn finish(mut self) -> Report {
        let trusted_supplied = self.options.trusted_witness_keys.is_some();
        // Attestations naming entries the stream never delivered.
        for (index, check) in self.attestation_checks.iter().enumerate() {
            let attested_id = check.attestation.chain_head_entry_id;
            if self.matched.contains(&index)
                || self
                    .witness_mismatches
                    .iter()
                    .any(|f| f.attestation_id == Some(check.attestation.attestation_id))
            {
                continue;
            }
            let ends = self
                .last_id
                .map_or("the ledger is empty".to_owned(), |last| {
                    format!("the ledger ends at entry {last}")
                });
            self.witness_mismatches.push(Finding {
                entry_id: Some(attested_id),
                attestation_id: Some(check.attestation.attestation_id),
                anchor_id: None,
                kind: FindingKind::WitnessMismatch,
                message: format!(
                    "Attestation {} from witness {} attests entry {attested_id}, which the ledger does not contain ({ends}): attested entries were removed",
                    check.attestation.attestation_id, check.attestation.witness_id
                ),
            });
        }

        let mut witness_failures: Vec<Finding> = Vec::new();
        for check in &self.attestation_checks {
            for (_, message) in &check.problems {
                witness_failures.push(Finding {
                    entry_id: None,
                    attestation_id: Some(check.attestation.attestation_id),
                    anchor_id: None,
                    kind: FindingKind::WitnessAttestation,
                    message: message.clone(),
                });
            }
        }
        witness_failures.append(&mut self.witness_mismatches);

        let counts_for = |index: usize, check: &AttestationCheck| {
            check.is_sound()
                && self.matched.contains(&index)
                && (!trusted_supplied || check.trusted_key)
        };
        let horizon = self
            .attestation_checks
            .iter()
            .enumerate()
            .filter(|(index, check)| counts_for(*index, check))
            .map(|(_, check)| check.attestation.chain_head_entry_id)
            .max();

        let witnesses: Vec<WitnessSummary> = self
            .options
            .witnesses
            .iter()
            .map(|witness| {
                let mine = self
                    .attestation_checks
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.attestation.witness_id == witness.witness_id);
                let (mut attestations, mut verified, mut latest) = (0, 0, None);
                for (index, check) in mine {
                    attestations += 1;
                    if counts_for(index, check) {
                        verified += 1;
                        latest = latest.max(Some(check.attestation.chain_head_entry_id));
                    }
                }
                let key_trust = match &self.options.trusted_witness_keys {
                    None => KeyTrust::SelfAsserted,
                    Some(keys) if keys.contains(&witness.public_key_hex.to_ascii_lowercase()) => {
                        KeyTrust::Trusted
                    }
                    Some(_) => KeyTrust::Untrusted,
                };
                WitnessSummary {
                    witness_id: witness.witness_id,
                    label: witness.label.clone(),
                    role: witness.role.clone(),
                    public_key_hex: witness.public_key_hex.clone(),
                    key_trust,
                    attestations,
                    verified,
                    latest_attested_entry_id: latest,
                }
            })
            .collect();

        for (id, problem) in std::mem::take(&mut self.redactions).finish() {
            self.entry_findings
                .push(entry_finding(id, FindingKind::Redaction, problem));
        }
        if let Some(checkpoint) = &self.checkpoint {
            if let Err(mismatch) = checkpoint.finish() {
                self.entry_findings.push(Finding {
                    entry_id: None,
                    attestation_id: None,
                    anchor_id: None,
                    kind: FindingKind::CheckpointMismatch,
                    message: checkpoint.describe(&mismatch),
                });
            }
        }
        let coverage = coverage(&self.signed_runs, horizon);
        let (anchors, anchor_failures) = self.finish_anchors();
        let mut limits = self.limits(&coverage, horizon, &witnesses);
        limits.extend(anchor::limits::limits(&anchors));

        let mut failures = self.entry_findings;
        for finding in witness_failures.into_iter().chain(anchor_failures) {
            failures.push(finding);
        }
        let first_failure = failures.listed.first().cloned();
        let verdict = if failures.total > 0 {
            Verdict::Invalid
        } else if limits.is_empty() {
            Verdict::Valid
        } else {
            Verdict::ValidWithLimits
        };
        Report {
            valid: verdict != Verdict::Invalid,
            verdict,
            entries: self.entries,
            last_entry_id: self.last_id,
            first_failure,
            failures: failures.listed,
            failures_total: failures.total,
            warnings: self.warnings.listed,
            warnings_total: self.warnings.total,
            statuses: self.statuses,
            status_runs: self.status_runs,
            signers: self.signers.into_values().collect(),
            witnesses,
            coverage,
            limits,
            checkpoint: self.checkpoint.as_ref().map(CheckpointCheck::summary),
            anchors,
        }
    }

    fn limits(
        &self,
        coverage: &Coverage,
        horizon: Option<i64>,
        witnesses: &[WitnessSummary],
    ) -> Vec<Limit> {
        let mut limits = Vec::new();
        let mut limit = |kind: LimitKind, message: String| limits.push(Limit { kind, message });
        let unchecked = self.statuses.signature_unchecked;
        if unchecked > 0 {
            limit(
                LimitKind::SignaturesUnchecked,
                format!("{unchecked} signed entries were not signature-checked: no public keys were supplied"),
            );
        }
        if self.options.keys_self_asserted && self.signers.values().any(|s| s.verified > 0) {
            limit(
                LimitKind::SelfAssertedSigningKeys,
                "entry signatures were checked against public keys shipped inside the ledger file itself; supply the keys you trust to rely on them".to_owned(),
            );
        }
        if !witnesses.is_empty() && self.options.trusted_witness_keys.is_none() {
            limit(
                LimitKind::SelfAssertedWitnessKeys,
                format!(
                    "witness signatures were checked against the {} stored in the ledger itself, which whoever wrote the ledger chose; supply trusted witness keys to rely on them",
                    count(witnesses.len() as u64, "public key", "public keys")
                ),
            );
        }
        if coverage.unprotected > 0 {
            let after = horizon.map_or("any witness attestation".to_owned(), |h| {
                format!("the last witness attestation (entry {h})")
            });
            limit(
                LimitKind::UnprotectedTail,
                format!(
                    "{} protected by neither a verified signature nor a later witness attestation (all after {after}): they could have been rewritten, appended or cut off without trace",
                    count(coverage.unprotected, "entry is", "entries are")
                ),
            );
        }
        if self.format1_entries > 0 {
            limit(
                LimitKind::Format1EventType,
                format!(
                    "{} hash format 1 (nexuscone 0.1.0), whose hash does not cover event_type: their event_type could have been changed without trace",
                    count(self.format1_entries, "entry uses", "entries use")
                ),
            );
        }
        if self.canonicalised_payloads > 0 {
            limit(
                LimitKind::PayloadsCanonicalised,
                format!(
                    "{} given as JSON objects, not as stored strings, and canonicalised before hashing: the hashes checked are those of the canonical form",
                    count(self.canonicalised_payloads, "payload was", "payloads were")
                ),
            );
        }
        if self.redacted_v12 > 0 {
            limit(
                LimitKind::RedactedEntries,
                format!(
                    "{} redacted: their payload was erased, and because the payload string was an input of their entry_hash, their header fields (timestamp, actor, action, event_type) cannot be recomputed; their link, signature, Merkle leaf and redaction entry were verified",
                    count(
                        self.redacted_v12,
                        "entry (hash format 1 or 2) is",
                        "entries (hash format 1 or 2) are"
                    )
                ),
            );
        }
        if self.redacted_v3 > 0 {
            limit(
                LimitKind::RedactedEntries,
                format!(
                    "{} redacted: their payload was erased; every other field was verified against the salted payload commitment",
                    count(
                        self.redacted_v3,
                        "entry (hash format 3) is",
                        "entries (hash format 3) are"
                    )
                ),
            );
        }
        match &self.checkpoint {
            None => limit(
                LimitKind::NoCheckpoint,
                "no checkpoint was supplied: nothing commits to the ledger's length, so deleted newest entries cannot be detected".to_owned(),
            ),
            Some(checkpoint) if self.entries > checkpoint.checkpoint().size => limit(
                LimitKind::EntriesAfterCheckpoint,
                format!(
                    "{} newer than checkpoint {} (tree size {}): nothing commits to them yet",
                    count(
                        self.entries - checkpoint.checkpoint().size,
                        "entry is",
                        "entries are"
                    ),
                    checkpoint.checkpoint().origin,
                    checkpoint.checkpoint().size
                ),
            ),
            Some(_) => {}
        }
        limits
    }
}

/// `n` followed by the words that agree with it: `1 entry is`, `3 entries are`.
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn coverage(signed_runs: &Runs<bool>, horizon: Option<i64>) -> Coverage {
    let mut coverage = Coverage::default();
    for run in &signed_runs.0 {
        // Split each run at the witness horizon: `first..=split` is witnessed, the
        // rest is not. No `first - 1`: entry ids may be `i64::MIN`.
        let split = horizon.filter(|&h| h >= run.first).map(|h| h.min(run.last));
        let witnessed = split.map(|split| (run.first, split, true));
        let unwitnessed = match split {
            None => Some((run.first, run.last, false)),
            Some(split) if split < run.last => Some((split + 1, run.last, false)),
            Some(_) => None,
        };
        for (first, last, witnessed) in witnessed.into_iter().chain(unwitnessed) {
            let protection = match (run.value, witnessed) {
                (true, true) => Protection::SignedAndWitnessed,
                (true, false) => Protection::Signed,
                (false, true) => Protection::Witnessed,
                (false, false) => Protection::Nothing,
            };
            let count = last.abs_diff(first) + 1;
            *match protection {
                Protection::SignedAndWitnessed => &mut coverage.signed_and_witnessed,
                Protection::Signed => &mut coverage.signed_only,
                Protection::Witnessed => &mut coverage.witnessed_only,
                Protection::Nothing => &mut coverage.unprotected,
            } += count;
            coverage.runs.push_run(first, last, protection);
        }
    }
    coverage
}

fn shorten(text: &str) -> String {
    const MAX: usize = 120;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

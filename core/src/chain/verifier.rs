//! The streaming verifier: entries in, one at a time; a [`Report`] out.

use super::anchors::Anchors;
use super::attestations::{Attestations, WitnessOutcome};
use super::content::{check_canonical, Content};
use super::coverage::coverage;
use super::entry_check::EntryCheck;
use super::findings::Findings;
use super::limits::{limits, Facts};
use super::links::Links;
use super::options::VerifyOptions;
use super::signatures::{check_key_id, Policy, Signatures};
use crate::anchor;
use crate::checkpoint::check::CheckpointCheck;
use crate::entry::Entry;
use crate::export::Row;
use crate::merkle::CompactRange;
use crate::mistyped::{Mistyped, Unchecked};
use crate::report::{
    Coverage, EntryStatus, Finding, FindingKind, Limit, Report, Runs, StatusCounts, Verdict,
};
use crate::signature::{KeyError, KeyRing, SignatureCheck};

/// Verifies a chain one entry at a time and builds the [`Report`].
#[derive(Debug)]
pub struct ChainVerifier {
    options: VerifyOptions,
    entries: u64,
    statuses: StatusCounts,
    status_runs: Runs<EntryStatus>,
    signed_runs: Runs<bool>,
    entry_findings: Findings,
    warnings: Findings,
    canonicalised_payloads: u64,
    links: Links,
    content: Content,
    signatures: Signatures,
    attestations: Attestations,
    anchors: Anchors,
    checkpoint: Option<CheckpointCheck>,
}

impl ChainVerifier {
    /// Starts a verification. Witness attestations are checked on their own here;
    /// their agreement with the entries is checked as the entries stream past.
    pub fn new(mut options: VerifyOptions) -> ChainVerifier {
        let attestations = Attestations::new(&options);
        let anchors = Anchors::new(std::mem::take(&mut options.anchors));
        let checkpoint = options.checkpoint.clone().map(CheckpointCheck::new);
        // A key the ledger carries that does not read comes first: it is why the
        // entries it signs cannot be checked.
        let mut entry_findings = Findings::default();
        for error in &options.ledger_key_errors {
            entry_findings.push(ledger_key_finding(error));
        }
        ChainVerifier {
            options,
            entries: 0,
            statuses: StatusCounts::default(),
            status_runs: Runs::default(),
            signed_runs: Runs::default(),
            entry_findings,
            warnings: Findings::default(),
            canonicalised_payloads: 0,
            links: Links::default(),
            content: Content::default(),
            signatures: Signatures::default(),
            attestations,
            anchors,
            checkpoint,
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
        let checks = EntryCheck::compute_batch(entries, &self.options.keys);
        for (entry, check) in entries.iter().zip(checks) {
            self.accept(entry, &check);
        }
    }

    /// Verifies the next row of a ledger: [`ChainVerifier::push`], noting when its
    /// payload had to be canonicalised by the reader, and reporting its mistyped values.
    pub fn push_row(&mut self, row: &Row) -> EntryStatus {
        let check = EntryCheck::compute(&row.entry, &self.options.keys);
        self.accept_row(row, &check)
    }

    /// [`ChainVerifier::push_row`] given the row's precomputed independent checks.
    /// Each mistyped value ([`crate::mistyped`]) is a `field_type` finding at the
    /// entry, and the checks that would need it are not run.
    pub fn accept_row(&mut self, row: &Row, check: &EntryCheck) -> EntryStatus {
        self.canonicalised_payloads += u64::from(row.payload_canonicalised);
        self.accept_typed(&row.entry, check, &row.mistyped)
    }

    /// Whether a checkpoint is checked: then [`ChainVerifier::take_leaves`] saves
    /// hashing the entries' leaves in order.
    pub fn has_checkpoint(&self) -> bool {
        self.checkpoint.is_some()
    }

    /// Gives the checkpoint check, if there is one, the compact range of the next
    /// entries' stored `entry_hash`es ([`crate::merkle::entry_range`]), computed
    /// elsewhere (by a pool's helper), so that it need not hash them as they are
    /// accepted. Call it before accepting them; the report is the same whether the
    /// range is taken or not.
    pub fn take_leaves(&mut self, next: &CompactRange) {
        if let Some(checkpoint) = &mut self.checkpoint {
            checkpoint.take_range(next);
        }
    }

    /// Verifies the next entry given its precomputed independent checks: order and
    /// link, content, signature, then its attestations and anchors.
    pub fn accept(&mut self, entry: &Entry, check: &EntryCheck) -> EntryStatus {
        self.accept_typed(entry, check, &[])
    }

    fn accept_typed(
        &mut self,
        entry: &Entry,
        check: &EntryCheck,
        mistyped: &[Mistyped],
    ) -> EntryStatus {
        let unchecked = Unchecked::of(mistyped);
        let placed;
        let entry = if unchecked.placement {
            placed = self.links.place(entry);
            &placed
        } else {
            entry
        };
        let id = entry.entry_id;
        self.entries += 1;
        if let Some(checkpoint) = &mut self.checkpoint {
            checkpoint.push(id, &entry.entry_hash);
        }
        if !self.links.check_order(id, &mut self.entry_findings) {
            return self.record(id, EntryStatus::OutOfSequence, false);
        }
        let (status, signed) = self.check(entry, check, mistyped, unchecked);
        self.attestations.compare(entry);
        self.anchors.bind(entry);
        self.links.advance(entry);
        self.record(id, status, signed)
    }

    /// The entry's own checks, but those `unchecked` rules out: the worst status,
    /// and whether the signature verified.
    fn check(
        &mut self,
        entry: &Entry,
        check: &EntryCheck,
        mistyped: &[Mistyped],
        unchecked: Unchecked,
    ) -> (EntryStatus, bool) {
        let findings = &mut self.entry_findings;
        let typed = report_mistyped(entry.entry_id, mistyped, findings);
        let link = (!unchecked.link).then(|| self.links.check(entry, findings));
        let content = (!unchecked.hash).then(|| self.content.check(entry, check, findings));
        let signature =
            (!unchecked.signature).then(|| self.check_signature(entry, check.signature));
        let canonical = (!unchecked.payload)
            .then(|| check_canonical(entry, check.payload_canonical, &mut self.warnings));
        let status = [
            typed,
            link.flatten(),
            content.flatten(),
            signature,
            canonical.flatten(),
        ]
        .into_iter()
        .flatten()
        .fold(EntryStatus::Verified, EntryStatus::min);
        (status, signature == Some(EntryStatus::Verified))
    }

    fn check_signature(&mut self, entry: &Entry, check: Option<SignatureCheck>) -> EntryStatus {
        let policy = Policy {
            keys: &self.options.keys,
            require_signatures: self.options.require_signatures,
        };
        let status = self
            .signatures
            .check(entry, check, policy, &mut self.entry_findings);
        check_key_id(entry, check, &mut self.warnings);
        status
    }

    fn record(&mut self, id: i64, status: EntryStatus, signed: bool) -> EntryStatus {
        self.statuses.add(status);
        self.status_runs.push(id, status);
        self.signed_runs.push(id, signed);
        status
    }

    /// Puts in the tracks of the anchors of [`VerifyOptions::anchors`], in their order,
    /// when their proofs were checked elsewhere ([`AnchorCheck::pending`],
    /// [`AnchorCheck::check_proofs`]).
    ///
    /// [`AnchorCheck::pending`]: crate::anchor::AnchorCheck::pending
    /// [`AnchorCheck::check_proofs`]: crate::anchor::AnchorCheck::check_proofs
    pub fn set_anchor_tracks(&mut self, tracks: Vec<anchor::Tracks>) {
        self.anchors.set_tracks(tracks);
    }

    /// Finishes the verification and returns the report.
    pub fn finish(mut self) -> Report {
        let mut witness = self.attestations.finish(
            self.links.last_id,
            &self.options.witnesses,
            self.options.trusted_witness_keys.as_ref(),
        );
        self.content.finish(&mut self.entry_findings);
        self.check_checkpoint();
        let (anchors, anchor_failures) =
            self.anchors.finish(self.links.first_id, self.links.last_id);
        // A verified anchor protects the entries up to its head as an attestation does.
        witness.horizon = witness.horizon.max(anchor::anchored_head(&anchors));
        let coverage = coverage(&self.signed_runs, witness.horizon);
        let mut limits = self.limits(&coverage, &witness);
        limits.extend(anchor::limits::limits(&anchors));
        let mut failures = std::mem::take(&mut self.entry_findings);
        for finding in witness.failures.into_iter().chain(anchor_failures) {
            failures.push(finding);
        }
        let verdict = verdict(&failures, &limits);
        let mut report = Report {
            assurance: Default::default(),
            valid: verdict != Verdict::Invalid,
            verdict,
            entries: self.entries,
            last_entry_id: self.links.last_id,
            first_failure: failures.listed.first().cloned(),
            failures: failures.listed,
            failures_total: failures.total,
            warnings: self.warnings.listed,
            warnings_total: self.warnings.total,
            statuses: self.statuses,
            status_runs: self.status_runs,
            signers: self.signatures.signers.into_values().collect(),
            witnesses: witness.summaries,
            coverage,
            limits,
            checkpoint: self.checkpoint.as_ref().map(CheckpointCheck::summary),
            anchors,
        };
        report.assurance = crate::assurance::assess(&report, !self.options.keys_self_asserted);
        report
    }

    /// A finding when the ledger does not hold the checkpoint's tree.
    fn check_checkpoint(&mut self) {
        let Some(checkpoint) = &self.checkpoint else {
            return;
        };
        if let Err(mismatch) = checkpoint.finish() {
            self.entry_findings.push(Finding {
                entry_id: None,
                attestation_id: None,
                anchor_id: None,
                witness_id: None,
                kind: FindingKind::CheckpointMismatch,
                message: checkpoint.describe(&mismatch),
            });
        }
    }

    fn limits(&self, coverage: &Coverage, witness: &WitnessOutcome) -> Vec<Limit> {
        let options = &self.options;
        let self_asserted_witness_keys = match options.trusted_witness_keys {
            None => witness.summaries.len() as u64,
            Some(_) => 0,
        };
        let signers = self.signatures.signers.values();
        limits(&Facts {
            entries: self.entries,
            signatures_unchecked: self.statuses.signature_unchecked,
            self_asserted_signatures: options.keys_self_asserted
                && signers.into_iter().any(|s| s.verified > 0),
            self_asserted_witness_keys,
            unprotected: coverage.unprotected,
            horizon: witness.horizon,
            format1_entries: self.content.format1_entries,
            canonicalised_payloads: self.canonicalised_payloads,
            redacted_v12: self.content.redacted_v12,
            redacted_v3: self.content.redacted_v3,
            checkpoint: self.checkpoint.as_ref().map(CheckpointCheck::checkpoint),
        })
    }
}

/// A `field_type` finding per mistyped value at entry `id`; the status they give
/// it: `bad_signature` when only the signature's columns are mistyped, otherwise
/// `hash_mismatch` (the hash cannot be recomputed).
fn report_mistyped(id: i64, mistyped: &[Mistyped], findings: &mut Findings) -> Option<EntryStatus> {
    for value in mistyped {
        findings.entry(id, FindingKind::FieldType, value.sentence(id));
    }
    if mistyped.is_empty() {
        None
    } else if mistyped.iter().all(Mistyped::is_signature) {
        Some(EntryStatus::BadSignature)
    } else {
        Some(EntryStatus::HashMismatch)
    }
}

/// Invalid with any failure; otherwise valid, with or without limits.
fn verdict(failures: &Findings, limits: &[Limit]) -> Verdict {
    if failures.total > 0 {
        Verdict::Invalid
    } else if limits.is_empty() {
        Verdict::Valid
    } else {
        Verdict::ValidWithLimits
    }
}

/// The finding of a key the ledger carries that is not an Ed25519 key.
fn ledger_key_finding(error: &KeyError) -> Finding {
    Finding {
        entry_id: None,
        attestation_id: None,
        anchor_id: None,
        witness_id: None,
        kind: FindingKind::LedgerKey,
        message: format!(
            "the ledger's own public_keys: {error}: the entries signed with it cannot be checked"
        ),
    }
}

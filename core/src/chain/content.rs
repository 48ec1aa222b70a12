//! An entry's content: its recomputed hash (as `Ledger.verify_chain` checks it),
//! the format-3 payload commitment, redaction markers and the redaction entries
//! that record them, and the canonical form of the stored payload.

use super::entry_check::EntryCheck;
use super::findings::{shorten, Findings};
use crate::entry::{Entry, EntryHash, HashFormat};
use crate::redaction::{self, Commitment, Marker, RedactionTracker};
use crate::report::{EntryStatus, FindingKind};

/// What the content checks carry from entry to entry.
#[derive(Debug, Default)]
pub(super) struct Content {
    redactions: RedactionTracker,
    /// Redacted entries of formats 1/2 (header fields unverifiable) and of format 3.
    pub(super) redacted_v12: u64,
    pub(super) redacted_v3: u64,
    pub(super) format1_entries: u64,
}

impl Content {
    /// Checks `entry`'s content given its independent checks; the worst status found.
    pub(super) fn check(
        &mut self,
        entry: &Entry,
        check: &EntryCheck,
        findings: &mut Findings,
    ) -> Option<EntryStatus> {
        if entry.hash_format() == Some(HashFormat::V1) {
            self.format1_entries += 1;
        }
        let hash = self.check_hash(entry, check.recomputed, findings);
        let record = self.check_redaction_entry(entry, findings);
        hash.into_iter().chain(record).min()
    }

    fn check_hash(
        &mut self,
        entry: &Entry,
        recomputed: Option<EntryHash>,
        findings: &mut Findings,
    ) -> Option<EntryStatus> {
        let id = entry.entry_id;
        let Some(recomputed) = recomputed else {
            findings.entry(
                id,
                FindingKind::UnknownFormat,
                format!(
                    "entry {id} has format_version {}, which no Nexuscone version writes",
                    entry.declared_format_version()
                ),
            );
            return Some(EntryStatus::UnknownFormat);
        };
        let v3 = entry.hash_format() == Some(HashFormat::V3);
        if recomputed.matches_hex(&entry.entry_hash) {
            return v3.then(|| self.check_commitment(entry, findings)).flatten();
        }
        match Marker::parse(&entry.payload).filter(|_| !v3) {
            // Formats 1/2 hash the payload string: a redacted entry's hash cannot be
            // recomputed. Its marker is checked against the later redaction entry instead.
            Some(marker) => {
                self.track(entry, marker);
                self.redacted_v12 += 1;
                Some(EntryStatus::Redacted)
            }
            None => Some(hash_mismatch(entry, recomputed, findings)),
        }
    }

    /// Format 3 ([`redaction::check_commitment`]): `Redacted` when the salt was erased
    /// for a marker, a finding when the payload does not agree with the commitment.
    fn check_commitment(&mut self, entry: &Entry, findings: &mut Findings) -> Option<EntryStatus> {
        match redaction::check_commitment(entry) {
            Ok(Commitment::Opened) => None,
            Ok(Commitment::Redacted(marker)) => {
                self.track(entry, marker);
                self.redacted_v3 += 1;
                Some(EntryStatus::Redacted)
            }
            Err(problem) => {
                let kind = FindingKind::PayloadCommitment;
                findings.entry(entry.entry_id, kind, problem.to_string());
                Some(EntryStatus::HashMismatch)
            }
        }
    }

    fn track(&mut self, entry: &Entry, marker: Marker) {
        self.redactions
            .redacted(entry.entry_id, &entry.entry_hash, marker);
    }

    /// A redaction entry must record a redacted entry seen earlier, as its marker says.
    fn check_redaction_entry(
        &mut self,
        entry: &Entry,
        findings: &mut Findings,
    ) -> Option<EntryStatus> {
        if !redaction::is_redaction_entry(entry) {
            return None;
        }
        let problems = self.redactions.redaction_entry(entry);
        let status = (!problems.is_empty()).then_some(EntryStatus::HashMismatch);
        for problem in problems {
            findings.entry(entry.entry_id, FindingKind::Redaction, problem);
        }
        status
    }

    /// Findings for the redacted entries no redaction entry recorded.
    pub(super) fn finish(&mut self, findings: &mut Findings) {
        for (id, problem) in std::mem::take(&mut self.redactions).finish() {
            findings.entry(id, FindingKind::Redaction, problem);
        }
    }
}

fn hash_mismatch(entry: &Entry, recomputed: EntryHash, findings: &mut Findings) -> EntryStatus {
    let id = entry.entry_id;
    findings.entry(
        id,
        FindingKind::HashMismatch,
        format!(
            "entry {id} entry_hash mismatch: recomputed {}, stored {}",
            recomputed.to_hex(),
            entry.entry_hash
        ),
    );
    EntryStatus::HashMismatch
}

/// A warning when the stored payload is not its own canonical form.
pub(super) fn check_canonical(
    entry: &Entry,
    canonical: bool,
    warnings: &mut Findings,
) -> Option<EntryStatus> {
    if canonical {
        return None;
    }
    let id = entry.entry_id;
    warnings.entry(
        id,
        FindingKind::PayloadNotCanonical,
        format!(
            "entry {id} payload is not in canonical form (Nexuscone always stores canonical JSON; a different writer produced it): stored {:?}",
            shorten(&entry.payload)
        ),
    );
    Some(EntryStatus::PayloadNotCanonical)
}

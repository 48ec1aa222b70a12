//! Witness attestations against the entries they attest: each attestation is
//! checked on its own when the verification starts ([`check_attestations`]); its
//! `chain_head_hash` is compared with the stored entry as that entry streams past.

use std::collections::BTreeSet;

use super::by_entry::ByEntry;
use super::options::VerifyOptions;
use crate::entry::Entry;
use crate::report::{Finding, FindingKind, WitnessSummary};
use crate::witness::{check_attestations, AttestationCheck, AttestationProblem, KeyTrust, Witness};

/// The attestations, and which of them the entries seen so far matched.
#[derive(Debug)]
pub(super) struct Attestations {
    checks: Vec<AttestationCheck>,
    /// Attested entry id -> indexes into `checks`.
    attested: ByEntry,
    /// By attestation index: its chain head matched the stored entry.
    matched: Vec<bool>,
    mismatches: Vec<Finding>,
}

/// What the attestations amount to once every entry was seen.
pub(super) struct WitnessOutcome {
    /// Failed attestations, then attestations that disagree with the ledger.
    pub(super) failures: Vec<Finding>,
    /// The newest entry a sound, matched (and, when keys were supplied, trusted)
    /// attestation covers.
    pub(super) horizon: Option<i64>,
    pub(super) summaries: Vec<WitnessSummary>,
}

impl Attestations {
    pub(super) fn new(options: &VerifyOptions) -> Attestations {
        let checks = check_attestations(
            &options.witnesses,
            &options.attestations,
            options.trusted_witness_keys.as_ref(),
        );
        // A mistyped attestation names no entry it could be compared with.
        let named = checks
            .iter()
            .map(|c| c.is_typed().then_some(c.attestation.chain_head_entry_id));
        let attested = ByEntry::new(named);
        Attestations {
            matched: vec![false; checks.len()],
            checks,
            attested,
            mismatches: Vec::new(),
        }
    }

    /// Compares the attestations of `entry` with its stored hash.
    pub(super) fn compare(&mut self, entry: &Entry) {
        for index in self.attested.naming(entry.entry_id) {
            let attestation = &self.checks[index].attestation;
            if attestation.chain_head_hash == entry.entry_hash {
                self.matched[index] = true;
                continue;
            }
            self.mismatches.push(Finding {
                entry_id: Some(entry.entry_id),
                attestation_id: Some(attestation.attestation_id),
                anchor_id: None,
                witness_id: None,
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

    /// Ends the stream, whose last entry was `last_id`.
    pub(super) fn finish(
        &mut self,
        last_id: Option<i64>,
        witnesses: &[Witness],
        trusted: Option<&BTreeSet<String>>,
    ) -> WitnessOutcome {
        self.report_unseen(last_id);
        let counts = |index: usize| self.counts(index, trusted.is_some());
        let horizon = (0..self.checks.len())
            .filter(|&index| counts(index))
            .map(|index| self.checks[index].attestation.chain_head_entry_id)
            .max();
        let summaries = witnesses
            .iter()
            .map(|witness| self.summary(witness, trusted))
            .collect();
        let mut failures = mistyped_witnesses(witnesses);
        failures.append(&mut self.problems());
        failures.append(&mut self.mismatches);
        WitnessOutcome {
            failures,
            horizon,
            summaries,
        }
    }

    /// Findings for attestations naming entries the stream never delivered.
    fn report_unseen(&mut self, last_id: Option<i64>) {
        let ends = last_id.map_or("the ledger is empty".to_owned(), |last| {
            format!("the ledger ends at entry {last}")
        });
        for (index, check) in self.checks.iter().enumerate() {
            let attestation = &check.attestation;
            let id = Some(attestation.attestation_id);
            if !check.is_typed()
                || self.matched[index]
                || self.mismatches.iter().any(|f| f.attestation_id == id)
            {
                continue;
            }
            let attested_id = attestation.chain_head_entry_id;
            self.mismatches.push(Finding {
                entry_id: Some(attested_id),
                attestation_id: id,
                anchor_id: None,
                witness_id: None,
                kind: FindingKind::WitnessMismatch,
                message: format!(
                    "Attestation {} from witness {} attests entry {attested_id}, which the ledger does not contain ({ends}): attested entries were removed",
                    attestation.attestation_id, attestation.witness_id
                ),
            });
        }
    }

    /// The attestations' own problems (signature, witness, mistyped columns), one
    /// finding each.
    fn problems(&self) -> Vec<Finding> {
        let finding =
            |check: &AttestationCheck, (problem, message): &(AttestationProblem, String)| Finding {
                entry_id: None,
                attestation_id: check.id(),
                anchor_id: None,
                witness_id: None,
                kind: match problem {
                    AttestationProblem::FieldType => FindingKind::FieldType,
                    _ => FindingKind::WitnessAttestation,
                },
                message: message.clone(),
            };
        self.checks
            .iter()
            .flat_map(|check| check.problems.iter().map(move |p| finding(check, p)))
            .collect()
    }

    /// True when attestation `index` protects the entries up to the one it attests.
    fn counts(&self, index: usize, trusted_supplied: bool) -> bool {
        let check = &self.checks[index];
        check.is_sound() && self.matched[index] && (!trusted_supplied || check.trusted_key)
    }

    fn summary(&self, witness: &Witness, trusted: Option<&BTreeSet<String>>) -> WitnessSummary {
        let (mut attestations, mut verified, mut latest) = (0, 0, None);
        for (index, check) in self.checks.iter().enumerate() {
            if check.attestation.witness_id != witness.witness_id {
                continue;
            }
            attestations += 1;
            if self.counts(index, trusted.is_some()) {
                verified += 1;
                latest = latest.max(Some(check.attestation.chain_head_entry_id));
            }
        }
        WitnessSummary {
            witness_id: witness.witness_id,
            label: witness.label.clone(),
            role: witness.role.clone(),
            public_key_hex: witness.public_key_hex.clone(),
            key_trust: key_trust(witness, trusted),
            attestations,
            verified,
            latest_attested_entry_id: latest,
        }
    }
}

/// A `field_type` finding per mistyped column of a registered witness.
fn mistyped_witnesses(witnesses: &[Witness]) -> Vec<Finding> {
    let findings = witnesses.iter().enumerate().flat_map(|(index, witness)| {
        let name = witness.name(index + 1);
        let id = witness.has_id().then_some(witness.witness_id);
        witness.mistyped.iter().map(move |m| Finding {
            entry_id: None,
            attestation_id: None,
            anchor_id: None,
            witness_id: id,
            kind: FindingKind::FieldType,
            message: m.sentence_at(&name),
        })
    });
    findings.collect()
}

fn key_trust(witness: &Witness, trusted: Option<&BTreeSet<String>>) -> KeyTrust {
    match trusted {
        None => KeyTrust::SelfAsserted,
        Some(keys) if keys.contains(&witness.public_key_hex.to_ascii_lowercase()) => {
            KeyTrust::Trusted
        }
        Some(_) => KeyTrust::Untrusted,
    }
}

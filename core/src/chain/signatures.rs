//! Entry signatures (as `Ledger.verify_chain` checks them when keys are known),
//! the signature policy, and the per-key summary.

use std::collections::BTreeMap;

use super::findings::{shorten, Findings};
use crate::entry::Entry;
use crate::report::{EntryStatus, FindingKind, SignerSummary};
use crate::signature::{KeyRing, SignatureCheck};

/// The signature checks' verdicts, and the signers seen so far.
#[derive(Debug, Default)]
pub(super) struct Signatures {
    pub(super) signers: BTreeMap<String, SignerSummary>,
}

/// The name a signer is reported under: its key id, or `None`.
fn key_label(entry: &Entry) -> &str {
    entry.signing_key_id.as_deref().unwrap_or("None")
}

impl Signatures {
    /// The status the signature check gives `entry` (`Verified` when it verified),
    /// with a finding when it fails.
    pub(super) fn check(
        &mut self,
        entry: &Entry,
        check: Option<SignatureCheck>,
        policy: Policy<'_>,
        findings: &mut Findings,
    ) -> EntryStatus {
        let status = status(entry, check, policy, findings);
        if let Some(check) = check {
            self.tally(entry, check, policy.keys);
        }
        status
    }

    fn tally(&mut self, entry: &Entry, check: SignatureCheck, keys: &KeyRing) {
        let label = key_label(entry);
        // Looked up by `&str`: `entry(label.to_owned())` would allocate the key for
        // every signed entry.
        if let Some(summary) = self.signers.get_mut(label) {
            return count(summary, entry.entry_id, check);
        }
        let mut summary = SignerSummary {
            key_id: label.to_owned(),
            key_known: entry
                .signing_key_id
                .as_deref()
                .and_then(|k| keys.get(k))
                .is_some(),
            first_entry_id: entry.entry_id,
            ..SignerSummary::default()
        };
        count(&mut summary, entry.entry_id, check);
        self.signers.insert(label.to_owned(), summary);
    }
}

fn count(summary: &mut SignerSummary, entry_id: i64, check: SignatureCheck) {
    summary.entries += 1;
    summary.last_entry_id = entry_id;
    match check {
        SignatureCheck::Valid => summary.verified += 1,
        SignatureCheck::Invalid | SignatureCheck::Malformed => summary.failed += 1,
        SignatureCheck::UnknownKey => {}
    }
}

/// What the signatures are checked against.
#[derive(Clone, Copy, Debug)]
pub(super) struct Policy<'a> {
    pub(super) keys: &'a KeyRing,
    pub(super) require_signatures: bool,
}

fn status(
    entry: &Entry,
    check: Option<SignatureCheck>,
    policy: Policy<'_>,
    findings: &mut Findings,
) -> EntryStatus {
    let id = entry.entry_id;
    let label = key_label(entry);
    let (status, message) = match check {
        None if policy.require_signatures => (
            EntryStatus::MissingSignature,
            format!("entry {id} is not signed, but the policy requires every entry to be signed"),
        ),
        None => return EntryStatus::Unsigned,
        Some(SignatureCheck::Valid) => return EntryStatus::Verified,
        Some(SignatureCheck::UnknownKey) if policy.keys.is_empty() => {
            return EntryStatus::SignatureUnchecked
        }
        Some(SignatureCheck::Invalid) => (
            EntryStatus::BadSignature,
            format!("entry {id} signature invalid for key {label}"),
        ),
        Some(SignatureCheck::Malformed) => (
            EntryStatus::BadSignature,
            format!(
                "entry {id} signature is not 128 hex characters (64 bytes): stored {:?}",
                shorten(entry.signature.as_deref().unwrap_or(""))
            ),
        ),
        Some(SignatureCheck::UnknownKey) => (
            EntryStatus::UnknownKey,
            format!(
                "entry {id} signature invalid for key {label} (no public key was supplied for it)"
            ),
        ),
    };
    findings.entry(id, finding_kind(status), message);
    status
}

fn finding_kind(status: EntryStatus) -> FindingKind {
    match status {
        EntryStatus::MissingSignature => FindingKind::MissingSignature,
        EntryStatus::UnknownKey => FindingKind::UnknownKey,
        _ => FindingKind::BadSignature,
    }
}

/// A warning when `entry` names a signing key but carries no signature.
pub(super) fn check_key_id(entry: &Entry, check: Option<SignatureCheck>, warnings: &mut Findings) {
    if let (None, Some(key_id)) = (check, &entry.signing_key_id) {
        let id = entry.entry_id;
        warnings.entry(
            id,
            FindingKind::KeyIdWithoutSignature,
            format!("entry {id} names signing key {key_id} but has no signature: the key id is covered by nothing"),
        );
    }
}

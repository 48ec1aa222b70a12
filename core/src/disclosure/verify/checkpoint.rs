//! The checkpoint a disclosure is against: its signature, and the consistency proofs
//! from older signed checkpoints to it (`docs/SPEC.md` §7).

use super::super::{Disclosure, OlderCheckpoint};
use super::report::{
    CheckpointOutcome, ConsistencyOutcome, DisclosureFinding, DisclosureFindingKind,
    DisclosureOptions, DisclosureReport, DisclosureVerdict, NotProvenKind, SignatureState,
};
use super::Run;
use crate::checkpoint::consistency::verify_extends;
use crate::checkpoint::Checkpoint;
use crate::note::{Note, Verifiers};

/// Reads the disclosure's checkpoint and checks its signature; `None` when it
/// cannot be read (parsing the disclosure already checked its form).
pub(super) fn check(
    disclosure: &Disclosure,
    options: &DisclosureOptions,
    run: &mut Run,
) -> Option<(Checkpoint, CheckpointOutcome)> {
    let note = Note::parse(disclosure.checkpoint.as_bytes()).ok()?;
    let cp = Checkpoint::from_text(note.text()).ok()?;
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
        Some(verifiers) => check_signature(&note, &cp, verifiers, &mut outcome, run),
    }
    Some((cp, outcome))
}

fn check_signature(
    note: &Note,
    cp: &Checkpoint,
    verifiers: &Verifiers,
    outcome: &mut CheckpointOutcome,
    run: &mut Run,
) {
    let verified = match note.verify(verifiers) {
        Ok(verified) => verified,
        Err(e) => {
            outcome.signature = SignatureState::Invalid;
            let message = format!("checkpoint {}: {e}", cp.origin);
            let kind = DisclosureFindingKind::CheckpointSignature;
            return run.fail(None, "checkpoint".into(), kind, message);
        }
    };
    outcome.signature = SignatureState::Verified;
    outcome.signed_by = verified.verified.iter().map(|s| s.name.clone()).collect();
    if !verified.unverified.is_empty() {
        let names: Vec<&str> = verified
            .unverified
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        run.limit(
            NotProvenKind::UncheckedCosignatures,
            format!(
                "the checkpoint also carries signatures by keys you did not supply ({}); they were not checked",
                names.join(", ")
            ),
        );
    }
}

/// The report for a disclosure whose checkpoint note cannot be read.
pub(super) fn unreadable() -> DisclosureReport {
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

/// Each older checkpoint must be signed by a verifier key and extended by `cp`.
pub(super) fn check_consistency(
    disclosure: &Disclosure,
    cp: &Checkpoint,
    options: &DisclosureOptions,
    run: &mut Run,
) -> Vec<ConsistencyOutcome> {
    let outcome = |(i, older)| check_older(i, older, cp, options, run);
    disclosure
        .consistency
        .iter()
        .enumerate()
        .map(outcome)
        .collect()
}

fn check_older(
    i: usize,
    older: &OlderCheckpoint,
    cp: &Checkpoint,
    options: &DisclosureOptions,
    run: &mut Run,
) -> ConsistencyOutcome {
    let at = format!("consistency[{i}]");
    let note = Note::parse(older.checkpoint.as_bytes()).ok();
    let old = note
        .as_ref()
        .and_then(|n| Checkpoint::from_text(n.text()).ok());
    let mut consistent = false;
    if let (Some(note), Some(old)) = (&note, &old) {
        let signed = older_signed(note, old, options, &at, run);
        match verify_extends(old, cp, &older.path) {
            Ok(()) => consistent = signed,
            Err(message) => {
                let kind = DisclosureFindingKind::Consistency;
                run.fail(None, format!("{at}.path"), kind, message);
            }
        }
    }
    ConsistencyOutcome {
        older_size: old.as_ref().map(|c| c.size),
        older_root: old.as_ref().map(|c| c.root.to_hex()),
        consistent,
    }
}

fn older_signed(
    note: &Note,
    old: &Checkpoint,
    options: &DisclosureOptions,
    at: &str,
    run: &mut Run,
) -> bool {
    let Some(verifiers) = &options.verifiers else {
        return false;
    };
    let Err(e) = note.verify(verifiers) else {
        return true;
    };
    run.fail(
        None,
        format!("{at}.older_checkpoint"),
        DisclosureFindingKind::Consistency,
        format!("older checkpoint {}: {e}", old.origin),
    );
    false
}

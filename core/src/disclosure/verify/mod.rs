//! Verifying a disclosure: what each disclosed entry proves about the ledger the
//! checkpoint signs, and what it does not (see `docs/SPEC.md` §7).
//!
//! [`Disclosure::verify`] runs, in order: the checkpoint's signature
//! (`checkpoint`), the key ring signatures are checked with (`keys`), each disclosed
//! entry (`entries`: position, content, signature, link), the consistency proofs
//! (`checkpoint`), then what is left unproven and the proven sentences (`summary`).
//! The answer's types are in `report`.

mod checkpoint;
mod entries;
mod keys;
mod report;
mod summary;

pub use report::{
    CheckpointOutcome, ConsistencyOutcome, DisclosureFinding, DisclosureFindingKind,
    DisclosureOptions, DisclosureReport, DisclosureVerdict, EntryOutcome, NotProven, NotProvenKind,
    SignatureState,
};

use super::Disclosure;

/// The failures and limits found so far.
#[derive(Debug, Default)]
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

impl Disclosure {
    /// Verifies the disclosure (`docs/SPEC.md` §7). Failures are findings in the report.
    pub fn verify(&self, options: &DisclosureOptions) -> DisclosureReport {
        let mut run = Run::default();
        let Some((cp, outcome)) = checkpoint::check(self, options, &mut run) else {
            return checkpoint::unreadable();
        };
        let (ring, self_asserted) = keys::ring(self, options, &mut run);
        let walk = entries::check(self, &cp, &ring, self_asserted, &mut run);
        let consistency = checkpoint::check_consistency(self, &cp, options, &mut run);
        summary::not_proven(self, &cp, &walk, self_asserted, &mut run);
        summary::report(&cp, outcome, walk.outcomes, consistency, run)
    }
}

//! An anchor bound to the ledger: [`AnchorCheck`] checks the proofs of a row once, is
//! shown the entry its `chain_head_entry_id` names as the entries stream past
//! ([`AnchorCheck::bind`]), and gives the report's [`AnchorSummary`].
//!
//! An anchor naming an entry past the ledger's end is evidence of a cut-off tail: the
//! anchored entries existed and are gone.

use serde::{Deserialize, Serialize};

use crate::report::FindingKind;

use super::proofs::{ProofVerifier, Tracks};
use super::row::AnchorRow;
use super::track::{AnchorStatus, Problem, Track, TrackStatus};

/// How an anchor's head relates to this ledger's entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Binding {
    /// `chain_head_hash` is the `entry_hash` of entry `chain_head_entry_id`.
    Bound,
    /// That entry holds another hash: the ledger was rewritten after it was anchored
    /// (or the row was edited).
    HeadMismatch,
    /// That entry is past the ledger's last entry: the anchored tail was cut off.
    PastEnd,
    /// The ledger has no such entry, though it goes past it.
    MissingEntry,
    /// The row has no 64-hex-digit `chain_head_hash` or no integer `chain_head_entry_id`.
    Unreadable,
}

impl Binding {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Binding::Bound => "bound",
            Binding::HeadMismatch => "head_mismatch",
            Binding::PastEnd => "past_end",
            Binding::MissingEntry => "missing_entry",
            Binding::Unreadable => "unreadable",
        }
    }
}

/// An anchor row whose proofs are checked, waiting for its head entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnchorCheck {
    /// The row.
    pub row: AnchorRow,
    ots: Option<Track>,
    tst: Option<Track>,
    /// `None` until the head entry was seen.
    binding: Option<(Binding, Option<Problem>)>,
    /// A `field_type` problem per mistyped column ([`crate::mistyped`]).
    field_types: Vec<Problem>,
}

/// Which entries a verified anchor shows existed, and by when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Covered {
    /// The ledger's first entry.
    pub first_entry_id: i64,
    /// The anchored head.
    pub last_entry_id: i64,
    /// The earliest time a verified track proves, RFC 3339 UTC.
    pub existed_by: String,
    /// The same in seconds since 1970-01-01 UTC.
    pub existed_by_unix: u64,
    /// "entries 1..N existed by TIME".
    pub message: String,
}

/// What the report says about one anchor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnchorSummary {
    /// `anchor_id`.
    pub anchor_id: i64,
    /// `chain_head_entry_id`.
    pub chain_head_entry_id: Option<i64>,
    /// `chain_head_hash` as stored.
    pub chain_head_hash: String,
    /// Verified only if bound and a track is verified; failed if either fails.
    pub status: AnchorStatus,
    /// The head against the entries.
    pub binding: Binding,
    /// Columns holding a value of another type ([`crate::mistyped`]).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub field_types: Vec<Problem>,
    /// Why the binding fails.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub binding_problem: Option<Problem>,
    /// The OpenTimestamps track, when the row holds a proof.
    pub ots: Option<Track>,
    /// The RFC 3161 track, when the row holds a token.
    pub tst: Option<Track>,
    /// For a verified anchor: the entries it shows existed.
    pub covers: Option<Covered>,
}

impl AnchorCheck {
    /// Checks the proofs of the anchor row that is `position`-th (1-based) in its
    /// table with `proofs` (without one, they are not checked).
    pub fn new(row: AnchorRow, position: usize, proofs: Option<&dyn ProofVerifier>) -> AnchorCheck {
        let tracks = AnchorCheck::check_proofs(&row, proofs);
        let mut check = AnchorCheck::pending(row, position);
        check.set_tracks(tracks);
        check
    }

    /// The anchor row that is `position`-th (1-based) in its table, its proofs checked
    /// elsewhere ([`AnchorCheck::check_proofs`], e.g. on another thread while the
    /// entries are verified). Until [`AnchorCheck::set_tracks`] its tracks are those of
    /// proofs no verifier checked: never verified.
    pub fn pending(row: AnchorRow, position: usize) -> AnchorCheck {
        let name = row.name(position);
        let field_types = row
            .mistyped
            .iter()
            .map(|m| Problem::new(FindingKind::FieldType, "field_type", m.sentence_at(&name)));
        let field_types = field_types.collect();
        let Tracks { ots, tst } = AnchorCheck::check_proofs(&row, None);
        let binding = match (row.head_bytes(), row.chain_head_entry_id) {
            (Some(_), Some(_)) => None,
            _ => Some((Binding::Unreadable, Some(unreadable(&row)))),
        };
        AnchorCheck {
            row,
            ots,
            tst,
            binding,
            field_types,
        }
    }

    /// The tracks of `row`'s proofs checked with `proofs` (without one, not checked); a
    /// row whose head does not read has none (its binding fails).
    pub fn check_proofs(row: &AnchorRow, proofs: Option<&dyn ProofVerifier>) -> Tracks {
        match row.head_bytes() {
            Some(head) => proofs
                .and_then(|p| p.tracks(row, &head))
                .unwrap_or_else(|| Tracks::not_checked(row)),
            None => Tracks::default(),
        }
    }

    /// Puts in the tracks [`AnchorCheck::check_proofs`] gave for this anchor's row.
    pub fn set_tracks(&mut self, tracks: Tracks) {
        (self.ots, self.tst) = (tracks.ots, tracks.tst);
    }

    /// The anchor id, unless that column is mistyped.
    pub fn id(&self) -> Option<i64> {
        let readable = !self.row.mistyped.iter().any(|m| m.is("anchor_id"));
        readable.then_some(self.row.anchor_id)
    }

    /// The entry this anchor names, if it can be bound at all.
    pub fn head_entry_id(&self) -> Option<i64> {
        self.binding
            .is_none()
            .then_some(self.row.chain_head_entry_id)
            .flatten()
    }

    /// Compares the head with the entry it names (`entry_id` is that entry's).
    pub fn bind(&mut self, entry_id: i64, entry_hash: &str) {
        if self.binding.is_some() {
            return;
        }
        if entry_hash.eq_ignore_ascii_case(&self.row.chain_head_hash) {
            self.binding = Some((Binding::Bound, None));
            return;
        }
        let message = format!(
            "anchor {}: chain_head_hash {} is not the entry_hash of entry {entry_id}, which is {entry_hash}: the entries were rewritten after the anchor was made, or the anchor row was edited",
            self.row.anchor_id, self.row.chain_head_hash
        );
        let problem = Problem::new(FindingKind::AnchorBinding, "head_mismatch", message);
        self.binding = Some((Binding::HeadMismatch, Some(problem)));
    }

    /// The summary, once every entry was seen: `first` and `last` are the ledger's first
    /// and last entry ids.
    pub fn summary(self, first: Option<i64>, last: Option<i64>) -> AnchorSummary {
        let (binding, binding_problem) = self.binding.unwrap_or_else(|| unseen(&self.row, last));
        let mut summary = AnchorSummary {
            anchor_id: self.row.anchor_id,
            chain_head_entry_id: self.row.chain_head_entry_id,
            chain_head_hash: self.row.chain_head_hash,
            status: TrackStatus::Failed,
            binding,
            field_types: self.field_types,
            binding_problem,
            ots: self.ots,
            tst: self.tst,
            covers: None,
        };
        summary.status = summary.judge();
        if summary.status == TrackStatus::Verified {
            summary.covers = summary.covered(first);
        }
        summary
    }
}

impl AnchorSummary {
    /// Every problem: the mistyped columns', the binding's, then each track's.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        let tracks = self.ots.iter().chain(&self.tst);
        self.field_types
            .iter()
            .chain(&self.binding_problem)
            .chain(tracks.flat_map(|t| &t.problems))
    }

    /// The tracks the row holds.
    pub fn tracks(&self) -> impl Iterator<Item = &Track> {
        self.ots.iter().chain(&self.tst)
    }

    fn judge(&mut self) -> AnchorStatus {
        if self.ots.is_none() && self.tst.is_none() && self.binding_problem.is_none() {
            let message = format!(
                "anchor {}: the row holds neither an OpenTimestamps proof nor a time-stamp token",
                self.anchor_id
            );
            self.binding_problem =
                Some(Problem::new(FindingKind::AnchorProof, "no_proof", message));
        }
        if self.binding_problem.is_some() || !self.field_types.is_empty() {
            return TrackStatus::Failed;
        }
        self.tracks()
            .map(|t| t.status)
            .min()
            .unwrap_or(TrackStatus::Failed)
    }

    fn covered(&self, first: Option<i64>) -> Option<Covered> {
        let last = self.chain_head_entry_id?;
        let best = self
            .tracks()
            .filter(|t| t.status == TrackStatus::Verified)
            .filter_map(|t| Some((t.existed_by_unix?, t.existed_by.clone()?)))
            .min()?;
        let first = first.unwrap_or(last);
        Some(Covered {
            first_entry_id: first,
            last_entry_id: last,
            message: format!("entries {first}..{last} existed by {}", best.1),
            existed_by: best.1,
            existed_by_unix: best.0,
        })
    }
}

/// The binding of an anchor whose head entry never came by.
fn unseen(row: &AnchorRow, last: Option<i64>) -> (Binding, Option<Problem>) {
    let id = row.chain_head_entry_id.unwrap_or_default();
    let (binding, kind, why) = match last {
        Some(last) if id < last => (
            Binding::MissingEntry,
            "missing_entry",
            format!("the ledger has no entry {id}, though it goes on to entry {last}"),
        ),
        Some(last) => (
            Binding::PastEnd,
            "past_end",
            format!("the ledger ends at entry {last}: the anchored entries up to {id} existed and were cut off"),
        ),
        None => (Binding::PastEnd, "past_end", "the ledger is empty: the anchored entries were cut off".to_owned()),
    };
    let message = format!(
        "anchor {} names entry {id} as its chain head, but {why}",
        row.anchor_id
    );
    (
        binding,
        Some(Problem::new(FindingKind::AnchorBinding, kind, message)),
    )
}

fn unreadable(row: &AnchorRow) -> Problem {
    let message = format!(
        "anchor {}: chain_head_hash {:?} is not 64 hex digits or chain_head_entry_id is not an integer: the anchor names no entry",
        row.anchor_id, row.chain_head_hash
    );
    Problem::new(FindingKind::AnchorBinding, "unreadable", message)
}

//! The verdict on one proof of an anchor (a *track*: OpenTimestamps or RFC 3161) and on
//! the anchor as a whole, with stable kinds (`docs/FORMAT.md`, "Report kinds").

use serde::{Deserialize, Serialize};

use crate::report::FindingKind;

/// How far one track was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackStatus {
    /// A check failed: the proof does not hold for this anchor (see the problems).
    Failed,
    /// Verified against a trust input: the anchored head existed by [`Track::existed_by`].
    Verified,
    /// The proof holds as far as it can be checked alone; the trust input that would
    /// finish the check (Bitcoin headers, TSA roots) was not supplied.
    NotChecked,
    /// Only pending OpenTimestamps attestations: nothing checkable offline yet.
    Pending,
}

impl TrackStatus {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            TrackStatus::Failed => "failed",
            TrackStatus::Verified => "verified",
            TrackStatus::NotChecked => "not_checked",
            TrackStatus::Pending => "pending",
        }
    }
}

/// An anchor's status: its binding and its best track.
pub type AnchorStatus = TrackStatus;

/// The verdict on one track.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Track {
    /// How far it was checked.
    pub status: TrackStatus,
    /// A stable name of the outcome: `bitcoin` (verified against a header), `trusted`
    /// (a TSA root), `not_checked_against_bitcoin`, `signer_not_checked`, `pending`,
    /// `other_attestations`, or the kind of the first failure (`docs/FORMAT.md`).
    pub kind: String,
    /// A sentence saying what the proof shows, or why it fails.
    pub message: String,
    /// When verified: the time the anchored head existed by, RFC 3339 UTC.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub existed_by: Option<String>,
    /// [`Track::existed_by`] in seconds since 1970-01-01 UTC, to compare tracks.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub existed_by_unix: Option<u64>,
    /// Every problem found, each a failure of the report.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub problems: Vec<Problem>,
}

impl Track {
    /// A track that holds, with no time proven yet.
    pub(super) fn holds(status: TrackStatus, kind: &str, message: String) -> Track {
        Track {
            status,
            kind: kind.to_owned(),
            message,
            existed_by: None,
            existed_by_unix: None,
            problems: Vec::new(),
        }
    }

    /// A track with problems: failed, named after the first.
    #[cfg(feature = "tst")]
    pub(super) fn failed(problems: Vec<Problem>) -> Track {
        let (kind, message) = problems
            .first()
            .map(|first| (first.kind.clone(), first.message.clone()))
            .unwrap_or_default();
        Track {
            status: TrackStatus::Failed,
            kind,
            message,
            existed_by: None,
            existed_by_unix: None,
            problems,
        }
    }
}

/// One thing wrong with an anchor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The report's finding kind: `anchor_binding`, `anchor_proof` or `anchor_column`.
    pub finding: FindingKind,
    /// A stable name of the check that failed (`docs/FORMAT.md`).
    pub kind: String,
    /// What was expected and found.
    pub message: String,
}

impl Problem {
    pub(super) fn new(finding: FindingKind, kind: &str, message: String) -> Problem {
        Problem {
            finding,
            kind: kind.to_owned(),
            message,
        }
    }
}

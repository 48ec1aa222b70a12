//! Anchors bound to the ledger: each `anchors` row's OpenTimestamps proof and RFC 3161
//! token checked offline, and its chain head compared with the entries (SPEC §8, §9).
//!
//! - [`row`]: [`AnchorRow`], one `anchors` row read from the carried JSON object.
//! - [`track`]: [`Track`], the verdict on one proof (OpenTimestamps or RFC 3161), and the
//!   statuses of tracks and anchors.
//! - `ots_track.rs`: the OpenTimestamps track, with the user's Bitcoin headers.
//! - `tst_track.rs`: the RFC 3161 track, judged from a [`TokenVerifier`]'s verdict.
//! - [`token`]: [`TokenVerifier`], [`TokenVerdict`]; [`TstVerifier`], core's own (feature
//!   `tst`), or one a front end supplies from a separately loaded module.
//! - [`binding`]: [`AnchorCheck`], an anchor's proofs checked, then bound to the entry it
//!   names as the entries stream past; [`AnchorSummary`], what the report says.
//! - [`limits`]: what the anchors leave unproven, as report limits.
//!
//! An anchor is verified only if `chain_head_hash` is the `entry_hash` of entry
//! `chain_head_entry_id` in this ledger and one of its tracks is verified against a trust
//! input: then entries from the first to the head existed by the track's time.
//!
//! What this module is NOT: it makes no network calls. Pending OpenTimestamps attestations
//! stay pending (upgrading them needs a calendar), and no TSA revocation status is fetched.

pub mod binding;
pub mod limits;
mod ots_track;
pub mod row;
pub mod token;
pub mod track;
mod tst_track;

pub use binding::{AnchorCheck, AnchorSummary, Binding, Covered};
pub use row::AnchorRow;
#[cfg(feature = "tst")]
pub use token::TstVerifier;
pub use token::{TokenVerdict, TokenVerifier};
pub use track::{AnchorStatus, Problem, Track, TrackStatus};

use crate::bitcoin::HeaderSet;

/// The trust inputs anchors are checked against; each is `None` when not supplied.
#[derive(Clone, Copy, Debug, Default)]
pub struct AnchorTrust<'a> {
    /// Bitcoin block headers the user vouches for (SPEC §8 "What headers add").
    pub headers: Option<&'a HeaderSet>,
    /// The RFC 3161 token verifier, holding the TSA roots (SPEC §9 "What TSA roots
    /// add"); without one, tokens are carried, not checked.
    pub tokens: Option<&'a dyn TokenVerifier>,
}

//! Anchors bound to the ledger: each `anchors` row's OpenTimestamps proof and RFC 3161
//! token checked offline, and its chain head compared with the entries (SPEC §8, §9).
//!
//! - [`row`]: [`AnchorRow`], one `anchors` row read from the carried JSON object.
//! - [`track`]: [`Track`], the verdict on one proof (OpenTimestamps or RFC 3161), and the
//!   statuses of tracks and anchors.
//! - `ots_track.rs`: the OpenTimestamps track, with the user's Bitcoin headers.
//! - `tst_track.rs`: the RFC 3161 track, with the user's TSA roots (feature `tst`).
//! - [`proofs`]: [`ProofVerifier`], who checks a row's proofs: [`LocalProofs`], core's own
//!   (feature `tst`), or one a front end supplies from a separately loaded module.
//! - [`binding`]: [`AnchorCheck`], an anchor's proofs checked, then bound to the entry it
//!   names as the entries stream past; [`AnchorSummary`], what the report says.
//! - `background.rs`: `BackgroundProofs`, core's own proof checks on a thread of their
//!   own while the entries are verified (features `tst` and `parallel`).
//! - [`limits`]: what the anchors leave unproven, as report limits.
//! - [`standalone`]: a `.ots` file checked as an OpenTimestamps track (`nexuscone ots`).
//!
//! An anchor is verified only if `chain_head_hash` is the `entry_hash` of entry
//! `chain_head_entry_id` in this ledger and one of its tracks is verified against a trust
//! input: then entries from the first to the head existed by the track's time.
//!
//! What this module is NOT: it makes no network calls. Pending OpenTimestamps attestations
//! stay pending (upgrading them needs a calendar), and no TSA revocation status is fetched.

#[cfg(all(feature = "tst", feature = "parallel"))]
pub mod background;
pub mod binding;
pub mod limits;
#[cfg(feature = "tst")]
mod ots_track;
pub mod proofs;
pub mod row;
#[cfg(feature = "tst")]
pub mod standalone;
pub mod track;
#[cfg(feature = "tst")]
mod tst_track;

#[cfg(all(feature = "tst", feature = "parallel"))]
pub use background::BackgroundProofs;
pub use binding::{AnchorCheck, AnchorSummary, Binding, Covered};
#[cfg(feature = "tst")]
pub use proofs::LocalProofs;
pub use proofs::{ProofVerifier, Tracks};
pub use row::AnchorRow;
pub use track::{AnchorStatus, Problem, Track, TrackStatus};

/// The highest entry a verified anchor shows existed: every entry up to it is committed
/// to (through the chain) by something checked against a trust input.
pub fn anchored_head(anchors: &[AnchorSummary]) -> Option<i64> {
    anchors
        .iter()
        .filter_map(|a| a.covers.as_ref().map(|c| c.last_entry_id))
        .max()
}

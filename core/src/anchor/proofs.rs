//! Who checks an anchor's proofs (SPEC §8, §9): [`ProofVerifier`], giving an anchor
//! row's [`Tracks`]; [`LocalProofs`], core's own (feature `tst`), with the user's Bitcoin
//! headers and TSA roots.
//!
//! The verifier is a trait so that a front end can supply it from elsewhere: the npm
//! package's main WebAssembly module is built without the `tst` feature (the OpenTimestamps,
//! Bitcoin, X.509, CMS, RSA and ECDSA code would push it past its size budget) and is
//! handed a verifier that calls a second module, built with it, only when a ledger carries
//! anchors. That module runs [`LocalProofs`], so the tracks are the same; they cross
//! between the modules as serialised data.
//!
//! What this module is NOT: it does not bind an anchor to the entries (`binding.rs`,
//! which runs wherever the ledger is verified).

use serde::{Deserialize, Serialize};

use super::row::AnchorRow;
use super::track::{Track, TrackStatus};

/// Checks an anchor row's proofs against the trust inputs it was made with.
pub trait ProofVerifier: std::fmt::Debug {
    /// The tracks of `row`, whose `chain_head_hash` is `head`; `None` when the verifier
    /// could not run (a module that did not load), so that the proofs are reported not
    /// checked.
    fn tracks(&self, row: &AnchorRow, head: &[u8; 32]) -> Option<Tracks>;
}

/// The verdicts on an anchor row's proofs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracks {
    /// The OpenTimestamps track, when the row holds a proof.
    pub ots: Option<Track>,
    /// The RFC 3161 track, when the row holds a token.
    pub tst: Option<Track>,
}

impl Tracks {
    /// The tracks of a row whose proofs no verifier checked: each `proofs_not_loaded`.
    pub fn not_checked(row: &AnchorRow) -> Tracks {
        let track = |what: &str| {
            let message =
                format!("the anchor proof verifier is not loaded: the {what} was not checked");
            Track::holds(TrackStatus::NotChecked, "proofs_not_loaded", message)
        };
        Tracks {
            ots: row
                .ots_proof
                .as_ref()
                .map(|_| track("OpenTimestamps proof")),
            tst: row.tst.as_ref().map(|_| track("time-stamp token")),
        }
    }
}

#[cfg(feature = "tst")]
pub use local::LocalProofs;

#[cfg(feature = "tst")]
mod local {
    use super::{ProofVerifier, Tracks};
    use crate::anchor::row::AnchorRow;
    use crate::anchor::{ots_track, tst_track};
    use crate::bitcoin::HeaderSet;
    use crate::tst::TsaRoots;

    /// Core's own proof verifier: OpenTimestamps against `headers`, RFC 3161 against
    /// `roots`.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct LocalProofs<'a> {
        /// Bitcoin block headers the user vouches for (SPEC §8 "What headers add").
        pub headers: Option<&'a HeaderSet>,
        /// TSA root certificates (SPEC §9 "What TSA roots add").
        pub roots: Option<&'a TsaRoots>,
    }

    impl ProofVerifier for LocalProofs<'_> {
        fn tracks(&self, row: &AnchorRow, head: &[u8; 32]) -> Option<Tracks> {
            Some(Tracks {
                ots: ots_track::check(row, head, self.headers),
                tst: tst_track::check(row, head, self.roots),
            })
        }
    }
}

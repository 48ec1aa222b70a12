//! [`BackgroundProofs`]: core's own checks of a ledger's anchor proofs ([`LocalProofs`])
//! run on a thread of their own while the entries are verified (feature `parallel`;
//! WebAssembly builds stay on one thread).
//!
//! The proofs (OpenTimestamps and RFC 3161) depend on the anchor rows and the trust
//! inputs alone, never on the entries; only the binding of an anchor to its head entry
//! does, and it stays with the chain verifier. So checking them on another thread gives
//! the tracks [`AnchorCheck::new`] would, and the verification waits for them before its
//! report ([`ChainVerifier::set_anchor_tracks`]).
//!
//! [`AnchorCheck::new`]: super::AnchorCheck::new
//! [`ChainVerifier::set_anchor_tracks`]: crate::chain::ChainVerifier::set_anchor_tracks

use std::sync::Arc;
use std::thread::JoinHandle;

use super::binding::AnchorCheck;
use super::proofs::{LocalProofs, ProofVerifier, Tracks};
use super::row::AnchorRow;
use crate::bitcoin::HeaderSet;
use crate::tst::TsaRoots;

/// Anchor proofs being checked, or already checked where no thread could be started.
#[derive(Debug)]
pub enum BackgroundProofs {
    /// On their own thread.
    Running(JoinHandle<Vec<Tracks>>),
    /// Checked on the caller's thread.
    Done(Vec<Tracks>),
}

impl BackgroundProofs {
    /// Starts checking the proofs of `rows`, in order, against `headers` and `roots`.
    pub fn start(
        rows: Vec<AnchorRow>,
        headers: Option<HeaderSet>,
        roots: Option<TsaRoots>,
    ) -> BackgroundProofs {
        let job = Arc::new((rows, headers, roots));
        let shared = Arc::clone(&job);
        let thread = std::thread::Builder::new().name("anchor proofs".to_owned());
        match thread.spawn(move || check(&shared)) {
            Ok(handle) => BackgroundProofs::Running(handle),
            Err(_) => BackgroundProofs::Done(check(&job)),
        }
    }

    /// The tracks, in the order of the rows: waits for the thread. A thread that
    /// panicked gives none, so that every proof is reported not checked.
    pub fn finish(self) -> Vec<Tracks> {
        match self {
            BackgroundProofs::Running(handle) => handle.join().unwrap_or_default(),
            BackgroundProofs::Done(tracks) => tracks,
        }
    }
}

fn check(
    (rows, headers, roots): &(Vec<AnchorRow>, Option<HeaderSet>, Option<TsaRoots>),
) -> Vec<Tracks> {
    let proofs = LocalProofs {
        headers: headers.as_ref(),
        roots: roots.as_ref(),
    };
    let proofs = Some(&proofs as &dyn ProofVerifier);
    rows.iter()
        .map(|row| AnchorCheck::check_proofs(row, proofs))
        .collect()
}

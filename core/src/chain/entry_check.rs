//! The checks on one entry that need no other entry: they can run in parallel,
//! ahead of the sequential link checks.

use crate::canonical;
use crate::entry::{Entry, EntryHash};
use crate::signature::{KeyRing, SignatureCheck};

/// The checks on one entry that depend on nothing but the entry (and the keys).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryCheck {
    /// `None` when the format version is unknown; otherwise the recomputed hash.
    pub recomputed: Option<EntryHash>,
    /// The signature check, or `None` when the entry is unsigned.
    pub signature: Option<SignatureCheck>,
    /// False when the stored payload is not its own canonical form.
    pub payload_canonical: bool,
}

impl EntryCheck {
    /// Runs the entry's independent checks: hash, signature, canonical payload.
    pub fn compute(entry: &Entry, keys: &KeyRing) -> EntryCheck {
        let (recomputed, payload_canonical) = match entry.hash_format() {
            Some(format) => {
                let (hash, canonical) = entry.compute_hash_checking_payload(format);
                (Some(hash), canonical)
            }
            None => (None, canonical::is_canonical(&entry.payload)),
        };
        let signature = entry.signature.as_deref().map(|signature| {
            keys.check(
                entry.signing_key_id.as_deref(),
                entry.entry_hash.as_bytes(),
                signature,
            )
        });
        EntryCheck {
            recomputed,
            signature,
            payload_canonical,
        }
    }

    /// [`EntryCheck::compute`] for each entry, in order; on all cores with the
    /// `parallel` feature. The checks of one batch can run while the previous
    /// batch is [accepted](super::ChainVerifier::accept) or the next one read.
    /// Entries or rows alike (`AsRef<Entry>`).
    pub fn compute_batch<E: AsRef<Entry> + Sync>(entries: &[E], keys: &KeyRing) -> Vec<EntryCheck> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            // Small chunks keep both cores busy without paying rayon's per-item cost.
            entries
                .par_iter()
                .with_min_len(32)
                .map(|entry| EntryCheck::compute(entry.as_ref(), keys))
                .collect()
        }
        #[cfg(not(feature = "parallel"))]
        entries
            .iter()
            .map(|entry| EntryCheck::compute(entry.as_ref(), keys))
            .collect()
    }
}

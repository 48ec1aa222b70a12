//! Two signed checkpoints of one log: the later tree extends the earlier one
//! (RFC 9162 §2.1.4), given the consistency proof between their sizes.

use super::Checkpoint;
use crate::merkle::{ConsistencyProof, NodeHash};

/// Checks that `newer` extends `older`: same origin, `older.size <= newer.size`, and
/// `path` proves the tree of `older.size` leaves with `older.root` is a prefix of the
/// tree of `newer.size` leaves with `newer.root`. Both checkpoints' signatures must
/// already have been verified by the caller.
///
/// # Errors
/// A sentence naming both checkpoints and what did not match.
pub fn verify_extends(
    older: &Checkpoint,
    newer: &Checkpoint,
    path: &[NodeHash],
) -> Result<(), String> {
    if older.origin != newer.origin {
        return Err(format!(
            "the older checkpoint's origin {:?} differs from the newer one's {:?}: they are not of one log",
            older.origin, newer.origin
        ));
    }
    if older.size == newer.size && older.root != newer.root && path.is_empty() {
        return Err(format!(
            "both checkpoints of {} commit to tree size {} but to different roots ({} and {}): the log was forked",
            older.origin, older.size, older.root, newer.root
        ));
    }
    let proof = ConsistencyProof {
        old_size: older.size,
        new_size: newer.size,
        path: path.to_vec(),
    };
    older
        .root
        .verify_consistency(&newer.root, &proof)
        .map_err(|e| {
            format!(
                "checkpoint {} tree size {} (root {}) is not proven a prefix of tree size {} (root {}): {e}",
                older.origin, older.size, older.root, newer.size, newer.root
            )
        })
}

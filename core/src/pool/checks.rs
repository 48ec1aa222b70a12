//! A batch's independent checks, and its Merkle tree when asked for, from a helper
//! back to the coordinator ([`super::wire`] gives the layout), and the helper's
//! whole job: [`check_entries`].

use crate::chain::EntryCheck;
use crate::entry::{Entry, EntryHash};
use crate::merkle::{entry_tree, MerkleTree, NodeHash};
use crate::signature::{KeyRing, SignatureCheck};

use super::entries::{decode_entries, Returns};
use super::wire::{Reader, WireError, Writer};

const HAS_HASH: u8 = 1;
const CANONICAL: u8 = 2;
const SIGNATURE_SHIFT: u8 = 2;

/// A decoded batch of checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedBatch {
    /// The batch's number, as the coordinator gave it.
    pub id: u64,
    /// One check per entry of the batch, in its order.
    pub checks: Vec<EntryCheck>,
    /// The stored tree over the batch's `entry_hash`es, when it was asked for and
    /// every one of them is 64 hex digits.
    pub tree: Option<MerkleTree>,
}

/// What a helper does: decodes a batch of entries, runs [`EntryCheck::compute`] on
/// each under `keys`, builds the batch's tree when it is asked for, and encodes
/// them.
///
/// # Errors
/// [`WireError`] when `batch` is not an encoded batch of entries.
pub fn check_entries(keys: &KeyRing, batch: &[u8]) -> Result<Vec<u8>, WireError> {
    let batch = decode_entries(batch)?;
    let checked = CheckedBatch::compute(batch.id, &batch.entries, keys, batch.returns);
    Ok(encode_checks(
        checked.id,
        &checked.checks,
        checked.tree.as_ref(),
    ))
}

impl CheckedBatch {
    /// The answer to batch `id` of `entries` (entries or rows): their checks under
    /// `keys`, and their tree when `returns` asks for it. What a helper computes,
    /// and what a coordinator computes for a batch it checks itself.
    pub fn compute<E: AsRef<Entry> + Sync>(
        id: u64,
        entries: &[E],
        keys: &KeyRing,
        returns: Returns,
    ) -> CheckedBatch {
        let tree = match returns {
            Returns::Checks => None,
            Returns::ChecksAndTree => {
                entry_tree(entries.iter().map(|e| e.as_ref().entry_hash.as_str()))
            }
        };
        CheckedBatch {
            id,
            checks: EntryCheck::compute_batch(entries, keys),
            tree,
        }
    }
}

/// Encodes the checks of batch `id`, and its tree if there is one.
pub fn encode_checks(id: u64, checks: &[EntryCheck], tree: Option<&MerkleTree>) -> Vec<u8> {
    let nodes = tree.map_or(0, |t| 2 * t.len() as usize);
    let mut out = Writer(Vec::with_capacity(17 + checks.len() * 33 + nodes * 32));
    out.u64(id);
    out.u32(checks.len());
    for check in checks {
        let signature = match check.signature {
            None => 0,
            Some(SignatureCheck::Valid) => 1,
            Some(SignatureCheck::Invalid) => 2,
            Some(SignatureCheck::Malformed) => 3,
            Some(SignatureCheck::UnknownKey) => 4,
        };
        let flags = (u8::from(check.recomputed.is_some()) * HAS_HASH)
            | (u8::from(check.payload_canonical) * CANONICAL)
            | (signature << SIGNATURE_SHIFT);
        out.u8(flags);
        if let Some(hash) = &check.recomputed {
            out.0.extend_from_slice(&hash.0);
        }
    }
    out.u8(u8::from(tree.is_some()));
    if let Some(tree) = tree {
        out.u32(tree.len() as usize);
        for node in tree.levels().iter().flatten() {
            out.0.extend_from_slice(node.as_bytes());
        }
    }
    out.0
}

/// Decodes the checks [`encode_checks`] wrote.
///
/// # Errors
/// [`WireError`] at the first field that is missing or malformed.
pub fn decode_checks(bytes: &[u8]) -> Result<CheckedBatch, WireError> {
    let mut input = Reader::new(bytes);
    let id = input.u64("the batch id")?;
    let count = input.u32("the check count")?;
    let mut checks = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        checks.push(read_check(&mut input)?);
    }
    let tree = match input.tag("whether a tree follows")? {
        true => Some(read_tree(&mut input)?),
        false => None,
    };
    input.end()?;
    Ok(CheckedBatch { id, checks, tree })
}

fn read_tree(input: &mut Reader<'_>) -> Result<MerkleTree, WireError> {
    const NODES: &str = "the tree's nodes";
    let leaves = input.u32("the tree's leaf count")?;
    let mut levels = Vec::new();
    let mut width = leaves;
    while width > 0 {
        let bytes = input.take(width.saturating_mul(32), NODES)?;
        let row = bytes
            .chunks_exact(32)
            .map(|node| NodeHash::from_bytes(node.try_into().expect("chunks of 32 bytes")));
        levels.push(row.collect());
        width /= 2;
    }
    MerkleTree::from_levels(levels).map_err(|_| input.error_before(0, NODES))
}

fn read_check(input: &mut Reader<'_>) -> Result<EntryCheck, WireError> {
    const FLAGS: &str = "a check's flag byte";
    let flags = input.u8(FLAGS)?;
    let signature = match flags >> SIGNATURE_SHIFT {
        0 => None,
        1 => Some(SignatureCheck::Valid),
        2 => Some(SignatureCheck::Invalid),
        3 => Some(SignatureCheck::Malformed),
        4 => Some(SignatureCheck::UnknownKey),
        _ => return Err(input.error_before(1, FLAGS)),
    };
    let recomputed = match flags & HAS_HASH {
        0 => None,
        _ => {
            let bytes = input.take(32, "a recomputed hash")?;
            Some(EntryHash(bytes.try_into().expect("take returns 32 bytes")))
        }
    };
    Ok(EntryCheck {
        recomputed,
        signature,
        payload_canonical: flags & CANONICAL != 0,
    })
}

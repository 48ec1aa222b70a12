//! A batch's independent checks, and its Merkle tree or compact range when asked
//! for, from a helper back to the coordinator ([`super::wire`] gives the layout);
//! the helper's whole job, [`check_entries`]; and the coordinator's,
//! [`CheckedBatch::accept`].

use crate::chain::{ChainVerifier, EntryCheck};
use crate::entry::{Entry, EntryHash};
use crate::export::Row;
use crate::merkle::{entry_range, entry_tree, CompactRange, MerkleTree, NodeHash};
use crate::report::EntryStatus;
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
    /// The tree or range over the batch's `entry_hash`es, when one was asked for
    /// and every one of them is 64 hex digits.
    pub leaves: Option<Leaves>,
}

/// What a batch carries of its entries' stored `entry_hash`es beside the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leaves {
    /// The stored Merkle tree over them ([`crate::merkle::entry_tree`]).
    Tree(MerkleTree),
    /// Their compact range ([`crate::merkle::entry_range`]).
    Range(CompactRange),
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
    Ok(checked.encode())
}

impl CheckedBatch {
    /// The answer to batch `id` of `entries` (entries or rows): their checks under
    /// `keys`, and their tree or range when `returns` asks for it. What a helper
    /// computes, and what a coordinator computes for a batch it checks itself.
    pub fn compute<E: AsRef<Entry> + Sync>(
        id: u64,
        entries: &[E],
        keys: &KeyRing,
        returns: Returns,
    ) -> CheckedBatch {
        let hashes = || entries.iter().map(|e| e.as_ref().entry_hash.as_str());
        let leaves = match returns {
            Returns::Checks => None,
            Returns::ChecksAndTree => entry_tree(hashes()).map(Leaves::Tree),
            Returns::ChecksAndRange => entry_range(hashes()).map(Leaves::Range),
        };
        CheckedBatch {
            id,
            checks: EntryCheck::compute_batch(entries, keys),
            leaves,
        }
    }

    /// The compact range over the batch's `entry_hash`es, from its tree or range.
    pub fn range(&self) -> Option<CompactRange> {
        match &self.leaves {
            Some(Leaves::Tree(tree)) => Some(tree.compact_range()),
            Some(Leaves::Range(range)) => Some(range.clone()),
            None => None,
        }
    }

    /// Its tree, if it carries one.
    pub fn into_tree(self) -> Option<MerkleTree> {
        match self.leaves {
            Some(Leaves::Tree(tree)) => Some(tree),
            _ => None,
        }
    }

    /// Accepts `rows`, the batch's entries in order, into `verifier` with these
    /// checks, giving a checkpoint check the batch's range first so that it need
    /// not hash their leaves ([`ChainVerifier::take_leaves`]). Each row's status.
    pub fn accept(&self, rows: &[Row], verifier: &mut ChainVerifier) -> Vec<EntryStatus> {
        if let Some(range) = self.range() {
            verifier.take_leaves(&range);
        }
        let rows = rows.iter().zip(&self.checks);
        rows.map(|(row, check)| verifier.accept_row(row, check))
            .collect()
    }

    /// Encodes the batch as [`decode_checks`] reads it: its checks, then its tree
    /// if it has one, else its range if it has one.
    pub fn encode(&self) -> Vec<u8> {
        let nodes = match &self.leaves {
            Some(Leaves::Tree(tree)) => 2 * tree.len() as usize,
            _ => 0,
        };
        let mut out = Writer(Vec::with_capacity(17 + self.checks.len() * 33 + nodes * 32));
        out.u64(self.id);
        out.u32(self.checks.len());
        for check in &self.checks {
            write_check(&mut out, check);
        }
        match &self.leaves {
            None => out.u8(Returns::Checks.code()),
            Some(Leaves::Tree(tree)) => {
                out.u8(Returns::ChecksAndTree.code());
                out.u32(tree.len() as usize);
                write_nodes(&mut out, tree.levels().iter().flatten());
            }
            Some(Leaves::Range(range)) => {
                out.u8(Returns::ChecksAndRange.code());
                out.u32(range.size() as usize);
                write_nodes(&mut out, range.hashes());
            }
        }
        out.0
    }
}

fn write_check(out: &mut Writer, check: &EntryCheck) {
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

fn write_nodes<'a>(out: &mut Writer, nodes: impl IntoIterator<Item = &'a NodeHash>) {
    for node in nodes {
        out.0.extend_from_slice(node.as_bytes());
    }
}

/// Decodes the checks [`CheckedBatch::encode`] wrote.
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
    const LEAVES: &str = "what follows the checks";
    let leaves = match Returns::from_code(input.u8(LEAVES)?) {
        Some(Returns::Checks) => None,
        Some(Returns::ChecksAndTree) => Some(Leaves::Tree(read_tree(&mut input)?)),
        Some(Returns::ChecksAndRange) => Some(Leaves::Range(read_range(&mut input)?)),
        None => return Err(input.error_before(1, LEAVES)),
    };
    input.end()?;
    Ok(CheckedBatch { id, checks, leaves })
}

fn read_range(input: &mut Reader<'_>) -> Result<CompactRange, WireError> {
    const ROOTS: &str = "the range's subtree roots";
    let size = input.u32("the range's leaf count")?;
    let bytes = input.take(32 * size.count_ones() as usize, ROOTS)?;
    let hashes = bytes.chunks_exact(32).map(node).collect();
    Ok(CompactRange::from_parts(size as u64, hashes).expect("one root per set bit of the size"))
}

fn node(bytes: &[u8]) -> NodeHash {
    NodeHash::from_bytes(bytes.try_into().expect("chunks of 32 bytes"))
}

fn read_tree(input: &mut Reader<'_>) -> Result<MerkleTree, WireError> {
    const NODES: &str = "the tree's nodes";
    let leaves = input.u32("the tree's leaf count")?;
    let mut levels = Vec::new();
    let mut width = leaves;
    while width > 0 {
        let bytes = input.take(width.saturating_mul(32), NODES)?;
        levels.push(bytes.chunks_exact(32).map(node).collect());
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

//! How a Nexuscone ledger maps onto an RFC 9162 tree.
//!
//! The leaves are the ledger's entries in `entry_id` order; leaf `i` (from 0) is the
//! entry with `entry_id` `i + 1`. A leaf's input is the 32 raw bytes of the entry's
//! `entry_hash` (not its hex), so the leaf hash is `SHA-256(0x00 || entry_hash)`.
//! Tree size N means the first N entries.

use super::compact::CompactRange;
use super::hash::{leaf_hash, LeafHash};
use super::tree::MerkleTree;
use crate::entry::EntryHash;

/// The leaf hash of an entry, from its entry hash.
pub fn entry_leaf(entry_hash: &EntryHash) -> LeafHash {
    leaf_hash(&entry_hash.0)
}

/// The leaf hash of an entry from its stored `entry_hash` hex (either case), or `None`
/// when the stored text is not 64 hex characters.
pub fn entry_leaf_hex(entry_hash: &str) -> Option<LeafHash> {
    EntryHash::from_hex(entry_hash).map(|h| entry_leaf(&h))
}

/// The stored tree over entries' stored `entry_hash` hex, in the order given, or
/// `None` when one of them is not 64 hex characters.
pub fn entry_tree<'a>(entry_hashes: impl IntoIterator<Item = &'a str>) -> Option<MerkleTree> {
    let leaves = entry_hashes.into_iter().map(entry_leaf_hex);
    leaves
        .collect::<Option<Vec<_>>>()
        .map(MerkleTree::from_leaves)
}

/// The compact range over entries' stored `entry_hash` hex, in the order given: what
/// a checkpoint check needs of them. `None` when one of them is not 64 hex characters.
pub fn entry_range<'a>(entry_hashes: impl IntoIterator<Item = &'a str>) -> Option<CompactRange> {
    let mut range = CompactRange::new();
    for entry_hash in entry_hashes {
        range.append(entry_leaf_hex(entry_hash)?);
    }
    Some(range)
}

/// The leaf index of an entry id (`entry_id - 1`), or `None` for ids below 1.
pub fn leaf_index(entry_id: i64) -> Option<u64> {
    u64::try_from(entry_id).ok()?.checked_sub(1)
}

//! Merkle root over 1M leaves: the streaming `CompactRange` against a straightforward
//! recursive RFC 9162 MTH over a vector of leaf hashes, in the same run.
//!
//! `cargo run --release -p nexuscone-core --example merkle_bench`

use std::time::Instant;

use nexuscone_core::entry::EntryHash;
use nexuscone_core::merkle::{entry_leaf, node_hash, CompactRange, LeafHash, NodeHash};
use sha2::{Digest, Sha256};

fn mth(leaves: &[LeafHash]) -> NodeHash {
    if leaves.len() == 1 {
        return NodeHash::from(leaves[0]);
    }
    let mut k = 1;
    while k * 2 < leaves.len() {
        k *= 2;
    }
    node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
}

fn main() {
    const N: u64 = 1_000_000;
    let hashes: Vec<EntryHash> = (0..N)
        .map(|i| EntryHash(Sha256::digest(i.to_le_bytes()).into()))
        .collect();

    let start = Instant::now();
    let leaves: Vec<LeafHash> = hashes.iter().map(entry_leaf).collect();
    let baseline = mth(&leaves);
    let baseline_time = start.elapsed();

    let start = Instant::now();
    let mut range = CompactRange::new();
    for h in &hashes {
        range.append(entry_leaf(h));
    }
    let root = range.root();
    let compact_time = start.elapsed();

    assert_eq!(NodeHash::from(root), baseline);
    println!("leaves: {N}");
    println!("baseline (Vec of leaves + recursive MTH): {baseline_time:?}, memory O(n)");
    println!("CompactRange (streaming):                 {compact_time:?}, memory O(log n)");
    println!(
        "ratio baseline/compact: {:.2}",
        baseline_time.as_secs_f64() / compact_time.as_secs_f64()
    );
}

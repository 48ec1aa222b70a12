//! Merkle root over 1M leaves: the streaming `CompactRange` against a straightforward
//! recursive RFC 9162 MTH over a vector of leaf hashes, in the same run. Then, over
//! 100,000 leaves, inclusion and consistency proofs per second, generated from the
//! stored `MerkleTree` (O(log n) each) against the RFC 6962 §2.1.1 PATH and §2.1.2
//! SUBPROOF recursions over the leaves (O(n) each), and verified against a verifier
//! that recomputes the root from every leaf (what checking without proofs costs).
//!
//! `cargo run --release -p nexuscone-core --example merkle_bench`

use std::time::Instant;

use nexuscone_core::entry::EntryHash;
use nexuscone_core::merkle::{entry_leaf, node_hash, CompactRange, LeafHash, MerkleTree, NodeHash};
use sha2::{Digest, Sha256};

fn mth(leaves: &[LeafHash]) -> NodeHash {
    if leaves.len() == 1 {
        return NodeHash::from(leaves[0]);
    }
    let k = split(leaves.len());
    node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
}

fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// RFC 6962 §2.1.1 PATH(m, D[n]).
fn path(m: usize, leaves: &[LeafHash]) -> Vec<NodeHash> {
    if leaves.len() <= 1 {
        return Vec::new();
    }
    let k = split(leaves.len());
    if m < k {
        let mut p = path(m, &leaves[..k]);
        p.push(mth(&leaves[k..]));
        p
    } else {
        let mut p = path(m - k, &leaves[k..]);
        p.push(mth(&leaves[..k]));
        p
    }
}

/// RFC 6962 §2.1.2 SUBPROOF(m, D[n], b).
fn subproof(m: usize, leaves: &[LeafHash], complete: bool) -> Vec<NodeHash> {
    let n = leaves.len();
    if m == n {
        return if complete {
            Vec::new()
        } else {
            vec![mth(leaves)]
        };
    }
    let k = split(n);
    if m <= k {
        let mut p = subproof(m, &leaves[..k], complete);
        p.push(mth(&leaves[k..]));
        p
    } else {
        let mut p = subproof(m - k, &leaves[k..], false);
        p.push(mth(&leaves[..k]));
        p
    }
}

/// Prints one comparison line: operations per second, ours and the baseline.
fn report(what: &str, ours: (usize, f64), baseline: (usize, f64)) {
    let (ours_rate, base_rate) = (ours.0 as f64 / ours.1, baseline.0 as f64 / baseline.1);
    println!(
        "{what:<28} ours {ours_rate:>12.0}/s   baseline {base_rate:>10.1}/s   ratio {:>9.1}",
        ours_rate / base_rate
    );
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed().as_secs_f64())
}

fn proofs() {
    const N: usize = 100_000;
    let leaves: Vec<LeafHash> = (0..N as u64)
        .map(|i| entry_leaf(&EntryHash(Sha256::digest(i.to_le_bytes()).into())))
        .collect();
    let tree = MerkleTree::from_leaves(leaves.iter().copied());
    // Deterministic pseudo-random (index, size) pairs with index < size.
    let pairs: Vec<(usize, usize)> = (0..10_000u64)
        .map(|i| {
            let size = (i.wrapping_mul(2_654_435_761) % N as u64) as usize + 1;
            ((i.wrapping_mul(40_503) % size as u64) as usize, size)
        })
        .collect();
    let few = &pairs[..20];

    let (proofs, t) = timed(|| {
        pairs
            .iter()
            .map(|&(i, n)| tree.inclusion_proof(i as u64, n as u64).unwrap())
            .collect::<Vec<_>>()
    });
    let (_, tb) = timed(|| {
        for &(i, n) in few {
            assert_eq!(
                path(i, &leaves[..n]),
                tree.inclusion_proof(i as u64, n as u64).unwrap().path
            );
        }
    });
    report(
        "inclusion proof generation",
        (pairs.len(), t),
        (few.len(), tb),
    );

    let roots: Vec<_> = pairs
        .iter()
        .map(|&(_, n)| tree.root_at(n as u64).unwrap())
        .collect();
    let (_, t) = timed(|| {
        for ((proof, root), &(i, _)) in proofs.iter().zip(&roots).zip(&pairs) {
            root.verify_inclusion(&leaves[i], proof).unwrap();
        }
    });
    let (_, tb) = timed(|| {
        for (&(_, n), root) in few.iter().zip(&roots) {
            assert_eq!(mth(&leaves[..n]), NodeHash::from(*root));
        }
    });
    report(
        "inclusion proof verification",
        (pairs.len(), t),
        (few.len(), tb),
    );

    let (consistency, t) = timed(|| {
        pairs
            .iter()
            .map(|&(m, n)| tree.consistency_proof(m as u64 + 1, n as u64).unwrap())
            .collect::<Vec<_>>()
    });
    let (_, tb) = timed(|| {
        for &(m, n) in few {
            let ours = tree.consistency_proof(m as u64 + 1, n as u64).unwrap().path;
            assert_eq!(subproof(m + 1, &leaves[..n], true), ours);
        }
    });
    report(
        "consistency proof generation",
        (pairs.len(), t),
        (few.len(), tb),
    );

    let old_roots: Vec<_> = pairs
        .iter()
        .map(|&(m, _)| tree.root_at(m as u64 + 1).unwrap())
        .collect();
    let (_, t) = timed(|| {
        for ((proof, old), new) in consistency.iter().zip(&old_roots).zip(&roots) {
            old.verify_consistency(new, proof).unwrap();
        }
    });
    let (_, tb) = timed(|| {
        for ((&(m, n), old), new) in few.iter().zip(&old_roots).zip(&roots) {
            assert_eq!(mth(&leaves[..m + 1]), NodeHash::from(*old));
            assert_eq!(mth(&leaves[..n]), NodeHash::from(*new));
        }
    });
    report(
        "consistency verification",
        (pairs.len(), t),
        (few.len(), tb),
    );
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
    proofs();
}

//! The fast tree against a naive, obviously-correct transcription of RFC 6962 §2.1 (MTH, PATH,
//! PROOF/SUBPROOF), and tampered proofs rejected cleanly.

use nexuscone_core::merkle::{
    empty_root, leaf_hash, node_hash, CompactRange, ConsistencyProof, InclusionProof, LeafHash,
    MerkleError, MerkleTree, NodeHash, RootHash,
};

/// RFC 6962 §2.1 written as literally as possible; only for comparison.
mod naive {
    use super::*;

    fn k(n: usize) -> usize {
        let mut k = 1;
        while k * 2 < n {
            k *= 2;
        }
        k
    }

    pub fn mth(d: &[LeafHash]) -> NodeHash {
        match d.len() {
            0 => NodeHash::from(empty_root()),
            1 => NodeHash::from(d[0]),
            n => node_hash(&mth(&d[..k(n)]), &mth(&d[k(n)..])),
        }
    }

    pub fn path(m: usize, d: &[LeafHash]) -> Vec<NodeHash> {
        let n = d.len();
        if n == 1 {
            return Vec::new();
        }
        let k = k(n);
        if m < k {
            let mut p = path(m, &d[..k]);
            p.push(mth(&d[k..]));
            p
        } else {
            let mut p = path(m - k, &d[k..]);
            p.push(mth(&d[..k]));
            p
        }
    }

    pub fn proof(m: usize, d: &[LeafHash]) -> Vec<NodeHash> {
        subproof(m, d, true)
    }

    fn subproof(m: usize, d: &[LeafHash], b: bool) -> Vec<NodeHash> {
        let n = d.len();
        if m == n {
            return if b { Vec::new() } else { vec![mth(d)] };
        }
        let k = k(n);
        if m <= k {
            let mut p = subproof(m, &d[..k], b);
            p.push(mth(&d[k..]));
            p
        } else {
            let mut p = subproof(m - k, &d[k..], false);
            p.push(mth(&d[..k]));
            p
        }
    }
}

fn leaves(n: usize) -> Vec<LeafHash> {
    (0..n as u64).map(|i| leaf_hash(&i.to_be_bytes())).collect()
}

fn root_of(d: &[LeafHash]) -> RootHash {
    RootHash::from(naive::mth(d))
}

#[test]
fn roots_at_every_size_up_to_300_equal_naive_mth_and_compact_range() {
    let d = leaves(300);
    let tree = MerkleTree::from_leaves(d.iter().copied());
    let mut compact = CompactRange::new();
    assert_eq!(compact.root(), empty_root());
    for n in 0..=300 {
        assert_eq!(
            tree.root_at(n as u64).unwrap(),
            root_of(&d[..n]),
            "size {n}"
        );
        assert_eq!(compact.root(), root_of(&d[..n]), "compact size {n}");
        assert_eq!(compact.hashes().len(), n.count_ones() as usize);
        if n < 300 {
            compact.append(d[n]);
        }
    }
}

#[test]
fn every_inclusion_proof_up_to_size_64_equals_naive_path_and_verifies() {
    let d = leaves(64);
    let tree = MerkleTree::from_leaves(d.iter().copied());
    for n in 1..=64usize {
        let r = root_of(&d[..n]);
        for m in 0..n {
            let proof = tree.inclusion_proof(m as u64, n as u64).unwrap();
            assert_eq!(proof.path, naive::path(m, &d[..n]), "m {m} n {n}");
            r.verify_inclusion(&d[m], &proof).unwrap();
        }
    }
}

#[test]
fn inclusion_steps_hash_each_sibling_on_its_side_and_end_at_the_naive_root() {
    let d = leaves(40);
    let tree = MerkleTree::from_leaves(d.iter().copied());
    for n in 1..=40usize {
        for m in 0..n {
            let proof = tree.inclusion_proof(m as u64, n as u64).unwrap();
            let steps = proof.steps(&d[m]).unwrap();
            assert_eq!(steps.len(), proof.path.len(), "m {m} n {n}");
            let mut node = NodeHash::from(d[m]);
            for (step, sibling) in steps.iter().zip(&proof.path) {
                assert_eq!(&step.sibling, sibling);
                node = if step.sibling_is_left {
                    node_hash(sibling, &node)
                } else {
                    node_hash(&node, sibling)
                };
                assert_eq!(step.node, node, "m {m} n {n}");
            }
            assert_eq!(RootHash::from(node), root_of(&d[..n]), "m {m} n {n}");
        }
    }
    // Leaf 0 of 2: its sibling (leaf 1) is on the right; leaf 1 of 2: on the left.
    let proof = tree.inclusion_proof(0, 2).unwrap();
    assert!(!proof.steps(&d[0]).unwrap()[0].sibling_is_left);
    let proof = tree.inclusion_proof(1, 2).unwrap();
    assert!(proof.steps(&d[1]).unwrap()[0].sibling_is_left);
}

#[test]
fn every_consistency_proof_up_to_size_64_equals_naive_proof_and_verifies() {
    let d = leaves(64);
    let tree = MerkleTree::from_leaves(d.iter().copied());
    for n in 1..=64usize {
        let r2 = root_of(&d[..n]);
        for m in 1..=n {
            let proof = tree.consistency_proof(m as u64, n as u64).unwrap();
            assert_eq!(proof.path, naive::proof(m, &d[..n]), "m {m} n {n}");
            root_of(&d[..m]).verify_consistency(&r2, &proof).unwrap();
        }
    }
}

#[test]
fn sampled_proofs_in_a_100000_leaf_tree_equal_naive_ones() {
    let d = leaves(100_000);
    let tree = MerkleTree::from_leaves(d.iter().copied());
    let mut compact = CompactRange::new();
    for l in &d {
        compact.append(*l);
    }
    assert_eq!(compact.root(), tree.root());
    // Each naive proof costs O(n) hashes, so the sample stays small enough for debug builds.
    let sizes = [1usize, 2, 3, 1023, 1024, 1025, 4097, 100_000];
    for &n in &sizes {
        let r = root_of(&d[..n]);
        assert_eq!(tree.root_at(n as u64).unwrap(), r);
        for m in [0, n / 2, n - 1] {
            let proof = tree.inclusion_proof(m as u64, n as u64).unwrap();
            assert_eq!(proof.path, naive::path(m, &d[..n]), "inclusion m {m} n {n}");
            r.verify_inclusion(&d[m], &proof).unwrap();
        }
        for m in [1, n / 2 + 1, n - 1, n] {
            if m == 0 {
                continue;
            }
            let proof = tree.consistency_proof(m as u64, n as u64).unwrap();
            assert_eq!(
                proof.path,
                naive::proof(m, &d[..n]),
                "consistency m {m} n {n}"
            );
            root_of(&d[..m]).verify_consistency(&r, &proof).unwrap();
        }
    }
}

/// Every audit path one edit away from `path`: each bit 0 of each byte of each
/// element flipped, the last element dropped, and an extra element appended or
/// prepended; each with a description for failure messages.
fn tampered_paths(path: &[NodeHash]) -> Vec<(String, Vec<NodeHash>)> {
    let extra = NodeHash::from(leaf_hash(b"extra"));
    let mut out = Vec::new();
    for i in 0..path.len() {
        for byte in 0..32 {
            let mut b = *path[i].as_bytes();
            b[byte] ^= 1;
            let mut p = path.to_vec();
            p[i] = NodeHash::from_bytes(b);
            out.push((format!("flip element {i} byte {byte}"), p));
        }
    }
    if let Some((_, shorter)) = path.split_last() {
        out.push(("truncated".to_owned(), shorter.to_vec()));
    }
    out.push(("extended".to_owned(), [path, &[extra]].concat()));
    out.push(("prefixed".to_owned(), [&[extra], path].concat()));
    out
}

#[test]
fn tampered_inclusion_proofs_are_rejected_with_errors() {
    let d = leaves(21);
    let tree = MerkleTree::from_leaves(d.iter().copied());
    for n in 1..=21u64 {
        let r = tree.root_at(n).unwrap();
        for m in 0..n {
            let good = tree.inclusion_proof(m, n).unwrap();
            let leaf = d[m as usize];
            let rejects = |p: &InclusionProof| r.verify_inclusion(&leaf, p).is_err();
            for (what, path) in tampered_paths(&good.path) {
                let p = InclusionProof {
                    path,
                    ..good.clone()
                };
                assert!(rejects(&p), "{what}, m {m} n {n}");
                if p.path.len() != good.path.len() {
                    assert!(matches!(
                        r.verify_inclusion(&leaf, &p),
                        Err(MerkleError::WrongProofLength { .. })
                    ));
                }
            }
            for wrong in [m + 1, m ^ 1, m.wrapping_sub(1)] {
                if wrong != m && wrong < n && d[wrong as usize] != leaf {
                    let p = InclusionProof {
                        leaf_index: wrong,
                        ..good.clone()
                    };
                    assert!(rejects(&p), "index {wrong} for {m}, n {n}");
                }
            }
            // A proof says nothing about the size on its own (leaf 0 of 3 and of 4 have
            // proofs of the same shape); the size is bound by the root it is checked against.
            for wrong_size in [n + 1, n - 1] {
                if wrong_size != n && wrong_size > m && wrong_size <= 21 {
                    let p = InclusionProof {
                        tree_size: wrong_size,
                        ..good.clone()
                    };
                    let wrong_root = tree.root_at(wrong_size).unwrap();
                    assert!(
                        wrong_root.verify_inclusion(&leaf, &p).is_err(),
                        "size {wrong_size} for {n}, m {m}"
                    );
                }
            }
            assert!(matches!(
                r.verify_inclusion(&leaf_hash(b"not in the tree"), &good),
                Err(MerkleError::RootMismatch { .. })
            ));
        }
        for index in [n, n + 1, u64::MAX] {
            let p = InclusionProof {
                leaf_index: index,
                tree_size: n,
                path: Vec::new(),
            };
            assert_eq!(
                r.verify_inclusion(&d[0], &p),
                Err(MerkleError::IndexOutOfRange { index, size: n })
            );
        }
    }
    let empty = InclusionProof {
        leaf_index: 0,
        tree_size: 0,
        path: Vec::new(),
    };
    assert!(empty_root().verify_inclusion(&d[0], &empty).is_err());
    assert_eq!(
        tree.inclusion_proof(0, 0),
        Err(MerkleError::IndexOutOfRange { index: 0, size: 0 })
    );
}

#[test]
fn tampered_consistency_proofs_are_rejected_with_errors() {
    let d = leaves(21);
    let tree = MerkleTree::from_leaves(d.iter().copied());
    for n in 1..=21u64 {
        let r2 = tree.root_at(n).unwrap();
        for m in 1..=n {
            let r1 = tree.root_at(m).unwrap();
            let good = tree.consistency_proof(m, n).unwrap();
            let rejects = |p: &ConsistencyProof| r1.verify_consistency(&r2, p).is_err();
            for (what, path) in tampered_paths(&good.path) {
                let p = ConsistencyProof {
                    path,
                    ..good.clone()
                };
                assert!(rejects(&p), "{what}, m {m} n {n}");
            }
            // As for inclusion, a wrong size is caught through the root it is checked against.
            for wrong_new in [n + 1, n - 1] {
                if wrong_new != n && wrong_new >= m && wrong_new <= 21 {
                    let p = ConsistencyProof {
                        new_size: wrong_new,
                        ..good.clone()
                    };
                    let wrong_root = tree.root_at(wrong_new).unwrap();
                    assert!(
                        r1.verify_consistency(&wrong_root, &p).is_err(),
                        "new size {wrong_new} for {n}, m {m}"
                    );
                }
            }
            for wrong_old in [m + 1, m - 1] {
                if wrong_old != m && wrong_old >= 1 && wrong_old <= n {
                    let p = ConsistencyProof {
                        old_size: wrong_old,
                        ..good.clone()
                    };
                    let wrong_root = tree.root_at(wrong_old).unwrap();
                    assert!(
                        wrong_root.verify_consistency(&r2, &p).is_err(),
                        "old size {wrong_old} for {m}, n {n}"
                    );
                }
            }
            if m < n {
                assert!(r2.verify_consistency(&r2, &good).is_err(), "swapped roots");
            }
        }
        // Equal sizes: an empty proof and equal roots, nothing else.
        let equal = tree.consistency_proof(n, n).unwrap();
        assert!(equal.path.is_empty());
        r2.verify_consistency(&r2, &equal).unwrap();
        assert!(matches!(
            r2.verify_consistency(&tree.root_at(n - 1).unwrap(), &equal),
            Err(MerkleError::EqualSizesRootsDiffer { .. })
        ));
        // Size 0 is never a valid old size, not even against itself.
        let from_empty = ConsistencyProof {
            old_size: 0,
            new_size: n,
            path: Vec::new(),
        };
        assert_eq!(
            empty_root().verify_consistency(&r2, &from_empty),
            Err(MerkleError::ConsistencyFromEmpty)
        );
        assert_eq!(
            tree.consistency_proof(0, n),
            Err(MerkleError::ConsistencyFromEmpty)
        );
        assert_eq!(
            tree.consistency_proof(n, n - 1),
            Err(MerkleError::SizesReversed {
                old_size: n,
                new_size: n - 1
            })
        );
    }
    let zero = ConsistencyProof {
        old_size: 0,
        new_size: 0,
        path: Vec::new(),
    };
    assert_eq!(
        empty_root().verify_consistency(&empty_root(), &zero),
        Err(MerkleError::ConsistencyFromEmpty)
    );
}

#[test]
fn wrong_length_proof_element_error_names_its_index() {
    let path = vec![vec![0u8; 32], vec![0u8; 31]];
    assert_eq!(
        InclusionProof::from_slices(0, 4, &path),
        Err(MerkleError::WrongHashLength {
            role: nexuscone_core::merkle::hash::HashRole::ProofElement,
            index: Some(1),
            found: 31
        })
    );
}

#[test]
fn sizes_beyond_the_tree_are_refused() {
    let tree = MerkleTree::from_leaves(leaves(5));
    let too_large = MerkleError::SizeTooLarge {
        size: 6,
        available: 5,
    };
    assert_eq!(tree.root_at(6).unwrap_err(), too_large);
    assert_eq!(tree.inclusion_proof(0, 6).unwrap_err(), too_large);
    assert_eq!(tree.consistency_proof(1, 6).unwrap_err(), too_large);
}

#[test]
fn compact_range_resumes_from_its_parts() {
    let d = leaves(11);
    let mut full = CompactRange::new();
    for l in &d[..7] {
        full.append(*l);
    }
    let mut resumed = CompactRange::from_parts(full.size(), full.hashes().to_vec()).unwrap();
    for l in &d[7..] {
        full.append(*l);
        resumed.append(*l);
    }
    assert_eq!(resumed, full);
    assert_eq!(resumed.root(), root_of(&d));
    assert_eq!(
        CompactRange::from_parts(7, vec![NodeHash::from(d[0])]),
        Err(MerkleError::CompactRangeShape {
            size: 7,
            expected: 3,
            found: 1
        })
    );
}

/// Run with `cargo test --release -- --ignored` to time it; it is slow without optimisation.
#[test]
#[ignore]
fn root_of_a_million_leaves_is_fast() {
    let d = leaves(1_000_000);
    let start = std::time::Instant::now();
    let mut compact = CompactRange::new();
    for l in &d {
        compact.append(*l);
    }
    let compact_time = start.elapsed();
    let start = std::time::Instant::now();
    let tree = MerkleTree::from_leaves(d.iter().copied());
    let tree_time = start.elapsed();
    assert_eq!(compact.root(), tree.root());
    eprintln!("1,000,000 leaves: compact range {compact_time:?}, stored tree {tree_time:?}");
    assert!(compact_time.as_secs_f64() < 1.0 && tree_time.as_secs_f64() < 1.0);
}

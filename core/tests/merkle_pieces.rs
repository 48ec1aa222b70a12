//! A root computed in pieces (as the worker pools compute it) equals the stored tree's
//! root, for every small size, large sizes and any number of workers; a tree or a
//! compact range appended from aligned pieces equals the one built leaf by leaf.

use nexuscone_core::merkle::{
    leaf_hash, piece_hashes, CompactRange, LeafHash, MerkleError, MerkleTree, NodeHash, Pieces,
    RootHash,
};

fn leaves(n: u64) -> Vec<LeafHash> {
    (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
}

/// The root from `pieces`, each piece hashed on its own as a worker would.
fn pieced_root(leaves: &[LeafHash], pieces: Pieces) -> Result<RootHash, MerkleError> {
    let hashes: Vec<Vec<NodeHash>> = (0..pieces.count())
        .map(|i| {
            let r = pieces.range(i);
            piece_hashes(leaves[r.start as usize..r.end as usize].iter().copied())
        })
        .collect();
    pieces.root(&hashes)
}

#[test]
fn every_size_to_70_and_every_width_gives_the_single_threaded_root() {
    for n in 0..=70u64 {
        let leaves = leaves(n);
        let expected = MerkleTree::from_leaves(leaves.iter().copied()).root();
        for width in [1, 2, 4, 8, 16, 32, 64, 128] {
            let pieces = Pieces::with_width(n, width).unwrap();
            assert_eq!(
                pieced_root(&leaves, pieces).unwrap(),
                expected,
                "{n} leaves, width {width}"
            );
        }
    }
}

#[test]
fn large_sizes_with_several_worker_counts_give_the_single_threaded_root() {
    for n in [4096, 65_535, 65_536, 65_537, 300_001] {
        let leaves = leaves(n);
        let expected = MerkleTree::from_leaves(leaves.iter().copied()).root();
        for workers in [1, 2, 3, 4, 7, 8, 16] {
            let pieces = Pieces::for_workers(n, workers);
            assert!(pieces.width().is_power_of_two());
            assert_eq!(
                pieced_root(&leaves, pieces).unwrap(),
                expected,
                "{n} leaves, {workers} workers"
            );
        }
    }
}

#[test]
fn more_workers_cut_a_large_tree_into_more_pieces() {
    let one = Pieces::for_workers(1_000_000, 1);
    let eight = Pieces::for_workers(1_000_000, 8);
    assert!(eight.count() > one.count(), "{one:?} {eight:?}");
    assert!(eight.count() >= 8);
}

#[test]
fn a_missing_extra_or_misshapen_piece_is_an_error_naming_it() {
    let leaves = leaves(10);
    let pieces = Pieces::with_width(10, 4).unwrap();
    let hashes: Vec<Vec<NodeHash>> = (0..pieces.count())
        .map(|i| {
            let r = pieces.range(i);
            piece_hashes(leaves[r.start as usize..r.end as usize].iter().copied())
        })
        .collect();
    let shape = |piece, expected, found| MerkleError::PieceShape {
        piece,
        expected,
        found,
    };
    assert_eq!(pieces.root(&hashes[..2]), Err(shape(2, 1, 0)));
    let mut extra = hashes.clone();
    extra.push(hashes[0].clone());
    assert_eq!(pieces.root(&extra), Err(shape(3, 0, 1)));
    let mut short = hashes.clone();
    short[1].clear();
    assert_eq!(pieces.root(&short), Err(shape(1, 1, 0)));
    assert_eq!(
        Pieces::with_width(10, 3),
        Err(MerkleError::PieceWidth { width: 3 })
    );
}

/// The stored tree built from trees of aligned pieces, each built apart.
fn appended_tree(leaves: &[LeafHash], width: usize) -> MerkleTree {
    let mut tree = MerkleTree::new();
    for piece in leaves.chunks(width) {
        let piece = MerkleTree::from_leaves(piece.iter().copied());
        tree.append_tree(piece).expect("aligned pieces");
    }
    tree
}

#[test]
fn a_stored_tree_appended_from_aligned_pieces_equals_the_one_built_leaf_by_leaf() {
    for n in 0..=70u64 {
        let leaves = leaves(n);
        let expected = MerkleTree::from_leaves(leaves.iter().copied());
        for width in [1, 2, 4, 8, 16, 32, 64, 128] {
            let tree = appended_tree(&leaves, width);
            assert_eq!(tree, expected, "{n} leaves, width {width}");
        }
    }
    let leaves = leaves(5_000);
    let expected = MerkleTree::from_leaves(leaves.iter().copied());
    assert_eq!(appended_tree(&leaves, 1024), expected);
    assert_eq!(
        appended_tree(&leaves, 1024).inclusion_proof(4_321, 4_999),
        expected.inclusion_proof(4_321, 4_999)
    );
}

#[test]
fn a_piece_that_does_not_start_at_a_multiple_of_its_width_is_refused_and_changes_nothing() {
    let leaves = leaves(12);
    let mut tree = MerkleTree::from_leaves(leaves[..3].iter().copied());
    let before = tree.clone();
    let piece = MerkleTree::from_leaves(leaves[3..7].iter().copied());
    assert_eq!(
        tree.append_tree(piece),
        Err(MerkleError::PieceAlignment { at: 3, length: 4 })
    );
    assert_eq!(tree, before);
    // A shorter piece fits where a longer one does not: 4 is a multiple of 4, not of 8.
    let mut tree = MerkleTree::from_leaves(leaves[..4].iter().copied());
    let long = MerkleTree::from_leaves(leaves[4..9].iter().copied());
    assert!(tree.append_tree(long).is_err());
    let short = MerkleTree::from_leaves(leaves[4..8].iter().copied());
    tree.append_tree(short).unwrap();
    assert_eq!(tree, MerkleTree::from_leaves(leaves[..8].iter().copied()));
}

fn range_of(leaves: &[LeafHash]) -> CompactRange {
    let mut range = CompactRange::new();
    leaves.iter().for_each(|leaf| range.append(*leaf));
    range
}

#[test]
fn a_range_appended_from_aligned_pieces_equals_the_one_built_leaf_by_leaf() {
    for n in 0..=70u64 {
        let leaves = leaves(n);
        let expected = range_of(&leaves);
        assert_eq!(
            MerkleTree::from_leaves(leaves.iter().copied()).compact_range(),
            expected
        );
        for width in [1, 2, 4, 8, 16, 32, 64, 128] {
            let mut range = CompactRange::new();
            for piece in leaves.chunks(width) {
                range
                    .append_range(&range_of(piece))
                    .expect("aligned pieces");
            }
            assert_eq!(range, expected, "{n} leaves, width {width}");
            assert_eq!(
                range.root(),
                MerkleTree::from_leaves(leaves.iter().copied()).root()
            );
        }
    }
}

#[test]
fn a_range_that_does_not_start_at_a_multiple_of_its_width_is_refused_and_changes_nothing() {
    let leaves = leaves(12);
    let mut range = range_of(&leaves[..3]);
    let before = range.clone();
    assert_eq!(
        range.append_range(&range_of(&leaves[3..7])),
        Err(MerkleError::PieceAlignment { at: 3, length: 4 })
    );
    assert_eq!(range, before);
    let mut range = range_of(&leaves[..4]);
    assert!(range.append_range(&range_of(&leaves[4..9])).is_err());
    range.append_range(&range_of(&leaves[4..8])).unwrap();
    assert_eq!(range, range_of(&leaves[..8]));
}

#[test]
fn a_tree_rebuilt_from_its_levels_is_the_same_and_a_misshapen_one_is_refused() {
    for n in [0, 1, 2, 5, 64, 1_000] {
        let tree = MerkleTree::from_leaves(leaves(n));
        assert_eq!(MerkleTree::from_levels(tree.levels().to_vec()), Ok(tree));
    }
    let levels = MerkleTree::from_leaves(leaves(5)).levels().to_vec();
    let mut short = levels.clone();
    short[1].pop();
    assert_eq!(
        MerkleTree::from_levels(short),
        Err(MerkleError::TreeShape {
            level: 1,
            expected: 2,
            found: 1
        })
    );
    let mut extra = levels.clone();
    extra.push(Vec::new());
    assert!(matches!(
        MerkleTree::from_levels(extra),
        Err(MerkleError::TreeShape { level: 3, .. })
    ));
    let mut missing = levels;
    missing.pop();
    assert!(MerkleTree::from_levels(missing).is_err());
}

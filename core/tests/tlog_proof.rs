//! C2SP tlog-proof files: the spec's example parses, and proofs we write verify end to end.

use nexuscone_core::checkpoint::proof::{TlogProof, TlogProofError};
use nexuscone_core::checkpoint::{Checkpoint, CheckpointError};
use nexuscone_core::merkle::{leaf_hash, LeafHash, MerkleError, MerkleTree};
use nexuscone_core::note::{SignerKey, Verifiers};

/// The example of C2SP tlog-proof "Format" (its signatures are elided with `[...]`, so only
/// the proof part is read).
const SPEC_EXAMPLE: &str = "c2sp.org/tlog-proof@v1
extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ
index 73894
gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

example.com/fancylog
109482
sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=

\u{2014} example.com/fancylog hI2DJw[...]1roloI=
";

#[test]
fn spec_example_parses_and_formats_back_identically() {
    let p = TlogProof::parse(SPEC_EXAMPLE.as_bytes()).unwrap();
    assert_eq!(p.index, 73894);
    assert_eq!(p.path.len(), 5);
    assert!(p
        .extra
        .as_ref()
        .unwrap()
        .starts_with(b"age-v1.2.1-darwin-arm64.tar.gz"));
    assert!(p.checkpoint.starts_with("example.com/fancylog\n109482\n"));
    assert_eq!(p.to_text(), SPEC_EXAMPLE);
}

fn fixture() -> (MerkleTree, SignerKey, Vec<LeafHash>) {
    let leaves: Vec<LeafHash> = (0..13u8).map(|i| leaf_hash(&[i; 32])).collect();
    let tree = MerkleTree::from_leaves(leaves.iter().copied());
    let signer = SignerKey::from_seed("example.com/nexuscone", &[5; 32]).unwrap();
    (tree, signer, leaves)
}

fn proof_for(
    tree: &MerkleTree,
    signer: &SignerKey,
    index: u64,
    extra: Option<Vec<u8>>,
) -> TlogProof {
    let size = tree.len();
    let checkpoint = Checkpoint {
        origin: "example.com/nexuscone".into(),
        size,
        root: tree.root(),
        extensions: Vec::new(),
    };
    TlogProof {
        extra,
        index,
        path: tree.inclusion_proof(index, size).unwrap().path,
        checkpoint: checkpoint.sign(&[signer]).unwrap(),
    }
}

#[test]
fn written_proofs_parse_back_and_verify_for_every_leaf() {
    let (tree, signer, leaves) = fixture();
    let verifiers = Verifiers::new([signer.verifier()]);
    for (i, leaf) in leaves.iter().enumerate() {
        let extra = (i % 2 == 0).then(|| vec![i as u8; i]);
        let proof = proof_for(&tree, &signer, i as u64, extra);
        let text = proof.to_text();
        let parsed = TlogProof::parse(text.as_bytes()).unwrap();
        assert_eq!(parsed, proof);
        let signed = parsed
            .verify(leaf, &verifiers, "example.com/nexuscone")
            .unwrap();
        assert_eq!(signed.checkpoint.size, 13);
    }
}

#[test]
fn proofs_for_another_leaf_origin_or_key_are_rejected() {
    let (tree, signer, leaves) = fixture();
    let verifiers = Verifiers::new([signer.verifier()]);
    let proof = proof_for(&tree, &signer, 4, None);
    assert!(matches!(
        proof.verify(&leaves[5], &verifiers, "example.com/nexuscone"),
        Err(TlogProofError::Inclusion(MerkleError::RootMismatch { .. }))
    ));
    assert!(matches!(
        proof.verify(&leaves[4], &verifiers, "example.com/other"),
        Err(TlogProofError::Checkpoint(
            CheckpointError::OriginMismatch { .. }
        ))
    ));
    let stranger = SignerKey::from_seed("example.com/nexuscone", &[6; 32]).unwrap();
    assert!(matches!(
        proof.verify(
            &leaves[4],
            &Verifiers::new([stranger.verifier()]),
            "example.com/nexuscone"
        ),
        Err(TlogProofError::Checkpoint(CheckpointError::Note(_)))
    ));
    let beyond = TlogProof {
        index: 13,
        ..proof.clone()
    };
    assert!(matches!(
        beyond.verify(&leaves[4], &verifiers, "example.com/nexuscone"),
        Err(TlogProofError::Inclusion(MerkleError::IndexOutOfRange {
            index: 13,
            size: 13
        }))
    ));
}

#[test]
fn malformed_proofs_name_the_line() {
    let (tree, signer, _) = fixture();
    let good = proof_for(&tree, &signer, 4, Some(b"x".to_vec())).to_text();
    let cases = [
        (
            good.replacen("@v1", "@v2", 1),
            TlogProofError::MissingHeader,
        ),
        (
            good.replacen("extra eA==", "extra eA=", 1),
            TlogProofError::InvalidExtra { line: 2 },
        ),
        (
            good.replacen("index 4", "index 04", 1),
            TlogProofError::InvalidIndex { line: 3 },
        ),
        (
            good.replacen("index 4", "idx 4", 1),
            TlogProofError::InvalidIndex { line: 3 },
        ),
        // Without its blank line the checkpoint's origin is read as a proof hash.
        (
            good.replacen("\n\n", "\n", 1),
            TlogProofError::InvalidHash { line: 8 },
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 0\n".to_owned(),
            TlogProofError::MissingCheckpoint,
        ),
    ];
    for (text, want) in cases {
        assert_eq!(
            TlogProof::parse(text.as_bytes()),
            Err(want.clone()),
            "{want}"
        );
    }
    let mut lines: Vec<&str> = good.split('\n').collect();
    lines[5] = "AAAA";
    assert_eq!(
        TlogProof::parse(lines.join("\n").as_bytes()),
        Err(TlogProofError::InvalidHash { line: 6 })
    );
}

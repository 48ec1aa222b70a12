//! The Merkle proof files the CLI writes (`nexuscone prove inclusion|consistency`)
//! and reads back (`nexuscone verify-consistency`), as canonical JSON objects:
//!
//! ```json
//! {"leaf_hash":"<hex>","leaf_index":2,"path":["<hex>",…],"root":"<hex>","tree_size":55,"type":"inclusion"}
//! {"path":["<hex>",…],"root1":"<hex>","root2":"<hex>","size1":40,"size2":55,"type":"consistency"}
//! ```
//!
//! Hashes are lowercase hex when written, either case when read. The C2SP
//! tlog-proof file is [`crate::checkpoint::proof::TlogProof`].

use thiserror::Error;

use crate::canonical::{self, JsonString, Number, Value};
use crate::merkle::{
    ConsistencyProof, InclusionProof, LeafHash, MerkleError, NodeHash, RootHash, HASH_SIZE,
};

/// Why a proof file could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProofFileError {
    /// Not JSON.
    #[error("invalid JSON: {0}")]
    Json(#[from] canonical::ParseError),
    /// Not the proof file expected (its `type` member).
    #[error("expected the output of `nexuscone prove {expected}` (\"type\":\"{expected}\")")]
    WrongType {
        /// `inclusion` or `consistency`.
        expected: &'static str,
    },
    /// A member is missing or has the wrong type or form.
    #[error("{member}: {message}")]
    Member {
        /// The member, with an index for path elements (`path[3]`).
        member: String,
        /// What was expected.
        message: &'static str,
    },
}

/// An inclusion proof of one leaf, with the leaf and root it is for (RFC 9162 §2.1.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InclusionProofFile {
    /// 0-based leaf index (entry `leaf_index + 1`).
    pub leaf_index: u64,
    /// Tree size.
    pub tree_size: u64,
    /// The leaf's hash.
    pub leaf_hash: LeafHash,
    /// The root at `tree_size`.
    pub root: RootHash,
    /// Sibling hashes, leaf's sibling first.
    pub path: Vec<NodeHash>,
}

/// A consistency proof between two tree sizes, with both roots (RFC 9162 §2.1.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsistencyProofFile {
    /// Older size.
    pub size1: u64,
    /// Newer size.
    pub size2: u64,
    /// Root at `size1`.
    pub root1: RootHash,
    /// Root at `size2`.
    pub root2: RootHash,
    /// The proof's subtree hashes.
    pub path: Vec<NodeHash>,
}

impl InclusionProofFile {
    /// The file's text: canonical JSON, no final newline.
    pub fn to_json(&self) -> String {
        canonical::to_canonical(&Value::Object(vec![
            member("leaf_hash", hex(self.leaf_hash.as_bytes())),
            member("leaf_index", self.leaf_index.into()),
            member("path", path_value(&self.path)),
            member("root", hex(self.root.as_bytes())),
            member("tree_size", self.tree_size.into()),
            member("type", "inclusion".into()),
        ]))
    }

    /// Reads the file's text.
    ///
    /// # Errors
    /// [`ProofFileError`] naming the member.
    pub fn parse(bytes: &[u8]) -> Result<InclusionProofFile, ProofFileError> {
        let value = canonical::parse(bytes)?;
        let object = Object::of(&value, "inclusion")?;
        Ok(InclusionProofFile {
            leaf_index: object.u64("leaf_index")?,
            tree_size: object.u64("tree_size")?,
            leaf_hash: LeafHash::from_bytes(object.hash("leaf_hash")?),
            root: RootHash::from_bytes(object.hash("root")?),
            path: object.path()?,
        })
    }

    /// Checks the proof: the leaf is at `leaf_index` of the tree with `root`.
    ///
    /// # Errors
    /// The [`MerkleError`] of [`RootHash::verify_inclusion`].
    pub fn verify(&self) -> Result<(), MerkleError> {
        let proof = InclusionProof {
            leaf_index: self.leaf_index,
            tree_size: self.tree_size,
            path: self.path.clone(),
        };
        self.root.verify_inclusion(&self.leaf_hash, &proof)
    }
}

impl ConsistencyProofFile {
    /// The file's text: canonical JSON, no final newline.
    pub fn to_json(&self) -> String {
        canonical::to_canonical(&Value::Object(vec![
            member("path", path_value(&self.path)),
            member("root1", hex(self.root1.as_bytes())),
            member("root2", hex(self.root2.as_bytes())),
            member("size1", self.size1.into()),
            member("size2", self.size2.into()),
            member("type", "consistency".into()),
        ]))
    }

    /// Reads the file's text.
    ///
    /// # Errors
    /// [`ProofFileError`] naming the member.
    pub fn parse(bytes: &[u8]) -> Result<ConsistencyProofFile, ProofFileError> {
        let value = canonical::parse(bytes)?;
        let object = Object::of(&value, "consistency")?;
        Ok(ConsistencyProofFile {
            size1: object.u64("size1")?,
            size2: object.u64("size2")?,
            root1: RootHash::from_bytes(object.hash("root1")?),
            root2: RootHash::from_bytes(object.hash("root2")?),
            path: object.path()?,
        })
    }

    /// The proof, for [`RootHash::verify_consistency`].
    pub fn proof(&self) -> ConsistencyProof {
        ConsistencyProof {
            old_size: self.size1,
            new_size: self.size2,
            path: self.path.clone(),
        }
    }
}

fn member(name: &str, value: Value) -> (JsonString, Value) {
    (name.into(), value)
}

fn hex(bytes: &[u8; HASH_SIZE]) -> Value {
    hex::encode(bytes).into()
}

fn path_value(path: &[NodeHash]) -> Value {
    Value::Array(path.iter().map(|h| hex(h.as_bytes())).collect())
}

/// The members of a proof file's object.
struct Object<'a>(&'a [(JsonString, Value)]);

impl<'a> Object<'a> {
    fn of(value: &'a Value, kind: &'static str) -> Result<Object<'a>, ProofFileError> {
        let wrong = ProofFileError::WrongType { expected: kind };
        let Value::Object(members) = value else {
            return Err(wrong);
        };
        let object = Object(members);
        match object.get("type") {
            Some(Value::String(s)) if s.as_str() == Some(kind) => Ok(object),
            _ => Err(wrong),
        }
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        let found = self.0.iter().rev().find(|(k, _)| k.as_str() == Some(name));
        found.map(|(_, v)| v)
    }

    fn u64(&self, name: &str) -> Result<u64, ProofFileError> {
        match self.get(name) {
            Some(Value::Number(Number::Int(i))) => i.as_i64().and_then(|i| u64::try_from(i).ok()),
            _ => None,
        }
        .ok_or_else(|| bad(name.to_owned(), "expected a non-negative integer"))
    }

    fn hash(&self, name: &str) -> Result<[u8; HASH_SIZE], ProofFileError> {
        decode_hash(self.get(name)).ok_or_else(|| bad(name.to_owned(), HASH_EXPECTED))
    }

    fn path(&self) -> Result<Vec<NodeHash>, ProofFileError> {
        let Some(Value::Array(items)) = self.get("path") else {
            return Err(bad("path".to_owned(), "expected an array"));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                decode_hash(Some(item))
                    .map(NodeHash::from_bytes)
                    .ok_or_else(|| bad(format!("path[{i}]"), HASH_EXPECTED))
            })
            .collect()
    }
}

const HASH_EXPECTED: &str = "expected 64 hex characters";

fn bad(member: String, message: &'static str) -> ProofFileError {
    ProofFileError::Member { member, message }
}

fn decode_hash(value: Option<&Value>) -> Option<[u8; HASH_SIZE]> {
    let Some(Value::String(text)) = value else {
        return None;
    };
    let mut out = [0u8; HASH_SIZE];
    hex::decode_to_slice(text.as_str()?, &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::{leaf_hash, MerkleTree};

    fn tree(n: u8) -> MerkleTree {
        let mut tree = MerkleTree::new();
        for i in 0..n {
            tree.push(leaf_hash(&[i]));
        }
        tree
    }

    #[test]
    fn an_inclusion_file_reads_back_what_was_written_and_verifies() {
        let tree = tree(7);
        let proof = tree.inclusion_proof(2, 7).unwrap();
        let file = InclusionProofFile {
            leaf_index: 2,
            tree_size: 7,
            leaf_hash: tree.leaf(2).unwrap(),
            root: tree.root_at(7).unwrap(),
            path: proof.path,
        };
        let text = file.to_json();
        assert!(text.starts_with("{\"leaf_hash\":\""), "{text}");
        assert_eq!(InclusionProofFile::parse(text.as_bytes()).unwrap(), file);
        file.verify().unwrap();
        let upper = text
            .to_ascii_uppercase()
            .replace("\"TYPE\":\"INCLUSION\"", "\"type\":\"inclusion\"");
        assert!(
            InclusionProofFile::parse(upper.as_bytes()).is_err(),
            "member names are case-sensitive"
        );
    }

    #[test]
    fn a_consistency_file_reads_back_and_a_bad_member_is_named() {
        let tree = tree(9);
        let file = ConsistencyProofFile {
            size1: 4,
            size2: 9,
            root1: tree.root_at(4).unwrap(),
            root2: tree.root_at(9).unwrap(),
            path: tree.consistency_proof(4, 9).unwrap().path,
        };
        let text = file.to_json();
        assert_eq!(ConsistencyProofFile::parse(text.as_bytes()).unwrap(), file);
        file.root1
            .verify_consistency(&file.root2, &file.proof())
            .unwrap();
        let bad_path = text.replacen("\"path\":[\"", "\"path\":[\"zz", 1);
        let err = ConsistencyProofFile::parse(bad_path.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), "path[0]: expected 64 hex characters");
        let err = ConsistencyProofFile::parse(b"{\"type\":\"inclusion\"}").unwrap_err();
        assert!(matches!(
            err,
            ProofFileError::WrongType {
                expected: "consistency"
            }
        ));
    }
}

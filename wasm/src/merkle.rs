//! RFC 9162 Merkle roots and proofs over entry hashes, and C2SP checkpoints.
//!
//! Leaves are the raw 32 bytes of each `entry_hash`, in `entry_id` order, hashed
//! with the RFC 9162 leaf prefix (see `nexuscone_core::merkle`). Hashes cross as
//! lowercase hex strings; many leaves may also cross as one `Uint8Array` of
//! `32 * n` bytes, which avoids a string per leaf, or (from the package's wrapper)
//! as `{ hex }`, the `64 * n` ASCII hex characters of an array of hex strings.

use js_sys::{Array, Uint8Array};
use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::merkle::{
    leaf_hash, ConsistencyProof, InclusionProof, LeafHash, MerkleError, MerkleTree, RootHash,
};
use nexuscone_core::note::SignerKey;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::convert::{string_list, to_js};
use crate::error::{trust_error, Code, JsErr};
use nexuscone_core::input::{Trust, TrustKind};

fn hash_from_hex(text: &str, what: &str, index: Option<usize>) -> Result<[u8; 32], JsErr> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).map_err(|_| {
        let at = index.map(|i| format!("[{i}]")).unwrap_or_default();
        let err = JsErr::new(
            Code::InvalidHash,
            format!(
                "{what}{at}: expected 64 hex characters, found {:?}",
                text.chars().take(80).collect::<String>()
            ),
        );
        match index {
            Some(i) => err.index(i),
            None => err,
        }
    })?;
    Ok(out)
}

fn hex_arg(value: &JsValue, what: &str, index: Option<usize>) -> Result<[u8; 32], JsErr> {
    match value.as_string() {
        Some(text) => hash_from_hex(&text, what, index),
        None => Err(JsErr::new(
            Code::InvalidHash,
            format!("{what}: expected a hex string"),
        )),
    }
}

/// Value of an ASCII hex digit, or 0xff.
const fn hex_table() -> [u8; 256] {
    let mut table = [0xffu8; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
}

static HEX: [u8; 256] = hex_table();

/// Hashes given as the ASCII of their hex forms joined, 64 characters each; `what`
/// names them in errors.
fn hashes_from_hex(hex: &[u8], what: &str) -> Result<Vec<[u8; 32]>, JsErr> {
    if hex.len() % 64 != 0 {
        return Err(JsErr::new(
            Code::InvalidHash,
            format!(
                "{what}: {} hex characters is not a multiple of 64",
                hex.len()
            ),
        ));
    }
    let mut out = Vec::with_capacity(hex.len() / 64);
    for (i, text) in hex.chunks_exact(64).enumerate() {
        let mut hash = [0u8; 32];
        let mut bad = 0u8;
        for (byte, pair) in hash.iter_mut().zip(text.chunks_exact(2)) {
            let (hi, lo) = (HEX[usize::from(pair[0])], HEX[usize::from(pair[1])]);
            bad |= (hi | lo) & 0xf0;
            *byte = hi << 4 | lo;
        }
        if bad != 0 {
            return Err(JsErr::new(
                Code::InvalidHash,
                format!("{what}[{i}]: expected 64 hex characters"),
            )
            .index(i));
        }
        out.push(hash);
    }
    Ok(out)
}

/// The leaf hashes of entry hashes given as an array of hex strings or as one
/// `Uint8Array` of concatenated 32-byte hashes.
pub(crate) fn leaves(entry_hashes: &JsValue) -> Result<Vec<LeafHash>, JsErr> {
    if let Some(bytes) = entry_hashes.dyn_ref::<Uint8Array>() {
        let bytes = bytes.to_vec();
        if bytes.len() % 32 != 0 {
            return Err(JsErr::new(
                Code::InvalidHash,
                format!("entryHashes: {} bytes is not a multiple of 32", bytes.len()),
            ));
        }
        return Ok(bytes.chunks_exact(32).map(leaf_hash).collect());
    }
    let hex_bytes = js_sys::Reflect::get(entry_hashes, &JsValue::from_str("hex")).ok();
    if let Some(hex_bytes) = hex_bytes.as_ref().and_then(|h| h.dyn_ref::<Uint8Array>()) {
        // The package packs an array of 64-character strings as `{ hex: bytes }`,
        // their ASCII joined: one copy across the boundary instead of one per hash.
        let hashes = hashes_from_hex(&hex_bytes.to_vec(), "entryHashes")?;
        return Ok(hashes.iter().map(|h| leaf_hash(h)).collect());
    }
    if !Array::is_array(entry_hashes) {
        return Err(JsErr::new(
            Code::InvalidInput,
            "entryHashes: expected an array of hex strings or a Uint8Array".to_owned(),
        ));
    }
    let array = Array::from(entry_hashes);
    let mut out = Vec::with_capacity(array.length() as usize);
    for (i, item) in array.iter().enumerate() {
        out.push(leaf_hash(&hex_arg(&item, "entryHashes", Some(i))?));
    }
    Ok(out)
}

fn size_arg(size: Option<f64>, available: u64, what: &str) -> Result<u64, JsErr> {
    match size {
        None => Ok(available),
        Some(s) if s >= 0.0 && s.fract() == 0.0 && s <= 9_007_199_254_740_991.0 => Ok(s as u64),
        Some(s) => Err(JsErr::new(
            Code::InvalidProofRequest,
            format!("{what}: expected a non-negative integer, found {s}"),
        )),
    }
}

fn merkle_error(e: &MerkleError) -> JsErr {
    JsErr::new(Code::InvalidProofRequest, e.to_string())
}

/// The RFC 9162 root (hex) of the tree over the first `size` entry hashes
/// (default: all of them).
///
/// # Errors
/// `INVALID_HASH` naming the index of a bad hash; `INVALID_PROOF_REQUEST` when
/// `size` exceeds the number of hashes.
#[wasm_bindgen(js_name = merkleRoot)]
pub fn merkle_root(entry_hashes: JsValue, size: Option<f64>) -> Result<String, JsValue> {
    let leaves = leaves(&entry_hashes)?;
    let size = size_arg(size, leaves.len() as u64, "size")?;
    let tree = MerkleTree::from_leaves(leaves);
    Ok(tree.root_at(size).map_err(|e| merkle_error(&e))?.to_hex())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InclusionJs {
    leaf_index: u64,
    tree_size: u64,
    path: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConsistencyJs {
    old_size: u64,
    new_size: u64,
    path: Vec<String>,
}

/// The inclusion proof of entry `index` (0-based) in the tree of the first
/// `size` entry hashes (default: all).
///
/// # Errors
/// `INVALID_HASH`, or `INVALID_PROOF_REQUEST` for an index or size out of range.
#[wasm_bindgen(js_name = inclusionProof)]
pub fn inclusion_proof(
    entry_hashes: JsValue,
    index: f64,
    size: Option<f64>,
) -> Result<JsValue, JsValue> {
    let leaves = leaves(&entry_hashes)?;
    let size = size_arg(size, leaves.len() as u64, "size")?;
    let index = size_arg(Some(index), 0, "index")?;
    let proof = MerkleTree::from_leaves(leaves)
        .inclusion_proof(index, size)
        .map_err(|e| merkle_error(&e))?;
    to_js(&InclusionJs {
        leaf_index: proof.leaf_index,
        tree_size: proof.tree_size,
        path: proof.path.iter().map(|h| h.to_hex()).collect(),
    })
}

/// The consistency proof between the trees of the first `oldSize` and the first
/// `newSize` entry hashes (default: all).
///
/// # Errors
/// `INVALID_HASH`, or `INVALID_PROOF_REQUEST` for sizes that do not fit.
#[wasm_bindgen(js_name = consistencyProof)]
pub fn consistency_proof(
    entry_hashes: JsValue,
    old_size: f64,
    new_size: Option<f64>,
) -> Result<JsValue, JsValue> {
    let leaves = leaves(&entry_hashes)?;
    let new_size = size_arg(new_size, leaves.len() as u64, "newSize")?;
    let old_size = size_arg(Some(old_size), 0, "oldSize")?;
    let proof = MerkleTree::from_leaves(leaves)
        .consistency_proof(old_size, new_size)
        .map_err(|e| merkle_error(&e))?;
    to_js(&ConsistencyJs {
        old_size: proof.old_size,
        new_size: proof.new_size,
        path: proof.path.iter().map(|h| h.to_hex()).collect(),
    })
}

fn proof_fields(
    proof: &JsValue,
    first: &str,
    second: &str,
) -> Result<(u64, u64, Vec<[u8; 32]>), JsErr> {
    let get =
        |name: &str| js_sys::Reflect::get(proof, &JsValue::from_str(name)).unwrap_or_default();
    if !proof.is_object() {
        return Err(JsErr::new(
            Code::InvalidInput,
            "proof: expected an object".to_owned(),
        ));
    }
    let a = size_arg(Some(get(first).as_f64().unwrap_or(-1.0)), 0, first)?;
    let b = size_arg(Some(get(second).as_f64().unwrap_or(-1.0)), 0, second)?;
    let path = get("path");
    if !Array::is_array(&path) {
        return Err(JsErr::new(
            Code::InvalidInput,
            "proof.path: expected an array of hex strings".to_owned(),
        ));
    }
    let path = Array::from(&path)
        .iter()
        .enumerate()
        .map(|(i, h)| hex_arg(&h, "proof.path", Some(i)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((a, b, path))
}

#[derive(Serialize)]
struct Outcome {
    valid: bool,
    message: Option<String>,
}

fn outcome(result: Result<(), MerkleError>) -> Result<JsValue, JsValue> {
    to_js(&Outcome {
        valid: result.is_ok(),
        message: result.err().map(|e| e.to_string()),
    })
}

/// Checks that `entryHash` is leaf `proof.leafIndex` of the tree of
/// `proof.treeSize` leaves whose root is `root`. A proof that does not verify is
/// `{ valid: false, message }`.
///
/// # Errors
/// `INVALID_HASH` or `INVALID_INPUT` for arguments that cannot be read.
#[wasm_bindgen(js_name = verifyInclusion)]
pub fn verify_inclusion(
    root: JsValue,
    entry_hash: JsValue,
    proof: JsValue,
) -> Result<JsValue, JsValue> {
    let root = RootHash::from_bytes(hex_arg(&root, "root", None)?);
    let leaf = leaf_hash(&hex_arg(&entry_hash, "entryHash", None)?);
    let (index, size, path) = proof_fields(&proof, "leafIndex", "treeSize")?;
    let proof = InclusionProof::from_slices(index, size, &path).map_err(|e| merkle_error(&e))?;
    outcome(root.verify_inclusion(&leaf, &proof))
}

/// [`verify_inclusion`] for the package's wrapper, with every hash in one buffer:
/// the ASCII of the root, the entry hash and the path, 64 hex characters each (one
/// copy across the boundary instead of a string per hash). Returns why the proof
/// does not verify, or nothing when it does.
///
/// # Errors
/// `INVALID_HASH` (the wrapper then calls [`verify_inclusion`], whose error names
/// the argument), `INVALID_PROOF_REQUEST` for a bad index or size.
#[wasm_bindgen(js_name = verifyInclusionPacked)]
pub fn verify_inclusion_packed(
    hex: &[u8],
    leaf_index: f64,
    tree_size: f64,
) -> Result<Option<String>, JsValue> {
    let PackedProof {
        first: root,
        second: entry_hash,
        path,
    } = packed_proof(hex)?;
    let index = size_arg(Some(leaf_index), 0, "leafIndex")?;
    let size = size_arg(Some(tree_size), 0, "treeSize")?;
    let proof = InclusionProof::from_slices(index, size, &path).map_err(|e| merkle_error(&e))?;
    Ok(RootHash::from_bytes(root)
        .verify_inclusion(&leaf_hash(&entry_hash), &proof)
        .err()
        .map(|e| e.to_string()))
}

/// [`verify_consistency`] for the package's wrapper: `hex` holds the old root,
/// the new root and the path, as in [`verify_inclusion_packed`].
///
/// # Errors
/// As [`verify_inclusion_packed`].
#[wasm_bindgen(js_name = verifyConsistencyPacked)]
pub fn verify_consistency_packed(
    hex: &[u8],
    old_size: f64,
    new_size: f64,
) -> Result<Option<String>, JsValue> {
    let PackedProof {
        first: old_root,
        second: new_root,
        path,
    } = packed_proof(hex)?;
    let old_size = size_arg(Some(old_size), 0, "oldSize")?;
    let new_size = size_arg(Some(new_size), 0, "newSize")?;
    let proof =
        ConsistencyProof::from_slices(old_size, new_size, &path).map_err(|e| merkle_error(&e))?;
    Ok(RootHash::from_bytes(old_root)
        .verify_consistency(&RootHash::from_bytes(new_root), &proof)
        .err()
        .map(|e| e.to_string()))
}

/// A packed proof: its two leading hashes (root and entry hash, or old and new
/// root) and its path.
struct PackedProof {
    first: [u8; 32],
    second: [u8; 32],
    path: Vec<[u8; 32]>,
}

fn packed_proof(hex: &[u8]) -> Result<PackedProof, JsErr> {
    let mut hashes = hashes_from_hex(hex, "proof")?;
    if hashes.len() < 2 {
        return Err(JsErr::new(
            Code::InvalidHash,
            "proof: expected two hashes before the path".to_owned(),
        ));
    }
    let path = hashes.split_off(2);
    Ok(PackedProof {
        first: hashes[0],
        second: hashes[1],
        path,
    })
}

/// Checks that the tree with root `oldRoot` is a prefix of the tree with root
/// `newRoot`. A proof that does not verify is `{ valid: false, message }`.
///
/// # Errors
/// `INVALID_HASH` or `INVALID_INPUT` for arguments that cannot be read.
#[wasm_bindgen(js_name = verifyConsistency)]
pub fn verify_consistency(
    old_root: JsValue,
    new_root: JsValue,
    proof: JsValue,
) -> Result<JsValue, JsValue> {
    let old_root = RootHash::from_bytes(hex_arg(&old_root, "oldRoot", None)?);
    let new_root = RootHash::from_bytes(hex_arg(&new_root, "newRoot", None)?);
    let (old_size, new_size, path) = proof_fields(&proof, "oldSize", "newSize")?;
    let proof =
        ConsistencyProof::from_slices(old_size, new_size, &path).map_err(|e| merkle_error(&e))?;
    outcome(old_root.verify_consistency(&new_root, &proof))
}

/// Signs a checkpoint `{ origin, size, root, extensions? }` (root in hex) with
/// signer keys in Go's `PRIVATE+KEY+name+id+base64` form, returning the signed
/// note text (C2SP tlog-checkpoint).
///
/// # Errors
/// `INVALID_KEY` for an unreadable key, `INVALID_CHECKPOINT` for fields the
/// format cannot hold.
#[wasm_bindgen(js_name = signCheckpoint)]
pub fn sign_checkpoint(checkpoint: JsValue, signer_keys: JsValue) -> Result<String, JsValue> {
    let get = |name: &str| {
        js_sys::Reflect::get(&checkpoint, &JsValue::from_str(name)).unwrap_or_default()
    };
    if !checkpoint.is_object() {
        return Err(JsErr::new(
            Code::InvalidInput,
            "checkpoint: expected an object".to_owned(),
        )
        .into());
    }
    let origin = get("origin").as_string().ok_or_else(|| {
        JsErr::new(
            Code::InvalidCheckpoint,
            "checkpoint.origin: expected a string".to_owned(),
        )
    })?;
    let size = size_arg(
        Some(get("size").as_f64().unwrap_or(-1.0)),
        0,
        "checkpoint.size",
    )?;
    let root = RootHash::from_bytes(hex_arg(&get("root"), "checkpoint.root", None)?);
    let extensions = match get("extensions") {
        v if v.is_undefined() || v.is_null() => Vec::new(),
        v => string_list(&v, "checkpoint.extensions")?,
    };
    let signers = string_list(&signer_keys, "signerKeys")?
        .iter()
        .map(|k| SignerKey::parse(k))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| JsErr::new(Code::InvalidKey, format!("signerKeys: {e}")))?;
    let signer_refs: Vec<&SignerKey> = signers.iter().collect();
    let checkpoint = Checkpoint {
        origin,
        size,
        root,
        extensions,
    };
    Ok(checkpoint
        .sign(&signer_refs)
        .map_err(|e| JsErr::new(Code::InvalidCheckpoint, e.to_string()))?)
}

#[derive(Serialize)]
struct CheckpointJs {
    origin: String,
    size: u64,
    root: String,
    extensions: Vec<String>,
    #[serde(rename = "verifiedBy")]
    verified_by: Vec<String>,
    text: String,
}

/// Opens a signed checkpoint note with trusted verifier keys (`name+id+base64`)
/// and checks its origin. Returns `{ origin, size, root, extensions, verifiedBy,
/// text }`.
///
/// # Errors
/// `INVALID_KEY` for an unreadable verifier key; `INVALID_CHECKPOINT` when the note
/// is malformed, no trusted signature verifies, a signature is invalid, or the
/// origin differs.
#[wasm_bindgen(js_name = verifyCheckpoint)]
pub fn verify_checkpoint(
    note: &str,
    verifier_keys: JsValue,
    origin: &str,
) -> Result<JsValue, JsValue> {
    let mut trust = Trust::new();
    let vkeys = string_list(&verifier_keys, "verifierKeys")?.join("\n");
    trust
        .add(TrustKind::VerifierKeys, vkeys.as_bytes(), "verifierKeys")
        .map_err(|e| trust_error(&e))?;
    trust
        .add_checkpoint(note.as_bytes(), Some(origin), "checkpoint")
        .map_err(|e| JsErr::new(Code::InvalidCheckpoint, e.to_string()))?;
    let opened = trust
        .checkpoint()
        .cloned()
        .ok_or_else(|| JsErr::new(Code::InvalidCheckpoint, "checkpoint: not opened".to_owned()))?;
    to_js(&CheckpointJs {
        origin: opened.checkpoint.origin,
        size: opened.checkpoint.size,
        root: opened.checkpoint.root.to_hex(),
        extensions: opened.checkpoint.extensions,
        verified_by: opened
            .note
            .verified
            .iter()
            .map(|s| s.name.clone())
            .collect(),
        text: opened.note.text,
    })
}

//! Merkle proofs, checkpoints and redaction over a ledger file: `root`, `prove`,
//! `checkpoint`, `vkey` and `redact`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::command::{self, RootOf};
use nexuscone_core::entry::Entry;
use nexuscone_core::input::proof_file::{ConsistencyProofFile, InclusionProofFile};
use nexuscone_core::merkle::{LeafHash, MerkleTree};
use nexuscone_core::note::{SignerKey, Verifiers};
use nexuscone_core::redaction;

use crate::ledger;
use crate::InputError;
use nexuscone_core::input::ErrorKind;

fn leaf(entry: &Entry) -> Result<LeafHash, InputError> {
    Ok(command::leaf(entry)?)
}

fn check_size(size: u64, available: u64) -> Result<(), InputError> {
    Ok(command::check_size(size, available)?)
}

/// The Merkle root of the first `size` entries (all when `None`), in O(log n) memory.
pub fn root_of(
    path: &Path,
    size: Option<u64>,
) -> Result<(u64, nexuscone_core::merkle::RootHash), InputError> {
    let mut root = RootOf::new(size);
    ledger::read(path, &mut root)?;
    Ok(root.finish()?)
}

/// `nexuscone root LEDGER [--size N]`.
pub fn root(path: &Path, size: Option<u64>) -> Result<ExitCode, InputError> {
    let (_, root) = root_of(path, size)?;
    println!("{root}");
    Ok(ExitCode::SUCCESS)
}

fn tree(path: &Path) -> Result<MerkleTree, InputError> {
    let mut tree = MerkleTree::new();
    ledger::for_each_entry(path, |entry| {
        tree.push(leaf(&entry)?);
        Ok(())
    })?;
    Ok(tree)
}

fn print_line(text: &str) -> Result<ExitCode, InputError> {
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// `nexuscone prove inclusion LEDGER --index I --size N`.
pub fn prove_inclusion(path: &Path, index: u64, size: u64) -> Result<ExitCode, InputError> {
    let tree = tree(path)?;
    check_size(size, tree.len())?;
    let proof = tree
        .inclusion_proof(index, size)
        .map_err(|e| InputError::new(ErrorKind::InvalidProof, format!("inclusion proof: {e}")))?;
    let file = InclusionProofFile {
        leaf_index: index,
        tree_size: size,
        leaf_hash: tree
            .leaf(index)
            .ok_or_else(|| InputError::new(ErrorKind::InvalidProof, "no such leaf"))?,
        root: tree
            .root_at(size)
            .map_err(|e| InputError::new(ErrorKind::InvalidProof, e.to_string()))?,
        path: proof.path,
    };
    print_line(&file.to_json())
}

/// `nexuscone prove consistency LEDGER --from M --to N`.
pub fn prove_consistency(path: &Path, from: u64, to: u64) -> Result<ExitCode, InputError> {
    let tree = tree(path)?;
    check_size(to, tree.len())?;
    let proof = tree
        .consistency_proof(from, to)
        .map_err(|e| InputError::new(ErrorKind::InvalidProof, format!("consistency proof: {e}")))?;
    let root = |size| {
        tree.root_at(size)
            .map_err(|e| InputError::new(ErrorKind::InvalidProof, e.to_string()))
    };
    let file = ConsistencyProofFile {
        size1: from,
        size2: to,
        root1: root(from)?,
        root2: root(to)?,
        path: proof.path,
    };
    print_line(&file.to_json())
}

fn read_seed(path: &Path) -> Result<[u8; 32], InputError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::io(format!("{}: cannot read: {e}", path.display())))?;
    let mut seed = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut seed).map_err(|_| {
        InputError::new(
            ErrorKind::InvalidKey,
            format!(
                "{}: expected the 32-byte Ed25519 seed as 64 hex characters",
                path.display()
            ),
        )
    })?;
    Ok(seed)
}

fn signer(key_name: &str, seed_file: &Path) -> Result<SignerKey, InputError> {
    SignerKey::from_seed(key_name, &read_seed(seed_file)?)
        .map_err(|e| InputError::usage(format!("--key-name: {e}")))
}

/// `nexuscone checkpoint LEDGER --origin O --key-name K --seed-file F [--size N]`.
pub fn checkpoint(
    path: &Path,
    origin: &str,
    key_name: &str,
    seed_file: &Path,
    size: Option<u64>,
) -> Result<ExitCode, InputError> {
    let signer = signer(key_name, seed_file)?;
    let (size, root) = root_of(path, size)?;
    let checkpoint = Checkpoint {
        origin: origin.to_owned(),
        size,
        root,
        extensions: Vec::new(),
    };
    let note = checkpoint
        .sign(&[&signer])
        .map_err(|e| InputError::new(ErrorKind::InvalidCheckpoint, format!("checkpoint: {e}")))?;
    print!("{note}");
    Ok(ExitCode::SUCCESS)
}

/// `nexuscone vkey --key-name K --seed-file F`.
pub fn vkey(key_name: &str, seed_file: &Path) -> Result<ExitCode, InputError> {
    println!("{}", signer(key_name, seed_file)?.verifier());
    Ok(ExitCode::SUCCESS)
}

/// The `--vkey` arguments as note verifiers; `None` when there are none.
pub fn verifiers(vkeys: &[String]) -> Result<Option<Verifiers>, InputError> {
    Ok(crate::commands::read_trust(None, None, vkeys, None)?.verifiers())
}

/// The current UTC time as Python's `strftime("%Y-%m-%dT%H:%M:%S.%fZ")`.
pub fn now_timestamp() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    nexuscone_core::writer::format_timestamp(now.as_secs() as i64, now.subsec_micros())
}

/// `nexuscone redact LEDGER --entry ID --reason R --by A --out OUT`.
pub fn redact(
    path: &Path,
    entry_id: i64,
    reason: &str,
    by: &str,
    out: &Path,
) -> Result<ExitCode, InputError> {
    if out.exists() {
        return Err(InputError::usage(format!(
            "{}: already exists",
            out.display()
        )));
    }
    let timestamp = now_timestamp();
    let mut target: Option<Entry> = None;
    let mut head: Option<(i64, String)> = None;
    ledger::for_each_entry(path, |entry| {
        if entry.entry_id == entry_id {
            target = Some(entry.clone());
        }
        head = Some((entry.entry_id, entry.entry_hash));
        Ok(())
    })?;
    let target = target
        .ok_or_else(|| InputError::usage(format!("{}: has no entry {entry_id}", path.display())))?;
    let (head_id, head_hash) = head.unwrap_or_default();
    let redaction::Redaction {
        redacted,
        redaction_entry: appended,
    } = redaction::redact_in_ledger(&target, (head_id, &head_hash), reason, by, &timestamp)
        .map_err(|e| InputError::usage(e.to_string()))?;
    ledger::write_redacted(path, out, &redacted, &appended)?;
    let _ = std::io::stdout().flush();
    eprintln!(
        "redacted entry {entry_id}; appended redaction entry {} to {}",
        appended.entry_id,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

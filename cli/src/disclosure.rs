//! Selective disclosure and offline proofs: `disclose`, `verify BUNDLE` for disclosure
//! bundles, `prove inclusion --tlog-proof`, `verify-proof` and `verify-consistency`.
//! The logic is in `nexuscone_core::disclosure` and `nexuscone_core::checkpoint`; this
//! module reads files and maps outcomes to exit codes (0 valid, 1 invalid, 2 bad input).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use nexuscone_core::checkpoint::consistency::verify_extends;
use nexuscone_core::checkpoint::proof::{TlogProof, TlogProofError};
use nexuscone_core::checkpoint::CheckpointError;
use nexuscone_core::disclosure::{
    self, Disclosure, DisclosureOptions, DisclosureReport, DisclosureVerdict, NotProvenKind,
};
use nexuscone_core::entry::{Entry, EntryHash};
use nexuscone_core::input::proof_file::ConsistencyProofFile;
use nexuscone_core::input::{TrustError, TrustKind};
use nexuscone_core::merkle::{entry_leaf, entry_leaf_hex, MerkleTree};

use crate::commands::read_trust;
use crate::ledger;
use crate::proofs::verifiers;
use crate::InputError;
use nexuscone_core::input::{ErrorKind, LocatedError};

fn read(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path).map_err(|e| InputError::io(format!("{}: cannot read: {e}", path.display())))
}

fn read_text(path: &Path) -> Result<String, InputError> {
    String::from_utf8(read(path)?).map_err(|_| {
        InputError::new(
            ErrorKind::InvalidCheckpoint,
            format!("{}: not valid UTF-8", path.display()),
        )
    })
}

/// `nexuscone verify BUNDLE.json --vkey VKEY [--keys KEYS.json] [--json]` for a disclosure.
pub fn verify_bundle(
    path: &Path,
    keys: Option<&Path>,
    vkeys: &[String],
    json: bool,
) -> Result<ExitCode, InputError> {
    let disclosure = Disclosure::parse(&read(path)?)
        .map_err(|e| InputError(LocatedError::from(&e)).in_input(&path.display().to_string()))?;
    let trust = read_trust(keys, None, vkeys, None)?;
    let options = DisclosureOptions {
        verifiers: trust.verifiers(),
        keys: trust.entry_key_ring().cloned(),
    };
    let report = disclosure.verify(&options);
    if json {
        let text = serde_json::to_string_pretty(&report)
            .map_err(|e| InputError::io(format!("report: {e}")))?;
        println!("{text}");
    } else {
        print_report(&report);
    }
    Ok(if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_report(report: &DisclosureReport) {
    match report.verdict {
        DisclosureVerdict::Valid | DisclosureVerdict::ValidWithLimits => println!(
            "OK · disclosure valid ({} entries at checkpoint {} tree size {})",
            report.entries.len(),
            report.checkpoint.origin,
            report.checkpoint.size
        ),
        DisclosureVerdict::CheckpointUnverified => {
            eprintln!("NOT VERIFIED · the checkpoint signature could not be checked: pass --vkey")
        }
        DisclosureVerdict::Invalid => {
            for failure in &report.failures {
                eprintln!("FAIL · {}: {}", failure.location, failure.message);
            }
        }
    }
    for line in &report.proven {
        eprintln!("proven · {line}");
    }
    for limit in &report.not_proven {
        let hint = match limit.kind {
            NotProvenKind::SelfAssertedSigningKeys | NotProvenKind::SignaturesUnchecked => {
                " (use --keys)"
            }
            NotProvenKind::CheckpointUnverified => " (use --vkey)",
            _ => "",
        };
        eprintln!("not proven · {}{hint}", limit.message);
    }
}

fn parse_ids(list: &str) -> Result<Vec<i64>, InputError> {
    list.split(',')
        .map(|s| {
            s.trim()
                .parse::<i64>()
                .map_err(|_| InputError::usage(format!("--entries: {s:?} is not an entry id")))
        })
        .collect()
}

/// Arguments of `nexuscone disclose`.
pub struct DiscloseArgs<'a> {
    /// The ledger.
    pub ledger: &'a Path,
    /// Comma-separated entry ids.
    pub entries: &'a str,
    /// The signed checkpoint note.
    pub checkpoint: &'a Path,
    /// Output file.
    pub out: &'a Path,
    /// Public keys to include.
    pub keys: Option<&'a Path>,
    /// Older signed checkpoints to prove consistency from.
    pub older: &'a [PathBuf],
    /// Replace `out` if it exists.
    pub force: bool,
}

/// `nexuscone disclose LEDGER --entries 3,17 --checkpoint NOTE --out BUNDLE.json`.
pub fn disclose(args: &DiscloseArgs<'_>) -> Result<ExitCode, InputError> {
    if !args.force && args.out.exists() {
        return Err(InputError::usage(format!(
            "{}: already exists (pass --force to replace it)",
            args.out.display()
        )));
    }
    let ids = parse_ids(args.entries)?;
    let note = read_text(args.checkpoint)?;
    let checkpoint = disclosure::read_unverified_checkpoint(&note).map_err(|e| {
        InputError::new(
            ErrorKind::InvalidCheckpoint,
            format!("{}: {e}", args.checkpoint.display()),
        )
    })?;
    let older = args
        .older
        .iter()
        .map(|p| read_text(p))
        .collect::<Result<Vec<_>, _>>()?;
    let (all, tree) = whole_ledger(args.ledger)?;
    let (chosen, added) = disclosure::select(&all, &ids, checkpoint.size)
        .map_err(|e| InputError::usage(format!("{}: {e}", args.ledger.display())))?;
    let trust = read_trust(args.keys, None, &[], None)?;
    let keys = trust.entry_keys().cloned().unwrap_or_default();
    let bundle = Disclosure::build(&note, &tree, chosen, &keys, &older).map_err(|e| {
        InputError::new(
            ErrorKind::InvalidProof,
            format!("{}: {e}", args.ledger.display()),
        )
    })?;
    std::fs::write(args.out, bundle.to_canonical())
        .map_err(|e| InputError::io(format!("{}: cannot write: {e}", args.out.display())))?;
    for id in added {
        eprintln!("added redaction entry {id}: a redacted entry is disclosed with it");
    }
    eprintln!(
        "disclosed {} entries against checkpoint {} tree size {} to {}",
        bundle.entries.len(),
        checkpoint.origin,
        checkpoint.size,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn whole_ledger(path: &Path) -> Result<(Vec<Entry>, MerkleTree), InputError> {
    let mut all = Vec::new();
    let mut tree = MerkleTree::new();
    ledger::for_each_entry(path, |entry| {
        let leaf = entry_leaf_hex(&entry.entry_hash).ok_or_else(|| {
            InputError::new(
                ErrorKind::InvalidRow,
                format!(
                    "entry {}: entry_hash is not 64 hex characters, so it has no Merkle leaf",
                    entry.entry_id
                ),
            )
        })?;
        tree.push(leaf);
        all.push(entry);
        Ok(())
    })?;
    Ok((all, tree))
}

/// `nexuscone prove inclusion LEDGER --index I --size N --checkpoint NOTE --tlog-proof`:
/// the C2SP tlog-proof of leaf I against the signed checkpoint, on stdout.
pub fn prove_tlog(
    path: &Path,
    index: u64,
    size: u64,
    note_path: &Path,
) -> Result<ExitCode, InputError> {
    let note = read_text(note_path)?;
    let checkpoint = disclosure::read_unverified_checkpoint(&note).map_err(|e| {
        InputError::new(
            ErrorKind::InvalidCheckpoint,
            format!("{}: {e}", note_path.display()),
        )
    })?;
    if checkpoint.size != size {
        return Err(InputError::usage(format!(
            "--size {size} differs from the checkpoint's tree size {}",
            checkpoint.size
        )));
    }
    let (_, tree) = whole_ledger(path)?;
    if size > tree.len() {
        return Err(InputError::new(
            ErrorKind::InvalidProof,
            format!(
                "tree size {size} is larger than the ledger ({} entries)",
                tree.len()
            ),
        ));
    }
    let root = tree
        .root_at(size)
        .map_err(|e| InputError::new(ErrorKind::InvalidProof, e.to_string()))?;
    if root != checkpoint.root {
        return Err(InputError::new(ErrorKind::InvalidProof, format!(
            "the ledger's Merkle root at size {size} is {root}, but the checkpoint commits to {}: refusing to prove against it",
            checkpoint.root
        )));
    }
    let proof = tree
        .inclusion_proof(index, size)
        .map_err(|e| InputError::new(ErrorKind::InvalidProof, format!("inclusion proof: {e}")))?;
    let tlog = TlogProof {
        extra: None,
        index,
        path: proof.path,
        checkpoint: note,
    };
    print!("{}", tlog.to_text());
    Ok(ExitCode::SUCCESS)
}

/// `nexuscone verify-proof PROOF --entry-hash HEX --vkey VKEY --origin ORIGIN`.
pub fn verify_proof(
    proof_path: &Path,
    entry_hash: &str,
    vkeys: &[String],
    origin: &str,
) -> Result<ExitCode, InputError> {
    let hash = EntryHash::from_hex(entry_hash)
        .filter(|_| nexuscone_core::entry::is_lower_hex64(entry_hash))
        .ok_or_else(|| {
            InputError::usage(format!(
                "--entry-hash: expected 64 lowercase hex characters, found {entry_hash:?}"
            ))
        })?;
    let verifiers = verifiers(vkeys)?
        .ok_or_else(|| InputError::usage("verify-proof needs at least one --vkey"))?;
    let proof = TlogProof::parse(&read(proof_path)?).map_err(|e| {
        InputError::new(
            ErrorKind::InvalidProof,
            format!("{}: {e}", proof_path.display()),
        )
    })?;
    match proof.verify(&entry_leaf(&hash), &verifiers, origin) {
        Ok(signed) => {
            println!(
                "OK · entry {} (entry_hash {entry_hash}) is leaf {} of checkpoint {} tree size {}, signed by {}",
                proof.index + 1,
                proof.index,
                signed.checkpoint.origin,
                signed.checkpoint.size,
                signed
                    .note
                    .verified
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(TlogProofError::Checkpoint(CheckpointError::Note(e))) => {
            eprintln!("FAIL · checkpoint: {e}");
            Ok(ExitCode::from(1))
        }
        Err(e @ (TlogProofError::Inclusion(_) | TlogProofError::Checkpoint(_))) => {
            eprintln!("FAIL · {e}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(InputError::new(
            ErrorKind::InvalidProof,
            format!("{}: {e}", proof_path.display()),
        )),
    }
}

/// `nexuscone verify-consistency --old NOTE --new NOTE --proof PROOF.json --vkey VKEY`.
pub fn verify_consistency(
    old_path: &Path,
    new_path: &Path,
    proof_path: &Path,
    vkeys: &[String],
) -> Result<ExitCode, InputError> {
    if vkeys.is_empty() {
        return Err(InputError::usage(
            "verify-consistency needs at least one --vkey",
        ));
    }
    let proof = ConsistencyProofFile::parse(&read(proof_path)?).map_err(|e| {
        InputError::new(
            ErrorKind::InvalidProof,
            format!("{}: {e}", proof_path.display()),
        )
    })?;
    let mut opened = Vec::new();
    for note_path in [old_path, new_path] {
        let mut trust = read_trust(None, None, vkeys, None)?;
        let name = note_path.display().to_string();
        match trust.add(TrustKind::Checkpoint, &read(note_path)?, &name) {
            Ok(()) => {}
            Err(
                e @ TrustError::Checkpoint {
                    error: CheckpointError::Note(_),
                    ..
                },
            ) => {
                eprintln!("FAIL · {e}");
                return Ok(ExitCode::from(1));
            }
            Err(e) => return Err(e.into()),
        }
        opened.extend(trust.checkpoint().map(|c| c.checkpoint.clone()));
    }
    let [old, new] = opened.as_slice() else {
        return Err(InputError::new(
            ErrorKind::InvalidCheckpoint,
            "checkpoint: not opened",
        ));
    };
    for (member, found, expected) in [
        ("size1", proof.size1, old.size),
        ("size2", proof.size2, new.size),
    ] {
        if found != expected {
            return Err(InputError::new(
                ErrorKind::InvalidProof,
                format!(
                    "{}: {member} is {found}, but the checkpoint's tree size is {expected}",
                    proof_path.display()
                ),
            ));
        }
    }
    let path = proof.path;
    match verify_extends(old, new, &path) {
        Ok(()) => {
            println!(
                "OK · checkpoint {} tree size {} extends tree size {}: the later ledger is the earlier one with entries appended",
                new.origin, new.size, old.size
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(message) => {
            eprintln!("FAIL · {message}");
            Ok(ExitCode::from(1))
        }
    }
}

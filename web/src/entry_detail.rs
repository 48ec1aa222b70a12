//! The detail of one entry, built where the ledger is held (the worker) and sent to
//! the page's detail pane: the stored fields, the hash the core recomputes, the
//! previous entry's hash, the redaction marker and the Merkle inclusion path.

use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::merkle::{entry_leaf_hex, MerkleTree};
use nexuscone_core::redaction::{is_redaction_entry, Marker, Record};
use nexuscone_core::report::Report;

use crate::ledger::Ledger;
use crate::protocol::{EntryDetail, Inclusion, PathStep, Redaction};

/// What a finished verification adds to an entry's detail.
pub struct Verified<'a> {
    /// The core's report.
    pub report: &'a Report,
    /// The Merkle tree of the entry hashes in input order; `None` when an
    /// `entry_hash` is not 64 hex characters.
    pub tree: Option<&'a MerkleTree>,
    /// The checkpoint verified against, if any.
    pub checkpoint: Option<&'a Checkpoint>,
}

/// The detail of the entry at `index`; `None` past the end.
pub fn build(ledger: &Ledger, index: usize, verified: Option<&Verified>) -> Option<EntryDetail> {
    let e = ledger.entry(index)?;
    let findings = verified.map_or_else(Vec::new, |v| {
        v.report
            .failures
            .iter()
            .chain(v.report.warnings.iter())
            .filter(|f| f.entry_id == Some(e.entry_id))
            .map(|f| f.message.clone())
            .collect()
    });
    let inclusion = match verified {
        Some(v) => inclusion(ledger, v, index),
        None => Err("available once the ledger is verified".to_owned()),
    };
    Some(EntryDetail {
        index: index as u32,
        entry: e.clone(),
        recomputed_hash: e.hash_format().map(|f| e.compute_hash(f).to_hex()),
        previous: index
            .checked_sub(1)
            .and_then(|i| ledger.entry(i))
            .map(|p| (p.entry_id, p.entry_hash.clone())),
        findings,
        redaction: redaction(ledger, index),
        inclusion,
    })
}

/// The inclusion path of the entry at `index` (its leaf index in the tree built from
/// the entry hashes in input order), at the checkpoint's size when one was given and
/// covers the entry, otherwise at the ledger's size.
fn inclusion(ledger: &Ledger, verified: &Verified, index: usize) -> Result<Inclusion, String> {
    let tree = verified
        .tree
        .ok_or("No Merkle tree: an entry_hash is not 64 hex characters.")?;
    let checkpoint = verified
        .checkpoint
        .filter(|c| (index as u64) < c.size && c.size <= tree.len());
    let size = checkpoint.map_or(tree.len(), |c| c.size);
    let entry = &ledger.rows[index].entry;
    let leaf = entry_leaf_hex(&entry.entry_hash).ok_or("entry_hash is not hex")?;
    let steps = tree
        .inclusion_proof(index as u64, size)
        .and_then(|proof| proof.steps(&leaf))
        .map_err(|e| e.to_string())?;
    let root = steps
        .last()
        .map_or_else(|| leaf.to_hex(), |s| s.node.to_hex());
    let (anchor, matches_checkpoint) = match checkpoint {
        Some(c) => (
            format!("checkpoint {} root at size {}", c.origin, c.size),
            Some(c.root.to_hex() == root),
        ),
        None => (format!("ledger root at size {size}"), None),
    };
    Ok(Inclusion {
        leaf_index: index as u64,
        size,
        leaf: leaf.to_hex(),
        steps: steps
            .iter()
            .map(|s| PathStep {
                sibling_is_left: s.sibling_is_left,
                sibling: s.sibling.to_hex(),
                node: s.node.to_hex(),
            })
            .collect(),
        root,
        anchor,
        matches_checkpoint,
    })
}

/// For a redacted entry: the marker that replaced its payload and the redaction
/// entry that records it. `None` when the payload is not a marker.
fn redaction(ledger: &Ledger, index: usize) -> Option<Redaction> {
    let entry = &ledger.rows[index].entry;
    let marker = Marker::parse(&entry.payload)?;
    let by = ledger.rows.iter().position(|r| {
        is_redaction_entry(&r.entry)
            && Record::parse(&r.entry.payload).is_some_and(|rec| rec.entry_id == entry.entry_id)
    });
    Some(Redaction {
        original_payload_hash: marker.original_payload_hash,
        redacted_at: marker.redacted_at,
        redacted_by: marker.redacted_by,
        reason: marker.reason,
        by: by.map(|i| (i as u32, ledger.rows[i].entry.entry_id)),
    })
}

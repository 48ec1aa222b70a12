//! Selective disclosure: a chosen subset of a ledger's entries, each with an RFC 9162
//! inclusion proof against a signed checkpoint, verifiable without the rest of the ledger.
//!
//! A [`Disclosure`] is one canonical-JSON document (`"format": "nexuscone-disclosure"`,
//! `"version": 1`, see `docs/FORMAT.md` §4) holding the signed checkpoint note, the
//! disclosed rows, one inclusion proof per row, optional consistency proofs from older
//! signed checkpoints, and the public keys of the disclosed signatures.
//! [`Disclosure::verify`] (in [`verify`]) proves, for each disclosed entry, that an entry
//! with exactly that `entry_hash` was leaf `entry_id - 1` of the tree the checkpoint signs,
//! that its fields hash to that `entry_hash` (where they still can) and that its signature
//! verifies; the [`DisclosureReport`] says exactly what was and was not proven.
//!
//! Every byte of a disclosure matters: the document must be canonical JSON followed by one
//! newline, every object has an exact member set, hex is lowercase and of fixed length, and
//! values nothing could prove are not carried at all (a redacted format-1/2 entry is
//! disclosed as a [`DisclosedEntry::Withheld`] row without its header fields, which its
//! hash no longer lets anyone check).
//!
//! What this module is NOT: it reads no files and picks no entries by itself; callers
//! hand it the ledger's entries (or a [`MerkleTree`] over them) and the note text.

mod format;
pub mod verify;

use std::collections::BTreeMap;

pub use format::{DisclosureError, FORMAT, VERSION};
pub use verify::{DisclosureOptions, DisclosureReport, DisclosureVerdict, NotProvenKind};

use crate::checkpoint::Checkpoint;
use crate::entry::{Entry, HashFormat};
use crate::merkle::{MerkleTree, NodeHash};
use crate::note::Note;
use crate::redaction::{self, Marker, Record};

/// A disclosed row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DisclosedEntry {
    /// Every column, as a ledger export holds it: the entry hash is recomputed from them.
    Full(Entry),
    /// A redacted format-1/2 entry: its payload was replaced by a marker, so its header
    /// fields (`timestamp`, `actor`, `action`, `event_type`, `previous_hash`,
    /// `format_version`) can no longer be checked against its hash and are not disclosed.
    /// What remains is bound by the Merkle proof (`entry_hash`), the signature and the
    /// disclosed redaction entry (the marker).
    Withheld(Withheld),
}

/// The columns of a redacted format-1/2 entry that can still be proven.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withheld {
    /// `entries.entry_id`.
    pub entry_id: i64,
    /// `entries.entry_hash` (lowercase hex).
    pub entry_hash: String,
    /// The redaction marker that replaced the payload.
    pub payload: String,
    /// `entries.signature` (lowercase hex), if signed.
    pub signature: Option<String>,
    /// `entries.signing_key_id`, if signed.
    pub signing_key_id: Option<String>,
}

impl DisclosedEntry {
    /// The entry's id.
    pub fn entry_id(&self) -> i64 {
        match self {
            DisclosedEntry::Full(e) => e.entry_id,
            DisclosedEntry::Withheld(w) => w.entry_id,
        }
    }

    /// The entry's stored `entry_hash` (hex).
    pub fn entry_hash(&self) -> &str {
        match self {
            DisclosedEntry::Full(e) => &e.entry_hash,
            DisclosedEntry::Withheld(w) => &w.entry_hash,
        }
    }

    /// The stored payload (a marker for a withheld row).
    pub fn payload(&self) -> &str {
        match self {
            DisclosedEntry::Full(e) => &e.payload,
            DisclosedEntry::Withheld(w) => &w.payload,
        }
    }

    /// `(signature, signing_key_id)`.
    pub fn signature(&self) -> (Option<&str>, Option<&str>) {
        match self {
            DisclosedEntry::Full(e) => (e.signature.as_deref(), e.signing_key_id.as_deref()),
            DisclosedEntry::Withheld(w) => (w.signature.as_deref(), w.signing_key_id.as_deref()),
        }
    }

    /// The row as a disclosure holds it: withheld for a redacted format-1/2 entry (its
    /// declared format is 1 or 2, its payload is a marker and its hash no longer
    /// recomputes), every column otherwise.
    pub fn from_entry(entry: Entry) -> DisclosedEntry {
        if is_redacted(&entry) && entry.hash_format() != Some(HashFormat::V3) {
            DisclosedEntry::Withheld(Withheld {
                entry_id: entry.entry_id,
                entry_hash: entry.entry_hash,
                payload: entry.payload,
                signature: entry.signature,
                signing_key_id: entry.signing_key_id,
            })
        } else {
            DisclosedEntry::Full(entry)
        }
    }
}

/// The inclusion proof of one disclosed entry in the checkpoint's tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryProof {
    /// Leaf index; must be the entry's `entry_id - 1`.
    pub leaf_index: u64,
    /// RFC 9162 §2.1.3 audit path, the leaf's sibling first.
    pub path: Vec<NodeHash>,
}

/// An older signed checkpoint and the consistency proof from it to the disclosure's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OlderCheckpoint {
    /// The older signed checkpoint note, verbatim.
    pub checkpoint: String,
    /// RFC 9162 §2.1.4 consistency proof from its size to the disclosure checkpoint's size.
    pub path: Vec<NodeHash>,
}

/// A selective-disclosure bundle. Nothing in it is trusted until [`Disclosure::verify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disclosure {
    /// The signed checkpoint note the proofs are against, verbatim.
    pub checkpoint: String,
    /// The disclosed rows in strictly increasing `entry_id` order.
    pub entries: Vec<DisclosedEntry>,
    /// `proofs[i]` is the inclusion proof of `entries[i]`.
    pub proofs: Vec<EntryProof>,
    /// Consistency proofs from older checkpoints to `checkpoint`.
    pub consistency: Vec<OlderCheckpoint>,
    /// Public keys (lowercase hex) of the disclosed signatures, by key id. Self-asserted:
    /// whoever wrote the disclosure chose them.
    pub public_keys: BTreeMap<String, String>,
}

/// Reads the checkpoint out of a signed note without checking its signatures: for
/// producers, who prove against a checkpoint they already hold.
///
/// # Errors
/// A sentence when the note or the checkpoint in it cannot be read.
pub fn read_unverified_checkpoint(note: &str) -> Result<Checkpoint, String> {
    let parsed = Note::parse(note.as_bytes()).map_err(|e| e.to_string())?;
    Checkpoint::from_text(parsed.text()).map_err(|e| e.to_string())
}

/// Picks the entries to disclose from a whole ledger: the entries with `ids`, plus, for
/// each redacted one, the later redaction entry that records its redaction (a marker
/// can only be checked against it). Returns them in `entry_id` order with the ids that
/// were added.
///
/// # Errors
/// A sentence when an id is not in the ledger or not below `size`, or a redacted
/// entry's redaction entry is missing or beyond `size`.
pub fn select(ledger: &[Entry], ids: &[i64], size: u64) -> Result<(Vec<Entry>, Vec<i64>), String> {
    // `extend`, not `collect`: `collect` into a map compiles its own sort.
    let mut by_id: BTreeMap<i64, &Entry> = BTreeMap::new();
    by_id.extend(ledger.iter().map(|e| (e.entry_id, e)));
    let in_tree = |id: i64| crate::merkle::leaf_index(id).is_some_and(|i| i < size);
    let mut chosen: BTreeMap<i64, Entry> = BTreeMap::new();
    let mut added = Vec::new();
    for &id in ids {
        let entry = by_id
            .get(&id)
            .ok_or_else(|| format!("the ledger has no entry {id}"))?;
        if !in_tree(id) {
            return Err(format!(
                "entry {id} is not within the checkpoint's tree size {size}"
            ));
        }
        chosen.insert(id, (*entry).clone());
    }
    let redacted: Vec<i64> = chosen
        .values()
        .filter(|e| is_redacted(e))
        .map(|e| e.entry_id)
        .collect();
    for id in redacted {
        let record = ledger.iter().find(|e| {
            e.entry_id > id
                && redaction::is_redaction_entry(e)
                && Record::parse(&e.payload).is_some_and(|r| r.entry_id == id)
        });
        let Some(record) = record else {
            return Err(format!(
                "entry {id} is redacted, but the ledger holds no redaction entry for it"
            ));
        };
        if !in_tree(record.entry_id) {
            return Err(format!(
                "entry {id} is redacted and its redaction entry {} must be disclosed with it, but it is beyond the checkpoint's tree size {size}: use a newer checkpoint",
                record.entry_id
            ));
        }
        if let std::collections::btree_map::Entry::Vacant(slot) = chosen.entry(record.entry_id) {
            added.push(record.entry_id);
            slot.insert(record.clone());
        }
    }
    Ok((chosen.into_values().collect(), added))
}

impl Disclosure {
    /// Builds a disclosure of `entries` (already in `entry_id` order, e.g. from
    /// [`select`]) against the signed `checkpoint` note, with proofs from `tree`, the
    /// Merkle tree of the ledger (at least the checkpoint's size). `public_keys` may hold
    /// more keys than needed; only those of disclosed signatures are kept.
    /// `older` are older signed checkpoint notes to prove consistency from.
    ///
    /// # Errors
    /// A sentence when a note cannot be read, the ledger does not match a checkpoint
    /// (too short, or another root at its size) or an entry cannot be disclosed.
    pub fn build(
        checkpoint: &str,
        tree: &MerkleTree,
        entries: Vec<Entry>,
        public_keys: &BTreeMap<String, String>,
        older: &[String],
    ) -> Result<Disclosure, String> {
        let cp = read_unverified_checkpoint(checkpoint).map_err(|e| format!("checkpoint: {e}"))?;
        check_matches(tree, &cp, "checkpoint")?;
        let mut rows = Vec::new();
        let mut proofs = Vec::new();
        let mut keys = BTreeMap::new();
        let mut previous = 0;
        for entry in entries {
            let id = entry.entry_id;
            if id <= previous {
                return Err(format!(
                    "entries must be in increasing entry_id order: {id} after {previous}"
                ));
            }
            previous = id;
            let index = crate::merkle::leaf_index(id)
                .ok_or_else(|| format!("entry {id}: entry_id below 1 has no leaf"))?;
            let leaf = crate::merkle::entry_leaf_hex(&entry.entry_hash)
                .ok_or_else(|| format!("entry {id}: entry_hash is not 64 hex characters"))?;
            if tree.leaf(index) != Some(leaf) {
                return Err(format!(
                    "entry {id} is not leaf {index} of the ledger's Merkle tree"
                ));
            }
            let proof = tree
                .inclusion_proof(index, cp.size)
                .map_err(|e| format!("entry {id}: {e}"))?;
            if entry.signature.is_none() && entry.signing_key_id.is_some() {
                return Err(format!(
                    "entry {id} names signing key {:?} without a signature: nothing covers that column, so it cannot be disclosed",
                    entry.signing_key_id.unwrap_or_default()
                ));
            }
            if let (Some(_), Some(key_id)) = (&entry.signature, &entry.signing_key_id) {
                if let Some(key) = public_keys.get(key_id) {
                    keys.insert(key_id.clone(), key.to_ascii_lowercase());
                }
            }
            rows.push(DisclosedEntry::from_entry(entry));
            proofs.push(EntryProof {
                leaf_index: index,
                path: proof.path,
            });
        }
        let mut consistency = Vec::new();
        for (i, note) in older.iter().enumerate() {
            let where_ = format!("older checkpoint {}", i + 1);
            let old = read_unverified_checkpoint(note).map_err(|e| format!("{where_}: {e}"))?;
            check_matches(tree, &old, &where_)?;
            if old.origin != cp.origin {
                return Err(format!(
                    "{where_}: origin {:?} differs from the checkpoint's {:?}",
                    old.origin, cp.origin
                ));
            }
            let proof = tree
                .consistency_proof(old.size, cp.size)
                .map_err(|e| format!("{where_}: {e}"))?;
            consistency.push(OlderCheckpoint {
                checkpoint: note.clone(),
                path: proof.path,
            });
        }
        Ok(Disclosure {
            checkpoint: checkpoint.to_owned(),
            entries: rows,
            proofs,
            consistency,
            public_keys: keys,
        })
    }
}

/// True when `entry` is redacted: its payload is a marker and, for formats 1 and 2, its
/// hash no longer recomputes (an intact entry whose payload merely looks like a marker is
/// not redacted), for format 3, its salt is gone.
pub fn is_redacted(entry: &Entry) -> bool {
    Marker::parse(&entry.payload).is_some()
        && match entry.hash_format() {
            Some(HashFormat::V3) => entry.payload_salt.is_none(),
            Some(format) => !entry.compute_hash(format).matches_hex(&entry.entry_hash),
            None => false,
        }
}

fn check_matches(tree: &MerkleTree, cp: &Checkpoint, what: &str) -> Result<(), String> {
    if cp.size > tree.len() {
        return Err(format!(
            "{what} {} commits to tree size {}, but the ledger holds only {} entries",
            cp.origin,
            cp.size,
            tree.len()
        ));
    }
    let root = tree.root_at(cp.size).map_err(|e| e.to_string())?;
    if root != cp.root {
        return Err(format!(
            "the ledger's Merkle root at size {} is {root}, but {what} {} commits to {}: this ledger is not the one the checkpoint signs",
            cp.size, cp.origin, cp.root
        ));
    }
    Ok(())
}

//! A batch of entries, from the coordinator to a helper ([`super::wire`] gives the
//! layout).

use crate::chain::ChainVerifier;
use crate::entry::Entry;

use super::wire::{Reader, WireError, Writer};

/// What a helper answers a batch with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returns {
    /// The entries' checks.
    Checks,
    /// The checks and the stored Merkle tree over the entries' `entry_hash`es
    /// ([`crate::merkle::entry_tree`]), so that the coordinator does not hash it.
    ChecksAndTree,
    /// The checks and the compact range over the entries' `entry_hash`es
    /// ([`crate::merkle::entry_range`]): all a checkpoint check needs of them.
    ChecksAndRange,
}

impl Returns {
    /// What a coordinator asks of helpers for `verifier`: the checks, and the
    /// range when it checks a checkpoint.
    pub fn for_verifier(verifier: &ChainVerifier) -> Returns {
        match verifier.has_checkpoint() {
            true => Returns::ChecksAndRange,
            false => Returns::Checks,
        }
    }

    /// Its byte on the wire, in a batch of entries and, for what follows the
    /// checks, in the answer.
    pub(super) fn code(self) -> u8 {
        match self {
            Returns::Checks => 0,
            Returns::ChecksAndTree => 1,
            Returns::ChecksAndRange => 2,
        }
    }

    pub(super) fn from_code(code: u8) -> Option<Returns> {
        [
            Returns::Checks,
            Returns::ChecksAndTree,
            Returns::ChecksAndRange,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }
}

/// A decoded batch of entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryBatch {
    /// The coordinator's number for the batch, echoed in its checks.
    pub id: u64,
    /// What the coordinator wants back.
    pub returns: Returns,
    /// The entries, in ledger order.
    pub entries: Vec<Entry>,
}

/// Encodes a batch of entries numbered `id`, to be answered with `returns`.
pub fn encode_entries<'a>(
    id: u64,
    returns: Returns,
    entries: impl ExactSizeIterator<Item = &'a Entry>,
) -> Vec<u8> {
    let mut out = Writer::default();
    out.u64(id);
    out.u8(returns.code());
    out.u32(entries.len());
    for entry in entries {
        write_entry(&mut out, entry);
    }
    out.0
}

fn write_entry(out: &mut Writer, entry: &Entry) {
    out.i64(entry.entry_id);
    out.str(&entry.timestamp);
    out.str(&entry.actor);
    out.str(&entry.action);
    out.opt_str(entry.event_type.as_deref());
    out.opt_i64(entry.format_version);
    out.str(&entry.payload);
    out.str(&entry.previous_hash);
    out.str(&entry.entry_hash);
    out.opt_str(entry.signature.as_deref());
    out.opt_str(entry.signing_key_id.as_deref());
    out.opt_str(entry.payload_hash.as_deref());
    out.opt_str(entry.payload_salt.as_deref());
}

/// Decodes a batch [`encode_entries`] wrote.
///
/// # Errors
/// [`WireError`] at the first field that is missing or malformed.
pub fn decode_entries(bytes: &[u8]) -> Result<EntryBatch, WireError> {
    let mut input = Reader::new(bytes);
    let id = input.u64("the batch id")?;
    const RETURNS: &str = "what the batch returns";
    let Some(returns) = Returns::from_code(input.u8(RETURNS)?) else {
        return Err(input.error_before(1, RETURNS));
    };
    let count = input.u32("the entry count")?;
    // Each entry takes at least 8 + 9 * 4 + 6 bytes: a count beyond that is a lie.
    let mut entries = Vec::with_capacity(count.min(bytes.len() / 50));
    for _ in 0..count {
        entries.push(read_entry(&mut input)?);
    }
    input.end()?;
    Ok(EntryBatch {
        id,
        returns,
        entries,
    })
}

fn read_entry(input: &mut Reader<'_>) -> Result<Entry, WireError> {
    Ok(Entry {
        entry_id: input.i64("entry_id")?,
        timestamp: input.str("timestamp")?,
        actor: input.str("actor")?,
        action: input.str("action")?,
        event_type: input.opt_str("event_type")?,
        format_version: input.opt_i64("format_version")?,
        payload: input.str("payload")?,
        previous_hash: input.str("previous_hash")?,
        entry_hash: input.str("entry_hash")?,
        signature: input.opt_str("signature")?,
        signing_key_id: input.opt_str("signing_key_id")?,
        payload_hash: input.opt_str("payload_hash")?,
        payload_salt: input.opt_str("payload_salt")?,
    })
}

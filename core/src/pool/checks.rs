//! A batch's independent checks, from a helper back to the coordinator
//! ([`super::wire`] gives the layout), and the helper's whole job:
//! [`check_entries`].

use crate::chain::EntryCheck;
use crate::entry::EntryHash;
use crate::signature::{KeyRing, SignatureCheck};

use super::entries::decode_entries;
use super::wire::{Reader, WireError, Writer};

const HAS_HASH: u8 = 1;
const CANONICAL: u8 = 2;
const SIGNATURE_SHIFT: u8 = 2;

/// A decoded batch of checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedBatch {
    /// The batch's number, as the coordinator gave it.
    pub id: u64,
    /// One check per entry of the batch, in its order.
    pub checks: Vec<EntryCheck>,
}

/// What a helper does: decodes a batch of entries, runs [`EntryCheck::compute`] on
/// each under `keys`, and encodes the checks.
///
/// # Errors
/// [`WireError`] when `batch` is not an encoded batch of entries.
pub fn check_entries(keys: &KeyRing, batch: &[u8]) -> Result<Vec<u8>, WireError> {
    let batch = decode_entries(batch)?;
    let checks = EntryCheck::compute_batch(&batch.entries, keys);
    Ok(encode_checks(batch.id, &checks))
}

/// Encodes the checks of batch `id`.
pub fn encode_checks(id: u64, checks: &[EntryCheck]) -> Vec<u8> {
    let mut out = Writer(Vec::with_capacity(12 + checks.len() * 33));
    out.u64(id);
    out.u32(checks.len());
    for check in checks {
        let signature = match check.signature {
            None => 0,
            Some(SignatureCheck::Valid) => 1,
            Some(SignatureCheck::Invalid) => 2,
            Some(SignatureCheck::Malformed) => 3,
            Some(SignatureCheck::UnknownKey) => 4,
        };
        let flags = (u8::from(check.recomputed.is_some()) * HAS_HASH)
            | (u8::from(check.payload_canonical) * CANONICAL)
            | (signature << SIGNATURE_SHIFT);
        out.u8(flags);
        if let Some(hash) = &check.recomputed {
            out.0.extend_from_slice(&hash.0);
        }
    }
    out.0
}

/// Decodes the checks [`encode_checks`] wrote.
///
/// # Errors
/// [`WireError`] at the first field that is missing or malformed.
pub fn decode_checks(bytes: &[u8]) -> Result<CheckedBatch, WireError> {
    let mut input = Reader::new(bytes);
    let id = input.u64("the batch id")?;
    let count = input.u32("the check count")?;
    let mut checks = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        checks.push(read_check(&mut input)?);
    }
    input.end()?;
    Ok(CheckedBatch { id, checks })
}

fn read_check(input: &mut Reader<'_>) -> Result<EntryCheck, WireError> {
    const FLAGS: &str = "a check's flag byte";
    let flags = input.u8(FLAGS)?;
    let signature = match flags >> SIGNATURE_SHIFT {
        0 => None,
        1 => Some(SignatureCheck::Valid),
        2 => Some(SignatureCheck::Invalid),
        3 => Some(SignatureCheck::Malformed),
        4 => Some(SignatureCheck::UnknownKey),
        _ => return Err(input.error_before(1, FLAGS)),
    };
    let recomputed = match flags & HAS_HASH {
        0 => None,
        _ => {
            let bytes = input.take(32, "a recomputed hash")?;
            Some(EntryHash(bytes.try_into().expect("take returns 32 bytes")))
        }
    };
    Ok(EntryCheck {
        recomputed,
        signature,
        payload_canonical: flags & CANONICAL != 0,
    })
}

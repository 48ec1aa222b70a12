//! Proof of work: the target a header's `nBits` encodes, and whether its hash meets it
//! (Bitcoin Core `arith_uint256::SetCompact` and `CheckProofOfWork`).
//!
//! `nBits` is a compact number: the high byte is a length in bytes, the low 23 bits a mantissa,
//! bit 23 a sign. The target is `mantissa * 256^(length - 3)`. A negative, zero or overflowing
//! target is invalid. A hash, read as a little-endian 256-bit number, meets the target when it
//! is not above it.

use super::hash::BlockHash;

/// A 256-bit target, big-endian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target([u8; 32]);

/// Bitcoin mainnet's highest target, Bitcoin Core's `powLimit` (`2^224 - 1`; the easiest
/// mainnet `nBits`, `0x1d00ffff`, is just below it). Test networks such as regtest allow
/// higher targets, so their headers are not above it only by chance.
pub const MAINNET_POW_LIMIT: Target = {
    let mut limit = [0xff; 32];
    limit[0] = 0;
    limit[1] = 0;
    limit[2] = 0;
    limit[3] = 0;
    Target(limit)
};

impl Target {
    /// The target of a compact `nBits`; `None` when it is negative, zero or over 256 bits.
    pub fn from_compact(bits: u32) -> Option<Self> {
        let length = (bits >> 24) as usize;
        let mantissa = (bits & 0x007f_ffff).to_be_bytes();
        let mut target = [0u8; 32];
        // Mantissa byte i (of 3, most significant first) lands at big-endian index
        // 32 - length + i; bytes past the end are shifted out, bytes before the start overflow.
        for (i, &byte) in mantissa[1..].iter().enumerate() {
            match (32 + i).checked_sub(length) {
                Some(index) if index < 32 => target[index] = byte,
                Some(_) => {}
                None if byte != 0 => return None,
                None => {}
            }
        }
        let zero = target.iter().all(|&b| b == 0);
        let negative = bits & 0x0080_0000 != 0;
        if zero || negative {
            return None;
        }
        Some(Self(target))
    }

    /// Whether `hash`, as a little-endian number, is at or below this target.
    pub fn is_met_by(&self, hash: &BlockHash) -> bool {
        let mut big_endian = *hash.internal();
        big_endian.reverse();
        big_endian <= self.0
    }

    /// The target as 32 big-endian bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

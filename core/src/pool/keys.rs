//! The key ring a helper checks signatures with ([`super::wire`] gives the
//! layout). A helper builds its own precomputed tables
//! ([`crate::signature`]) as the keys sign entries.

use ed25519_dalek::VerifyingKey;

use crate::signature::KeyRing;

use super::wire::{Reader, WireError, Writer};

/// Encodes the public keys of `ring`.
pub fn encode_keys(ring: &KeyRing) -> Vec<u8> {
    let mut out = Writer::default();
    let ids: Vec<&str> = ring.key_ids().collect();
    out.u32(ids.len());
    for id in ids {
        out.str(id);
        let key = ring.get(id).expect("key_ids lists keys of the ring");
        out.0.extend_from_slice(key.as_bytes());
    }
    out.0
}

/// Decodes a key ring [`encode_keys`] wrote.
///
/// # Errors
/// [`WireError`] at the first field that is missing or malformed, or at a key
/// that is not an Ed25519 point.
pub fn decode_keys(bytes: &[u8]) -> Result<KeyRing, WireError> {
    const KEY: &str = "a 32-byte Ed25519 public key";
    let mut input = Reader::new(bytes);
    let mut ring = KeyRing::new();
    for _ in 0..input.u32("the key count")? {
        let id = input.str("a key id")?;
        let bytes: [u8; 32] = input.take(32, KEY)?.try_into().expect("32 bytes");
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| input.error_before(32, KEY))?;
        ring.insert(&id, key);
    }
    input.end()?;
    Ok(ring)
}

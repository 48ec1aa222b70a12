//! Ed25519 entry signatures and the public keys that check them.
//!
//! Nexuscone signs the UTF-8 bytes of the `entry_hash` hex string (not the raw
//! 32 bytes) and stores the signature as hex beside `signing_key_id`. We verify
//! with RFC 8032 §5.1.7 in `ed25519-dalek`'s strict mode, which also rejects
//! small-order keys and non-canonical points that a lax verifier would accept.
//! A key that signs many entries is checked with precomputed tables instead
//! ([`precomputed`]), with exactly the same verdicts, about three times faster.

mod precomputed;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use ed25519_dalek::{Signature, VerifyingKey};
use thiserror::Error;

use precomputed::PrecomputedKey;

/// Signatures a key must have been checked on before its table is built: a table
/// costs about as much as 40 checks and saves about two thirds of each later one.
const PRECOMPUTE_AFTER: usize = 64;

/// At most this many keys of a ring get a table (about 0.7 MB each).
const MAX_PRECOMPUTED_KEYS: usize = 16;

/// Why a public key could not be loaded.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum KeyError {
    /// The key text is not 64 hex characters.
    #[error("public key {key_id:?}: expected 64 hex characters (32 bytes), found {found:?}")]
    BadHex {
        /// The key id the bad key was given for.
        key_id: String,
        /// The offending text, shortened.
        found: String,
    },
    /// The bytes are not a valid Ed25519 point.
    #[error("public key {key_id:?}: not a valid Ed25519 public key")]
    BadPoint {
        /// The key id the bad key was given for.
        key_id: String,
    },
}

/// The outcome of checking one signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureCheck {
    /// The signature verifies under the named key.
    Valid,
    /// The named key is known and the signature does not verify under it.
    Invalid,
    /// The signature text is not 128 hex characters.
    Malformed,
    /// No key with that id is known, so the signature could not be checked.
    UnknownKey,
}

/// Public keys by key id, as `nexuscone.signing.Ed25519Verifier` holds them.
///
/// Checking is safe from several threads at once. A clone starts without the
/// precomputed tables.
#[derive(Debug, Default)]
pub struct KeyRing {
    keys: BTreeMap<String, RingKey>,
    /// Tables built so far, against [`MAX_PRECOMPUTED_KEYS`].
    tables: AtomicUsize,
}

impl Clone for KeyRing {
    fn clone(&self) -> KeyRing {
        // `extend`, not `collect`: `collect` into a map compiles its own sort.
        let mut keys = BTreeMap::new();
        keys.extend(
            self.keys
                .iter()
                .map(|(id, ring_key)| (id.clone(), RingKey::new(ring_key.key))),
        );
        KeyRing {
            keys,
            tables: AtomicUsize::new(0),
        }
    }
}

/// A key of the ring, with its table once it has signed [`PRECOMPUTE_AFTER`] entries.
struct RingKey {
    key: VerifyingKey,
    checks: AtomicUsize,
    precomputed: OnceLock<PrecomputedKey>,
}

impl RingKey {
    fn new(key: VerifyingKey) -> RingKey {
        RingKey {
            key,
            checks: AtomicUsize::new(0),
            precomputed: OnceLock::new(),
        }
    }

    /// Strict verification, through the table when there is one. The check that
    /// reaches [`PRECOMPUTE_AFTER`] builds it, unless the ring has built its share.
    fn verify_strict(&self, message: &[u8], signature: &Signature, tables: &AtomicUsize) -> bool {
        let precomputed = self.precomputed.get().or_else(|| {
            let due = self.checks.fetch_add(1, Ordering::Relaxed) + 1 == PRECOMPUTE_AFTER;
            (due && tables.fetch_add(1, Ordering::Relaxed) < MAX_PRECOMPUTED_KEYS).then(|| {
                self.precomputed
                    .get_or_init(|| PrecomputedKey::new(&self.key))
            })
        });
        match precomputed {
            Some(precomputed) => precomputed.verify_strict(message, signature),
            None => self.key.verify_strict(message, signature).is_ok(),
        }
    }
}

impl std::fmt::Debug for RingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RingKey")
            .field("key", &self.key)
            .field("precomputed", &self.precomputed.get().is_some())
            .finish()
    }
}

impl KeyRing {
    /// An empty ring: every signature is then [`SignatureCheck::UnknownKey`].
    pub fn new() -> KeyRing {
        KeyRing::default()
    }

    /// Builds a ring from `(key_id, hex public key)` pairs.
    ///
    /// # Errors
    /// The first key that is not 32 bytes of hex or not a curve point.
    pub fn from_hex<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<KeyRing, KeyError> {
        let mut ring = KeyRing::new();
        for (key_id, hex_key) in pairs {
            ring.insert_hex(key_id, hex_key)?;
        }
        Ok(ring)
    }

    /// Adds one key given as hex.
    ///
    /// # Errors
    /// When the key is not 32 bytes of hex or not a curve point.
    pub fn insert_hex(&mut self, key_id: &str, hex_key: &str) -> Result<(), KeyError> {
        let key = parse_public_key(hex_key).map_err(|bad_hex| {
            if bad_hex {
                KeyError::BadHex {
                    key_id: key_id.to_owned(),
                    found: hex_key.chars().take(80).collect(),
                }
            } else {
                KeyError::BadPoint {
                    key_id: key_id.to_owned(),
                }
            }
        })?;
        self.insert(key_id, key);
        Ok(())
    }

    /// Adds an already-parsed key.
    pub fn insert(&mut self, key_id: &str, key: VerifyingKey) {
        self.keys.insert(key_id.to_owned(), RingKey::new(key));
    }

    /// True when no key is known.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key registered under `key_id`.
    pub fn get(&self, key_id: &str) -> Option<&VerifyingKey> {
        self.keys.get(key_id).map(|ring_key| &ring_key.key)
    }

    /// The known key ids, sorted.
    pub fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    /// Checks a hex signature over `message` under the key `key_id`.
    pub fn check(
        &self,
        key_id: Option<&str>,
        message: &[u8],
        signature_hex: &str,
    ) -> SignatureCheck {
        let Some(ring_key) = key_id.and_then(|id| self.keys.get(id)) else {
            return SignatureCheck::UnknownKey;
        };
        check_hex(signature_hex, |signature| {
            ring_key.verify_strict(message, signature, &self.tables)
        })
    }
}

/// Checks a hex Ed25519 signature over `message` under `key`, strictly.
pub fn check_signature(key: &VerifyingKey, message: &[u8], signature_hex: &str) -> SignatureCheck {
    check_hex(signature_hex, |signature| {
        key.verify_strict(message, signature).is_ok()
    })
}

/// Decodes the hex signature and runs the strict check `verify` on it.
fn check_hex(signature_hex: &str, verify: impl FnOnce(&Signature) -> bool) -> SignatureCheck {
    let mut bytes = [0u8; 64];
    if hex::decode_to_slice(signature_hex, &mut bytes).is_err() {
        return SignatureCheck::Malformed;
    }
    if verify(&Signature::from_bytes(&bytes)) {
        SignatureCheck::Valid
    } else {
        SignatureCheck::Invalid
    }
}

/// Parses a hex public key; `Err(true)` for bad hex, `Err(false)` for a bad point.
pub(crate) fn parse_public_key(hex_key: &str) -> Result<VerifyingKey, bool> {
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(hex_key, &mut bytes).map_err(|_| true)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    #[test]
    fn ring_verdicts_are_unchanged_when_a_key_switches_to_its_table() {
        let signer = SigningKey::from_bytes(&[9; 32]);
        let key = signer.verifying_key();
        let ring = KeyRing::from_hex([("k", hex::encode(key.as_bytes()).as_str())]).unwrap();
        for i in 0..3 * PRECOMPUTE_AFTER {
            let message = format!("{i:064x}");
            let mut signature = signer.sign(message.as_bytes()).to_bytes();
            if i % 3 == 0 {
                signature[i % 64] ^= 0x10;
            }
            let signature = hex::encode(signature);
            let expected = check_signature(&key, message.as_bytes(), &signature);
            assert_eq!(
                ring.check(Some("k"), message.as_bytes(), &signature),
                expected
            );
            assert_eq!(expected == SignatureCheck::Valid, i % 3 != 0);
        }
        assert!(ring.keys["k"].precomputed.get().is_some());
        assert!(ring.clone().keys["k"].precomputed.get().is_none());
    }
}

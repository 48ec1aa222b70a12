//! Ed25519 entry signatures and the public keys that check them.
//!
//! Nexuscone signs the UTF-8 bytes of the `entry_hash` hex string (not the raw
//! 32 bytes) and stores the signature as hex beside `signing_key_id`. We verify
//! with RFC 8032 §5.1.7 in `ed25519-dalek`'s strict mode, which also rejects
//! small-order keys and non-canonical points that a lax verifier would accept.

use std::collections::BTreeMap;

use ed25519_dalek::{Signature, VerifyingKey};
use thiserror::Error;

/// Why a public key could not be loaded.
#[derive(Debug, Error, PartialEq, Eq)]
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
#[derive(Clone, Debug, Default)]
pub struct KeyRing {
    keys: BTreeMap<String, VerifyingKey>,
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
        self.keys.insert(key_id.to_owned(), key);
        Ok(())
    }

    /// Adds an already-parsed key.
    pub fn insert(&mut self, key_id: &str, key: VerifyingKey) {
        self.keys.insert(key_id.to_owned(), key);
    }

    /// True when no key is known.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key registered under `key_id`.
    pub fn get(&self, key_id: &str) -> Option<&VerifyingKey> {
        self.keys.get(key_id)
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
        let Some(key) = key_id.and_then(|id| self.keys.get(id)) else {
            return SignatureCheck::UnknownKey;
        };
        check_signature(key, message, signature_hex)
    }
}

/// Checks a hex Ed25519 signature over `message` under `key`, strictly.
pub fn check_signature(key: &VerifyingKey, message: &[u8], signature_hex: &str) -> SignatureCheck {
    let mut bytes = [0u8; 64];
    if hex::decode_to_slice(signature_hex, &mut bytes).is_err() {
        return SignatureCheck::Malformed;
    }
    let signature = Signature::from_bytes(&bytes);
    match key.verify_strict(message, &signature) {
        Ok(()) => SignatureCheck::Valid,
        Err(_) => SignatureCheck::Invalid,
    }
}

/// Parses a hex public key; `Err(true)` for bad hex, `Err(false)` for a bad point.
pub(crate) fn parse_public_key(hex_key: &str) -> Result<VerifyingKey, bool> {
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(hex_key, &mut bytes).map_err(|_| true)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| false)
}

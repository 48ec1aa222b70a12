//! Ed25519 note keys in the text forms of Go's `golang.org/x/mod/sumdb/note`:
//! verifier keys `name+keyid+base64(0x01 || pubkey)` and signer keys
//! `PRIVATE+KEY+name+keyid+base64(0x01 || seed)`, with the key ID of C2SP signed-note
//! "Ed25519 signatures": `SHA-256(name || 0x0A || 0x01 || pubkey)[:4]`.

use core::fmt;
use core::str::FromStr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::error::KeyError;

/// Signature type byte for Ed25519 (C2SP signed-note "Signature types").
pub const SIG_TYPE_ED25519: u8 = 0x01;

const PRIVATE_PREFIX: &str = "PRIVATE+KEY+";

/// The 4-byte key ID that, with the key name, picks the key for a signature line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub u32);

impl KeyId {
    /// `SHA-256(name || 0x0A || 0x01 || public key)[:4]` (C2SP signed-note, Ed25519).
    pub fn ed25519(name: &str, key: &VerifyingKey) -> Self {
        let mut h = Sha256::new();
        h.update(name.as_bytes());
        h.update([b'\n', SIG_TYPE_ED25519]);
        h.update(key.as_bytes());
        let d = h.finalize();
        Self(u32::from_be_bytes([d[0], d[1], d[2], d[3]]))
    }
}

impl fmt::Display for KeyId {
    /// 8 lowercase hex digits, as in a verifier key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08x}", self.0)
    }
}

/// Whether `name` may be a key name: non-empty, no Unicode space, no `+` (C2SP signed-note).
pub fn is_valid_key_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(|c: char| c.is_whitespace() || c == '+')
}

/// An Ed25519 public key with its name: what a relying party trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    id: KeyId,
    key: VerifyingKey,
}

impl VerifierKey {
    /// Names a public key.
    ///
    /// # Errors
    /// [`KeyError::InvalidName`].
    pub fn new(name: &str, key: VerifyingKey) -> Result<Self, KeyError> {
        if !is_valid_key_name(name) {
            return Err(KeyError::InvalidName(name.to_owned()));
        }
        Ok(Self {
            name: name.to_owned(),
            id: KeyId::ed25519(name, &key),
            key,
        })
    }

    /// Reads `name+keyid+base64(0x01 || 32-byte key)`. The key ID must be 8 lowercase hex
    /// digits and match the one computed from name and key.
    ///
    /// # Errors
    /// A [`KeyError`] saying which part is wrong.
    pub fn parse(vkey: &str) -> Result<Self, KeyError> {
        let (name, id, key) = split_key(vkey)?;
        let key = ed25519_material(&key)?;
        let key = VerifyingKey::from_bytes(&key).map_err(|_| KeyError::InvalidPublicKey)?;
        let parsed = Self::new(name, key)?;
        check_id(id, parsed.id)?;
        Ok(parsed)
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> KeyId {
        self.id
    }

    /// The Ed25519 public key.
    pub fn public_key(&self) -> &VerifyingKey {
        &self.key
    }

    /// Whether `signature` is a valid Ed25519 signature of `text` under this key (RFC 8032,
    /// with `verify_strict`'s rejection of weak keys and non-canonical encodings).
    pub fn verify(&self, text: &[u8], signature: &[u8]) -> bool {
        Signature::from_slice(signature).is_ok_and(|sig| self.key.verify_strict(text, &sig).is_ok())
    }
}

impl fmt::Display for VerifierKey {
    /// The `name+keyid+base64` form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut material = vec![SIG_TYPE_ED25519];
        material.extend_from_slice(self.key.as_bytes());
        write!(f, "{}+{}+{}", self.name, self.id, STANDARD.encode(material))
    }
}

impl FromStr for VerifierKey {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// An Ed25519 private key with its name: what a log or witness signs with.
///
/// Its `Debug` output shows only the name and key ID.
#[derive(Clone)]
pub struct SignerKey {
    name: String,
    id: KeyId,
    key: SigningKey,
}

impl SignerKey {
    /// A signer from a 32-byte Ed25519 seed (RFC 8032 private key).
    ///
    /// # Errors
    /// [`KeyError::InvalidName`].
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self, KeyError> {
        if !is_valid_key_name(name) {
            return Err(KeyError::InvalidName(name.to_owned()));
        }
        let key = SigningKey::from_bytes(seed);
        Ok(Self {
            name: name.to_owned(),
            id: KeyId::ed25519(name, &key.verifying_key()),
            key,
        })
    }

    /// Reads Go's `PRIVATE+KEY+name+keyid+base64(0x01 || seed)`; the key ID must match the
    /// public key derived from the seed.
    ///
    /// # Errors
    /// A [`KeyError`] saying which part is wrong.
    pub fn parse(skey: &str) -> Result<Self, KeyError> {
        let rest = skey
            .strip_prefix(PRIVATE_PREFIX)
            .ok_or(KeyError::NotPrivateKey)?;
        let (name, id, material) = split_key(rest)?;
        let seed = ed25519_material(&material)?;
        let signer = Self::from_seed(name, &seed)?;
        check_id(id, signer.id)?;
        Ok(signer)
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> KeyId {
        self.id
    }

    /// The matching verifier key.
    pub fn verifier(&self) -> VerifierKey {
        VerifierKey {
            name: self.name.clone(),
            id: self.id,
            key: self.key.verifying_key(),
        }
    }

    /// The Ed25519 signature of `text` (deterministic, RFC 8032).
    pub fn sign(&self, text: &[u8]) -> [u8; 64] {
        self.key.sign(text).to_bytes()
    }
}

impl fmt::Debug for SignerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignerKey")
            .field("name", &self.name)
            .field("key_id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Splits `name+keyid+base64` on its first two `+` (base64 may hold more) and decodes the
/// key ID and the base64.
fn split_key(s: &str) -> Result<(&str, KeyId, Vec<u8>), KeyError> {
    let mut parts = s.splitn(3, '+');
    let (Some(name), Some(id), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(KeyError::Malformed);
    };
    if !is_valid_key_name(name) {
        return Err(KeyError::InvalidName(name.to_owned()));
    }
    let id_ok = id.len() == 8 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let id = u32::from_str_radix(id, 16)
        .ok()
        .filter(|_| id_ok)
        .ok_or_else(|| KeyError::InvalidKeyId(id.to_owned()))?;
    let material = STANDARD.decode(b64).map_err(|_| KeyError::InvalidBase64)?;
    Ok((name, KeyId(id), material))
}

/// Checks the type byte and length of `0x01 || 32 bytes`.
fn ed25519_material(material: &[u8]) -> Result<[u8; 32], KeyError> {
    let (&kind, key) = material.split_first().ok_or(KeyError::Empty)?;
    if kind != SIG_TYPE_ED25519 {
        return Err(KeyError::UnsupportedType(kind));
    }
    <[u8; 32]>::try_from(key).map_err(|_| KeyError::WrongKeyLength(key.len()))
}

fn check_id(found: KeyId, computed: KeyId) -> Result<(), KeyError> {
    if found != computed {
        return Err(KeyError::KeyIdMismatch { found, computed });
    }
    Ok(())
}

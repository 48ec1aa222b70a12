//! C2SP signed-note (<https://c2sp.org/signed-note>) with Ed25519 keys.
//!
//! A note is text ending in a newline, a blank line, and one or more signature lines
//! `— <key name> base64(key ID || signature)`. [`Note::parse`] reads one strictly,
//! [`Note::verify`] (or [`open`]) checks it against trusted [`Verifiers`], and [`sign`] writes
//! one. Keys use the text forms of Go's `golang.org/x/mod/sumdb/note` (see [`key`]).
//!
//! What this module is NOT: it does not interpret the text (see [`crate::checkpoint`]), and it
//! supports only Ed25519 (signature type 0x01); other signature types are unknown keys.

pub mod error;
pub mod key;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

pub use error::{KeyError, NoteError};
pub use key::{KeyId, SignerKey, VerifierKey};

/// Most signature lines a note may carry, as in Go's `note.Open` (C2SP requires at least 16).
pub const MAX_SIGNATURES: usize = 100;

const SIG_PREFIX: &str = "\u{2014} ";

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    /// Key name.
    pub name: String,
    /// Key ID, the first 4 bytes of the base64 payload.
    pub key_id: KeyId,
    /// The signature bytes after the key ID.
    pub signature: Vec<u8>,
    /// 1-based line number in the note.
    pub line: usize,
}

impl NoteSignature {
    /// The line as it appears in a note, with its newline.
    pub fn to_line(&self) -> String {
        let mut payload = self.key_id.0.to_be_bytes().to_vec();
        payload.extend_from_slice(&self.signature);
        format!("{SIG_PREFIX}{} {}\n", self.name, STANDARD.encode(payload))
    }

    fn same_signature(&self, other: &Self) -> bool {
        self.name == other.name && self.key_id == other.key_id && self.signature == other.signature
    }
}

/// A note read but not yet verified. Its text MUST NOT be trusted until [`Note::verify`]
/// succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    text: String,
    signatures: Vec<NoteSignature>,
}

impl Note {
    /// Reads a note per C2SP signed-note "Format": valid UTF-8, no control characters but
    /// newline, text separated from the signatures by the last blank line, every signature line
    /// `— name base64` with a valid key name and at least 5 bytes of strict base64, a final
    /// newline, and at most [`MAX_SIGNATURES`] signatures.
    ///
    /// # Errors
    /// A [`NoteError`] naming the offending line.
    pub fn parse(msg: &[u8]) -> Result<Self, NoteError> {
        let s = core::str::from_utf8(msg).map_err(|e| NoteError::NotUtf8 {
            line: line_of(msg, e.valid_up_to()),
        })?;
        if let Some(pos) = s.bytes().position(|b| b < 0x20 && b != b'\n') {
            return Err(NoteError::ControlCharacter {
                line: line_of(msg, pos),
                byte: msg[pos],
            });
        }
        let split = s.rfind("\n\n").ok_or(NoteError::NoSignatureBlock)?;
        let (text, sigs) = (&s[..=split], &s[split + 2..]);
        let first_sig_line = line_of(msg, split + 2);
        if sigs.is_empty() {
            return Err(NoteError::NoSignatures {
                line: first_sig_line,
            });
        }
        if !sigs.ends_with('\n') {
            return Err(NoteError::MissingFinalNewline {
                line: line_of(msg, msg.len()),
            });
        }
        let mut signatures = Vec::new();
        for (i, l) in sigs.split_terminator('\n').enumerate() {
            let line = first_sig_line + i;
            if signatures.len() == MAX_SIGNATURES {
                return Err(NoteError::TooManySignatures {
                    line,
                    max: MAX_SIGNATURES,
                });
            }
            signatures.push(parse_signature_line(l, line)?);
        }
        Ok(Self {
            text: text.to_owned(),
            signatures,
        })
    }

    /// The unverified text, including its final newline.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The signature lines in order.
    pub fn signatures(&self) -> &[NoteSignature] {
        &self.signatures
    }

    /// Checks the signatures against trusted keys (C2SP signed-note "Signatures").
    ///
    /// A signature whose (name, key ID) matches no trusted key is ignored and listed as
    /// unverified. Every signature from a trusted key is verified, repeats included, and any
    /// invalid one fails the whole note. At least one must verify. Repeated identical lines
    /// are listed once, and a key that signed more than once is listed once as verified.
    ///
    /// # Errors
    /// [`NoteError::AmbiguousKey`], [`NoteError::InvalidSignature`] or
    /// [`NoteError::NoVerifiedSignatures`].
    pub fn verify(&self, verifiers: &Verifiers) -> Result<VerifiedNote, NoteError> {
        let mut verified: Vec<NoteSignature> = Vec::new();
        let mut unverified: Vec<NoteSignature> = Vec::new();
        for sig in &self.signatures {
            let Some(key) = verifiers.find(sig)? else {
                if !unverified.iter().any(|u| u.same_signature(sig)) {
                    unverified.push(sig.clone());
                }
                continue;
            };
            if !key.verify(self.text.as_bytes(), &sig.signature) {
                return Err(NoteError::InvalidSignature {
                    line: sig.line,
                    name: sig.name.clone(),
                    key_id: sig.key_id,
                });
            }
            if !verified
                .iter()
                .any(|v| v.name == sig.name && v.key_id == sig.key_id)
            {
                verified.push(sig.clone());
            }
        }
        if verified.is_empty() {
            return Err(NoteError::NoVerifiedSignatures {
                unverified: unverified.len(),
            });
        }
        Ok(VerifiedNote {
            text: self.text.clone(),
            verified,
            unverified,
        })
    }
}

/// Reads and verifies a note in one step: [`Note::parse`] then [`Note::verify`].
///
/// # Errors
/// Those of both.
pub fn open(msg: &[u8], verifiers: &Verifiers) -> Result<VerifiedNote, NoteError> {
    Note::parse(msg)?.verify(verifiers)
}

/// A note with at least one signature verified by a trusted key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedNote {
    /// The text, now authenticated, including its final newline.
    pub text: String,
    /// Signatures that verified, one per key.
    pub verified: Vec<NoteSignature>,
    /// Signatures from keys that are not trusted, ignored as the spec requires.
    pub unverified: Vec<NoteSignature>,
}

/// The trusted verifier keys, looked up by (name, key ID).
#[derive(Debug, Clone, Default)]
pub struct Verifiers {
    keys: Vec<VerifierKey>,
}

impl Verifiers {
    /// A set of trusted keys. Duplicates are allowed here; a signature that needs a duplicated
    /// (name, key ID) is an [`NoteError::AmbiguousKey`], as in Go's `VerifierList`.
    pub fn new<I: IntoIterator<Item = VerifierKey>>(keys: I) -> Self {
        Self {
            keys: keys.into_iter().collect(),
        }
    }

    /// The trusted keys.
    pub fn keys(&self) -> &[VerifierKey] {
        &self.keys
    }

    fn find(&self, sig: &NoteSignature) -> Result<Option<&VerifierKey>, NoteError> {
        let mut matching = self
            .keys
            .iter()
            .filter(|k| k.name() == sig.name && k.key_id() == sig.key_id);
        let first = matching.next();
        if first.is_some() && matching.next().is_some() {
            return Err(NoteError::AmbiguousKey {
                line: sig.line,
                name: sig.name.clone(),
                key_id: sig.key_id,
            });
        }
        Ok(first)
    }
}

/// Signs `text` with each signer and returns the whole note.
///
/// # Errors
/// [`NoteError::InvalidText`] unless the text is non-empty, ends with a newline and holds no
/// control characters but newline; [`NoteError::NoSigners`] for an empty `signers`; and
/// [`NoteError::TooManySignatures`] beyond [`MAX_SIGNATURES`].
pub fn sign(text: &str, signers: &[&SignerKey]) -> Result<String, NoteError> {
    if text.is_empty() || !text.ends_with('\n') || text.bytes().any(|b| b < 0x20 && b != b'\n') {
        return Err(NoteError::InvalidText);
    }
    if signers.is_empty() {
        return Err(NoteError::NoSigners);
    }
    let first_sig_line = text.matches('\n').count() + 2;
    if signers.len() > MAX_SIGNATURES {
        return Err(NoteError::TooManySignatures {
            line: first_sig_line + MAX_SIGNATURES,
            max: MAX_SIGNATURES,
        });
    }
    let mut note = format!("{text}\n");
    for (i, signer) in signers.iter().enumerate() {
        let sig = NoteSignature {
            name: signer.name().to_owned(),
            key_id: signer.key_id(),
            signature: signer.sign(text.as_bytes()).to_vec(),
            line: first_sig_line + i,
        };
        note.push_str(&sig.to_line());
    }
    Ok(note)
}

fn parse_signature_line(l: &str, line: usize) -> Result<NoteSignature, NoteError> {
    let malformed = |reason| NoteError::MalformedSignature { line, reason };
    let rest = l
        .strip_prefix(SIG_PREFIX)
        .ok_or_else(|| malformed("does not start with an em dash and a space"))?;
    let (name, b64) = rest
        .split_once(' ')
        .ok_or_else(|| malformed("no space between key name and signature"))?;
    if !key::is_valid_key_name(name) {
        return Err(malformed("key name is empty or contains a space or '+'"));
    }
    let payload = STANDARD
        .decode(b64)
        .map_err(|_| malformed("signature is not strict standard base64"))?;
    let (id, signature) = payload
        .split_first_chunk::<4>()
        .filter(|(_, sig)| !sig.is_empty())
        .ok_or_else(|| malformed("signature is shorter than a key ID and one byte"))?;
    Ok(NoteSignature {
        name: name.to_owned(),
        key_id: KeyId(u32::from_be_bytes(*id)),
        signature: signature.to_vec(),
        line,
    })
}

/// 1-based line number of byte offset `pos`.
fn line_of(msg: &[u8], pos: usize) -> usize {
    1 + msg[..pos.min(msg.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

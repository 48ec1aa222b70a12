//! Errors for keys and signed notes. Each names the line (1-based, counted over the whole
//! note) or the key it is about.

use super::key::KeyId;

/// A verifier key (`name+keyid+base64`) or signer key (`PRIVATE+KEY+...`) could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The key is not three `+`-separated fields (five for a signer key).
    #[error("key is not of the form name+keyid+base64key")]
    Malformed,
    /// A signer key does not start with `PRIVATE+KEY+`.
    #[error("signer key does not start with PRIVATE+KEY+")]
    NotPrivateKey,
    /// The key name is empty or holds a Unicode space or `+`.
    #[error("key name {0:?} is empty or contains a space or '+'")]
    InvalidName(String),
    /// The key ID field is not 8 lowercase hex digits.
    #[error("key ID {0:?} is not 8 lowercase hex digits")]
    InvalidKeyId(String),
    /// The key material is not strict standard base64.
    #[error("key material is not strict standard base64")]
    InvalidBase64,
    /// The key material is empty, so it has no signature type byte.
    #[error("key material is empty")]
    Empty,
    /// The signature type byte is not Ed25519 (0x01).
    #[error("unsupported signature type {0:#04x}, only Ed25519 (0x01) is supported")]
    UnsupportedType(u8),
    /// An Ed25519 key is not 32 bytes.
    #[error("Ed25519 key is {0} bytes long, expected 32")]
    WrongKeyLength(usize),
    /// The 32 bytes are not a valid Ed25519 public key.
    #[error("not a valid Ed25519 public key")]
    InvalidPublicKey,
    /// The key ID field does not match the one computed from name and key.
    #[error("key ID {found} does not match {computed} computed from the name and key")]
    KeyIdMismatch {
        /// The ID written in the key.
        found: KeyId,
        /// `SHA-256(name || 0x0A || 0x01 || key)[:4]`.
        computed: KeyId,
    },
}

/// A signed note could not be read, or could not be verified with the given keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NoteError {
    /// The note is not valid UTF-8.
    #[error("line {line}: note is not valid UTF-8")]
    NotUtf8 {
        /// Line of the first invalid byte.
        line: usize,
    },
    /// The note holds an ASCII control character other than newline (such as `\r`).
    #[error("line {line}: control character {byte:#04x} is not allowed")]
    ControlCharacter {
        /// Line of the character.
        line: usize,
        /// The character.
        byte: u8,
    },
    /// There is no blank line separating text from signatures.
    #[error("note has no blank line before its signatures")]
    NoSignatureBlock,
    /// The blank line is not followed by any signature line.
    #[error("line {line}: no signature lines after the blank line")]
    NoSignatures {
        /// The line where signatures should start.
        line: usize,
    },
    /// The note does not end in a newline.
    #[error("line {line}: note does not end with a newline")]
    MissingFinalNewline {
        /// The last line.
        line: usize,
    },
    /// A signature line is not `— name base64`.
    #[error("line {line}: malformed signature line: {reason}")]
    MalformedSignature {
        /// The signature line.
        line: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// More signature lines than [`MAX_SIGNATURES`](super::MAX_SIGNATURES).
    #[error("line {line}: more than {max} signatures")]
    TooManySignatures {
        /// The first signature line past the limit.
        line: usize,
        /// The limit.
        max: usize,
    },
    /// The text to sign is empty, does not end in a newline or holds a control character.
    #[error("note text must be non-empty, end with a newline and hold no control characters")]
    InvalidText,
    /// A note must be signed by at least one key.
    #[error("no signer given")]
    NoSigners,
    /// Two trusted verifier keys share both name and key ID, so a signature cannot be
    /// attributed.
    #[error("line {line}: ambiguous key {name}+{key_id}: several trusted keys match")]
    AmbiguousKey {
        /// The signature line that needed the key.
        line: usize,
        /// Key name.
        name: String,
        /// Key ID.
        key_id: KeyId,
    },
    /// A signature from a trusted key does not verify.
    #[error("line {line}: invalid signature for key {name}+{key_id}")]
    InvalidSignature {
        /// The signature line.
        line: usize,
        /// Key name.
        name: String,
        /// Key ID.
        key_id: KeyId,
    },
    /// No signature is from a trusted key.
    #[error("note has no verifiable signatures ({unverified} from unknown keys)")]
    NoVerifiedSignatures {
        /// How many distinct signatures were from unknown keys.
        unverified: usize,
    },
}

//! Attestations, the leaves of a timestamp (python-opentimestamps `core/notary.py` and
//! `core/dubious/notary.py`).
//!
//! On the wire an attestation is `0x00`, an 8-byte tag, then its payload as `varbytes` (at most
//! 8192 bytes). The payload of a known tag must be read completely:
//!
//! | tag | attestation | payload |
//! |---|---|---|
//! | `0588960d73d71901` | Bitcoin block header | `varuint` height |
//! | `06869a0d73d71b45` | Litecoin block header | `varuint` height |
//! | `30fe8087b5c7ead7` | Ethereum block header | `varuint` height |
//! | `83dfe30d2ef90c8e` | pending at a calendar | URI as `varbytes`, at most 1000 bytes of `A-Za-z0-9-._/:` |
//! | anything else | unknown | kept as it is |
//!
//! A Bitcoin attestation says: the message at this node is the merkle root of the block at this
//! height. Only a block header can confirm it (see [`crate::bitcoin`]).

use super::error::{Field, OtsError, OtsErrorKind};
use super::wire::{write_varbytes, write_varuint, Reader};

/// Tag of a Bitcoin block header attestation.
pub const BITCOIN_TAG: [u8; 8] = [0x05, 0x88, 0x96, 0x0d, 0x73, 0xd7, 0x19, 0x01];
/// Tag of a Litecoin block header attestation.
pub const LITECOIN_TAG: [u8; 8] = [0x06, 0x86, 0x9a, 0x0d, 0x73, 0xd7, 0x1b, 0x45];
/// Tag of an Ethereum block header attestation.
pub const ETHEREUM_TAG: [u8; 8] = [0x30, 0xfe, 0x80, 0x87, 0xb5, 0xc7, 0xea, 0xd7];
/// Tag of a pending attestation.
pub const PENDING_TAG: [u8; 8] = [0x83, 0xdf, 0xe3, 0x0d, 0x2e, 0xf9, 0x0c, 0x8e];

/// Longest attestation payload (`TimeAttestation.MAX_PAYLOAD_SIZE`).
pub const MAX_PAYLOAD_LENGTH: usize = 8192;
/// Longest pending URI (`PendingAttestation.MAX_URI_LENGTH`).
pub const MAX_URI_LENGTH: usize = 1000;

/// What a leaf of the timestamp attests.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Attestation {
    /// The message is the merkle root of Bitcoin block `height`.
    Bitcoin {
        /// Block height.
        height: u64,
    },
    /// The message is the merkle root of Litecoin block `height`.
    Litecoin {
        /// Block height.
        height: u64,
    },
    /// The message is the transactions root of Ethereum block `height`.
    Ethereum {
        /// Block height.
        height: u64,
    },
    /// The message was submitted to the calendar at `uri`, which may later give a complete
    /// proof. Says nothing checkable offline.
    Pending {
        /// The calendar's URI (only `A-Za-z0-9-._/:`).
        uri: String,
    },
    /// An attestation this reader does not know, carried as it is.
    Unknown {
        /// Its tag.
        tag: [u8; 8],
        /// Its payload, unread.
        payload: Vec<u8>,
    },
}

impl Attestation {
    /// Reads an attestation after its `0x00` marker.
    pub(super) fn read(input: &mut Reader) -> Result<Self, OtsError> {
        let tag = input.array::<8>()?;
        let payload = input.varbytes(Field::AttestationPayload, MAX_PAYLOAD_LENGTH)?;
        let mut body = Reader::new(payload, input.offset() - payload.len());
        let attestation = match tag {
            BITCOIN_TAG => Self::Bitcoin {
                height: body.varuint()?,
            },
            LITECOIN_TAG => Self::Litecoin {
                height: body.varuint()?,
            },
            ETHEREUM_TAG => Self::Ethereum {
                height: body.varuint()?,
            },
            PENDING_TAG => Self::Pending {
                uri: read_uri(&mut body)?,
            },
            _ => {
                return Ok(Self::Unknown {
                    tag,
                    payload: payload.to_vec(),
                })
            }
        };
        body.finish(|count| OtsErrorKind::TrailingPayloadBytes { count })?;
        Ok(attestation)
    }

    /// Its tag.
    pub fn tag(&self) -> [u8; 8] {
        match self {
            Self::Bitcoin { .. } => BITCOIN_TAG,
            Self::Litecoin { .. } => LITECOIN_TAG,
            Self::Ethereum { .. } => ETHEREUM_TAG,
            Self::Pending { .. } => PENDING_TAG,
            Self::Unknown { tag, .. } => *tag,
        }
    }

    /// Appends the serialised attestation (without the `0x00` marker).
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        let mut payload = Vec::new();
        match self {
            Self::Bitcoin { height } | Self::Litecoin { height } | Self::Ethereum { height } => {
                write_varuint(&mut payload, *height)
            }
            Self::Pending { uri } => write_varbytes(&mut payload, uri.as_bytes()),
            Self::Unknown { payload: raw, .. } => payload.extend_from_slice(raw),
        }
        out.extend_from_slice(&self.tag());
        write_varbytes(out, &payload);
    }
}

/// Reads a pending attestation's URI and checks its characters (`PendingAttestation.check_uri`).
fn read_uri(body: &mut Reader) -> Result<String, OtsError> {
    let uri = body.varbytes(Field::PendingUri, MAX_URI_LENGTH)?;
    let uri_offset = body.offset() - uri.len();
    match uri.iter().position(|b| !is_uri_byte(*b)) {
        Some(at) => {
            let kind = OtsErrorKind::UriCharacter { byte: uri[at] };
            Err(OtsError::at(uri_offset + at, kind))
        }
        // Every allowed byte is ASCII, so each byte is its own char.
        None => Ok(uri.iter().map(|&b| char::from(b)).collect()),
    }
}

fn is_uri_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'/' | b':')
}

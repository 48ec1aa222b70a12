//! A header set: the Bitcoin block headers a user vouches for, the trust input that lets a
//! Bitcoin attestation be checked offline.
//!
//! Text form, one header per line:
//!
//! ```text
//! # comments and blank lines are ignored; so is anything after '#'
//! 358391 02000000b96394585a281b7e5f438fd1c9ed492645a1fd61cb3802040000000000000000007ee445d23ad061af4a36b809501fab1ac4f2d7e7a739817dd0cbb7ec661b8a1e376755f58616186272def6
//! 02000000b96394585a281b7e5f438fd1c9ed492645a1fd61cb3802040000000000000000007ee445d23ad061af4a36b809501fab1ac4f2d7e7a739817dd0cbb7ec661b8a1e376755f58616186272def6
//! ```
//!
//! Lines end in `\n` or `\r\n`; a leading byte-order mark is skipped.
//! A line is the 80-byte header as 160 hex digits (what `bitcoin-cli getblockheader HASH false`
//! prints), optionally after its decimal height. A header without a height is matched to an
//! attestation by its merkle root alone. Whether the headers are on the chain with the most work
//! is for the user to vouch; the set checks each one's own proof of work when it is used.

use super::error::{HeaderLineError, HeaderSetError};
use super::hash::MerkleRoot;
use super::header::{BlockHeader, HEADER_LENGTH};

/// The headers of a header set, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderSet {
    headers: Vec<ListedHeader>,
}

/// A header as listed in a header set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedHeader {
    /// The header.
    pub header: BlockHeader,
    /// Its height, when the line gives one.
    pub height: Option<u64>,
    /// Its 1-based line.
    pub line: usize,
}

impl HeaderSet {
    /// Reads the text form (see the module documentation). Empty text is an empty set.
    ///
    /// # Errors
    /// [`HeaderSetError`] naming the first line that is not a header, not 80 bytes, has a bad
    /// height, or gives a second, different header for a height.
    pub fn parse(text: &str) -> Result<Self, HeaderSetError> {
        let mut set = Self::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let error = |kind| HeaderSetError { line, kind };
            let Some((height, header)) = parse_line(raw).map_err(error)? else {
                continue;
            };
            if let Some(height) = height {
                match set.at_height(height) {
                    Some(first) if first.header == header => continue,
                    Some(first) => {
                        let first_line = first.line;
                        return Err(error(HeaderLineError::ConflictingHeight {
                            height,
                            first_line,
                        }));
                    }
                    None => {}
                }
            }
            set.headers.push(ListedHeader {
                header,
                height,
                line,
            });
        }
        Ok(set)
    }

    /// The headers, in the order given.
    pub fn headers(&self) -> &[ListedHeader] {
        &self.headers
    }

    /// Whether the set holds no header.
    pub fn is_empty(&self) -> bool {
        self.headers.is_empty()
    }

    /// The header given for `height`.
    pub fn at_height(&self, height: u64) -> Option<&ListedHeader> {
        self.headers.iter().find(|h| h.height == Some(height))
    }

    /// The first header given without a height whose merkle root is `root`.
    pub fn unnumbered_with_root(&self, root: &MerkleRoot) -> Option<&ListedHeader> {
        self.headers
            .iter()
            .find(|h| h.height.is_none() && h.header.merkle_root() == *root)
    }
}

/// One line: `None` for a blank or comment line, else the height if given and the header.
fn parse_line(raw: &str) -> Result<Option<(Option<u64>, BlockHeader)>, HeaderLineError> {
    let content = raw.split('#').next().unwrap_or_default().trim();
    if content.starts_with(['{', '"', '}']) {
        return Err(HeaderLineError::Json);
    }
    let fields: Vec<&str> = content.split_whitespace().collect();
    let (height, hex_text) = match fields[..] {
        [] => return Ok(None),
        [hex_text] => (None, hex_text),
        [height, hex_text] => (Some(parse_height(height)?), hex_text),
        _ => return Err(HeaderLineError::TooManyFields(fields.len())),
    };
    Ok(Some((height, parse_header(hex_text)?)))
}

fn parse_height(text: &str) -> Result<u64, HeaderLineError> {
    match text.parse::<u64>() {
        Ok(height) if text.bytes().all(|b| b.is_ascii_digit()) => Ok(height),
        _ => Err(HeaderLineError::BadHeight(text.to_string())),
    }
}

fn parse_header(text: &str) -> Result<BlockHeader, HeaderLineError> {
    if text.len() != 2 * HEADER_LENGTH {
        return Err(match text.bytes().all(|b| b.is_ascii_hexdigit()) {
            true => HeaderLineError::WrongLength { found: text.len() },
            false => HeaderLineError::NotHex,
        });
    }
    let mut bytes = [0u8; HEADER_LENGTH];
    hex::decode_to_slice(text, &mut bytes).map_err(|_| HeaderLineError::NotHex)?;
    Ok(BlockHeader::from_bytes(bytes))
}

//! Why a header set (the trust input of Bitcoin block headers) could not be read. Each error
//! names its 1-based line.

/// A line of a header set could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct HeaderSetError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub kind: HeaderLineError,
}

/// What is wrong with a line of a header set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderLineError {
    /// The header is not hex.
    #[error("the header is not hex")]
    NotHex,
    /// The header is not 80 bytes.
    #[error("the header is {found} hex digits long, expected 160 (80 bytes)")]
    WrongLength {
        /// Number of hex digits found.
        found: usize,
    },
    /// The height before the header is not a decimal number.
    #[error("height {0:?} is not a decimal number")]
    BadHeight(String),
    /// More than two fields (`HEIGHT HEX`) on the line.
    #[error("expected HEX or HEIGHT HEX, found {0} fields")]
    TooManyFields(usize),
    /// The line looks like the JSON of `bitcoin-cli getblockheader HASH`.
    #[error(
        "this looks like JSON: `bitcoin-cli getblockheader HASH false` prints the header as hex"
    )]
    Json,
    /// Two different headers are given for one height.
    #[error("another header for height {height} is given on line {first_line}")]
    ConflictingHeight {
        /// The height.
        height: u64,
        /// The line of the first header given for it.
        first_line: usize,
    },
}

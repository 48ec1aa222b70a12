//! Errors for input that cannot be read as a time-stamp response or as TSA root certificates.
//!
//! A token that reads but does not verify is not an error: it is a
//! [`TstFailure`](super::TstFailure) in the [`TstReport`](super::TstReport).

use der::oid::ObjectIdentifier;

/// The structure being read when a [`TstError`] happened: where to look in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TstPart {
    /// The outer `TimeStampResp` (RFC 3161 §2.4.2) or `ContentInfo` (RFC 5652 §3).
    Response,
    /// The `SignedData` inside the token (RFC 5652 §5.1).
    SignedData,
    /// The `eContent` OCTET STRING holding the `TSTInfo` (RFC 5652 §5.2).
    EncapsulatedContent,
    /// The `TSTInfo` (RFC 3161 §2.4.2).
    TstInfo,
}

impl core::fmt::Display for TstPart {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            TstPart::Response => "TimeStampResp",
            TstPart::SignedData => "SignedData",
            TstPart::EncapsulatedContent => "eContent",
            TstPart::TstInfo => "TSTInfo",
        })
    }
}

/// Why bytes could not be read as an RFC 3161 time-stamp response or token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TstError {
    /// The DER of one structure is malformed, truncated or followed by extra bytes. The
    /// position in `source` counts bytes from the start of that structure's encoding.
    #[error("{part}: {source}")]
    Der {
        /// The structure that did not decode.
        part: TstPart,
        /// What `der` found, with its byte position.
        source: der::Error,
    },
    /// The token's `ContentInfo` is not `id-signedData` (RFC 3161 §2.4.2).
    #[error("the time-stamp token's content type is {found}, expected id-signedData (1.2.840.113549.1.7.2)")]
    NotSignedData {
        /// The content type found.
        found: ObjectIdentifier,
    },
    /// The signed content is not a `TSTInfo` (RFC 3161 §2.4.2: `eContentType` is
    /// id-ct-TSTInfo).
    #[error(
        "the signed content type is {found}, expected id-ct-TSTInfo (1.2.840.113549.1.9.16.1.4)"
    )]
    NotTstInfo {
        /// The `eContentType` found.
        found: ObjectIdentifier,
    },
    /// The `SignedData` carries no `eContent` (a detached signature cannot be a token).
    #[error("the SignedData has no eContent: the TSTInfo is missing")]
    MissingContent,
    /// RFC 3161 §2.4.2: the token holds the TSA's signature and no other.
    #[error("the SignedData has {found} SignerInfos, expected exactly 1")]
    SignerCount {
        /// How many `SignerInfo`s there are.
        found: usize,
    },
    /// RFC 3161 §2.4.2: a status of granted or grantedWithMods comes with a token.
    #[error("the status is {status} but the response carries no TimeStampToken")]
    GrantedWithoutToken {
        /// The `PKIStatus` value.
        status: u32,
    },
}

/// Why a list of TSA root certificates could not be read. Lines count from 1.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RootsError {
    /// No `-----BEGIN CERTIFICATE-----` block (and not a DER certificate).
    #[error("no certificate found: expected PEM blocks \"-----BEGIN CERTIFICATE-----\" (RFC 7468 §5) or one DER certificate")]
    NoCertificate,
    /// The input is neither UTF-8 PEM text nor a DER certificate.
    #[error("not PEM text: byte {offset} is not valid UTF-8")]
    NotText {
        /// Byte offset of the first invalid UTF-8 sequence.
        offset: usize,
    },
    /// A PEM block of another kind (a key, a request) where a certificate was expected.
    #[error("line {line}: a PEM block labelled \"{label}\", expected \"CERTIFICATE\"")]
    WrongLabel {
        /// The line of the BEGIN marker.
        line: usize,
        /// Its label.
        label: String,
    },
    /// A BEGIN marker without its END marker.
    #[error(
        "line {line}: \"-----BEGIN {label}-----\" is never ended by \"-----END {label}-----\""
    )]
    Unterminated {
        /// The line of the BEGIN marker.
        line: usize,
        /// Its label.
        label: String,
    },
    /// A line inside a block that is not base64.
    #[error("line {line}: not base64 inside the certificate that begins on line {begin}")]
    Base64 {
        /// The offending line.
        line: usize,
        /// The line of the block's BEGIN marker.
        begin: usize,
    },
    /// A block whose base64 does not decode (bad padding or length).
    #[error("line {begin}: the base64 of this certificate does not decode: {reason}")]
    Base64Block {
        /// The line of the block's BEGIN marker.
        begin: usize,
        /// What the decoder said.
        reason: String,
    },
    /// A DER input (it starts with 0x30) is not one X.509 certificate (RFC 5280 §4.1).
    #[error("not a DER X.509 certificate: {source}")]
    Der {
        /// What `der` found, with its byte position.
        source: der::Error,
    },
    /// The bytes of a block are not an X.509 certificate (RFC 5280 §4.1).
    #[error("line {begin}: not an X.509 certificate: {source}")]
    Certificate {
        /// The line of the block's BEGIN marker.
        begin: usize,
        /// What `der` found, with its byte position inside the certificate.
        source: der::Error,
    },
}

//! RFC 3161 time-stamp tokens, verified offline.
//!
//! A time-stamp token is a Time-Stamp Authority's signed statement that it saw a hash
//! at a time (`genTime`). nexuscone 0.2.1 asks a TSA to time-stamp SHA-256 of the raw
//! 32 bytes of a chain head and stores the whole DER `TimeStampResp` in
//! `anchors.tst_blob`; its own verifier checks the status and the imprint, not the
//! signature. This module checks everything the token can prove on its own, and the
//! TSA's certificate path when the user supplies TSA root certificates.
//!
//! - [`response`]: [`TimeStampResponse::parse`] reads a `TimeStampResp` (RFC 3161
//!   §2.4.2) or a bare token; [`TimeStampResponse::verify`] gives a [`TstReport`].
//! - [`token`]: [`TimeStampToken`], the CMS `SignedData` (RFC 5652 §5) around a `TSTInfo`.
//! - `verify.rs`: the order of the checks, and the imprint check.
//! - `attributes.rs`: content-type, message-digest and the signed bytes (RFC 5652 §5.4, §11).
//! - `signature.rs`: RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256/P-384 (RFC 8017, RFC 5758).
//! - `ess.rs`: the ESSCertID / ESSCertIDv2 binding of the signer certificate (RFC 5035).
//! - `certificate.rs`: finding the signer, its time-stamping key usage (RFC 3161 §2.3)
//!   and its validity at `genTime`.
//! - `asn1.rs`: the RFC 3161 and RFC 5035 structures, declared with `der`'s derives.
//! - [`path`]: the certificate path to a supplied root at `genTime` (RFC 5280 §6.1).
//! - [`roots`]: [`TsaRoots`], the trust input, read from PEM or DER.
//! - `verified.rs`: the certificate signatures a [`TsaRoots`] has found valid, each
//!   checked once.
//! - [`gen_time`]: [`GenTime`], `genTime` with fractional seconds.
//! - [`policy`]: [`PolicyId`], the TSA policy OID with any arcs.
//! - [`digest`]: [`DigestAlgorithm`], SHA-1/256/384/512.
//! - [`outcome`]: [`TstReport`], [`TstOutcome`], [`TstFailure`]; [`error`]: [`TstError`]
//!   and [`RootsError`] for input that does not read.
//!
//! For a nexuscone anchor row: `message` is the 32 raw bytes of `chain_head_hash`; the
//! library accepts only SHA-256 imprints ([`TokenFacts::imprint_algorithm`]), and its
//! `tsa_gen_time` column holds `genTime` without the fraction.
//!
//! What this module is NOT: it knows nothing about ledgers or anchors rows (the caller
//! passes the time-stamped bytes), makes no network calls, and checks no revocation
//! (no CRL, no OCSP): a TSA certificate revoked before `genTime` still verifies.

mod asn1;
mod attributes;
mod certificate;
pub mod digest;
pub mod error;
mod ess;
pub mod gen_time;
pub mod outcome;
pub mod path;
pub mod policy;
pub mod response;
pub mod roots;
mod signature;
pub mod token;
mod verified;
mod verify;

pub use asn1::Accuracy;
pub use digest::DigestAlgorithm;
pub use error::{RootsError, TstError, TstPart};
pub use gen_time::GenTime;
pub use outcome::{
    AttributeProblem, EssField, PathFailure, PkiStatus, SignedAttribute, SignerFacts, TokenFacts,
    TstFailure, TstOutcome, TstReport, UsageProblem,
};
pub use path::{MAX_PATH_LENGTH, MAX_SIGNATURE_CHECKS};
pub use policy::PolicyId;
pub use response::TimeStampResponse;
pub use roots::TsaRoots;
pub use token::{TimeStampToken, ID_CT_TST_INFO};

/// Reads `der` (a `TimeStampResp` or a bare token) and verifies that it time-stamps
/// `message`, against `roots` when given: [`TimeStampResponse::parse`] then
/// [`TimeStampResponse::verify`].
///
/// # Errors
/// [`TstError`] when `der` does not read as a response or token.
pub fn verify(der: &[u8], message: &[u8], roots: Option<&TsaRoots>) -> Result<TstReport, TstError> {
    Ok(TimeStampResponse::parse(der)?.verify(message, roots))
}

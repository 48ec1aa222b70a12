//! The digest algorithms a time-stamp token may name: in its message imprint
//! (RFC 3161 §2.4.1), as the CMS `digestAlgorithm` (RFC 5652 §5.3), inside a signature
//! algorithm, or for an `ESSCertIDv2` (RFC 5035 §4).

use der::asn1::Null;
use der::oid::db::rfc5912::{ID_SHA_1, ID_SHA_256, ID_SHA_384, ID_SHA_512};
use der::oid::ObjectIdentifier;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::AlgorithmIdentifierOwned;

/// A hash function this module computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    /// SHA-1 (RFC 3174). Accepted where RFC 3161 and RFC 5035 allow it; collisions exist.
    Sha1,
    /// SHA-256 (FIPS 180-4), the only imprint nexuscone 0.2.1 writes.
    Sha256,
    /// SHA-384 (FIPS 180-4).
    Sha384,
    /// SHA-512 (FIPS 180-4).
    Sha512,
}

impl DigestAlgorithm {
    /// The algorithm an OID names (RFC 5754 §2), if supported.
    pub fn from_oid(oid: ObjectIdentifier) -> Option<DigestAlgorithm> {
        [Self::Sha1, Self::Sha256, Self::Sha384, Self::Sha512]
            .into_iter()
            .find(|algorithm| algorithm.oid() == oid)
    }

    /// The algorithm of an `AlgorithmIdentifier` whose parameters are absent or NULL
    /// (RFC 5754 §2 allows both).
    pub fn from_identifier(identifier: &AlgorithmIdentifierOwned) -> Option<DigestAlgorithm> {
        let parameters_ok = match &identifier.parameters {
            None => true,
            Some(any) => any.decode_as::<Null>().is_ok(),
        };
        parameters_ok
            .then(|| Self::from_oid(identifier.oid))
            .flatten()
    }

    /// Its object identifier.
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            DigestAlgorithm::Sha1 => ID_SHA_1,
            DigestAlgorithm::Sha256 => ID_SHA_256,
            DigestAlgorithm::Sha384 => ID_SHA_384,
            DigestAlgorithm::Sha512 => ID_SHA_512,
        }
    }

    /// Its usual name, e.g. `SHA-256`.
    pub fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha1 => "SHA-1",
            DigestAlgorithm::Sha256 => "SHA-256",
            DigestAlgorithm::Sha384 => "SHA-384",
            DigestAlgorithm::Sha512 => "SHA-512",
        }
    }

    /// The digest of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            DigestAlgorithm::Sha1 => Sha1::digest(data).to_vec(),
            DigestAlgorithm::Sha256 => Sha256::digest(data).to_vec(),
            DigestAlgorithm::Sha384 => Sha384::digest(data).to_vec(),
            DigestAlgorithm::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

impl core::fmt::Display for DigestAlgorithm {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

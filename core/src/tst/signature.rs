//! Signature algorithms: which scheme an `AlgorithmIdentifier` names, and checking a
//! signature with the public key of a certificate. Used for the CMS signature of the
//! token (RFC 5652 §5.6) and for certificate signatures on the path (RFC 5280 §6.1.3).
//!
//! Supported: RSASSA-PKCS1-v1_5 and RSASSA-PSS (RFC 8017 §8; identifiers of RFC 4055 §3
//! and §5) with SHA-1/256/384/512, ECDSA on P-256 and P-384 (RFC 5758 §3.2; keys of
//! RFC 5480 §2). Everything else is named as unsupported, never accepted.

use der::asn1::ObjectIdentifier;
use der::oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ECDSA_WITH_SHA_384, ECDSA_WITH_SHA_512, ID_EC_PUBLIC_KEY, ID_MGF_1,
    ID_RSASSA_PSS, RSA_ENCRYPTION, SECP_256_R_1, SECP_384_R_1, SHA_1_WITH_RSA_ENCRYPTION,
    SHA_256_WITH_RSA_ENCRYPTION, SHA_384_WITH_RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION,
};
use der::{Decode, Encode};
use ecdsa::signature::hazmat::PrehashVerifier;
use rsa::pkcs1::{DecodeRsaPublicKey, RsaPssParams};
use rsa::{Pkcs1v15Sign, Pss, RsaPublicKey};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use super::digest::DigestAlgorithm;

/// A signature scheme with its hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// RSASSA-PKCS1-v1_5.
    RsaPkcs1(DigestAlgorithm),
    /// RSASSA-PSS with MGF1 over the same hash and this salt length.
    RsaPss(DigestAlgorithm, usize),
    /// ECDSA; the curve comes from the key.
    Ecdsa(DigestAlgorithm),
}

impl Scheme {
    /// The scheme `identifier` names. `cms_digest` is the SignerInfo's `digestAlgorithm`,
    /// which supplies the hash when a CMS signer names plain `rsaEncryption` (RFC 5754
    /// §3.2). `None` if the scheme is not supported.
    pub(crate) fn identify(
        identifier: &AlgorithmIdentifierOwned,
        cms_digest: Option<DigestAlgorithm>,
    ) -> Option<Scheme> {
        use DigestAlgorithm::*;
        let oid = identifier.oid;
        let fixed = [
            (SHA_1_WITH_RSA_ENCRYPTION, Scheme::RsaPkcs1(Sha1)),
            (SHA_256_WITH_RSA_ENCRYPTION, Scheme::RsaPkcs1(Sha256)),
            (SHA_384_WITH_RSA_ENCRYPTION, Scheme::RsaPkcs1(Sha384)),
            (SHA_512_WITH_RSA_ENCRYPTION, Scheme::RsaPkcs1(Sha512)),
            (ECDSA_WITH_SHA_256, Scheme::Ecdsa(Sha256)),
            (ECDSA_WITH_SHA_384, Scheme::Ecdsa(Sha384)),
            (ECDSA_WITH_SHA_512, Scheme::Ecdsa(Sha512)),
        ];
        if let Some((_, scheme)) = fixed.iter().find(|(known, _)| *known == oid) {
            return Some(*scheme);
        }
        match oid {
            RSA_ENCRYPTION => cms_digest.map(Scheme::RsaPkcs1),
            ID_RSASSA_PSS => pss_scheme(identifier),
            _ => None,
        }
    }

    /// The hash the scheme signs.
    pub(crate) fn digest(self) -> DigestAlgorithm {
        match self {
            Scheme::RsaPkcs1(digest) | Scheme::RsaPss(digest, _) | Scheme::Ecdsa(digest) => digest,
        }
    }

    /// True if `signature` over `message` verifies under the key in `key`. A key of
    /// the wrong type for the scheme, or one that does not decode, does not verify.
    pub(crate) fn verify(
        self,
        key: &SubjectPublicKeyInfoOwned,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        let hashed = self.digest().digest(message);
        match self {
            Scheme::RsaPkcs1(digest) => rsa_key(key).is_some_and(|key| {
                key.verify(pkcs1_padding(digest), &hashed, signature)
                    .is_ok()
            }),
            Scheme::RsaPss(digest, salt) => rsa_key(key).is_some_and(|key| {
                key.verify(pss_padding(digest, salt), &hashed, signature)
                    .is_ok()
            }),
            Scheme::Ecdsa(_) => ecdsa_verify(key, &hashed, signature),
        }
    }
}

/// RSASSA-PSS-params (RFC 4055 §3.1) with MGF1 over the same hash and trailer field 1.
fn pss_scheme(identifier: &AlgorithmIdentifierOwned) -> Option<Scheme> {
    let encoded = identifier.parameters.as_ref()?.to_der().ok()?;
    let params = RsaPssParams::from_der(&encoded).ok()?;
    let digest = DigestAlgorithm::from_oid(params.hash.oid)?;
    let mgf_hash = params.mask_gen.parameters.as_ref()?.oid;
    let same_mgf = params.mask_gen.oid == ID_MGF_1 && mgf_hash == params.hash.oid;
    same_mgf.then_some(Scheme::RsaPss(digest, usize::from(params.salt_len)))
}

/// The RSA key of an `rsaEncryption` or `id-RSASSA-PSS` SubjectPublicKeyInfo (RFC 4055 §1.2).
fn rsa_key(key: &SubjectPublicKeyInfoOwned) -> Option<RsaPublicKey> {
    if key.algorithm.oid != RSA_ENCRYPTION && key.algorithm.oid != ID_RSASSA_PSS {
        return None;
    }
    RsaPublicKey::from_pkcs1_der(key.subject_public_key.as_bytes()?).ok()
}

fn pkcs1_padding(digest: DigestAlgorithm) -> Pkcs1v15Sign {
    match digest {
        DigestAlgorithm::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
        DigestAlgorithm::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
        DigestAlgorithm::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
        DigestAlgorithm::Sha512 => Pkcs1v15Sign::new::<sha2::Sha512>(),
    }
}

fn pss_padding(digest: DigestAlgorithm, salt: usize) -> Pss {
    match digest {
        DigestAlgorithm::Sha1 => Pss::new_with_salt::<sha1::Sha1>(salt),
        DigestAlgorithm::Sha256 => Pss::new_with_salt::<sha2::Sha256>(salt),
        DigestAlgorithm::Sha384 => Pss::new_with_salt::<sha2::Sha384>(salt),
        DigestAlgorithm::Sha512 => Pss::new_with_salt::<sha2::Sha512>(salt),
    }
}

/// One ECDSA check on a concrete curve: the key from its SEC1 point, the DER signature.
macro_rules! verify_on {
    ($curve:ty, $point:expr, $hashed:expr, $signature:expr) => {{
        let key = ecdsa::VerifyingKey::<$curve>::from_sec1_bytes($point);
        let signature = ecdsa::der::Signature::<$curve>::from_bytes($signature);
        matches!((key, signature), (Ok(key), Ok(signature))
            if key.verify_prehash($hashed, &signature).is_ok())
    }};
}

/// ECDSA over the named curve of an `id-ecPublicKey` key (RFC 5480 §2.1.1); the
/// signature is the DER `ECDSA-Sig-Value` of RFC 5753 §7.2.
fn ecdsa_verify(key: &SubjectPublicKeyInfoOwned, hashed: &[u8], signature: &[u8]) -> bool {
    if key.algorithm.oid != ID_EC_PUBLIC_KEY {
        return false;
    }
    let Some(point) = key.subject_public_key.as_bytes() else {
        return false;
    };
    match named_curve(&key.algorithm) {
        Some(SECP_256_R_1) => verify_on!(p256::NistP256, point, hashed, signature),
        Some(SECP_384_R_1) => verify_on!(p384::NistP384, point, hashed, signature),
        _ => false,
    }
}

fn named_curve(algorithm: &AlgorithmIdentifierOwned) -> Option<ObjectIdentifier> {
    algorithm
        .parameters
        .as_ref()?
        .decode_as::<ObjectIdentifier>()
        .ok()
}

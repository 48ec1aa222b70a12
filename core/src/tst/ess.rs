//! The ESS binding of the signer certificate (RFC 3161 §2.4.1, RFC 5816 §2.2.1): the
//! signed attribute signing-certificate (`ESSCertID`, SHA-1, RFC 2634 §5.4) or
//! signing-certificate-v2 (`ESSCertIDv2`, RFC 5035 §3-4). It stops a signature being
//! passed off under another certificate for the same key. The first identifier names
//! the signing certificate (RFC 5035 §5.4); later ones (its chain) are not checked.

use cms::signed_data::SignedAttributes;
use der::asn1::OctetString;
use der::oid::db::rfc5911::{ID_AA_SIGNING_CERTIFICATE, ID_AA_SIGNING_CERTIFICATE_V_2};
use der::Encode;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::Certificate;

use super::asn1::{IssuerSerial, SigningCertificate, SigningCertificateV2};
use super::attributes::optional;
use super::digest::DigestAlgorithm;
use super::outcome::{AttributeProblem, EssField, SignedAttribute, TstFailure};

/// Checks every signing-certificate attribute present against `signer`; at least one
/// must be.
pub(crate) fn check_binding(
    attrs: &SignedAttributes,
    signer: &Certificate,
) -> Result<(), TstFailure> {
    use SignedAttribute::{SigningCertificate as V1, SigningCertificateV2 as V2};
    let v1: Option<SigningCertificate> = optional(attrs, ID_AA_SIGNING_CERTIFICATE, V1)?;
    let v2: Option<SigningCertificateV2> = optional(attrs, ID_AA_SIGNING_CERTIFICATE_V_2, V2)?;
    if v1.is_none() && v2.is_none() {
        return Err(TstFailure::SigningCertificateMissing);
    }
    let Ok(signer_der) = signer.to_der() else {
        return Err(mismatch(V1, EssField::CertHash));
    };
    if let Some(v1) = v1 {
        let id = v1.certs.first().ok_or(malformed(V1))?;
        check_id(
            V1,
            DigestAlgorithm::Sha1,
            &id.cert_hash,
            id.issuer_serial.as_ref(),
            signer,
            &signer_der,
        )?;
    }
    if let Some(v2) = v2 {
        let id = v2.certs.first().ok_or(malformed(V2))?;
        let digest = DigestAlgorithm::from_identifier(&id.hash_algorithm())
            .ok_or(mismatch(V2, EssField::HashAlgorithm))?;
        check_id(
            V2,
            digest,
            &id.cert_hash,
            id.issuer_serial.as_ref(),
            signer,
            &signer_der,
        )?;
    }
    Ok(())
}

/// One identifier: the hash of the whole certificate and, when present, its issuer
/// (the one directoryName RFC 5035 §4 allows) and serial number.
fn check_id(
    attribute: SignedAttribute,
    digest: DigestAlgorithm,
    cert_hash: &OctetString,
    issuer_serial: Option<&IssuerSerial>,
    signer: &Certificate,
    signer_der: &[u8],
) -> Result<(), TstFailure> {
    if cert_hash.as_bytes() != digest.digest(signer_der).as_slice() {
        return Err(mismatch(attribute, EssField::CertHash));
    }
    let tbs = &signer.tbs_certificate;
    let names_signer = |id: &IssuerSerial| {
        id.serial_number == tbs.serial_number
            && matches!(id.issuer.as_slice(), [GeneralName::DirectoryName(name)] if *name == tbs.issuer)
    };
    match issuer_serial {
        Some(id) if !names_signer(id) => Err(mismatch(attribute, EssField::IssuerSerial)),
        _ => Ok(()),
    }
}

fn mismatch(attribute: SignedAttribute, field: EssField) -> TstFailure {
    TstFailure::SigningCertificateMismatch { attribute, field }
}

fn malformed(attribute: SignedAttribute) -> TstFailure {
    TstFailure::Attribute {
        attribute,
        problem: AttributeProblem::Malformed,
    }
}

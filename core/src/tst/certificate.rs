//! The signer certificate: finding it (RFC 5652 §5.3 `sid`), its extended key usage
//! (RFC 3161 §2.3), its validity at `genTime` (RFC 5280 §4.1.2.5), and the X.509
//! extension reading the path check shares (RFC 5280 §4.2).

use cms::signed_data::SignerIdentifier;
use der::oid::db::rfc5280::ID_KP_TIME_STAMPING;
use der::oid::AssociatedOid;
use der::Decode;
use x509_cert::ext::pkix::{ExtendedKeyUsage, SubjectKeyIdentifier};
use x509_cert::Certificate;

use super::gen_time::GenTime;
use super::outcome::{SignerFacts, UsageProblem};

/// The certificate `sid` names among `candidates`: by issuer and serial number, or by
/// subject key identifier.
pub(crate) fn find_signer<'c>(
    sid: &SignerIdentifier,
    candidates: impl IntoIterator<Item = &'c Certificate>,
) -> Option<&'c Certificate> {
    candidates.into_iter().find(|cert| match sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => {
            let tbs = &cert.tbs_certificate;
            tbs.issuer == id.issuer && tbs.serial_number == id.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(id) => {
            matches!(extension::<SubjectKeyIdentifier>(cert), Some((_, Ok(ski))) if ski == *id)
        }
    })
}

/// The one extension of type `T`: whether it is critical and its decoded value. `None`
/// if absent; a decoding error if it does not decode or appears more than once
/// (RFC 5280 §4.2: "MUST NOT include more than one instance").
pub(crate) fn extension<T>(cert: &Certificate) -> Option<(bool, der::Result<T>)>
where
    T: AssociatedOid + for<'a> Decode<'a>,
{
    let extensions = cert
        .tbs_certificate
        .extensions
        .as_deref()
        .unwrap_or_default();
    let mut matching = extensions.iter().filter(|ext| ext.extn_id == T::OID);
    let first = matching.next()?;
    let value = match matching.next() {
        Some(_) => Err(der::Tag::OctetString.value_error()),
        None => T::from_der(first.extn_value.as_bytes()),
    };
    Some((first.critical, value))
}

/// RFC 3161 §2.3: the TSA's certificate has exactly one extended key usage extension,
/// critical, with id-kp-timeStamping as its only purpose.
pub(crate) fn check_time_stamping_usage(cert: &Certificate) -> Result<(), UsageProblem> {
    let (critical, usage) = extension::<ExtendedKeyUsage>(cert).ok_or(UsageProblem::Missing)?;
    let usage = usage.map_err(|_| UsageProblem::Malformed)?;
    if usage.0.as_slice() != [ID_KP_TIME_STAMPING] {
        return Err(UsageProblem::NotTimeStampingOnly);
    }
    if !critical {
        return Err(UsageProblem::NotCritical);
    }
    Ok(())
}

/// `notBefore` and `notAfter` in Unix seconds.
pub(crate) fn validity(cert: &Certificate) -> (u64, u64) {
    let validity = &cert.tbs_certificate.validity;
    (
        validity.not_before.to_unix_duration().as_secs(),
        validity.not_after.to_unix_duration().as_secs(),
    )
}

/// True if `cert` is valid at `gen_time` (RFC 5280 §4.1.2.5, both ends included).
pub(crate) fn valid_at(cert: &Certificate, gen_time: &GenTime) -> bool {
    let (not_before, not_after) = validity(cert);
    gen_time.is_within(not_before, not_after)
}

/// `notBefore` and `notAfter` as RFC 3339 text.
pub(crate) fn validity_text(cert: &Certificate) -> (String, String) {
    let validity = &cert.tbs_certificate.validity;
    let text = |time: x509_cert::time::Time| time.to_date_time().to_string();
    (text(validity.not_before), text(validity.not_after))
}

/// The certificate's subject, RFC 4514 text.
pub(crate) fn subject(cert: &Certificate) -> String {
    cert.tbs_certificate.subject.to_string()
}

/// The facts about the signer a report shows.
pub(crate) fn signer_facts(cert: &Certificate) -> SignerFacts {
    let tbs = &cert.tbs_certificate;
    let (not_before, not_after) = validity_text(cert);
    SignerFacts {
        subject: subject(cert),
        issuer: tbs.issuer.to_string(),
        serial_hex: hex::encode(tbs.serial_number.as_bytes()),
        not_before,
        not_after,
    }
}

//! A `TimeStampToken` (RFC 3161 §2.4.2): a CMS `ContentInfo` holding `SignedData`
//! (RFC 5652 §5) whose signed content is a DER `TSTInfo`. Reading it checks the shape
//! only; [`TimeStampToken::verify`] (in `verify.rs`) checks what it says.

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfo};
use der::asn1::OctetString;
use der::oid::db::rfc5911::ID_SIGNED_DATA;
use der::oid::ObjectIdentifier;
use der::Decode;
use x509_cert::Certificate;

use super::asn1::TstInfo;
use super::digest::DigestAlgorithm;
use super::error::{TstError, TstPart};
use super::gen_time::GenTime;
use super::outcome::TokenFacts;

/// `id-ct-TSTInfo` (RFC 3161 §2.4.2).
pub const ID_CT_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// A time-stamp token read from DER, not yet verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeStampToken {
    pub(crate) signed_data: SignedData,
    pub(crate) tst_info: TstInfo,
    /// The `eContent` octets: the DER of the TSTInfo, exactly as signed.
    pub(crate) econtent: Vec<u8>,
    pub(crate) certificates: Vec<Certificate>,
}

impl TimeStampToken {
    /// Reads a bare token (a DER `ContentInfo`), with nothing after it.
    ///
    /// # Errors
    /// [`TstError`] naming the structure that does not read.
    pub fn parse(der: &[u8]) -> Result<TimeStampToken, TstError> {
        let info = ContentInfo::from_der(der).map_err(|source| TstError::Der {
            part: TstPart::Response,
            source,
        })?;
        TimeStampToken::from_content_info(&info)
    }

    pub(crate) fn from_content_info(info: &ContentInfo) -> Result<TimeStampToken, TstError> {
        if info.content_type != ID_SIGNED_DATA {
            return Err(TstError::NotSignedData {
                found: info.content_type,
            });
        }
        let der_error = |part| move |source| TstError::Der { part, source };
        let signed_data: SignedData = info
            .content
            .decode_as()
            .map_err(der_error(TstPart::SignedData))?;
        let encapsulated = &signed_data.encap_content_info;
        if encapsulated.econtent_type != ID_CT_TST_INFO {
            return Err(TstError::NotTstInfo {
                found: encapsulated.econtent_type,
            });
        }
        let econtent = encapsulated
            .econtent
            .as_ref()
            .ok_or(TstError::MissingContent)?;
        let octets: OctetString = econtent
            .decode_as()
            .map_err(der_error(TstPart::EncapsulatedContent))?;
        let tst_info = TstInfo::from_der(octets.as_bytes()).map_err(der_error(TstPart::TstInfo))?;
        if signed_data.signer_infos.0.len() != 1 {
            return Err(TstError::SignerCount {
                found: signed_data.signer_infos.0.len(),
            });
        }
        let certificates = certificates(&signed_data);
        Ok(TimeStampToken {
            econtent: octets.into_bytes(),
            signed_data,
            tst_info,
            certificates,
        })
    }

    /// `genTime`: when the TSA says it signed.
    pub fn gen_time(&self) -> &GenTime {
        &self.tst_info.gen_time
    }

    /// The X.509 certificates the token carries (RFC 5652 §5.1 `certificates`).
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    /// What the TSTInfo states.
    pub fn facts(&self) -> TokenFacts {
        let tst = &self.tst_info;
        let imprint = &tst.message_imprint;
        TokenFacts {
            gen_time: tst.gen_time.clone(),
            imprint_algorithm: DigestAlgorithm::from_identifier(&imprint.hash_algorithm),
            imprint_oid: imprint.hash_algorithm.oid,
            imprint_hex: hex::encode(imprint.hashed_message.as_bytes()),
            serial_number: rsa::BigUint::from_bytes_be(tst.serial_number.as_bytes())
                .to_str_radix(10),
            policy: tst.policy.clone(),
            accuracy: tst.accuracy,
            ordering: tst.ordering,
            nonce_hex: tst
                .nonce
                .as_ref()
                .map(|nonce| hex::encode(nonce.as_bytes())),
        }
    }

    /// The one SignerInfo (checked when reading).
    pub(crate) fn signer_info(&self) -> &SignerInfo {
        &self.signed_data.signer_infos.0.as_slice()[0]
    }
}

/// The X.509 certificates among the `CertificateChoices` (others are ignored).
fn certificates(signed_data: &SignedData) -> Vec<Certificate> {
    let Some(set) = &signed_data.certificates else {
        return Vec::new();
    };
    set.0
        .iter()
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(cert) => Some(cert.clone()),
            CertificateChoices::Other(_) => None,
        })
        .collect()
}

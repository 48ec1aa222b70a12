//! The ASN.1 structures of RFC 3161 and RFC 5035 that `cms` 0.2 and `x509-cert` 0.2 do
//! not define, declared with `der`'s derive macros (the encoding rules stay in `der`).
//!
//! `x509-tsp` 0.1 defines the RFC 3161 ones too, but decodes `genTime` with
//! `der::asn1::GeneralizedTime`, which rejects the fractional seconds RFC 3161 §2.4.2
//! allows, and pulls in `cmpv2`; these declarations copy its field layout.

use cms::content_info::ContentInfo;
use der::asn1::{BitString, OctetString, Uint};
use der::oid::db::rfc5912::ID_SHA_256;
use der::{Any, Sequence};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::name::{GeneralName, GeneralNames};
use x509_cert::ext::Extensions;
use x509_cert::serial_number::SerialNumber;

use super::gen_time::GenTime;
use super::policy::PolicyId;

/// ```text
/// TimeStampResp ::= SEQUENCE  {
///    status                  PKIStatusInfo,
///    timeStampToken          TimeStampToken     OPTIONAL  }
/// ```
/// RFC 3161 §2.4.2.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct TimeStampResp {
    pub status: PkiStatusInfo,
    #[asn1(optional = "true")]
    pub time_stamp_token: Option<ContentInfo>,
}

/// ```text
/// PKIStatusInfo ::= SEQUENCE {
///    status        PKIStatus,
///    statusString  PKIFreeText     OPTIONAL,
///    failInfo      PKIFailureInfo  OPTIONAL  }
/// ```
/// RFC 3161 §2.4.2 (PKIFreeText is a SEQUENCE OF UTF8String, RFC 4210 §5.1.1).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct PkiStatusInfo {
    pub status: u32,
    #[asn1(optional = "true")]
    pub status_string: Option<Vec<String>>,
    #[asn1(optional = "true")]
    pub fail_info: Option<BitString>,
}

/// ```text
/// TSTInfo ::= SEQUENCE  {
///    version          INTEGER  { v1(1) },
///    policy           TSAPolicyId,
///    messageImprint   MessageImprint,
///    serialNumber     INTEGER,
///    genTime          GeneralizedTime,
///    accuracy         Accuracy                 OPTIONAL,
///    ordering         BOOLEAN             DEFAULT FALSE,
///    nonce            INTEGER                  OPTIONAL,
///    tsa              [0] GeneralName          OPTIONAL,
///    extensions       [1] IMPLICIT Extensions  OPTIONAL  }
/// ```
/// RFC 3161 §2.4.2.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct TstInfo {
    pub version: u8,
    pub policy: PolicyId,
    pub message_imprint: MessageImprint,
    pub serial_number: Uint,
    pub gen_time: GenTime,
    #[asn1(optional = "true")]
    pub accuracy: Option<Accuracy>,
    #[asn1(default = "Default::default")]
    pub ordering: bool,
    #[asn1(optional = "true")]
    pub nonce: Option<Uint>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub tsa: Option<GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Extensions>,
}

/// ```text
/// MessageImprint ::= SEQUENCE  {
///    hashAlgorithm   AlgorithmIdentifier,
///    hashedMessage   OCTET STRING  }
/// ```
/// RFC 3161 §2.4.1.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct MessageImprint {
    pub hash_algorithm: AlgorithmIdentifierOwned,
    pub hashed_message: OctetString,
}

/// ```text
/// Accuracy ::= SEQUENCE {
///    seconds        INTEGER              OPTIONAL,
///    millis     [0] INTEGER  (1..999)    OPTIONAL,
///    micros     [1] INTEGER  (1..999)    OPTIONAL  }
/// ```
/// RFC 3161 §2.4.2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Sequence)]
pub struct Accuracy {
    /// Whole seconds.
    #[asn1(optional = "true")]
    pub seconds: Option<u64>,
    /// Milliseconds.
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub millis: Option<u16>,
    /// Microseconds.
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub micros: Option<u16>,
}

/// ```text
/// SigningCertificate ::=  SEQUENCE {
///    certs        SEQUENCE OF ESSCertID,
///    policies     SEQUENCE OF PolicyInformation OPTIONAL }
/// ESSCertID ::=  SEQUENCE {
///    certHash     Hash,                -- SHA-1 of the whole certificate
///    issuerSerial IssuerSerial OPTIONAL }
/// ```
/// RFC 2634 §5.4 (as used by RFC 3161 §2.4.1).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct SigningCertificate {
    pub certs: Vec<EssCertId>,
    #[asn1(optional = "true")]
    pub policies: Option<Vec<Any>>,
}

/// See [`SigningCertificate`].
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct EssCertId {
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// ```text
/// SigningCertificateV2 ::=  SEQUENCE {
///    certs        SEQUENCE OF ESSCertIDv2,
///    policies     SEQUENCE OF PolicyInformation OPTIONAL }
/// ESSCertIDv2 ::=  SEQUENCE {
///    hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},
///    certHash      Hash,
///    issuerSerial  IssuerSerial OPTIONAL }
/// ```
/// RFC 5035 §3 and §4 (as used by RFC 5816 §2.2.1).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    pub policies: Option<Vec<Any>>,
}

/// See [`SigningCertificateV2`]. An absent `hashAlgorithm` means SHA-256
/// ([`EssCertIdV2::hash_algorithm`]).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct EssCertIdV2 {
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// ```text
/// IssuerSerial ::= SEQUENCE {
///    issuer       GeneralNames,
///    serialNumber CertificateSerialNumber }
/// ```
/// RFC 5035 §4.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct IssuerSerial {
    pub issuer: GeneralNames,
    pub serial_number: SerialNumber,
}

impl EssCertIdV2 {
    /// The hash algorithm, SHA-256 when absent (its DEFAULT, RFC 5035 §4).
    pub fn hash_algorithm(&self) -> AlgorithmIdentifierOwned {
        let sha256 = AlgorithmIdentifierOwned {
            oid: ID_SHA_256,
            parameters: None,
        };
        self.hash_algorithm.clone().unwrap_or(sha256)
    }
}

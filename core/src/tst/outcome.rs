//! What verifying a time-stamp token found: [`TstReport`], its [`TstOutcome`] and, when a
//! check fails, the [`TstFailure`] that says which check and why.
//!
//! Checks run in a fixed order (the order of [`TstFailure`]'s variants) and the first
//! that fails is the outcome, so the same token gives the same answer everywhere.

use der::oid::ObjectIdentifier;

use super::asn1::Accuracy;
use super::digest::DigestAlgorithm;
use super::gen_time::GenTime;
use super::policy::PolicyId;

/// The verdict on one time-stamp response or token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TstReport {
    /// The response's `PKIStatus`; `None` when the input was a bare token.
    pub status: Option<PkiStatus>,
    /// What the token says, when there is a token.
    pub token: Option<TokenFacts>,
    /// The signer certificate, when the token names one that it (or the roots) carries.
    pub signer: Option<SignerFacts>,
    /// The verdict.
    pub outcome: TstOutcome,
}

/// The verdict of [`TstReport`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TstOutcome {
    /// Every check passed and the signer certificate chains, valid at `genTime`, to one
    /// of the supplied TSA roots (RFC 5280 §6.1, at `genTime` instead of now).
    Trusted {
        /// The subject of that root (RFC 4514 text).
        root: String,
    },
    /// The imprint, the signature, the signed attributes, the signing-certificate
    /// binding, the signer's time-stamping usage and its validity at `genTime` all
    /// check; no TSA roots were supplied, so the signer was not checked against one.
    SignerNotChecked,
    /// A check failed.
    Failed(TstFailure),
}

impl TstOutcome {
    /// A stable snake_case name: `trusted`, `signer_not_checked`, or the failure's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            TstOutcome::Trusted { .. } => "trusted",
            TstOutcome::SignerNotChecked => "signer_not_checked",
            TstOutcome::Failed(failure) => failure.kind(),
        }
    }
}

/// The facts a token states, as read (not all of them verified: see the outcome).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenFacts {
    /// `genTime` (RFC 3161 §2.4.2).
    pub gen_time: GenTime,
    /// The imprint's hash algorithm, `None` if unsupported (see `imprint_oid`).
    pub imprint_algorithm: Option<DigestAlgorithm>,
    /// The imprint's hash algorithm identifier.
    pub imprint_oid: ObjectIdentifier,
    /// `hashedMessage`, lower-case hex.
    pub imprint_hex: String,
    /// `serialNumber` in decimal (as nexuscone 0.2.1 prints it).
    pub serial_number: String,
    /// The TSA's policy OID.
    pub policy: PolicyId,
    /// `accuracy`, when present.
    pub accuracy: Option<Accuracy>,
    /// `ordering`.
    pub ordering: bool,
    /// `nonce` in lower-case hex, when present.
    pub nonce_hex: Option<String>,
}

/// The certificate that signed the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignerFacts {
    /// Subject, RFC 4514 text.
    pub subject: String,
    /// Issuer, RFC 4514 text.
    pub issuer: String,
    /// Serial number, lower-case hex.
    pub serial_hex: String,
    /// `notBefore`, RFC 3339.
    pub not_before: String,
    /// `notAfter`, RFC 3339.
    pub not_after: String,
}

/// `PKIStatus` (RFC 3161 §2.4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PkiStatus {
    /// 0: a token is present.
    Granted,
    /// 1: a token is present, with modifications the requester asked about.
    GrantedWithMods,
    /// 2: refused.
    Rejection,
    /// 3: not yet processed.
    Waiting,
    /// 4: a revocation is imminent.
    RevocationWarning,
    /// 5: a revocation has occurred.
    RevocationNotification,
    /// Any other value.
    Other(u32),
}

impl PkiStatus {
    /// The status of its integer value.
    pub fn from_value(value: u32) -> PkiStatus {
        const NAMED: [PkiStatus; 6] = [
            PkiStatus::Granted,
            PkiStatus::GrantedWithMods,
            PkiStatus::Rejection,
            PkiStatus::Waiting,
            PkiStatus::RevocationWarning,
            PkiStatus::RevocationNotification,
        ];
        usize::try_from(value)
            .ok()
            .and_then(|i| NAMED.get(i).copied())
            .unwrap_or(PkiStatus::Other(value))
    }

    /// True for granted and grantedWithMods, the statuses that carry a token.
    pub fn is_granted(self) -> bool {
        matches!(self, PkiStatus::Granted | PkiStatus::GrantedWithMods)
    }
}

impl core::fmt::Display for PkiStatus {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PkiStatus::Granted => f.write_str("granted (0)"),
            PkiStatus::GrantedWithMods => f.write_str("grantedWithMods (1)"),
            PkiStatus::Rejection => f.write_str("rejection (2)"),
            PkiStatus::Waiting => f.write_str("waiting (3)"),
            PkiStatus::RevocationWarning => f.write_str("revocationWarning (4)"),
            PkiStatus::RevocationNotification => f.write_str("revocationNotification (5)"),
            PkiStatus::Other(value) => write!(f, "unknown ({value})"),
        }
    }
}

/// A signed attribute the checks read (RFC 5652 §11, RFC 5035 §5.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignedAttribute {
    /// `content-type` (RFC 5652 §11.1).
    ContentType,
    /// `message-digest` (RFC 5652 §11.2).
    MessageDigest,
    /// `signing-certificate` with an `ESSCertID` (RFC 2634 §5.4).
    SigningCertificate,
    /// `signing-certificate-v2` with an `ESSCertIDv2` (RFC 5035 §3).
    SigningCertificateV2,
}

impl core::fmt::Display for SignedAttribute {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            SignedAttribute::ContentType => "content-type",
            SignedAttribute::MessageDigest => "message-digest",
            SignedAttribute::SigningCertificate => "signing-certificate",
            SignedAttribute::SigningCertificateV2 => "signing-certificate-v2",
        })
    }
}

/// What is wrong with a signed attribute's presence or shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeProblem {
    /// Absent.
    Missing,
    /// Present more than once, or with more than one value (RFC 5652 §5.3).
    Repeated,
    /// Its value does not decode.
    Malformed,
}

/// The part of an ESS certificate identifier that does not match the signer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EssField {
    /// `certHash`: the hash of the whole signer certificate.
    CertHash,
    /// `issuerSerial`: the signer certificate's issuer and serial number.
    IssuerSerial,
    /// `hashAlgorithm` of an `ESSCertIDv2` names a hash this module does not compute.
    HashAlgorithm,
}

/// What is wrong with the signer's extended key usage (RFC 3161 §2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsageProblem {
    /// No extended key usage extension.
    Missing,
    /// It is not marked critical.
    NotCritical,
    /// It lists purposes other than (or not) id-kp-timeStamping.
    NotTimeStampingOnly,
    /// It is repeated or does not decode.
    Malformed,
}

/// Why the signer does not chain to a supplied root (RFC 5280 §6.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathFailure {
    /// No supplied root and no certificate in the token issued this certificate with a
    /// signature that verifies.
    NoTrustedIssuer {
        /// Subject of the certificate whose issuer was not found.
        subject: String,
        /// The issuer name it gives.
        issuer: String,
    },
    /// An issuer is not a CA: no basicConstraints with cA TRUE, no keyCertSign
    /// (RFC 5280 §4.2.1.9, §4.2.1.3), or its pathLenConstraint is exceeded.
    NotCa {
        /// Its subject.
        subject: String,
    },
    /// A certificate on the path is not valid at `genTime` (RFC 5280 §4.1.2.5).
    NotValidAtGenTime {
        /// Its subject.
        subject: String,
        /// `notBefore`, RFC 3339.
        not_before: String,
        /// `notAfter`, RFC 3339.
        not_after: String,
    },
    /// A certificate carries a critical extension this module does not process
    /// (RFC 5280 §4.2 requires rejecting it).
    UnknownCriticalExtension {
        /// Its subject.
        subject: String,
        /// The extension.
        oid: ObjectIdentifier,
    },
    /// No path within [`MAX_PATH_LENGTH`](super::MAX_PATH_LENGTH) intermediate certificates
    /// and [`MAX_SIGNATURE_CHECKS`](super::MAX_SIGNATURE_CHECKS) signature checks.
    TooLong,
}

/// The first check that failed, in the order the checks run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TstFailure {
    /// The TSA did not grant the request (RFC 3161 §2.4.2).
    StatusNotGranted {
        /// The status.
        status: PkiStatus,
        /// `statusString`, if any.
        text: Vec<String>,
        /// The names of the `failInfo` bits set.
        fail_info: Vec<String>,
    },
    /// The imprint's hash algorithm is not SHA-1/256/384/512 with absent or NULL parameters.
    UnsupportedImprintAlgorithm {
        /// Its OID.
        oid: ObjectIdentifier,
    },
    /// The imprint is not the hash of the expected message (RFC 3161 §2.4.2).
    ImprintMismatch {
        /// The imprint's hash algorithm.
        algorithm: DigestAlgorithm,
        /// The hash of the message, hex.
        expected: String,
        /// `hashedMessage`, hex.
        found: String,
    },
    /// The SignerInfo has no signed attributes, so no ESS binding (RFC 3161 §2.4.1).
    SignedAttributesMissing,
    /// A required signed attribute is absent, repeated or malformed.
    Attribute {
        /// Which.
        attribute: SignedAttribute,
        /// What is wrong.
        problem: AttributeProblem,
    },
    /// The content-type attribute differs from `eContentType` (RFC 5652 §11.1).
    ContentTypeMismatch {
        /// The attribute's value.
        found: ObjectIdentifier,
    },
    /// The SignerInfo's `digestAlgorithm` is not supported.
    UnsupportedDigestAlgorithm {
        /// Its OID.
        oid: ObjectIdentifier,
    },
    /// The message-digest attribute is not the digest of the TSTInfo (RFC 5652 §11.2):
    /// the TSTInfo was changed after signing.
    MessageDigestMismatch {
        /// The SignerInfo's digest algorithm.
        algorithm: DigestAlgorithm,
        /// The digest of the `eContent`, hex.
        expected: String,
        /// The attribute's value, hex.
        found: String,
    },
    /// Neither the token nor the supplied roots hold the certificate the SignerInfo
    /// names (RFC 5652 §5.3 `sid`).
    SignerCertificateMissing,
    /// The signature algorithm is not supported.
    UnsupportedSignatureAlgorithm {
        /// Its OID.
        oid: ObjectIdentifier,
    },
    /// The signature over the signed attributes does not verify under the signer
    /// certificate's key (RFC 5652 §5.4, §5.6).
    SignatureInvalid,
    /// Neither signing-certificate attribute is present (RFC 3161 §2.4.1, RFC 5816 §2.2.1).
    SigningCertificateMissing,
    /// The first ESS certificate identifier does not identify the signer certificate
    /// (RFC 5035 §5.4; the first identifies the signing certificate).
    SigningCertificateMismatch {
        /// The attribute.
        attribute: SignedAttribute,
        /// What differs.
        field: EssField,
    },
    /// The signer certificate's extended key usage is not a critical id-kp-timeStamping
    /// alone (RFC 3161 §2.3).
    TimeStampingUsage {
        /// What is wrong.
        problem: UsageProblem,
    },
    /// The signer certificate is not valid at `genTime` (RFC 5280 §4.1.2.5).
    SignerNotValidAtGenTime {
        /// `notBefore`, RFC 3339.
        not_before: String,
        /// `notAfter`, RFC 3339.
        not_after: String,
    },
    /// TSA roots were supplied and the signer does not chain to one.
    Untrusted(PathFailure),
}

impl TstFailure {
    /// A stable snake_case name of the check that failed.
    pub fn kind(&self) -> &'static str {
        match self {
            TstFailure::StatusNotGranted { .. } => "status_not_granted",
            TstFailure::UnsupportedImprintAlgorithm { .. } => "unsupported_imprint_algorithm",
            TstFailure::ImprintMismatch { .. } => "imprint_mismatch",
            TstFailure::SignedAttributesMissing => "signed_attributes_missing",
            TstFailure::Attribute { .. } => "signed_attribute",
            TstFailure::ContentTypeMismatch { .. } => "content_type_mismatch",
            TstFailure::UnsupportedDigestAlgorithm { .. } => "unsupported_digest_algorithm",
            TstFailure::MessageDigestMismatch { .. } => "message_digest_mismatch",
            TstFailure::SignerCertificateMissing => "signer_certificate_missing",
            TstFailure::UnsupportedSignatureAlgorithm { .. } => "unsupported_signature_algorithm",
            TstFailure::SignatureInvalid => "signature_invalid",
            TstFailure::SigningCertificateMissing => "signing_certificate_missing",
            TstFailure::SigningCertificateMismatch { .. } => "signing_certificate_mismatch",
            TstFailure::TimeStampingUsage { .. } => "time_stamping_usage",
            TstFailure::SignerNotValidAtGenTime { .. } => "signer_not_valid_at_gen_time",
            TstFailure::Untrusted(_) => "untrusted",
        }
    }
}

impl core::fmt::Display for TstFailure {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use TstFailure::*;
        match self {
            StatusNotGranted { status, text, fail_info } => write!(
                f,
                "the TSA did not grant the time-stamp: status {status}{}{}",
                if text.is_empty() { String::new() } else { format!(", \"{}\"", text.join("; ")) },
                if fail_info.is_empty() { String::new() } else { format!(", failInfo {}", fail_info.join(", ")) }
            ),
            UnsupportedImprintAlgorithm { oid } => write!(f, "the message imprint uses hash algorithm {oid}, not SHA-1, SHA-256, SHA-384 or SHA-512"),
            ImprintMismatch { algorithm, expected, found } => write!(f, "the token time-stamps {algorithm} {found}, expected {algorithm} {expected} of the anchored data"),
            SignedAttributesMissing => f.write_str("the signer info has no signed attributes, so nothing binds the signer certificate"),
            Attribute { attribute, problem } => write!(f, "the {attribute} signed attribute is {}", match problem {
                AttributeProblem::Missing => "missing",
                AttributeProblem::Repeated => "repeated or has several values",
                AttributeProblem::Malformed => "malformed",
            }),
            ContentTypeMismatch { found } => write!(f, "the content-type signed attribute is {found}, not id-ct-TSTInfo"),
            UnsupportedDigestAlgorithm { oid } => write!(f, "the signer's digest algorithm {oid} is not supported"),
            MessageDigestMismatch { algorithm, expected, found } => write!(f, "the TSTInfo was altered after signing: its {algorithm} is {expected}, the signed message-digest is {found}"),
            SignerCertificateMissing => f.write_str("the certificate that signed the token is in neither the token nor the TSA roots"),
            UnsupportedSignatureAlgorithm { oid } => write!(f, "the signature algorithm {oid} is not supported"),
            SignatureInvalid => f.write_str("the TSA signature does not verify under the signer certificate's key"),
            SigningCertificateMissing => f.write_str("no signing-certificate attribute binds the signer certificate"),
            SigningCertificateMismatch { attribute, field } => write!(f, "the {attribute} attribute names another certificate than the signer's ({})", match field {
                EssField::CertHash => "certificate hash differs",
                EssField::IssuerSerial => "issuer and serial differ",
                EssField::HashAlgorithm => "unsupported hash algorithm",
            }),
            TimeStampingUsage { problem } => write!(f, "the signer certificate is not a time-stamping certificate: its extended key usage is {}", match problem {
                UsageProblem::Missing => "missing",
                UsageProblem::NotCritical => "not critical",
                UsageProblem::NotTimeStampingOnly => "not id-kp-timeStamping alone",
                UsageProblem::Malformed => "repeated or malformed",
            }),
            SignerNotValidAtGenTime { not_before, not_after } => write!(f, "the signer certificate is valid from {not_before} to {not_after}, not at the token's genTime"),
            Untrusted(path) => write!(f, "the signer does not chain to a supplied TSA root: {path}"),
        }
    }
}

impl core::fmt::Display for PathFailure {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PathFailure::NoTrustedIssuer { subject, issuer } => write!(f, "no supplied root or certificate in the token issued \"{subject}\" (issuer \"{issuer}\")"),
            PathFailure::NotCa { subject } => write!(f, "\"{subject}\" is not allowed to issue certificates"),
            PathFailure::NotValidAtGenTime { subject, not_before, not_after } => write!(f, "\"{subject}\" is valid from {not_before} to {not_after}, not at genTime"),
            PathFailure::UnknownCriticalExtension { subject, oid } => write!(f, "\"{subject}\" has a critical extension {oid} that is not processed"),
            PathFailure::TooLong => write!(f, "no path within {} intermediate certificates and {} signature checks", super::MAX_PATH_LENGTH, super::MAX_SIGNATURE_CHECKS),
        }
    }
}

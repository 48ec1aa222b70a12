//! The checks on a token, in order; the first that fails is the outcome.
//!
//! 1. The imprint is the hash of the message under the imprint's algorithm (RFC 3161
//!    §2.4.2).
//! 2. Signed attributes: content-type is `eContentType` and message-digest is the
//!    digest of the TSTInfo (RFC 5652 §5.4, §11.1, §11.2).
//! 3. The signature over the DER of the signed attributes verifies under the signer
//!    certificate's key (RFC 5652 §5.4, §5.6).
//! 4. The signing-certificate attribute identifies that certificate (RFC 5035 §5.4).
//! 5. The certificate is a time-stamping certificate (RFC 3161 §2.3) valid at
//!    `genTime` (RFC 5280 §4.1.2.5).
//! 6. With roots, its path to one of them (RFC 5280 §6.1, see `path.rs`).

use cms::signed_data::{SignedAttributes, SignerInfo};
use x509_cert::Certificate;

use super::attributes::{check_content_type, check_message_digest, signed_bytes};
use super::certificate::{check_time_stamping_usage, find_signer, valid_at, validity_text};
use super::digest::DigestAlgorithm;
use super::ess::check_binding;
use super::outcome::{TstFailure, TstOutcome};
use super::path::chain_to_root;
use super::roots::TsaRoots;
use super::signature::Scheme;
use super::token::TimeStampToken;

impl TimeStampToken {
    /// Verifies that this token time-stamps `message` (the data whose hash the TSA
    /// signed: for nexuscone, the 32 raw bytes of `chain_head_hash`), and, when `roots`
    /// are given, that its signer chains to one of them.
    pub fn verify(&self, message: &[u8], roots: Option<&TsaRoots>) -> TstOutcome {
        match self.check(message, roots) {
            Ok(outcome) | Err(outcome) => outcome,
        }
    }

    fn check(&self, message: &[u8], roots: Option<&TsaRoots>) -> Result<TstOutcome, TstOutcome> {
        let failed = TstOutcome::Failed;
        self.check_imprint(message).map_err(failed)?;
        let (signer, attrs) = self.check_signature(roots).map_err(failed)?;
        check_binding(attrs, signer).map_err(failed)?;
        check_time_stamping_usage(signer)
            .map_err(|problem| failed(TstFailure::TimeStampingUsage { problem }))?;
        let gen_time = self.gen_time();
        if !valid_at(signer, gen_time) {
            let (not_before, not_after) = validity_text(signer);
            return Err(failed(TstFailure::SignerNotValidAtGenTime {
                not_before,
                not_after,
            }));
        }
        let Some(roots) = roots else {
            return Ok(TstOutcome::SignerNotChecked);
        };
        let root = chain_to_root(signer, &self.certificates, roots, gen_time)
            .map_err(|path| failed(TstFailure::Untrusted(path)))?;
        Ok(TstOutcome::Trusted {
            root: root.tbs_certificate.subject.to_string(),
        })
    }

    fn check_imprint(&self, message: &[u8]) -> Result<(), TstFailure> {
        let imprint = &self.tst_info.message_imprint;
        let algorithm = DigestAlgorithm::from_identifier(&imprint.hash_algorithm).ok_or(
            TstFailure::UnsupportedImprintAlgorithm {
                oid: imprint.hash_algorithm.oid,
            },
        )?;
        let expected = algorithm.digest(message);
        let found = imprint.hashed_message.as_bytes();
        if found != expected.as_slice() {
            return Err(TstFailure::ImprintMismatch {
                algorithm,
                expected: hex::encode(expected),
                found: hex::encode(found),
            });
        }
        Ok(())
    }

    /// Steps 2 and 3; returns the signer certificate and the signed attributes.
    fn check_signature<'a>(
        &'a self,
        roots: Option<&'a TsaRoots>,
    ) -> Result<(&'a Certificate, &'a SignedAttributes), TstFailure> {
        let info: &SignerInfo = self.signer_info();
        let attrs = info
            .signed_attrs
            .as_ref()
            .ok_or(TstFailure::SignedAttributesMissing)?;
        let digest = DigestAlgorithm::from_identifier(&info.digest_alg).ok_or(
            TstFailure::UnsupportedDigestAlgorithm {
                oid: info.digest_alg.oid,
            },
        )?;
        check_content_type(attrs, self.signed_data.encap_content_info.econtent_type)?;
        check_message_digest(attrs, digest, &self.econtent)?;
        let signer = self
            .signer(roots)
            .ok_or(TstFailure::SignerCertificateMissing)?;
        let scheme = Scheme::identify(&info.signature_algorithm, Some(digest)).ok_or(
            TstFailure::UnsupportedSignatureAlgorithm {
                oid: info.signature_algorithm.oid,
            },
        )?;
        let key = &signer.tbs_certificate.subject_public_key_info;
        let verified = signed_bytes(attrs)
            .is_some_and(|signed| scheme.verify(key, &signed, info.signature.as_bytes()));
        if !verified {
            return Err(TstFailure::SignatureInvalid);
        }
        Ok((signer, attrs))
    }

    /// The certificate the SignerInfo names, from the token or else the roots.
    pub(crate) fn signer<'a>(&'a self, roots: Option<&'a TsaRoots>) -> Option<&'a Certificate> {
        let supplied = roots.map(TsaRoots::certificates).unwrap_or_default();
        find_signer(
            &self.signer_info().sid,
            self.certificates.iter().chain(supplied),
        )
    }
}

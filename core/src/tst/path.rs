//! The certificate path from the signer to a supplied TSA root (RFC 5280 §6.1), judged
//! at the token's `genTime` rather than now: each certificate's signature verifies
//! under its issuer's key, every certificate (the root included) is valid at `genTime`,
//! every issuer is a CA (basicConstraints cA, keyCertSign, pathLenConstraint), and no
//! certificate carries a critical extension this module does not process.
//!
//! Intermediate certificates come only from the token. A root is trusted by its exact
//! DER. Not checked: revocation (no CRL or OCSP offline), name constraints and policy
//! constraints (a certificate marking them critical is rejected instead).

use der::oid::db::rfc5280::{
    ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_BASIC_CONSTRAINTS, ID_CE_CERTIFICATE_POLICIES,
    ID_CE_CRL_DISTRIBUTION_POINTS, ID_CE_EXT_KEY_USAGE, ID_CE_ISSUER_ALT_NAME, ID_CE_KEY_USAGE,
    ID_CE_SUBJECT_ALT_NAME, ID_CE_SUBJECT_KEY_IDENTIFIER, ID_PE_AUTHORITY_INFO_ACCESS,
};
use der::Encode;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};
use x509_cert::Certificate;

use super::certificate::{extension, subject, valid_at, validity_text};
use super::gen_time::GenTime;
use super::outcome::PathFailure;
use super::roots::TsaRoots;
use super::signature::Scheme;
use super::verified::{SignatureCheck, VerifiedSignatures};

/// The most intermediate certificates a path may hold.
pub const MAX_PATH_LENGTH: usize = 8;

/// The most certificate signatures one path search checks: a token is hostile input,
/// and certificates that share a name and key could otherwise make the search
/// exponential.
pub const MAX_SIGNATURE_CHECKS: usize = 64;

/// The root `signer` chains to through `pool` (the token's certificates), or why none.
pub(crate) fn chain_to_root<'r>(
    signer: &Certificate,
    pool: &[Certificate],
    roots: &'r TsaRoots,
    gen_time: &GenTime,
) -> Result<&'r Certificate, PathFailure> {
    check_extensions(signer)?;
    if let Some(root) = roots.find(signer) {
        return Ok(root);
    }
    let mut search = Search {
        pool,
        roots,
        gen_time,
        checks_left: MAX_SIGNATURE_CHECKS,
    };
    search.extend(signer, 0)
}

struct Search<'a, 'r> {
    pool: &'a [Certificate],
    roots: &'r TsaRoots,
    gen_time: &'a GenTime,
    checks_left: usize,
}

impl<'r> Search<'_, 'r> {
    /// Tries every issuer of `child` (supplied roots first, then the token's
    /// certificates); `depth` counts the intermediate certificates below `child`'s issuer.
    fn extend(
        &mut self,
        child: &Certificate,
        depth: usize,
    ) -> Result<&'r Certificate, PathFailure> {
        if depth > MAX_PATH_LENGTH {
            return Err(PathFailure::TooLong);
        }
        // The last issuer's failure, if any; the names are written only if none is found.
        let mut failure = None;
        let (roots, pool) = (self.roots, self.pool);
        for issuer in roots.certificates().iter().chain(pool) {
            if !self.issued(child, issuer)? {
                continue;
            }
            let result = accept_issuer(issuer, depth, self.gen_time).and_then(|()| {
                match roots.find(issuer) {
                    Some(root) => Ok(root),
                    None => self.extend(issuer, depth + 1),
                }
            });
            match result {
                Ok(root) => return Ok(root),
                Err(reason) => failure = Some(reason),
            }
        }
        Err(failure.unwrap_or_else(|| PathFailure::NoTrustedIssuer {
            subject: subject(child),
            issuer: child.tbs_certificate.issuer.to_string(),
        }))
    }

    /// [`issued`], counted against the budget.
    fn issued(&mut self, child: &Certificate, issuer: &Certificate) -> Result<bool, PathFailure> {
        if child.tbs_certificate.issuer != issuer.tbs_certificate.subject {
            return Ok(false);
        }
        self.checks_left = self
            .checks_left
            .checked_sub(1)
            .ok_or(PathFailure::TooLong)?;
        Ok(issued(child, issuer, self.roots.verified()))
    }
}

/// True if `issuer`'s key verifies `child`'s signature (RFC 5280 §6.1.3 (a)(1)); the
/// caller has matched the names (§6.1.3 (a)(4)). A signature `verified` holds is not
/// checked again (`verified.rs`: the same bytes give the same answer).
fn issued(child: &Certificate, issuer: &Certificate, verified: &VerifiedSignatures) -> bool {
    let key = &issuer.tbs_certificate.subject_public_key_info;
    let (Some(scheme), Ok(tbs), Some(signature), Ok(algorithm), Ok(issuer_key)) = (
        Scheme::identify(&child.signature_algorithm, None),
        child.tbs_certificate.to_der(),
        child.signature.as_bytes(),
        child.signature_algorithm.to_der(),
        key.to_der(),
    ) else {
        return false;
    };
    let check = SignatureCheck {
        tbs: &tbs,
        algorithm: &algorithm,
        signature,
        issuer_key: &issuer_key,
    };
    verified.verify(&check, || scheme.verify(key, &tbs, signature))
}

/// An issuer with `below` intermediate certificates under it: valid at `genTime`, a CA
/// whose pathLenConstraint allows them (RFC 5280 §4.2.1.9), with keyCertSign if it
/// has a key usage extension (§4.2.1.3).
fn accept_issuer(
    issuer: &Certificate,
    below: usize,
    gen_time: &GenTime,
) -> Result<(), PathFailure> {
    check_extensions(issuer)?;
    if !valid_at(issuer, gen_time) {
        let (not_before, not_after) = validity_text(issuer);
        return Err(PathFailure::NotValidAtGenTime {
            subject: subject(issuer),
            not_before,
            not_after,
        });
    }
    let ca = matches!(extension::<BasicConstraints>(issuer), Some((_, Ok(bc)))
        if bc.ca && bc.path_len_constraint.map_or(true, |n| usize::from(n) >= below));
    let signs = match extension::<KeyUsage>(issuer) {
        None => true,
        Some((_, usage)) => usage.is_ok_and(|usage| usage.key_cert_sign()),
    };
    if !(ca && signs) {
        return Err(PathFailure::NotCa {
            subject: subject(issuer),
        });
    }
    Ok(())
}

/// RFC 5280 §4.2: a certificate with a critical extension that is not processed must be
/// rejected. Processed or without effect on a path accepted for any policy: basic
/// constraints, key usages, key identifiers, alternative names, certificate policies,
/// CRL distribution points and authority information access.
fn check_extensions(cert: &Certificate) -> Result<(), PathFailure> {
    const KNOWN: [der::oid::ObjectIdentifier; 10] = [
        ID_CE_BASIC_CONSTRAINTS,
        ID_CE_KEY_USAGE,
        ID_CE_EXT_KEY_USAGE,
        ID_CE_SUBJECT_KEY_IDENTIFIER,
        ID_CE_AUTHORITY_KEY_IDENTIFIER,
        ID_CE_SUBJECT_ALT_NAME,
        ID_CE_ISSUER_ALT_NAME,
        ID_CE_CERTIFICATE_POLICIES,
        ID_CE_CRL_DISTRIBUTION_POINTS,
        ID_PE_AUTHORITY_INFO_ACCESS,
    ];
    let extensions = cert
        .tbs_certificate
        .extensions
        .as_deref()
        .unwrap_or_default();
    match extensions
        .iter()
        .find(|ext| ext.critical && !KNOWN.contains(&ext.extn_id))
    {
        Some(ext) => Err(PathFailure::UnknownCriticalExtension {
            subject: subject(cert),
            oid: ext.extn_id,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use x509_cert::serial_number::SerialNumber;

    use super::{chain_to_root, PathFailure};
    use crate::tst::{TimeStampResponse, TimeStampToken, TsaRoots};

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/../fixtures/tst/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn roots(name: &str) -> TsaRoots {
        TsaRoots::parse(&fixture(name)).unwrap()
    }

    fn token(name: &str) -> TimeStampToken {
        let response = TimeStampResponse::parse(&fixture(name)).unwrap();
        response.token().unwrap().clone()
    }

    /// The path of `token`'s signer to `roots`: the root's subject, or why none.
    fn path(token: &TimeStampToken, roots: &TsaRoots) -> Result<String, PathFailure> {
        let signer = token.signer(Some(roots)).unwrap();
        chain_to_root(signer, &token.certificates, roots, token.gen_time())
            .map(|root| root.tbs_certificate.subject.to_string())
    }

    #[test]
    fn a_shared_tsa_certificate_is_remembered_once() {
        let (roots, token) = (roots("root.pem"), token("rsa-sha256.tsr"));
        for _ in 0..3 {
            assert!(path(&token, &roots).is_ok());
        }
        assert_eq!(roots.verified().len(), 1);
    }

    #[test]
    fn remembered_signatures_do_not_make_another_root_set_trusted() {
        let (trusted, token) = (roots("root.pem"), token("rsa-sha256.tsr"));
        assert!(path(&token, &trusted).is_ok());
        let other = roots("other-root.pem").remembering(trusted.verified().clone());
        assert!(matches!(
            path(&token, &other),
            Err(PathFailure::NoTrustedIssuer { .. })
        ));
    }

    #[test]
    fn a_changed_certificate_with_the_same_names_is_checked_again() {
        let (roots, honest) = (roots("root.pem"), token("rsa-sha256.tsr"));
        assert!(path(&honest, &roots).is_ok());
        let mut tampered = honest.clone();
        for cert in &mut tampered.certificates {
            cert.tbs_certificate.serial_number = SerialNumber::new(&[0x42; 8]).unwrap();
        }
        let signer = &tampered.certificates[0];
        let failure = chain_to_root(signer, &tampered.certificates, &roots, honest.gen_time());
        assert!(
            matches!(failure, Err(PathFailure::NoTrustedIssuer { .. })),
            "{failure:?}"
        );
        assert_eq!(roots.verified().len(), 1);
    }
}

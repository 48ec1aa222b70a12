//! [`VerifiedSignatures`]: the certificate signatures already found valid, so that a
//! certificate shared by many tokens has its signature checked once.
//!
//! Every anchor of a ledger is usually time-stamped by the same TSA, whose certificate
//! every token carries: without this memo, each token's path check verifies that
//! certificate's signature again, which costs as much as the token's own signature.
//!
//! The invariant: a signature check (RFC 5280 §6.1.3 (a)(1)) is a function of the
//! signed bytes (the DER `tbsCertificate`), the signature algorithm, the signature value
//! and the issuer's public key alone. The memo is keyed by the SHA-256 of exactly those
//! bytes, each prefixed by its length, so a remembered answer is the answer the check
//! would give again: a certificate changed in any byte, or the same certificate under
//! another issuer key, is a different key and is checked. Only signatures are
//! remembered, never trust: whether the issuer is a supplied root, a CA, valid at
//! `genTime`, is judged on every path. Failures are not remembered.
//! Tested by `core/tests/tst_tamper.rs`
//! (`roots_reused_across_tokens_judge_each_as_fresh_roots_would`) and the tests below.

use std::collections::BTreeSet;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// The certificate signatures found valid, by the SHA-256 of what was checked.
#[derive(Debug, Default)]
pub(crate) struct VerifiedSignatures(Mutex<BTreeSet<[u8; 32]>>);

/// What one certificate signature check is a function of.
pub(crate) struct SignatureCheck<'a> {
    /// The DER `tbsCertificate` (the signed bytes).
    pub tbs: &'a [u8],
    /// The DER `signatureAlgorithm`.
    pub algorithm: &'a [u8],
    /// The signature value.
    pub signature: &'a [u8],
    /// The DER `SubjectPublicKeyInfo` of the issuer.
    pub issuer_key: &'a [u8],
}

impl SignatureCheck<'_> {
    fn key(&self) -> [u8; 32] {
        let mut hash = Sha256::new();
        for part in [self.tbs, self.algorithm, self.signature, self.issuer_key] {
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part);
        }
        hash.finalize().into()
    }
}

impl VerifiedSignatures {
    /// The outcome of `check`: remembered if it was found valid before, otherwise
    /// `verify()`, remembered when true.
    pub(crate) fn verify(&self, check: &SignatureCheck, verify: impl FnOnce() -> bool) -> bool {
        let key = check.key();
        if self.0.lock().is_ok_and(|set| set.contains(&key)) {
            return true;
        }
        let valid = verify();
        if valid {
            if let Ok(mut set) = self.0.lock() {
                set.insert(key);
            }
        }
        valid
    }

    /// How many signatures are remembered.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.lock().map_or(0, |set| set.len())
    }
}

/// A copy remembers what the original had verified when it was copied.
impl Clone for VerifiedSignatures {
    fn clone(&self) -> VerifiedSignatures {
        let set = self.0.lock().map(|set| set.clone()).unwrap_or_default();
        VerifiedSignatures(Mutex::new(set))
    }
}

#[cfg(test)]
mod tests {
    use super::{SignatureCheck, VerifiedSignatures};

    const CHECK: SignatureCheck<'static> = SignatureCheck {
        tbs: b"tbs",
        algorithm: b"alg",
        signature: b"sig",
        issuer_key: b"key",
    };

    #[test]
    fn a_valid_signature_is_checked_once() {
        let memo = VerifiedSignatures::default();
        let mut calls = 0;
        for _ in 0..3 {
            assert!(memo.verify(&CHECK, || {
                calls += 1;
                true
            }));
        }
        assert_eq!((calls, memo.len()), (1, 1));
    }

    #[test]
    fn an_invalid_signature_is_checked_every_time() {
        let memo = VerifiedSignatures::default();
        let mut calls = 0;
        for _ in 0..3 {
            assert!(!memo.verify(&CHECK, || {
                calls += 1;
                false
            }));
        }
        assert_eq!((calls, memo.len()), (3, 0));
    }

    #[test]
    fn any_changed_input_is_checked_again() {
        let memo = VerifiedSignatures::default();
        assert!(memo.verify(&CHECK, || true));
        // Moving a byte from one field to the next keeps the concatenation; the length
        // prefixes keep the keys apart.
        let changed = [
            SignatureCheck {
                tbs: b"tbX",
                ..CHECK
            },
            SignatureCheck {
                algorithm: b"alX",
                ..CHECK
            },
            SignatureCheck {
                signature: b"siX",
                ..CHECK
            },
            SignatureCheck {
                issuer_key: b"keX",
                ..CHECK
            },
            SignatureCheck {
                tbs: b"tbsa",
                algorithm: b"lg",
                ..CHECK
            },
        ];
        for check in &changed {
            assert!(!memo.verify(check, || false));
        }
        assert_eq!(memo.len(), 1);
    }
}

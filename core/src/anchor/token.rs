//! The RFC 3161 token verifier the anchors' time-stamp track calls (SPEC §9, §10):
//! [`TokenVerifier`], and [`TokenVerdict`], what it found, as plain data.
//!
//! The verifier is a trait so that a front end can supply it from elsewhere: the npm
//! package's main WebAssembly module is built without the `tst` feature (its X.509, CMS,
//! RSA and ECDSA code would double the download) and is handed a verifier that calls a
//! second module, built with it, only when a ledger carries tokens. Both run this
//! crate's [`TstVerifier`], so the verdict is the same; the verdict crosses between the
//! modules as serialised data.
//!
//! What this module is NOT: it does not judge the anchor (the SHA-256 imprint nexuscone
//! requires, the `tsa_gen_time` column: `tst_track.rs`).

use serde::{Deserialize, Serialize};

/// Verifies RFC 3161 time-stamp tokens against the TSA roots it was made with.
pub trait TokenVerifier: std::fmt::Debug {
    /// The verdict on `der` (a `TimeStampResp` or a bare token) as a time-stamp of
    /// `message` (SPEC §9).
    fn verify(&self, der: &[u8], message: &[u8]) -> TokenVerdict;
}

/// What a [`TokenVerifier`] found: the facts of a `tst::TstReport` an anchor needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenVerdict {
    /// `trusted`, `signer_not_checked`, the kind of the first failed check
    /// (`tst::TstFailure::kind`), or `unreadable` when the bytes do not read as a token.
    pub outcome: String,
    /// Why it failed or did not read; the trusted root's subject when trusted.
    pub detail: String,
    /// The signer certificate's subject, when the token names one it carries.
    pub signer: Option<String>,
    /// The imprint's algorithm OID, when there is a token.
    pub imprint_oid: Option<String>,
    /// Whether that algorithm is SHA-256, the only one nexuscone 0.2.1 accepts.
    pub imprint_sha256: bool,
    /// `genTime`, RFC 3339 UTC, when there is a token.
    pub gen_time: Option<String>,
    /// `genTime` in whole seconds since 1970-01-01 UTC.
    pub gen_time_unix: Option<u64>,
}

impl TokenVerdict {
    /// The verdict on bytes that do not read as a token.
    pub fn unreadable(detail: String) -> TokenVerdict {
        TokenVerdict {
            outcome: "unreadable".to_owned(),
            detail,
            signer: None,
            imprint_oid: None,
            imprint_sha256: false,
            gen_time: None,
            gen_time_unix: None,
        }
    }
}

#[cfg(feature = "tst")]
pub use local::TstVerifier;

#[cfg(feature = "tst")]
mod local {
    use super::{TokenVerdict, TokenVerifier};
    use crate::tst::{self, DigestAlgorithm, TsaRoots, TstOutcome, TstReport};

    /// This crate's RFC 3161 verifier (`tst::verify`), with the user's TSA roots.
    #[derive(Clone, Debug, Default)]
    pub struct TstVerifier {
        /// The TSA roots, when the user supplied any.
        pub roots: Option<TsaRoots>,
    }

    impl TokenVerifier for TstVerifier {
        fn verify(&self, der: &[u8], message: &[u8]) -> TokenVerdict {
            match tst::verify(der, message, self.roots.as_ref()) {
                Ok(report) => verdict(&report),
                Err(error) => TokenVerdict::unreadable(error.to_string()),
            }
        }
    }

    fn verdict(report: &TstReport) -> TokenVerdict {
        let token = report.token.as_ref();
        let detail = match &report.outcome {
            TstOutcome::Trusted { root } => root.clone(),
            TstOutcome::SignerNotChecked => String::new(),
            TstOutcome::Failed(failure) => failure.to_string(),
        };
        TokenVerdict {
            outcome: report.outcome.kind().to_owned(),
            detail,
            signer: report.signer.as_ref().map(|s| s.subject.clone()),
            imprint_oid: token.map(|t| t.imprint_oid.to_string()),
            imprint_sha256: token
                .is_some_and(|t| t.imprint_algorithm == Some(DigestAlgorithm::Sha256)),
            gen_time: token.map(|t| t.gen_time.rfc3339()),
            gen_time_unix: token.map(|t| t.gen_time.unix_seconds()),
        }
    }
}

//! A `TimeStampResp` (RFC 3161 §2.4.2), which nexuscone stores whole in
//! `anchors.tst_blob`, or a bare `TimeStampToken`: [`TimeStampResponse::parse`] reads
//! either and [`TimeStampResponse::verify`] gives the [`TstReport`].

use der::{Decode, Header, Reader, SliceReader, Tag};

use super::asn1::TimeStampResp;
use super::certificate::signer_facts;
use super::error::{TstError, TstPart};
use super::outcome::{PkiStatus, TstFailure, TstOutcome, TstReport};
use super::roots::TsaRoots;
use super::token::TimeStampToken;

/// Names of the `PKIFailureInfo` bits RFC 3161 §2.4.2 defines.
const FAIL_INFO_BITS: [(usize, &str); 8] = [
    (0, "badAlg"),
    (2, "badRequest"),
    (5, "badDataFormat"),
    (14, "timeNotAvailable"),
    (15, "unacceptedPolicy"),
    (16, "unacceptedExtension"),
    (17, "addInfoNotAvailable"),
    (25, "systemFailure"),
];

/// A time-stamp response or bare token, read but not verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeStampResponse {
    status: Option<PkiStatus>,
    status_text: Vec<String>,
    fail_info: Vec<String>,
    token: Option<TimeStampToken>,
}

impl TimeStampResponse {
    /// Reads a DER `TimeStampResp`, or a bare `TimeStampToken` (a `ContentInfo`, told
    /// apart by its first element, an OBJECT IDENTIFIER). Trailing bytes are an error.
    ///
    /// # Errors
    /// [`TstError`] naming the structure that does not read.
    pub fn parse(der: &[u8]) -> Result<TimeStampResponse, TstError> {
        if is_content_info(der) {
            let token = TimeStampToken::parse(der)?;
            return Ok(TimeStampResponse {
                status: None,
                status_text: Vec::new(),
                fail_info: Vec::new(),
                token: Some(token),
            });
        }
        let response = TimeStampResp::from_der(der).map_err(|source| TstError::Der {
            part: TstPart::Response,
            source,
        })?;
        let status = PkiStatus::from_value(response.status.status);
        let token = match (status.is_granted(), &response.time_stamp_token) {
            (true, Some(info)) => Some(TimeStampToken::from_content_info(info)?),
            (true, None) => {
                return Err(TstError::GrantedWithoutToken {
                    status: response.status.status,
                })
            }
            (false, _) => None,
        };
        let fail_info = response.status.fail_info.as_ref().map(|bits| {
            bits.bits()
                .enumerate()
                .filter(|(_, set)| *set)
                .map(|(bit, _)| fail_info_name(bit))
                .collect()
        });
        Ok(TimeStampResponse {
            status: Some(status),
            status_text: response.status.status_string.unwrap_or_default(),
            fail_info: fail_info.unwrap_or_default(),
            token,
        })
    }

    /// The `PKIStatus`; `None` for a bare token.
    pub fn status(&self) -> Option<PkiStatus> {
        self.status
    }

    /// The token, present when the status is granted or grantedWithMods.
    pub fn token(&self) -> Option<&TimeStampToken> {
        self.token.as_ref()
    }

    /// Verifies the response for `message` (see [`TimeStampToken::verify`]); a status
    /// other than granted or grantedWithMods fails first.
    pub fn verify(&self, message: &[u8], roots: Option<&TsaRoots>) -> TstReport {
        let Some(token) = &self.token else {
            let failure = TstFailure::StatusNotGranted {
                status: self.status.unwrap_or(PkiStatus::Rejection),
                text: self.status_text.clone(),
                fail_info: self.fail_info.clone(),
            };
            return TstReport {
                status: self.status,
                token: None,
                signer: None,
                outcome: TstOutcome::Failed(failure),
            };
        };
        TstReport {
            status: self.status,
            token: Some(token.facts()),
            signer: token.signer(roots).map(signer_facts),
            outcome: token.verify(message, roots),
        }
    }
}

/// True if the outer SEQUENCE starts with an OBJECT IDENTIFIER (a `ContentInfo`, RFC
/// 5652 §3) rather than a SEQUENCE (the `PKIStatusInfo` of a `TimeStampResp`).
fn is_content_info(der: &[u8]) -> bool {
    let Ok(mut reader) = SliceReader::new(der) else {
        return false;
    };
    matches!(Header::decode(&mut reader), Ok(header) if header.tag == Tag::Sequence)
        && reader.peek_tag() == Ok(Tag::ObjectIdentifier)
}

fn fail_info_name(bit: usize) -> String {
    FAIL_INFO_BITS
        .iter()
        .find(|(known, _)| *known == bit)
        .map_or_else(|| format!("bit {bit}"), |(_, name)| (*name).to_owned())
}

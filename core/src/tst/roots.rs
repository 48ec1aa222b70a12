//! TSA root certificates: the trust input that turns "signature valid" into "signed by a
//! TSA the user trusts". Read from PEM text (RFC 7468 §5: one or more
//! `-----BEGIN CERTIFICATE-----` blocks; text between blocks is ignored, as RFC 7468 §2
//! allows, so `openssl x509 -text` output works) or from one DER certificate. CRLF line
//! ends and a UTF-8 byte order mark are accepted.

use base64::Engine;
use der::Decode;
use x509_cert::Certificate;

use super::error::RootsError;
use super::verified::VerifiedSignatures;

/// PEM labels read as certificates: RFC 7468 §5.1's and the legacy ones of §5.3.
const CERTIFICATE_LABELS: [&str; 3] = ["CERTIFICATE", "X509 CERTIFICATE", "X.509 CERTIFICATE"];

/// The TSA root certificates a user supplied. Trust is by exact certificate: a path
/// ends at a certificate byte-for-byte equal to one of these.
#[derive(Clone, Debug)]
pub struct TsaRoots {
    certificates: Vec<Certificate>,
    /// Certificate signatures found valid on paths checked with these roots.
    verified: VerifiedSignatures,
}

/// Roots are equal when their certificates are: what was verified with them is a memo.
impl PartialEq for TsaRoots {
    fn eq(&self, other: &TsaRoots) -> bool {
        self.certificates == other.certificates
    }
}

impl Eq for TsaRoots {}

/// One PEM block being read: its label, the line of its BEGIN marker, its base64.
struct Block<'t> {
    label: &'t str,
    begin: usize,
    base64: String,
}

impl TsaRoots {
    /// Reads a root file: DER when it starts with a SEQUENCE tag (0x30), otherwise PEM.
    ///
    /// # Errors
    /// [`RootsError`], with the line (or byte) where the input stops making sense.
    pub fn parse(bytes: &[u8]) -> Result<TsaRoots, RootsError> {
        if bytes.first() == Some(&0x30) {
            let certificate =
                Certificate::from_der(bytes).map_err(|source| RootsError::Der { source })?;
            return Ok(TsaRoots::of(vec![certificate]));
        }
        let text = core::str::from_utf8(bytes).map_err(|e| RootsError::NotText {
            offset: e.valid_up_to(),
        })?;
        TsaRoots::from_pem(text)
    }

    /// Reads every certificate block of PEM text (at least one).
    ///
    /// # Errors
    /// [`RootsError`] naming the line: a block that is not a certificate, never ends,
    /// holds a line that is not base64, or does not decode to an X.509 certificate.
    pub fn from_pem(text: &str) -> Result<TsaRoots, RootsError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut certificates = Vec::new();
        let mut block: Option<Block> = None;
        for (index, raw) in text.split('\n').enumerate() {
            let (line, number) = (raw.trim_end_matches('\r').trim(), index + 1);
            block = match block {
                None => begin_marker(line, number)?,
                Some(open) if line == format!("-----END {}-----", open.label) => {
                    certificates.push(decode_block(&open)?);
                    None
                }
                Some(open) => Some(add_line(open, line, number)?),
            };
        }
        if let Some(open) = block {
            return Err(RootsError::Unterminated {
                line: open.begin,
                label: open.label.to_owned(),
            });
        }
        if certificates.is_empty() {
            return Err(RootsError::NoCertificate);
        }
        Ok(TsaRoots::of(certificates))
    }

    fn of(certificates: Vec<Certificate>) -> TsaRoots {
        TsaRoots {
            certificates,
            verified: VerifiedSignatures::default(),
        }
    }

    /// Adds the certificates of `more` (another root file) after these.
    pub fn extend(&mut self, more: TsaRoots) {
        self.certificates.extend(more.certificates);
    }

    /// The certificates, in the order read.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    /// The subjects (RFC 4514 text), in the order read.
    pub fn subjects(&self) -> Vec<String> {
        self.certificates
            .iter()
            .map(|c| c.tbs_certificate.subject.to_string())
            .collect()
    }

    /// The certificate signatures already found valid on paths to these roots.
    pub(crate) fn verified(&self) -> &VerifiedSignatures {
        &self.verified
    }

    /// These roots, remembering what `verified` holds instead of what they verified.
    #[cfg(test)]
    pub(crate) fn remembering(self, verified: VerifiedSignatures) -> TsaRoots {
        TsaRoots { verified, ..self }
    }

    /// The supplied root equal to `certificate`, if any.
    pub fn find(&self, certificate: &Certificate) -> Option<&Certificate> {
        self.certificates.iter().find(|root| *root == certificate)
    }
}

/// A BEGIN marker opens a block; any other line outside a block is commentary.
fn begin_marker(line: &str, number: usize) -> Result<Option<Block<'_>>, RootsError> {
    let Some(label) = line
        .strip_prefix("-----BEGIN ")
        .and_then(|l| l.strip_suffix("-----"))
    else {
        return Ok(None);
    };
    if !CERTIFICATE_LABELS.contains(&label) {
        return Err(RootsError::WrongLabel {
            line: number,
            label: label.to_owned(),
        });
    }
    Ok(Some(Block {
        label,
        begin: number,
        base64: String::new(),
    }))
}

fn add_line<'t>(mut block: Block<'t>, line: &str, number: usize) -> Result<Block<'t>, RootsError> {
    let base64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    if line.starts_with("-----") || !line.bytes().all(base64) {
        return Err(RootsError::Base64 {
            line: number,
            begin: block.begin,
        });
    }
    block.base64.push_str(line);
    Ok(block)
}

fn decode_block(block: &Block) -> Result<Certificate, RootsError> {
    let der = base64::engine::general_purpose::STANDARD
        .decode(&block.base64)
        .map_err(|e| RootsError::Base64Block {
            begin: block.begin,
            reason: e.to_string(),
        })?;
    Certificate::from_der(&der).map_err(|source| RootsError::Certificate {
        begin: block.begin,
        source,
    })
}

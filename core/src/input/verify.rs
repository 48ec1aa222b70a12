//! Verifying a ledger straight from its input: the [`Sink`] that feeds the chain
//! verifier, so every front end verifies what the input layer reads in one way.

#[cfg(all(feature = "tst", feature = "parallel"))]
use crate::anchor::BackgroundProofs;
use crate::chain::{ChainVerifier, VerifyOptions};
use crate::export::Row;
use crate::report::Report;

use super::error::InputError;
use super::format::{Format, Hint};
use super::ledger::{read, Carried, Sink};
use super::trust::Trust;

/// A verification in progress: give it to [`read`] or [`super::Reader`], then
/// [`Verification::finish`].
#[derive(Debug)]
pub struct Verification {
    trust: Trust,
    format: Option<Format>,
    verifier: Option<ChainVerifier>,
    entries: u64,
    /// The anchors' proofs, checked while the entries are (feature `parallel`).
    #[cfg(all(feature = "tst", feature = "parallel"))]
    proofs: Option<BackgroundProofs>,
}

impl Verification {
    /// A verification against `trust`.
    pub fn new(trust: Trust) -> Verification {
        Verification {
            trust,
            format: None,
            verifier: None,
            entries: 0,
            #[cfg(all(feature = "tst", feature = "parallel"))]
            proofs: None,
        }
    }

    /// The input's format, once known.
    pub fn format(&self) -> Option<Format> {
        self.format
    }

    /// Entries verified so far.
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// The report. An input that never began (which [`read`] does not allow) is
    /// verified as an empty ledger. The report names what the input's format cannot
    /// carry ([`Format::limit`]).
    pub fn finish(mut self) -> Report {
        self.put_background_tracks();
        let mut report = match self.verifier {
            Some(verifier) => verifier.finish(),
            None => ChainVerifier::new(Default::default()).finish(),
        };
        if let Some(limit) = self.format.and_then(Format::limit) {
            report.add_limit(limit);
        }
        report
    }
}

/// Where threads exist (feature `parallel`), core's own checks of the anchors' proofs
/// run on a thread of their own while the entries stream in (`anchor/background.rs`);
/// elsewhere they are checked in [`Sink::begin`].
impl Verification {
    #[cfg(all(feature = "tst", feature = "parallel"))]
    fn options(&mut self, carried: &Carried) -> VerifyOptions {
        let (options, proofs) = self.trust.verify_options_with_background_proofs(carried);
        self.proofs = proofs;
        options
    }

    #[cfg(not(all(feature = "tst", feature = "parallel")))]
    fn options(&mut self, carried: &Carried) -> VerifyOptions {
        self.trust.verify_options(carried)
    }

    /// Waits for the proofs checked in the background and puts in their tracks.
    #[cfg(all(feature = "tst", feature = "parallel"))]
    fn put_background_tracks(&mut self) {
        if let (Some(verifier), Some(proofs)) = (&mut self.verifier, self.proofs.take()) {
            verifier.set_anchor_tracks(proofs.finish());
        }
    }

    #[cfg(not(all(feature = "tst", feature = "parallel")))]
    fn put_background_tracks(&mut self) {}
}

impl Sink for Verification {
    type Error = InputError;

    fn begin(&mut self, format: Format, carried: Carried) -> Result<(), InputError> {
        let options = self.options(&carried);
        self.format = Some(format);
        self.verifier = Some(ChainVerifier::new(options));
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<(), InputError> {
        if let Some(verifier) = &mut self.verifier {
            verifier.push_row(row);
            self.entries += 1;
        }
        Ok(())
    }
}

/// Verifies a whole input against `trust`: the report the CLI's `verify --json`
/// prints, for any format.
///
/// # Errors
/// [`InputError`] for input that is not a ledger.
pub fn verify(bytes: &[u8], hint: Hint, trust: &Trust) -> Result<Report, InputError> {
    let mut verification = Verification::new(trust.clone());
    read(bytes, hint, &mut verification)?;
    Ok(verification.finish())
}

//! The coordinator's side of a pooled verification that reads its input as it
//! arrives (Node's `verifyFile`): a [`Sink`] that cuts the rows into batches for
//! the helpers and accepts their checks in order.

use std::collections::{BTreeMap, VecDeque};

use thiserror::Error;

use crate::chain::ChainVerifier;
use crate::export::Row;
use crate::input::{Carried, Format, InputError, Sink, Trust};
use crate::report::Report;

use super::checks::{decode_checks, CheckedBatch};
use super::entries::{encode_entries, Returns};
use super::in_order::InOrder;
use super::keys::encode_keys;
use super::wire::WireError;
use super::BATCH_ENTRIES;

/// Checks a coordinator cannot accept.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PoolError {
    /// The message is not in the layout of a batch's checks.
    #[error(transparent)]
    Wire(#[from] WireError),
    /// No batch with that number is waiting for its checks.
    #[error("pool: checks for batch {id}, which is not waiting for checks")]
    UnknownBatch {
        /// The batch number the checks carry.
        id: u64,
    },
    /// The checks do not match the batch's entries one for one.
    #[error("pool: batch {id} has {expected} entries but came back with {found} checks")]
    WrongCount {
        /// The batch number.
        id: u64,
        /// Entries sent.
        expected: usize,
        /// Checks received.
        found: usize,
    },
    /// The report was asked for while batches were still out.
    #[error("pool: {batches} batches of entries were never checked")]
    Unfinished {
        /// Batches sent or ready to send, not yet accepted.
        batches: usize,
    },
}

/// A verification whose independent checks run elsewhere. Give it to
/// [`crate::input::read`] or [`crate::input::Reader`] like
/// [`crate::input::Verification`]; send the batches [`PooledVerification::take_batch`]
/// gives to helpers ([`super::check_entries`]) with [`PooledVerification::keys`];
/// hand their answers to [`PooledVerification::accept`]; after the input's end,
/// [`PooledVerification::end_input`], and once nothing is
/// [pending](PooledVerification::pending), [`PooledVerification::finish`]. Same
/// report as [`crate::input::Verification`].
#[derive(Debug)]
pub struct PooledVerification {
    trust: Trust,
    format: Option<Format>,
    verifier: Option<ChainVerifier>,
    filling: Vec<Row>,
    unsent: VecDeque<(u64, Vec<Row>)>,
    sent: BTreeMap<u64, Vec<Row>>,
    checked: InOrder<(Vec<Row>, CheckedBatch)>,
    batches: u64,
    accepted: u64,
}

impl PooledVerification {
    /// A verification against `trust`.
    pub fn new(trust: Trust) -> PooledVerification {
        PooledVerification {
            trust,
            format: None,
            verifier: None,
            filling: Vec::with_capacity(BATCH_ENTRIES),
            unsent: VecDeque::new(),
            sent: BTreeMap::new(),
            checked: InOrder::new(),
            batches: 0,
            accepted: 0,
        }
    }

    /// The input's format, once known.
    pub fn format(&self) -> Option<Format> {
        self.format
    }

    /// The key ring helpers check signatures with ([`super::decode_keys`]), once
    /// the input has begun.
    pub fn keys(&self) -> Option<Vec<u8>> {
        self.verifier.as_ref().map(|v| encode_keys(v.keys()))
    }

    /// The next batch of entries to check, encoded ([`super::decode_entries`]).
    pub fn take_batch(&mut self) -> Option<Vec<u8>> {
        let (id, rows) = self.unsent.pop_front()?;
        let verifier = self.verifier.as_ref().expect("batches exist after begin");
        let returns = Returns::for_verifier(verifier);
        let batch = encode_entries(id, returns, rows.iter().map(|row| &row.entry));
        self.sent.insert(id, rows);
        Some(batch)
    }

    /// Marks the end of the input: the last, partial batch becomes ready to take.
    pub fn end_input(&mut self) {
        self.close_batch();
    }

    /// Batches ready to take, out with a helper, or checked but waiting for an
    /// earlier one.
    pub fn pending(&self) -> usize {
        self.unsent.len() + self.sent.len() + self.checked.waiting()
    }

    /// Entries accepted so far.
    pub fn entries(&self) -> u64 {
        self.accepted
    }

    /// Takes a helper's checks for a batch, and accepts every batch whose turn has
    /// come.
    ///
    /// # Errors
    /// [`PoolError`] for checks that are malformed or match no batch sent.
    pub fn accept(&mut self, checks: &[u8]) -> Result<(), PoolError> {
        let batch = decode_checks(checks)?;
        let id = batch.id;
        let rows = self
            .sent
            .remove(&id)
            .ok_or(PoolError::UnknownBatch { id })?;
        if rows.len() != batch.checks.len() {
            let (expected, found) = (rows.len(), batch.checks.len());
            self.sent.insert(id, rows);
            return Err(PoolError::WrongCount {
                id,
                expected,
                found,
            });
        }
        self.checked.insert(id, (rows, batch));
        while let Some((rows, batch)) = self.checked.pop() {
            let verifier = self.verifier.as_mut().expect("batches exist after begin");
            batch.accept(&rows, verifier);
            self.accepted += rows.len() as u64;
        }
        Ok(())
    }

    /// The report.
    ///
    /// # Errors
    /// [`PoolError::Unfinished`] while batches are pending.
    pub fn finish(mut self) -> Result<Report, PoolError> {
        self.close_batch();
        if let batches @ 1.. = self.pending() {
            return Err(PoolError::Unfinished { batches });
        }
        let mut report = match self.verifier {
            Some(verifier) => verifier.finish(),
            None => ChainVerifier::new(Default::default()).finish(),
        };
        // What the input's format cannot carry, as `input::verify` reports it.
        if let Some(limit) = self.format.and_then(Format::limit) {
            report.add_limit(limit);
        }
        Ok(report)
    }

    fn close_batch(&mut self) {
        if !self.filling.is_empty() {
            let rows = std::mem::replace(&mut self.filling, Vec::with_capacity(BATCH_ENTRIES));
            self.unsent.push_back((self.batches, rows));
            self.batches += 1;
        }
    }
}

impl Sink for PooledVerification {
    type Error = InputError;

    fn begin(&mut self, format: Format, carried: Carried) -> Result<(), InputError> {
        let options = self.trust.verify_options(&carried);
        self.format = Some(format);
        self.verifier = Some(ChainVerifier::new(options));
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<(), InputError> {
        self.filling.push(row.clone());
        if self.filling.len() == BATCH_ENTRIES {
            self.close_batch();
        }
        Ok(())
    }
}

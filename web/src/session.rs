//! The state of one viewing session and the driver that reads and verifies a ledger
//! in small time slices, yielding to the browser between them (no worker: the
//! core verifier is streaming, so slicing it keeps the page responsive).

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::report::{EntryStatus, FindingKind, Report};
use nexuscone_core::signature::KeyRing;
use wasm_bindgen::JsCast;

use crate::input::{Format, Input};
use crate::ledger::{JsonlReader, Ledger};
use crate::trust::{CheckpointAnchor, TrustAnchors};
use nexuscone_core::merkle::{entry_leaf_hex, MerkleTree};

/// How long one slice of work may hold the main thread, in milliseconds.
const SLICE_MS: f64 = 12.0;

/// Where the session is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Nothing loaded yet.
    Idle,
    /// Reading (parsing) the input: bytes done of total.
    Reading {
        /// Bytes parsed.
        done: u64,
        /// Bytes in all.
        total: u64,
    },
    /// Verifying: entries done of total, with the start time (ms) for the rate.
    Verifying {
        /// Entries checked.
        done: u64,
        /// Entries in all.
        total: u64,
        /// `Date.now()` when verification started.
        started: f64,
        /// `Date.now()` at the last update.
        now: f64,
    },
    /// The verdict is in.
    Done,
    /// The user cancelled; no verdict.
    Cancelled,
    /// The input could not be read.
    Failed(String),
}

/// Where the signing keys a verification used came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// Keys the user supplied.
    Trusted(TrustAnchors),
    /// No user keys; the ledger's own keys were used (self-asserted).
    Ledger(std::collections::BTreeMap<String, String>),
    /// No keys at all: signatures unchecked.
    None,
}

/// One finished verification.
#[derive(Debug)]
pub struct Verification {
    /// Each entry's status, in input order.
    pub statuses: Vec<EntryStatus>,
    /// The core's report.
    pub report: Report,
    /// Entries named by a listed failure, with the first failure's kind. Some
    /// failures (a witness attesting a head the ledger no longer holds) are found
    /// after the entry's own status was given, so the table shows both.
    pub failing_entries: HashMap<i64, FindingKind>,
    /// The keys used.
    pub keys: KeySource,
    /// The checkpoint the ledger was checked against, if one was given.
    pub checkpoint: Option<CheckpointAnchor>,
    /// The ledger's Merkle tree (leaves in input order), for inclusion proofs; `None`
    /// when an `entry_hash` is not 64 hex characters.
    pub tree: Option<MerkleTree>,
    /// Wall time of the verification, in milliseconds.
    pub millis: f64,
}

/// All state shared by the components. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Session {
    /// The loaded input.
    pub input: RwSignal<Option<Arc<Input>>>,
    /// The ledger read from it.
    pub ledger: RwSignal<Option<Arc<Ledger>>>,
    /// The latest verification of it.
    pub verification: RwSignal<Option<Arc<Verification>>>,
    /// The signing keys the user trusts.
    pub trust: RwSignal<Option<TrustAnchors>>,
    /// The signed checkpoint the user supplied, already opened with their keys.
    pub checkpoint: RwSignal<Option<CheckpointAnchor>>,
    /// Progress.
    pub phase: RwSignal<Phase>,
    /// Bumped to cancel the running job: a job stops when the value is not its own.
    generation: StoredValue<u64>,
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Lets the browser render and handle input before the next slice.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

impl Session {
    /// A session with nothing loaded.
    pub fn new() -> Session {
        Session {
            input: RwSignal::new(None),
            ledger: RwSignal::new(None),
            verification: RwSignal::new(None),
            trust: RwSignal::new(None),
            checkpoint: RwSignal::new(None),
            phase: RwSignal::new(Phase::Idle),
            generation: StoredValue::new(0),
        }
    }

    fn next_generation(&self) -> u64 {
        self.generation.update_value(|g| *g += 1);
        self.generation.get_value()
    }

    fn current(&self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    /// Stops the running job, if any.
    pub fn cancel(&self) {
        self.next_generation();
        if matches!(
            self.phase.get_untracked(),
            Phase::Reading { .. } | Phase::Verifying { .. }
        ) {
            self.phase.set(Phase::Cancelled);
        }
    }

    /// Reads and verifies a new input, replacing the current one.
    pub fn load(&self, input: Input) {
        let session = *self;
        let generation = self.next_generation();
        leptos::task::spawn_local(async move {
            let input = Arc::new(input);
            session.verification.set(None);
            session.ledger.set(None);
            session.input.set(Some(input.clone()));
            let total = input.bytes.len() as u64;
            session.phase.set(Phase::Reading { done: 0, total });
            yield_to_browser().await;
            let ledger = match input.format() {
                Format::Sqlite => crate::ledger::from_sqlite(&input.bytes)
                    .map_err(|e| format!("{}: {e}", input.name)),
                Format::Bundle => Ledger::from_bundle(&input.bytes)
                    .map_err(|e| format!("{}: not a readable Nexuscone bundle: {e}", input.name)),
                Format::Jsonl => {
                    let mut reader = JsonlReader::new();
                    loop {
                        let started = now();
                        let mut finished = Ok(false);
                        while now() - started < SLICE_MS {
                            finished = reader.read(&input.bytes, 256);
                            if !matches!(finished, Ok(false)) {
                                break;
                            }
                        }
                        if !session.current(generation) {
                            return;
                        }
                        match finished {
                            Ok(true) => break Ok(reader.finish()),
                            Ok(false) => {
                                session.phase.set(Phase::Reading {
                                    done: reader.offset() as u64,
                                    total,
                                });
                                yield_to_browser().await;
                            }
                            Err(e) => {
                                break Err(format!(
                                    "{}: not a readable Nexuscone JSONL export: {e}",
                                    input.name
                                ))
                            }
                        }
                    }
                }
            };
            if !session.current(generation) {
                return;
            }
            match ledger {
                Ok(ledger) if ledger.rows.is_empty() => session.phase.set(Phase::Failed(format!(
                    "{}: no ledger entries in this file",
                    input.name
                ))),
                Ok(ledger) => {
                    session.ledger.set(Some(Arc::new(ledger)));
                    session.run_verification(generation).await;
                }
                Err(message) => session.phase.set(Phase::Failed(message)),
            }
        });
    }

    /// Replaces the trust anchors and verifies the loaded ledger again.
    pub fn set_trust(&self, trust: Option<TrustAnchors>) {
        self.trust.set(trust);
        self.reverify();
    }

    /// Replaces the checkpoint and verifies the loaded ledger again.
    pub fn set_checkpoint(&self, checkpoint: Option<CheckpointAnchor>) {
        self.checkpoint.set(checkpoint);
        self.reverify();
    }

    fn reverify(&self) {
        if self.ledger.get_untracked().is_some() {
            let session = *self;
            let generation = self.next_generation();
            leptos::task::spawn_local(async move {
                session.run_verification(generation).await;
            });
        }
    }

    async fn run_verification(&self, generation: u64) {
        let Some(ledger) = self.ledger.get_untracked() else {
            return;
        };
        let (keys, source) = match self.trust.get_untracked() {
            Some(trust) => (trust.key_ring(), KeySource::Trusted(trust)),
            None if !ledger.ledger_keys.is_empty() => {
                match KeyRing::from_hex(
                    ledger
                        .ledger_keys
                        .iter()
                        .map(|(id, key)| (id.as_str(), key.as_str())),
                ) {
                    Ok(ring) => (ring, KeySource::Ledger(ledger.ledger_keys.clone())),
                    Err(e) => {
                        self.phase.set(Phase::Failed(format!(
                            "the ledger's own public_keys cannot be read: {e}"
                        )));
                        return;
                    }
                }
            }
            None => (KeyRing::new(), KeySource::None),
        };
        let checkpoint = self.checkpoint.get_untracked();
        let options = VerifyOptions {
            keys,
            keys_self_asserted: matches!(source, KeySource::Ledger(_)),
            witnesses: ledger.witnesses.clone(),
            attestations: ledger.attestations.clone(),
            anchor_count: ledger.anchor_count,
            checkpoint: checkpoint.as_ref().map(|c| c.checkpoint.clone()),
            ..VerifyOptions::default()
        };
        let mut verifier = ChainVerifier::new(options);
        let total = ledger.rows.len();
        let mut statuses = Vec::with_capacity(total);
        let started = now();
        self.phase.set(Phase::Verifying {
            done: 0,
            total: total as u64,
            started,
            now: started,
        });
        while statuses.len() < total {
            let slice = now();
            while statuses.len() < total && now() - slice < SLICE_MS {
                let end = (statuses.len() + 64).min(total);
                for row in &ledger.rows[statuses.len()..end] {
                    statuses.push(verifier.push_row(row));
                }
            }
            if statuses.len() < total {
                self.phase.set(Phase::Verifying {
                    done: statuses.len() as u64,
                    total: total as u64,
                    started,
                    now: now(),
                });
                yield_to_browser().await;
                if !self.current(generation) {
                    return;
                }
            }
        }
        let report = verifier.finish();
        let tree = ledger
            .rows
            .iter()
            .map(|r| entry_leaf_hex(&r.entry.entry_hash))
            .collect::<Option<Vec<_>>>()
            .map(MerkleTree::from_leaves);
        let mut failing_entries = HashMap::new();
        for finding in &report.failures {
            if let Some(id) = finding.entry_id {
                failing_entries.entry(id).or_insert(finding.kind);
            }
        }
        self.verification.set(Some(Arc::new(Verification {
            statuses,
            report,
            failing_entries,
            keys: source,
            checkpoint,
            tree,
            millis: now() - started,
        })));
        self.phase.set(Phase::Done);
    }
}

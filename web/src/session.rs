//! The state of one viewing session, and the page's side of the verifier worker:
//! it starts the worker, hands it the file and the trust anchors, and turns its
//! replies into signals (see [`crate::protocol`] for the design).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use nexuscone_core::input::LocatedError;
use nexuscone_core::report::{EntryStatus, FindingKind, Report};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, MessageEvent, Worker};

use crate::input::InputInfo;
use crate::protocol::{
    self, Anchors, ColumnData, Columns, EntryDetail, KeySource, Progress, Reply, Request,
    TrustInput,
};
use crate::trust::{CheckpointAnchor, ProofTrust, ProofTrustKind, TrustAnchors, WitnessAnchors};

/// The worker's start-up script, beside the page (Trunk copies it to `dist/`).
const WORKER_SCRIPT: &str = "worker.js";

/// Where the session is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Nothing loaded yet.
    Idle,
    /// The worker is reading or verifying.
    Working(Progress),
    /// The verdict is in.
    Done,
    /// The user cancelled; no verdict.
    Cancelled,
    /// The viewer could not go on (its worker stopped or sent nonsense).
    Failed(String),
    /// The input, or a trust input, could not be read: core's kind and location.
    Unreadable(LocatedError),
}

impl Phase {
    /// True while the worker is reading or verifying.
    pub fn busy(&self) -> bool {
        matches!(self, Phase::Working(_))
    }
}

/// A ledger the worker has read: what the page keeps of it.
#[derive(Debug)]
pub struct LedgerView {
    /// The input it was read from.
    pub input: InputInfo,
    /// Per-entry columns for the table, filters and timeline.
    pub columns: Columns,
}

impl LedgerView {
    /// The row of each of the entry ids `wanted` that the ledger holds, found in one
    /// pass over the rows.
    pub fn rows_of(&self, wanted: impl IntoIterator<Item = i64>) -> HashMap<i64, usize> {
        let wanted: HashSet<i64> = wanted.into_iter().collect();
        let mut rows = HashMap::with_capacity(wanted.len());
        if wanted.is_empty() {
            return rows;
        }
        for (row, id) in self.columns.ids.iter().enumerate() {
            if wanted.contains(id) {
                rows.entry(*id).or_insert(row);
            }
        }
        rows
    }
}

/// One finished verification.
#[derive(Debug)]
pub struct Verification {
    /// Each entry's status, in input order.
    pub statuses: Vec<EntryStatus>,
    /// The core's report.
    pub report: Report,
    /// Entries named by a listed failure, with the first failure's kind.
    pub failing_entries: HashMap<i64, FindingKind>,
    /// Every listed failure's kinds by the entry it names.
    pub entry_findings: HashMap<i64, Vec<FindingKind>>,
    /// The keys used.
    pub keys: KeySource,
    /// The witness keys the user supplied, if any.
    pub witness: Option<WitnessAnchors>,
    /// Every trust input used, with its source and SHA-256.
    pub trust_inputs: Vec<TrustInput>,
    /// When the verdict came in, RFC 3339 UTC (the page's clock: core has none).
    pub verified_at: String,
    /// The checkpoint the ledger was checked against, if one was given.
    pub checkpoint: Option<CheckpointAnchor>,
    /// Wall time of the verification in the worker, in milliseconds.
    pub millis: f64,
    /// The workers' WebAssembly memory at the end (their peak), in bytes.
    pub worker_memory: u64,
    /// How many workers verified (the verifier worker and its helpers).
    pub workers: u32,
    /// The page's WebAssembly memory when the verdict came in, in bytes.
    pub page_memory: u64,
}

/// The trust inputs a previous ledger was checked with.
#[derive(Clone, Debug, PartialEq)]
pub struct OfferedTrust {
    /// Its signing keys.
    pub keys: Option<TrustAnchors>,
    /// Its witness keys.
    pub witness: Option<WitnessAnchors>,
    /// Its checkpoint.
    pub checkpoint: Option<CheckpointAnchor>,
    /// Its Bitcoin block headers.
    pub bitcoin_headers: Option<ProofTrust>,
    /// Its TSA root certificates.
    pub tsa_roots: Option<ProofTrust>,
}

impl OfferedTrust {
    /// True when there is nothing to offer.
    fn is_empty(&self) -> bool {
        self.keys.is_none()
            && self.witness.is_none()
            && self.checkpoint.is_none()
            && self.bitcoin_headers.is_none()
            && self.tsa_roots.is_none()
    }
}

/// Entries matching a text search: the text and their positions, ascending.
pub type SearchHits = (String, Arc<Vec<u32>>);

/// The running worker and its handlers (dropped, and the worker terminated, together).
struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        // Unhook first: a message the worker already posted must not reach the
        // handlers being dropped.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// All state shared by the components. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Session {
    /// The ledger being shown.
    pub ledger: RwSignal<Option<Arc<LedgerView>>>,
    /// The latest verification of it.
    pub verification: RwSignal<Option<Arc<Verification>>>,
    /// The signing keys the user trusts.
    pub trust: RwSignal<Option<TrustAnchors>>,
    /// The witness keys the user trusts.
    pub witness_trust: RwSignal<Option<WitnessAnchors>>,
    /// The signed checkpoint the user supplied, already opened with their keys.
    pub checkpoint: RwSignal<Option<CheckpointAnchor>>,
    /// The Bitcoin block headers the user trusts, for anchors.
    pub bitcoin_headers: RwSignal<Option<ProofTrust>>,
    /// The TSA root certificates the user trusts, for anchors.
    pub tsa_roots: RwSignal<Option<ProofTrust>>,
    /// Trust inputs the previous ledger was checked with, offered for the one loaded
    /// since; used only if the user chooses to ([`Session::keep_offered_trust`]).
    pub offered_trust: RwSignal<Option<OfferedTrust>>,
    /// True while the trust in use is the demo's, which never applies to another file.
    demo_trust: StoredValue<bool>,
    /// Progress.
    pub phase: RwSignal<Phase>,
    /// The latest entry detail the worker sent.
    pub detail: RwSignal<Option<Arc<EntryDetail>>>,
    /// The latest search answer.
    pub search_hits: RwSignal<Option<SearchHits>>,
    /// The input being shown, kept to hand to a fresh worker.
    source: StoredValue<Option<(String, Blob)>, LocalStorage>,
    worker: StoredValue<Option<Running>, LocalStorage>,
    /// The current job: replies of older ones are ignored.
    generation: StoredValue<u64>,
    search_seq: StoredValue<u64>,
}

impl Session {
    /// A session with nothing loaded; starts the worker, so its script and
    /// WebAssembly load with the page.
    pub fn new() -> Session {
        let session = Session {
            ledger: RwSignal::new(None),
            verification: RwSignal::new(None),
            trust: RwSignal::new(None),
            witness_trust: RwSignal::new(None),
            checkpoint: RwSignal::new(None),
            bitcoin_headers: RwSignal::new(None),
            tsa_roots: RwSignal::new(None),
            offered_trust: RwSignal::new(None),
            demo_trust: StoredValue::new(false),
            phase: RwSignal::new(Phase::Idle),
            detail: RwSignal::new(None),
            search_hits: RwSignal::new(None),
            source: StoredValue::new_local(None),
            worker: StoredValue::new_local(None),
            generation: StoredValue::new(0),
            search_seq: StoredValue::new(0),
        };
        session.restart_worker();
        session
    }

    /// Terminates the worker, if any, and starts a fresh one.
    fn restart_worker(&self) {
        self.worker.set_value(None);
        let session = *self;
        let started = (|| -> Result<Running, JsValue> {
            let document = web_sys::window()
                .and_then(|w| w.document())
                .ok_or("no document")?;
            let base = document.base_uri()?.unwrap_or_default();
            let url = web_sys::Url::new_with_base(WORKER_SCRIPT, &base)?.href();
            let worker = Worker::new(&url)?;
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                session.on_reply(&e.data());
            });
            let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                // The worker is gone, with the ledger it held: start afresh, once
                // this handler (owned by the old worker) has returned.
                session.next_generation();
                session.clear();
                session.phase.set(Phase::Failed(
                    "the verifier worker stopped (it could not start, or ran out of memory)"
                        .to_owned(),
                ));
                leptos::task::spawn_local(async move { session.restart_worker() });
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            Ok(Running {
                worker,
                _on_message: on_message,
                _on_error: on_error,
            })
        })();
        match started {
            Ok(running) => {
                self.worker.set_value(Some(running));
                if let Some(workers) = requested_workers() {
                    self.send(&Request::Workers { workers }, None);
                }
            }
            Err(e) => self.phase.set(Phase::Failed(format!(
                "cannot start the verifier worker: {e:?}"
            ))),
        }
    }

    fn send(&self, request: &Request, blob: Option<&Blob>) {
        let json = serde_json::to_string(request).unwrap_or_default();
        let (object, _) = protocol::message(&json, &[], blob);
        self.worker.with_value(|running| {
            if let Some(running) = running {
                let _ = running.worker.post_message(&object);
            }
        });
    }

    fn next_generation(&self) -> u64 {
        self.generation.update_value(|g| *g += 1);
        self.generation.get_value()
    }

    fn anchors(&self) -> Anchors {
        Anchors {
            trust: self.trust.get_untracked(),
            witness: self.witness_trust.get_untracked(),
            checkpoint: self.checkpoint.get_untracked().map(|c| c.text),
            bitcoin_headers: self.bitcoin_headers.get_untracked(),
            tsa_roots: self.tsa_roots.get_untracked(),
        }
    }

    /// Reads and verifies a new input in the worker, replacing the current one. Trust
    /// never carries over: the new input is checked with none, and what the previous
    /// one was checked with (unless it was the demo's) is offered instead.
    pub fn load(&self, name: String, blob: Blob) {
        let previous = OfferedTrust {
            keys: self.trust.get_untracked(),
            witness: self.witness_trust.get_untracked(),
            checkpoint: self.checkpoint.get_untracked(),
            bitcoin_headers: self.bitcoin_headers.get_untracked(),
            tsa_roots: self.tsa_roots.get_untracked(),
        };
        let offer = !self.demo_trust.get_value() && !previous.is_empty();
        self.offered_trust.set(offer.then_some(previous));
        self.start(name, blob, None);
    }

    /// Loads the demo ledger, checked with the demo's keys (and nothing else).
    pub fn load_demo(&self, name: String, blob: Blob, keys: Option<TrustAnchors>) {
        self.offered_trust.set(None);
        self.start(name, blob, keys);
        self.demo_trust.set_value(true);
    }

    /// Checks the loaded ledger again with the trust inputs offered from the previous one.
    pub fn keep_offered_trust(&self) {
        if let Some(offered) = self.offered_trust.get_untracked() {
            self.offered_trust.set(None);
            self.trust.set(offered.keys);
            self.witness_trust.set(offered.witness);
            self.checkpoint.set(offered.checkpoint);
            self.bitcoin_headers.set(offered.bitcoin_headers);
            self.tsa_roots.set(offered.tsa_roots);
            self.reverify();
        }
    }

    fn start(&self, name: String, blob: Blob, keys: Option<TrustAnchors>) {
        self.trust.set(keys);
        self.witness_trust.set(None);
        self.checkpoint.set(None);
        self.bitcoin_headers.set(None);
        self.tsa_roots.set(None);
        self.demo_trust.set_value(false);
        if self.phase.get_untracked().busy() {
            self.restart_worker();
        }
        self.ledger.set(None);
        self.source.set_value(Some((name, blob)));
        self.start_load();
    }

    fn start_load(&self) {
        let Some((name, blob)) = self.source.get_value() else {
            return;
        };
        let generation = self.next_generation();
        self.verification.set(None);
        self.detail.set(None);
        self.search_hits.set(None);
        self.phase.set(Phase::Working(Progress::Reading {
            done: 0,
            total: blob.size() as u64,
        }));
        let anchors = self.anchors();
        self.send(
            &Request::Load {
                generation,
                name,
                anchors,
            },
            Some(&blob),
        );
    }

    /// Shows `message` instead of a verdict, stopping the running job and dropping
    /// the ledger shown.
    pub fn fail(&self, message: String) {
        self.stop();
        self.phase.set(Phase::Failed(message));
    }

    /// Stops the running job: the worker is terminated (nothing goes on working)
    /// and a fresh one started. What it was reading is dropped.
    pub fn cancel(&self) {
        if self.phase.get_untracked().busy() {
            self.stop();
            self.phase.set(Phase::Cancelled);
        }
    }

    fn stop(&self) {
        self.next_generation();
        if self.phase.get_untracked().busy() {
            self.restart_worker();
        }
        self.clear();
    }

    /// Forgets the input and everything shown of it.
    fn clear(&self) {
        self.source.set_value(None);
        self.ledger.set(None);
        self.verification.set(None);
        self.detail.set(None);
        self.search_hits.set(None);
    }

    /// Replaces the trust anchors and verifies the loaded ledger again.
    pub fn set_trust(&self, trust: Option<TrustAnchors>) {
        self.demo_trust.set_value(false);
        self.offered_trust.set(None);
        self.trust.set(trust);
        self.reverify();
    }

    /// Replaces the trusted witness keys and verifies the loaded ledger again.
    pub fn set_witness_trust(&self, keys: Option<WitnessAnchors>) {
        self.offered_trust.set(None);
        self.witness_trust.set(keys);
        self.reverify();
    }

    /// The Bitcoin headers or TSA roots (by `kind`) trusted now (tracked).
    pub fn proof_trust(&self, kind: ProofTrustKind) -> Option<ProofTrust> {
        match kind {
            ProofTrustKind::BitcoinHeaders => self.bitcoin_headers.get(),
            ProofTrustKind::TsaRoots => self.tsa_roots.get(),
        }
    }

    /// Replaces the Bitcoin headers or TSA roots (by `kind`) and verifies the loaded
    /// ledger again.
    pub fn set_proof_trust(&self, kind: ProofTrustKind, trust: Option<ProofTrust>) {
        self.offered_trust.set(None);
        match kind {
            ProofTrustKind::BitcoinHeaders => self.bitcoin_headers.set(trust),
            ProofTrustKind::TsaRoots => self.tsa_roots.set(trust),
        }
        self.reverify();
    }

    /// Replaces the checkpoint and verifies the loaded ledger again.
    pub fn set_checkpoint(&self, checkpoint: Option<CheckpointAnchor>) {
        self.offered_trust.set(None);
        self.checkpoint.set(checkpoint);
        self.reverify();
    }

    fn reverify(&self) {
        if self.phase.get_untracked().busy() {
            // The worker may be mid-read; a fresh one reads again with the new anchors.
            self.restart_worker();
            self.start_load();
            return;
        }
        let Some(ledger) = self.ledger.get_untracked() else {
            return;
        };
        let generation = self.next_generation();
        self.verification.set(None);
        self.phase.set(Phase::Working(Progress::Verifying {
            done: 0,
            total: ledger.columns.len() as u64,
            elapsed_ms: 0.0,
        }));
        let anchors = self.anchors();
        self.send(
            &Request::Verify {
                generation,
                anchors,
            },
            None,
        );
    }

    /// Asks the worker for the detail of the entry at `index`; it arrives in
    /// [`Session::detail`].
    pub fn request_entry(&self, index: usize) {
        self.send(
            &Request::Entry {
                index: index as u32,
            },
            None,
        );
    }

    /// Asks the worker which entries contain `text`; the answer arrives in
    /// [`Session::search_hits`].
    pub fn search(&self, text: String) {
        self.search_seq.update_value(|s| *s += 1);
        let seq = self.search_seq.get_value();
        self.send(&Request::Search { seq, text }, None);
    }

    fn on_reply(&self, data: &JsValue) {
        let (json, buffers, _) = protocol::parts(data);
        let reply = match serde_json::from_str::<Reply>(&json) {
            Ok(reply) => reply,
            Err(e) => {
                return self.phase.set(Phase::Failed(format!(
                    "unreadable message from the verifier worker: {e}"
                )))
            }
        };
        let current = |generation: u64| generation == self.generation.get_value();
        match reply {
            Reply::Progress {
                generation,
                progress,
            } if current(generation) => self.phase.set(Phase::Working(progress)),
            Reply::Read { generation, meta } if current(generation) => {
                let input = meta.input.clone();
                let decoded = ColumnData::from_buffers(&buffers)
                    .ok_or_else(|| "missing or torn column buffers".to_owned())
                    .and_then(|data| Columns::decode(meta, data));
                // Answers about the previous ledger may still arrive before this.
                self.detail.set(None);
                self.search_hits.set(None);
                match decoded {
                    Ok(columns) => self
                        .ledger
                        .set(Some(Arc::new(LedgerView { input, columns }))),
                    Err(e) => self.phase.set(Phase::Failed(format!(
                        "{}: the verifier worker sent bad columns: {e}",
                        input.name
                    ))),
                }
            }
            Reply::Verified { generation, meta } if current(generation) => {
                let statuses = buffers
                    .first()
                    .and_then(|b| protocol::statuses(&protocol::u8s(b)));
                let n = self
                    .ledger
                    .with_untracked(|l| l.as_ref().map(|l| l.columns.len()));
                match statuses {
                    Some(statuses) if Some(statuses.len()) == n => {
                        let mut entry_findings: HashMap<i64, Vec<FindingKind>> = HashMap::new();
                        for f in &meta.report.failures {
                            if let Some(id) = f.entry_id {
                                entry_findings.entry(id).or_default().push(f.kind);
                            }
                        }
                        self.verification.set(Some(Arc::new(Verification {
                            statuses,
                            entry_findings,
                            report: meta.report,
                            failing_entries: meta.failing_entries.into_iter().collect(),
                            keys: meta.keys,
                            witness: self.witness_trust.get_untracked(),
                            trust_inputs: meta.trust_inputs,
                            verified_at: String::from(js_sys::Date::new_0().to_iso_string()),
                            checkpoint: self.checkpoint.get_untracked(),
                            millis: meta.millis,
                            worker_memory: meta.worker_memory,
                            workers: meta.workers,
                            page_memory: protocol::memory_bytes(),
                        })));
                        self.phase.set(Phase::Done);
                    }
                    _ => self.phase.set(Phase::Failed(
                        "the verifier worker sent statuses that do not match the ledger".to_owned(),
                    )),
                }
            }
            Reply::Failed { generation, error } if current(generation) => {
                self.phase.set(Phase::Unreadable(error))
            }
            Reply::Entry(detail) => self.detail.set(detail.map(|d| Arc::new(*d))),
            Reply::Search { seq, text } if seq == self.search_seq.get_value() => {
                let hits = buffers.first().and_then(protocol::u32s).unwrap_or_default();
                self.search_hits.set(Some((text, Arc::new(hits))));
            }
            _ => {}
        }
    }
}

/// The number of verifying workers the page's address asks for (`?workers=K`).
fn requested_workers() -> Option<u32> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get("workers")?.parse().ok().filter(|&k| k >= 1)
}

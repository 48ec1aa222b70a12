//! The verifier worker: reads, parses and verifies a ledger with `nexuscone-core`
//! off the page's thread, keeps it, and answers the page's questions about it. The
//! messages and their encodings are in [`crate::protocol`], which also explains the
//! design.
//!
//! The worker gives its event loop a turn every [`SLICE_MS`], so the page's
//! requests for an entry's detail or a search are answered while a large ledger is
//! still being verified, and a newer job stops an older one. The independent checks
//! of the entries are shared with helper workers (`pool.rs`); this worker accepts
//! them in order.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{ArrayBuffer, Uint8Array};
use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::input::{
    DatabaseRows, ErrorKind, Format, Hint, InputError, LocatedError, Reader, Trust,
};
use nexuscone_core::merkle::MerkleTree;
use nexuscone_core::pool::{
    decode_checks, encode_entries, encode_keys, CheckedBatch, InOrder, Returns, BATCH_ENTRIES,
};
use nexuscone_core::report::{EntryStatus, Report};
use nexuscone_core::sqlite::PageSource;
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

use crate::blob_pages::BlobPages;
use crate::entry_detail::{self, Verified};
use crate::input::InputInfo;
use crate::ledger::Ledger;
use crate::pool::{helper_count, Pool, HELPER_NAME};
use crate::protocol::{
    self, Anchors, Columns, KeySource, Progress, Reply, Request, TrustInput, VerifiedMeta,
};

/// How long the worker works before giving its event loop a turn, in milliseconds.
const SLICE_MS: f64 = 50.0;

/// How much of the file is read at a time.
const CHUNK: u64 = 4 << 20;

/// Rows of a database read between looks at the clock.
const ROWS_AT_A_TIME: usize = 1024;

/// What to verify `ledger` against: the trust the page supplied, built fresh for
/// this ledger by core ([`Trust::verify_options`]), anchors' proofs checked by core's
/// own verifier with the Bitcoin headers and TSA roots given; where the signing keys
/// came from; and the checkpoint.
fn verify_options(ledger: &Ledger, anchors: Anchors) -> Result<Options, LocatedError> {
    let mut trust = Trust::new();
    if let Some(keys) = &anchors.trust {
        keys.add_to(&mut trust)?;
    }
    if let Some(keys) = &anchors.witness {
        keys.add_to(&mut trust)?;
    }
    if let Some(text) = &anchors.checkpoint {
        text.add_to(&mut trust)?;
    }
    for proof_trust in [&anchors.bitcoin_headers, &anchors.tsa_roots]
        .into_iter()
        .flatten()
    {
        proof_trust.add_to(&mut trust)?;
    }
    let options = trust.verify_options(&ledger.carried);
    let source = match anchors.trust {
        Some(keys) => KeySource::Trusted(keys),
        None if options.keys_self_asserted => KeySource::Ledger(ledger.carried.public_keys.clone()),
        None => KeySource::None,
    };
    let checkpoint = trust.checkpoint().map(|c| c.checkpoint.clone());
    let inputs = trust
        .sources()
        .iter()
        .map(|s| TrustInput {
            kind: s.kind.as_str().to_owned(),
            name: s.name.clone(),
            sha256: s.sha256.clone(),
        })
        .collect();
    Ok((options, source, checkpoint, inputs))
}

/// What [`verify_options`] found: the options, where the signing keys came from, the
/// checkpoint, and every trust input as core recorded it.
type Options = (
    VerifyOptions,
    KeySource,
    Option<Checkpoint>,
    Vec<TrustInput>,
);

/// Installs the message handler, the verifier's or, in a worker started as one of
/// its helpers, the helper's. Called once, by the worker binary's `main`.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    if scope.name() == HELPER_NAME {
        return crate::helper::start(scope);
    }
    let state = Rc::new(State {
        scope: scope.clone(),
        held: RefCell::new(None),
        generation: Cell::new(0),
        pool: RefCell::new(None),
        workers: Cell::new(None),
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        state.clone().handle(&e.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

/// A ledger and, once verified, what verification found.
struct Held {
    ledger: Rc<Ledger>,
    verified: Option<Rc<VerifiedLedger>>,
}

struct VerifiedLedger {
    report: Report,
    tree: Option<MerkleTree>,
    checkpoint: Option<Checkpoint>,
}

struct State {
    scope: DedicatedWorkerGlobalScope,
    held: RefCell<Option<Held>>,
    /// The job that may run: an older one stops at its next turn.
    generation: Cell<u64>,
    /// The helpers, once a job needed them. Never borrowed across an `await`.
    pool: RefCell<Option<Pool>>,
    /// Verifying workers in all, when the page asked for a number.
    workers: Cell<Option<u32>>,
}

/// A verification in progress: the checks received, in order, the statuses of
/// the entries accepted and the tree over them.
struct Progressing {
    job: u64,
    batches: usize,
    sent: usize,
    checks: InOrder<CheckedBatch>,
    statuses: Vec<EntryStatus>,
    /// The stored tree over the batches accepted so far (built where each batch was
    /// checked); `None` once a stored `entry_hash` is not hex.
    tree: Option<MerkleTree>,
}

/// What checking every row gives: each row's status and the stored tree.
struct Checked {
    statuses: Vec<EntryStatus>,
    tree: Option<MerkleTree>,
}

impl Progressing {
    /// Appends the tree of the batch accepted next; no tree for the whole ledger
    /// once a batch has none.
    fn grow_tree(&mut self, piece: Option<MerkleTree>) {
        self.tree = match (self.tree.take(), piece) {
            (Some(mut tree), Some(piece)) => tree.append_tree(piece).ok().map(|()| tree),
            _ => None,
        };
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn js_error(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

impl State {
    fn post(&self, reply: &Reply, buffers: &[ArrayBuffer]) {
        let json = serde_json::to_string(reply).unwrap_or_default();
        let (object, transfer) = protocol::message(&json, buffers, None);
        let _ = self.scope.post_message_with_transfer(&object, &transfer);
    }

    fn fail(&self, generation: u64, error: LocatedError) {
        self.post(&Reply::Failed { generation, error }, &[]);
    }

    fn current(&self, generation: u64) -> bool {
        self.generation.get() == generation
    }

    /// Gives the event loop a turn: queued requests are handled meanwhile.
    async fn turn(&self) {
        let scope = self.scope.clone();
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    fn handle(self: Rc<Self>, data: &JsValue) {
        let (json, _, blob) = protocol::parts(data);
        let request = match serde_json::from_str::<Request>(&json) {
            Ok(request) => request,
            Err(e) => {
                let error = LocatedError::new(ErrorKind::Usage, format!("bad request: {e}"));
                return self.fail(self.generation.get(), error);
            }
        };
        match request {
            Request::Workers { workers } => self.workers.set(Some(workers)),
            Request::Load {
                generation,
                name,
                anchors,
            } => {
                self.generation.set(generation);
                self.start_pool();
                *self.held.borrow_mut() = None;
                wasm_bindgen_futures::spawn_local(async move {
                    self.load(generation, name, blob, anchors).await;
                });
            }
            Request::Verify {
                generation,
                anchors,
            } => {
                self.generation.set(generation);
                let ledger = self.held.borrow_mut().as_mut().map(|held| {
                    held.verified = None;
                    held.ledger.clone()
                });
                match ledger {
                    Some(ledger) => wasm_bindgen_futures::spawn_local(async move {
                        self.verify(generation, ledger, anchors).await;
                    }),
                    None => self.fail(
                        generation,
                        LocatedError::new(ErrorKind::Usage, "no ledger is loaded"),
                    ),
                }
            }
            Request::Entry { index } => {
                let detail = self.held.borrow().as_ref().and_then(|held| {
                    let verified = held.verified.as_deref().map(|v| Verified {
                        report: &v.report,
                        tree: v.tree.as_ref(),
                        checkpoint: v.checkpoint.as_ref(),
                    });
                    entry_detail::build(&held.ledger, index as usize, verified.as_ref())
                });
                self.post(&Reply::Entry(detail.map(Box::new)), &[]);
            }
            Request::Search { seq, text } => {
                let hits = self
                    .held
                    .borrow()
                    .as_ref()
                    .map(|held| held.ledger.search(&text))
                    .unwrap_or_default();
                let buffer = protocol::u32_buffer(&hits);
                self.post(&Reply::Search { seq, text }, &[buffer]);
            }
        }
    }

    async fn load(
        self: Rc<Self>,
        generation: u64,
        name: String,
        blob: Option<Blob>,
        anchors: Anchors,
    ) {
        let read = match blob {
            Some(blob) => self.read(generation, &name, &blob).await,
            None => Err(LocatedError::new(
                ErrorKind::Usage,
                format!("{name}: no file came with the request"),
            )),
        };
        match read {
            Ok(None) => {}
            Ok(Some((ledger, _))) if ledger.rows.is_empty() => self.fail(
                generation,
                LocatedError::new(
                    ErrorKind::NotALedger,
                    format!("{name}: no ledger entries in this file"),
                ),
            ),
            Ok(Some((ledger, input))) => {
                let (meta, data) = Columns::encode(&ledger, input);
                self.post(&Reply::Read { generation, meta }, &data.to_buffers());
                let ledger = Rc::new(ledger);
                *self.held.borrow_mut() = Some(Held {
                    ledger: ledger.clone(),
                    verified: None,
                });
                self.verify(generation, ledger, anchors).await;
            }
            Err(error) => self.fail(generation, error),
        }
    }

    /// Reads and parses the file a chunk at a time, hashing it on the way. A JSONL
    /// export is parsed chunk by chunk and never held whole; a bundle is parsed once
    /// complete; a database's pages are read from the file as its rows are
    /// ([`BlobPages`]), so it is never held whole either. `Ok(None)`: a newer job
    /// took over.
    async fn read(
        &self,
        generation: u64,
        name: &str,
        blob: &Blob,
    ) -> Result<Option<(Ledger, InputInfo)>, LocatedError> {
        let cannot = |e: JsValue| {
            let message = format!("{name}: cannot read the file: {}", js_error(&e));
            LocatedError::new(ErrorKind::Io, message)
        };
        let reader = FileReaderSync::new().map_err(cannot)?;
        let total = blob.size() as u64;
        let bytes_of = |from: u64, to: u64| -> Result<Vec<u8>, LocatedError> {
            let part = blob
                .slice_with_f64_and_f64(from as f64, to as f64)
                .map_err(cannot)?;
            let buffer = reader.read_as_array_buffer(&part).map_err(cannot)?;
            Ok(Uint8Array::new(&buffer).to_vec())
        };
        let mut sha256 = Sha256::new();
        let mut input = Reader::new(Hint::from_name(name));
        let mut ledger = Ledger::default();
        let unreadable = |e: InputError| LocatedError::from(&e).in_input(name);
        let mut done = 0;
        let mut slice_started = now();
        while done < total {
            let end = (done + CHUNK).min(total);
            let bytes = bytes_of(done, end)?;
            sha256.update(&bytes);
            if input.format() != Some(Format::Sqlite) {
                input.feed(&bytes, &mut ledger).map_err(unreadable)?;
            }
            done = end;
            if now() - slice_started > SLICE_MS {
                if !self
                    .pause(generation, Progress::Reading { done, total })
                    .await
                {
                    return Ok(None);
                }
                slice_started = now();
            }
        }
        match input.format() {
            // Hashed above; its pages are read again from the file as its rows are.
            Some(Format::Sqlite) => {
                let pages = BlobPages::new(blob.clone(), FileReaderSync::new().map_err(cannot)?);
                if !self
                    .read_rows(generation, &pages, &mut ledger)
                    .await
                    .map_err(unreadable)?
                {
                    return Ok(None);
                }
            }
            _ => input.finish(&mut ledger).map_err(unreadable)?,
        }
        let format = ledger.format.unwrap_or(Format::Jsonl);
        let input = InputInfo {
            name: name.to_owned(),
            format,
            bytes: total,
            sha256: hex::encode(sha256.finalize()),
        };
        Ok(Some((ledger, input)))
    }

    /// Reads a database's rows from its pages into `ledger`, posting progress and
    /// giving the event loop a turn every [`SLICE_MS`]. `Ok(false)`: a newer job
    /// took over.
    async fn read_rows(
        &self,
        generation: u64,
        pages: &BlobPages,
        ledger: &mut Ledger,
    ) -> Result<bool, InputError> {
        let mut rows = DatabaseRows::open(pages, ledger)?;
        let mut slice_started = now();
        while rows.read(ROWS_AT_A_TIME, ledger)? {
            if now() - slice_started > SLICE_MS {
                let progress = Progress::ReadingEntries {
                    entries: ledger.rows.len() as u64,
                    reached: pages.reached(),
                    total: pages.size(),
                };
                if !self.pause(generation, progress).await {
                    return Ok(false);
                }
                slice_started = now();
            }
        }
        Ok(true)
    }

    /// Posts `progress` and gives the event loop a turn; false when a newer job
    /// took over meanwhile.
    async fn pause(&self, generation: u64, progress: Progress) -> bool {
        self.post(
            &Reply::Progress {
                generation,
                progress,
            },
            &[],
        );
        self.turn().await;
        self.current(generation)
    }

    /// Starts the helpers, unless they run. Without them every check runs here.
    fn start_pool(&self) {
        if self.pool.borrow().is_none() {
            let count = helper_count(&self.scope, self.workers.get());
            *self.pool.borrow_mut() = Pool::start(&self.scope, count).ok();
        }
    }

    async fn verify(&self, generation: u64, ledger: Rc<Ledger>, anchors: Anchors) {
        let (options, source, checkpoint, trust_inputs) = match verify_options(&ledger, anchors) {
            Ok(found) => found,
            Err(error) => return self.fail(generation, error),
        };
        self.start_pool();
        let mut verifier = ChainVerifier::new(options);
        let started = now();
        let Checked { statuses, tree } = match self
            .check_all(generation, &ledger, &mut verifier, started)
            .await
        {
            Ok(Some(checked)) => checked,
            Ok(None) => return,
            Err(message) => {
                return self.fail(generation, LocatedError::new(ErrorKind::Internal, message))
            }
        };
        let mut report = verifier.finish();
        if let Some(limit) = ledger.format.and_then(Format::limit) {
            report.add_limit(limit);
        }
        let mut failing_entries: Vec<_> = Vec::new();
        for finding in &report.failures {
            if let Some(id) = finding.entry_id {
                if !failing_entries.iter().any(|&(seen, _)| seen == id) {
                    failing_entries.push((id, finding.kind));
                }
            }
        }
        let millis = now() - started;
        let meta = VerifiedMeta {
            trust_inputs,
            report: report.clone(),
            keys: source,
            failing_entries,
            millis,
            worker_memory: protocol::memory_bytes() + self.pool_memory(),
            workers: self
                .pool
                .borrow()
                .as_ref()
                .map_or(1, |p| p.len() as u32 + 1),
        };
        if let Some(held) = self.held.borrow_mut().as_mut() {
            if Rc::ptr_eq(&held.ledger, &ledger) {
                held.verified = Some(Rc::new(VerifiedLedger {
                    report,
                    tree,
                    checkpoint,
                }));
            }
        }
        let buffers = [protocol::u8_buffer(&protocol::status_bytes(&statuses))];
        drop(statuses);
        self.post(
            &Reply::Verified {
                generation,
                meta: Box::new(meta),
            },
            &buffers,
        );
    }
}

impl State {
    fn pool_memory(&self) -> u64 {
        self.pool.borrow().as_ref().map_or(0, Pool::memory)
    }

    /// Checks every row and accepts it in order: batches go to idle helpers, this
    /// worker checks the next batch itself while they work, and gives its event
    /// loop a turn every [`SLICE_MS`] (or waits for a helper when every batch is
    /// out). `Ok(None)`: a newer job took over.
    async fn check_all(
        &self,
        generation: u64,
        ledger: &Ledger,
        verifier: &mut ChainVerifier,
        started: f64,
    ) -> Result<Option<Checked>, String> {
        let total = ledger.rows.len();
        let keys = encode_keys(verifier.keys());
        let job = self
            .pool
            .borrow_mut()
            .as_mut()
            .map_or(0, |p| p.begin(&keys));
        let mut run = Progressing {
            job,
            batches: total.div_ceil(BATCH_ENTRIES),
            sent: 0,
            checks: InOrder::new(),
            statuses: Vec::with_capacity(total),
            tree: Some(MerkleTree::new()),
        };
        let mut reported = f64::NEG_INFINITY;
        loop {
            if now() - reported >= SLICE_MS {
                self.post_verifying(generation, run.statuses.len(), total, started);
                reported = now();
            }
            let waiting = self.work_a_slice(&mut run, ledger, verifier)?;
            if run.statuses.len() == total {
                let (statuses, tree) = (run.statuses, run.tree);
                return Ok(Some(Checked { statuses, tree }));
            }
            let waiter = match waiting {
                true => self.pool.borrow().as_ref().map(Pool::waiter),
                false => None,
            };
            match waiter {
                Some(waiter) => waiter.wait(&self.scope, SLICE_MS).await,
                None => self.turn().await,
            }
            if !self.current(generation) {
                return Ok(None);
            }
        }
    }

    fn post_verifying(&self, generation: u64, done: usize, total: usize, started: f64) {
        let progress = Progress::Verifying {
            done: done as u64,
            total: total as u64,
            elapsed_ms: now() - started,
        };
        self.post(
            &Reply::Progress {
                generation,
                progress,
            },
            &[],
        );
    }

    /// One slice of work. `Ok(true)` when it stopped because every batch is out
    /// and the next to accept has not come back.
    fn work_a_slice(
        &self,
        run: &mut Progressing,
        ledger: &Ledger,
        verifier: &mut ChainVerifier,
    ) -> Result<bool, String> {
        let slice = now();
        loop {
            self.exchange(run, ledger)?;
            while let Some(batch) = run.checks.pop() {
                let start = run.statuses.len();
                let statuses = batch.accept(&ledger.rows[start..], verifier);
                run.statuses.extend(statuses);
                run.grow_tree(batch.into_tree());
            }
            if run.statuses.len() == ledger.rows.len() || now() - slice >= SLICE_MS {
                return Ok(false);
            }
            if run.sent == run.batches {
                return Ok(true);
            }
            let rows = batch_rows(ledger, run.sent);
            let id = run.sent as u64;
            let batch = CheckedBatch::compute(id, rows, verifier.keys(), Returns::ChecksAndTree);
            run.checks.insert(id, batch);
            run.sent += 1;
        }
    }

    /// Takes the helpers' answers, then hands batches to the helpers they left
    /// room with (in that order: a helper that has answered every batch it held
    /// gets more now, not after this worker's next slice).
    fn exchange(&self, run: &mut Progressing, ledger: &Ledger) -> Result<(), String> {
        let mut pool = self.pool.borrow_mut();
        let Some(pool) = pool.as_mut() else {
            return Ok(());
        };
        while let Some(answer) = pool.take() {
            if answer.reply.job != run.job {
                continue;
            }
            if let Some(error) = answer.reply.error {
                return Err(error);
            }
            let batch = decode_checks(&answer.checks).map_err(|e| e.to_string())?;
            let (id, expected) = (batch.id, batch_rows(ledger, batch.id as usize).len());
            if batch.checks.len() != expected || !run.checks.insert(id, batch) {
                return Err(format!(
                    "a helper answered batch {id} twice or with the wrong number of checks"
                ));
            }
        }
        while let (true, Some(helper)) = (run.sent < run.batches, pool.idle()) {
            let rows = batch_rows(ledger, run.sent);
            let entries = rows.iter().map(|r| &r.entry);
            let batch = encode_entries(run.sent as u64, Returns::ChecksAndTree, entries);
            pool.send(helper, run.job, &batch);
            run.sent += 1;
        }
        Ok(())
    }
}

/// The rows of batch `index`.
fn batch_rows(ledger: &Ledger, index: usize) -> &[nexuscone_core::export::Row] {
    let start = (index * BATCH_ENTRIES).min(ledger.rows.len());
    &ledger.rows[start..(start + BATCH_ENTRIES).min(ledger.rows.len())]
}

//! The verifier worker: reads, parses and verifies a ledger with `nexuscone-core`
//! off the page's thread, keeps it, and answers the page's questions about it. The
//! messages and their encodings are in [`crate::protocol`], which also explains the
//! design.
//!
//! The worker gives its event loop a turn every [`SLICE_MS`], so the page's
//! requests for an entry's detail or a search are answered while a large ledger is
//! still being verified, and a newer job stops an older one.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{ArrayBuffer, Uint8Array};
use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::input::{ErrorKind, Format, Hint, InputError, LocatedError, Reader, Trust};
use nexuscone_core::merkle::{entry_leaf_hex, MerkleTree};
use nexuscone_core::report::Report;
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

use crate::entry_detail::{self, Verified};
use crate::input::InputInfo;
use crate::ledger::Ledger;
use crate::protocol::{
    self, Anchors, Columns, KeySource, Progress, Reply, Request, TrustInput, VerifiedMeta,
};

/// How long the worker works before giving its event loop a turn, in milliseconds.
const SLICE_MS: f64 = 50.0;

/// How much of the file is read at a time.
const CHUNK: u64 = 4 << 20;

/// What to verify `ledger` against: the trust the page supplied, built fresh for
/// this ledger by core ([`Trust::verify_options`]); where the signing keys came from;
/// and the checkpoint.
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
    let options = trust
        .verify_options(&ledger.carried)
        .map_err(|e| LocatedError::from(&e))?;
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

/// Installs the message handler. Called once, by the worker binary's `main`.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let state = Rc::new(State {
        scope: scope.clone(),
        held: RefCell::new(None),
        generation: Cell::new(0),
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
            Request::Load {
                generation,
                name,
                anchors,
            } => {
                self.generation.set(generation);
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
    /// export is parsed chunk by chunk and never held whole; a bundle or a database
    /// is parsed once complete. `Ok(None)`: a newer job took over.
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
            input.feed(&bytes, &mut ledger).map_err(unreadable)?;
            done = end;
            if now() - slice_started > SLICE_MS {
                let progress = Progress::Reading { done, total };
                self.post(
                    &Reply::Progress {
                        generation,
                        progress,
                    },
                    &[],
                );
                self.turn().await;
                if !self.current(generation) {
                    return Ok(None);
                }
                slice_started = now();
            }
        }
        input.finish(&mut ledger).map_err(unreadable)?;
        let format = ledger.format.unwrap_or(Format::Jsonl);
        let input = InputInfo {
            name: name.to_owned(),
            format,
            bytes: total,
            sha256: hex::encode(sha256.finalize()),
        };
        Ok(Some((ledger, input)))
    }

    async fn verify(&self, generation: u64, ledger: Rc<Ledger>, anchors: Anchors) {
        let (options, source, checkpoint, trust_inputs) = match verify_options(&ledger, anchors) {
            Ok(found) => found,
            Err(error) => return self.fail(generation, error),
        };
        let mut verifier = ChainVerifier::new(options);
        let total = ledger.rows.len();
        let mut statuses = Vec::with_capacity(total);
        let started = now();
        loop {
            let progress = Progress::Verifying {
                done: statuses.len() as u64,
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
            let slice = now();
            while statuses.len() < total && now() - slice < SLICE_MS {
                let end = (statuses.len() + 256).min(total);
                for row in &ledger.rows[statuses.len()..end] {
                    statuses.push(verifier.push_row(row));
                }
            }
            if statuses.len() == total {
                break;
            }
            self.turn().await;
            if !self.current(generation) {
                return;
            }
        }
        let mut report = verifier.finish();
        if let Some(limit) = ledger.format.and_then(Format::limit) {
            report.add_limit(limit);
        }
        let tree = ledger
            .rows
            .iter()
            .map(|r| entry_leaf_hex(&r.entry.entry_hash))
            .collect::<Option<Vec<_>>>()
            .map(MerkleTree::from_leaves);
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
            worker_memory: protocol::memory_bytes(),
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

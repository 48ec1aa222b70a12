//! The verifier worker's helpers: workers that run the independent checks of
//! batches of entries (`nexuscone_core::pool`) while the verifier worker reads,
//! accepts the checks in order and answers the page.
//!
//! The verifier worker starts `min(hardwareConcurrency - 1, 8)` helpers (at least
//! one; the page's `?workers=K` asks for `K - 1`, so `?workers=1` verifies in the
//! one worker as before) from its own script, named [`HELPER_NAME`] so that they
//! install the helper's handler (`helper.rs`). It keeps [`IN_FLIGHT`] batches with
//! each helper and checks batches itself while it waits, so that on two cores the
//! two workers share the checks.
//!
//! A message is a protocol object (`protocol::message`): [`ToHelper`] or
//! [`FromHelper`] as JSON and one transferred buffer (a key ring, a batch of
//! entries, or its checks, in core's layouts). A job number in each lets the
//! verifier worker drop the checks of a job it has replaced; helpers outlive jobs.
//! Terminating the verifier worker (Cancel) terminates its helpers.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{ArrayBuffer, Function, Promise};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, Event, MessageEvent, Worker, WorkerOptions};

use crate::protocol;

/// The name helpers are started with: it tells the script which handler to install.
pub const HELPER_NAME: &str = "nexuscone-helper";

/// Batches out with each helper at a time: one to check and two waiting, so that a
/// helper does not idle while its answer travels and the verifier worker finishes
/// a batch of its own before it hands out more (docs/PERFORMANCE.md compares 2).
const IN_FLIGHT: usize = 3;

/// At most this many helpers, whatever the machine.
const MAX_HELPERS: usize = 8;

/// From the verifier worker to a helper.
#[derive(Debug, Serialize, Deserialize)]
pub enum ToHelper {
    /// The key ring of job `job` (core's `pool::encode_keys`) is the buffer.
    Keys {
        /// The job number.
        job: u64,
    },
    /// A batch of entries (core's `pool::encode_entries`) is the buffer.
    Batch {
        /// The job number.
        job: u64,
    },
}

/// From a helper: the checks of a batch (core's `pool::CheckedBatch::encode`), or why
/// there are none.
#[derive(Debug, Serialize, Deserialize)]
pub struct FromHelper {
    /// The job number of the batch.
    pub job: u64,
    /// The helper's WebAssembly memory, in bytes.
    pub memory: u64,
    /// Set when the batch (or the key ring before it) could not be read.
    pub error: Option<String>,
}

/// A helper's answer, as received.
pub struct Answer {
    /// Which helper answered.
    pub helper: usize,
    /// What it said.
    pub reply: FromHelper,
    /// The checks, when there is no error.
    pub checks: Vec<u8>,
}

struct Helper {
    worker: Worker,
    in_flight: usize,
    memory: u64,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

/// Answers received and not yet taken, the waiter to wake when one comes, and the
/// job running (a helper that stops fails it).
#[derive(Default)]
struct Inbox {
    answers: VecDeque<Answer>,
    wake: Option<Function>,
    job: u64,
}

impl Inbox {
    fn push(&mut self, answer: Answer) {
        self.answers.push_back(answer);
        if let Some(wake) = self.wake.take() {
            let _ = wake.call0(&JsValue::UNDEFINED);
        }
    }
}

/// The helpers of one verifier worker.
pub struct Pool {
    helpers: Vec<Helper>,
    inbox: Rc<RefCell<Inbox>>,
    next_job: u64,
}

/// How many helpers to start: `requested` verifying workers in all when the page
/// asked, otherwise one per core beside this one, at most [`MAX_HELPERS`].
pub fn helper_count(scope: &DedicatedWorkerGlobalScope, requested: Option<u32>) -> usize {
    match requested {
        Some(workers) => (workers.max(1) as usize - 1).min(MAX_HELPERS),
        None => {
            let cores = scope.navigator().hardware_concurrency() as usize;
            cores.saturating_sub(1).clamp(1, MAX_HELPERS)
        }
    }
}

impl Pool {
    /// Starts `count` helpers from this worker's own script.
    ///
    /// # Errors
    /// When a worker cannot be started.
    pub fn start(scope: &DedicatedWorkerGlobalScope, count: usize) -> Result<Pool, JsValue> {
        let script = scope.location().href();
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        let helpers = (0..count)
            .map(|index| Helper::start(&script, index, inbox.clone()))
            .collect::<Result<_, _>>()?;
        Ok(Pool {
            helpers,
            inbox,
            next_job: 0,
        })
    }

    /// The number of helpers.
    pub fn len(&self) -> usize {
        self.helpers.len()
    }

    /// Starts a job: every helper gets the key ring. Returns the job number.
    pub fn begin(&mut self, keys: &[u8]) -> u64 {
        self.next_job += 1;
        self.inbox.borrow_mut().job = self.next_job;
        for helper in &self.helpers {
            helper.post(&ToHelper::Keys { job: self.next_job }, keys);
        }
        self.next_job
    }

    /// A helper with room for another batch, if any.
    pub fn idle(&self) -> Option<usize> {
        self.helpers.iter().position(|h| h.in_flight < IN_FLIGHT)
    }

    /// Hands `batch` (encoded entries) of job `job` to helper `index`.
    pub fn send(&mut self, index: usize, job: u64, batch: &[u8]) {
        let helper = &mut self.helpers[index];
        helper.post(&ToHelper::Batch { job }, batch);
        helper.in_flight += 1;
    }

    /// The next answer received, of any job.
    pub fn take(&mut self) -> Option<Answer> {
        let answer = self.inbox.borrow_mut().answers.pop_front()?;
        let helper = &mut self.helpers[answer.helper];
        helper.in_flight = helper.in_flight.saturating_sub(1);
        helper.memory = helper.memory.max(answer.reply.memory);
        Some(answer)
    }

    /// The helpers' WebAssembly memory, in bytes, as they last told it.
    pub fn memory(&self) -> u64 {
        self.helpers.iter().map(|h| h.memory).sum()
    }

    /// What waits for the next answer.
    pub fn waiter(&self) -> Waiter {
        Waiter(self.inbox.clone())
    }
}

/// Waits for a helper's answer without borrowing the [`Pool`], so that the pool can
/// be used (by a newer job) meanwhile.
pub struct Waiter(Rc<RefCell<Inbox>>);

impl Waiter {
    /// Waits until an answer arrives or `millis` pass; the event loop runs meanwhile.
    pub async fn wait(self, scope: &DedicatedWorkerGlobalScope, millis: f64) {
        if !self.0.borrow().answers.is_empty() {
            return;
        }
        let promise = Promise::new(&mut |resolve, _reject| {
            let _ = scope
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis as i32);
            self.0.borrow_mut().wake = Some(resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        self.0.borrow_mut().wake = None;
    }
}

impl Helper {
    fn start(script: &str, index: usize, inbox: Rc<RefCell<Inbox>>) -> Result<Helper, JsValue> {
        let options = WorkerOptions::new();
        options.set_name(HELPER_NAME);
        let worker = Worker::new_with_options(script, &options)?;
        let stopped = inbox.clone();
        let on_error = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            // Its batches will never come back: the running job fails.
            let mut inbox = stopped.borrow_mut();
            let reply = FromHelper {
                job: inbox.job,
                memory: 0,
                error: Some(format!(
                    "helper {index} stopped (it could not start, or ran out of memory)"
                )),
            };
            inbox.push(Answer {
                helper: index,
                reply,
                checks: Vec::new(),
            });
        });
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let (json, buffers, _) = protocol::parts(&e.data());
            let reply = serde_json::from_str::<FromHelper>(&json).unwrap_or_else(|e| FromHelper {
                job: 0,
                memory: 0,
                error: Some(format!("bad message from a helper: {e}")),
            });
            let checks = buffers.first().map(protocol::u8s).unwrap_or_default();
            inbox.borrow_mut().push(Answer {
                helper: index,
                reply,
                checks,
            });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Helper {
            worker,
            in_flight: 0,
            memory: 0,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    fn post(&self, message: &ToHelper, bytes: &[u8]) {
        let json = serde_json::to_string(message).unwrap_or_default();
        let buffer: ArrayBuffer = protocol::u8_buffer(bytes);
        let (object, transfer) = protocol::message(&json, &[buffer], None);
        let _ = self.worker.post_message_with_transfer(&object, &transfer);
    }
}

//! A helper of the verifier worker (`pool.rs`): it checks the batches of entries it
//! is sent with core's `pool::check_entries` and sends back their checks. It keeps
//! the latest job's key ring, and with it the per-key tables core builds as a key
//! signs entries.

use std::cell::RefCell;

use nexuscone_core::pool::{check_entries, decode_keys};
use nexuscone_core::signature::KeyRing;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::pool::{FromHelper, ToHelper};
use crate::protocol;

/// Installs the helper's message handler.
pub fn start(scope: DedicatedWorkerGlobalScope) {
    let ring: RefCell<Result<KeyRing, String>> = RefCell::new(Ok(KeyRing::new()));
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let (json, buffers, _) = protocol::parts(&e.data());
        let bytes = buffers.first().map(protocol::u8s).unwrap_or_default();
        let (job, checks) = match serde_json::from_str::<ToHelper>(&json) {
            Ok(ToHelper::Keys { .. }) => {
                *ring.borrow_mut() = decode_keys(&bytes).map_err(|e| e.to_string());
                return;
            }
            Ok(ToHelper::Batch { job }) => (job, check(&ring.borrow(), &bytes)),
            Err(e) => (0, Err(format!("bad message to a helper: {e}"))),
        };
        let (error, buffers) = match checks {
            Ok(checks) => (None, vec![protocol::u8_buffer(&checks)]),
            Err(error) => (Some(error), Vec::new()),
        };
        let reply = FromHelper {
            job,
            memory: protocol::memory_bytes(),
            error,
        };
        let json = serde_json::to_string(&reply).unwrap_or_default();
        let (object, transfer) = protocol::message(&json, &buffers, None);
        let _ = reply_scope.post_message_with_transfer(&object, &transfer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

fn check(ring: &Result<KeyRing, String>, batch: &[u8]) -> Result<Vec<u8>, String> {
    let ring = ring.as_ref().map_err(Clone::clone)?;
    check_entries(ring, batch).map_err(|e| e.to_string())
}

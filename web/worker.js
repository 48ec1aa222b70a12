// Starts the verifier worker (src/worker.rs). A classic worker: Trunk builds it with
// wasm-bindgen's no-modules target, which defines `wasm_bindgen` here. Paths are
// relative to this file, so the site works under any sub-path. Messages that arrive
// while the WebAssembly loads are kept and handed over in order once it runs.
'use strict';
importScripts('./nexuscone-worker.js');
const early = [];
const keep = (e) => early.push(e);
self.onmessage = keep;
wasm_bindgen({ module_or_path: './nexuscone-worker_bg.wasm' }).then(() => {
  if (self.onmessage !== keep) for (const e of early.splice(0)) self.onmessage(e);
});

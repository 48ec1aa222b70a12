// Browser and bundler entry: call `await init()` once before anything else. By
// default the .wasm is fetched from next to this file (`new URL(..., import.meta.url)`,
// which Vite, webpack 5 and esbuild understand); pass a URL, Response, bytes or a
// compiled WebAssembly.Module to load it from elsewhere. Anchor proofs (OpenTimestamps,
// RFC 3161) are checked by a second module, loaded by `await initAnchors()`; until then
// they are reported not checked.

import initWasm from './wasm/nexuscone_wasm.js';
import { markReady, setAnchors } from './state.js';

export * from './api.js';

let loading;

export function init(input) {
  loading ??= (async () => {
    const source = input ?? new URL('./wasm/nexuscone_wasm_bg.wasm', import.meta.url);
    await initWasm({ module_or_path: source });
    markReady();
  })();
  return loading;
}

let loadingAnchors;

export function initAnchors(input) {
  loadingAnchors ??= (async () => {
    const glue = await import('./wasm-anchors/nexuscone_anchors.js');
    const source = input ?? new URL('./wasm-anchors/nexuscone_anchors_bg.wasm', import.meta.url);
    await glue.default({ module_or_path: source });
    setAnchors(() => glue.AnchorProofs);
  })();
  return loadingAnchors;
}

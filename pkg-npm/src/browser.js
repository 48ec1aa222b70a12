// Browser and bundler entry: call `await init()` once before anything else. By
// default the .wasm is fetched from next to this file (`new URL(..., import.meta.url)`,
// which Vite, webpack 5 and esbuild understand); pass a URL, Response, bytes or a
// compiled WebAssembly.Module to load it from elsewhere.

import initWasm from './wasm/nexuscone_wasm.js';
import { markReady } from './state.js';

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

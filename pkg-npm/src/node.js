// Node.js entry: instantiates the wasm synchronously at import, so every function
// is usable right away. `init()` exists for code shared with browsers.

import { readFileSync } from 'node:fs';
import { initSync } from './wasm/nexuscone_wasm.js';
import { markReady } from './state.js';

initSync({ module: readFileSync(new URL('./wasm/nexuscone_wasm_bg.wasm', import.meta.url)) });
markReady();

export * from './api.js';

export async function init() {}

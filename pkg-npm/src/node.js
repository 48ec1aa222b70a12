// Node.js entry: instantiates the wasm synchronously at import, so every function
// is usable right away. `init()` exists for code shared with browsers.

import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/nexuscone_wasm.js';
import { markReady, setRandom } from './state.js';

initSync({ module: readFileSync(new URL('./wasm/nexuscone_wasm_bg.wasm', import.meta.url)) });
setRandom((n) => webcrypto.getRandomValues(new Uint8Array(n)));
markReady();

export * from './api.js';

export async function init() {}

// Node.js entry: instantiates the wasm synchronously at load, so every function is
// usable right away. `init()` exists for code shared with browsers. scripts/build.sh
// bundles it into dist/node.cjs (CommonJS, for `require`), which dist/node.js
// re-exports for `import`.

import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/nexuscone_wasm.js';
import { markReady, setRandom } from './state.js';

initSync({ module: readFileSync(new URL('./wasm/nexuscone_wasm_bg.wasm', import.meta.url)) });
setRandom((n) => webcrypto.getRandomValues(new Uint8Array(n)));
markReady();

export * from './api.js';
export { verifyFile } from './file.js';

export async function init() {}

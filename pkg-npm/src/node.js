// Node.js entry: instantiates the wasm synchronously at load, so every function is
// usable right away. The anchors module is instantiated synchronously too, the first
// time a ledger carries anchors or `bitcoinHeaders` or `tsaRoots` is given. `init()`
// and `initAnchors()` exist for code shared with browsers. scripts/build.sh bundles it
// into dist/node.cjs (CommonJS, for `require`), which dist/node.js re-exports for `import`.

import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/nexuscone_wasm.js';
import { anchorProofsSync } from './anchors-node.js';
import { markReady, setRandom, setAnchors } from './state.js';

initSync({ module: readFileSync(new URL('./wasm/nexuscone_wasm_bg.wasm', import.meta.url)) });
setRandom((n) => webcrypto.getRandomValues(new Uint8Array(n)));
markReady();

setAnchors(anchorProofsSync);

export * from './api.js';
export { verifyFile, merkleRootThreaded } from './file.js';

export async function init() {}

export async function initAnchors() {}

// Node.js: the anchors module (wasm-anchors/), instantiated synchronously the first time
// a ledger carries anchors or anchor trust inputs are given (see state.js).
import { readFileSync } from 'node:fs';
import { initSync, AnchorProofs } from './wasm-anchors/nexuscone_anchors.js';

let loaded = false;

export function anchorProofsSync() {
  if (!loaded) {
    initSync({ module: readFileSync(new URL('./wasm-anchors/nexuscone_anchors_bg.wasm', import.meta.url)) });
    loaded = true;
  }
  return AnchorProofs;
}

// Whether the entry point has instantiated the wasm module, and the platform's
// CSPRNG (format-3 salts; Node 18 has no global `crypto`, so node.js sets it).
let ready = false;
let random = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));

export function markReady() {
  ready = true;
}

export function isReady() {
  return ready;
}

export function setRandom(fn) {
  random = fn;
}

export function randomBytes(n) {
  return random(n);
}

// The anchors module (wasm-anchors/): a function giving its `AnchorProofs` class, or
// `null` while it is not loaded. Node.js sets one that loads it synchronously on first
// use; browsers set it once `initAnchors()` has loaded it.
let anchors = () => null;

export function setAnchors(fn) {
  anchors = fn;
}

export function anchorProofsClass() {
  return anchors();
}

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

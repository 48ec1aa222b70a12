// Whether the entry point has instantiated the wasm module.
let ready = false;

export function markReady() {
  ready = true;
}

export function isReady() {
  return ready;
}

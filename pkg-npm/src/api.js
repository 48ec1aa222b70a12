// The public API over the wasm-bindgen glue: argument normalisation (strings to
// UTF-8 bytes), error classes, and the async streaming wrapper. No rules live here.

import * as wasm from './wasm/nexuscone_wasm.js';
import { StateError, InvalidInputError, toNexusconeError } from './errors.js';
import { isReady, randomBytes } from './state.js';
import { bytes, packHashes, withProofVerifier } from './options.js';

export * from './errors.js';

const encoder = new TextEncoder();


function call(fn, ...args) {
  if (!isReady()) {
    throw new StateError(
      'nexuscone: the WebAssembly module is not initialised; await init() first',
      'NOT_INITIALIZED',
    );
  }
  try {
    return fn(...args);
  } catch (error) {
    throw toNexusconeError(error);
  }
}

export function canonicalJson(value) {
  return call(wasm.canonicalJson, value);
}

export function canonicalize(jsonText) {
  return call(wasm.canonicalize, bytes(jsonText, 'jsonText'));
}

export function sha256Hex(data) {
  return call(wasm.sha256Hex, bytes(data, 'data'));
}

export function computeEntryHash(row) {
  return call(wasm.computeEntryHash, row);
}

export function diagnoseDrift(row) {
  return call(wasm.diagnoseDrift, row);
}

// Large inputs are handed to the wasm in runs of about this many bytes: many short
// wasm calls, so that V8 replaces its baseline code with optimised code after the
// first few (it cannot while one long call runs), and wasm memory holds one run of a
// JSONL export. Where a run ends does not matter: core splits lines across runs.
const RUN = 1 << 20;

// A run of text is encoded into this reused buffer: `encodeInto` is several times
// faster than `encode`, which allocates (3.5x in Chromium 156, 10x in Node 20).
let scratch = new Uint8Array(0);

function encodeRun(text) {
  if (text.length > 4 * RUN) return encoder.encode(text);
  // UTF-8 needs at most 3 bytes per UTF-16 code unit, so the whole run always fits.
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  return scratch.subarray(0, encoder.encodeInto(text, scratch).written);
}

// A text run must not end between the halves of a surrogate pair: each half alone
// would be encoded as U+FFFD.
function runEnd(text, start) {
  const end = Math.min(start + RUN, text.length);
  const last = text.charCodeAt(end - 1);
  return end < text.length && last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}

function verifyInRuns(input, options) {
  const stream = new wasm.ChainStream(options);
  try {
    if (typeof input === 'string') {
      for (let start = 0, end; start < input.length; start = end) {
        end = runEnd(input, start);
        stream.push(encodeRun(input.slice(start, end)));
      }
    } else {
      for (let start = 0; start < input.length; start += RUN) {
        stream.push(input.subarray(start, start + RUN));
      }
    }
    return stream.finish();
  } finally {
    stream.free();
  }
}

export function verifyChain(input, options = {}) {
  options = call(withProofVerifier, options);
  if (input instanceof ArrayBuffer) input = new Uint8Array(input);
  if (typeof input === 'string' || input instanceof Uint8Array) {
    if (input.length > RUN) return call(verifyInRuns, input, options);
    return call(wasm.verifyChain, bytes(input, 'input'), options);
  }
  return call(wasm.verifyChain, input, options);
}

export function verifyInput(input, options = {}, fileName = undefined) {
  return call(wasm.verifyInput, bytes(input, 'input'), call(withProofVerifier, options), fileName ?? undefined);
}

export function detectFormat(input) {
  return call(wasm.detectFormat, bytes(input, 'input')) ?? null;
}

export async function verifyChainStream(chunks, options = {}, onProgress) {
  const stream = call(() => new wasm.ChainStream(withProofVerifier(options)));
  // A text chunk that ends inside a surrogate pair keeps its high surrogate for the
  // next one: encoded alone, each half would become U+FFFD.
  let held = '';
  const push = (text) => call(() => stream.push(encodeRun(text)));
  try {
    for await (const chunk of chunks) {
      if (typeof chunk === 'string') {
        const text = held + chunk;
        const last = text.charCodeAt(text.length - 1);
        held = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
        // Encoded into the reused scratch buffer: push copies the bytes.
        push(held ? text.slice(0, -1) : text);
      } else {
        call(() => stream.push(bytes(chunk, 'chunk')));
      }
      if (onProgress) onProgress({ entries: stream.entries, bytes: stream.bytes });
    }
    if (held) push(held);
    return call(() => stream.finish());
  } finally {
    stream.free();
  }
}

export function verifyBundle(bundle, options = {}) {
  return call(wasm.verifyBundle, bytes(bundle, 'bundle'), options ?? {});
}

function ledgerInput(input) {
  return typeof input === 'string' || input instanceof ArrayBuffer ? bytes(input, 'input') : input;
}

export function redact(input, options) {
  return call(wasm.redact, ledgerInput(input), options ?? {});
}

export class ChainWriter {
  #inner;

  constructor(options = {}) {
    this.#inner = call(() => new wasm.ChainWriter(options ?? {}));
  }

  append(entry) {
    // Core has no randomness: a format-3 salt comes from the platform's CSPRNG.
    const salt = this.#inner.formatVersion === 3 ? randomBytes(32) : undefined;
    return call(() => this.#inner.append(entry, salt));
  }

  get publicKeyHex() {
    return this.#inner.publicKeyHex ?? null;
  }

  get formatVersion() {
    return this.#inner.formatVersion;
  }

  free() {
    this.#inner.free();
  }
}

// Calls `packed(hex, ...args)` when `hashes` pack; when they do not, or a hash is
// not hex, calls `unpacked()`, whose error names the argument or element.
function viaPacked(hashes, packed, args, unpacked) {
  const hex = packHashes(hashes);
  if (hex) {
    try {
      return call(packed, hex, ...args);
    } catch (error) {
      if (error.code !== 'INVALID_HASH') throw error;
    }
  }
  return unpacked();
}

function withHashes(fn, entryHashes, ...args) {
  if (!Array.isArray(entryHashes)) return call(fn, entryHashes, ...args);
  return viaPacked(entryHashes, (hex, ...rest) => fn({ hex }, ...rest), args, () => call(fn, entryHashes, ...args));
}

// A proof's numbers and hashes, packed: `[first, second]` are the two leading hashes
// (root and entry hash, or old and new root), then the path.
function verifyProof(packed, unpacked, first, second, proof, [a, b]) {
  const plain = proof !== null && typeof proof === 'object' && Array.isArray(proof.path)
    && typeof proof[a] === 'number' && typeof proof[b] === 'number';
  if (!plain) return unpacked();
  const outcome = (message) => ({ valid: message === undefined, message: message ?? null });
  return viaPacked([first, second, ...proof.path], (hex) => outcome(packed(hex, proof[a], proof[b])), [], unpacked);
}

export function merkleRoot(entryHashes, size) {
  return withHashes(wasm.merkleRoot, entryHashes, size);
}

export function inclusionProof(entryHashes, index, size) {
  return withHashes(wasm.inclusionProof, entryHashes, index, size);
}

export function verifyInclusion(root, entryHash, proof) {
  return verifyProof(wasm.verifyInclusionPacked, () => call(wasm.verifyInclusion, root, entryHash, proof),
    root, entryHash, proof, ['leafIndex', 'treeSize']);
}

export function consistencyProof(entryHashes, oldSize, newSize) {
  return withHashes(wasm.consistencyProof, entryHashes, oldSize, newSize);
}

export function verifyConsistency(oldRoot, newRoot, proof) {
  return verifyProof(wasm.verifyConsistencyPacked, () => call(wasm.verifyConsistency, oldRoot, newRoot, proof),
    oldRoot, newRoot, proof, ['oldSize', 'newSize']);
}

export function signCheckpoint(checkpoint, signerKeys) {
  return call(wasm.signCheckpoint, checkpoint, signerKeys);
}

export function verifyCheckpoint(note, verifierKeys, origin) {
  if (typeof note !== 'string' || typeof origin !== 'string') {
    throw new InvalidInputError('verifyCheckpoint: note and origin must be strings', 'INVALID_INPUT');
  }
  return call(wasm.verifyCheckpoint, note, verifierKeys, origin);
}

export function supportedFormatVersions() {
  return Array.from(call(wasm.supportedFormatVersions));
}

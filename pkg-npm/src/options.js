// Options and values on their way to the main module (wasm/src/convert.rs), shared by
// the API (api.js) and verifyFile (file.js): strings to UTF-8 bytes, hex hashes packed,
// and the anchor trust inputs handed to the anchors module. No rules live here.

import { StateError, InvalidInputError } from './errors.js';
import { anchorProofsClass } from './state.js';

const encoder = new TextEncoder();

export function bytes(input, what) {
  if (typeof input === 'string') return encoder.encode(input);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  throw new InvalidInputError(`${what}: expected a string or a Uint8Array`, 'INVALID_INPUT');
}

// Hex hashes cross into wasm as the bytes of their join (one native encode and one
// copy instead of a conversion per hash), or `null` when they are not all strings
// of 64 characters. One byte per character: hex is ASCII, and a non-ASCII character
// leaves zero bytes at the end, which are not hex. (`encodeInto` an array of known
// size is several times faster than `encode` in Chromium.)
export function packHashes(hashes) {
  if (!hashes.every((h) => typeof h === 'string' && h.length === 64)) return null;
  const joined = hashes.join('');
  const hex = new Uint8Array(joined.length);
  encoder.encodeInto(joined, hex);
  return hex;
}

const PROOF_VERIFIER = Symbol.for('nexuscone.proofVerifier');

const given = (value) => value !== undefined && value !== null;

// The options as the main module takes them (wasm/src/convert.rs): `bitcoinHeaders` and
// `tsaRoots` go to the anchors module's `AnchorProofs`, which reads them (and throws
// naming the line), and a function hands it each anchor row and the tracks back. Without
// them it is made on the first anchor, so Node.js loads that module only for ledgers
// with anchors.
export function withProofVerifier(options) {
  const { bitcoinHeaders, tsaRoots, ...rest } = options ?? {};
  const headers = given(bitcoinHeaders) ? bytes(bitcoinHeaders, 'options.bitcoinHeaders') : undefined;
  const roots = given(tsaRoots) ? bytes(tsaRoots, 'options.tsaRoots') : undefined;
  let proofs;
  const proofsOrNull = () => {
    const AnchorProofs = anchorProofsClass();
    if (AnchorProofs) proofs ??= new AnchorProofs(headers, 'options.bitcoinHeaders', roots, 'options.tsaRoots');
    return proofs ?? null;
  };
  if ((headers || roots) && !proofsOrNull()) {
    throw new StateError(
      'nexuscone: options.bitcoinHeaders and options.tsaRoots need the anchors module; await initAnchors() first',
      'NOT_INITIALIZED',
    );
  }
  rest[PROOF_VERIFIER] = (row, head) => proofsOrNull()?.tracks(row, head);
  return rest;
}

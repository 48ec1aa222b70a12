// A pure-JavaScript port for browsers: the old approach (port.mjs) over
// @noble/hashes SHA-256 and @noble/ed25519 (synchronous, with noble's SHA-512).
// Bench-only: the noble packages are installed into .cache/noble by bench/run.sh,
// never dependencies of the package.
import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { oldPort } from './port.mjs';

ed.hashes.sha512 = sha512;

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

export const { canonicalJson, sha256Hex, computeEntryHash, verifyChain, merkleRoot, verifyInclusion } = oldPort({
  sha256Hex: (text) => bytesToHex(sha256(utf8ToBytes(text))),
  publicKey: (hex) => hexToBytes(hex),
  verify: (key, message, signatureHex) => ed.verify(hexToBytes(signatureHex), utf8ToBytes(message), key),
  leaf: (hex) => sha256(concat(LEAF, hexToBytes(hex))),
  node: (left, right) => sha256(concat(NODE, left, right)),
  empty: () => sha256(new Uint8Array(0)),
  hex: bytesToHex,
  bytes: hexToBytes,
});

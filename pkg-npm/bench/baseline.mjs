// The benchmark baseline: the old approach (port.mjs) over node:crypto, as the
// TypeScript ports ran it in Node (native SHA-256 and Ed25519, key objects built once).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { oldPort } from './port.mjs';

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const { canonicalJson, sha256Hex, computeEntryHash, verifyChain, merkleRoot, verifyInclusion } = oldPort({
  sha256Hex: (text) => createHash('sha256').update(text).digest('hex'),
  publicKey: (hex) => createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' }),
  verify: (key, message, signatureHex) => verify(null, Buffer.from(message), key, Buffer.from(signatureHex, 'hex')),
  leaf: (hex) => createHash('sha256').update(LEAF).update(Buffer.from(hex, 'hex')).digest(),
  node: (left, right) => createHash('sha256').update(NODE).update(left).update(right).digest(),
  empty: () => createHash('sha256').digest(),
  hex: (bytes) => Buffer.from(bytes).toString('hex'),
  bytes: (hex) => Buffer.from(hex, 'hex'),
});

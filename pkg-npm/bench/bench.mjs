// Benchmarks of the package against the plain-JavaScript baseline (baseline.mjs),
// measured in the same run and printed as ratios. Not a timed test.
//   node bench/bench.mjs            (after npm run build)
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import * as nc from '../dist/node.js';
import * as old from './baseline.mjs';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const seed = createHash('sha256').update('bench-key').digest();
const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
const publicHex = Buffer.from(privateKey.export({ format: 'jwk' }).x, 'base64url').toString('hex');

function payload(i) {
  return { user: `user-${i % 97}`, amount: (i * 37) % 10000, tags: ['a', 'b', `t${i % 7}`], nested: { ok: i % 2 === 0, ratio: (i % 13) / 8, note: 'café ☕' } };
}

/** A valid JSONL ledger written with the canonical rules of this package. */
function ledger(n, signed) {
  let previous = '0'.repeat(64);
  const lines = [];
  for (let i = 1; i <= n; i++) {
    const row = {
      action: 'update', actor: `svc-${i % 5}`, entry_id: i, event_type: 'request', format_version: 2,
      payload: nc.canonicalJson(payload(i)), previous_hash: previous, signature: null, signing_key_id: null,
      timestamp: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000000Z`,
    };
    row.entry_hash = nc.computeEntryHash(row);
    if (signed) {
      row.signature = sign(null, Buffer.from(row.entry_hash), privateKey).toString('hex');
      row.signing_key_id = 'key-a';
    }
    lines.push(nc.canonicalJson(row));
    previous = row.entry_hash;
  }
  return { text: lines.join('\n') + '\n', hashes: lines.map((l) => JSON.parse(l).entry_hash) };
}

function time(fn, minMs = 400) {
  fn();
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    runs++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return elapsed / runs;
}

const results = [];
function compare(name, ours, theirs, goal) {
  const a = time(ours);
  const b = time(theirs);
  results.push({ name, nexuscone_ms: a.toFixed(1), baseline_ms: b.toFixed(1), speedup: `${(b / a).toFixed(2)}x`, goal: `${goal}x` });
}

const unsigned = ledger(100_000, false);
const signed = ledger(10_000, true);
const keys = { 'key-a': publicHex };
if (!nc.verifyChain(unsigned.text).valid || !old.verifyChain(unsigned.text).valid) throw new Error('unsigned ledger invalid');
if (nc.verifyChain(signed.text, { publicKeys: keys }).statuses.verified !== 10_000) throw new Error('signed ledger not verified');
if (nc.merkleRoot(unsigned.hashes) !== old.merkleRoot(unsigned.hashes)) throw new Error('Merkle roots differ');

compare('verify 100,000 unsigned entries (JSONL)', () => nc.verifyChain(unsigned.text), () => old.verifyChain(unsigned.text), 3);
compare('verify 10,000 signed entries (JSONL)', () => nc.verifyChain(signed.text, { publicKeys: keys }), () => old.verifyChain(signed.text, keys), 2);
const packed = new Uint8Array(Buffer.concat(unsigned.hashes.map((h) => Buffer.from(h, 'hex'))));
compare('Merkle root over 100,000 hashes (hex strings)', () => nc.merkleRoot(unsigned.hashes), () => old.merkleRoot(unsigned.hashes), 10);
compare('Merkle root over 100,000 hashes (packed bytes)', () => nc.merkleRoot(packed), () => old.merkleRoot(unsigned.hashes), 10);
const payloads = Array.from({ length: 10_000 }, (_, i) => payload(i));
compare('canonicalise 10,000 payloads', () => payloads.forEach((p) => nc.canonicalJson(p)), () => payloads.forEach((p) => old.canonicalJson(p)), 1);
console.table(results);
console.log(JSON.stringify(results));

// Benchmarks of the package against the plain-JavaScript baseline (baseline.mjs),
// measured in the same run and printed as ratios. Not a timed test.
//   node bench/bench.mjs [--smoke]      (after npm run build; --smoke: tiny inputs, one run)
import { performance } from 'node:perf_hooks';
import * as nc from '../dist/node.js';
import * as old from './baseline.mjs';
import { ledger, payload, publicKeys, sizes } from './ledgers.mjs';

const smoke = process.argv.includes('--smoke');
const n = sizes(smoke);

function time(fn, minMs = smoke ? 0 : 400) {
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

const unsigned = ledger(nc, n.unsigned, false);
const signed = ledger(nc, n.signed, true);
if (!nc.verifyChain(unsigned.text).valid || !old.verifyChain(unsigned.text).valid) throw new Error('unsigned ledger invalid');
if (nc.verifyChain(signed.text, { publicKeys }).statuses.verified !== n.signed) throw new Error('signed ledger not verified');
if (!old.verifyChain(signed.text, publicKeys).valid) throw new Error('baseline rejects the signed ledger');
if (nc.merkleRoot(unsigned.hashes) !== old.merkleRoot(unsigned.hashes)) throw new Error('Merkle roots differ');

const count = (k) => k.toLocaleString('en');
compare(`verify ${count(n.unsigned)} unsigned entries (JSONL)`, () => nc.verifyChain(unsigned.text), () => old.verifyChain(unsigned.text), 3);
compare(`verify ${count(n.signed)} signed entries (JSONL)`, () => nc.verifyChain(signed.text, { publicKeys }), () => old.verifyChain(signed.text, publicKeys), 2);
const packed = new Uint8Array(Buffer.concat(unsigned.hashes.map((h) => Buffer.from(h, 'hex'))));
compare(`Merkle root over ${count(n.hashes)} hashes (hex strings)`, () => nc.merkleRoot(unsigned.hashes), () => old.merkleRoot(unsigned.hashes), 10);
compare(`Merkle root over ${count(n.hashes)} hashes (packed bytes)`, () => nc.merkleRoot(packed), () => old.merkleRoot(unsigned.hashes), 10);
const payloads = Array.from({ length: n.payloads }, (_, i) => payload(i));
compare(`canonicalise ${count(n.payloads)} payloads`, () => payloads.forEach((p) => nc.canonicalJson(p)), () => payloads.forEach((p) => old.canonicalJson(p)), 1);
console.table(results);
console.log(JSON.stringify(results));

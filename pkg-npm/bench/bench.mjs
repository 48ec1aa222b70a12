// Benchmarks of the package against the plain-JavaScript baseline (baseline.mjs),
// measured in the same run and printed as ratios. Not a timed test.
//   node bench/bench.mjs [--rounds N] [--smoke]
// (after npm run build). Each round times every workload on both sides, one right
// after the other; printed are each side's best time and the median of the
// per-round ratios (robust to load that changes between rounds). --smoke: tiny
// inputs, one round.
import * as nc from '../dist/node.js';
import * as old from './baseline.mjs';
import { ledger, payload, proofs, publicKeys, sizes } from './ledgers.mjs';
import { meanMs } from './timing.mjs';

const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke');
const rounds = smoke ? 1 : Number(argv[argv.indexOf('--rounds') + 1] || 3);
const n = sizes(smoke);

const time = (fn) => meanMs(fn, smoke ? 0 : 400);

const workloads = [];
// `goal`: the speed-up issue 4 asks for, or null where there is none (canonicalJson
// against a sorted-key JSON.stringify, the drifting behaviour it replaces).
function compare(name, ours, theirs, goal) {
  workloads.push({ name, ours, theirs, goal, best: [Infinity, Infinity], ratios: [] });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const unsigned = ledger(nc, n.unsigned, false);
const signed = ledger(nc, n.signed, true);
if (!nc.verifyChain(unsigned.text).valid || !old.verifyChain(unsigned.text).valid) throw new Error('unsigned ledger invalid');
if (nc.verifyChain(signed.text, { publicKeys }).statuses.verified !== n.signed) throw new Error('signed ledger not verified');
if (!old.verifyChain(signed.text, publicKeys).valid) throw new Error('baseline rejects the signed ledger');
if (nc.merkleRoot(unsigned.hashes) !== old.merkleRoot(unsigned.hashes)) throw new Error('Merkle roots differ');
const inclusion = proofs(nc, unsigned.hashes, n.proofs);
const verifiedByUs = () => inclusion.items.every(({ entryHash, proof }) => nc.verifyInclusion(inclusion.root, entryHash, proof).valid);
const verifiedByOld = () => inclusion.items.every(({ entryHash, proof }) => old.verifyInclusion(inclusion.root, entryHash, proof));
if (!verifiedByUs() || !verifiedByOld()) throw new Error('an inclusion proof does not verify');
const { entryHash: someHash, proof: someProof } = inclusion.items[1];
const forged = { ...someProof, path: [someProof.path[1], someProof.path[0], ...someProof.path.slice(2)] };
if (nc.verifyInclusion(inclusion.root, someHash, forged).valid || old.verifyInclusion(inclusion.root, someHash, forged)) {
  throw new Error('a forged inclusion proof verifies');
}

const count = (k) => k.toLocaleString('en');
compare(`verify ${count(n.unsigned)} unsigned entries (JSONL)`, () => nc.verifyChain(unsigned.text), () => old.verifyChain(unsigned.text), 3);
compare(`verify ${count(n.signed)} signed entries (JSONL)`, () => nc.verifyChain(signed.text, { publicKeys }), () => old.verifyChain(signed.text, publicKeys), 2);
const packed = new Uint8Array(Buffer.concat(unsigned.hashes.map((h) => Buffer.from(h, 'hex'))));
compare(`Merkle root over ${count(n.hashes)} hashes (hex strings)`, () => nc.merkleRoot(unsigned.hashes), () => old.merkleRoot(unsigned.hashes), 10);
compare(`Merkle root over ${count(n.hashes)} hashes (packed bytes)`, () => nc.merkleRoot(packed), () => old.merkleRoot(unsigned.hashes), 10);
compare(`verify ${count(n.proofs)} inclusion proofs (tree of ${count(n.hashes)})`, verifiedByUs, verifiedByOld, 10);
const payloads = Array.from({ length: n.payloads }, (_, i) => payload(i));
compare(`canonicalise ${count(n.payloads)} payloads`, () => payloads.forEach((p) => nc.canonicalJson(p)), () => payloads.forEach((p) => old.canonicalJson(p)), null);
for (let round = 0; round < rounds; round++) {
  for (const w of workloads) {
    const [a, b] = [time(w.ours), time(w.theirs)];
    w.best = [Math.min(w.best[0], a), Math.min(w.best[1], b)];
    w.ratios.push(b / a);
  }
}
const results = workloads.map(({ name, goal, best: [a, b], ratios }) => ({
  name, nexuscone_ms: a.toFixed(1), baseline_ms: b.toFixed(1), speedup: `${median(ratios).toFixed(2)}x`, goal: goal === null ? "—" : `${goal}x`,
}));
console.log(`Node ${process.version}, best times and median ratios of ${rounds} round(s)${smoke ? ' (smoke run: inputs too small for the ratios to mean anything)' : ''}`);
console.table(results);
console.log(JSON.stringify(results));

// merkleRootThreaded with 1 and 2 threads (and the machine's cores) against
// merkleRoot on the same leaves, measured in the same run and printed as ratios. Not
// a timed test.
//   node bench/merkle.mjs [--leaves N] [--rounds R] [--smoke]
// (after npm run build). Leaves are given as hex strings, as a caller holding a
// ledger's entry hashes would. The best round of each counts. --smoke: 5,000
// leaves, one round.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { createHash } from 'node:crypto';
import * as nc from '../dist/node.js';

const argv = process.argv.slice(2);
const arg = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const smoke = argv.includes('--smoke');
const leaves = smoke ? 5000 : Number(arg('leaves', 1000000));
const rounds = smoke ? 1 : Number(arg('rounds', 3));
const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;

const hashes = Array.from({ length: leaves }, (_, i) => createHash('sha256').update(`leaf ${i}`).digest('hex'));
const runs = [
  ['merkleRoot (one thread)', async () => nc.merkleRoot(hashes)],
  ...[...new Set([1, 2, cores])].map((threads) => [
    `merkleRootThreaded, ${threads} thread${threads > 1 ? 's' : ''}`,
    () => nc.merkleRootThreaded(hashes, { threads }),
  ]),
];
const load = [loadavg()[0]];
const best = runs.map(() => Infinity);
let expected = null;
for (let round = 0; round < rounds; round += 1) {
  for (const [i, [name, run]] of runs.entries()) {
    const t = performance.now();
    const root = await run();
    best[i] = Math.min(best[i], performance.now() - t);
    expected ??= root;
    if (root !== expected) throw new Error(`${name}: root ${root}, expected ${expected}`);
  }
}
load.push(loadavg()[0]);
console.log(`${leaves} leaves, best of ${rounds}; ${cores} cores; load average ${load.map((l) => l.toFixed(1)).join(' -> ')}`);
console.log('| run | ms | ratio to merkleRoot | ratio to 1 thread |\n|---|---:|---:|---:|');
for (const [i, [name]] of runs.entries()) {
  console.log(`| ${name} | ${Math.round(best[i])} | ${(best[0] / best[i]).toFixed(2)}x | ${i === 0 ? '' : `**${(best[1] / best[i]).toFixed(2)}x**`} |`);
}

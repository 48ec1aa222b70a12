// verifyFile (worker threads) against verifyChain on the same file, measured in the
// same run and printed as ratios. Not a timed test.
//   node bench/file.mjs [--entries N] [--rounds R] [--format jsonl|sqlite] [--smoke]
// (after npm run build). The signed ledger is written once per size by the viewer's
// generator (web/e2e/make-ledger.js) into the temp directory. Each round times
// verifyChain on the file's bytes (read included), then verifyFile with 1 thread,
// 2 threads and the machine's cores; the best round of each counts. --smoke: 2,000
// entries, one round.
import { readFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nc from '../dist/node.js';

const argv = process.argv.slice(2);
const arg = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const smoke = argv.includes('--smoke');
const entries = smoke ? 2000 : Number(arg('entries', 100000));
const rounds = smoke ? 1 : Number(arg('rounds', 3));
const format = arg('format', 'jsonl');
const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;

const base = path.join(tmpdir(), `nexuscone-bench-${entries}`);
const files = { jsonl: `${base}.jsonl`, keys: `${base}-keys.json`, sqlite: `${base}.sqlite` };
if (!Object.values(files).every(existsSync)) {
  const generator = fileURLToPath(new URL('../../web/e2e/make-ledger.js', import.meta.url));
  execFileSync('node', [generator, String(entries), files.jsonl, files.keys, files.sqlite]);
}
const file = files[format];
const publicKeys = JSON.parse(readFileSync(files.keys, 'utf8'));

const runs = [
  ['verifyChain (bytes read whole, one thread)', async () => nc.verifyChain(await readFile(file), { publicKeys })],
  ...[...new Set([1, 2, cores])].map((threads) => [
    `verifyFile, ${threads} thread${threads > 1 ? 's' : ''}`,
    () => nc.verifyFile(file, { publicKeys, threads }),
  ]),
];
const load = [loadavg()[0]];
const best = runs.map(() => Infinity);
let expected = null;
for (let round = 0; round < rounds; round += 1) {
  for (const [i, [, run]] of runs.entries()) {
    const t = performance.now();
    const report = await run();
    best[i] = Math.min(best[i], performance.now() - t);
    if (report.statuses.verified !== entries) throw new Error(`${runs[i][0]}: ${report.statuses.verified} of ${entries} verified`);
    expected ??= JSON.stringify(report);
    if (JSON.stringify(report) !== expected) throw new Error(`${runs[i][0]}: a different report`);
  }
}
load.push(loadavg()[0]);
console.log(`${entries} signed entries, ${format}, best of ${rounds}; ${cores} cores; load average ${load.map((l) => l.toFixed(1)).join(' -> ')}`);
console.log('| run | ms | entries/s | ratio to verifyChain |\n|---|---:|---:|---:|');
for (const [i, [name]] of runs.entries()) {
  console.log(`| ${name} | ${Math.round(best[i])} | ${Math.round(entries / (best[i] / 1000))} | **${(best[0] / best[i]).toFixed(2)}x** |`);
}

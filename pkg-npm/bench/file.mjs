// verifyFile (worker threads) against verifyChain on the same file, measured in the
// same run and printed as ratios. Not a timed test.
//   node bench/file.mjs [--entries N] [--rounds R] [--format jsonl|sqlite] [--checkpoint] [--smoke]
// (after npm run build). The signed ledger is written once per size by the viewer's
// generator (web/e2e/make-ledger.js) into the temp directory. Each round times
// verifyChain on the file's bytes (read included), then verifyFile with 1 thread,
// 2 threads and the machine's cores; the best round of each counts. --checkpoint:
// each run again against a signed checkpoint of the whole ledger, printed with its
// ratio to the same run without. --smoke: 2,000 entries, one round.
import { createReadStream, readFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as nc from '../dist/node.js';
import { signerKey } from '../test/support/helpers.mjs';

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

const plain = [
  ['verifyChain (bytes read whole, one thread)', async (options) => nc.verifyChain(await readFile(file), options)],
  ...[...new Set([1, 2, cores])].map((threads) => [
    `verifyFile, ${threads} thread${threads > 1 ? 's' : ''}`,
    (options) => nc.verifyFile(file, { ...options, threads }),
  ]),
];
const runs = plain.map(([name, run]) => ({ name, run, options: { publicKeys } }));
if (argv.includes('--checkpoint')) {
  const log = signerKey('example.com/bench', Buffer.alloc(32, 3));
  // Line by line: a large export is longer than a JavaScript string may be.
  const hashes = [];
  for await (const line of createInterface({ input: createReadStream(files.jsonl) })) {
    if (line) hashes.push(JSON.parse(line).entry_hash);
  }
  const checkpoint = nc.signCheckpoint({ origin: 'example.com/bench', size: entries, root: nc.merkleRoot(hashes) }, [log.skey]);
  const options = { publicKeys, checkpoint, verifierKeys: [log.vkey] };
  runs.push(...plain.map(([name, run], without) => ({ name: `${name}, checkpoint`, run, options, without })));
}
const load = [loadavg()[0]];
const best = runs.map(() => Infinity);
const expected = new Map();
for (let round = 0; round < rounds; round += 1) {
  for (const [i, { name, run, options }] of runs.entries()) {
    const t = performance.now();
    const report = await run(options);
    best[i] = Math.min(best[i], performance.now() - t);
    if (report.statuses.verified !== entries) throw new Error(`${name}: ${report.statuses.verified} of ${entries} verified`);
    if (options.checkpoint && !report.checkpoint?.matched) throw new Error(`${name}: the checkpoint does not match`);
    if (!expected.has(options)) expected.set(options, JSON.stringify(report));
    if (JSON.stringify(report) !== expected.get(options)) throw new Error(`${name}: a different report`);
  }
}
load.push(loadavg()[0]);
console.log(`${entries} signed entries, ${format}, best of ${rounds}; ${cores} cores; load average ${load.map((l) => l.toFixed(1)).join(' -> ')}`);
console.log('| run | ms | entries/s | ratio to verifyChain | time against the run without a checkpoint |\n|---|---:|---:|---:|---:|');
for (const [i, { name, without }] of runs.entries()) {
  const against = without === undefined ? '' : `${(best[i] / best[without]).toFixed(3)}x`;
  console.log(`| ${name} | ${Math.round(best[i])} | ${Math.round(entries / (best[i] / 1000))} | **${(best[0] / best[i]).toFixed(2)}x** | ${against} |`);
}

// The peak resident memory of verifying a signed SQLite database with verifyFile (its
// pages read from disk) against verifyChain on the bytes read whole, each in a fresh
// Node process, on the same file in the same run. A measurement, not a test.
//   node bench/file-memory.mjs [--entries N] [--smoke]
// (after npm run build). The database is written by the viewer's generator
// (web/e2e/make-ledger.js) into the temp directory once per size. --smoke: 2,000.
import { existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const entries = argv.includes('--smoke') ? 2000 : Number(argv.includes('--entries') ? argv[argv.indexOf('--entries') + 1] : 1000000);
const base = path.join(tmpdir(), `nexuscone-bench-${entries}`);
const files = { jsonl: `${base}.jsonl`, keys: `${base}-keys.json`, sqlite: `${base}.sqlite` };
if (!Object.values(files).every(existsSync)) {
  const generator = fileURLToPath(new URL('../../web/e2e/make-ledger.js', import.meta.url));
  execFileSync('node', [generator, String(entries), files.jsonl, files.keys, files.sqlite]);
}
const dist = new URL('../dist/node.js', import.meta.url).href;
const child = (call) => `
  import { readFileSync } from 'node:fs';
  import * as nc from ${JSON.stringify(dist)};
  const publicKeys = JSON.parse(readFileSync(${JSON.stringify(files.keys)}, 'utf8'));
  const file = ${JSON.stringify(files.sqlite)};
  const report = await ${call};
  if (report.statuses.verified !== ${entries}) throw new Error('not every entry verified');
  console.log(process.resourceUsage().maxRSS);
`;
const runs = [
  ['verifyChain (file read whole)', 'nc.verifyChain(readFileSync(file), { publicKeys })'],
  ['verifyFile, 2 threads (pages from disk)', 'nc.verifyFile(file, { publicKeys, threads: 2 })'],
];
const mib = (kib) => (kib / 1024).toFixed(0);
console.log(`${entries} signed entries, SQLite, ${(statSync(files.sqlite).size / 2 ** 20).toFixed(0)} MiB file; peak RSS of the process (worker threads included)`);
console.log('| run | peak RSS MiB |\n|---|---:|');
for (const [name, call] of runs) {
  const kib = Number(execFileSync('node', ['--input-type=module', '-e', child(call)], { encoding: 'utf8' }).trim());
  console.log(`| ${name} | ${mib(kib)} |`);
}

// The package's `nexuscone` bin, installed from the packed tarball, against the
// Rust CLI built in the same run: for every fixture ledger in all three formats,
// `verify` without keys, with keys and with `--json`, and `root`, print the same
// bytes on stdout and stderr and exit with the same code; so do `canonical` and the
// input errors. (`npx nexuscone` itself runs in test/readme.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { cliBinary, fixturesDir } from './support/helpers.mjs';
import { consumerProject } from './support/consumer.mjs';

const cli = cliBinary();
const skip = cli ? false : 'the Rust CLI is not built (cargo build -p nexuscone-cli)';
const keys = path.join(fixturesDir, 'keys.json');
const ledgerFiles = readdirSync(fixturesDir)
  .filter((f) => /\.(sqlite|jsonl|bundle\.json)$/.test(f))
  .sort();

let project;
let bin;
before(() => {
  project = consumerProject();
  bin = path.join(project, 'node_modules', '.bin', 'nexuscone');
});
after(() => rmSync(project, { recursive: true, force: true }));

function run(command, args, input) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: fixturesDir, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.on('error', (error) => resolve({ code: null, stdout: '', stderr: String(error) }));
    if (input !== undefined) child.stdin.end(input);
  });
}

// Runs every case through both, a few at a time; returns the cases that differ,
// and the exit codes seen.
async function differences(cases) {
  const found = [];
  const codes = new Set();
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const { args, input } = cases[next++];
      const [rust, npm] = await Promise.all([run(cli, args, input), run(bin, args, input)]);
      if (JSON.stringify(rust) !== JSON.stringify(npm)) found.push({ args, rust, npm });
      codes.add(npm.code);
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, cpus().length) }, worker));
  return { found, codes: [...codes].sort() };
}

test('verify prints what the Rust CLI prints on every fixture, with and without keys, and as JSON', { skip }, async () => {
  assert.ok(ledgerFiles.length >= 60, `the fixture ledgers in three formats: ${ledgerFiles.length}`);
  const cases = ledgerFiles.flatMap((f) => [['verify', f], ['verify', f, '--keys', keys], ['verify', f, '--keys', keys, '--json']])
    .map((args) => ({ args }));
  assert.deepEqual(await differences(cases), { found: [], codes: [0, 1] });
});

test('root prints what the Rust CLI prints on every fixture, and at a size in each format', { skip }, async () => {
  const sized = ['signed.jsonl', 'signed.sqlite', 'signed.bundle.json'].map((f) => ['root', f, '--size', '10']);
  const cases = [...ledgerFiles.map((f) => ['root', f]), ...sized].map((args) => ({ args }));
  assert.deepEqual(await differences(cases), { found: [], codes: [0] });
});

test('canonical and unreadable input print what the Rust CLI prints, with exit code 2', { skip }, async () => {
  const dir = project;
  const broken = path.join(dir, 'broken.jsonl');
  writeFileSync(broken, '{"entry_id": 1}\n{not json\n');
  const notSqlite = path.join(dir, 'fake.sqlite');
  writeFileSync(notSqlite, 'not a database at all');
  const empty = path.join(dir, 'empty.sqlite');
  writeFileSync(empty, '');
  const badKeys = path.join(dir, 'bad-keys.json');
  writeFileSync(badKeys, '["not", "an", "object"]');
  const cases = [
    { args: ['canonical'], input: '{"b":1.0,"a":"é","c":[1e400]}' },
    { args: ['canonical'], input: '{"a":' },
    { args: ['verify', broken] },
    { args: ['verify', notSqlite] },
    { args: ['verify', empty] },
    { args: ['root', empty] },
    { args: ['verify', 'signed.jsonl', '--keys', badKeys] },
    // Under --json, the error object on stdout (kind, message, location) is the same too.
    { args: ['verify', broken, '--json'] },
    { args: ['verify', notSqlite, '--json'] },
    { args: ['verify', empty, '--json'] },
    { args: ['verify', 'signed.jsonl', '--keys', badKeys, '--json'] },
    // A file that cannot be opened or read: core's sentence and error object.
    { args: ['verify', path.join(dir, 'missing.jsonl')] },
    { args: ['verify', path.join(dir, 'missing.jsonl'), '--json'] },
    { args: ['verify', dir] },
    { args: ['verify', dir, '--json'] },
    { args: ['root', broken] },
    { args: ['root', 'signed.jsonl', '--size', '999'] },
  ];
  assert.deepEqual(await differences(cases), { found: [], codes: [0, 2] });
});

test('a progress line goes to stderr only on a terminal', { skip }, () => {
  const piped = spawnSync(bin, ['verify', 'signed.jsonl'], { cwd: fixturesDir, encoding: 'utf8' });
  assert.doesNotMatch(piped.stderr, /verifying ·/);
});

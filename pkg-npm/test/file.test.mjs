// `verifyFile` (Node): the report of a ledger read from disk with its checks spread
// over worker threads equals `verifyInput`'s on the same bytes, for every fixture in
// every format, with and without keys, whatever the number of threads, on a
// ledger whose tampered entries sit on the borders of the threads' batches, and
// against checkpoints whose sizes fall on and beside those borders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as nc from '../dist/node.js';
import { fixture, fixturesDir, ledgers, signerKey } from './support/helpers.mjs';

const keys = JSON.parse(fixture('keys.json'));
// Entries per batch in core (core/src/pool/mod.rs, BATCH_ENTRIES).
const BATCH = 1024;

test('verifyFile reports what verifyInput reports on every fixture and format, on two threads', async () => {
  for (const { stem } of ledgers()) {
    for (const ext of ['jsonl', 'sqlite', 'bundle.json']) {
      const file = path.join(fixturesDir, `${stem}.${ext}`);
      for (const options of [{}, { publicKeys: keys }]) {
        const expected = nc.verifyInput(fixture(`${stem}.${ext}`), options);
        const report = await nc.verifyFile(file, { ...options, threads: 2 });
        assert.deepEqual(report, expected, `${stem}.${ext}, keys ${!!options.publicKeys}`);
      }
    }
  }
});

function signedLedger(count) {
  const seedHex = '07'.repeat(32);
  const writer = new nc.ChainWriter({ signer: { keyId: 'border-key', seedHex } });
  const rows = [];
  for (let i = 0; i < count; i += 1) {
    rows.push(writer.append({ actor: 'agent', action: 'tool.invoke', payload: { n: i, text: 'café "q"' }, timestamp: '2026-01-01T00:00:00.000000Z' }));
  }
  const publicKeys = { 'border-key': writer.publicKeyHex };
  writer.free();
  return { rows, publicKeys };
}

test('failures on batch borders are reported as by verifyChain, with progress up to every entry', async () => {
  const { rows, publicKeys } = signedLedger(3 * BATCH + 5);
  rows[BATCH - 1].payload = '{"n":-1}';
  rows[BATCH].signature = (rows[BATCH].signature.startsWith('00') ? '01' : '00') + rows[BATCH].signature.slice(2);
  rows[2 * BATCH - 1].previous_hash = 'ab'.repeat(32);
  rows.splice(2 * BATCH, 1);
  rows[3 * BATCH - 1].signing_key_id = 'nobody';
  const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const dir = mkdtempSync(path.join(tmpdir(), 'nexuscone-file-'));
  try {
    const file = path.join(dir, 'borders.jsonl');
    writeFileSync(file, text);
    const expected = nc.verifyChain(text, { publicKeys });
    assert.ok(expected.failures_total >= 5, JSON.stringify(expected.failures));
    for (const threads of [1, 2, 3]) {
      const seen = [];
      const report = await nc.verifyFile(file, { publicKeys, threads }, (p) => seen.push(p));
      assert.deepEqual(report, expected, `${threads} threads`);
      assert.equal(seen.at(-1).entries, rows.length);
      assert.equal(seen.at(-1).totalBytes, Buffer.byteLength(text));
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('a checkpoint checked from the threads\' batches is reported as verifyChain reports it', async () => {
  const { rows, publicKeys } = signedLedger(3 * BATCH + 5);
  const hashes = rows.map((r) => r.entry_hash);
  const log = signerKey('example.com/pool', Buffer.alloc(32, 5));
  const forged = 'ab'.repeat(32);
  const cases = [BATCH - 1, BATCH, BATCH + 1, 2 * BATCH, rows.length, rows.length + 1].map((size) => ({ size, root: nc.merkleRoot(hashes, Math.min(size, rows.length)) }));
  cases.push({ size: 2 * BATCH, root: forged }, { size: rows.length, root: forged });
  const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const dir = mkdtempSync(path.join(tmpdir(), 'nexuscone-file-'));
  try {
    const file = path.join(dir, 'checkpointed.jsonl');
    writeFileSync(file, text);
    for (const { size, root } of cases) {
      const checkpoint = nc.signCheckpoint({ origin: 'example.com/pool', size, root }, [log.skey]);
      const options = { publicKeys, checkpoint, verifierKeys: [log.vkey] };
      const expected = nc.verifyChain(text, options);
      assert.equal(expected.checkpoint.matched, root !== forged && size <= rows.length, `size ${size}`);
      for (const threads of [1, 2]) {
        assert.deepEqual(await nc.verifyFile(file, { ...options, threads }), expected, `size ${size}, ${threads} threads`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('verifyFile refuses a thread count that is not a positive integer, and a file that is not a ledger', async () => {
  const file = path.join(fixturesDir, 'signed.jsonl');
  await assert.rejects(nc.verifyFile(file, { threads: 0 }), { code: 'INVALID_INPUT' });
  await assert.rejects(nc.verifyFile(path.join(fixturesDir, 'keys.json')), { name: 'InvalidInputError' });
  await assert.rejects(nc.verifyFile(path.join(fixturesDir, 'no-such-file.jsonl')), { code: 'ENOENT' });
});

function entryHashes(count) {
  return Array.from({ length: count }, (_, i) => nc.sha256Hex(`leaf ${i}`));
}

test('merkleRootThreaded gives merkleRoot\'s root for every size to 70 and large trees, on any number of threads', async () => {
  for (let n = 0; n <= 70; n += 1) {
    const hashes = entryHashes(n);
    assert.equal(await nc.merkleRootThreaded(hashes, { threads: 2 }), nc.merkleRoot(hashes), `${n} leaves`);
  }
  for (const n of [4096, 65537, 200003]) {
    const hashes = entryHashes(n);
    const expected = nc.merkleRoot(hashes);
    for (const threads of [1, 2, 3, 8]) {
      assert.equal(await nc.merkleRootThreaded(hashes, { threads }), expected, `${n} leaves, ${threads} threads`);
    }
    const raw = Buffer.from(hashes.join(''), 'hex');
    assert.equal(await nc.merkleRootThreaded(new Uint8Array(raw), { threads: 2 }), expected, `${n} raw leaves`);
  }
});

test('merkleRootThreaded refuses a bad hash as merkleRoot does, naming its index', async () => {
  const hashes = entryHashes(70000);
  hashes[66000] = 'zz'.repeat(32);
  assert.throws(() => nc.merkleRoot(hashes), { code: 'INVALID_HASH', index: 66000 });
  await assert.rejects(nc.merkleRootThreaded(hashes, { threads: 2 }), { code: 'INVALID_HASH', index: 66000 });
  await assert.rejects(nc.merkleRootThreaded(hashes, { threads: 0 }), { code: 'INVALID_INPUT' });
});

test('a database that ends mid-table is refused by verifyFile as by verifyInput', async () => {
  const bytes = fixture('signed.sqlite');
  const dir = mkdtempSync(path.join(tmpdir(), 'nexuscone-file-'));
  try {
    const file = path.join(dir, 'cut.sqlite');
    writeFileSync(file, bytes.subarray(0, bytes.length - 4096));
    const expected = (() => {
      try {
        return nc.verifyInput(bytes.subarray(0, bytes.length - 4096));
      } catch (error) {
        return { code: error.code, name: error.name, message: error.message };
      }
    })();
    const got = await nc.verifyFile(file, { threads: 2 }).catch((error) => ({ code: error.code, name: error.name, message: error.message }));
    assert.deepEqual(got, expected);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

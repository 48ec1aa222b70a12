// Writing, redaction, selective disclosure and checkpoints: ChainWriter against the
// rows the real Python library stored (fixtures/writer/), redact, verifyBundle on
// bundles the CLI made, and verifyChain's checkpoint option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as nc from '../dist/node.js';
import { fixture, fixturesDir, repoDir } from './support/helpers.mjs';

const writerDir = path.join(repoDir, 'fixtures', 'writer');
const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const ORIGIN = 'example.com/nexuscone';

const lines = (text) => text.split('\n').filter(Boolean);
const jsonl = (rows) => rows.map((r) => `${nc.canonicalJson(r)}\n`).join('');

/** The debug CLI, built when absent (the tests drive it as a user would). */
function cli() {
  const bin = path.join(repoDir, 'target', 'debug', 'nexuscone');
  if (!existsSync(bin)) execFileSync('cargo', ['build', '-p', 'nexuscone-cli'], { cwd: repoDir, stdio: 'inherit' });
  return (...args) => execFileSync(bin, args, { encoding: 'utf8' });
}

/** `payload` members of inputs.json as their JSON text, so that 1.0, -0.0 and 1e+22 stay floats. */
function payloadTexts(text) {
  const out = [];
  for (let at = text.indexOf('"payload":'); at >= 0; at = text.indexOf('"payload":', at + 1)) {
    let i = at + '"payload":'.length;
    while (text[i] === ' ' || text[i] === '\n') i++;
    let depth = 0;
    let inString = false;
    const start = i;
    for (; ; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
      if (depth === 0 && !inString) break;
    }
    out.push(text.slice(start, i + 1));
  }
  return out;
}

test('ChainWriter rows are byte-identical to the rows nexuscone 0.2.1 stored', () => {
  const inputsText = readFileSync(path.join(writerDir, 'inputs.json'), 'utf8');
  const inputs = JSON.parse(inputsText);
  const payloads = payloadTexts(inputsText);
  assert.equal(payloads.length, inputs.length);
  const expected = readFileSync(path.join(writerDir, 'rows.jsonl'), 'utf8');
  const writers = new Map();
  let head = null;
  let produced = '';
  for (const [i, item] of inputs.entries()) {
    // One writer per signer, each continuing from the common head.
    const seedHex = item.signer && createHash('sha256').update(`nexuscone-fixtures/writer/${item.signer}`).digest('hex');
    const writer = new nc.ChainWriter({ head, signer: item.signer ? { keyId: item.signer, seedHex } : null });
    writers.set(item.signer, writer.publicKeyHex);
    const row = writer.append({
      actor: item.actor, action: item.action, eventType: item.event_type, timestamp: item.timestamp, payloadJson: payloads[i],
    });
    head = row;
    produced += jsonl([row]);
  }
  assert.equal(produced, expected);
  const keys = JSON.parse(readFileSync(path.join(writerDir, 'keys.json'), 'utf8'));
  for (const [label, key] of Object.entries(keys)) assert.equal(writers.get(label), key);
  const report = nc.verifyChain(produced, { publicKeys: keys });
  assert.equal(report.valid, true);
  assert.equal(report.failures_total, 0);
});

test('ChainWriter tracks its head, signs, and takes payload values', () => {
  const writer = new nc.ChainWriter({ signer: { keyId: 'k', seedHex: SEED } });
  const a = writer.append({ actor: 'a', action: 'x', payload: { b: 1, a: 'é' }, timestamp: '2024-05-01T12:00:00.000000Z' });
  const b = writer.append({ actor: 'a', action: 'y', payload: {} });
  assert.equal(a.entry_id, 1);
  assert.equal(a.payload, '{"a":"\\u00e9","b":1}');
  assert.equal(a.event_type, 'request');
  assert.equal(a.format_version, 2);
  assert.equal(b.entry_id, 2);
  assert.equal(b.previous_hash, a.entry_hash);
  assert.match(b.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  assert.equal(nc.computeEntryHash(b), b.entry_hash);
  const report = nc.verifyChain([a, b], { publicKeys: { k: writer.publicKeyHex }, requireSignatures: true });
  assert.equal(report.valid, true);
  assert.equal(report.statuses.verified, 2);
  // Continuing from a stored head, given as its row.
  const next = new nc.ChainWriter({ head: b }).append({ actor: 'a', action: 'z', payload: null });
  assert.equal(next.entry_id, 3);
  assert.equal(next.previous_hash, b.entry_hash);
  assert.equal(next.signature, null);
});

test('ChainWriter format 3 salts every payload and stays verifiable', () => {
  const writer = new nc.ChainWriter({ formatVersion: 3 });
  const a = writer.append({ actor: 'a', action: 'x', payload: { n: 1 } });
  const b = writer.append({ actor: 'a', action: 'x', payload: { n: 1 } });
  assert.equal(a.format_version, 3);
  assert.match(a.payload_salt, /^[0-9a-f]{64}$/);
  assert.notEqual(a.payload_salt, b.payload_salt, 'salts are random');
  const salt = '05'.repeat(32);
  const fixed = new nc.ChainWriter({ formatVersion: 3 }).append({ actor: 'a', action: 'x', payload: { n: 1 }, salt, timestamp: a.timestamp });
  assert.equal(fixed.payload_hash, createHash('sha256').update(Buffer.from(salt, 'hex')).update('{"n":1}').digest('hex'));
  assert.equal(nc.verifyChain([a, b]).valid, true);
});

test('ChainWriter rejects what it cannot write', () => {
  assert.throws(() => new nc.ChainWriter({ formatVersion: 1 }), (e) => e instanceof nc.UnsupportedError && e.code === 'NOT_SUPPORTED');
  assert.throws(() => new nc.ChainWriter({ signer: { keyId: 'k', seedHex: 'zz' } }), (e) => e instanceof nc.KeyError);
  assert.throws(() => new nc.ChainWriter({ head: { entryId: 1, entryHash: 'abc' } }), (e) => e instanceof nc.InvalidInputError);
  const writer = new nc.ChainWriter();
  assert.throws(() => writer.append({ actor: 'a', action: 'x' }), (e) => e.code === 'INVALID_INPUT');
  assert.throws(() => writer.append({ actor: 'a', action: 'x', payloadJson: '{' }), (e) => e.code === 'INVALID_JSON');
  assert.throws(() => writer.append({ actor: 'a', action: 'x', payload: { f() {} , u: undefined, m: new Map() } }), (e) => e.code === 'UNSUPPORTED_VALUE');
  // A failed append leaves the head where it was.
  assert.equal(writer.append({ actor: 'a', action: 'x', payload: 1 }).entry_id, 1);
});

test('a fixture redacted by redact() verifies, with the redaction limit', () => {
  const keys = JSON.parse(fixture('keys.json'));
  for (const stem of ['signed', 'edge_payloads', 'legacy_migrated']) {
    const text = fixture(`${stem}.jsonl`).toString('utf8');
    const rows = lines(text).map((l) => JSON.parse(l));
    const { redacted, redactionEntry } = nc.redact(text, {
      entryId: 2, reason: 'GDPR art. 17', redactedBy: 'dpo', timestamp: '2025-01-01T00:00:00.000000Z',
    });
    assert.equal(redacted.entry_hash, rows[1].entry_hash, 'the entry keeps its hash');
    assert.match(redacted.payload, /"redacted":true/);
    assert.equal(redactionEntry.entry_id, rows.at(-1).entry_id + 1);
    assert.equal(redactionEntry.previous_hash, rows.at(-1).entry_hash);
    rows[1] = redacted;
    rows.push(redactionEntry);
    const report = nc.verifyChain(jsonl(rows), { publicKeys: keys });
    assert.equal(report.valid, true, `${stem}: ${JSON.stringify(report.failures)}`);
    assert.equal(report.statuses.redacted, 1);
    assert.ok(report.limits.some((l) => l.kind === 'redacted_entries'), stem);
    // Removing the redaction entry leaves an untraced redaction.
    assert.equal(nc.verifyChain(jsonl(rows.slice(0, -1)), { publicKeys: keys }).valid, false);
    // Rows in, the same rows out; redacting twice is refused.
    assert.deepEqual(nc.redact(rows.slice(0, -1).map((r, i) => (i === 1 ? JSON.parse(fixture(`${stem}.jsonl`).toString('utf8').split('\n')[1]) : r)), {
      entryId: 2, reason: 'GDPR art. 17', redactedBy: 'dpo', timestamp: '2025-01-01T00:00:00.000000Z',
    }).redacted, redacted);
    assert.throws(() => nc.redact(rows, { entryId: 2, reason: 'r', redactedBy: 'b' }), (e) => e.code === 'INVALID_INPUT' && e.entryId === 2);
  }
  assert.throws(() => nc.redact(fixture('signed.jsonl'), { entryId: 999, reason: 'r', redactedBy: 'b' }), (e) => e.code === 'INVALID_INPUT');
});

test('format-3 entries written by ChainWriter verify fully after redact()', () => {
  const writer = new nc.ChainWriter({ formatVersion: 3 });
  const rows = [1, 2, 3].map((n) => writer.append({ actor: 'a', action: 'x', payload: { n } }));
  const { redacted, redactionEntry } = nc.redact(rows, { entryId: 2, reason: 'gdpr', redactedBy: 'dpo' });
  assert.equal(redacted.payload_salt, undefined, 'the salt is erased');
  const report = nc.verifyChain([rows[0], redacted, rows[2], redactionEntry]);
  assert.equal(report.valid, true);
  assert.equal(report.statuses.redacted, 1);
});

test('a ledger redacted by the CLI verifies in the package, with the redaction limit', () => {
  const run = cli();
  const dir = mkdtempSync(path.join(tmpdir(), 'nexuscone-npm-'));
  const out = path.join(dir, 'redacted.jsonl');
  run('redact', path.join(fixturesDir, 'signed.jsonl'), '--entry', '4', '--reason', 'GDPR art. 17', '--by', 'dpo', '--out', out);
  const report = nc.verifyChain(readFileSync(out), { publicKeys: JSON.parse(fixture('keys.json')) });
  assert.equal(report.valid, true);
  assert.equal(report.statuses.redacted, 1);
  assert.ok(report.limits.some((l) => l.kind === 'redacted_entries'));
});

/** A checkpoint of the fixture `signed.jsonl` and its verifier key, made by the CLI. */
function cliCheckpoint(dir, ledger, size) {
  const run = cli();
  const seedFile = path.join(dir, 'seed');
  writeFileSync(seedFile, SEED);
  const args = ['checkpoint', ledger, '--origin', ORIGIN, '--key-name', ORIGIN, '--seed-file', seedFile];
  if (size) args.push('--size', String(size));
  const note = run(...args);
  const vkey = run('vkey', '--key-name', ORIGIN, '--seed-file', seedFile).trim();
  return { note, vkey, notePath: path.join(dir, 'cp.note'), run };
}

test('a disclosure bundle made by the CLI verifies in the package', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nexuscone-npm-'));
  const ledger = path.join(fixturesDir, 'signed.jsonl');
  const { note, vkey, notePath, run } = cliCheckpoint(dir, ledger);
  writeFileSync(notePath, note);
  const out = path.join(dir, 'disclosure.json');
  run('disclose', ledger, '--entries', '3,17,42', '--checkpoint', notePath, '--out', out, '--keys', path.join(fixturesDir, 'keys.json'));
  const bundle = readFileSync(out);
  const keys = JSON.parse(fixture('keys.json'));
  const report = nc.verifyBundle(bundle, { verifierKeys: [vkey], publicKeys: keys });
  assert.equal(report.valid, true, JSON.stringify(report.failures));
  assert.deepEqual(report.entries.map((e) => e.entry_id), [3, 17, 42]);
  assert.equal(report.checkpoint.signature, 'verified');
  // The CLI's own report on the same bundle, field for field.
  const cliReport = JSON.parse(run('verify', out, '--vkey', vkey, '--keys', path.join(fixturesDir, 'keys.json'), '--json'));
  assert.deepEqual(report, cliReport);
  // Text works as well as bytes; without a verifier key nothing is authenticated.
  assert.equal(nc.verifyBundle(bundle.toString('utf8')).verdict, 'checkpoint_unverified');
  // A different verifier key: a finding, not an exception.
  const otherSeed = path.join(dir, 'other.seed');
  writeFileSync(otherSeed, '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');
  const otherKey = run('vkey', '--key-name', ORIGIN, '--seed-file', otherSeed).trim();
  const other = nc.verifyBundle(bundle, { verifierKeys: otherKey });
  assert.equal(other.valid, false);
  // One flipped byte: the document no longer reads (it must be canonical) or no longer verifies.
  const flipped = Buffer.from(bundle);
  flipped[flipped.indexOf('"entry_hash":"') + 20] ^= 1;
  let verdict;
  try { verdict = nc.verifyBundle(flipped, { verifierKeys: vkey }).valid; } catch (e) { verdict = e.code; }
  assert.notEqual(verdict, true);
  assert.throws(() => nc.verifyBundle('{}\n'), (e) => e instanceof nc.InvalidInputError);
});

test('verifyChain with a checkpoint catches cut-off newest rows', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nexuscone-npm-'));
  const text = fixture('signed.jsonl').toString('utf8');
  const { note, vkey } = cliCheckpoint(dir, path.join(fixturesDir, 'signed.jsonl'));
  const full = nc.verifyChain(text, { checkpoint: note, verifierKeys: [vkey] });
  assert.equal(full.valid, true);
  assert.equal(full.checkpoint.matched, true);
  assert.ok(!full.limits.some((l) => l.kind === 'no_checkpoint'));
  const cut = lines(text).slice(0, -1).join('\n') + '\n';
  assert.equal(nc.verifyChain(cut).valid, true, 'the chain alone cannot tell');
  const report = nc.verifyChain(cut, { checkpoint: note, verifierKeys: vkey });
  assert.equal(report.valid, false);
  assert.equal(report.checkpoint.matched, false);
  // The same through the streaming verifier.
  return nc.verifyChainStream([cut], { checkpoint: note, verifierKeys: [vkey] }).then((streamed) => {
    assert.deepEqual(streamed, report);
  });
});

test('checkpoint options that cannot be used are errors', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nexuscone-npm-'));
  const text = fixture('signed.jsonl');
  const { note, vkey, run } = cliCheckpoint(dir, path.join(fixturesDir, 'signed.jsonl'));
  const otherSeed = path.join(dir, 'other.seed');
  writeFileSync(otherSeed, '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');
  const otherKey = run('vkey', '--key-name', ORIGIN, '--seed-file', otherSeed).trim();
  assert.throws(() => nc.verifyChain(text, { checkpoint: note }), (e) => e instanceof nc.KeyError && e.code === 'INVALID_KEY');
  assert.throws(() => nc.verifyChain(text, { checkpoint: note, verifierKeys: ['not a key'] }), (e) => e instanceof nc.KeyError);
  assert.throws(() => nc.verifyChain(text, { checkpoint: 'garbage', verifierKeys: vkey }), (e) => e instanceof nc.CheckpointError && e.code === 'INVALID_CHECKPOINT');
  assert.throws(() => nc.verifyChain(text, { checkpoint: note, verifierKeys: otherKey }), (e) => e instanceof nc.CheckpointError);
});

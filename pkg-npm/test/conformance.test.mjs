// The conformance table of issue 10 (fixtures/conformance/table.json) through the npm
// package: every case's input and trust files go to verifyInput (the input as bytes,
// key, header and root files as text), and the table's one
// judge (fixtures/conformance/conformance.mjs, shared with the CLI and viewer runners)
// compares the normalised answers with the table. A case marked as a known gap for npm
// is reported as `todo` while it still fails, and fails once it passes (remove the mark).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyInput } from '../dist/node.js';
import { generate, judge, outcomeOfNpm, summary } from '../../fixtures/conformance/conformance.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nexuscone-conformance-npm-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cases = generate(dir);

const text = (file) => readFileSync(file, 'utf8');

function options({ keys, witness_keys: witnessKeys, checkpoint, vkey, bitcoin_headers: headers, tsa_roots: roots }) {
  const options = {};
  if (headers) options.bitcoinHeaders = text(headers);
  if (roots) options.tsaRoots = text(roots);
  if (keys) options.publicKeys = text(keys);
  if (witnessKeys) options.witnessKeys = text(witnessKeys);
  if (checkpoint) options.checkpoint = text(checkpoint);
  if (vkey) options.verifierKeys = text(vkey).replace(/[\r\n]+$/, '');
  return options;
}

function answer(kase) {
  try {
    const bytes = new Uint8Array(readFileSync(kase.input));
    return { report: verifyInput(bytes, options(kase.trust), path.basename(kase.input)) };
  } catch (error) {
    return { error };
  }
}

const verdicts = judge('npm', cases, Object.fromEntries(cases.map((c) => [c.id, outcomeOfNpm(answer(c))])));

for (const v of verdicts) {
  test(`conformance: ${v.id}`, { todo: v.result === 'gap' ? v.gap : false }, () => {
    assert.notEqual(v.result, 'FIXED', `${v.id} gives the table's outcome: remove its known_gap mark for npm`);
    assert.deepEqual(v.diff, [], `${v.id} through npm:\n${v.diff.join('\n')}`);
  });
}

test('conformance: npm summary', () => {
  const { text: lines, ok } = summary('npm', verdicts);
  console.log(lines);
  assert.ok(ok, lines);
});

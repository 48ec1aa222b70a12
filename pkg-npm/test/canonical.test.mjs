// Canonical JSON byte for byte against the vectors Python wrote
// (fixtures/canonical/vectors.jsonl), and from JavaScript values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalize, canonicalJson, sha256Hex, InvalidInputError } from '../dist/node.js';
import { repoDir } from './support/helpers.mjs';

const vectors = readFileSync(path.join(repoDir, 'fixtures', 'canonical', 'vectors.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));

test('every Python vector canonicalises byte for byte, and its SHA-256 matches', () => {
  let accepted = 0;
  let rejected = 0;
  for (const v of vectors) {
    if (v.output === undefined || v.output === null) {
      assert.throws(() => canonicalize(v.input), InvalidInputError, `rejects ${JSON.stringify(v.input)}`);
      rejected++;
      continue;
    }
    assert.equal(canonicalize(v.input), v.output, `input ${JSON.stringify(v.input)}`);
    if (v.sha256) assert.equal(sha256Hex(v.output), v.sha256);
    accepted++;
  }
  assert.ok(accepted > 50, `${accepted} vectors`);
  console.log(`${accepted} accepted and ${rejected} rejected vectors agree with Python`);
});

test('canonicalize takes bytes as well as text', () => {
  assert.equal(canonicalize(new TextEncoder().encode('{"b": 1, "a": "é"}')), '{"a":"\\u00e9","b":1}');
});

test('integral doubles print as Python ints and BigInts exactly', () => {
  assert.equal(canonicalJson({ n: 5.0, z: -0, big: 1e21, f: 0.5 }), '{"big":1000000000000000000000,"f":0.5,"n":5,"z":0}');
  assert.equal(canonicalJson(2n ** 80n), '1208925819614629174706176');
  assert.equal(canonicalJson([NaN, Infinity, -Infinity, 1e-7]), '[NaN,Infinity,-Infinity,1e-07]');
});

test('keys sort by code point, non-ASCII is escaped, lone surrogates survive', () => {
  assert.equal(canonicalJson({ '\u{1F600}': 1, '\uE000': 2 }), '{"\\ue000":2,"\\ud83d\\ude00":1}');
  assert.equal(canonicalJson('\uD800x\u007f'), '"\\ud800x\\u007f"');
});

test('undefined members are skipped as JSON.stringify does; toJSON is honoured', () => {
  assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
  assert.equal(canonicalJson({ d: new Date(0) }), '{"d":"1970-01-01T00:00:00.000Z"}');
});

test('values JSON cannot hold are errors with a code', () => {
  for (const bad of [undefined, () => 1, Symbol('s'), new Map(), [undefined], new Uint8Array(2)]) {
    assert.throws(() => canonicalJson(bad), (e) => e instanceof InvalidInputError && e.code === 'UNSUPPORTED_VALUE');
  }
});

test('sha256Hex hashes text as UTF-8 and bytes as given', () => {
  assert.equal(sha256Hex('é'), sha256Hex(new Uint8Array([0xc3, 0xa9])));
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

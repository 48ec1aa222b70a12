// Entry hashes, drift diagnosis, Merkle proofs, checkpoints, and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as nc from '../dist/node.js';
import { fixture, signerKey } from './support/helpers.mjs';

const rows = (stem) => fixture(`${stem}.jsonl`).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

test('computeEntryHash reproduces every stored hash of the untampered ledgers (formats 1 and 2)', () => {
  let n = 0;
  for (const stem of ['unsigned', 'signed', 'edge_payloads', 'legacy_v010', 'legacy_migrated']) {
    for (const row of rows(stem)) {
      assert.equal(nc.computeEntryHash(row), row.entry_hash, `${stem} entry ${row.entry_id}`);
      n++;
    }
  }
  assert.ok(n > 150);
});

test('format 3 hashes the salted payload commitment instead of the payload', () => {
  const base = rows('unsigned')[0];
  const salt = Buffer.alloc(32, 5);
  const payloadHash = createHash('sha256').update(salt).update(base.payload).digest('hex');
  const row = { ...base, format_version: 3, payload_hash: payloadHash, payload_salt: salt.toString('hex') };
  // All fields are ASCII, so a sorted-key JSON.stringify is Python's form here.
  const fields = { action: row.action, actor: row.actor, entry_id: row.entry_id, event_type: row.event_type, payload_hash: payloadHash, previous_hash: row.previous_hash, timestamp: row.timestamp };
  const expected = createHash('sha256').update(JSON.stringify(fields)).digest('hex');
  assert.equal(nc.computeEntryHash(row), expected);
  assert.equal(nc.computeEntryHash({ ...row, payload: '{"other":1}' }), expected, 'the payload itself is not hashed');
  assert.throws(() => nc.computeEntryHash({ ...row, format_version: 9 }), (e) =>
    e instanceof nc.UnsupportedError && e.code === 'UNKNOWN_FORMAT' && e.entryId === 1);
  assert.deepEqual(nc.supportedFormatVersions(), [1, 2, 3]);
});

test('diagnoseDrift names the JavaScript drift that produced a hash', () => {
  const base = rows('unsigned')[0];
  // What an old TypeScript port wrote: JSON.stringify with sorted keys, raw non-ASCII.
  const jsCanonical = (v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jsCanonical(v[k])}`).join(',')}}`
    : JSON.stringify(v));
  const row = { ...base, actor: 'zoë', payload: jsCanonical({ b: 'ü', a: 0.00001 }) };
  const { entry_hash: _, signature: __, signing_key_id: ___, format_version: ____, ...fields } = row;
  row.entry_hash = createHash('sha256').update(jsCanonical(fields)).digest('hex');
  const d = nc.diagnoseDrift(row);
  assert.equal(d.hash_matches, false);
  assert.deepEqual(d.hash_drift, { non_ascii_unescaped: true, utf16_key_order: false, js_numbers: true });
  assert.match(d.message, /drifted JavaScript canonicaliser/);
  const clean = nc.diagnoseDrift(base);
  assert.equal(clean.hash_matches, true);
  assert.equal(clean.hash_drift, null);
});

// A naive RFC 9162 Merkle tree, obviously correct, for comparison.
const sha = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();
function naiveRoot(leaves) {
  if (leaves.length === 0) return sha(Buffer.alloc(0));
  if (leaves.length === 1) return sha(Buffer.from([0]), leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

test('merkleRoot equals a naive RFC 9162 tree at every size, from hex and from bytes', () => {
  const hashes = Array.from({ length: 70 }, (_, i) => createHash('sha256').update(String(i)).digest('hex'));
  const raw = hashes.map((h) => Buffer.from(h, 'hex'));
  const packed = new Uint8Array(Buffer.concat(raw));
  for (let size = 0; size <= hashes.length; size++) {
    const expected = naiveRoot(raw.slice(0, size)).toString('hex');
    assert.equal(nc.merkleRoot(hashes, size), expected, `size ${size}`);
    assert.equal(nc.merkleRoot(packed, size), expected, `size ${size} (bytes)`);
  }
});

test('inclusion and consistency proofs verify, and tampered ones do not', () => {
  const hashes = rows('signed').map((r) => r.entry_hash);
  for (const size of [1, 2, 7, 32, hashes.length]) {
    const root = nc.merkleRoot(hashes, size);
    for (let i = 0; i < size; i += 3) {
      const proof = nc.inclusionProof(hashes, i, size);
      assert.deepEqual(nc.verifyInclusion(root, hashes[i], proof), { valid: true, message: null });
      const wrong = nc.verifyInclusion(root, hashes[(i + 1) % hashes.length], proof);
      assert.equal(wrong.valid, size === 1 && hashes.length === 1);
    }
    for (let old = 1; old <= size; old += 5) {
      const proof = nc.consistencyProof(hashes, old, size);
      assert.equal(nc.verifyConsistency(nc.merkleRoot(hashes, old), root, proof).valid, true);
      if (proof.path.length > 0) {
        const bad = { ...proof, path: [...proof.path.slice(1), proof.path[0].replace(/^./, (c) => (c === '0' ? '1' : '0'))] };
        assert.equal(nc.verifyConsistency(nc.merkleRoot(hashes, old), root, bad).valid, false);
      }
    }
  }
  assert.throws(() => nc.inclusionProof(hashes, 99), (e) => e instanceof nc.ProofError && e.code === 'INVALID_PROOF_REQUEST');
  assert.throws(() => nc.merkleRoot(['zz']), (e) => e.code === 'INVALID_HASH' && e.index === 0);
  // 64-character strings cross packed; a bad one is still named by its index.
  for (const bad of ['g', 'G', ' ', 'é']) {
    const spoiled = [...hashes];
    spoiled[5] = bad + hashes[5].slice(1);
    assert.throws(() => nc.merkleRoot(spoiled), (e) => e.code === 'INVALID_HASH' && e.index === 5, bad);
  }
  assert.equal(nc.merkleRoot(hashes.map((h) => h.toUpperCase())), nc.merkleRoot(hashes));
});

test('proofs cross packed, and an unreadable hash or number in one is still named', () => {
  const hashes = rows('signed').map((r) => r.entry_hash);
  const root = nc.merkleRoot(hashes);
  const proof = nc.inclusionProof(hashes, 3);
  const spoil = (h) => `g${h.slice(1)}`;
  const wrong = nc.verifyInclusion(root, hashes[4], proof);
  assert.equal(wrong.valid, false);
  assert.match(wrong.message, /root/);
  assert.throws(() => nc.verifyInclusion(spoil(root), hashes[3], proof), (e) => e.code === 'INVALID_HASH' && /^root/.test(e.message));
  assert.throws(() => nc.verifyInclusion(root, spoil(hashes[3]), proof), (e) => e.code === 'INVALID_HASH' && /^entryHash/.test(e.message));
  const badPath = { ...proof, path: proof.path.map((h, i) => (i === 1 ? spoil(h) : h)) };
  assert.throws(() => nc.verifyInclusion(root, hashes[3], badPath), (e) => e.code === 'INVALID_HASH' && e.index === 1 && /^proof\.path/.test(e.message));
  assert.throws(() => nc.verifyInclusion(root, hashes[3], { ...proof, leafIndex: '3' }), (e) => e.code === 'INVALID_PROOF_REQUEST' && /leafIndex/.test(e.message));
  assert.throws(() => nc.verifyInclusion(root, hashes[3], { ...proof, treeSize: 2 ** 60 }), (e) => e.code === 'INVALID_PROOF_REQUEST' && /treeSize/.test(e.message));
  const consistency = nc.consistencyProof(hashes, 5);
  const oldRoot = nc.merkleRoot(hashes, 5);
  assert.deepEqual(nc.verifyConsistency(oldRoot, root, consistency), { valid: true, message: null });
  assert.equal(nc.verifyConsistency(root, oldRoot, consistency).valid, false);
  assert.throws(() => nc.verifyConsistency(oldRoot, spoil(root), consistency), (e) => e.code === 'INVALID_HASH' && /^newRoot/.test(e.message));
});

test('signCheckpoint and verifyCheckpoint round-trip, and the wrong key or origin is refused', () => {
  const log = signerKey('example.com/log', Buffer.alloc(32, 7));
  const other = signerKey('example.com/other', Buffer.alloc(32, 9));
  const hashes = rows('signed').map((r) => r.entry_hash);
  const root = nc.merkleRoot(hashes);
  const note = nc.signCheckpoint({ origin: 'example.com/log', size: hashes.length, root }, [log.skey]);
  const opened = nc.verifyCheckpoint(note, [log.vkey], 'example.com/log');
  assert.equal(opened.root, root);
  assert.equal(opened.size, hashes.length);
  assert.deepEqual(opened.verifiedBy, ['example.com/log']);
  assert.throws(() => nc.verifyCheckpoint(note, [other.vkey], 'example.com/log'), nc.CheckpointError);
  assert.throws(() => nc.verifyCheckpoint(note, [log.vkey], 'example.com/elsewhere'), nc.CheckpointError);
  assert.throws(() => nc.signCheckpoint({ origin: 'o', size: 1, root }, ['PRIVATE+KEY+bad']), nc.KeyError);
});

test('errors say where: JSONL line and byte offset, row index', () => {
  const text = fixture('unsigned.jsonl').toString('utf8').split('\n');
  text[2] = '{"entry_id": 3,';
  const joined = text.join('\n');
  assert.throws(() => nc.verifyChain(joined), (e) => {
    const lineStart = text.slice(0, 2).join('\n').length + 1;
    return e instanceof nc.InvalidInputError && e.code === 'INVALID_JSON' && e.line === 3 && e.offset >= lineStart && e.offset <= lineStart + text[2].length;
  });
  assert.throws(() => nc.verifyChain([{}, 1]), (e) => e.code === 'INVALID_ROW' && /rows\[0\]/.test(e.message));
  assert.throws(() => nc.verifyChain('', { publicKeys: { k: 'nothex' } }), nc.KeyError);
});

test('hostile input produces errors, never a WebAssembly trap', () => {
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  let nested = [];
  for (let i = 0; i < 5000; i++) nested = [nested];
  const hostile = [
    () => nc.canonicalJson(cyclic),
    () => nc.canonicalJson(nested),
    () => nc.canonicalize(deep),
    () => nc.canonicalize(new Uint8Array([0xff, 0xfe, 0x80])),
    () => nc.canonicalize('1'.repeat(5000)),
    () => nc.canonicalize('"\\ud800'),
    () => nc.verifyChain(new Uint8Array([0xc3, 0x28, 0x0a])),
    () => nc.verifyChain(deep),
    () => nc.verifyChain({ format: 'nexuscone-bundle', version: 1, entries: [{ entry_id: 1e300 }] }),
    () => nc.verifyChain([{ ...rows('unsigned')[0], entry_id: null }]),
    () => nc.verifyChain(42),
    () => nc.computeEntryHash(null),
    () => nc.computeEntryHash({ ...rows('unsigned')[0], payload: cyclic }),
    () => nc.merkleRoot(new Uint8Array(33)),
    () => nc.inclusionProof([], 0),
    () => nc.consistencyProof(['00'.repeat(32)], 0),
    () => nc.verifyInclusion('x', 'y', null),
    () => nc.verifyConsistency('00'.repeat(32), '00'.repeat(32), { oldSize: -1, newSize: 2 ** 60, path: [] }),
    () => nc.verifyCheckpoint('\u2014\n\n\n', ['a+b+c'], 'o'),
    () => nc.signCheckpoint({ origin: 'a\nb', size: 1, root: '00'.repeat(32) }, []),
  ];
  for (const [i, attack] of hostile.entries()) {
    assert.throws(attack, (e) => e instanceof nc.NexusconeError && !(e instanceof nc.InternalError) && typeof e.code === 'string', `attack ${i}`);
  }
  // The module still works afterwards.
  assert.equal(nc.canonicalJson({ ok: true }), '{"ok":true}');
  // An entry id beyond 64 bits is a tampered value: a finding where it stands (docs/FORMAT.md §2).
  const huge = nc.verifyChain([{ ...rows('unsigned')[0], entry_id: 2n ** 70n }]);
  assert.deepEqual(huge.failures.map((f) => [f.entry_id, f.kind]), [[1, 'field_type']]);
});

test('verifyChainStream reports progress and keeps memory flat on a large ledger', async () => {
  const unsigned = fixture('unsigned.jsonl');
  const lines = unsigned.toString('utf8').split('\n').filter(Boolean);
  // A valid chain repeated is not valid, but verifying it costs the same; 20k rows.
  async function* chunks() {
    for (let i = 0; i < 400; i++) yield Buffer.from(lines.join('\n') + '\n');
  }
  const before = process.memoryUsage().rss;
  const seen = [];
  const report = await nc.verifyChainStream(chunks(), {}, (p) => seen.push(p.entries));
  assert.equal(report.entries, lines.length * 400);
  assert.equal(seen.length, 400);
  assert.ok(seen.every((n, i) => i === 0 || n > seen[i - 1]));
  const grown = process.memoryUsage().rss - before;
  assert.ok(grown < 64 * 1024 * 1024, `rss grew by ${grown} bytes`);
});

test('verifyChainStream gives the whole text\'s report when string chunks split a surrogate pair', async () => {
  const writer = new nc.ChainWriter({});
  // JSON.stringify keeps the emoji raw: two UTF-16 units per character in the text.
  const text = Array.from({ length: 20 }, (_, i) =>
    JSON.stringify(writer.append({ actor: '😀😀😀', action: 'x', payload: { i }, timestamp: '2024-01-01T00:00:00.000000Z' })),
  ).join('\n');
  const report = nc.verifyChain(text);
  assert.equal(report.valid, true);
  const splits = [...text.matchAll(/\ud83d/g)].map((m) => m.index + 1);
  assert.ok(splits.length >= 60);
  const chunks = splits.map((end, i) => text.slice(i === 0 ? 0 : splits[i - 1], end)).concat(text.slice(splits.at(-1)));
  assert.deepEqual(await nc.verifyChainStream(chunks), report);
});

test('a JSONL text longer than one run gives the report and error positions of a single pass', async () => {
  const writer = new nc.ChainWriter({ signer: { keyId: 'k', seedHex: '11'.repeat(32) } });
  const lines = [];
  for (let i = 0; i < 6000; i++) {
    lines.push(nc.canonicalJson(writer.append({ actor: 'é', action: 'x', payload: { i, pad: 'p'.repeat(300) }, timestamp: '2024-01-01T00:00:00.000000Z' })));
  }
  lines[4000] = lines[4000].replace('"actor":"\\u00e9"', '"actor":"e"');
  const text = lines.join('\r\n') + '\n';
  assert.ok(text.length > 2 * (1 << 20));
  const options = { publicKeys: { k: writer.publicKeyHex } };
  const report = nc.verifyChain(text, options);
  assert.equal(report.valid, false);
  assert.equal(report.first_failure.entry_id, 4001);
  assert.deepEqual(nc.verifyChain(new TextEncoder().encode(text), options), report);
  assert.deepEqual(await nc.verifyChainStream([text], options), report);
  assert.deepEqual(nc.verifyChain(lines.map((l) => JSON.parse(l)), options), report);
  // A malformed line far into the text: its line number and byte offset.
  const broken = [...lines];
  broken[5000] = '{"entry_id": 5001,';
  const brokenText = broken.join('\n');
  const lineStart = Buffer.byteLength(broken.slice(0, 5000).join('\n')) + 1;
  assert.throws(() => nc.verifyChain(brokenText), (e) =>
    e.code === 'INVALID_JSON' && e.line === 5001 && e.offset >= lineStart && e.offset <= lineStart + broken[5000].length);
});

test('runs of text with raw non-ASCII characters are read as their UTF-8 bytes', () => {
  const writer = new nc.ChainWriter({});
  const escaped = nc.canonicalJson('é☕𝄞').slice(1, -1);
  const lines = [];
  for (let i = 0; i < 6000; i++) {
    const row = nc.canonicalJson(writer.append({ actor: 'é☕𝄞', action: 'x', payload: { i, pad: 'p'.repeat(300) }, timestamp: '2024-01-01T00:00:00.000000Z' }));
    // The same row, with the characters written raw instead of escaped.
    lines.push(row.replace(escaped, 'é☕𝄞'));
  }
  assert.ok(lines[0].includes('é☕𝄞'));
  const text = lines.join('\n') + '\n';
  assert.ok(text.length > 2 * (1 << 20));
  const report = nc.verifyChain(text);
  assert.equal(report.valid, true);
  assert.equal(report.entries, 6000);
  assert.deepEqual(nc.verifyChain(new TextEncoder().encode(text)), report);
  const broken = [...lines];
  broken[5000] = '{"entry_id": 5001,';
  const lineStart = Buffer.byteLength(broken.slice(0, 5000).join('\n')) + 1;
  assert.throws(() => nc.verifyChain(broken.join('\n')), (e) =>
    e.code === 'INVALID_JSON' && e.line === 5001 && e.offset >= lineStart && e.offset <= lineStart + broken[5000].length);
});

test('the report says first how far the ledger can be relied on: only keys you supply protect it', () => {
  const bundle = fixture('signed.bundle.json').toString('utf8');
  const own = nc.verifyChain(bundle);
  assert.equal(Object.keys(own)[0], 'assurance');
  assert.equal(own.valid, true);
  assert.equal(own.assurance.level, 'unprotected', 'the bundle ships its own keys');
  const keys = JSON.parse(fixture('keys.json').toString('utf8'));
  const trusted = nc.verifyChain(bundle, { publicKeys: keys });
  assert.equal(trusted.assurance.level, 'partly_protected');
  assert.equal(trusted.assurance.covers[0].by, 'signature');
  assert.equal(trusted.assurance.unprotected_entries, 11);
  const jsonl = nc.verifyChain(fixture('signed.jsonl').toString('utf8'), { publicKeys: keys });
  assert.ok(jsonl.limits.some((l) => l.kind === 'format_omits_attestations_and_anchors'));
});

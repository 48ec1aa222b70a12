// Writes a valid signed JSONL ledger of N entries for performance measurements:
// node make-ledger.js N out.jsonl keys.json
// Payloads are ASCII with integers only, so JSON.stringify with sorted keys is the
// canonical form Nexuscone hashes (see docs/FORMAT.md); the Rust core checks it.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');

const [n, out, keysOut] = [Number(process.argv[2] || 100000), process.argv[3], process.argv[4]];
const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
fs.writeFileSync(keysOut, JSON.stringify({ 'perf-key': raw }));

const sorted = (o) => JSON.stringify(Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]])));
const fd = fs.openSync(out, 'w');
let previous = '0'.repeat(64);
const actors = ['alice', 'bob', 'carol', 'dave', 'svc-batch'];
const actions = ['prompt.update', 'tool.invoke', 'export', 'login', 'model.call'];
let buffer = [];
for (let id = 1; id <= n; id += 1) {
  const payload = sorted({ model: `m-${id % 17}`, tokens: (id * 7919) % 50000, user: `u${id % 1000}` });
  const base = {
    action: actions[id % actions.length], actor: actors[id % actors.length], entry_id: id,
    event_type: 'request', payload, previous_hash: previous,
    timestamp: new Date(Date.UTC(2026, 0, 1) + id * 1000).toISOString().replace('Z', '000Z'),
  };
  const hash = crypto.createHash('sha256').update(sorted(base)).digest('hex');
  const signature = crypto.sign(null, Buffer.from(hash), privateKey).toString('hex');
  buffer.push(sorted({ ...base, entry_hash: hash, format_version: 2, signature, signing_key_id: 'perf-key' }));
  previous = hash;
  if (buffer.length === 10000) { fs.writeSync(fd, buffer.join('\n') + '\n'); buffer = []; }
}
if (buffer.length) fs.writeSync(fd, buffer.join('\n') + '\n');
fs.closeSync(fd);

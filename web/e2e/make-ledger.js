// Writes a valid signed JSONL ledger of N entries for performance measurements and
// the large-ledger tests, and with a fourth argument the same ledger as a SQLite
// database (Python's standard sqlite3 module, one transaction):
// node make-ledger.js N out.jsonl keys.json [out.sqlite]
// Payloads are ASCII with integers only, so JSON.stringify with sorted keys is the
// canonical form Nexuscone hashes (see docs/FORMAT.md); the Rust core checks it.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const [n, out, keysOut, sqliteOut] = [Number(process.argv[2] || 100000), process.argv[3], process.argv[4], process.argv[5]];
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

// The `entries` table as nexuscone 0.2.1 creates it, filled from the JSONL lines.
if (sqliteOut) {
  execFileSync('python3', ['-c', `
import json, sqlite3, sys, os
src, dst = sys.argv[1], sys.argv[2]
if os.path.exists(dst): os.remove(dst)
db = sqlite3.connect(dst)
db.execute("CREATE TABLE entries (entry_id INTEGER PRIMARY KEY, timestamp TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, event_type TEXT NOT NULL DEFAULT 'request', format_version INTEGER NOT NULL DEFAULT 2, payload TEXT NOT NULL, previous_hash TEXT NOT NULL, entry_hash TEXT NOT NULL, signature TEXT, signing_key_id TEXT)")
cols = ["entry_id","timestamp","actor","action","event_type","format_version","payload","previous_hash","entry_hash","signature","signing_key_id"]
with open(src) as f:
    db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?)", ([r[c] for c in cols] for r in map(json.loads, f)))
db.commit()
`, out, sqliteOut]);
}

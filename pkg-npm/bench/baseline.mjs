// The old approach, kept as the benchmark baseline: a plain JavaScript port as the
// TypeScript ports (`canonical.ts`, `chain.ts`) did it. Sorted-key JSON.stringify,
// node:crypto SHA-256 and Ed25519, and a hand-written recursive Merkle tree.
// Not correct (see MIGRATING.md); only for measuring.
import { createHash, createPublicKey, verify } from 'node:crypto';

export function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

export function sha256Hex(text) {
  return createHash('sha256').update(text).digest('hex');
}

export function computeEntryHash(row) {
  const fields = {
    entry_id: row.entry_id,
    timestamp: row.timestamp,
    actor: row.actor,
    action: row.action,
    payload: row.payload,
    previous_hash: row.previous_hash,
  };
  if ((row.format_version ?? 1) >= 2) fields.event_type = row.event_type ?? 'request';
  return sha256Hex(canonicalJson(fields));
}

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function verifyChain(jsonl, publicKeys = {}) {
  const keys = Object.fromEntries(
    Object.entries(publicKeys).map(([id, hex]) => [
      id,
      createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' }),
    ]),
  );
  let previous = '0'.repeat(64);
  let count = 0;
  const errors = [];
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line);
    if (row.previous_hash !== previous) errors.push(`entry ${row.entry_id} previous_hash mismatch`);
    if (computeEntryHash(row) !== row.entry_hash) errors.push(`entry ${row.entry_id} entry_hash mismatch`);
    if (row.signature && keys[row.signing_key_id]) {
      const ok = verify(null, Buffer.from(row.entry_hash), keys[row.signing_key_id], Buffer.from(row.signature, 'hex'));
      if (!ok) errors.push(`entry ${row.entry_id} signature invalid`);
    }
    previous = row.entry_hash;
    count++;
  }
  return { valid: errors.length === 0, count, errors };
}

export function merkleRoot(entryHashesHex) {
  const leaves = entryHashesHex.map((h) =>
    createHash('sha256').update(Buffer.from([0])).update(Buffer.from(h, 'hex')).digest(),
  );
  const root = (nodes) => {
    if (nodes.length === 0) return createHash('sha256').digest();
    if (nodes.length === 1) return nodes[0];
    let k = 1;
    while (k * 2 < nodes.length) k *= 2;
    return createHash('sha256').update(Buffer.from([1])).update(root(nodes.slice(0, k))).update(root(nodes.slice(k))).digest();
  };
  return root(leaves).toString('hex');
}

// The benchmark inputs, made in Node with the package itself (so every hash is the
// one Python would compute): valid JSONL ledgers of LLM-audit-like payloads, signed
// with a fixed key, and their entry hashes.
import { createHash, createPrivateKey, sign } from 'node:crypto';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const privateKey = createPrivateKey({
  key: Buffer.concat([PKCS8_PREFIX, createHash('sha256').update('bench-key').digest()]),
  format: 'der',
  type: 'pkcs8',
});

/** `{ 'key-a': hex }`: the public key the signed ledgers verify under. */
export const publicKeys = { 'key-a': Buffer.from(privateKey.export({ format: 'jwk' }).x, 'base64url').toString('hex') };

export function payload(i) {
  return { user: `user-${i % 97}`, amount: (i * 37) % 10000, tags: ['a', 'b', `t${i % 7}`], nested: { ok: i % 2 === 0, ratio: (i % 13) / 8, note: 'café ☕' } };
}

/** A valid JSONL ledger of `n` entries (`nc` is the package) and its entry hashes. */
export function ledger(nc, n, signed) {
  let previous = '0'.repeat(64);
  const lines = [];
  const hashes = [];
  for (let i = 1; i <= n; i++) {
    const row = {
      action: 'update', actor: `svc-${i % 5}`, entry_id: i, event_type: 'request', format_version: 2,
      payload: nc.canonicalJson(payload(i)), previous_hash: previous, signature: null, signing_key_id: null,
      timestamp: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000000Z`,
    };
    row.entry_hash = nc.computeEntryHash(row);
    if (signed) {
      row.signature = sign(null, Buffer.from(row.entry_hash), privateKey).toString('hex');
      row.signing_key_id = 'key-a';
    }
    lines.push(nc.canonicalJson(row));
    hashes.push(row.entry_hash);
    previous = row.entry_hash;
  }
  return { text: lines.join('\n') + '\n', hashes };
}

/** Workload sizes: the issue's, or tiny ones that only prove the benchmark runs. */
export function sizes(smoke) {
  return smoke
    ? { unsigned: 300, signed: 30, hashes: 300, payloads: 100, proofs: 50 }
    : { unsigned: 100_000, signed: 10_000, hashes: 100_000, payloads: 10_000, proofs: 10_000 };
}

/**
 * `count` inclusion proofs of entries spread over the tree of `hashes`, with the
 * root they verify against. The package (`nc`) makes 100 distinct proofs (each
 * call rebuilds the tree) and they are repeated.
 */
export function proofs(nc, hashes, count) {
  const packed = Uint8Array.from(Buffer.from(hashes.join(''), 'hex'));
  const root = nc.merkleRoot(packed);
  const distinct = Array.from({ length: Math.min(100, count) }, (_, i) => {
    const index = (i * 7919) % hashes.length;
    return { entryHash: hashes[index], proof: nc.inclusionProof(packed, index) };
  });
  return { root, items: Array.from({ length: count }, (_, i) => distinct[i % distinct.length]) };
}

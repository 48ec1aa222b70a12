// The old approach of the TypeScript gateways (`canonical.ts`, `chain.ts`), written
// once over the crypto primitives it is given: sorted-key JSON.stringify, SHA-256
// per entry, Ed25519 per signature, a recursive Merkle tree and inclusion-proof checks. baseline.mjs runs
// it over node:crypto, noble.mjs over the pure-JavaScript @noble/* libraries.
// Not correct (see MIGRATING.md); only for measuring.

/**
 * @param {object} crypto
 * @param {(text: string) => string} crypto.sha256Hex  hex SHA-256 of the UTF-8 text
 * @param {(hex: string) => unknown} crypto.publicKey  an Ed25519 public key, prepared once
 * @param {(key: unknown, message: string, signatureHex: string) => boolean} crypto.verify
 * @param {(entryHashHex: string) => Uint8Array} crypto.leaf  SHA-256(0x00 || hash bytes)
 * @param {(left: Uint8Array, right: Uint8Array) => Uint8Array} crypto.node  SHA-256(0x01 || left || right)
 * @param {() => Uint8Array} crypto.empty  SHA-256 of nothing
 * @param {(bytes: Uint8Array) => string} crypto.hex
 * @param {(hex: string) => Uint8Array} crypto.bytes
 */
export function oldPort(crypto) {
  function canonicalJson(value) {
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }

  function computeEntryHash(row) {
    const fields = {
      entry_id: row.entry_id,
      timestamp: row.timestamp,
      actor: row.actor,
      action: row.action,
      payload: row.payload,
      previous_hash: row.previous_hash,
    };
    if ((row.format_version ?? 1) >= 2) fields.event_type = row.event_type ?? 'request';
    return crypto.sha256Hex(canonicalJson(fields));
  }

  function verifyChain(jsonl, publicKeys = {}) {
    const keys = Object.fromEntries(Object.entries(publicKeys).map(([id, hex]) => [id, crypto.publicKey(hex)]));
    let previous = '0'.repeat(64);
    let count = 0;
    const errors = [];
    for (const line of jsonl.split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line);
      if (row.previous_hash !== previous) errors.push(`entry ${row.entry_id} previous_hash mismatch`);
      if (computeEntryHash(row) !== row.entry_hash) errors.push(`entry ${row.entry_id} entry_hash mismatch`);
      if (row.signature && keys[row.signing_key_id]) {
        if (!crypto.verify(keys[row.signing_key_id], row.entry_hash, row.signature)) {
          errors.push(`entry ${row.entry_id} signature invalid`);
        }
      }
      previous = row.entry_hash;
      count++;
    }
    return { valid: errors.length === 0, count, errors };
  }

  function merkleRoot(entryHashesHex) {
    const root = (nodes) => {
      if (nodes.length === 0) return crypto.empty();
      if (nodes.length === 1) return nodes[0];
      let k = 1;
      while (k * 2 < nodes.length) k *= 2;
      return crypto.node(root(nodes.slice(0, k)), root(nodes.slice(k)));
    };
    return crypto.hex(root(entryHashesHex.map(crypto.leaf)));
  }

  // RFC 9162 section 2.1.3.2, as a hand port writes it.
  function verifyInclusion(rootHex, entryHashHex, { leafIndex, treeSize, path }) {
    if (leafIndex >= treeSize) return false;
    let fn = leafIndex;
    let sn = treeSize - 1;
    let r = crypto.leaf(entryHashHex);
    for (const hex of path) {
      if (sn === 0) return false;
      const p = crypto.bytes(hex);
      if (fn % 2 === 1 || fn === sn) {
        r = crypto.node(p, r);
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      } else {
        r = crypto.node(r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && crypto.hex(r) === rootHex;
  }

  return { canonicalJson, sha256Hex: crypto.sha256Hex, computeEntryHash, verifyChain, merkleRoot, verifyInclusion };
}

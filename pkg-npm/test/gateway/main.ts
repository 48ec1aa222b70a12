// Runs the gateway of gateway.ts on a temporary file and prints what it saw as JSON
// (test/gateway.test.mjs checks it): three signed requests verify; a fourth row
// written by an old port's JSON.stringify canonicaliser is the first failure and
// is diagnosed as that drift; a bad signing seed is a KeyError.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KeyError, type EntryRow } from 'nexuscone';
import { AuditGateway, JsonlStore, diagnoseMismatches } from './gateway.js';

/** What an old TypeScript port stored: sorted keys, but JavaScript's escaping and numbers. */
function driftedCanonical(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record).sort().map((k) => `${JSON.stringify(k)}:${driftedCanonical(record[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

function portRow(previous: EntryRow): EntryRow {
  const fields = {
    action: 'tool.invoke',
    actor: 'zoë',
    entry_id: Number(previous.entry_id) + 1,
    event_type: 'tool_call',
    payload: driftedCanonical({ tool: 'search', score: 0.00001 }),
    previous_hash: previous.entry_hash,
    timestamp: '2026-01-02T03:04:05.000006Z',
  };
  const entryHash = createHash('sha256').update(driftedCanonical(fields)).digest('hex');
  return { ...fields, entry_hash: entryHash, format_version: 2 };
}

const dir = mkdtempSync(path.join(tmpdir(), 'gateway-'));
try {
  const store = new JsonlStore(path.join(dir, 'audit.jsonl'));
  const gateway = new AuditGateway(store, { keyId: 'gateway-1', seedHex: '42'.repeat(32) });
  const rows = [
    gateway.record({ actor: 'alice', action: 'tool.invoke', payload: { tool: 'search', query: 'café' } }),
    gateway.record({ actor: 'bob', action: 'model.call', payload: { model: 'm', tokens: 1234 } }),
    gateway.record({ actor: 'alice', action: 'export', payload: { rows: [1, 2, 3], ratio: 0.5 } }),
  ];
  const before = gateway.verify();

  appendFileSync(store.path, `${driftedCanonical(portRow(rows[2]))}\n`);
  const after = gateway.verify();
  const diagnoses = diagnoseMismatches(store.rows());

  let error = '';
  try {
    new AuditGateway(store, { keyId: 'gateway-2', seedHex: 'not hex' });
  } catch (e) {
    error = e instanceof KeyError ? e.code : 'not a KeyError';
  }

  console.log(JSON.stringify({
    ids: rows.map((row) => row.entry_id),
    before: { valid: before.valid, entries: before.entries, verified: before.statuses.verified },
    after: { valid: after.valid, first: after.first_failure },
    diagnoses: diagnoses.map((d) => ({ entry: d.entry_id, drift: d.hash_drift })),
    error,
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

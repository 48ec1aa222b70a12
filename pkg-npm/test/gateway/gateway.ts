// A gateway-shaped consumer of the `nexuscone` package, written as the TypeScript
// gateways that carried their own ports would use it: each request is appended to
// the audit ledger with ChainWriter and stored as a JSONL row; the stored ledger is
// verified against the key the gateway signs with; rows whose hash does not match
// are diagnosed (was it a drifted JavaScript canonicaliser?). test/gateway.test.mjs
// type-checks it with `tsc --strict` against the packed tarball, then runs main.ts.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import {
  ChainWriter,
  canonicalJson,
  diagnoseDrift,
  verifyChain,
  type DriftDiagnosis,
  type EntryRow,
  type JsonValue,
  type Report,
} from 'nexuscone';

/** What the gateway audits about one request. */
export interface AuditedRequest {
  actor: string;
  action: string;
  payload: { [key: string]: JsonValue };
}

/** An append-only JSONL file: one canonical row per line, as `nexuscone export` writes. */
export class JsonlStore {
  constructor(readonly path: string) {
    writeFileSync(path, '');
  }

  append(row: EntryRow): void {
    appendFileSync(this.path, `${canonicalJson(row)}\n`);
  }

  bytes(): Uint8Array {
    return readFileSync(this.path);
  }

  rows(): EntryRow[] {
    const lines = readFileSync(this.path, 'utf8').split('\n').filter((line) => line !== '');
    return lines.map((line) => JSON.parse(line) as EntryRow);
  }
}

/** Signs and stores every request; verifies what is stored. */
export class AuditGateway {
  readonly #writer: ChainWriter;
  readonly #publicKeys: Record<string, string>;

  constructor(readonly store: JsonlStore, signer: { keyId: string; seedHex: string }) {
    this.#writer = new ChainWriter({ signer });
    const key = this.#writer.publicKeyHex;
    if (key === null) throw new Error('a signed writer has a public key');
    this.#publicKeys = { [signer.keyId]: key };
  }

  record(request: AuditedRequest): EntryRow {
    const row = this.#writer.append({ ...request, eventType: 'tool_call' });
    this.store.append(row);
    return row;
  }

  /** The stored ledger, checked against the gateway's own key; every entry must be signed. */
  verify(): Report {
    return verifyChain(this.store.bytes(), { publicKeys: this.#publicKeys, requireSignatures: true });
  }
}

/** The stored rows whose hash is not the one Python computes, each with its diagnosis. */
export function diagnoseMismatches(rows: EntryRow[]): DriftDiagnosis[] {
  return rows.map((row) => diagnoseDrift(row)).filter((diagnosis) => !diagnosis.hash_matches);
}

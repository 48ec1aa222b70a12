// Type declarations for `nexuscone` (hand-written; the API is stable across the
// node, browser and bundler entry points).

/** A JSON-compatible JavaScript value. Integral numbers are Python `int`s; `bigint` is exact. */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };

/**
 * One row of the `entries` table, with the storage column names. Legacy v0.1.0
 * rows have no `event_type` or `format_version`. `payload` is the stored canonical
 * JSON string; an object is accepted and canonicalised. (A type, not an interface,
 * so that a row is a {@link JsonValue}: `canonicalJson(row)` is its JSONL line.)
 */
export type EntryRow = {
  entry_id: number | bigint;
  timestamp: string;
  actor: string;
  action: string;
  event_type?: string;
  format_version?: number | bigint;
  payload: string | JsonValue;
  previous_hash: string;
  entry_hash: string;
  signature?: string | null;
  signing_key_id?: string | null;
  /** Format 3 only: hex SHA-256 of `salt || payload`, which the entry hash covers. */
  payload_hash?: string | null;
  /** Format 3 only: the 32-byte salt as hex; absent once redacted. */
  payload_salt?: string | null;
};

/** Options of {@link verifyChain} and {@link verifyChainStream}. */
export interface VerifyOptions {
  /**
   * Entry-signing public keys: key id to 64-hex Ed25519 key (either case), or the text
   * of a key file (`{"id": "hex"}` or `id hex` lines), read by the CLI's `--keys` rules.
   * Without them signatures are not checked (a bundle's own keys are used, marked
   * self-asserted).
   */
  publicKeys?: Record<string, string> | string;
  /** Trusted witness public keys (hex), as an object label -> key, an array, or key-file text. */
  witnessKeys?: Record<string, string> | string[] | string;
  /** Policy: every entry must carry a verified signature. */
  requireSignatures?: boolean;
  /**
   * A signed checkpoint note (C2SP tlog-checkpoint, e.g. from `nexuscone checkpoint`
   * or {@link signCheckpoint}). The ledger must hold at least its size, with the same
   * Merkle root at that size: this catches cut-off newest rows and forks, which the
   * hash chain alone cannot. Needs `verifierKeys`; the report's `checkpoint` says
   * whether it matched.
   */
  checkpoint?: string;
  /** Note verifier keys (`name+id+base64`, as `nexuscone vkey` prints) that must have signed `checkpoint`. */
  verifierKeys?: string | string[];
  /**
   * Bitcoin block headers you vouch for (your node, several explorers), for anchors'
   * OpenTimestamps proofs: one 80-byte header per line as 160 hex digits, optionally
   * after its height (`bitcoin-cli getblockheader HASH false` prints one). Each Bitcoin
   * attestation is checked against the header of its block (merkle root, proof of
   * work); without them it reads "not checked against Bitcoin". In browsers, needs
   * {@link initAnchors} first.
   */
  bitcoinHeaders?: string | Uint8Array;
  /**
   * Trusted TSA root certificates (PEM, or one DER certificate), for anchors' RFC 3161
   * time-stamp tokens: the signer must chain to one, valid at the token's genTime.
   * Without them a validly signed token reads "signer not checked". In browsers, needs
   * {@link initAnchors} first.
   */
  tsaRoots?: string | Uint8Array;
}

/** Where {@link ChainWriter} continues: the ledger's newest entry. */
export type ChainHead = { entryId: number; entryHash: string } | Pick<EntryRow, 'entry_id' | 'entry_hash'>;

/** Options of {@link ChainWriter}. */
export interface ChainWriterOptions {
  /** The ledger's newest entry (its row, or `{ entryId, entryHash }`); absent for an empty ledger. */
  head?: ChainHead | null;
  /** 2 (default): what nexuscone 0.2.1 writes. 3: salted payload commitments, so that redaction truly erases. */
  formatVersion?: 2 | 3;
  /** Signs every appended entry with Ed25519 (as `Ed25519Signer.from_seed(keyId, seedHex)`). */
  signer?: { keyId: string; seedHex: string } | null;
}

/** One entry for {@link ChainWriter.append}, as the arguments of Python's `Ledger.log`. */
export interface NewEntry {
  actor: string;
  action: string;
  /** The payload value; stored as its canonical JSON. Integral numbers are Python `int`s. */
  payload?: JsonValue;
  /** The payload as JSON text instead of `payload`, for floats JavaScript cannot tell from ints (`1.0`, `-0.0`, `1e+22`). */
  payloadJson?: string;
  /** Default `request`, as Python's. */
  eventType?: string;
  /** `%Y-%m-%dT%H:%M:%S.%fZ` in UTC; default: now. */
  timestamp?: string;
  /** Format 3 only: the 32-byte salt as hex; default: 32 random bytes from the platform's CSPRNG. */
  salt?: string;
}

/**
 * Appends entries to a ledger, returning each row exactly as `nexuscone` 0.2.1's
 * `Ledger.log` stores it (byte for byte once written as canonical JSON): the caller
 * stores the row. The writer tracks the head, so consecutive appends link.
 */
export class ChainWriter {
  /**
   * @throws {InvalidInputError} `INVALID_INPUT` for a malformed head.
   * @throws {KeyError} `INVALID_KEY` for a seed that is not 64 hex characters.
   * @throws {UnsupportedError} `NOT_SUPPORTED` for a format version other than 2 or 3.
   */
  constructor(options?: ChainWriterOptions);
  /**
   * Computes the next row (`entry_id` = head + 1, `previous_hash` = head hash, entry
   * hash, signature) and makes it the head.
   * @throws {InvalidInputError} `INVALID_INPUT` for a missing field, `INVALID_JSON`
   * for `payloadJson` that is not JSON, `UNSUPPORTED_VALUE` for a payload JSON cannot hold.
   */
  append(entry: NewEntry): EntryRow;
  /** The signer's public key (hex) for the verifier's `publicKeys`, or `null` when unsigned. */
  readonly publicKeyHex: string | null;
  /** The format version of the appended rows. */
  readonly formatVersion: 2 | 3;
  /** Releases the wasm memory now rather than at garbage collection. */
  free(): void;
}

/** Options of {@link redact}. */
export interface RedactOptions {
  /** The entry to redact. */
  entryId: number;
  /** Why (recorded in the marker and in the redaction entry). */
  reason: string;
  /** Who redacted it. */
  redactedBy: string;
  /** The redaction entry's timestamp, `%Y-%m-%dT%H:%M:%S.%fZ`; default: now. */
  timestamp?: string;
}

/** The two rows a redaction writes. */
export interface Redaction {
  /** The entry with its payload replaced by the redaction marker: store it in place of the original row. */
  redacted: EntryRow;
  /** The redaction entry (unsigned, format 2) recording it: append it after the ledger's newest entry. */
  redactionEntry: EntryRow;
}

/** A finding of a {@link DisclosureReport}. */
export interface DisclosureFinding {
  entry_id: number | null;
  /** The member of the document: `entries[2]`, `proofs[1]`, `consistency[0]`, `checkpoint`. */
  location: string;
  /** `checkpoint_signature`, `leaf_index`, `inclusion`, `hash_mismatch`, `bad_signature`, ... */
  kind: string;
  message: string;
}

/** What {@link verifyBundle} found: field for field `nexuscone verify BUNDLE --json`. */
export interface DisclosureReport {
  /** True for the verdicts `valid` and `valid_with_limits`. */
  valid: boolean;
  /** `valid`, `valid_with_limits`, `checkpoint_unverified` (no verifier key given) or `invalid`. */
  verdict: 'valid' | 'valid_with_limits' | 'checkpoint_unverified' | 'invalid';
  /** The checkpoint: `origin`, `size`, `root`, `signature` (`verified`, `not_checked`, `invalid`), `signed_by`. */
  checkpoint: { origin: string; size: number; root: string; signature: string; signed_by: string[] };
  /** Each disclosed entry: `entry_id`, `leaf_index`, `status`, `included`, `hash_recomputed`, `link_checked`. */
  entries: Array<Record<string, unknown>>;
  /** Each consistency proof from an older checkpoint. */
  consistency: Array<Record<string, unknown>>;
  failures: DisclosureFinding[];
  /** What was proven, as sentences (only when nothing failed). */
  proven: string[];
  /** What was not proven, and why: `{ kind, message }`. */
  not_proven: Array<{ kind: string; message: string }>;
}

/** Options of {@link verifyBundle}. */
export interface VerifyBundleOptions {
  /** Note verifier keys (`name+id+base64`) for the checkpoint. Without them the verdict is `checkpoint_unverified`. */
  verifierKeys?: string | string[];
  /** Entry-signing keys you trust (key id to hex). Without them the bundle's own keys are used, and reported as self-asserted. */
  publicKeys?: Record<string, string>;
}

/** A located finding of a {@link Report}. */
export interface Finding {
  entry_id: number | null;
  attestation_id: number | null;
  /** The anchor the finding is at, if it concerns one. */
  anchor_id?: number;
  /** The registered witness the finding is at (a mistyped witness row), if it concerns one. */
  witness_id?: number;
  /** `broken_link`, `hash_mismatch`, `bad_signature`, `unknown_key`, `witness_mismatch`, `field_type`, `ledger_key`, ... */
  kind: string;
  message: string;
}

/** What protects a run of entries (`docs/FORMAT.md`, "Assurance"). */
export interface AssuranceCover {
  /** Signatures verified with keys you supplied, witnesses whose keys you supplied, a checkpoint you supplied, or anchors verified against headers or TSA roots you supplied. */
  by: 'signature' | 'witness' | 'checkpoint' | 'anchor';
  entries: number;
  first_entry_id: number;
  last_entry_id: number;
  message: string;
}

/**
 * How far a ledger can be relied on. A chain that links proves only that its entries
 * agree with each other; an entry is protected only by something you supplied.
 */
export interface Assurance {
  /** `invalid`; `unprotected` (consistent, but nothing you supplied covers any entry); `partly_protected`; `protected` (every entry covered). */
  level: 'invalid' | 'unprotected' | 'partly_protected' | 'protected';
  /** A sentence saying what the level means for this ledger. */
  message: string;
  protected_entries: number;
  unprotected_entries: number;
  covers: AssuranceCover[];
  /** Entries nothing you supplied covers, as spans (the first 1,000). */
  unprotected: Array<{ first_entry_id: number; last_entry_id: number; entries: number }>;
}

/** The verdict on one proof of an anchor (`docs/FORMAT.md`, "Report kinds"). */
export interface AnchorTrack {
  status: 'verified' | 'not_checked' | 'pending' | 'failed';
  /** `bitcoin`, `trusted`, `not_checked_against_bitcoin`, `signer_not_checked`, `pending`, `proofs_not_loaded`, ... or the first failure's kind. */
  kind: string;
  message: string;
  /** When verified: the time the anchored head existed by (RFC 3339 UTC). */
  existed_by?: string;
  existed_by_unix?: number;
  problems?: Array<{ finding: string; kind: string; message: string }>;
}

/** One `anchors` row: its proofs checked and its head bound to the entries (SPEC §10). */
export interface Anchor {
  anchor_id: number;
  chain_head_entry_id: number | null;
  chain_head_hash: string;
  /** Verified only if bound and a track is verified against a trust input. */
  status: 'verified' | 'not_checked' | 'pending' | 'failed';
  binding: 'bound' | 'head_mismatch' | 'past_end' | 'missing_entry' | 'unreadable';
  binding_problem?: { finding: string; kind: string; message: string };
  /** The OpenTimestamps track, when the row holds a proof. */
  ots: AnchorTrack | null;
  /** The RFC 3161 track, when the row holds a token. */
  tst: AnchorTrack | null;
  /** For a verified anchor: "entries 1..N existed by TIME". */
  covers: { first_entry_id: number; last_entry_id: number; existed_by: string; existed_by_unix: number; message: string } | null;
}

/**
 * The verification report, field for field what the Rust CLI's `verify --json`
 * prints (snake_case, `null` for absent values).
 */
export interface Report {
  /** How far the ledger can be relied on: read this first (`valid` alone says only that nothing failed). */
  assurance: Assurance;
  valid: boolean;
  verdict: string;
  entries: number;
  last_entry_id: number | null;
  first_failure: Finding | null;
  failures: Finding[];
  failures_total: number;
  warnings: Finding[];
  warnings_total: number;
  statuses: Record<string, number>;
  status_runs: Array<{ first: number; last: number; value: string }>;
  signers: Array<Record<string, unknown>>;
  witnesses: Array<Record<string, unknown>>;
  coverage: Record<string, unknown>;
  /** What was not verified: `{ kind, message, hint? }`, `hint` naming the option that lifts it (e.g. `options.publicKeys`). */
  limits: Array<{ kind: string; message: string; hint?: string }>;
  /** The ledger's anchors (SQLite and bundles; a JSONL export carries none). */
  anchors: Anchor[];
  [field: string]: unknown;
}

/** Progress of {@link verifyChainStream}, after each chunk. */
export interface StreamProgress {
  /** Entries verified so far. */
  entries: number;
  /** Bytes consumed so far. */
  bytes: number;
}

/** An RFC 9162 inclusion proof; `path` holds hex node hashes, leaf first. */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  path: string[];
}

/** An RFC 9162 consistency proof; `path` holds hex node hashes. */
export interface ConsistencyProof {
  oldSize: number;
  newSize: number;
  path: string[];
}

/** The answer of a proof check: a proof that does not verify is not an exception. */
export interface ProofOutcome {
  valid: boolean;
  /** Why it did not verify; `null` when valid. */
  message: string | null;
}

/** A checkpoint (C2SP tlog-checkpoint) to sign; `root` in hex. */
export interface CheckpointFields {
  origin: string;
  size: number;
  root: string;
  extensions?: string[];
}

/** A checkpoint whose signature verified. */
export interface OpenedCheckpoint {
  origin: string;
  size: number;
  root: string;
  extensions: string[];
  /** Names of the trusted keys whose signatures verified. */
  verifiedBy: string[];
  /** The authenticated note text. */
  text: string;
}

/** A set of JavaScript canonicalisation drifts. */
export interface Drift {
  /** Non-ASCII written raw (`JSON.stringify`), not as `\uXXXX`. */
  non_ascii_unescaped: boolean;
  /** Keys sorted by UTF-16 code unit, not by code point. */
  utf16_key_order: boolean;
  /** Numbers printed as JavaScript doubles (`1` for `1.0`, `0.00001` for `1e-05`). */
  js_numbers: boolean;
}

/** What {@link diagnoseDrift} found. */
export interface DriftDiagnosis {
  entry_id: number;
  /** The stored hash is what Python computes. */
  hash_matches: boolean;
  /** The hash Python computes (`null` for an unknown format version). */
  expected_hash: string | null;
  /** The drift that reproduces the stored hash, if any. */
  hash_drift: Drift | null;
  /** The drift whose output is the stored payload, when it is not Python's canonical form. */
  payload_drift: Drift | null;
  message: string;
}

/**
 * Why an input or trust input could not be read: the core's stable kind, the same in
 * the Rust CLI's `verify --json` error and the viewer (docs/FORMAT.md, "Input error kinds").
 */
export type InputErrorKind =
  | 'empty_input' | 'invalid_json' | 'invalid_row' | 'invalid_sqlite' | 'not_a_ledger'
  | 'unknown_schema' | 'invalid_value' | 'wal_mode' | 'disclosure_bundle' | 'invalid_key'
  | 'invalid_key_file' | 'invalid_verifier_key' | 'no_verifier_keys' | 'invalid_checkpoint'
  | 'invalid_bitcoin_headers' | 'invalid_tsa_roots' | 'not_canonical' | 'invalid_proof'
  | 'io' | 'usage';

/** An input error as the `nexuscone` bin prints it under `--json`: `{ "error": InputErrorObject }`, as the Rust CLI. */
export interface InputErrorObject {
  kind: InputErrorKind;
  message: string;
  line?: number;
  offset?: number;
  entry_id?: number;
  /** The key id of a key-file key. */
  key?: string;
}

/** Base class of every error this package throws. */
export class NexusconeError extends Error {
  /** Stable machine-readable code, e.g. `INVALID_JSON`, `INVALID_KEY`, `NOT_SUPPORTED`. */
  readonly code: string;
  /** For input the core could not read (a ledger or a trust option): its kind. */
  readonly kind?: InputErrorKind;
  /** The key id of a key that could not be read. */
  readonly key?: string;
  /** The entry concerned, where one is known. */
  readonly entryId?: number;
  /** 1-based line of the input (JSONL line, or line in a JSON text). */
  readonly line?: number;
  /** Byte offset in the input. */
  readonly offset?: number;
  /** 1-based column, in code points. */
  readonly column?: number;
  /** Index in an array argument (entry hashes, proof path). */
  readonly index?: number;
}
/** Input that could not be read (codes `INVALID_JSON`, `INVALID_ROW`, `INVALID_INPUT`, `INVALID_HASH`, `UNSUPPORTED_VALUE`, `TOO_DEEP`). */
export class InvalidInputError extends NexusconeError {}
/** A key that could not be read (`INVALID_KEY`). */
export class KeyError extends NexusconeError {}
/** Not supported: `UNKNOWN_FORMAT` (a format_version with no hash rule), `NOT_SUPPORTED` (a writer format other than 2 or 3). */
export class UnsupportedError extends NexusconeError {}
/** A proof request whose sizes or indexes do not fit (`INVALID_PROOF_REQUEST`). */
export class ProofError extends NexusconeError {}
/** A checkpoint or signed note that does not open (`INVALID_CHECKPOINT`). */
export class CheckpointError extends NexusconeError {}
/** Wrong state: `FINISHED` stream, `NOT_INITIALIZED` module (browser entry before `init()`). */
export class StateError extends NexusconeError {}
/** The WebAssembly module trapped (`INTERNAL`): a bug; report it with the input. */
export class InternalError extends NexusconeError {}

/**
 * Loads the WebAssembly module. Required once in browsers and bundlers before any
 * other call (default: fetch the .wasm next to the module); a no-op in Node.js,
 * where the module is instantiated synchronously at import.
 * @param input where to load `nexuscone.wasm` from: a URL (string or `URL`), a
 * `Request` or `Response`, its bytes, or a compiled `WebAssembly.Module`. Typed as
 * `string | object` so that these declarations need neither the DOM library nor
 * Node's types.
 */
export function init(input?: string | object): Promise<void>;

/**
 * Loads the anchors module (OpenTimestamps, Bitcoin headers, RFC 3161: a second
 * WebAssembly file, `nexuscone-anchors.wasm`, kept out of the main download). In
 * browsers, call it before verifying a ledger with anchors or passing `bitcoinHeaders`
 * or `tsaRoots`; until then anchor proofs are reported `not_checked` (kind
 * `proofs_not_loaded`), never verified, and those options throw a `StateError`. A
 * no-op in Node.js, which loads the module synchronously when a ledger has anchors.
 * @param input where to load it from, as for {@link init}.
 */
export function initAnchors(input?: string | object): Promise<void>;

/**
 * Canonical JSON of a JavaScript value, byte-identical to Python's
 * `json.dumps(v, sort_keys=True, separators=(",", ":"))` (ensure_ascii, code point key order).
 * Integral doubles print without `.0`; `BigInt` prints exactly; `undefined` members are skipped.
 * @throws {InvalidInputError} `UNSUPPORTED_VALUE` for undefined, functions, Map/Set; `TOO_DEEP` for cycles.
 */
export function canonicalJson(value: JsonValue): string;

/**
 * The canonical form of JSON text, byte-identical to Python's `canonical_json(json.loads(text))`.
 * @throws {InvalidInputError} `INVALID_JSON` with `offset`, `line`, `column`.
 */
export function canonicalize(jsonText: string | Uint8Array): string;

/** Lowercase hex SHA-256 of a string (as UTF-8) or of bytes. */
export function sha256Hex(data: string | Uint8Array): string;

/**
 * The entry hash of a row, under the rule its `format_version` selects (1, 2, or 3:
 * format 3 hashes the salted commitment `payload_hash` instead of the payload).
 * @throws {UnsupportedError} `UNKNOWN_FORMAT` for any other version.
 * @throws {InvalidInputError} `INVALID_ROW` for a missing or mistyped field.
 */
export function computeEntryHash(row: EntryRow): string;

/**
 * Verifies a whole ledger: its bytes or text in any format (SQLite, JSONL, bundle, told
 * apart by their content), a parsed bundle
 * object, or an array of rows. Returns the Rust CLI's `verify --json` report;
 * a tampered ledger is `valid: false`, not an exception. Bytes are the fastest
 * input (a file or `Response.arrayBuffer()`): text is first encoded to UTF-8.
 * @throws {InvalidInputError} for unreadable input (`line`/`offset` say where).
 * @throws {KeyError} for unreadable keys (or a `checkpoint` without `verifierKeys`).
 * @throws {CheckpointError} `INVALID_CHECKPOINT` when `checkpoint` does not open with `verifierKeys`.
 */
export function verifyChain(
  input: string | Uint8Array | ArrayBuffer | EntryRow[] | Record<string, unknown>,
  options?: VerifyOptions,
): Report;

/**
 * Verifies the bytes of a ledger in any format: an SQLite database, a JSONL export or
 * a bundle, told apart by their content as the CLI and the viewer do. `fileName` is
 * only a hint for an empty input. Returns the CLI's `verify --json` report.
 * @throws {InvalidInputError} for input that is not a ledger (`line`/`offset` where known).
 * @throws {KeyError} for unreadable keys.
 */
export function verifyInput(
  input: string | Uint8Array | ArrayBuffer,
  options?: VerifyOptions,
  fileName?: string,
): Report;

/** The format the bytes are read as: `'sqlite'`, `'jsonl'`, `'bundle'`, `'disclosure'`, or `null` when empty. */
export function detectFormat(input: string | Uint8Array | ArrayBuffer): 'sqlite' | 'jsonl' | 'bundle' | 'disclosure' | null;

/**
 * Verifies a ledger arriving in chunks (e.g. `fs.createReadStream(path)` or a
 * `ReadableStream`): a JSONL export with memory that does not grow with the ledger
 * (a bundle or an SQLite database is verified once complete). Chunks are
 * bytes or strings, split anywhere (inside a line, a UTF-8 sequence or a
 * surrogate pair).
 * @param onProgress called after each chunk.
 */
export function verifyChainStream(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options?: VerifyOptions,
  onProgress?: (progress: StreamProgress) => void,
): Promise<Report>;

/**
 * RFC 9162 Merkle root (hex) over entry hashes (leaves: the raw 32 bytes of each
 * `entry_hash`, in entry order), for the first `size` of them (default all).
 * Hashes as hex strings, or as one `Uint8Array` of 32-byte hashes.
 */
export function merkleRoot(entryHashes: string[] | Uint8Array, size?: number): string;

/** Inclusion proof of entry `index` (0-based) in the tree of the first `size` entry hashes. */
export function inclusionProof(entryHashes: string[] | Uint8Array, index: number, size?: number): InclusionProof;

/** Checks an inclusion proof of `entryHash` against a trusted `root`. */
export function verifyInclusion(root: string, entryHash: string, proof: InclusionProof): ProofOutcome;

/** Consistency proof between the trees of the first `oldSize` and `newSize` entry hashes. */
export function consistencyProof(entryHashes: string[] | Uint8Array, oldSize: number, newSize?: number): ConsistencyProof;

/** Checks that the tree with `oldRoot` is a prefix of the tree with `newRoot`. */
export function verifyConsistency(oldRoot: string, newRoot: string, proof: ConsistencyProof): ProofOutcome;

/**
 * Signs a checkpoint as a C2SP signed note with `PRIVATE+KEY+name+id+base64` keys.
 * @throws {KeyError} @throws {CheckpointError}
 */
export function signCheckpoint(checkpoint: CheckpointFields, signerKeys: string | string[]): string;

/**
 * Opens a signed checkpoint with trusted `name+id+base64` verifier keys and checks its origin.
 * @throws {CheckpointError} when no trusted signature verifies, one is invalid, or the origin differs.
 */
export function verifyCheckpoint(note: string, verifierKeys: string | string[], origin: string): OpenedCheckpoint;

/**
 * For a row whose stored hash does not match, says whether a known drifted
 * JavaScript canonicalisation (unescaped non-ASCII, UTF-16 key order, JS number
 * formatting) reproduces it.
 */
export function diagnoseDrift(row: EntryRow): DriftDiagnosis;

/** The `format_version`s whose hash rule this build implements (`[1, 2, 3]`). */
export function supportedFormatVersions(): number[];

/**
 * Verifies a selective-disclosure bundle (`nexuscone disclose`): that each disclosed
 * entry is in the tree the signed checkpoint commits to, hashes to its `entry_hash`
 * and carries a valid signature. A bundle that does not verify is `valid: false`.
 * @param bundle the JSON document, as text or bytes (exactly as written: it must be canonical).
 * @throws {InvalidInputError} `INVALID_JSON` or `INVALID_INPUT` (with `offset`) for a document that does not read.
 * @throws {KeyError} for unreadable keys.
 */
export function verifyBundle(bundle: string | Uint8Array | ArrayBuffer, options?: VerifyBundleOptions): DisclosureReport;

/**
 * Redacts one entry's payload while keeping the ledger verifiable: returns the row
 * to store in place of the entry (payload replaced by a marker; a format-3 entry
 * also loses its salt) and the redaction entry to append. The entry keeps its hash
 * and signature; {@link verifyChain} then reports it as `redacted` (and, for
 * formats 1 and 2, a limit: its header fields can no longer be recomputed).
 * @param input the ledger: JSONL text or bytes, or an array of rows.
 * @throws {InvalidInputError} for unreadable input, or an entry that is absent or already redacted.
 */
export function redact(input: string | Uint8Array | ArrayBuffer | EntryRow[], options: RedactOptions): Redaction;

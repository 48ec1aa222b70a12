
// Node.js only (scripts/build.sh appends this to the Node entry's types).

/** Options of {@link verifyFile}: those of {@link verifyChain}, and the threads to use. */
export interface VerifyFileOptions extends VerifyOptions {
  /** Worker threads checking hashes, payloads and signatures (default: the machine's cores). */
  threads?: number;
}

/** Progress of {@link verifyFile}. */
export interface FileProgress {
  /** Entries verified so far. */
  entries: number;
  /** Bytes of the file read so far. */
  bytes: number;
  /** Bytes in the file. */
  totalBytes: number;
}

/**
 * Verifies a ledger file (SQLite, JSONL or bundle, told apart by their content) from
 * disk, with the independent checks of its entries (hash, canonical payload,
 * signature) spread over `options.threads` worker threads and the rest (links,
 * order, witnesses, the report) in order on this thread: the same report as
 * {@link verifyChain} on the file's bytes. A JSONL export is read as it arrives,
 * with memory bounded by the batches out with the threads; an SQLite database is read
 * a page at a time from the file as its rows are (a bounded page cache), so it is never
 * held whole; a bundle is read once complete.
 * @param onProgress called after each chunk read and as entries are verified.
 * @throws {InvalidInputError} for input that is not a ledger (`line`/`offset` where known).
 * @throws {KeyError} for unreadable keys.
 */
export function verifyFile(
  path: string,
  options?: VerifyFileOptions,
  onProgress?: (progress: FileProgress) => void,
): Promise<Report>;

/**
 * The RFC 9162 Merkle root (hex) over all `entryHashes`, as {@link merkleRoot} gives
 * it, with the hashing spread over `options.threads` worker threads (default: the
 * machine's cores): each thread hashes whole pieces of the leaves, and the pieces
 * join into the same root. Worth it for large trees (a million leaves).
 * @throws {InvalidInputError} as {@link merkleRoot} (`INVALID_HASH` with the index).
 */
export function merkleRootThreaded(
  entryHashes: string[] | Uint8Array,
  options?: { threads?: number },
): Promise<string>;

// `verifyFile`: a ledger file verified from disk with its independent checks spread
// over worker threads (verify-worker.js). The WebAssembly does all the work: a
// `PooledStream` on this thread reads the chunks (or, for a database, the pages it
// asks for, at their offsets) and accepts the checks in order, a `PoolHelper` in
// each thread checks batches. This file only moves bytes: chunks or pages of the
// file in, batches out to the threads, their checks back.
// `merkleRootThreaded`: a Merkle root whose pieces the threads hash (`MerklePieces`).

import { readFileSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as wasm from './wasm-bin/nexuscone_bin.js';
import { packHashes, withProofVerifier } from './options.js';
import { InvalidInputError, toNexusconeError } from './errors.js';
import { merkleRoot } from './api.js';

const CHUNK = 1 << 20;

// Rows of a database read between two turns of handing out batches.
const ROWS = 4096;

// The module compiled once and handed to every thread (a compiled module can be
// posted to a worker), so that starting a thread only instantiates it.
// It is the Node-only module (dist/wasm-bin/, feature `bin`), which holds the pool.
let compiled = null;
function wasmModule() {
  if (!compiled) {
    compiled = new WebAssembly.Module(readFileSync(new URL('./wasm-bin/nexuscone_bin_bg.wasm', import.meta.url)));
    wasm.initSync({ module: compiled });
  }
  return compiled;
}

// Batches out with each thread at a time: one to check, one waiting.
const IN_FLIGHT = 2;

function threadCount(threads) {
  if (threads === undefined) return typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new InvalidInputError('verifyFile: options.threads must be a positive integer', 'INVALID_INPUT');
  }
  return threads;
}

// The threads, each with a queue of the answers it owes.
class Threads {
  constructor(count, stream) {
    this.stream = stream;
    this.failure = null;
    this.keysSent = false;
    this.waiters = [];
    this.threads = Array.from({ length: count }, () => this.#start());
  }

  #start() {
    const worker = new Worker(new URL('./verify-worker.cjs', import.meta.url), { workerData: { module: wasmModule() } });
    const thread = { worker, out: 0 };
    thread.worker.on('message', (message) => {
      thread.out -= 1;
      try {
        if (message.error) throw toNexusconeError(Object.assign(new Error(message.error.message), message.error));
        this.stream.accept(message.checks);
      } catch (error) {
        this.failure ??= toNexusconeError(error);
      }
      this.#wake();
    });
    thread.worker.on('error', (error) => {
      this.failure ??= error;
      this.#wake();
    });
    return thread;
  }

  #wake() {
    for (const wake of this.waiters.splice(0)) wake();
  }

  // Hands out every ready batch a thread has room for.
  dispatch() {
    for (const thread of this.threads) {
      while (thread.out < IN_FLIGHT) {
        const batch = this.stream.takeBatch();
        if (!batch) return;
        thread.worker.postMessage({ batch }, [batch.buffer]);
        thread.out += 1;
      }
    }
  }

  // Hands out batches and takes answers until at most `left` batches are pending.
  async drain(left, progress) {
    if (!this.keysSent && this.stream.keys()) {
      for (const { worker } of this.threads) worker.postMessage({ keys: this.stream.keys() });
      this.keysSent = true;
    }
    if (!this.keysSent) return;
    this.dispatch();
    while (this.stream.pending > left) {
      if (this.failure) throw this.failure;
      await new Promise((resolve) => this.waiters.push(resolve));
      if (this.failure) throw this.failure;
      this.dispatch();
      progress();
    }
  }

  async close() {
    await Promise.all(this.threads.map(({ worker }) => worker.terminate()));
  }
}

function call(fn) {
  try {
    return fn();
  } catch (error) {
    throw toNexusconeError(error);
  }
}

// `readAt(offset, length)` for the WebAssembly's page reader: the bytes of the file
// at `offset`, in a buffer reused for every read (the WebAssembly copies them).
function bytesAt(fd) {
  let buffer = Buffer.allocUnsafe(1 << 16);
  return (offset, length) => {
    if (length > buffer.length) buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const read = readSync(fd, buffer, done, length - done, offset + done);
      if (read === 0) break;
      done += read;
    }
    return buffer.subarray(0, done);
  };
}

export async function verifyFile(path, options = {}, onProgress = undefined) {
  const { threads, ...verifyOptions } = options ?? {};
  const count = threadCount(threads);
  wasmModule();
  const stream = call(() => new wasm.PooledStream(withProofVerifier(verifyOptions), String(path)));
  let file = null;
  let pool = null;
  try {
    file = await open(path, 'r');
    pool = new Threads(count, stream);
    const { size } = await file.stat();
    const progress = () => onProgress?.({ entries: stream.entries, bytes: stream.bytes, totalBytes: size });
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      call(() => stream.push(buffer.subarray(0, bytesRead)));
      if (stream.wantsPages) break;
      // Read on only while the threads have little queued: memory stays bounded.
      await pool.drain(count * IN_FLIGHT * 2, progress);
      progress();
    }
    if (stream.wantsPages) {
      call(() => stream.openPages(size, bytesAt(file.fd)));
      while (call(() => stream.readRows(ROWS))) {
        await pool.drain(count * IN_FLIGHT * 2, progress);
        progress();
      }
    }
    call(() => stream.endInput());
    await pool.drain(0, progress);
    return call(() => stream.finish());
  } finally {
    await pool?.close();
    await file?.close();
    stream.free();
  }
}

// The hashes a thread computes for one piece of the leaves.
function pieceHashes(worker, piece) {
  return new Promise((resolve, reject) => {
    const done = (message) => {
      worker.off('error', reject);
      if (message.error) reject(toNexusconeError(Object.assign(new Error(message.error.message), message.error)));
      else resolve(message.hashes);
    };
    worker.once('message', done);
    worker.once('error', reject);
    worker.postMessage(piece, [piece.piece.buffer]);
  });
}

// `entryHashes` as `merkleRoot` takes them packed: 32 raw bytes or 64 hex characters
// per leaf; `null` when they do not pack.
function packed(entryHashes) {
  if (entryHashes instanceof Uint8Array) return { bytes: entryHashes, width: 32, hex: false };
  const hex = Array.isArray(entryHashes) ? packHashes(entryHashes) : null;
  return hex && { bytes: hex, width: 64, hex: true };
}

export async function merkleRootThreaded(entryHashes, options = {}) {
  const count = threadCount(options?.threads);
  const leaves = packed(entryHashes);
  // What does not pack gets merkleRoot's answer, or its error with the index.
  if (!leaves || leaves.bytes.length % leaves.width !== 0) return merkleRoot(entryHashes);
  const module = wasmModule();
  const pieces = new wasm.MerklePieces(leaves.bytes.length / leaves.width, count);
  const workers = Array.from({ length: count }, () => new Worker(new URL('./verify-worker.cjs', import.meta.url), { workerData: { module } }));
  try {
    const hashes = new Array(pieces.count);
    let next = 0;
    await Promise.all(workers.map(async (worker) => {
      while (next < pieces.count) {
        const index = next++;
        const piece = leaves.bytes.slice(pieces.start(index) * leaves.width, pieces.end(index) * leaves.width);
        hashes[index] = await pieceHashes(worker, { piece, hex: leaves.hex });
      }
    }));
    return call(() => pieces.root(hashes));
  } catch (error) {
    if (error.code === 'INVALID_HASH') return merkleRoot(entryHashes);
    throw error;
  } finally {
    pieces.free();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

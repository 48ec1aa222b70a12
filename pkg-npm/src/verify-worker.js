// A worker thread of `verifyFile` (file.js): checks the batches of entries it is
// sent with the WebAssembly's `PoolHelper` and sends back their checks; for
// `merkleRootThreaded`, hashes the pieces of leaves it is sent. Bundled into
// dist/verify-worker.cjs.

import { parentPort, workerData } from 'node:worker_threads';
import { initSync, merklePieceHashes, PoolHelper } from './wasm-bin/nexuscone_bin.js';

// The module file.js compiled (the Node-only build, dist/wasm-bin/).
initSync({ module: workerData.module });

let helper = null;
function errorOf(error) {
  return { error: { name: error.name, message: error.message, code: error.code, offset: error.offset, index: error.index } };
}

parentPort.on('message', ({ keys, batch, piece, hex }) => {
  if (piece) {
    try {
      const hashes = merklePieceHashes(hex ? { hex: piece } : piece);
      parentPort.postMessage({ hashes }, [hashes.buffer]);
    } catch (error) {
      parentPort.postMessage(errorOf(error));
    }
    return;
  }
  if (keys) {
    helper?.free();
    helper = new PoolHelper(keys);
    return;
  }
  try {
    const checks = helper.check(batch);
    parentPort.postMessage({ checks }, [checks.buffer]);
  } catch (error) {
    parentPort.postMessage(errorOf(error));
  }
});

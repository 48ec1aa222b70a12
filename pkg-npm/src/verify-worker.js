// A worker thread of `verifyFile` (file.js): checks the batches of entries it is
// sent with the WebAssembly's `PoolHelper` and sends back their checks. Bundled
// into dist/verify-worker.cjs.

import { parentPort, workerData } from 'node:worker_threads';
import { initSync, PoolHelper } from './wasm-bin/nexuscone_bin.js';

// The module file.js compiled (the Node-only build, dist/wasm-bin/).
initSync({ module: workerData.module });

let helper = null;
parentPort.on('message', ({ keys, batch }) => {
  if (keys) {
    helper?.free();
    helper = new PoolHelper(keys);
    return;
  }
  try {
    const checks = helper.check(batch);
    parentPort.postMessage({ checks }, [checks.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: { name: error.name, message: error.message, code: error.code, offset: error.offset } });
  }
});

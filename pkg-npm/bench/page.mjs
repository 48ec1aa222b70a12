// The in-page half of browser.mjs: loads the package (dist/browser.js, `init()`)
// and the pure-JavaScript @noble port, fetches the inputs from the runner and times
// one workload on one implementation per call.
import { init, verifyChain, merkleRoot, verifyInclusion } from '/dist/browser.js';
import * as noble from './noble.mjs';
import { meanMs } from './timing.mjs';

await init();
const [unsigned, signed, hashes, publicKeys, inclusion] = await Promise.all(
  ['unsigned.jsonl', 'signed.jsonl', 'hashes.json', 'keys.json', 'proofs.json'].map(async (name) => {
    const response = await fetch(`/data/${name}`);
    return name.endsWith('.json') ? response.json() : response.text();
  }),
);

const workloads = {
  unsigned: {
    nexuscone: () => verifyChain(unsigned),
    noble: () => noble.verifyChain(unsigned),
  },
  signed: {
    nexuscone: () => verifyChain(signed, { publicKeys }),
    noble: () => noble.verifyChain(signed, publicKeys),
  },
  merkle: {
    nexuscone: () => merkleRoot(hashes),
    noble: () => noble.merkleRoot(hashes),
  },
  proofs: {
    nexuscone: () => inclusion.items.every(({ entryHash, proof }) => verifyInclusion(inclusion.root, entryHash, proof).valid),
    noble: () => inclusion.items.every(({ entryHash, proof }) => noble.verifyInclusion(inclusion.root, entryHash, proof)),
  },
};

/** The answers each implementation gives, so the runner can check that they agree. */
export function answers() {
  const ours = { unsigned: verifyChain(unsigned), signed: verifyChain(signed, { publicKeys }) };
  return {
    nexuscone: { unsigned: ours.unsigned.valid, signed: ours.signed.statuses.verified, merkle: merkleRoot(hashes), proofs: workloads.proofs.nexuscone() },
    noble: { unsigned: noble.verifyChain(unsigned).valid, signed: noble.verifyChain(signed, publicKeys).count, merkle: noble.merkleRoot(hashes), proofs: workloads.proofs.noble() },
  };
}

/** Mean milliseconds of one run of `workload` on `impl` (see `meanMs`). */
export function time(workload, impl, minMs) {
  return meanMs(workloads[workload][impl], minMs);
}

// The browser entry loads the anchors module only when asked (`initAnchors()`): before,
// anchor proofs are reported not checked (never verified) and anchor trust options are
// refused; after, the same call verifies them. Run in Node with the modules' bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init, initAnchors, StateError, verifyChain } from '../dist/browser.js';
import { fixture } from './support/helpers.mjs';

const dist = new URL('../dist/', import.meta.url);

test('before initAnchors() proofs are not checked and trust options are refused; after, they verify', async () => {
  await init(readFileSync(new URL('wasm/nexuscone_wasm_bg.wasm', dist)));
  const bundle = fixture('anchored.bundle.json');
  const before = verifyChain(bundle);
  assert.ok(before.anchors.length > 0);
  for (const a of before.anchors) {
    assert.notEqual(a.status, 'verified');
    for (const track of [a.ots, a.tst].filter(Boolean)) assert.equal(track.kind, 'proofs_not_loaded');
  }
  const limit = before.limits.find((l) => l.kind === 'anchors_not_verified');
  assert.equal(limit.hint, 'initAnchors()');
  const trust = { bitcoinHeaders: fixture('anchored.bitcoin-headers'), tsaRoots: fixture('anchored.tsa-roots.pem') };
  assert.throws(() => verifyChain(bundle, trust), (e) => e instanceof StateError && /initAnchors/.test(e.message));

  await initAnchors(readFileSync(new URL('wasm-anchors/nexuscone_anchors_bg.wasm', dist)));
  const after = verifyChain(bundle, trust);
  assert.equal(after.anchors.find((a) => a.anchor_id === 1).status, 'verified');
  assert.ok(!after.limits.some((l) => l.kind === 'anchors_not_verified'));
});

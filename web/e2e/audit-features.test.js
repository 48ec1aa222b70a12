// End-to-end tests of the audit features: the timeline, the checkpoint trust anchor,
// the Merkle inclusion path in the detail pane and the printable report.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.js');

const KEYS = fs.readFileSync(path.join(h.FIXTURES, 'keys.json'), 'utf8');
// A checkpoint of fixtures/ledgers/signed.jsonl at its full size (55), written by
// `nexuscone checkpoint` with a test-only seed, and the matching verifier key.
const CHECKPOINT = fs.readFileSync(path.join(__dirname, 'data', 'signed.checkpoint'), 'utf8');
const VKEY = fs.readFileSync(path.join(__dirname, 'data', 'signed.vkey'), 'utf8').trim();

let browser;
before(async () => { browser = await h.launch(); });
after(async () => { await browser.close(); });

const shown = (page) => page.innerText('[data-testid=shown-count]');

test('the timeline counts every entry per bucket, marks failures, and a click filters the table to that range', async () => {
  const { context, page, errors } = await h.open(browser, { query: '?demo=tampered' });
  await h.verdict(page);
  await page.waitForSelector('[data-testid=timeline] svg');
  const buckets = page.locator('[data-testid=timeline-bucket]');
  const n = await buckets.count();
  assert.ok(n > 1, `${n} buckets`);
  const counts = await buckets.evaluateAll((els) => els.map((e) => [Number(e.dataset.entries), Number(e.dataset.failures)]));
  assert.strictEqual(counts.reduce((a, [e]) => a + e, 0), 55);
  assert.ok(counts.some(([, f]) => f > 0), 'a bucket with failures');
  assert.ok(await page.locator('[data-testid=timeline] .bar-fail[height]:not([height="0"])').count() > 0);
  const i = counts.findIndex(([e]) => e > 0 && e < 55);
  await buckets.nth(i).click();
  await page.waitForFunction((want) => document.querySelector('[data-testid=shown-count]').innerText.startsWith(`${want} of 55`), counts[i][0]);
  assert.notStrictEqual(await page.inputValue('[data-testid=filter-from]'), '');
  await h.shot(page, '10-timeline-bucket-filter');
  // A typed range: everything before the first timestamp is nothing.
  await page.click('text=Clear filters');
  await page.fill('[data-testid=filter-to]', '1971-01-01T00:00:00Z');
  await page.press('[data-testid=filter-to]', 'Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=shown-count]').innerText.startsWith('0 of 55'));
  await page.fill('[data-testid=filter-to]', '');
  await page.fill('[data-testid=filter-from]', '1971-01-01');
  await page.press('[data-testid=filter-from]', 'Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=shown-count]').innerText.startsWith('55 of 55'));
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('a signed checkpoint is checked: matched on the ledger, a cut-off ledger fails, bad keys are named', async () => {
  const { context, page, errors } = await h.open(browser);
  await h.setKeys(page, KEYS);
  await h.loadFile(page, path.join(h.FIXTURES, 'signed.jsonl'));
  await h.verdict(page);
  assert.match(await page.innerText('[data-testid=limits]'), /no checkpoint/);
  await h.useCheckpoint(page, VKEY, CHECKPOINT);
  await page.waitForFunction(() => /matches it/.test(document.querySelector('[data-testid=checkpoint-current]').innerText));
  let v = await h.verdict(page);
  assert.notStrictEqual(v.kind, 'invalid', v.text);
  assert.doesNotMatch(v.text, /no checkpoint/);
  assert.doesNotMatch(await page.innerText('[data-testid=summary]').catch(() => ''), /no checkpoint/);
  await h.shot(page, '11-checkpoint-matched');
  // The newest row cut off: the checkpoint names the missing entry.
  await h.loadFile(page, path.join(h.FIXTURES, 'tamper_delete_last.jsonl'));
  await page.waitForFunction(() => document.querySelector('[data-testid=input-info]')?.innerText.startsWith('tamper_delete_last'));
  await h.keepTrust(page); // trust is per ledger: kept for this one by choice
  v = await h.verdict(page);
  assert.strictEqual(v.kind, 'invalid', v.text);
  assert.match(v.text, /checkpoint/);
  assert.match(await page.innerText('[data-testid=checkpoint-current]'), /does NOT match/);
  await h.shot(page, '12-checkpoint-cut-off');
  // A malformed vkey and a note whose signed text was changed are refused by name.
  await h.useCheckpoint(page, 'not-a-vkey', CHECKPOINT);
  assert.match(await page.innerText('[data-testid=checkpoint-error]'), /verifier key, line 1/);
  await h.useCheckpoint(page, VKEY, CHECKPOINT.replace('\n55\n', '\n54\n'));
  assert.match(await page.innerText('[data-testid=checkpoint-error]'), /invalid signature for key example\.com\/nexuscone-e2e/);
  await h.shot(page, '13-checkpoint-bad-signature');
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('the detail pane draws the inclusion path to the checkpoint root, and a redacted entry links to its redaction', async () => {
  const { context, page, errors } = await h.open(browser);
  await h.setKeys(page, KEYS);
  await h.loadFile(page, path.join(h.FIXTURES, 'signed.jsonl'));
  await h.verdict(page);
  // Without a checkpoint: the path leads to the ledger's root at its size.
  await page.fill('[data-testid=filter-text]', '5');
  await page.click('.grid .row[data-entry-id="5"]');
  await page.waitForSelector('[data-testid=inclusion-path] [data-testid=path-step]');
  assert.match(await page.innerText('[data-testid=inclusion-path]'), /ledger root at size 55/);
  // 55 leaves: six levels for entry 5 (index 4).
  assert.strictEqual(await page.locator('[data-testid=path-step]').count(), 6);
  await h.useCheckpoint(page, VKEY, CHECKPOINT);
  await page.waitForFunction(() => /checkpoint .* root at size 55/.test(document.querySelector('[data-testid=inclusion-path]')?.innerText ?? ''));
  const rootB64 = CHECKPOINT.split('\n')[2];
  assert.strictEqual(await page.innerText('[data-testid=path-root]'), Buffer.from(rootB64, 'base64').toString('hex'));
  assert.match(await page.innerText('[data-testid=inclusion-path]'), /equals the signed checkpoint's root/);
  await page.locator('[data-testid=inclusion-path]').scrollIntoViewIfNeeded();
  await h.shot(page, '14-inclusion-path');
  // A redacted entry: its marker fields and a link to the redaction entry.
  await page.click('[data-testid=checkpoint-clear]');
  await h.loadFile(page, path.join(__dirname, 'data', 'signed-redacted.jsonl'));
  await page.waitForFunction(() => document.querySelector('[data-testid=input-info]')?.innerText.startsWith('signed-redacted'));
  await h.verdict(page);
  await page.fill('[data-testid=filter-text]', '7');
  await page.click('.grid .row[data-entry-id="7"]');
  const redaction = page.locator('[data-testid=redaction]');
  assert.match(await redaction.innerText(), /GDPR erasure request 42/);
  assert.match(await redaction.innerText(), /dpo@example\.com/);
  await page.locator('[data-testid=redaction]').scrollIntoViewIfNeeded();
  await h.shot(page, '15-redaction-marker');
  await page.click('[data-testid=redaction-link]');
  await page.waitForFunction(() => /Entry 56/.test(document.querySelector('[data-testid=detail] h2')?.innerText));
  assert.deepStrictEqual(errors, []);
  await context.close();
});

// Each trust anchor loaded from a file rather than pasted (input[type=file]).
test('trust anchors load from files: keys check the signatures, a checkpoint that does not match makes the verdict invalid', async () => {
  const { context, page, errors } = await h.open(browser);
  // Waits for a verdict of `kind` (or, with `not`, of any other kind) after a change.
  const settled = (page, kind, not = false) => page.waitForFunction(([k, n]) => {
    const v = document.querySelector('[data-testid=verdict]').dataset.verdict;
    return !['pending', 'idle'].includes(v) && (v === k) !== n;
  }, [kind, not]);
  await h.loadFile(page, path.join(h.FIXTURES, 'tamper_delete_last.jsonl'));
  let v = await h.verdict(page);
  assert.strictEqual(v.kind, 'limits', v.text);
  assert.match(await page.innerText('[data-testid=limits]'), /signatures unchecked/);
  // Keys of another signer, from a file: every signature is by an unknown key.
  const other = require('node:path').join(require('node:os').tmpdir(), `other-keys-${process.pid}.json`);
  const otherKey = require('node:crypto').generateKeyPairSync('ed25519').publicKey
    .export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  fs.writeFileSync(other, JSON.stringify({ 'key-other': otherKey }));
  await page.setInputFiles('#keys-file', other);
  await settled(page, 'invalid');
  fs.rmSync(other);
  assert.match(await page.innerText('[data-testid=status-counts]'), /unknown key/);
  // The right keys, from a file: the unknown-key failure and the unchecked limit go.
  await page.setInputFiles('#keys-file', path.join(h.FIXTURES, 'keys.json'));
  await settled(page, 'invalid', true);
  v = await h.verdict(page);
  assert.doesNotMatch(v.text, /signatures unchecked/);
  assert.doesNotMatch(await page.innerText('[data-testid=status-counts]'), /unknown key/);
  assert.match(await page.innerText('section[aria-label="Trust anchors"]'), /from keys\.json/);
  // Verifier key and checkpoint, each from a file: the checkpoint is of 55 entries and
  // this ledger lost its last one, so the verdict turns invalid and names the checkpoint.
  await page.setInputFiles('#vkeys-file', path.join(__dirname, 'data', 'signed.vkey'));
  await page.setInputFiles('#checkpoint-file', path.join(__dirname, 'data', 'signed.checkpoint'));
  await page.waitForFunction(() => document.querySelector('[data-testid=vkeys-text]').value.includes('nexuscone-e2e+')
    && document.querySelector('[data-testid=checkpoint-text]').value.includes('\n55\n'));
  await page.click('[data-testid=checkpoint-apply]');
  await settled(page, 'invalid');
  v = await h.verdict(page);
  assert.match(v.text, /checkpoint/);
  assert.match(await page.innerText('[data-testid=checkpoint-current]'), /does NOT match/);
  // The same files against the whole ledger: it matches.
  await h.loadFile(page, path.join(h.FIXTURES, 'signed.jsonl'));
  await page.waitForFunction(() => document.querySelector('[data-testid=input-info]')?.innerText.startsWith('signed.jsonl'));
  await h.keepTrust(page);
  await page.waitForFunction(() => /matches it/.test(document.querySelector('[data-testid=checkpoint-current]').innerText));
  v = await h.verdict(page);
  assert.notStrictEqual(v.kind, 'invalid', v.text);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('Print report opens a print view with the verdict, summary, limits, trust inputs and input hash', async () => {
  const { context, page, errors } = await h.open(browser, { query: '?demo=tampered' });
  const v = await h.verdict(page);
  // window.print() would block a headed browser; count the calls instead.
  await page.evaluate(() => { window.printCalls = 0; window.print = () => { window.printCalls += 1; }; });
  await page.click('[data-testid=print-button]');
  assert.strictEqual(await page.evaluate(() => window.printCalls), 1);
  assert.strictEqual(await page.locator('[data-testid=print-report]').isVisible(), false);
  await page.emulateMedia({ media: 'print' });
  const report = page.locator('[data-testid=print-report]');
  assert.strictEqual(await report.isVisible(), true);
  assert.strictEqual(await page.locator('[data-testid=filter-status]').isVisible(), false);
  assert.strictEqual(await page.locator('[data-testid=print-verdict]').innerText(), await page.innerText('[data-testid=headline]'));
  assert.match(v.text, /^INVALID/);
  const text = await report.innerText();
  const sha = (await page.innerText('[data-testid=input-info]')).match(/SHA-256 ([0-9a-f]{64})/)[1];
  assert.ok(text.includes(sha), 'input SHA-256');
  assert.match(text, /Limits/);
  assert.match(text, /Trust inputs/);
  assert.match(text, /Failures \(\d+\)/);
  await page.screenshot({ path: path.join(h.SHOTS, '16-print-view.png'), fullPage: true });
  assert.deepStrictEqual(errors, []);
  await context.close();
});

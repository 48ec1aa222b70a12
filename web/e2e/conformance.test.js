// The conformance table of issue 10 (fixtures/conformance/table.json) through the
// viewer: one page, every case in turn (trust files through the trust pickers, the
// input through the ledger picker, then the downloaded report, or the error shown
// with its data-error-* attributes), and the table's one
// judge (fixtures/conformance/conformance.mjs, shared with the CLI and npm runners).
// A case marked as a known gap for the viewer is reported as `todo` while it still
// fails, and fails once it passes (remove the mark).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./harness.js');

let browser;
let conformance;
let cases;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nexuscone-conformance-viewer-'));
before(async () => {
  conformance = await import(pathToFileURL(path.join(h.ROOT, 'fixtures', 'conformance', 'conformance.mjs')));
  cases = conformance.generate(dir);
  browser = await h.launch();
});
after(async () => {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// Counts every verdict change to "pending", so that a verdict can be told to be the
// answer to what was just loaded rather than the previous one.
async function countVerifications(page) {
  await page.evaluate(() => {
    window.verifications = 0;
    const banner = () => document.querySelector('[data-testid=verdict]');
    let last = banner()?.dataset.verdict;
    new MutationObserver(() => {
      const now = banner()?.dataset.verdict;
      if (now === 'pending' && last !== 'pending') window.verifications += 1;
      last = now;
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-verdict'] });
  });
}

const settled = (page, after) => page.waitForFunction((n) => {
  const verdict = document.querySelector('[data-testid=verdict]')?.dataset.verdict;
  return window.verifications > n && !['pending', 'idle'].includes(verdict);
}, after, { timeout: 60000 });

// The location attributes README.md §The outcome names, from a shown error.
const shownError = (locator) => locator.evaluate((el) => ({
  kind: el.dataset.errorKind,
  line: el.dataset.errorLine === undefined ? undefined : Number(el.dataset.errorLine),
  offset: el.dataset.errorOffset === undefined ? undefined : Number(el.dataset.errorOffset),
  entry_id: el.dataset.errorEntryId === undefined ? undefined : Number(el.dataset.errorEntryId),
  key: el.dataset.errorKey,
  message: el.innerText,
}));

// One file input of the Trust panel (`keys`, `witness-keys`, `bitcoin-headers` or
// `tsa-roots`): cleared, then the file through its picker; the shown error, if it
// refused the file.
async function setTrustFile(page, id, file) {
  await page.click(`[data-testid=${id}-clear]`);
  if (!file) return null;
  await page.setInputFiles(`#${id}-file`, file);
  const from = `from ${path.basename(file)}:`;
  const listed = `trusted-${id}`;
  await page.waitForFunction(([i, l, f]) => document.querySelector(`[data-testid=${i}-error]`)
    || document.querySelector(`[data-testid=${l}]`)?.previousElementSibling?.innerText.includes(f), [id, listed, from]);
  const error = page.locator(`[data-testid=${id}-error]`);
  return (await error.count()) ? { error: await shownError(error) } : null;
}

async function setCheckpoint(page, note, vkey) {
  await page.click('[data-testid=checkpoint-clear]');
  if (!note) return null;
  await page.fill('[data-testid=vkeys-text]', '');
  await page.fill('[data-testid=checkpoint-text]', '');
  await page.setInputFiles('#vkeys-file', vkey);
  await page.setInputFiles('#checkpoint-file', note);
  await page.waitForFunction(() => document.querySelector('[data-testid=vkeys-text]').value
    && document.querySelector('[data-testid=checkpoint-text]').value);
  await page.click('[data-testid=checkpoint-apply]');
  const error = page.locator('[data-testid=checkpoint-error]');
  return (await error.count()) ? { error: await shownError(error) } : null;
}

async function download(page, kase) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-report]')]);
  const document = JSON.parse(fs.readFileSync(await file.path(), 'utf8'));
  assert.strictEqual(document.input.sha256, conformance.sha256File(kase.input), `${kase.id}: the report is of this input`);
  return { download: document };
}

async function answer(page, kase) {
  const trustError = (await setTrustFile(page, 'keys', kase.trust.keys))
    ?? (await setTrustFile(page, 'witness-keys', kase.trust.witness_keys))
    ?? (await setTrustFile(page, 'bitcoin-headers', kase.trust.bitcoin_headers))
    ?? (await setTrustFile(page, 'tsa-roots', kase.trust.tsa_roots))
    ?? (await setCheckpoint(page, kase.trust.checkpoint, kase.trust.vkey));
  if (trustError) return trustError;
  // A trust change verifies the previous input again: let that finish first, so that
  // the next change to "pending" is this input's.
  await page.waitForFunction(() => document.querySelector('[data-testid=verdict]').dataset.verdict !== 'pending', null, { timeout: 60000 });
  const before = await page.evaluate(() => window.verifications);
  await h.loadFile(page, kase.input);
  await settled(page, before);
  const banner = page.locator('[data-testid=verdict]');
  if ((await banner.getAttribute('data-verdict')) === 'error') return { error: await shownError(banner) };
  // Trust never carries over to a new file: keep it for this one, as a user would.
  if (await page.locator('[data-testid=keep-trust]').count()) {
    const loaded = await page.evaluate(() => window.verifications);
    await page.click('[data-testid=keep-trust]');
    await settled(page, loaded);
  }
  return download(page, kase);
}

test('every conformance case gets the table\'s outcome through the viewer', async (t) => {
  const { context, page, requests, errors } = await h.open(browser);
  await countVerifications(page);
  const answers = {};
  for (const kase of cases) answers[kase.id] = conformance.outcomeOfViewer(await answer(page, kase));
  const verdicts = conformance.judge('viewer', cases, answers);
  for (const v of verdicts) {
    await t.test(v.id, { todo: v.result === 'gap' ? v.gap : false }, () => {
      assert.notStrictEqual(v.result, 'FIXED', `${v.id} gives the table's outcome: remove its known_gap mark for the viewer`);
      assert.deepStrictEqual(v.diff, [], `${v.id} through the viewer:\n${v.diff.join('\n')}`);
    });
  }
  const { text, ok } = conformance.summary('viewer', verdicts);
  console.log(text);
  assert.ok(ok, text);
  h.assertNoNetworkAfterLoad(assert, requests);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

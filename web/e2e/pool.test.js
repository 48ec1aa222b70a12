// The verifier worker's pool of helpers (web/src/pool.rs): the report downloaded
// after verifying with helpers equals the one worker's (`?workers=1`) on every
// fixture and on a ledger whose failures fall on the borders of the helpers'
// batches (also against checkpoints whose sizes fall on and across those borders),
// the Merkle tree the batches' workers build gives the inclusion paths and the root
// RFC 9162 gives, and a 100,000-entry SQLite database verifies through the pool,
// showing how far it is while its rows are read.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./harness.js');

const KEYS = fs.readFileSync(path.join(h.FIXTURES, 'keys.json'), 'utf8');
// Entries per batch in core (core/src/pool/mod.rs, BATCH_ENTRIES).
const BATCH = 1024;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'nexuscone-pool-'));
let browser;
before(async () => { browser = await h.launch(); });
after(async () => { await browser.close(); fs.rmSync(TMP, { recursive: true }); });

// A page verifying with `workers` workers in all, with `keys` trusted.
async function viewer(workers, keys) {
  const opened = await h.open(browser, { query: `?workers=${workers}` });
  await h.setKeys(opened.page, keys);
  return opened;
}

// Loads `file` and returns the downloaded report's core report and how many workers verified.
async function report(page, file, timeout = 60000) {
  await h.loadFile(page, file);
  await page.waitForFunction((name) => {
    const info = document.querySelector('[data-testid=input-info]');
    return info?.innerText.startsWith(name) && document.querySelector('[data-testid=summary]');
  }, path.basename(file), { timeout, polling: 100 });
  // Trust is per ledger (issue 13): keep the keys for this file, as a user would.
  await h.keepTrust(page);
  const workers = Number(await page.locator('[data-testid=summary]').getAttribute('data-workers'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-report]')]);
  return { report: JSON.parse(fs.readFileSync(await download.path(), 'utf8')).report, workers };
}

// Applies a checkpoint to the ledger on `page` and returns the downloaded report once
// the checkpoint panel shows its outcome.
async function checkpointReport(page, { note, vkey }, outcome) {
  await h.useCheckpoint(page, vkey, note);
  await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('[data-testid=checkpoint-current]')?.innerText),
    outcome.source, { polling: 100 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-report]')]);
  return JSON.parse(fs.readFileSync(await download.path(), 'utf8')).report;
}

// The detail pane's inclusion path of the entry at `index` (input order) and its root.
async function inclusion(page, id, index) {
  await page.fill('[data-testid=filter-text]', String(id));
  await page.click(`.grid .row[data-entry-id="${id}"]`);
  await page.waitForFunction((leaf) => document.querySelector('[data-testid=inclusion-path]')?.innerText.startsWith(leaf),
    `Leaf ${index} of`, { polling: 100 });
  return { path: await page.innerText('[data-testid=inclusion-path]'), root: await page.innerText('[data-testid=path-root]') };
}

test('with helpers, every fixture gets the report one worker gives', async () => {
  const one = await viewer(1, KEYS);
  const pool = await viewer(3, KEYS);
  let checked = 0;
  for (const file of fs.readdirSync(h.FIXTURES).filter((f) => /\.(jsonl|sqlite|bundle\.json)$/.test(f)).sort()) {
    const single = await report(one.page, path.join(h.FIXTURES, file));
    const pooled = await report(pool.page, path.join(h.FIXTURES, file));
    assert.strictEqual(single.workers, 1);
    assert.strictEqual(pooled.workers, 3);
    assert.deepStrictEqual(pooled.report, single.report, file);
    checked += 1;
  }
  assert.ok(checked >= 60, `checked ${checked}`);
  for (const { context, requests, errors } of [one, pool]) {
    h.assertNoNetworkAfterLoad(assert, requests);
    assert.deepStrictEqual(errors, []);
    await context.close();
  }
});

test('failures on the borders of batches are reported as by one worker', async () => {
  const ledger = path.join(TMP, 'borders.jsonl');
  const keys = path.join(TMP, 'borders-keys.json');
  execFileSync('node', [path.join(__dirname, 'make-ledger.js'), String(3 * BATCH + 5), ledger, keys]);
  const rows = fs.readFileSync(ledger, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  rows[BATCH - 1].payload = '{"n":-1}';
  rows[BATCH].signature = (rows[BATCH].signature.startsWith('00') ? '01' : '00') + rows[BATCH].signature.slice(2);
  rows[2 * BATCH - 1].previous_hash = 'ab'.repeat(32);
  rows.splice(2 * BATCH, 1);
  rows[3 * BATCH - 1].signing_key_id = 'nobody';
  fs.writeFileSync(ledger, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const one = await viewer(1, fs.readFileSync(keys, 'utf8'));
  const pool = await viewer(2, fs.readFileSync(keys, 'utf8'));
  const single = await report(one.page, ledger);
  const pooled = await report(pool.page, ledger);
  assert.ok(single.report.failures_total >= 5, JSON.stringify(single.report.failures));
  assert.deepStrictEqual(pooled.report, single.report);
  // The stored tree, built batch by batch where each was checked: the paths of the
  // entries on the batches' borders and in the last, partial batch lead to the root.
  const root = h.merkleRoot(rows.map((r) => r.entry_hash));
  for (const id of [BATCH, BATCH + 1, 2 * BATCH + 2, rows[rows.length - 1].entry_id]) {
    const index = rows.findIndex((r) => r.entry_id === id);
    const pooledPath = await inclusion(pool.page, id, index);
    assert.strictEqual(pooledPath.root, root, `entry ${id}`);
    assert.deepStrictEqual(await inclusion(one.page, id, index), pooledPath, `entry ${id}`);
  }
  // Checkpoints on a border (each batch's range taken whole), across one, and past
  // the end: the same checkpoint report either way.
  const hashes = rows.map((r) => r.entry_hash);
  for (const [size, outcome] of [[2 * BATCH, /matches it/], [BATCH + 7, /matches it/], [rows.length + 1, /does NOT match/]]) {
    const checkpoint = h.signedCheckpoint(size, h.merkleRoot(hashes.slice(0, Math.min(size, rows.length))));
    const single = await checkpointReport(one.page, checkpoint, outcome);
    assert.deepStrictEqual(await checkpointReport(pool.page, checkpoint, outcome), single, `checkpoint of size ${size}`);
    assert.strictEqual(single.checkpoint.matched, size <= rows.length);
  }
  await one.context.close();
  await pool.context.close();
});

test('a 100,000-entry SQLite database verifies through the pool', async () => {
  const n = 100000;
  const [jsonl, keys, sqlite] = ['l.jsonl', 'keys.json', 'l.sqlite'].map((f) => path.join(TMP, `${n}-${f}`));
  execFileSync('node', [path.join(__dirname, 'make-ledger.js'), String(n), jsonl, keys, sqlite]);
  const { context, page, errors } = await h.open(browser);
  await h.setKeys(page, fs.readFileSync(keys, 'utf8'));
  // Every progress line shown, to see that reading the rows shows how far it is.
  await page.evaluate(() => {
    window.progressSeen = new Set();
    new MutationObserver(() => {
      const line = document.querySelector('[data-testid=progress] span')?.innerText;
      if (line) window.progressSeen.add(line);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const { report: r, workers } = await report(page, sqlite, 600000);
  const seen = await page.evaluate(() => [...window.progressSeen]);
  assert.ok(seen.some((line) => /^Reading the database's entries: \d[\d\s]* read$/.test(line)), seen.join('\n'));
  assert.ok(workers >= 2, `${workers} workers`);
  assert.strictEqual(r.entries, n);
  assert.strictEqual(r.failures_total, 0);
  assert.strictEqual(r.statuses.verified, n);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

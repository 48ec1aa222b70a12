// Shared set-up for the end-to-end tests: one headless Chromium, pages on the site
// served from dist/ at NEXUSCONE_WEB_URL, and a record of every request a page makes.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'fixtures', 'ledgers');
const SHOTS = path.join(ROOT, 'test-output', 'web');
const BASE = process.env.NEXUSCONE_WEB_URL || 'http://127.0.0.1:8765/';

fs.mkdirSync(SHOTS, { recursive: true });

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}

// Opens the viewer; `requests.afterLoad` collects every request made once the app
// has rendered (none are allowed), `errors` every page error and CSP violation.
async function open(browser, { query = '', viewport = { width: 1280, height: 800 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const requests = { all: [], afterLoad: [], loaded: false };
  const errors = [];
  page.on('request', (r) => {
    requests.all.push(r.url());
    if (requests.loaded) requests.afterLoad.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(BASE + query);
  await page.waitForSelector('[data-testid=verdict]');
  await page.waitForLoadState('networkidle');
  requests.loaded = true;
  return { context, page, requests, errors };
}

async function verdict(page) {
  // Wait for a final verdict (not "verifying").
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=verdict]');
    return el && !['pending', 'idle'].includes(el.dataset.verdict);
  }, null, { timeout: 60000 });
  const el = page.locator('[data-testid=verdict]');
  return {
    text: await el.innerText(),
    kind: await el.getAttribute('data-verdict'),
    failing: await el.getAttribute('data-failing-entry'),
  };
}

async function loadFile(page, file) {
  await page.setInputFiles('#ledger-file', file);
}

// Loads a fixture ledger (fixtures/ledgers/NAME) and waits for its verdict.
async function loadFixture(page, name) {
  await loadFile(page, path.join(FIXTURES, name));
  await page.waitForFunction((n) => document.querySelector('[data-testid=input-info]')?.innerText.startsWith(n), name);
  return verdict(page);
}

// The serious and critical violations axe-core finds on the page as it is.
async function axe(page) {
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

async function setKeys(page, text) {
  await page.fill('[data-testid=keys-text]', text);
  await page.click('[data-testid=keys-apply]');
}

// Keeps the previous file's trust inputs for the file just loaded, if offered, and
// waits for the verification with them.
async function keepTrust(page) {
  if (await page.locator('[data-testid=keep-trust]').count() === 0) return;
  await page.click('[data-testid=keep-trust]');
  await page.waitForFunction(() => !/nothing you supplied/.test(document.querySelector('[data-testid=checked-with]')?.innerText ?? 'nothing you supplied'));
}

// Supplies a checkpoint note and its verifier key on the Trust panel.
async function useCheckpoint(page, vkey, note) {
  await page.fill('[data-testid=vkeys-text]', vkey);
  await page.fill('[data-testid=checkpoint-text]', note);
  await page.click('[data-testid=checkpoint-apply]');
}

// RFC 9162 §2.1.1 MTH over the leaves SHA-256(0x00 || entry_hash), written here
// apart from core's.
function merkleRoot(entryHashes) {
  const sha = (...parts) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
  const mth = (nodes) => {
    if (nodes.length === 1) return nodes[0];
    let k = 1;
    while (k * 2 < nodes.length) k *= 2;
    return sha(Buffer.from([1]), mth(nodes.slice(0, k)), mth(nodes.slice(k)));
  };
  return mth(entryHashes.map((h) => sha(Buffer.from([0]), Buffer.from(h, 'hex')))).toString('hex');
}

// A C2SP signed checkpoint note (tlog-checkpoint, signed-note) of `size` and `root`,
// signed here with a test-only seed, and its verifier key.
function signedCheckpoint(size, root) {
  const name = 'example.com/e2e';
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 5)]);
  const key = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const pub = Buffer.from(crypto.createPublicKey(key).export({ format: 'jwk' }).x, 'base64url');
  const material = Buffer.concat([Buffer.from([1]), pub]);
  const id = crypto.createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`), material])).digest().subarray(0, 4);
  const text = `${name}\n${size}\n${Buffer.from(root, 'hex').toString('base64')}\n`;
  const signature = crypto.sign(null, Buffer.from(text), key);
  return {
    note: `${text}\n\u2014 ${name} ${Buffer.concat([id, signature]).toString('base64')}\n`,
    vkey: `${name}+${id.toString('hex')}+${material.toString('base64')}`,
  };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

// The verifier worker's own files: a fresh worker (after Cancel) loads them again.
const WORKER_FILES = ['worker.js', 'nexuscone-worker.js', 'nexuscone-worker_bg.wasm'].map((f) => BASE + f);

// Only the site itself, and after loading only a fresh worker's own files.
function assertNoNetworkAfterLoad(assert, requests) {
  const remote = requests.afterLoad.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && !WORKER_FILES.includes(u));
  assert.deepStrictEqual(remote, [], 'requests after load');
  for (const u of requests.all) {
    assert.ok(u.startsWith(BASE) || u.startsWith('blob:') || u.startsWith('data:'), `off-site request ${u}`);
  }
}

module.exports = {
  launch, open, verdict, loadFile, loadFixture, axe, setKeys, keepTrust, useCheckpoint, merkleRoot, signedCheckpoint,
  shot, assertNoNetworkAfterLoad, FIXTURES, SHOTS, BASE, ROOT,
};

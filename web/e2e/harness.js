// Shared set-up for the end-to-end tests: one headless Chromium, pages on the site
// served from dist/ at NEXUSCONE_WEB_URL, and a record of every request a page makes.
'use strict';
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

module.exports = { launch, open, verdict, loadFile, loadFixture, axe, setKeys, keepTrust, shot, assertNoNetworkAfterLoad, FIXTURES, SHOTS, BASE, ROOT };

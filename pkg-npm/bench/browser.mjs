// The package in headless Chromium against a pure-JavaScript port on @noble/*
// (noble.mjs) in the same page, and against the Node baseline (baseline.mjs) in this
// process, on the same inputs in the same run. Each round times the three sides one
// right after the other; printed are each side's best time and the median of the
// per-round ratios (robust to load that changes between rounds).
// Not a timed test.
//   node bench/browser.mjs [--rounds N] [--smoke]
// Needs dist/ (npm run build), playwright-core in .cache/playwright and @noble/* in
// .cache/noble (bench/run.sh installs both), and Chromium (CHROMIUM, default
// /usr/bin/chromium). The page is served from 127.0.0.1 and loads nothing else.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nc from '../dist/node.js';
import * as old from './baseline.mjs';
import { ledger, proofs, publicKeys, sizes } from './ledgers.mjs';
import { meanMs } from './timing.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');
const cache = path.resolve(pkg, '..', '.cache');
const { chromium } = createRequire(path.join(cache, 'playwright', 'package.json'))('playwright-core');

const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke');
const rounds = smoke ? 1 : Number(argv[argv.indexOf('--rounds') + 1] || 3);
const minMs = smoke ? 0 : 400;
const n = sizes(smoke);

const unsigned = ledger(nc, n.unsigned, false);
const signed = ledger(nc, n.signed, true);
const hashes = unsigned.hashes.slice(0, n.hashes);
const inclusion = proofs(nc, hashes, n.proofs);
const data = {
  'unsigned.jsonl': unsigned.text,
  'signed.jsonl': signed.text,
  'hashes.json': JSON.stringify(hashes),
  'keys.json': JSON.stringify(publicKeys),
  'proofs.json': JSON.stringify(inclusion),
};

const inNodeProofsValid = () => inclusion.items.every(({ entryHash, proof }) => old.verifyInclusion(inclusion.root, entryHash, proof));

const page = `<!doctype html><meta charset="utf-8"><title>nexuscone bench</title>
<script type="importmap">{"imports": {
  "@noble/ed25519": "/noble/@noble/ed25519/index.js",
  "@noble/hashes/": "/noble/@noble/hashes/"
}}</script>
<script type="module">window.bench = import('/bench/page.mjs');</script>`;

const roots = { '/dist/': path.join(pkg, 'dist'), '/bench/': here, '/noble/': path.join(cache, 'noble', 'node_modules') };
const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

const server = createServer(async (request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  try {
    if (url.pathname === '/') return response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (url.pathname.startsWith('/data/') && data[url.pathname.slice(6)] !== undefined) {
      return response.writeHead(200).end(data[url.pathname.slice(6)]);
    }
    const prefix = Object.keys(roots).find((p) => url.pathname.startsWith(p));
    if (!prefix) throw new Error('not served');
    const file = path.join(roots[prefix], path.normalize(url.pathname.slice(prefix.length)));
    if (!file.startsWith(roots[prefix])) throw new Error('outside the served directory');
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-renderer-backgrounding', '--disable-background-timer-throttling'],
});
try {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  tab.on('request', (r) => {
    if (!r.url().startsWith(base)) errors.push(`request outside the local server: ${r.url()}`);
  });
  await tab.goto(`${base}/`);
  await tab.evaluate(() => window.bench);
  if (errors.length) throw new Error(errors.join('\n'));

  const answers = await tab.evaluate(async () => (await window.bench).answers());
  const expected = { unsigned: true, signed: n.signed, merkle: nc.merkleRoot(hashes), proofs: true };
  for (const impl of ['nexuscone', 'noble']) {
    if (JSON.stringify(answers[impl]) !== JSON.stringify(expected)) {
      throw new Error(`${impl} in the browser answered ${JSON.stringify(answers[impl])}, expected ${JSON.stringify(expected)}`);
    }
  }
  if (old.merkleRoot(hashes) !== expected.merkle || !old.verifyChain(signed.text, publicKeys).valid || !inNodeProofsValid()) {
    throw new Error('the Node baseline disagrees');
  }

  const inNode = {
    unsigned: () => old.verifyChain(unsigned.text),
    signed: () => old.verifyChain(signed.text, publicKeys),
    merkle: () => old.merkleRoot(hashes),
    proofs: inNodeProofsValid,
  };
  const timeNode = (fn) => meanMs(fn, minMs);
  const inPage = (workload, impl) =>
    tab.evaluate(async ([w, i, m]) => (await window.bench).time(w, i, m), [workload, impl, minMs]);

  const best = {};
  const ratios = {};
  const keep = (key, ms) => (best[key] = Math.min(best[key] ?? Infinity, ms));
  const ratio = (key, r) => (ratios[key] ??= []).push(r);
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (const workload of Object.keys(inNode)) {
    // One untimed run of each first, so that every side is compiled and warm.
    await inPage(workload, 'nexuscone');
    await inPage(workload, 'noble');
    for (let round = 0; round < rounds; round++) {
      const ours = await inPage(workload, 'nexuscone');
      const noble = await inPage(workload, 'noble');
      const baseline = timeNode(inNode[workload]);
      keep(`${workload}/nexuscone`, ours);
      keep(`${workload}/noble`, noble);
      keep(`${workload}/baseline`, baseline);
      ratio(`${workload}/noble`, noble / ours);
      ratio(`${workload}/baseline`, baseline / ours);
    }
  }

  const count = (k) => k.toLocaleString('en');
  const names = {
    unsigned: `verify ${count(n.unsigned)} unsigned entries (JSONL)`,
    signed: `verify ${count(n.signed)} signed entries (JSONL)`,
    merkle: `Merkle root over ${count(n.hashes)} hashes (hex strings)`,
    proofs: `verify ${count(n.proofs)} inclusion proofs (tree of ${count(n.hashes)})`,
  };
  const rows = Object.keys(inNode).map((w) => {
    const [ours, noble, baseline] = ['nexuscone', 'noble', 'baseline'].map((impl) => best[`${w}/${impl}`]);
    return {
      name: names[w],
      'nexuscone, Chromium (ms)': ours.toFixed(1),
      '@noble port, Chromium (ms)': noble.toFixed(1),
      'node:crypto baseline, Node (ms)': baseline.toFixed(1),
      'vs @noble': `${median(ratios[`${w}/noble`]).toFixed(2)}x`,
      'vs baseline': `${median(ratios[`${w}/baseline`]).toFixed(2)}x`,
    };
  });
  console.log(`Chromium ${browser.version()}, Node ${process.version}, best times and median ratios of ${rounds} round(s)${smoke ? ' (smoke run: inputs too small for the ratios to mean anything)' : ''}`);
  console.table(rows);
  console.log(JSON.stringify(rows));
} finally {
  await browser.close();
  server.close();
}

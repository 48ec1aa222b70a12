// Measures the viewer in headless Chromium: time to first render and time to read
// and verify a generated signed ledger of N entries (default 100 000).
// NEXUSCONE_WEB_URL=http://127.0.0.1:PORT/ node web/e2e/perf.js [N]
'use strict';
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./harness.js');

(async () => {
  const n = Number(process.argv[2] || 100000);
  const ledger = path.join(os.tmpdir(), `perf-${n}.jsonl`);
  const keys = path.join(os.tmpdir(), `perf-${n}-keys.json`);
  execFileSync('node', [path.join(__dirname, 'make-ledger.js'), String(n), ledger, keys]);
  // `perf.js N sqlite`: the same ledger as a SQLite database (Python's sqlite3 module).
  let input = ledger;
  if (process.argv[3] === 'sqlite') {
    input = ledger.replace(/\.jsonl$/, '.sqlite');
    execFileSync('python3', ['-c', `
import json, sqlite3, sys, os
src, dst = sys.argv[1], sys.argv[2]
if os.path.exists(dst): os.remove(dst)
db = sqlite3.connect(dst)
db.execute("CREATE TABLE entries (entry_id INTEGER PRIMARY KEY, timestamp TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, event_type TEXT NOT NULL DEFAULT 'request', format_version INTEGER NOT NULL DEFAULT 2, payload TEXT NOT NULL, previous_hash TEXT NOT NULL, entry_hash TEXT NOT NULL, signature TEXT, signing_key_id TEXT)")
cols = ["entry_id","timestamp","actor","action","event_type","format_version","payload","previous_hash","entry_hash","signature","signing_key_id"]
with open(src) as f:
    db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?)", ([r[c] for c in cols] for r in map(json.loads, f)))
db.commit()
`, ledger, input]);
  }
  const browser = await h.launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(h.BASE);
  await page.waitForSelector('[data-testid=verdict]');
  const firstRender = Date.now() - t0;
  const inPage = await page.evaluate(() => performance.now());
  await h.setKeys(page, require('node:fs').readFileSync(keys, 'utf8'));
  const t1 = Date.now();
  await h.loadFile(page, input);
  await page.waitForFunction(() => document.querySelector('[data-testid=verdict]').dataset.verdict !== 'pending' && document.querySelector('[data-testid=summary]'), null, { timeout: 600000 });
  const total = Date.now() - t1;
  const v = await h.verdict(page);
  const summary = await page.innerText('[data-testid=summary]');
  const verifyMs = Number((summary.match(/Verified in (\d+) ms/) || [])[1]);
  // Scroll to the middle and the end of the grid and time a frame.
  const scroll = await page.evaluate(async () => {
    const grid = document.querySelector('[data-testid=ledger-table]');
    const times = [];
    for (const f of [0.25, 0.5, 0.75, 1]) {
      const t = performance.now();
      grid.scrollTop = grid.scrollHeight * f;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      times.push(performance.now() - t);
    }
    return { times, rows: document.querySelectorAll('.grid .row').length };
  });
  await page.screenshot({ path: path.join(h.SHOTS, `perf-${n}.png`) });
  console.log(JSON.stringify({ input: path.basename(input), entries: n, first_render_ms: firstRender, first_render_in_page_ms: Math.round(inPage), load_and_verify_ms: total, verify_ms: verifyMs, rate_per_s: Math.round(n / (verifyMs / 1000)), verdict: v.kind, scroll }, null, 1));
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });

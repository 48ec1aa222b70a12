// Benchmarks the viewer's verifier in headless Chromium, with ratios measured in
// the same run: each variant of the site (e.g. the worker built at different
// wasm-opt levels) and each number of verifier workers (`?workers=K`), in rounds
// that alternate between them so that load from other processes falls on all alike.
// The best round of each counts.
//
// NEXUSCONE_BENCH_SITES="z=http://127.0.0.1:PORT/z/ s=http://127.0.0.1:PORT/s/" \
//   node web/e2e/bench.js --entries N [--format jsonl|sqlite] [--workers 1,2,all] [--rounds R] [--checkpoint]
// --checkpoint: every run again against a signed checkpoint of the whole ledger.
// Prints one JSON line per run, then a table: verification time in the worker
// (`data-verify-ms`) and from keeping the keys to the verdict, memory from the browser (the page's and
// the workers' WebAssembly memory), and the ratio to the first variant with the
// first number of workers.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./harness.js');

const MiB = 1 << 20;

function options() {
  const args = process.argv.slice(2);
  const value = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const sites = (process.env.NEXUSCONE_BENCH_SITES || `site=${h.BASE}`).trim().split(/\s+/)
    .map((s) => { const at = s.indexOf('='); return { name: s.slice(0, at), url: s.slice(at + 1) }; });
  return {
    entries: Number(value('entries', 100000)),
    format: value('format', 'jsonl'),
    workers: value('workers', '1').split(','),
    rounds: Number(value('rounds', 1)),
    checkpoints: args.includes('--checkpoint') ? [false, true] : [false],
    sites,
  };
}

// The signed ledger and its keys, written once per size into the temp directory,
// and a signed checkpoint of it when `checkpoint` asks for one.
function ledger(entries, format, checkpoint) {
  const base = path.join(os.tmpdir(), `nexuscone-bench-${entries}`);
  const files = { jsonl: `${base}.jsonl`, keys: `${base}-keys.json`, sqlite: `${base}.sqlite` };
  if (!Object.values(files).every((f) => fs.existsSync(f))) {
    execFileSync('node', [path.join(__dirname, 'make-ledger.js'), String(entries), files.jsonl, files.keys, files.sqlite]);
  }
  return {
    input: files[format],
    keys: fs.readFileSync(files.keys, 'utf8'),
    checkpoint: checkpoint ? h.signedCheckpoint(entries, h.merkleRoot(entryHashes(files.jsonl))) : null,
  };
}

// The `entry_hash` of every line of a JSONL export, read as bytes (a large export
// is longer than a JavaScript string may be).
function entryHashes(file) {
  const bytes = fs.readFileSync(file);
  const hashes = [];
  for (let start = 0; start < bytes.length;) {
    const end = bytes.indexOf(10, start);
    const line = bytes.subarray(start, end < 0 ? bytes.length : end);
    if (line.length > 0) hashes.push(JSON.parse(line.toString('utf8')).entry_hash);
    start = end < 0 ? bytes.length : end + 1;
  }
  return hashes;
}

// CPU seconds used so far by the processes below `root` (this script's: the browser,
// whose workers are threads of the page's renderer), from /proc: user + system time.
// Linux only; 0 elsewhere.
function cpuSeconds(root) {
  const children = new Map();
  let stats = [];
  try {
    stats = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return { pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
      } catch { return null; }
    }).filter(Boolean);
  } catch { return 0; }
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) || []), s]);
  let ticks = 0;
  const walk = (pid) => (children.get(pid) || []).forEach((s) => { ticks += s.ticks; walk(s.pid); });
  walk(root);
  return ticks / 100;
}

async function run(browser, url, workers, { input, keys, checkpoint }, withCheckpoint) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const query = workers === 'all' ? '' : `?workers=${workers}`;
  await page.goto(url + query);
  await page.waitForSelector('[data-testid=verdict]');
  await h.setKeys(page, keys);
  if (withCheckpoint) await h.useCheckpoint(page, checkpoint.vkey, checkpoint.note);
  await page.waitForLoadState('networkidle');
  await h.loadFile(page, input);
  await page.waitForSelector('[data-testid=summary]', { timeout: 1800000 });
  // Trust is per ledger (issue 13): the file was just verified without the keys. The
  // timed run is the one with them, kept for this file by the page's explicit choice
  // (the ledger is already read and parsed); the new run renders a new summary.
  await page.$eval('[data-testid=summary]', (s) => s.setAttribute('data-bench-stale', ''));
  const t = Date.now();
  const cpu = cpuSeconds(process.pid);
  await page.click('[data-testid=keep-trust]');
  await page.waitForSelector('[data-testid=summary]:not([data-bench-stale])', { timeout: 1800000 });
  const total = Date.now() - t;
  const cpuUsed = cpuSeconds(process.pid) - cpu;
  const summary = page.locator('[data-testid=summary]');
  const attr = async (name) => Number(await summary.getAttribute(name));
  const matched = /matches it/.test(await page.innerText('[data-testid=checkpoint-current]').catch(() => ''));
  if (matched !== withCheckpoint) throw new Error(`checkpoint ${withCheckpoint ? 'not matched' : 'matched unasked'}`);
  const result = {
    verdict: (await h.verdict(page)).kind,
    verify_ms: await attr('data-verify-ms'),
    verdict_ms: total,
    // CPU seconds per second of wall time while reading and verifying: how many
    // cores the browser kept busy.
    cpu_s: Math.round(cpuUsed * 10) / 10,
    cores_busy: Math.round((cpuUsed / (total / 1000)) * 100) / 100,
    workers_used: await attr('data-workers'),
    page_wasm_mib: Math.round((await attr('data-page-memory')) / MiB),
    worker_wasm_mib: Math.round((await attr('data-worker-memory')) / MiB),
  };
  await context.close();
  return result;
}

(async () => {
  const o = options();
  const files = ledger(o.entries, o.format, o.checkpoints.includes(true));
  const browser = await h.launch();
  const load = [os.loadavg()[0]];
  const best = new Map();
  for (let round = 0; round < o.rounds; round += 1) {
    for (const site of o.sites) {
      for (const workers of o.workers) {
        for (const checkpoint of o.checkpoints) {
          const r = await run(browser, site.url, workers, files, checkpoint);
          if (!['valid', 'limits'].includes(r.verdict)) throw new Error(`${site.name}, ${workers} workers: verdict ${r.verdict}`);
          console.log(JSON.stringify({ round, site: site.name, workers, checkpoint, ...r }));
          const key = `${site.name}|${workers}|${checkpoint ? 'checkpoint' : ''}`;
          if (!best.has(key) || best.get(key).verify_ms > r.verify_ms) best.set(key, r);
        }
      }
    }
  }
  load.push(os.loadavg()[0]);
  await browser.close();
  const [baseline] = best.values();
  console.log(`\n${o.entries} signed entries, ${o.format} (${Math.round(fs.statSync(files.input).size / MiB)} MiB), best of ${o.rounds}; ${os.cpus().length} cores; load average ${load.map((l) => l.toFixed(1)).join(' -> ')}`);
  console.log('| site | workers | verify (ms) | entries/s | keys kept to verdict (ms) | cores busy | page / worker wasm (MiB) | ratio |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const [key, r] of best) {
    const [site, count, checkpoint] = key.split('|');
    const workers = checkpoint ? `${count}, checkpoint` : count;
    const rate = Math.round(o.entries / (r.verify_ms / 1000));
    const ratio = (baseline.verify_ms / r.verify_ms).toFixed(2);
    console.log(`| ${site} | ${workers} (${r.workers_used}) | ${Math.round(r.verify_ms)} | ${rate} | ${r.verdict_ms} | ${r.cores_busy} | ${r.page_wasm_mib} / ${r.worker_wasm_mib} | **${ratio}x** |`);
  }
})().catch((e) => { console.error(e); process.exit(1); });

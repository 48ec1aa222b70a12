// Measures the viewer in headless Chromium: time to first render, and for a generated
// signed ledger of N entries (default 100 000): time to read and verify it in the
// worker, the longest main-thread task meanwhile, peak main-thread JS heap, the
// page's and the worker's WebAssembly memory, and a scroll through the table.
// NEXUSCONE_WEB_URL=http://127.0.0.1:PORT/ node web/e2e/perf.js [N] [sqlite]
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./harness.js');

const MiB = 1 << 20;

(async () => {
  const n = Number(process.argv[2] || 100000);
  const ledger = path.join(os.tmpdir(), `perf-${n}.jsonl`);
  const keys = path.join(os.tmpdir(), `perf-${n}-keys.json`);
  const sqlite = path.join(os.tmpdir(), `perf-${n}.sqlite`);
  if (![ledger, keys, sqlite].every((f) => fs.existsSync(f))) {
    execFileSync('node', [path.join(__dirname, 'make-ledger.js'), String(n), ledger, keys, sqlite]);
  }
  // `perf.js N sqlite`: the same ledger as a SQLite database.
  const input = process.argv[3] === 'sqlite' ? sqlite : ledger;
  const browser = await h.launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const t0 = Date.now();
  await page.goto(h.BASE);
  await page.waitForSelector('[data-testid=verdict]');
  const firstRender = Date.now() - t0;
  const inPage = await page.evaluate(() => performance.now());
  await h.setKeys(page, fs.readFileSync(keys, 'utf8'));
  await page.waitForLoadState('networkidle');

  // Long tasks on the page's main thread from here on (the page's CSP does not apply
  // to evaluated code).
  await page.evaluate(() => {
    window.__longest = 0;
    window.__longTasks = 0;
    window.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
        window.__longTasks += 1;
        window.__longest = Math.max(window.__longest, e.duration);
      }
    }).observe({ type: 'longtask' });
  });
  let peakHeap = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { metrics } = await cdp.send('Performance.getMetrics');
      peakHeap = Math.max(peakHeap, metrics.find((m) => m.name === 'JSHeapUsedSize').value);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  const t1 = Date.now();
  const p1 = await page.evaluate(() => performance.now());
  await h.loadFile(page, input);
  await page.waitForSelector('.grid .row:not(.head)', { timeout: 1800000 });
  const rowsShown = Date.now() - t1;
  const p2 = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => document.querySelector('[data-testid=summary]'), null, { timeout: 1800000, polling: 250 });
  const total = Date.now() - t1;
  sampling = false;
  await sampler;
  const v = await h.verdict(page);
  const summary = page.locator('[data-testid=summary]');
  const verifyMs = Number(await summary.getAttribute('data-verify-ms'));
  const workerMemory = Number(await summary.getAttribute('data-worker-memory'));
  const pageMemory = Number(await summary.getAttribute('data-page-memory'));
  const { longest, longTasks, tasks, p3 } = await page.evaluate(() => ({ longest: window.__longest, longTasks: window.__longTasks, tasks: window.__tasks, p3: performance.now() }));
  // PERF_DEBUG=1: when each long task started, against the file being picked, the
  // first rows shown and the verdict (page clock, ms).
  if (process.env.PERF_DEBUG) console.log(JSON.stringify({ picked: Math.round(p1), rows: Math.round(p2), done: Math.round(p3), long_tasks: tasks }));
  // Scroll to the middle and the end of the grid and time a frame.
  const scroll = await page.evaluate(async () => {
    const grid = document.querySelector('[data-testid=ledger-table]');
    const times = [];
    for (const f of [0.25, 0.5, 0.75, 1]) {
      const t = performance.now();
      grid.scrollTop = grid.scrollHeight * f;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      times.push(Math.round(performance.now() - t));
    }
    return { frame_ms: times, rows_in_dom: document.querySelectorAll('.grid .row').length };
  });
  await page.screenshot({ path: path.join(h.SHOTS, `perf-${n}.png`) });
  const mib = (b) => Math.round(b / MiB);
  console.log(JSON.stringify({
    input: path.basename(input),
    input_mib: mib(fs.statSync(input).size),
    entries: n,
    first_render_ms: firstRender,
    first_render_in_page_ms: Math.round(inPage),
    rows_shown_ms: rowsShown,
    load_and_verify_ms: total,
    verify_ms: verifyMs,
    verify_rate_per_s: Math.round(n / (verifyMs / 1000)),
    verdict: v.kind,
    main_thread_longest_task_ms: Math.round(longest),
    main_thread_long_tasks: longTasks,
    main_js_heap_peak_mib: mib(peakHeap),
    main_wasm_memory_mib: mib(pageMemory),
    worker_wasm_memory_mib: mib(workerMemory),
    scroll,
  }, null, 1));
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });

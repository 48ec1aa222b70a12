// The packed tarball installs into an empty project with no network and no build
// step, ships what it should, and works through a Vite build for browsers.
// Vite comes from `.cache/vite-check/` (installed once by scripts/test.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { consumerProject, viteModules } from './support/consumer.mjs';
import { pkgDir } from './support/helpers.mjs';

test('the packed tarball ships the built entry points and types, not the sources', () => {
  const project = consumerProject();
  try {
    const installed = path.join(project, 'node_modules', 'nexuscone');
    for (const file of ['index.d.ts', 'index.d.cts', 'node.d.ts', 'node.d.cts', 'node.js', 'node.cjs', 'verify-worker.cjs', 'browser.js',
      'wasm/nexuscone_wasm_bg.wasm', 'wasm-anchors/nexuscone_anchors_bg.wasm', 'wasm-bin/nexuscone_bin_bg.wasm']) {
      assert.ok(existsSync(path.join(installed, 'dist', file)), `dist/${file} is shipped`);
    }
    assert.ok(!existsSync(path.join(installed, 'src')), 'sources are not shipped');
    assert.ok(!existsSync(path.join(installed, 'test')), 'tests are not shipped');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test('what a browser downloads before initAnchors() (wasm, glue, entry points) stays under 300 KB gzipped', () => {
  const dist = path.join(pkgDir, 'dist');
  const files = ['wasm/nexuscone_wasm_bg.wasm', 'wasm/nexuscone_wasm.js',
    ...readdirSync(dist).filter((f) => f.endsWith('.js'))];
  const gzipped = files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(dist, f)), { level: 9 }).length, 0);
  assert.ok(gzipped < 300_000, `${gzipped} bytes gzipped (${files.join(', ')})`);
});

test('a Vite build of a page using the package bundles the JS and the .wasm', { skip: existsSync(path.join(viteModules, 'vite')) ? false : 'vite not installed in .cache/vite-check (run scripts/test.sh)' }, () => {
  const project = consumerProject({
    'package.json': JSON.stringify({ name: 'page', private: true, type: 'module' }),
    'index.html': '<!doctype html><script type="module" src="./main.js"></script>',
    'main.js': `
      import { init, canonicalJson } from 'nexuscone';
      await init();
      document.body.textContent = canonicalJson({ hello: 'wörld' });
    `,
    'vite.config.js': 'export default { build: { target: "es2022", logLevel: "warn" } };',
  });
  try {
    for (const dep of readdirSync(viteModules)) {
      const target = path.join(project, 'node_modules', dep);
      if (!existsSync(target)) symlinkSync(path.join(viteModules, dep), target);
    }
    execFileSync(process.execPath, [path.join(viteModules, 'vite', 'bin', 'vite.js'), 'build'], { cwd: project, stdio: 'pipe' });
    const assets = readdirSync(path.join(project, 'dist', 'assets'));
    assert.ok(assets.some((a) => a.endsWith('.wasm')), `a .wasm asset: ${assets}`);
    const js = assets.filter((a) => a.endsWith('.js')).map((a) => readFileSync(path.join(project, 'dist', 'assets', a), 'utf8')).join('\n');
    assert.match(js, /canonicalJson|NexusconeError/);
    assert.doesNotMatch(js, /node:fs/, 'the browser bundle does not pull in the Node entry');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

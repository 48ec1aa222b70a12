// The packed tarball installs into an empty project with no network and no build
// step, and works both as Node ESM and through a Vite build for browsers.
// Vite comes from `.cache/vite-check/` (installed once by scripts/test.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync, existsSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pkgDir, repoDir } from './support/helpers.mjs';

const viteDir = path.join(repoDir, '.cache', 'vite-check', 'node_modules');
const offline = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };

function packedTarball(dir) {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: pkgDir, encoding: 'utf8' });
  return path.join(dir, out.trim().split('\n').pop());
}

function freshProject(tarball) {
  const dir = mkdtempSync(path.join(tmpdir(), 'nexuscone-consumer-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: dir, env: offline, stdio: 'pipe' });
  return dir;
}

test('the packed tarball installs offline and imports as Node ESM', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'nexuscone-pack-'));
  try {
    const tarball = packedTarball(work);
    const project = freshProject(tarball);
    const ledger = path.join(repoDir, 'fixtures', 'ledgers', 'unsigned.jsonl');
    writeFileSync(path.join(project, 'check.mjs'), `
      import { readFileSync } from 'node:fs';
      import { verifyChain, canonicalJson, NexusconeError } from 'nexuscone';
      const report = verifyChain(readFileSync(${JSON.stringify(ledger)}));
      console.log(JSON.stringify({ valid: report.valid, entries: report.entries, c: canonicalJson({ b: 1, a: 'é' }), e: typeof NexusconeError }));
    `);
    const out = JSON.parse(execFileSync('node', ['check.mjs'], { cwd: project, encoding: 'utf8' }));
    assert.deepEqual(out, { valid: true, entries: 55, c: '{"a":"\\u00e9","b":1}', e: 'function' });
    const installed = path.join(project, 'node_modules', 'nexuscone');
    assert.ok(existsSync(path.join(installed, 'dist', 'index.d.ts')), 'types are shipped');
    assert.ok(!existsSync(path.join(installed, 'src')), 'sources are not shipped');
    rmSync(project, { recursive: true, force: true });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a Vite build of a page using the package bundles the JS and the .wasm', { skip: existsSync(path.join(viteDir, 'vite')) ? false : 'vite not installed in .cache/vite-check (run scripts/test.sh)' }, () => {
  const work = mkdtempSync(path.join(tmpdir(), 'nexuscone-pack-'));
  try {
    const project = freshProject(packedTarball(work));
    symlinkSync(path.join(viteDir, 'vite'), path.join(project, 'node_modules', 'vite'));
    for (const dep of readdirSync(viteDir)) {
      const target = path.join(project, 'node_modules', dep);
      if (!existsSync(target)) symlinkSync(path.join(viteDir, dep), target);
    }
    writeFileSync(path.join(project, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
    writeFileSync(path.join(project, 'main.js'), `
      import { init, canonicalJson } from 'nexuscone';
      await init();
      document.body.textContent = canonicalJson({ hello: 'wörld' });
    `);
    writeFileSync(path.join(project, 'vite.config.js'), 'export default { build: { target: "es2022", logLevel: "warn" } };');
    execFileSync('node', [path.join(viteDir, 'vite', 'bin', 'vite.js'), 'build'], { cwd: project, env: offline, stdio: 'pipe' });
    const assets = readdirSync(path.join(project, 'dist', 'assets'));
    assert.ok(assets.some((a) => a.endsWith('.wasm')), `a .wasm asset: ${assets}`);
    const js = assets.filter((a) => a.endsWith('.js')).map((a) => readFileSync(path.join(project, 'dist', 'assets', a), 'utf8')).join('\n');
    assert.match(js, /canonicalJson|NexusconeError/);
    assert.doesNotMatch(js, /node:fs/, 'the browser bundle does not pull in the Node entry');
    rmSync(project, { recursive: true, force: true });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

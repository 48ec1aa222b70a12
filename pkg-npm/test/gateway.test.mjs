// A gateway-shaped TypeScript consumer (test/gateway/) against the packed tarball:
// `tsc --strict --noEmit` with Node's types and no DOM library, as a Node gateway
// compiles, then compiled to CommonJS and run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { pkgDir, repoDir } from './support/helpers.mjs';
import { consumerProject, runNode, tsc } from './support/consumer.mjs';

const source = (name) => readFileSync(path.join(pkgDir, 'test', 'gateway', name), 'utf8');
const compilerOptions = {
  module: 'node16', moduleResolution: 'node16', target: 'es2022', lib: ['es2022'], types: ['node'],
  strict: true, outDir: 'out',
};

test('a strict TypeScript gateway type-checks against the tarball, compiles to CommonJS and runs', { skip: tsc ? false : 'TypeScript not installed in .cache/typescript (run scripts/test.sh)' }, () => {
  const project = consumerProject({
    'package.json': JSON.stringify({ name: 'gateway', private: true, type: 'commonjs' }),
    'tsconfig.json': JSON.stringify({ compilerOptions, files: ['main.ts', 'gateway.ts'] }),
    'gateway.ts': source('gateway.ts'),
    'main.ts': source('main.ts'),
  });
  try {
    symlinkSync(path.join(repoDir, '.cache', 'typescript', 'node_modules', '@types'), path.join(project, 'node_modules', '@types'));
    const compile = (...args) => {
      try {
        execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', ...args], { cwd: project, encoding: 'utf8' });
      } catch (e) {
        assert.fail(`tsc ${args.join(' ')}:\n${e.stdout}`);
      }
    };
    compile('--strict', '--noEmit');
    compile();
    const out = JSON.parse(runNode(['out/main.js'], project));
    assert.deepEqual(out.ids, [1, 2, 3]);
    assert.deepEqual(out.before, { valid: true, entries: 3, verified: 3 });
    assert.equal(out.after.valid, false);
    assert.equal(out.after.first.entry_id, 4);
    assert.equal(out.after.first.kind, 'hash_mismatch');
    assert.deepEqual(out.diagnoses, [{ entry: 4, drift: { non_ascii_unescaped: true, utf16_key_order: false, js_numbers: true } }]);
    assert.equal(out.error, 'INVALID_KEY');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

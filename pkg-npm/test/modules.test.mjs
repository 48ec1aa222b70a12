// The packed package in the module systems users have: `require` from CommonJS,
// `import` from ES modules and `import()` from CommonJS, on the oldest Node that
// `engines` names (18.0.0, from .cache/node18) and on this one; and its types under
// TypeScript's `moduleResolution` node16 (CommonJS and ES module consumers),
// bundler and node10, each resolving the declaration file meant for it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from './support/helpers.mjs';
import { consumerProject, node18, runNode, tsc } from './support/consumer.mjs';

const ledger = JSON.stringify(path.join(fixturesDir, 'tamper_payload.jsonl'));

// The same checks through each way of loading the package: a tampered fixture gets
// its verdict, errors are the package's classes, and the entry file is the one
// the `exports` condition names. `nc` is the loaded module.
const checks = `
  const report = nc.verifyChain(fs.readFileSync(${ledger}));
  let error;
  try { nc.canonicalize('{"a":'); } catch (e) { error = e; }
  const answer = {
    valid: report.valid,
    failure: report.first_failure.entry_id,
    canonical: nc.canonicalJson({ b: 1, a: 'é' }),
    error: error instanceof nc.InvalidInputError && error instanceof nc.NexusconeError && error.code,
  };`;

const expected = { valid: false, failure: 47, canonical: '{"a":"\\u00e9","b":1}', error: 'INVALID_JSON' };

const files = {
  'cjs/package.json': JSON.stringify({ type: 'commonjs' }),
  'cjs/require.js': `
    const fs = require('node:fs');
    const path = require('node:path');
    const nc = require('nexuscone');
    ${checks}
    answer.entry = path.basename(require.resolve('nexuscone'));
    console.log(JSON.stringify(answer));`,
  'cjs/dynamic-import.js': `
    const fs = require('node:fs');
    import('nexuscone').then((nc) => {
      ${checks}
      console.log(JSON.stringify(answer));
    });`,
  'esm/package.json': JSON.stringify({ type: 'module' }),
  'esm/import.js': `
    import fs from 'node:fs';
    import { createRequire } from 'node:module';
    import * as nc from 'nexuscone';
    ${checks}
    // One instance whichever way it is loaded: the ES module entry re-exports the CommonJS one.
    const required = createRequire(import.meta.url)('nexuscone');
    answer.shared = required.verifyChain === nc.verifyChain && required.NexusconeError === nc.NexusconeError;
    console.log(JSON.stringify(answer));`,
};

let project;
before(() => {
  project = consumerProject(files);
});
after(() => rmSync(project, { recursive: true, force: true }));

const nodes = [['this Node', process.execPath], ['Node 18.0.0', node18]];

for (const [name, bin] of nodes) {
  const skip = bin ? false : 'Node 18 not installed in .cache/node18 (run scripts/test.sh)';
  test(`${name}: require('nexuscone') from CommonJS loads the CommonJS build`, { skip }, () => {
    const out = JSON.parse(runNode(['cjs/require.js'], project, bin));
    assert.deepEqual(out, { ...expected, entry: 'node.cjs' });
  });
  test(`${name}: import('nexuscone') from CommonJS works`, { skip }, () => {
    assert.deepEqual(JSON.parse(runNode(['cjs/dynamic-import.js'], project, bin)), expected);
  });
  test(`${name}: import from an ES module shares the instance that require loads`, { skip }, () => {
    assert.deepEqual(JSON.parse(runNode(['esm/import.js'], project, bin)), { ...expected, shared: true });
  });
}

// A consumer that uses values and types, and a call the types must reject (if the
// declarations were not found, `nexuscone` would be `any` and the directive unused).
const consumerTs = `
  import { verifyChain, canonicalJson, NexusconeError, type Report, type VerifyOptions } from 'nexuscone';
  const options: VerifyOptions = { publicKeys: { 'key-a': '00'.repeat(32) } };
  const report: Report = verifyChain('', options);
  const entries: number = report.entries;
  const text: string = canonicalJson({ entries, ok: report.valid });
  export const kinds: string[] = report.failures.map((f) => f.kind);
  export const isError = (e: unknown): e is NexusconeError => e instanceof NexusconeError && typeof e.code === 'string';
  // @ts-expect-error: verifyChain takes text, bytes, rows or a bundle, not a number
  verifyChain(42);
  export { text };
`;

// [name, package type, extension, compilerOptions, declaration file it must resolve]
const resolutions = [
  // Node's entry has Node's types: the package's plus verifyFile.
  ['node16, CommonJS consumer', 'commonjs', 'ts', { module: 'node16', moduleResolution: 'node16' }, 'node.d.cts'],
  ['node16, ES module consumer', 'module', 'ts', { module: 'node16', moduleResolution: 'node16' }, 'node.d.ts'],
  ['bundler', 'module', 'ts', { module: 'esnext', moduleResolution: 'bundler' }, 'index.d.ts'],
  ['node10', 'commonjs', 'ts', { module: 'commonjs', moduleResolution: 'node10' }, 'index.d.ts'],
];

for (const [name, type, ext, options, declarations] of resolutions) {
  test(`TypeScript moduleResolution ${name} resolves ${declarations} and type-checks under strict`, { skip: tsc ? false : 'TypeScript not installed in .cache/typescript (run scripts/test.sh)' }, () => {
    const dir = path.join(project, `ts-${options.moduleResolution}-${type}`);
    const config = {
      compilerOptions: { ...options, strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [] },
      files: [`consumer.${ext}`],
    };
    const written = consumerFiles(dir, type, ext, config);
    let out;
    try {
      out = execFileSync(process.execPath, [tsc, '-p', written, '--explainFiles'], { cwd: dir, encoding: 'utf8' });
    } catch (e) {
      assert.fail(`tsc failed:\n${e.stdout}`);
    }
    // --explainFiles lists each file read (unindented), then why (indented).
    const used = out.split('\n').filter((l) => l.includes('node_modules/nexuscone/') && !/^\s/.test(l)).map((l) => path.basename(l));
    assert.deepEqual(used, [declarations]);
  });
}

function consumerFiles(dir, type, ext, config) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type }));
  writeFileSync(path.join(dir, `consumer.${ext}`), consumerTs);
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
  return path.join(dir, 'tsconfig.json');
}

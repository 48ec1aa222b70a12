// The README's examples for gateway engineers and operators, extracted as written
// (scripts/readme-example) and run in a project that installed the packed tarball.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, repoDir } from './support/helpers.mjs';
import { consumerProject, runNode } from './support/consumer.mjs';

const example = (name) => execFileSync(path.join(repoDir, 'scripts', 'readme-example'), [name], { encoding: 'utf8' });

let project;
before(() => {
  project = consumerProject();
});
after(() => rmSync(project, { recursive: true, force: true }));

test("the gateway engineer's example writes a row and verifies it", () => {
  writeFileSync(path.join(project, 'gateway.mjs'), example('gateway.mjs'));
  assert.equal(runNode(['gateway.mjs'], project), 'true 1\n');
});

test("the operator's CI example passes a valid ledger and fails a tampered one with exit 1", () => {
  const script = path.join(project, 'operator.sh');
  writeFileSync(script, example('operator.sh'));
  copyFileSync(path.join(fixturesDir, 'keys.json'), path.join(project, 'keys.json'));
  const run = (ledger) => {
    copyFileSync(path.join(fixturesDir, ledger), path.join(project, 'audit.jsonl'));
    const env = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' };
    return spawnSync('bash', ['-e', script], { cwd: project, env, encoding: 'utf8' });
  };
  const valid = run('signed.jsonl');
  assert.equal(valid.status, 0, valid.stderr);
  assert.equal(valid.stdout, 'ledger verified\n');
  const tampered = run('tamper_payload.jsonl');
  assert.equal(tampered.status, 1);
  assert.match(tampered.stderr, /LEDGER TAMPERED/);
  assert.match(readFileSync(path.join(project, 'verify.log'), 'utf8'), /^FAIL · entry 47 /);
});

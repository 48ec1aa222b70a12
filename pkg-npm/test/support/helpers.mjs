// Shared paths and readers for the test suites.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoDir = path.resolve(pkgDir, '..');
export const fixturesDir = process.env.NEXUSCONE_FIXTURES_DIR ?? path.join(repoDir, 'fixtures', 'ledgers');

export function fixture(name) {
  return readFileSync(path.join(fixturesDir, name));
}

export function ledgers() {
  const names = readdirSync(fixturesDir)
    .filter((n) => n.endsWith('.expected.json'))
    .map((n) => n.slice(0, -'.expected.json'.length))
    .sort();
  if (names.length < 20) throw new Error(`expected the fixture set in ${fixturesDir}, found ${names.length}`);
  return names.map((stem) => ({ stem, expected: JSON.parse(fixture(`${stem}.expected.json`)) }));
}

/** The most recently built CLI (release or debug), or null. */
export function cliBinary() {
  const built = ['release', 'debug']
    .map((profile) => path.join(repoDir, 'target', profile, 'nexuscone'))
    .filter((bin) => existsSync(bin))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return built[0] ?? null;
}

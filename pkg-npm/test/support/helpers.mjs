// Shared paths and readers for the test suites.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
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

/** A C2SP note signer key (`PRIVATE+KEY+…`) and its verifier key for `name`, from a 32-byte Ed25519 seed. */
export function signerKey(name, seed) {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const pub = Buffer.from(createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'jwk' }).x, 'base64url');
  const id = createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([1]), pub])).digest().subarray(0, 4).toString('hex');
  const material = Buffer.concat([Buffer.from([1]), pub]).toString('base64');
  return {
    skey: `PRIVATE+KEY+${name}+${id}+${Buffer.concat([Buffer.from([1]), seed]).toString('base64')}`,
    vkey: `${name}+${id}+${material}`,
  };
}

// Anchors through the package (Node.js entry): the report carries them, the trust
// options `bitcoinHeaders` and `tsaRoots` (text or bytes) reach the anchors module, and
// with them each anchored fixture's report equals the Rust CLI's `verify --json
// --bitcoin-headers --tsa-roots` field by field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { KeyError, verifyChain, verifyInput } from '../dist/node.js';
import { fixture, fixturesDir, ledgers, cliBinary } from './support/helpers.mjs';

const headers = fixture('anchored.bitcoin-headers').toString('utf8');
const roots = fixture('anchored.tsa-roots.pem');
const anchor = (report, id) => report.anchors.find((a) => a.anchor_id === id);

test('without trust inputs the report carries the anchors, bound but not checked, with the options that lift it', () => {
  const report = verifyChain(fixture('anchored.bundle.json'));
  assert.equal(report.valid, true);
  assert.equal(report.anchors.length, 5);
  const first = anchor(report, 1);
  assert.equal(first.binding, 'bound');
  assert.equal(first.status, 'not_checked');
  assert.equal(first.ots.kind, 'not_checked_against_bitcoin');
  assert.equal(first.tst.kind, 'signer_not_checked');
  assert.equal(first.covers, null);
  const hints = Object.fromEntries(report.limits.map((l) => [l.kind, l.hint]));
  assert.equal(hints.anchors_not_checked_against_bitcoin, 'options.bitcoinHeaders');
  assert.equal(hints.anchors_tsa_signer_not_checked, 'options.tsaRoots');
});

test('bitcoinHeaders and tsaRoots, as text or bytes, verify the anchors and say which entries existed by when', () => {
  for (const [h, r] of [[headers, roots.toString('utf8')], [new TextEncoder().encode(headers), new Uint8Array(roots)]]) {
    const report = verifyInput(fixture('anchored.sqlite'), { bitcoinHeaders: h, tsaRoots: r });
    const first = anchor(report, 1);
    assert.equal(first.status, 'verified');
    assert.equal(first.ots.status, 'verified');
    assert.equal(first.tst.kind, 'trusted');
    assert.match(first.covers.message, /^entries 1\.\.\d+ existed by \d{4}-/);
    assert.ok(!report.limits.some((l) => l.kind.startsWith('anchors_not_checked') || l.kind === 'anchors_tsa_signer_not_checked'));
  }
});

test('a tampered anchor fails at that anchor through the package as well', () => {
  const report = verifyChain(fixture('tamper_anchor_tst_sig.bundle.json'), { tsaRoots: roots });
  assert.equal(report.valid, false);
  assert.ok(report.failures.some((f) => f.kind === 'anchor_proof'), JSON.stringify(report.failures));
});

test('unreadable headers and roots are KeyErrors with core\'s kind, naming the option and the line', () => {
  assert.throws(() => verifyChain(fixture('anchored.bundle.json'), { bitcoinHeaders: '00ff\n' }),
    (e) => e instanceof KeyError && e.kind === 'invalid_bitcoin_headers' && e.line === 1
      && /options\.bitcoinHeaders/.test(e.message) && /line 1/.test(e.message));
  assert.throws(() => verifyChain(fixture('anchored.bundle.json'), { tsaRoots: '-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n' }),
    (e) => e instanceof KeyError && e.kind === 'invalid_tsa_roots' && /options\.tsaRoots/.test(e.message));
});

const cli = cliBinary();
test('with headers and roots, reports equal the Rust CLI verify --json on every anchored fixture', { skip: cli ? false : 'no target/*/nexuscone built' }, () => {
  let compared = 0;
  for (const { stem } of ledgers().filter(({ stem }) => stem.includes('anchor'))) {
    const file = path.join(fixturesDir, `${stem}.bundle.json`);
    const trust = ['--bitcoin-headers', path.join(fixturesDir, `${stem}.bitcoin-headers`), '--tsa-roots', path.join(fixturesDir, `${stem}.tsa-roots.pem`)];
    let stdout;
    try {
      stdout = execFileSync(cli, ['verify', file, '--json', ...trust], { encoding: 'utf8', maxBuffer: 1 << 26 });
    } catch (e) {
      stdout = e.stdout; // exit 1: the ledger failed verification
    }
    const theirs = JSON.parse(stdout);
    const ours = verifyChain(fixture(`${stem}.bundle.json`), {
      bitcoinHeaders: fixture(`${stem}.bitcoin-headers`),
      tsaRoots: fixture(`${stem}.tsa-roots.pem`),
    });
    ours.limits = ours.limits.map(({ hint, ...limit }) => limit);
    assert.deepEqual(ours, theirs, stem);
    compared++;
  }
  assert.ok(compared >= 10, `${compared} anchored fixtures`);
});

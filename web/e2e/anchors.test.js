// Anchors in the viewer (issue 11 item 7): the anchors panel on the real library's
// anchored ledger, its Bitcoin block headers and TSA roots loaded in the Trust panel
// like keys (per ledger, never carried over), the timeline's anchored heads and covered
// entries, and a tampered anchor one click away.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.js');

const fixture = (name) => path.join(h.FIXTURES, name);
const HEADERS = fixture('anchored.bitcoin-headers');
const ROOTS = fixture('anchored.tsa-roots.pem');
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
let browser;
before(async () => { browser = await h.launch(); });
after(async () => { await browser.close(); });

// Loads the headers and the roots through their file pickers and waits for the
// verification with both.
async function loadProofTrust(page) {
  await page.setInputFiles('#bitcoin-headers-file', HEADERS);
  await page.waitForFunction(() => /from anchored\.bitcoin-headers/.test(document.querySelector('[data-testid=checked-with]')?.innerText));
  await page.setInputFiles('#tsa-roots-file', ROOTS);
  await page.waitForFunction(() => /from anchored\.tsa-roots\.pem/.test(document.querySelector('[data-testid=checked-with]')?.innerText));
  return h.verdict(page);
}

// Each anchor's status and its tracks' statuses, by anchor id.
const anchors = (page) => page.$$eval('[data-testid=anchor]', (items) => Object.fromEntries(items.map((a) => [a.dataset.anchorId, {
  status: a.dataset.status,
  tracks: Object.fromEntries([...a.querySelectorAll('[data-testid=anchor-track]')].map((t) => [t.dataset.track, t.dataset.status])),
  proves: a.querySelector('[data-testid=anchor-proves]').innerText,
}])));

const covered = (page) => page.$$eval('[data-testid=timeline-bucket]', (bs) => bs.reduce((n, b) => n + Number(b.dataset.covered), 0));

test('without headers or roots each anchor shows what it commits to and what would check it', async () => {
  const { context, page, errors } = await h.open(browser);
  const v = await h.loadFixture(page, 'anchored.sqlite');
  assert.doesNotMatch(v.text, /^PROTECTED|^PARTLY/, 'nothing supplied protects it');
  const shown = await anchors(page);
  assert.deepStrictEqual(Object.keys(shown), ['1', '2', '3', '4', '5']);
  assert.deepStrictEqual(shown['1'], { ...shown['1'], status: 'not_checked', tracks: { ots: 'not_checked', tst: 'not_checked' } });
  assert.match(shown['1'].proves, /entry 6 commits to merkle root [0-9a-f]{64} of Bitcoin block 253 — not checked against Bitcoin/);
  assert.deepStrictEqual(shown['3'].tracks, { tst: 'not_checked' });
  assert.strictEqual(shown['5'].status, 'pending');
  const first = page.locator('[data-testid=anchor][data-anchor-id="1"]');
  assert.match(await first.locator('[data-track=ots]').innerText(), /not checkable without Bitcoin block headers/);
  assert.match(await first.locator('[data-track=tst]').innerText(), /not checkable without TSA root certificates/);
  assert.strictEqual(await first.locator('[data-testid=anchor-binding]').getAttribute('data-binding'), 'bound');
  assert.match(await page.innerText('[data-testid=limits]'), /load Bitcoin block headers in Trust[\s\S]*load TSA root certificates in Trust/);
  // The timeline marks every anchored head and shades nothing: no anchor is verified.
  assert.strictEqual(await page.locator('[data-testid=timeline-anchor]').count(), 5);
  assert.strictEqual(await covered(page), 0);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('with Bitcoin headers and TSA roots the anchors verify: the headline, the timeline and the report say which entries', async () => {
  const { context, page, errors } = await h.open(browser);
  const before = await h.loadFixture(page, 'anchored.sqlite');
  const v = await loadProofTrust(page);
  assert.strictEqual(v.kind, 'limits');
  assert.strictEqual(await page.getAttribute('[data-testid=verdict]', 'data-assurance'), 'partly_protected');
  assert.notStrictEqual(v.text, before.text);
  assert.match(v.text, /^PARTLY PROTECTED · 22 of 32 entries verified against what you supplied/);
  const shown = await anchors(page);
  for (const id of ['1', '2', '3', '4']) assert.strictEqual(shown[id].status, 'verified', id);
  assert.deepStrictEqual(shown['1'].tracks, { ots: 'verified', tst: 'verified' });
  assert.match(shown['4'].proves, /^Proves: entries 1\.\.22 existed by 2026-12-03T23:0\d:\d\d(\.\d+)?Z\.$/);
  assert.strictEqual(shown['5'].status, 'pending');
  assert.match(await page.innerText('[data-testid=trusted-bitcoin-headers]'), /block 253 · hash [0-9a-f]{64}/);
  assert.match(await page.innerText('[data-testid=trusted-tsa-roots]'), /CN=/);
  const checked = await page.innerText('[data-testid=checked-with]');
  assert.match(checked, new RegExp(`bitcoin headers from anchored\\.bitcoin-headers \\(SHA-256 ${sha256(HEADERS).slice(0, 12)}`));
  assert.match(checked, new RegExp(`tsa roots from anchored\\.tsa-roots\\.pem \\(SHA-256 ${sha256(ROOTS).slice(0, 12)}`));
  // The timeline shades the 22 entries the verified anchors cover.
  assert.strictEqual(await covered(page), 22);
  assert.strictEqual(await page.locator('[data-testid=timeline-anchor][data-status=verified]').count(), 4);
  // The downloaded report names both inputs with their SHA-256.
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-report]')]);
  const report = JSON.parse(fs.readFileSync(await file.path(), 'utf8'));
  const inputs = Object.fromEntries(report.trust_inputs.map((t) => [t.kind, t]));
  assert.deepStrictEqual(inputs.bitcoin_headers, { kind: 'bitcoin_headers', name: 'anchored.bitcoin-headers', sha256: sha256(HEADERS) });
  assert.deepStrictEqual(inputs.tsa_roots, { kind: 'tsa_roots', name: 'anchored.tsa-roots.pem', sha256: sha256(ROOTS) });
  assert.strictEqual(report.report.anchors.filter((a) => a.status === 'verified').length, 4);
  for (const [width, height] of [[390, 844], [1400, 900]]) {
    await page.setViewportSize({ width, height });
    await page.locator('[data-testid=anchors]').scrollIntoViewIfNeeded();
    await page.locator('[data-testid=anchors]').screenshot({ path: path.join(h.SHOTS, `anchors-panel-${width}.png`) });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${width} px: the page scrolls sideways by ${overflow} px`);
  }
  await page.locator('[data-testid=timeline]').screenshot({ path: path.join(h.SHOTS, 'anchors-timeline-1400.png') });
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('a tampered anchor fails in plain words, is counted, filtered and one click away', async () => {
  const { context, page } = await h.open(browser);
  // A flipped signature fails without any trust input.
  const v = await h.loadFixture(page, 'tamper_anchor_tst_sig.sqlite');
  assert.strictEqual(v.kind, 'invalid');
  const failure = page.locator('[data-testid=failures] li[data-kind=anchor_proof]').first();
  assert.match(await failure.innerText(), /anchor 1 has a time-stamp proof that does not hold/);
  const shown = await anchors(page);
  assert.strictEqual(shown['1'].status, 'failed');
  assert.strictEqual(shown['1'].tracks.tst, 'failed');
  assert.match(shown['1'].proves, /^Proves nothing: anchor 1 has a time-stamp proof that does not hold/);
  // The list links to the anchor, and so does the banner's jump.
  await failure.locator('[data-testid=failure-link]').click();
  assert.strictEqual(await page.evaluate(() => document.activeElement?.id), 'anchor-1');
  await page.focus('[data-testid=download-report]');
  await page.click('[data-testid=verdict] [data-testid=jump-failure]');
  assert.strictEqual(await page.evaluate(() => document.activeElement?.id), 'anchor-1');
  // The anchor links to its head's row; the status counts and the filter cover it.
  await page.click('[data-testid=anchor][data-anchor-id="1"] [data-testid=anchor-entry]');
  await page.waitForSelector('[data-testid=detail]');
  assert.match(await page.innerText('[data-testid=detail] h2'), /Entry 6$/);
  await page.click('[data-group=anchor_failures]');
  assert.match(await page.innerText('[data-testid=shown-count]'), /^1 of 32 entries/);
  await context.close();
});

test('headers and roots are not carried to the next file unless kept', async () => {
  const { context, page } = await h.open(browser);
  await h.loadFixture(page, 'anchored.sqlite');
  await loadProofTrust(page);
  await h.loadFixture(page, 'anchored.bundle.json');
  assert.match(await page.innerText('[data-testid=checked-with]'), /nothing you supplied/);
  assert.match(await page.innerText('[data-testid=trusted-bitcoin-headers]'), /No Bitcoin block headers/);
  assert.match(await page.innerText('[data-testid=trusted-tsa-roots]'), /No TSA root certificates/);
  assert.strictEqual((await anchors(page))['1'].status, 'not_checked');
  assert.match(await page.innerText('[data-testid=trust-offer]'),
    /Bitcoin block headers from anchored\.bitcoin-headers and TSA root certificates from anchored\.tsa-roots\.pem/);
  await h.keepTrust(page);
  await h.verdict(page);
  assert.strictEqual((await anchors(page))['1'].status, 'verified');
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`${colorScheme}: anchors verified and failed have no serious accessibility violation`, async () => {
    const { context, page, errors } = await h.open(browser, { viewport: { width: 1400, height: 900 }, colorScheme });
    await h.loadFixture(page, 'anchored.sqlite');
    await loadProofTrust(page);
    assert.deepStrictEqual(await h.axe(page), [], 'verified and pending anchors');
    await page.locator('[data-testid=anchors]').screenshot({ path: path.join(h.SHOTS, `anchors-panel-1400-${colorScheme}.png`) });
    await h.loadFixture(page, 'tamper_anchor_tst_sig.sqlite');
    assert.deepStrictEqual(await h.axe(page), [], 'a failed anchor');
    assert.deepStrictEqual(errors, []);
    await context.close();
  });
}

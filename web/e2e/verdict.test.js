// A verdict a regulator can rely on (issue 13): the assurance level first, trust per
// ledger, plain words, every failure one click away, a report to file, and the page
// usable on a phone, by keyboard and by screen reader.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./harness.js');

const KEYS = fs.readFileSync(path.join(h.FIXTURES, 'keys.json'), 'utf8');
const fixture = (name) => path.join(h.FIXTURES, name);
const HEX64 = /[0-9a-f]{64}/;
let browser;
before(async () => { browser = await h.launch(); });
after(async () => { await browser.close(); });

test('an unprotected ledger is never headlined valid; keys the user supplies grade it', async () => {
  const { context, page } = await h.open(browser);
  for (const name of ['unsigned.jsonl', 'signed.bundle.json']) {
    const v = await h.loadFixture(page, name);
    assert.match(v.text, /^UNPROTECTED · /, name);
    assert.doesNotMatch(v.text, /\bVALID\b|verified/i, name);
    assert.strictEqual(await page.getAttribute('[data-testid=verdict]', 'data-assurance'), 'unprotected');
  }
  await h.setKeys(page, KEYS);
  await page.waitForFunction(() => document.querySelector('[data-testid=verdict]').dataset.assurance === 'partly_protected');
  const v = await h.verdict(page);
  assert.match(v.text, /^PARTLY PROTECTED · 44 of 55 entries verified against what you supplied; 11 are protected by nothing/);
  await context.close();
});

test('a JSONL export says it cannot carry witness attestations or anchors', async () => {
  const { context, page } = await h.open(browser);
  await h.loadFixture(page, 'tamper_witness_sig_bitflip.jsonl');
  assert.match(await page.innerText('[data-testid=limits]'), /format omits attestations and anchors: a JSONL export holds entries only/);
  const sqlite = await h.loadFixture(page, 'tamper_witness_sig_bitflip.sqlite');
  assert.strictEqual(sqlite.kind, 'invalid');
  assert.doesNotMatch(await page.innerText('[data-testid=limits]'), /format omits/);
  await context.close();
});

test("trust is per ledger: the demo's keys never apply to another file, the user's are kept only by choice", async () => {
  const { context, page } = await h.open(browser);
  await page.click('[data-testid=demo]');
  await h.verdict(page);
  assert.match(await page.innerText('[data-testid=checked-with]'), /entry keys from demo keys\.json/);
  let v = await h.loadFixture(page, 'signed.jsonl');
  assert.match(await page.innerText('[data-testid=trusted-keys]'), /No trusted keys/);
  assert.match(await page.innerText('[data-testid=checked-with]'), /nothing you supplied/);
  assert.strictEqual(await page.locator('[data-testid=trust-offer]').count(), 0, 'the demo keys are not offered');
  await h.setKeys(page, KEYS);
  await page.waitForFunction(() => /pasted keys/.test(document.querySelector('[data-testid=checked-with]')?.innerText));
  const sha = crypto.createHash('sha256').update(KEYS).digest('hex');
  assert.match(await page.innerText('[data-testid=checked-with]'), new RegExp(`SHA-256 ${sha.slice(0, 12)}`));
  v = await h.loadFixture(page, 'signed.sqlite');
  assert.match(await page.innerText('[data-testid=checked-with]'), /nothing you supplied/);
  assert.match(await page.innerText('[data-testid=trust-offer]'), /signing keys from pasted keys/);
  await page.click('[data-testid=keep-trust]');
  await page.waitForFunction(() => /pasted keys/.test(document.querySelector('[data-testid=checked-with]')?.innerText));
  v = await h.verdict(page);
  assert.match(v.text, /^PARTLY PROTECTED/);
  // A paste outside a text field asks before replacing the loaded ledger.
  const paste = () => page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, fs.readFileSync(fixture('unsigned.jsonl'), 'utf8'));
  const dialogs = [];
  page.once('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await paste();
  assert.match(dialogs[0] ?? '', /Replace the loaded ledger \(signed\.sqlite\)/);
  assert.match(await page.innerText('[data-testid=input-info]'), /^signed\.sqlite/);
  page.once('dialog', (d) => d.accept());
  await paste();
  await page.waitForFunction(() => document.querySelector('[data-testid=input-info]')?.innerText.startsWith('pasted text'));
  await context.close();
});

test('failures are in plain words with the hashes on demand, and each is one click from its row', async () => {
  const { context, page } = await h.open(browser, { query: '?demo=tampered' });
  const v = await h.verdict(page);
  assert.match(v.text, /^INVALID · \d+ checks failed in 55 entries/);
  assert.doesNotMatch(v.text, HEX64, 'no hashes in the banner');
  const first = page.locator('[data-testid=failures] li').first();
  assert.doesNotMatch(await first.locator('.plain').innerText(), HEX64);
  assert.strictEqual(await first.locator('details.technical').getAttribute('open'), null);
  await first.locator('summary').click();
  assert.match(await first.locator('details.technical code').innerText(), HEX64);
  await first.locator('[data-testid=failure-link]').click();
  await page.waitForSelector('[data-testid=detail]');
  const id = (await first.locator('[data-testid=failure-link]').innerText()).replace('entry ', '');
  assert.match(await page.innerText('[data-testid=detail] h2'), new RegExp(`Entry ${id}$`));
  assert.strictEqual(await page.getAttribute(`.grid .row[data-entry-id="${id}"]`, 'aria-selected'), 'true');
  // Counts and the filter cover attestation failures.
  await page.click('[data-group=attestation_failures]');
  const shown = await page.innerText('[data-testid=shown-count]');
  assert.match(shown, /^[1-9]\d* of 55 entries/);
  await context.close();
});

test('"Jump to first failure" sits in the banner and works for an attestation failure with no entry', async () => {
  const { context, page } = await h.open(browser);
  const v = await h.loadFixture(page, 'tamper_witness_sig_bitflip.sqlite');
  assert.strictEqual(v.failing, null, 'the first failure names no entry');
  await page.click('[data-testid=verdict] [data-testid=jump-failure]');
  const focused = await page.evaluate(() => document.activeElement?.id);
  assert.strictEqual(focused, 'failure-0');
  assert.match(await page.innerText('#failure-0'), /witness attestation \d+ fails its own checks/);
  const tampered = await h.loadFixture(page, 'tamper_actor.sqlite');
  await page.click('[data-testid=jump-failure]');
  await page.waitForSelector('[data-testid=detail]');
  assert.match(await page.innerText('[data-testid=detail] h2'), new RegExp(`Entry ${tampered.failing}$`));
  // The badge names the failure in full.
  const badge = page.locator(`.grid .row[data-entry-id="${tampered.failing}"] .badge`).first();
  assert.ok(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), 'badge not truncated');
  await context.close();
});

test('the report to file carries the time, tool, input and trust hashes, assurance and plain failures', async () => {
  const { context, page } = await h.open(browser);
  await h.loadFixture(page, 'tamper_actor.sqlite');
  await h.setKeys(page, KEYS);
  await page.waitForFunction(() => /pasted keys/.test(document.querySelector('[data-testid=checked-with]')?.innerText));
  await h.verdict(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-report]')]);
  const file = path.join(os.tmpdir(), `nexuscone-verdict-${process.pid}.json`);
  await download.saveAs(file);
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.rmSync(file);
  assert.match(report.verified_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(Math.abs(Date.parse(report.verified_at) - Date.now()) < 10 * 60 * 1000);
  assert.strictEqual(report.assurance.level, 'invalid');
  assert.deepStrictEqual(report.trust_inputs, [{ kind: 'entry_keys', name: 'pasted keys', sha256: crypto.createHash('sha256').update(KEYS).digest('hex') }]);
  const sqlite = fs.readFileSync(fixture('tamper_actor.sqlite'));
  assert.strictEqual(report.input.sha256, crypto.createHash('sha256').update(sqlite).digest('hex'));
  assert.match(report.failures_plain[0], /was changed after it was recorded/);
  // Printed: the same, with a header on every page and page numbers.
  await page.emulateMedia({ media: 'print' });
  assert.match(await page.innerText('[data-testid=print-verified-at]'), new RegExp(`Verified ${report.verified_at.slice(0, 16)}`));
  assert.match(await page.innerText('[data-testid=print-verdict]'), /^INVALID/);
  assert.match(await page.innerText('[data-testid=print-failures]'), /was changed after it was recorded/);
  assert.match(await page.innerText('[data-testid=print-trust-inputs]'), /pasted keys/);
  const pageRule = await page.evaluate(() => [...document.styleSheets[0].cssRules].map((r) => r.cssText).filter((t) => t.startsWith('@page')).pop());
  assert.match(pageRule, /tamper_actor\.sqlite · verified/);
  assert.match(pageRule, /counter\(pages\)/);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000);
  await h.shot(page, 'verdict-print');
  await context.close();
});

test('input that cannot be read offers the located error to file, the object `verify --json` prints', async () => {
  const { context, page } = await h.open(browser);
  const file = path.join(os.tmpdir(), `nexuscone-truncated-${process.pid}.jsonl`);
  fs.writeFileSync(file, fs.readFileSync(fixture('tamper_actor.jsonl')).subarray(0, 5000));
  await h.loadFile(page, file);
  await page.waitForSelector('[data-testid=verdict][data-verdict=error]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-error-report]')]);
  const saved = `${file}.error.json`;
  await download.saveAs(saved);
  const document = JSON.parse(fs.readFileSync(saved, 'utf8'));
  fs.rmSync(saved);
  fs.rmSync(file);
  const banner = page.locator('[data-testid=verdict]');
  assert.strictEqual(document.error.kind, 'invalid_json');
  assert.strictEqual(String(document.error.line), await banner.getAttribute('data-error-line'));
  assert.strictEqual(document.error.line, 9);
  assert.match(document.error.message, /line 9/);
  await context.close();
});

test('keyboard: Enter opens the picker, the timeline is one tab stop with arrow keys, selection is announced', async () => {
  const { context, page } = await h.open(browser, { query: '?demo=1' });
  await h.verdict(page);
  // The picker is the file input's click(); counted, since a headless chooser may not open.
  await page.evaluate(() => {
    window.pickerOpened = 0;
    document.querySelector('#ledger-file').click = () => { window.pickerOpened += 1; };
  });
  await page.focus('[data-testid=open-ledger]');
  await page.keyboard.press('Enter');
  await page.keyboard.press(' ');
  assert.strictEqual(await page.evaluate(() => window.pickerOpened), 2, 'Enter and Space open the picker');
  const stops = await page.locator('[data-testid=timeline-bucket][tabindex="0"]').count();
  assert.strictEqual(stops, 1, 'the timeline is one tab stop');
  await page.locator('[data-testid=timeline-bucket][tabindex="0"]').focus();
  const before = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  await page.keyboard.press('ArrowRight');
  const afterKey = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  assert.notStrictEqual(afterKey, before);
  await page.focus('[data-testid=ledger-table]');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => /Entry 1 selected/.test(document.querySelector("[data-testid=selection-status]")?.textContent));
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`${colorScheme}: no serious accessibility violation; usable at 390, 768 and 1400 px`, async () => {
    const { context, page } = await h.open(browser, { query: '?demo=tampered', colorScheme });
    await h.verdict(page);
    await page.click('[data-testid=jump-failure]');
    await page.waitForSelector('[data-testid=detail]');
    assert.deepStrictEqual(await h.axe(page), []);
    for (const width of [390, 768, 1400]) {
      await page.setViewportSize({ width, height: 900 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${width}px: the page scrolls sideways by ${overflow}px`);
      const status = await page.locator('.grid .row[data-entry-id] .c-status').first().boundingBox();
      assert.ok(status && status.x + status.width <= width, `${width}px: the status column is on screen`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await h.shot(page, `verdict-${width}-${colorScheme}`);
      await page.locator('[data-testid=ledger-table]').scrollIntoViewIfNeeded();
      await h.shot(page, `verdict-${width}-${colorScheme}-table`);
    }
    await context.close();
  });
}

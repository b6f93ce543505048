// Handing in again (review 4, finding 6) and the receipt. With two key
// holders, a person who presses "Hand in to the practice" twice, or again
// after a reload of the results, saves the same bytes each time, so the
// pile reads the second file as a copy (counted once) and not as a
// different file with the same response id (both refused): `pulse pool`
// with each holder's key counts one person and refuses nothing. Once the
// file is saved, the person's receipt (12 characters made from the file's
// contents, which the team report lists; worked out here from the bytes
// saved by receipt.mjs) is shown in a status region, the same after a
// second press and after a reload, with the words that say receipts show
// files taken out or changed, never files added:
// axe light and dark, 320 px (1280 px at 400% zoom), nothing stored that
// was not before.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { receiptOf } from './receipt.mjs';
import { axeViolations, foreignRequests, openApp, scrollsSideways, start } from './harness.mjs';
import { program } from './programs.mjs';
import { answerEverything, chooseDevice, clickStart, storedKeys } from './pages.mjs';

let env;
let dir;
const holders = {};
const HOW = 'Email it to surveys@riverside.example';
const RECEIPT_CHECK = 'The team report lists every receipt it counted. Check for yours there yourself. Keep your receipt to yourself: it leads to your file. If it is not there, say only that a receipt is missing, not which one. '
  + 'A missing receipt means a file was taken out or changed. A receipt cannot show files that were added.';

// pulse exits 1 when it refuses some files: its output is what counts.
const pulse = (args) => spawnSync(program('pulse'), args, { cwd: dir, encoding: 'utf8' });
const pool = (who, args) => pulse(['pool', '--key', who.key, '--passphrase-file', who.pass, ...args]);

before(async () => {
  env = await start();
  dir = mkdtempSync(join(tmpdir(), 'handin-again-'));
  for (const name of ['a', 'b']) {
    const pass = join(dir, `${name}.pass`);
    writeFileSync(pass, `${name} holder lantern river\n`);
    const key = join(dir, `${name}.key`);
    const made = pulse(['holder', 'new', '--out', key, '--passphrase-file', pass]);
    assert.equal(made.status, 0, made.stderr);
    holders[name] = { key, pass, line: made.stdout.trim() };
  }
  env.serve('/practice.json', {
    format: 'practice-pulse-config', format_version: 1, round: '2026 autumn',
    hand_in: { holders: [holders.a.line, holders.b.line], how: HOW },
  });
});
after(async () => { await env?.stop(); });

/** Presses "Hand in to the practice" and saves the download as `as`. */
async function handIn(page, as) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 120000 }),
    page.getByRole('button', { name: 'Hand in to the practice' }).click(),
  ]);
  const path = join(dir, 'pile', as);
  await file.saveAs(path);
  return { path, bytes: readFileSync(path) };
}

describe('handing in again with two key holders', () => {
  it('saves the same bytes on a second press and after a reload, and both holders count the person once', async () => {
    mkdirSync(join(dir, 'pile'), { recursive: true });
    const { page, context, requests } = await openApp(env, { viewport: { width: 1280, height: 900 } });
    await chooseDevice(page, 'My own device');
    await clickStart(page);
    await answerEverything(page, 1);
    const first = await handIn(page, 'practice-pulse-handin-1.json');
    const handin = JSON.parse(first.bytes.toString('utf8'));
    assert.equal(handin.scheme, 'prio3-two-holders');
    const receipt = receiptOf(first.bytes);
    const shows = (r) => page.getByRole('status').filter({ hasText: `Your receipt: ${r}` }).getByText(RECEIPT_CHECK);
    await shows(receipt).waitFor();
    const second = await handIn(page, 'practice-pulse-handin-2.json');
    assert.ok(second.bytes.equals(first.bytes), 'the second press saves the same bytes');
    await shows(receipt).waitFor();
    // The results survive a reload (this tab keeps them): the same bytes again.
    await page.reload();
    await page.getByRole('button', { name: 'Continue where you left off' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
    const third = await handIn(page, 'practice-pulse-handin-3.json');
    assert.ok(third.bytes.equals(first.bytes), 'after a reload, the same bytes');
    await shows(receipt).waitFor();
    assert.deepEqual(foreignRequests(requests, env.origin), [], 'nothing left the device');
    await context.close();

    // Each holder's step reads the copies as one person: none refused.
    const pile = join(dir, 'pile');
    const one = pool(holders.a, [pile, '--out-step', join(dir, 'a.step')]);
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stderr, /1 files? [a-z ]*, 0 refused, 2 duplicates counted once/);
    assert.match(one.stderr, /2026 autumn, team not given \(no roster can check\): 1\n/);
    assert.ok(one.stderr.includes(`receipts in round 2026 autumn (1): ${receiptOf(readFileSync(join(pile, 'practice-pulse-handin-1.json')))}\n`), one.stderr);
    const two = pool(holders.b, ['--step', join(dir, 'a.step'), pile, '--out-step', join(dir, 'b.step')]);
    assert.equal(two.status, 0, two.stderr);
    assert.match(two.stderr, /0 refused, 2 duplicates counted once/);
    assert.match(two.stderr, /2026 autumn, team not given \(no roster can check\): 1\n/);
  });

  it('shows the receipt once the file is saved, in a status region, axe clean light and dark at 320 px, storing nothing new', async () => {
    for (const colorScheme of ['light', 'dark']) {
      mkdirSync(join(dir, 'pile'), { recursive: true });
      const { page, context } = await openApp(env, { viewport: { width: 1280, height: 900 }, colorScheme });
      await chooseDevice(page, 'My own device');
      await clickStart(page);
      await answerEverything(page, 1);
      assert.equal(await page.getByText(RECEIPT_CHECK).count(), 0, 'no receipt before handing in');
      const storedBefore = await storedKeys(page);
      const { bytes } = await handIn(page, `receipt-${colorScheme}.json`);
      const receipt = receiptOf(bytes);
      assert.match(receipt, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      const status = page.getByRole('status').filter({ hasText: `Your receipt: ${receipt}` });
      await status.getByText(RECEIPT_CHECK).waitFor();
      assert.deepEqual(await storedKeys(page), storedBefore, 'no new storage key');
      assert.ok(!(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).includes('receipt'), 'the receipt is not stored');
      // 320 px: a phone, or 1280 px at 400% zoom.
      await page.setViewportSize({ width: 320, height: 800 });
      await status.waitFor();
      assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}`);
      assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}`);
      await context.close();
    }
  });
});

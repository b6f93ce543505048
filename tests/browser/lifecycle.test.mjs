// A response's life across a change of answers, rounds and key holders,
// and where a page opened from a disk keeps answers (review 5: R5-2, R5-6,
// R5-8, R5-10, R5-14). With one key holder (a sealed box, quick to make):
// - a change after handing in is said before the button; changed and
//   changed back, the same file again; changed, a second file of the same
//   response (the person was told to send only it);
// - a survey kept on one's own device and continued in a new round is a
//   new response (new id, the new round), and the person is told; after
//   the practice changes its key holder, the kept file is not saved again;
// - on a shared computer, the page says to send the newest file;
// - the one-file survey opened from a disk keeps answers in the tab only,
//   where another local file cannot read them, and says why.
// Axe light and dark, and 320 px, where a view changed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, foreignRequests, openApp, root, scrollsSideways, start } from './harness.mjs';
import { answerEverything, chooseDevice, clickStart } from './pages.mjs';

const HOW = 'Email it to surveys@riverside.example';
const CHANGED = 'You handed in a file before you changed your answers.';
const NEW_ROUND = 'This is a new round of the survey. Your answers from last time are here for you to change.';
const NEW_HOLDERS = 'Your practice has changed who holds its keys since you handed in.';
const DISK = 'This page was opened from a file on this computer.';
const keyLine = (name) => JSON.parse(readFileSync(join(root, 'core', 'tests', 'fixtures', name), 'utf8')).public_key;
const [K, A] = [keyLine('holder-key-v1.key'), keyLine('holder-a-v1.key')];
const config = (round, holder) => ({
  format: 'practice-pulse-config', format_version: 1, round, rounds: ['2026 autumn', '2026 winter'],
  hand_in: { holders: [holder], how: HOW },
});

let env;
let dir;
before(async () => {
  env = await start();
  dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
});
after(async () => { await env?.stop(); });

/** Presses "Hand in to the practice": the saved file's text. */
async function handIn(page) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60000 }),
    page.getByRole('button', { name: 'Hand in to the practice' }).click(),
  ]);
  return readFileSync(await file.path(), 'utf8');
}

/** From the results, Back to the last section; `pick` (0-based) for its first question; back to the results. */
async function changeFirstAnswer(page, picks) {
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Translation work and its burden' }).waitFor();
  for (const pick of picks) await page.getByRole('group').first().getByRole('radio').nth(pick).check();
  await page.getByRole('button', { name: 'See my results' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
}

describe('a response across changes, rounds and key holders', () => {
  it('says before the button that a file was handed in already; changed back, the same file; changed, a new file of the same response', async () => {
    env.serve('/practice.json', config('2026 autumn', K));
    try {
      const { page, context, requests } = await openApp(env, { viewport: { width: 1280, height: 900 } });
      await chooseDevice(page, 'A shared or work computer');
      await clickStart(page);
      await answerEverything(page, 1);
      const handInRegion = page.getByRole('region', { name: 'Hand in your result' });
      // On a shared computer: send the newest file, from the list of downloads.
      await handInRegion.getByText(/other people’s files may have the same name as yours\. To send the right one, open your browser’s list of downloads \(Ctrl\+J\) and send the newest file/i).waitFor();
      assert.equal(await page.getByText(CHANGED).count(), 0, 'nothing said before the first hand-in');
      const first = await handIn(page);
      await handInRegion.getByRole('status').getByText(/^Your browser saved it as practice-pulse-handin-\d{4}-\d{2}\.json, or with a number added to the name if a file of that name was there\. Send the newest one\.$/).waitFor();
      // Changed and changed back: nothing to say, the same bytes.
      // Everything was answered with the second option: the first, then the second again.
      await changeFirstAnswer(page, [0, 1]);
      assert.equal(await page.getByText(CHANGED).count(), 0, 'changed back: nothing to say');
      assert.equal(await handIn(page), first, 'changed back: the same file');
      // Changed: said before the button, and a second file of the same response.
      await changeFirstAnswer(page, [0]);
      const said = handInRegion.getByText(CHANGED);
      await said.waitFor();
      const before = await said.evaluate((p) => {
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Hand in to the practice');
        return Boolean(p.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(before, 'said before the button');
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        await page.setViewportSize({ width: 320, height: 800 });
        await said.waitFor();
        assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}`);
        assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}`);
      }
      const second = await handIn(page);
      assert.notEqual(second, first, 'other answers, another file');
      assert.equal(JSON.parse(second).response, JSON.parse(first).response, 'the same response');
      await said.waitFor();
      assert.deepEqual(foreignRequests(requests, env.origin), []);
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('continued in a new round is a new response, and after the key holder changed the kept file is not saved again', async () => {
    env.serve('/practice.json', config('2026 autumn', K));
    try {
      const { page, context, requests } = await openApp(env, { viewport: { width: 1280, height: 900 } });
      await chooseDevice(page, 'My own device');
      await clickStart(page);
      await answerEverything(page, 1);
      await page.getByRole('checkbox', { name: /Keep my answers on this device/ }).check();
      const autumn = JSON.parse(await handIn(page));
      assert.equal(autumn.round, '2026 autumn');

      // The practice opens the next round; the person comes back.
      env.serve('/practice.json', config('2026 winter', K));
      await page.reload();
      await page.getByRole('button', { name: 'Continue where you left off' }).click();
      await page.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
      await page.getByRole('status').getByText(NEW_ROUND).waitFor();
      assert.equal(await page.getByText(CHANGED).count(), 0, 'a new response has handed in nothing');
      const winter = JSON.parse(await handIn(page));
      assert.equal(winter.round, '2026 winter');
      assert.notEqual(winter.response, autumn.response, 'a new round, a new response id');

      // The practice replaces its key holder within the round.
      env.serve('/practice.json', config('2026 winter', A));
      await page.reload();
      await page.getByRole('button', { name: 'Continue where you left off' }).click();
      await page.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
      await page.getByRole('status').getByText(NEW_HOLDERS).waitFor();
      const replaced = JSON.parse(await handIn(page));
      assert.deepEqual(replaced.sealed.map((s) => s.holder), [A], 'sealed anew to the holder now');
      assert.notEqual(replaced.response, winter.response);
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        await page.setViewportSize({ width: 320, height: 800 });
        await page.getByRole('status').getByText(NEW_HOLDERS).waitFor();
        assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}`);
        assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}`);
      }
      assert.deepEqual(foreignRequests(requests, env.origin), []);
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });
});

describe('the one-file survey opened from a disk', () => {
  it('keeps "My own device" answers in this tab only, where another local file cannot read them, and says why', async () => {
    const path = join(dir, 'practice-pulse.html');
    writeFileSync(path, readFileSync(join(root, 'dist', 'practice-pulse.html')));
    const other = join(dir, 'other.html');
    writeFileSync(other, '<!doctype html><html lang="en"><title>Other</title><h1>Other</h1></html>');
    const { page, context } = await openApp(env, { viewport: { width: 1280, height: 900 } }, `file://${path}`);
    // Said beside the device question (and again in the closed privacy detail).
    const hint = page.getByText(DISK).filter({ visible: true });
    await hint.waitFor();
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width: 320, height: 800 });
      await hint.waitFor();
      assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}`);
      assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await chooseDevice(page, 'My own device');
    await clickStart(page);
    await page.getByRole('group').first().getByRole('radio').first().check();
    // Kept in this tab (a reload keeps it), never where other files read.
    await page.waitForFunction(() => sessionStorage.getItem('practice-pulse/draft/v1') !== null, null, { timeout: 30000 });
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing on the device');
    const look = await context.newPage();
    await look.goto(`file://${other}`);
    assert.equal(await look.evaluate(() => localStorage.length), 0, 'another local file finds nothing');
    await context.close();
  });
});

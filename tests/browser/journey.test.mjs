// The staff journey: drafts that survive a reload, a shared computer that
// keeps nothing, blocked or full storage, clearing, the review, downloads
// that agree with the screen, the print view, and every screen checked by
// axe-core in light and dark, at 320 px, with a screenshot for review.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { axeViolations, openApp, outputDir, scrollsSideways, start } from './harness.mjs';
import {
  ACCURACY_LABELS, TPS_ITEMS, answerByClick, answerEverything, answerOneAtATime, chooseDevice, clickStart, download,
  expectFocused, openCompare, openPage, question,
  sectionHeading, skipToResults, skipToReview,
} from './pages.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const KEY = 'practice-pulse/draft/v1';
const ourKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('practice-pulse')));
const tabKeys = (page) => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('practice-pulse')));
const storedDraft = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key)), KEY);

describe('the staff journey', () => {
  it('resumes after a reload at the same place with the same answers', async () => {
    const { page, context } = await openApp(env);
    await chooseDevice(page, 'My own device');
    await clickStart(page);
    await answerByClick(page, TPS_ITEMS, [2, 6, 3, 5, 1, 7, 5]);
    await page.getByRole('button', { name: 'Next' }).click();
    await sectionHeading(page, 'Work-related burnout').waitFor();
    await question(page, 'Is your work emotionally exhausting?').getByRole('radio', { name: 'Somewhat' }).check();
    await question(page, 'Does your work frustrate you?').getByRole('radio', { name: 'To a low degree' }).check();
    const draft = await storedDraft(page);
    assert.equal(draft.draft_version, 5);
    assert.equal(draft.device, 'own');
    assert.match(draft.saved_on, /^\d{4}-\d{2}-\d{2}$/);

    await page.reload();
    await page.getByText('You have an unfinished survey on this device (9 of 38 answered).').waitFor();
    await page.getByRole('button', { name: 'Continue where you left off' }).click();
    await sectionHeading(page, 'Work-related burnout').waitFor();
    await page.getByRole('status').getByText('Section 2 of 6 · 9 of 38 answered').waitFor();
    assert.equal(await question(page, 'Is your work emotionally exhausting?').getByRole('radio', { name: 'Somewhat' }).isChecked(), true);
    assert.equal(await question(page, 'Does your work frustrate you?').getByRole('radio', { name: 'To a low degree' }).isChecked(), true);
    await page.getByRole('button', { name: 'Back' }).click();
    for (const [i, v] of [2, 6, 3, 5, 1, 7, 5].entries()) {
      assert.equal(await question(page, TPS_ITEMS[i]).getByRole('radio', { name: ACCURACY_LABELS[v - 1], exact: true }).isChecked(), true);
    }
    // Start again forgets the draft.
    await page.reload();
    await page.getByRole('button', { name: 'Start again' }).click();
    await page.getByRole('button', { name: 'Start' }).waitFor();
    assert.deepEqual(await ourKeys(page), [], 'start again leaves nothing stored');
    await context.close();
  });

  it('keeps nothing in localStorage on a shared computer', async () => {
    const { page, context } = await openApp(env);
    await chooseDevice(page, 'A shared or work computer');
    await clickStart(page);
    await answerByClick(page, TPS_ITEMS, [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(await ourKeys(page), []);
    assert.deepEqual(await tabKeys(page), [], 'not even this tab keeps them');
    await skipToResults(page);
    assert.deepEqual(await ourKeys(page), []);
    assert.deepEqual(await tabKeys(page), []);
    // After a download the offer to clear is ticked.
    await download(page);
    const clear = page.getByRole('checkbox', { name: 'Clear my answers from this device now' });
    assert.equal(await clear.isChecked(), true);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Your answers were cleared from this device.').waitFor();
    await page.getByRole('button', { name: 'Start' }).waitFor();
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), [], 'nothing at all is left');
    await page.reload();
    await page.getByRole('button', { name: 'Start' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Continue where you left off' }).count(), 0);
    await context.close();
  });

  it('still completes when localStorage throws, and says answers will not be kept', async () => {
    const context = await env.browser.newContext({ acceptDownloads: true });
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
      });
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(env.origin + '/');
    await page.getByText('This browser is not letting the survey keep anything on this device').waitFor();
    await clickStart(page);
    await answerEverything(page, 2);
    await page.getByRole('heading', { level: 2, name: 'Psychological safety in your team' }).waitFor();
    const file = JSON.parse(await readFile(await (await download(page)).path(), 'utf8'));
    assert.equal(file.instruments.length, 6);
    assert.deepEqual(errors, [], 'no crash');
    await context.close();
  });

  it('says so when storage is full', async () => {
    const context = await env.browser.newContext();
    await context.addInitScript(() => {
      Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
    });
    const page = await context.newPage();
    await page.goto(env.origin + '/');
    await page.getByText('This device’s storage is full').waitFor();
    await clickStart(page);
    await answerByClick(page, TPS_ITEMS, [4, 4, 4, null, null, null, null]);
    await page.getByText('This device’s storage is full').waitFor();
    await context.close();
  });

  it('“Clear my answers” leaves storage empty', async () => {
    const { page, context } = await openApp(env);
    await chooseDevice(page, 'My own device');
    await clickStart(page);
    await answerByClick(page, TPS_ITEMS, [3, 3, 3, 3, null, null, null]);
    assert.deepEqual(await ourKeys(page), [KEY]);
    await page.getByRole('button', { name: 'Clear my answers' }).click();
    await page.getByRole('button', { name: 'Keep them' }).click();
    assert.deepEqual(await ourKeys(page), [KEY], 'keeping them keeps them');
    await page.getByRole('button', { name: 'Clear my answers' }).click();
    await page.getByRole('button', { name: 'Yes, clear them' }).click();
    await page.getByText('Your answers were cleared from this device.').waitFor();
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
    await page.reload();
    await page.getByRole('button', { name: 'Start' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Continue where you left off' }).count(), 0);
    await context.close();
  });

  it('drops a draft older than 30 days, and one from another version, with a notice', async () => {
    const { page, context } = await openApp(env);
    await chooseDevice(page, 'My own device');
    await clickStart(page);
    await answerByClick(page, TPS_ITEMS, [3, 3, null, null, null, null, null]);
    await page.evaluate((key) => {
      const draft = JSON.parse(localStorage.getItem(key));
      draft.saved_on = '2020-01-01';
      localStorage.setItem(key, JSON.stringify(draft));
    }, KEY);
    await page.reload();
    await page.getByText('An unfinished survey from more than 30 days ago was cleared from this device.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Continue where you left off' }).count(), 0);
    assert.deepEqual(await ourKeys(page), []);

    await page.evaluate(() => localStorage.setItem('practice-pulse/draft/v0', JSON.stringify({ answers: [1, 2, 3] })));
    await page.reload();
    await page.getByText('An unfinished survey saved by another version of this page could not be continued').waitFor();
    assert.deepEqual(await ourKeys(page), []);

    await page.evaluate((key) => localStorage.setItem(key, '{not json'), KEY);
    await page.reload();
    await page.getByText('An unfinished survey on this device could not be read, so it was cleared.').waitFor();
    assert.deepEqual(await ourKeys(page), []);
    await context.close();
  });

  it('reviews what is unanswered, with a way back to each question', async () => {
    const { page, context } = await openApp(env);
    await clickStart(page);
    await answerByClick(page, TPS_ITEMS, [4, 4, 4, null, null, null, null]);
    await skipToReview(page);
    await page.getByText('You have not answered 35 questions.').waitFor();
    const tps = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: 'Psychological safety in your team' }) });
    await tps.getByText('Team psychological safety').waitFor(); // a score that would be missing
    await tps.getByRole('button', { name: `Question 4: ${TPS_ITEMS[3]}` }).click();
    await sectionHeading(page, 'Psychological safety in your team').waitFor();
    const fourth = question(page, TPS_ITEMS[3]);
    await expectFocused(fourth, 'focus lands on the question');
    await fourth.getByRole('radio', { name: 'Mostly accurate' }).check();
    await skipToResults(page);
    // (4 reversed → 4) + 4 + (4 → 4) + 6 over 4 answered = 4.5.
    await page.getByText('Your score is 4.5 on a scale from 1 to 7.').waitFor();
    await context.close();
  });

  it('keeps each answer on its own question when moving between sections', async () => {
    // Regression: reusing one section's radio buttons for the next let a
    // checked radio, renamed into another group, uncheck that group's answer.
    const { page, context } = await openApp(env);
    await clickStart(page);
    const tps1 = question(page, TPS_ITEMS[0]);
    for (const label of ACCURACY_LABELS) {
      await tps1.getByRole('radio', { name: label, exact: true }).check();
      await page.getByRole('button', { name: 'Next' }).click();
      const cbi1 = question(page, 'Is your work emotionally exhausting?');
      await cbi1.getByRole('radio', { name: 'To a high degree' }).check();
      await page.getByRole('button', { name: 'Back' }).click();
      assert.equal(await tps1.getByRole('radio', { name: label, exact: true }).isChecked(), true, `TPS 1 still ${label}`);
      await page.getByRole('button', { name: 'Next' }).click();
      assert.equal(await cbi1.getByRole('radio', { name: 'To a high degree' }).isChecked(), true, `CBI 1 kept with TPS 1 = ${label}`);
      await page.getByRole('button', { name: 'Back' }).click();
    }
    await context.close();
  });

  it('shows one question at a time on a narrow screen, moving focus to each', async () => {
    const { page, context } = await openApp(env, { viewport: { width: 390, height: 844 } });
    await clickStart(page);
    await page.getByText('Question 1 of 7 in this section').waitFor();
    await answerOneAtATime(page, TPS_ITEMS.slice(0, 2), [1, 2]);
    await page.getByRole('button', { name: 'Next' }).click();
    const third = question(page, TPS_ITEMS[2]);
    await third.waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'FIELDSET');
    assert.equal(await third.evaluate((el) => el === document.activeElement), true, 'focus follows the question');
    await third.getByRole('radio', { name: 'Slightly inaccurate' }).check();
    await page.getByRole('button', { name: 'Back' }).click();
    await question(page, TPS_ITEMS[1]).getByRole('radio', { name: 'Mostly inaccurate' }).waitFor();
    assert.equal(await question(page, TPS_ITEMS[1]).getByRole('radio', { name: 'Mostly inaccurate' }).isChecked(), true);
    await context.close();
  });

  it('downloads JSON and CSV that agree with the screen, and prints every score', async () => {
    const { page, context } = await openApp(env);
    await clickStart(page);
    await answerEverything(page, 1);
    // Shown: every numeric score sentence, read from the screen.
    const sentences = await page.getByText(/^Your score is .* on a scale from/).allTextContents();
    assert.equal(sentences.length, 4, 'TPS, CBI work, CBI patient, WHO-5');
    const shown = sentences.map((s) => s.match(/Your score is ([\d.]+)/)[1]);

    const json = JSON.parse(await readFile(await (await download(page)).path(), 'utf8'));
    // Clearing is ticked by default; this person keeps the page to save a CSV too.
    await page.getByRole('checkbox', { name: 'Clear my answers from this device now' }).uncheck();
    await page.getByRole('button', { name: 'Done' }).click();
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as a spreadsheet (CSV)' }).click(),
    ]);
    assert.match(csvDownload.suggestedFilename(), /^practice-pulse-result-\d{4}-\d{2}\.csv$/);
    const csvText = await readFile(await csvDownload.path(), 'utf8');
    assert.equal(csvText.charCodeAt(0), 0xfeff, 'a byte-order mark, so Excel reads UTF-8');
    const rows = csvText.slice(1).trim().split('\n').map((l) => l.split(','));
    assert.deepEqual(rows[0], ['period', 'instrument', 'instrument_version', 'kind', 'id', 'value', 'label']);
    assert.ok(rows.slice(1).every((r) => /^\d{4}-M\d{2}$/.test(r[0])), 'the month as text a spreadsheet keeps');
    const csvScores = rows.filter((r) => r[3] === 'score');
    const jsonScores = json.instruments.flatMap((i) => Object.entries(i.scores).map(([id, v]) => [i.id, id, v]));
    assert.equal(csvScores.length, jsonScores.length);
    for (const [instrument, id, value] of jsonScores) {
      const row = csvScores.find((r) => r[1] === instrument && r[4] === id);
      assert.ok(Math.abs(Number(row[5]) - value) < 1e-9, `${id}: CSV ${row[5]} = JSON ${value}`);
    }
    // The screen shows each to one decimal (means) or whole (WHO-5).
    const fmt = (id, v) => (id === 'who5' ? String(v) : v.toFixed(1));
    assert.deepEqual(shown, jsonScores.map(([, id, v]) => fmt(id, v)));
    const answers = rows.filter((r) => r[3] === 'answer');
    assert.equal(answers.length, 38, 'every answer has a row');

    await page.emulateMedia({ media: 'print' });
    for (const sentence of sentences) assert.equal(await page.getByText(sentence).isVisible(), true, `printed: ${sentence}`);
    assert.equal(await page.getByRole('button', { name: 'Download my result' }).isVisible(), false, 'controls are not printed');
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).isVisible(), false);
    await page.screenshot({ path: join(outputDir, 'print-view.png'), fullPage: true });
    await context.close();
  });

  it('shows where to get support, and never takes a contact from the page address', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    // A crafted link to the real page: its "contact" must not appear.
    await page.goto(`${env.origin}/?contact=Jo+Smith%2C+practice+manager&contact-link=tel%3A09090909090`);
    await clickStart(page);
    await skipToResults(page);
    const support = page.getByRole('region', { name: 'Where to get support' });
    assert.equal(await support.getByRole('link', { name: 'Call 116 123' }).getAttribute('href'), 'tel:116123');
    assert.equal(await support.getByText('Jo Smith').count(), 0, 'no contact from the address');
    assert.equal(await support.getByText('At your practice').count(), 0);
    assert.equal(await support.locator('a[href*="0909"]').count(), 0);
    await page.getByRole('region', { name: 'What this means' }).getByText('They are not a diagnosis').waitFor();
    await context.close();
  });

  it('passes axe-core on every screen, light and dark, fits 320 px, and writes a screenshot of each', async () => {
    const shots = join(outputDir, 'screens');
    mkdirSync(shots, { recursive: true });
    for (const [label, options] of [
      ['light', { viewport: { width: 390, height: 844 }, colorScheme: 'light' }],
      ['dark', { viewport: { width: 390, height: 844 }, colorScheme: 'dark' }],
      ['light-320', { viewport: { width: 320, height: 640 }, colorScheme: 'light' }],
      ['dark-wide', { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }],
    ]) {
      const { page, context } = await openApp(env, { ...options, reducedMotion: 'reduce' });
      let n = 0;
      const check = async (screen) => {
        assert.deepEqual(await axeViolations(page), [], `axe (${label}) on ${screen}`);
        assert.equal(await scrollsSideways(page), false, `${screen} scrolls sideways (${label})`);
        if (label === 'light' || label === 'dark') {
          await page.screenshot({ path: join(shots, `${label}-${String(++n).padStart(2, '0')}-${screen}.png`), fullPage: true });
        }
      };
      await check('welcome');
      await page.getByRole('button', { name: 'Clear my answers' }).click();
      await check('clear-confirm');
      await page.getByRole('button', { name: 'Keep them' }).click();
      await clickStart(page);
      await check('first-question');
      await page.getByRole('group').first().getByRole('radio').first().check();
      await skipToReview(page);
      await check('review');
      await page.getByRole('button', { name: 'See my results' }).click();
      await page.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
      await check('results');
      await download(page);
      await check('results-after-download');
      await page.reload();
      await page.getByRole('button', { name: 'Continue where you left off' }).waitFor();
      await check('welcome-with-draft');
      await page.getByRole('button', { name: 'Continue where you left off' }).click();
      await openPage(page, 'Questionnaires');
      await check('questionnaires');
      await openCompare(page);
      await check('compare');
      await context.close();
    }
  });
});

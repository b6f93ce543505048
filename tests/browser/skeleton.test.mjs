// The walking skeleton end to end in real Chromium: answer by keyboard,
// score, download, open the file again, reject bad files, stay on device,
// pass axe-core, fit 320 px.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { axeViolations, foreignRequests, openApp, scrollsSideways, start } from './harness.mjs';
import { ACCURACY_LABELS, TPS_ITEMS, answerByClick, answerOneAtATime, answerSectionByKeyboard, download as downloadResult, openCompare, question, sectionHeading, skipToResults, tabTo } from './pages.mjs';

// Worked by hand from Edmondson's rule (items 1, 3, 5 reversed as 8 − x):
// answers 2, 6, 3, 5, 1, 7, 5 → 6, 6, 5, 5, 7, 7, 5 → 41 / 7 = 5.857… → "5.9".
const ANSWERS = [2, 6, 3, 5, 1, 7, 5];
const EXPECTED = 41 / 7;
const EXPECTED_SHOWN = '5.9';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** Answers the TPS section with the keyboard only, then skips to the results. */
async function completeByKeyboard(page) {
  await tabTo(page, page.getByRole('button', { name: 'Start' }));
  await page.keyboard.press('Enter');
  await sectionHeading(page, 'Psychological safety in your team').waitFor();
  await answerSectionByKeyboard(page, ANSWERS);
  for (let i = 0; i < TPS_ITEMS.length; i++) {
    const chosen = question(page, TPS_ITEMS[i]).getByRole('radio', { name: ACCURACY_LABELS[ANSWERS[i] - 1], exact: true });
    assert.equal(await chosen.isChecked(), true, `item ${i + 1} answered ${ANSWERS[i]} by keyboard`);
  }
  await skipToResults(page);
}

describe('walking skeleton', () => {
  it('answers by keyboard, shows the hand-worked score, downloads it and opens it again', async () => {
    const { page, context, requests, consoleErrors } = await openApp(env);
    await completeByKeyboard(page);

    const card = page.getByRole('article', { name: 'Team psychological safety', exact: true });
    await assert.doesNotReject(card.getByText(`Your score is ${EXPECTED_SHOWN} on a scale from 1 to 7.`).waitFor());
    assert.match(await card.getByRole('img').getAttribute('aria-label'), new RegExp(`${EXPECTED_SHOWN} on a line from 1 to 7`));
    assert.equal(await page.getByRole('main').getByText('not rated as good or bad').count(), 1, 'no band for an unbanded scale, said once');

    const download = await downloadResult(page);
    assert.match(download.suggestedFilename(), /^practice-pulse-result-\d{4}-\d{2}\.json$/);
    const text = await readFile(await download.path(), 'utf8');
    const file = JSON.parse(text);
    assert.equal(file.format, 'practice-pulse-result');
    assert.equal(file.format_version, 2);
    assert.match(file.response, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a random UUID names the file');
    assert.match(file.period, /^\d{4}-\d{2}$/, 'a month, never a finer time');
    assert.equal(file.instruments.length, 6, 'every section of the default set, answered or not');
    assert.equal(file.instruments[0].id, 'tps');
    assert.ok(Math.abs(file.instruments[0].scores.tps - EXPECTED) < 1e-9, `file score ${file.instruments[0].scores.tps}`);
    assert.deepEqual(
      Object.values(file.instruments[0].answers),
      ANSWERS,
      'answers saved in item order',
    );
    // Exactly these fields, at every level: anything added (a name, a
    // device, a time) fails here until the format and this test say so.
    assert.deepEqual(Object.keys(file).sort(), ['format', 'format_version', 'generator', 'instruments', 'period', 'response'], 'no round or team without a practice configuration');
    for (const entry of file.instruments) {
      assert.deepEqual(Object.keys(entry).sort(), ['answers', 'id', 'scores', 'version']);
      assert.ok(Object.values(entry.answers).every(Number.isInteger), 'answers are option values only');
    }

    await openCompare(page);
    await page.getByLabel('Open result files').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    const table = page.getByRole('table', { name: 'Scores in the files you opened' });
    await table.waitFor();
    assert.equal(await table.getByRole('columnheader', { name: /mine\.json/ }).count(), 1);
    const row = table.getByRole('row', { name: /Team psychological safety/ });
    assert.equal(await row.getByRole('cell').first().textContent(), EXPECTED_SHOWN);

    assert.deepEqual(foreignRequests(requests, env.origin), [], 'no request leaves the app’s own files');
    assert.deepEqual(consoleErrors, [], 'no console errors (a CSP violation would be one)');
    await context.close();
  });

  it('turns each bad file away by name and keeps what was already open', async () => {
    const { page, context } = await openApp(env);
    await page.getByRole('button', { name: 'Start' }).click();
    await answerByClick(page, TPS_ITEMS, [4, 4, 4, 4, 4, 4, 4]);
    await skipToResults(page);
    const download = await downloadResult(page);
    const good = await readFile(await download.path(), 'utf8');
    await openCompare(page);
    const picker = page.getByLabel('Open result files');
    await picker.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(good) });
    const table = page.getByRole('table', { name: 'Scores in the files you opened' });
    await table.getByRole('columnheader', { name: /good\.json/ }).waitFor();

    const newer = JSON.parse(good);
    newer.format_version = 7;
    const unknown = JSON.parse(good);
    unknown.instruments[0].id = 'secret-scale';
    const cases = [
      ['noise.bin', Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x88]), 'noise.bin is not a result file'],
      ['other.json', Buffer.from('{"hello": "world"}'), 'other.json is JSON, but not a Practice Pulse result file'],
      ['newer.json', Buffer.from(JSON.stringify(newer)), 'newer.json was saved by a newer version (format 7); this page reads formats 1–2. Open it with the newer page.'],
      ['unknown.json', Buffer.from(JSON.stringify(unknown)), 'unknown.json uses a questionnaire this page does not know (secret-scale version 1)'],
    ];
    for (const [name, buffer, message] of cases) {
      await picker.setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
      const alert = page.getByRole('alert').filter({ hasText: 'Some files were not opened' });
      await alert.getByText(message).waitFor();
      // What was open stays open, with its score, and nothing was added.
      assert.equal(await table.getByRole('columnheader').count(), 2, `after ${name}: the score column and good.json`);
      assert.equal(await table.getByRole('row', { name: /Team psychological safety/ }).getByRole('cell').first().textContent(), '4.0');
    }
    // A good and a bad file chosen together: the good one opens.
    await picker.setInputFiles([
      { name: 'second.json', mimeType: 'application/json', buffer: Buffer.from(good) },
      { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('[1,2]') },
    ]);
    await table.getByRole('columnheader', { name: /second\.json/ }).waitFor();
    await page.getByRole('alert').getByText('bad.json is JSON, but not a Practice Pulse result file').waitFor();
    assert.equal(await table.getByRole('columnheader').count(), 3);
    await context.close();
  });

  it('shows the welcome’s opening before the wasm arrives, and the app then draws it once', async () => {
    // Without the wasm (held back), the page still says what it is.
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.route('**/*.wasm', () => {});
    await page.goto(env.origin + '/');
    await page.getByRole('heading', { level: 1, name: 'How is work for you?' }).waitFor();
    await page.getByText('A short, anonymous questionnaire about your team').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Start' }).count(), 0, 'nothing to press before the app runs');
    await context.close();

    const { page: app, context: appContext } = await openApp(env);
    await app.getByRole('button', { name: 'Start' }).waitFor();
    assert.equal(await app.getByRole('heading', { level: 1 }).count(), 1, 'one heading of the first level');
    assert.equal(await app.getByRole('main').count(), 1, 'one main landmark');
    assert.equal(await app.getByText('A short, anonymous questionnaire about your team').count(), 1, 'the opening once');
    await appContext.close();
  });

  it('paints the opening first: the largest paint is the opening’s, and the wasm is asked for after the first paint', async () => {
    const context = await env.browser.newContext({ viewport: { width: 412, height: 823 } });
    // Each largest-paint candidate's time, and when the app took the
    // opening away: a candidate before that is the opening's (an entry's
    // element is null once it has left the page, so time tells them apart).
    await context.addInitScript(() => {
      window.__largest = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__largest.push(entry.startTime);
      }).observe({ type: 'largest-contentful-paint', buffered: true });
      new MutationObserver((records) => {
        const gone = records.some((r) => [...r.removedNodes].some((n) => n.nodeType === 1 && n.hasAttribute('data-shell')));
        if (gone && window.__shellGone === undefined) window.__shellGone = performance.now();
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    // A slow CPU, as on an old practice PC: without the wait for a frame the
    // app then runs before anything is painted.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(env.origin + '/');
    await page.getByRole('button', { name: 'Start' }).waitFor();
    const { largest, shellGone, firstPaint, wasm, startScript } = await page.evaluate(() => ({
      largest: window.__largest,
      shellGone: window.__shellGone,
      firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      wasm: performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'))?.startTime,
      startScript: performance.getEntriesByType('resource').find((r) => /\/init-[0-9a-f]+\.js$/.test(r.name))?.responseEnd,
    }));
    assert.ok(largest.length > 0, 'a largest paint was recorded');
    assert.ok(shellGone !== undefined, 'the app took the opening away');
    assert.deepEqual(largest.filter((t) => t >= shellGone), [], `every largest-paint candidate is the HTML opening's (before ${shellGone.toFixed(0)} ms), none the app’s copy of it`);
    assert.ok(firstPaint !== undefined && wasm !== undefined, `first paint ${firstPaint}, wasm asked for at ${wasm}`);
    // The start-up script waits for the first paint, or 300 ms at most
    // (tools/externalise-init.mjs): on a machine so slow that nothing is
    // painted 300 ms after the script arrived, the wasm may go first.
    const waitedOut = startScript !== undefined && wasm - startScript >= 300;
    assert.ok(wasm >= firstPaint || waitedOut,
      `the wasm is asked for (${wasm.toFixed(0)} ms) after the first paint (${firstPaint.toFixed(0)} ms), or after waiting 300 ms for it (script at ${startScript?.toFixed(0)} ms)`);
    await context.close();
  });

  it('serves a Content-Security-Policy that allows only the app’s own files and no inline script', async () => {
    const { page, context } = await openApp(env);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    assert.match(csp, /connect-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|https?:|\*/);
    const inlineScripts = await page.evaluate(() => [...document.scripts].filter((s) => !s.src).length);
    assert.equal(inlineScripts, 0, 'no inline script in the page');
    // The policy really is enforced: an inline script added now does not run.
    const ran = await page.evaluate(() => {
      window.__inlineRan = false;
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
      return window.__inlineRan;
    });
    assert.equal(ran, false, 'CSP blocks inline script');
    await context.close();
  });

  for (const [label, options] of [
    ['desktop', { viewport: { width: 1280, height: 800 } }],
    ['320 × 640', { viewport: { width: 320, height: 640 } }],
  ]) {
    it(`every screen passes axe-core and fits without sideways scrolling (${label})`, async () => {
      const { page, context } = await openApp(env, options);
      const check = async (screen) => {
        assert.deepEqual(await axeViolations(page), [], `axe on ${screen}`);
        assert.equal(await scrollsSideways(page), false, `${screen} scrolls sideways`);
      };
      await check('welcome');
      await page.getByRole('button', { name: 'Start' }).click();
      await check('questions (none answered)');
      const values = [1, 2, 3, 4, 5, 6, null];
      if (options.viewport.width < 640) await answerOneAtATime(page, TPS_ITEMS, values);
      else await answerByClick(page, TPS_ITEMS, values);
      await check('questions (answered)');
      await skipToResults(page);
      await check('results');
      const download = await downloadResult(page);
      const text = await readFile(await download.path(), 'utf8');
      await openCompare(page);
      await check('compare (empty)');
      await page.getByLabel('Open result files').setInputFiles([
        { name: 'a-result-file-with-a-long-name-2026-11.json', mimeType: 'application/json', buffer: Buffer.from(text) },
        { name: 'b.json', mimeType: 'application/json', buffer: Buffer.from(text) },
        { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{') },
      ]);
      await page.getByRole('table').waitFor();
      await check('compare (files and an error)');
      await page.screenshot({ path: `tests/output/compare-${options.viewport.width}.png`, fullPage: true });
      await context.close();
    });
  }
});

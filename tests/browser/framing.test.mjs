// Safe and usable wherever the survey is framed, in any browser, and at the
// reception desk (issue 19): a host page of the survey's own origin, a
// frame no script sizes, a redirecting src, a sandbox, a host that learns
// nothing from the frame's height, storage refused in another site's
// frame, a browser without WebAssembly, a host CSP without
// 'wasm-unsafe-eval', and a shared PC after Done or "Clear my answers".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, axeViolations, foreignRequests, openApp, scrollsSideways, start } from './harness.mjs';
import { flushed, frameOf, go, recordFrameMessages } from './framed.mjs';
import {
  TPS_ITEMS, answerByClick, answerEverything, chooseDevice, clickStart, download, expectStored, skipToResults,
} from './pages.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const OWN_TAB = 'Open in its own tab';
const PRIVATE = 'To keep your answers private from this page, the survey opens in its own tab instead.';

/**
 * A host page at `url` (on the host server unless it starts with the
 * app's origin) holding `frame` (the iframe's HTML) and, if `embed`, the
 * documented embed.js; every message from a survey frame is recorded.
 * The host does not animate its scrolling (reduced motion, which embed.js
 * honours), so a scroll the survey asks for is done once the host has
 * handled the message (framed.mjs's `go`): a click inside the frame is
 * never aimed while the frame moves.
 */
async function openHost({ frame, embed = true, options = {}, path = '/intranet.html', sameOrigin = false, after = '' }) {
  const body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Riverside intranet</title></head>
<body><h1>Staff pages</h1>${frame}${embed ? `<script src="${env.origin}/embed.js" async></script>` : ''}${after}</body></html>`;
  let url;
  if (sameOrigin) {
    env.serve(path, body);
    url = env.origin + path;
  } else {
    env.host.extra.set(path, body);
    url = env.hostOrigin + path;
  }
  const context = await env.browser.newContext({
    viewport: { width: 1000, height: 700 }, acceptDownloads: true, reducedMotion: 'reduce', ...options,
  });
  await recordFrameMessages(context);
  const page = await context.newPage();
  const requests = [];
  const consoleMessages = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => consoleMessages.push({ type: m.type(), text: m.text() }));
  await page.goto(url);
  const survey = page.frameLocator('iframe');
  return { page, context, survey, requests, consoleMessages };
}

const surveyFrame = (src, extra = '') =>
  `<iframe src="${src}" title="Practice Pulse staff survey" data-practice-pulse style="width:100%;border:0" ${extra}></iframe>`;

/** Polls `predicate` for up to 30 s (a slow CI machine is slow). */
async function waitFor(predicate, message, seconds = 30) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await predicate()) return;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.fail(message);
}

describe('a host page of the survey’s own origin', () => {
  it('takes no answers in that frame: one sentence, a button to its own tab, and a console message for the leader', async () => {
    const { page, context, survey, requests, consoleMessages } = await openHost({
      frame: surveyFrame('/'), sameOrigin: true, path: '/intranet/staff.html',
    });
    await survey.getByText(PRIVATE).waitFor();
    const button = survey.getByRole('button', { name: OWN_TAB });
    await button.waitFor();
    assert.equal(await survey.getByRole('button', { name: 'Start' }).count(), 0, 'no Start');
    assert.equal(await survey.getByRole('group').count(), 0, 'no question and no device choice');
    await waitFor(() => consoleMessages.some((m) => m.type === 'warning' && m.text.includes('docs/embedding.md')
      && m.text.includes('its own origin')), 'a console message names docs/embedding.md');
    // Keyboard only: focus is on the heading; Tab reaches the button, Enter opens the survey's own tab.
    const frame = await frameOf(page);
    await frame.locator('h1').evaluate((h) => h.focus());
    await page.keyboard.press('Tab');
    assert.equal(await button.evaluate((b) => b === document.activeElement), true, 'Tab reaches the button');
    const [tab] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
    await tab.waitForURL(env.origin + '/');
    await tab.getByRole('button', { name: 'Start' }).waitFor();
    assert.equal(await tab.evaluate(() => window.opener), null, 'the new tab has no handle back');
    assert.deepEqual(await axeViolations(frame), []);
    assert.deepEqual(foreignRequests(requests, env.origin), []);
    await context.close();
  });

  it('keeps axe clean in dark mode and fits 320 px', async () => {
    const { page, context, survey } = await openHost({
      frame: surveyFrame('/'), sameOrigin: true, path: '/intranet/staff.html', options: { viewport: { width: 320, height: 640 }, colorScheme: 'dark' },
    });
    await survey.getByRole('button', { name: OWN_TAB }).waitFor();
    const frame = await frameOf(page);
    assert.deepEqual(await axeViolations(frame), []);
    assert.equal(await scrollsSideways(frame), false);
    await context.close();
  });

  it('still lets the set-up page preview the survey, and warns a leader whose intranet page shares the survey’s origin', async () => {
    const { page, context } = await openApp(env, { viewport: { width: 1000, height: 800 } }, env.origin + '/team/#setup');
    const preview = page.frameLocator('iframe[title="Preview of the survey with this configuration"]');
    await preview.getByRole('button', { name: 'Start' }).waitFor();
    assert.equal(await preview.getByRole('button', { name: OWN_TAB }).count(), 0);
    const field = page.getByLabel('The address of that intranet page (optional)');
    const check = page.locator('#host-address-check');
    await field.fill(env.origin + '/intranet/staff.html');
    await check.getByText(`That page shares the survey’s address (${env.origin}), so it could read every answer`).waitFor();
    await field.fill('https://intranet.example/staff');
    await check.getByText('That page is on another address, so it cannot read inside the survey.').waitFor();
    await field.fill('intranet');
    await check.getByText('That is not a web address').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});

describe('a frame no script sizes', () => {
  it('scrolls like any page until embed.js says it sizes the frame', async () => {
    const fixed = `<iframe src="${env.origin}/" title="Practice Pulse staff survey" style="width:100%;height:400px;border:0"></iframe>`;
    const { page, context, survey } = await openHost({ frame: fixed, embed: false });
    await survey.getByRole('button', { name: 'Start' }).waitFor();
    const frame = await frameOf(page, 'iframe');
    await page.mouse.move(300, 300);
    await page.mouse.wheel(0, 600);
    await waitFor(async () => (await frame.evaluate(() => window.scrollY)) > 100, 'the wheel scrolls the survey inside its fixed frame');
    await context.close();

    // With embed.js the frame is sized to the content and hides its own scrollbar.
    const sized = await openHost({ frame: surveyFrame(`${env.origin}/`) });
    await sized.survey.getByRole('button', { name: 'Start' }).waitFor();
    const inner = await frameOf(sized.page);
    await waitFor(async () => (await inner.evaluate(() => getComputedStyle(document.documentElement).overflowY)) === 'hidden',
      'hidden once embed.js sizes the frame');
    await sized.context.close();
  });
});

describe('a src that redirects to another origin', () => {
  it('is sized all the same, and the console names both origins', async () => {
    env.host.extra.set('/old-address/', (req, res) => { res.writeHead(302, { Location: env.origin + '/' }); res.end(); });
    const { page, context, survey, consoleMessages } = await openHost({ frame: surveyFrame('/old-address/') });
    await survey.getByRole('button', { name: 'Start' }).waitFor();
    const frameEl = page.locator('iframe');
    await waitFor(async () => {
      const outer = await frameEl.evaluate((el) => el.getBoundingClientRect().height);
      const content = await survey.locator('html').evaluate((el) => el.getBoundingClientRect().height);
      return outer > 300 && Math.abs(outer - content) <= 2;
    }, 'the frame follows the survey’s height');
    await waitFor(() => consoleMessages.some((m) => m.type === 'warning' && m.text.includes(env.hostOrigin) && m.text.includes(env.origin)
      && m.text.includes('redirect')), 'the console says the frame ended on another origin');
    env.host.extra.delete('/old-address/');
    await context.close();
  });
});

/** Start, skip every question, and see the results, inside the frame on `page`. */
async function toResultsIn(page, survey) {
  await go(page, survey.getByRole('button', { name: 'Start' }));
  const results = survey.getByRole('heading', { level: 1, name: 'Your results' });
  for (let i = 0; i < 12 && !(await results.isVisible()); i++) {
    const see = survey.getByRole('button', { name: 'See my results' });
    await go(page, (await see.isVisible()) ? see : survey.getByRole('button', { name: 'Next' }));
  }
  await results.waitFor();
}

describe('a sandboxed frame', () => {
  it('never claims a download happened, says what to do if no file appeared, and offers its own tab', async () => {
    const { page, context, survey } = await openHost({ frame: surveyFrame(`${env.origin}/`, 'sandbox="allow-scripts allow-same-origin"') });
    await toResultsIn(page, survey);
    const keep = survey.getByRole('region', { name: 'Keep your results' });
    await keep.getByText('If no file appears when you download, this page may not allow downloads').waitFor();
    await survey.getByRole('button', { name: 'Download my result' }).click();
    await survey.getByText('If the file was saved, look in your Downloads folder.').waitFor();
    assert.equal(await survey.getByText('Your download has started').count(), 0);
    // No popups in this sandbox: the address to open by hand instead.
    await keep.getByRole('button', { name: OWN_TAB }).click();
    await keep.getByText(`Your browser did not open a new tab. Copy this address into a new tab: ${env.origin}/`).waitFor();
    const frame = await frameOf(page);
    assert.deepEqual(await axeViolations(frame), []);
    await context.close();
  });
});

/**
 * Every message the survey frame sends its host, from the welcome to the
 * results, answering every question with the lowest (`first`) or highest
 * option, at `width` px.
 */
async function heightsSent(width, first) {
  const { page, context, survey } = await openHost({
    frame: surveyFrame(`${env.origin}/`), options: { viewport: { width, height: 800 } },
  });
  await go(page, survey.getByRole('button', { name: 'Start' }));
  for (let i = 0; i < 80; i++) {
    if (await survey.getByRole('heading', { level: 1, name: 'Your results' }).isVisible()) break;
    for (const group of await survey.getByRole('group').all()) {
      const radios = group.getByRole('radio');
      await (first ? radios.first() : radios.last()).check();
    }
    const see = survey.getByRole('button', { name: 'See my results' });
    await go(page, (await see.isVisible()) ? see : survey.getByRole('button', { name: 'Next' }));
  }
  await survey.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
  await flushed(page);
  const messages = await page.evaluate(() => window.__messages
    .filter((m) => m.type === 'practice-pulse:height' || m.type === 'practice-pulse:fill')
    .map((m) => (m.type === 'practice-pulse:fill' ? 'fill' : m.height)));
  await context.close();
  return messages;
}

describe('the frame’s height', () => {
  for (const width of [390, 1280]) {
    it(`tells the host nothing of the answers at ${width} px: all lowest and all highest send the same heights`, async () => {
      const low = await heightsSent(width, true);
      const high = await heightsSent(width, false);
      assert.deepEqual(high, low);
      assert.ok(low.includes('fill'), `the results fill the host's window: ${low}`);
    });
  }
});

/**
 * On a narrow screen, one question at a time: each option of each question
 * chosen in turn, and the height the host was last sent after each. Any
 * question whose options give different heights is named.
 */
async function heightsPerOption(width) {
  const { page, context, survey } = await openHost({
    frame: surveyFrame(`${env.origin}/`), options: { viewport: { width, height: 800 } },
  });
  const last = async () => {
    await flushed(page);
    return page.evaluate(() => window.__messages.filter((m) => m.type === 'practice-pulse:height').at(-1)?.height);
  };
  await go(page, survey.getByRole('button', { name: 'Start' }));
  const leaks = [];
  let questions = 0;
  for (let i = 0; i < 80; i++) {
    if (await survey.getByRole('heading', { level: 1, name: /Before you finish|Your results/ }).isVisible()) break;
    for (const group of await survey.getByRole('group').all()) {
      if (!(await group.isVisible())) continue;
      const radios = group.getByRole('radio');
      const heights = [];
      for (let o = 0; o < await radios.count(); o++) {
        await radios.nth(o).check();
        heights.push(await last());
      }
      questions++;
      if (new Set(heights).size > 1) leaks.push(`${(await group.locator('legend').first().innerText()).slice(0, 40)}: ${heights}`);
    }
    const see = survey.getByRole('button', { name: 'See my results' });
    await go(page, (await see.isVisible()) ? see : survey.getByRole('button', { name: 'Next' }));
  }
  await context.close();
  return { leaks, questions };
}

describe('the frame’s height, option by option', () => {
  for (const width of [320, 390]) {
    it(`does not depend on which option is chosen at ${width} px (a chosen option takes no more room)`, async () => {
      const { leaks, questions } = await heightsPerOption(width);
      assert.ok(questions >= 20, `every question of the default set was tried: ${questions}`);
      assert.deepEqual(leaks, []);
    });
  }
});

describe('storage refused inside another site’s frame', () => {
  it('says so once and offers its own tab, where progress is kept', async () => {
    const { page, context, survey } = await openHost({ frame: surveyFrame(`${env.origin}/`) });
    const notice = survey.getByText('This page is inside another website, which stops the survey keeping anything');
    await notice.waitFor();
    assert.equal(await notice.count(), 1, 'said once');
    await go(page, survey.getByRole('button', { name: 'Start' }));
    await survey.getByRole('heading', { level: 1, name: 'Psychological safety in your team' }).waitFor();
    assert.equal(await notice.count(), 1, 'still said once');
    const [tab] = await Promise.all([context.waitForEvent('page'), survey.getByRole('button', { name: OWN_TAB }).click()]);
    await tab.waitForURL(env.origin + '/');
    await tab.getByRole('button', { name: 'Start' }).waitFor();
    assert.equal(await tab.getByText('not letting the survey keep anything').count(), 0);
    assert.equal(await tab.getByText('inside another website').count(), 0);
    await clickStart(tab);
    await answerByClick(tab, TPS_ITEMS, [2, 2, null, null, null, null, null]);
    await expectStored(tab, { device: [], tab: ['practice-pulse/draft/v1'] }, 'kept in its own tab');
    const frame = await frameOf(page);
    assert.deepEqual(await axeViolations(frame), []);
    await context.close();
  });
});

describe('browsers that cannot run the survey', () => {
  it('says plainly that a browser without WebAssembly cannot run it, and what to do', async () => {
    const jitless = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, '--js-flags=--jitless'],
    });
    try {
      const page = await jitless.newPage({ viewport: { width: 320, height: 640 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(env.origin + '/');
      assert.equal(await page.evaluate(() => typeof WebAssembly), 'undefined', 'this browser has no WebAssembly');
      const alert = page.getByRole('alert');
      await alert.getByRole('heading', { name: 'This browser cannot run the survey' }).waitFor();
      await alert.getByText('Open the survey in another browser or on another device.', { exact: false }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Reload the page' }).count(), 0, 'no reload: it would not help');
      assert.equal(await page.getByRole('button', { name: 'Start' }).count(), 0);
      assert.deepEqual(errors, [], 'the start-up tried nothing');
      assert.deepEqual(await axeViolations(page), []);
      assert.equal(await scrollsSideways(page), false);
    } finally {
      await jitless.close();
    }
  });

  it('calls a host CSP without \'wasm-unsafe-eval\' permanent, and names the directive in the console', async () => {
    env.headers('/', { 'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'" });
    try {
      const context = await env.browser.newContext();
      const page = await context.newPage();
      const consoleErrors = [];
      page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      await page.goto(env.origin + '/');
      const alert = page.getByRole('alert');
      await alert.getByRole('heading', { name: 'The survey cannot start on this page' }).waitFor();
      await alert.getByText('reloading will not change that').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Reload the page' }).count(), 0);
      assert.equal(await page.getByText('Something went wrong on this page').count(), 0);
      await waitFor(() => consoleErrors.some((t) => t.includes("'wasm-unsafe-eval'") && t.includes('script-src')),
        `the console names the directive: ${consoleErrors.join(' | ')}`);
      assert.deepEqual(await axeViolations(page), []);
      await context.close();
    } finally {
      env.headers('/', null);
    }
  });
});

const TEAMS_CONFIG = { format: 'practice-pulse-config', format_version: 1, teams: ['Reception', 'Administration'] };

/** Nothing chosen on the welcome screen: no device, no team. */
async function nothingChosen(page) {
  await page.getByRole('button', { name: 'Start' }).waitFor();
  for (const name of ['Whose device is this?', 'Which team are you in?']) {
    for (const radio of await page.getByRole('group', { name }).getByRole('radio').all()) {
      assert.equal(await radio.isChecked(), false, `${name}: nothing chosen for the next person`);
    }
  }
}

describe('the reception desk', () => {
  it('after Done brings the next person nothing chosen, with the notice in view, focused and read out', async () => {
    env.serve('/practice.json', TEAMS_CONFIG);
    try {
      const { page, context } = await openApp(env, { viewport: { width: 390, height: 600 } });
      await chooseDevice(page, 'A shared or work computer');
      await page.getByRole('group', { name: 'Which team are you in?' }).getByRole('radio', { name: 'Reception' }).check();
      await clickStart(page);
      await skipToResults(page);
      await download(page);
      await page.getByRole('button', { name: 'Done' }).click();
      const notice = page.getByRole('status').getByText('Your answers were cleared from this device.');
      await notice.waitFor();
      await waitFor(() => notice.evaluate((el) => el === document.activeElement), 'focus is on the notice');
      await waitFor(async () => (await page.evaluate(() => window.scrollY)) === 0, 'the page is at its top');
      await nothingChosen(page);

      // "Clear my answers" from the header, the same.
      await chooseDevice(page, 'My own device');
      await page.getByRole('group', { name: 'Which team are you in?' }).getByRole('radio', { name: 'Administration' }).check();
      await clickStart(page);
      await answerByClick(page, TPS_ITEMS, [3, null, null, null, null, null, null]);
      await page.getByRole('button', { name: 'Clear my answers' }).click();
      await page.getByRole('button', { name: 'Yes, clear them' }).click();
      await notice.waitFor();
      await waitFor(() => notice.evaluate((el) => el === document.activeElement), 'focus is on the notice');
      await nothingChosen(page);
      await expectStored(page, { device: [], tab: [] });
      assert.deepEqual(await axeViolations(page), []);
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('never says “cleared from this device” while another tab holds the draft', async () => {
    const context = await env.browser.newContext();
    const first = await context.newPage();
    await first.goto(env.origin + '/');
    await chooseDevice(first, 'My own device');
    await clickStart(first);
    await answerByClick(first, TPS_ITEMS, [1, 2, 3, null, null, null, null]);
    const second = await context.newPage();
    await second.goto(env.origin + '/');
    await second.getByRole('button', { name: 'Continue where you left off' }).click();
    await first.getByRole('heading', { level: 1, name: 'This survey is open in another tab' }).waitFor();
    await first.getByRole('button', { name: 'Clear my answers' }).click();
    await first.getByRole('button', { name: 'Yes, clear them' }).click();
    await first.getByText('Your answers were cleared from this tab. The survey open in another tab still holds its answers').waitFor();
    assert.equal(await first.getByText('Your answers were cleared from this device.').count(), 0);
    assert.ok(await first.evaluate(() => localStorage.getItem('practice-pulse/draft/v1')), 'the other tab’s draft is still there');
    await context.close();
  });

  it('calls a draft with every question answered finished, wherever it stopped', async () => {
    const { page, context } = await openApp(env);
    await chooseDevice(page, 'My own device');
    await clickStart(page);
    await answerEverything(page, 2);
    // Back from the results to the last section: kept on the device again.
    await page.getByRole('button', { name: 'Back' }).click();
    await expectStored(page, { device: ['practice-pulse/draft/v1'], tab: [] });
    const later = await context.newPage();
    await later.goto(env.origin + '/');
    await later.getByText('You have a finished survey on this device (38 of 38 answered).').waitFor();
    await context.close();
  });
});

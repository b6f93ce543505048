// The team page, where key holders choose their key file and type its
// passphrase and leaders type the set-up (#setup), treats a page of its
// own origin that frames it, or opened it with window.open, as the survey
// does (review 5, R5-13): it makes none of itself there, in any view, only
// one sentence and "Open in its own tab" (the new tab keeps the view, has
// no handle back, and runs the page), and a console message for the
// leader. The host finds no key input, passphrase or set-up field to read.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, foreignRequests, scrollsSideways, start } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const OWN_TAB = 'Open in its own tab';
const PRIVATE = 'To keep key files, passphrases, hand-in files and the set-up private from this page, the team page opens in its own tab instead.';
const KEY_FILE = 'Key file (practice-pulse-holder.key)';
const SETUP = 'Set up Practice Pulse for your practice';

/** Polls `predicate` for up to 30 s (a slow CI machine is slow). */
async function waitFor(predicate, message, seconds = 30) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await predicate()) return;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.fail(message);
}

// What a host script of the same origin can read of the team page's
// window: every form control and the page's own headings.
const READ = `window.readTeam = (w) => ({
  inputs: w.document.querySelectorAll('input, textarea, select').length,
  headings: [...w.document.querySelectorAll('h1')].map((h) => h.textContent),
});`;

/** A page of the app's own origin at `path`, with `body` and `script`. */
async function openSameOriginHost({ path, body, script, options = {} }) {
  env.serve(path, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Riverside intranet</title></head>
<body><h1>Staff pages</h1>${body}<script src="${path}.js"></script></body></html>`);
  env.serve(`${path}.js`, `${READ}\n${script}`);
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 }, ...options });
  const page = await context.newPage();
  const requests = [];
  const consoleMessages = [];
  // Requests and console messages of every page in this context (the
  // frame's are the host page's; a window it opens is another page).
  context.on('request', (r) => requests.push(r.url()));
  context.on('console', (m) => consoleMessages.push({ type: m.type(), text: m.text() }));
  await page.goto(env.origin + path);
  const close = async () => {
    await context.close();
    env.unserve(path);
    env.unserve(`${path}.js`);
  };
  return { page, context, requests, consoleMessages, close };
}

const teamFrame = (src) => `<iframe src="${src}" title="Practice Pulse team page" style="width:100%;height:600px;border:0"></iframe>`;

async function frameOf(page) {
  const handle = await page.locator('iframe').first().elementHandle();
  return handle.contentFrame();
}

describe('a host page of the team page’s own origin that frames it', () => {
  it('gets no key input or passphrase to read: one sentence, its own tab, and a console message', async () => {
    const host = await openSameOriginHost({ path: '/intranet/keys.html', body: teamFrame('/team/'), script: '' });
    try {
      const { page, context, requests, consoleMessages } = host;
      const team = page.frameLocator('iframe');
      await team.getByText(PRIVATE).waitFor({ timeout: 30000 });
      const button = team.getByRole('button', { name: OWN_TAB });
      await button.waitFor();
      assert.equal(await team.getByLabel(KEY_FILE).count(), 0, 'no key file input');
      assert.equal(await team.getByLabel('Passphrase', { exact: true }).count(), 0, 'no passphrase');
      assert.equal(await team.getByRole('button', { name: 'Open the key' }).count(), 0);
      assert.deepEqual(await page.evaluate(() => window.readTeam(window.frames[0])),
        { inputs: 0, headings: ['Practice Pulse for key holders and leaders'] }, 'nothing for the host to read');
      await waitFor(() => consoleMessages.some((m) => m.type === 'warning' && m.text.includes('the team page is framed by a page of its own origin')
        && m.text.includes('docs/hand-in.md')), 'a console message for the leader names docs/hand-in.md');
      const frame = await frameOf(page);
      assert.deepEqual(await axeViolations(frame), []);

      // Keyboard only: the heading has focus; Tab reaches the button, Enter
      // opens the team page in a tab with no handle back, where it runs.
      await team.getByRole('heading', { level: 1 }).evaluate((h) => h.focus());
      await page.keyboard.press('Tab');
      assert.equal(await button.evaluate((b) => b === document.activeElement), true, 'Tab reaches the button');
      const [tab] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
      await tab.waitForURL(`${env.origin}/team/`);
      await tab.getByLabel(KEY_FILE).waitFor({ timeout: 30000 });
      assert.equal(await tab.evaluate(() => window.opener), null, 'the new tab has no handle back');
      assert.equal(await tab.getByText(PRIVATE).count(), 0);
      assert.deepEqual(foreignRequests(requests, env.origin), []);
    } finally {
      await host.close();
    }
  });

  it('gives no set-up to change either (team/#setup), in dark mode at 320 px; its own tab opens the set-up', async () => {
    const host = await openSameOriginHost({
      path: '/intranet/setup.html', body: teamFrame('/team/#setup'), script: '',
      options: { viewport: { width: 320, height: 640 }, colorScheme: 'dark' },
    });
    try {
      const { page, context } = host;
      const team = page.frameLocator('iframe');
      await team.getByRole('button', { name: OWN_TAB }).waitFor({ timeout: 30000 });
      assert.equal(await team.getByRole('heading', { name: SETUP }).count(), 0, 'no set-up');
      assert.equal(await team.getByRole('textbox').count(), 0, 'no field the host could change');
      assert.equal((await page.evaluate(() => window.readTeam(window.frames[0]))).inputs, 0);
      const frame = await frameOf(page);
      assert.deepEqual(await axeViolations(frame), []);
      assert.equal(await scrollsSideways(frame), false);
      const [tab] = await Promise.all([context.waitForEvent('page'), team.getByRole('button', { name: OWN_TAB }).click()]);
      await tab.getByRole('heading', { level: 1, name: SETUP }).waitFor({ timeout: 30000 });
      assert.equal(tab.url(), `${env.origin}/team/#setup`, 'the view goes along');
      assert.equal(await tab.evaluate(() => window.opener), null);
    } finally {
      await host.close();
    }
  });
});

describe('a page of the team page’s own origin that opens it with window.open', () => {
  it('gets no key input to read; a plain link opens the team page as usual', async () => {
    const host = await openSameOriginHost({
      path: '/intranet/opener.html',
      body: '<a href="/team/" target="_blank">Team page</a> <button type="button" id="open">Open the team page</button>',
      script: `document.getElementById('open').addEventListener('click', () => { window.w = window.open('/team/#holder', 'team'); });`,
    });
    try {
      const { page, context, consoleMessages } = host;
      const [opened] = await Promise.all([
        context.waitForEvent('page'),
        page.getByRole('button', { name: 'Open the team page' }).click(),
      ]);
      await opened.getByText(PRIVATE).waitFor({ timeout: 30000 });
      await opened.getByRole('button', { name: OWN_TAB }).waitFor();
      assert.equal(await opened.getByLabel(KEY_FILE).count(), 0, 'no key file input');
      assert.equal(await opened.getByRole('heading', { name: 'Key holder: the key that opens hand-in files' }).count(), 0, 'no #holder view');
      assert.equal((await page.evaluate(() => window.readTeam(window.w))).inputs, 0, 'nothing for the opener to read');
      await waitFor(() => consoleMessages.some((m) => m.type === 'warning' && m.text.includes('the team page was opened by a page of its own origin')),
        'a console message says why');
      assert.deepEqual(await axeViolations(opened), []);

      // A plain link (target=_blank) leaves no opener: the team page runs.
      const [linked] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Team page' }).click()]);
      await linked.getByLabel(KEY_FILE).waitFor({ timeout: 30000 });
      assert.equal(await linked.evaluate(() => window.opener), null);
      assert.equal(await linked.getByText(PRIVATE).count(), 0);
    } finally {
      await host.close();
    }
  });
});

// A page of the survey's own origin that opens it with window.open keeps a
// handle to its window and could read every answer (review 4, finding 8):
// the survey treats a same-origin opener like a same-origin frame's host.
// It shows no question, only the same sentence and "Open in its own tab",
// whose tab has no opener and runs the survey; the host finds no answer to
// read. A plain link (target=_blank leaves no opener) opens the survey as
// usual.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './harness.mjs';
import { chooseDevice, clickStart } from './pages.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const PRIVATE = 'To keep your answers private from this page, the survey opens in its own tab instead.';
const HOST = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Riverside intranet</title></head>
<body><h1>Staff pages</h1><a href="/" target="_blank">Staff survey</a>
<button type="button" id="open">Open the survey</button>
<script src="/intranet/host.js"></script></body></html>`;
// The host keeps the window it opens and reads what it can of it.
const HOST_JS = `document.getElementById('open').addEventListener('click', () => { window.w = window.open('/', 'pulse'); });
window.readSurvey = () => ({
  radios: window.w.document.querySelectorAll('input[type=radio]').length,
  checked: window.w.document.querySelectorAll('input[type=radio]:checked').length,
  stored: Object.keys(window.w.sessionStorage).concat(Object.keys(window.w.localStorage)).filter((k) => k.startsWith('practice-pulse/draft')),
});`;

describe('a page of the survey\'s own origin that opens it', () => {
  it('gets no question to read with window.open; a plain link and "Open in its own tab" run the survey', async () => {
    env.serve('/intranet/host.html', HOST);
    env.serve('/intranet/host.js', HOST_JS);
    const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 } });
    try {
      const host = await context.newPage();
      await host.goto(`${env.origin}/intranet/host.html`);
      // Every page's console from before the survey's window opens: a
      // listener added once the click has returned could miss a message.
      const messages = [];
      context.on('console', (m) => { if (m.page() !== host) messages.push(m.text()); });
      const [survey] = await Promise.all([
        context.waitForEvent('page'),
        host.getByRole('button', { name: 'Open the survey' }).click(),
      ]);
      await survey.getByText(PRIVATE).waitFor({ timeout: 60000 });
      await survey.getByRole('button', { name: 'Open in its own tab' }).waitFor();
      assert.equal(await survey.getByRole('button', { name: 'Start' }).count(), 0, 'no survey to start');
      assert.equal(await survey.getByRole('radio').count(), 0, 'no question');
      assert.deepEqual(await host.evaluate(() => window.readSurvey()), { radios: 0, checked: 0, stored: [] }, 'nothing for the host to read');
      assert.ok(messages.some((m) => m.includes('opened by a page of its own origin')), `the console says why: ${messages}`);

      // "Open in its own tab": a tab with no opener, where the survey runs.
      const [own] = await Promise.all([
        context.waitForEvent('page'),
        survey.getByRole('button', { name: 'Open in its own tab' }).click(),
      ]);
      await chooseDevice(own, 'A shared or work computer');
      await clickStart(own);
      assert.equal(await own.evaluate(() => window.opener), null);

      // A plain link (target=_blank): no opener, the survey as usual, and
      // an answer checked there.
      const [linked] = await Promise.all([
        context.waitForEvent('page'),
        host.getByRole('link', { name: 'Staff survey' }).click(),
      ]);
      assert.equal(await linked.evaluate(() => window.opener), null);
      await chooseDevice(linked, 'A shared or work computer');
      await clickStart(linked);
      await linked.getByRole('group').first().getByRole('radio').first().check();
      assert.equal(await linked.getByText(PRIVATE).count(), 0);
    } finally {
      await context.close();
      env.unserve('/intranet/host.html');
      env.unserve('/intranet/host.js');
    }
  });
});

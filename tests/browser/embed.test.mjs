// The survey on a practice's own page: the documented snippet in a host
// page on another origin (127.0.0.2), an iframe that follows the survey's
// height with no inner scrollbar and settles (the results fill the window), false messages ignored, two
// survey frames sized independently.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './harness.mjs';
import { flushed, go, recordFrameMessages } from './framed.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** The host page: exactly the documented snippet, `count` times, and a stranger's frame. */
function hostPage(count, after = '') {
  const snippet = `<iframe src="${env.origin}/" title="Practice Pulse staff survey" data-practice-pulse style="width:100%;border:0"></iframe>
<script src="${env.origin}/embed.js" async></script>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Riverside intranet</title></head>
<body><h1>Staff pages</h1>${Array(count).fill(snippet).join('\n<p>Between the surveys.</p>\n')}
<iframe id="stranger" title="Another widget" srcdoc="<p>widget</p>"></iframe>${after}</body></html>`;
}

/**
 * The host page in a fresh context, recording what the frames post
 * (framed.mjs). `options` go to browser.newContext: a test that clicks
 * inside a frame asks for reducedMotion 'reduce', so the host's scroll to
 * the frame's top is done once the message is handled.
 */
async function openHost(count, after = '', options = {}) {
  const hostOrigin = `http://127.0.0.2:${env.host.address().port}`;
  env.host.extra.set('/intranet.html', hostPage(count, after));
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 700 }, ...options });
  await recordFrameMessages(context);
  const page = await context.newPage();
  await page.goto(`${hostOrigin}/intranet.html`);
  const frames = page.locator('iframe[data-practice-pulse]');
  await frames.first().waitFor();
  return { page, context, frames };
}

/** The frame's height on the host page, and the content's height inside it. */
async function heights(page, index) {
  const frameEl = page.locator('iframe[data-practice-pulse]').nth(index);
  const outer = await frameEl.evaluate((el) => el.getBoundingClientRect().height);
  const inner = page.frameLocator('iframe[data-practice-pulse] >> nth=' + index);
  const content = await inner.locator('html').evaluate((el) => ({
    height: el.getBoundingClientRect().height, scrolls: el.scrollHeight > el.clientHeight + 1 || document.body.scrollHeight > window.innerHeight + 1,
  }));
  return { outer, content: content.height, scrolls: content.scrolls };
}

/** The heights once the frame fits its content (up to 30 s: a slow CI machine is slow). */
async function settledHeights(page, index) {
  for (const until = Date.now() + 30000; Date.now() < until;) {
    const h = await heights(page, index);
    if (Math.abs(h.outer - h.content) <= 2) return h;
    await page.waitForTimeout(50);
  }
  return heights(page, index);
}

describe('embedding on a practice’s page', () => {
  it('follows the survey’s height on the welcome and questions with no inner scrollbar, fills the window on the results, and settles', async () => {
    const { page, context } = await openHost(1, '', { reducedMotion: 'reduce' });
    const survey = page.frameLocator('iframe[data-practice-pulse]');
    await survey.getByRole('heading', { level: 1, name: 'How is work for you?' }).waitFor();
    const seen = [];
    for (const step of ['welcome', 'questions', 'results']) {
      if (step === 'questions') await go(page, survey.getByRole('button', { name: 'Start' }));
      if (step === 'results') {
        const results = survey.getByRole('heading', { level: 1, name: 'Your results' });
        for (let i = 0; i < 8 && !(await results.isVisible()); i++) {
          const see = survey.getByRole('button', { name: 'See my results' });
          await go(page, (await see.isVisible()) ? see : survey.getByRole('button', { name: 'Next' }));
        }
        await results.waitFor();
      }
      if (step === 'results') {
        // The results' length depends on the answers: the frame fills the
        // host's window instead (700 px here) and the survey scrolls inside.
        await page.waitForFunction(() => document.querySelector('iframe[data-practice-pulse]').getBoundingClientRect().height === window.innerHeight);
        const h = await heights(page, 0);
        assert.equal(h.scrolls, true, 'the results scroll inside the frame');
        assert.notEqual(await survey.locator('html').evaluate((el) => getComputedStyle(el).overflowY), 'hidden');
        seen.push(h.outer);
        continue;
      }
      const h = await settledHeights(page, 0);
      assert.ok(Math.abs(h.outer - h.content) <= 2, `${step}: frame ${h.outer} px for content ${h.content} px`);
      assert.equal(h.scrolls, false, `${step}: no scrollbar inside the frame`);
      seen.push(h.outer);
    }
    assert.notEqual(seen[0], seen[1], 'the frame followed the content');
    // Settles: once the host has handled everything the survey sent, three
    // more rounds (each two of the survey's frames, so its resize observer
    // has seen the frame's size, and every message since) bring no new
    // size and no new message. A growth loop sends one every round; counted
    // in the survey's frames, not in seconds, which a slow machine spends
    // on fewer frames.
    await flushed(page);
    const before = (await heights(page, 0)).outer;
    const sized = () => page.evaluate(() => window.__messages.filter((m) => m.type?.startsWith('practice-pulse:')).length);
    const sent = await sized();
    for (let round = 0; round < 3; round++) await flushed(page);
    assert.equal(await sized(), sent, 'no message after the survey settled');
    assert.equal((await heights(page, 0)).outer, before, 'no growth loop');
    await context.close();
  });

  it('ignores a false height from anyone but the survey’s own frame', async () => {
    const { page, context } = await openHost(1);
    const survey = page.frameLocator('iframe[data-practice-pulse]');
    await survey.getByRole('heading', { level: 1, name: 'How is work for you?' }).waitFor();
    const before = (await settledHeights(page, 0)).outer;
    // A listener added after embed.js's (which has sized the frame, so it
    // runs) counts the false heights: listeners run in the order added, so
    // once it has seen both, embed.js has handled both. No fixed wait,
    // which a slow machine could outlast.
    await page.evaluate(() => {
      window.__falseHeights = 0;
      window.addEventListener('message', (e) => { if (e.data?.height === 5000) window.__falseHeights += 1; });
    });
    // The host page itself, and another frame on it, send a false height.
    await page.evaluate(() => window.postMessage({ type: 'practice-pulse:height', height: 5000 }, '*'));
    await page.frameLocator('#stranger').locator('p').evaluate(() => window.parent.postMessage({ type: 'practice-pulse:height', height: 5000 }, '*'));
    await page.waitForFunction(() => window.__falseHeights === 2);
    assert.equal((await heights(page, 0)).outer, before);
    await context.close();
  });

  it('brings the frame’s top into view when the survey moves to a new section', async () => {
    const { page, context } = await openHost(1, '<div style="height:3000px">The rest of the intranet page.</div>');
    const survey = page.frameLocator('iframe[data-practice-pulse]');
    await survey.getByRole('heading', { level: 1, name: 'How is work for you?' }).waitFor();
    await settledHeights(page, 0);
    // The reader has scrolled far down the host page, past the survey.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const frameTop = () => page.locator('iframe[data-practice-pulse]').evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(await frameTop() < -500, 'the survey is out of view above');
    await page.evaluate(() => {
      window.__tops = 0;
      const frame = document.querySelector('iframe[data-practice-pulse]');
      window.addEventListener('message', (e) => {
        if (e.source === frame.contentWindow && e.data?.type === 'practice-pulse:top') window.__tops += 1;
      });
    });
    // Start, pressed without scrolling anything (as a keyboard would).
    await survey.getByRole('button', { name: 'Start' }).evaluate((b) => b.click());
    await survey.getByRole('heading', { level: 1, name: 'Psychological safety in your team' }).waitFor();
    await page.waitForFunction(() => {
      const top = document.querySelector('iframe[data-practice-pulse]').getBoundingClientRect().top;
      return top > -2 && top < window.innerHeight / 2;
    });
    // The frame asked for it (focus inside the frame may scroll too).
    assert.ok(await page.evaluate(() => window.__tops) >= 1, 'the frame asked the host to show its top');
    await context.close();
  });

  it('sizes two survey frames on one page independently', async () => {
    const { page, context } = await openHost(2, '', { reducedMotion: 'reduce' });
    const first = page.frameLocator('iframe[data-practice-pulse] >> nth=0');
    const second = page.frameLocator('iframe[data-practice-pulse] >> nth=1');
    await first.getByRole('heading', { level: 1, name: 'How is work for you?' }).waitFor();
    await second.getByRole('heading', { level: 1, name: 'How is work for you?' }).waitFor();
    await go(page, second.getByRole('button', { name: 'Start' }), 'iframe[data-practice-pulse] >> nth=1');
    await second.getByRole('heading', { level: 1, name: 'Psychological safety in your team' }).waitFor();
    const a = await settledHeights(page, 0);
    const b = await settledHeights(page, 1);
    assert.ok(Math.abs(a.outer - a.content) <= 2 && Math.abs(b.outer - b.content) <= 2, `${JSON.stringify([a, b])}`);
    assert.notEqual(Math.round(a.outer), Math.round(b.outer), 'each frame has its own height');
    await context.close();
  });
});

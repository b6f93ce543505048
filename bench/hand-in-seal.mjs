// Sealing a hand-in file on the staff page, headless Chromium at 4× CPU
// throttling (CDP Emulation.setCPUThrottlingRate 4), for one key holder
// and for two (split trust: Prio3 sharding, then a sealed box to each), on
// the default set and on the largest built-in set (every optional module
// added), every question answered:
// - the seal alone: the hand-in code's one call (result file text and the
//   holders' lines in, the hand-in text out: parse, shard, seal, write),
//   run on the page's main thread (where the throttling surely applies),
//   median of 21 after one warm-up call, one line per number of holders;
// - Hand in pressed to the file offered, with two holders: loading the
//   worker (its files from the browser's cache after the first press),
//   the seal, the download; the first press (files fetched) and the median
//   of the next 5.
// Usage: node bench/hand-in-seal.mjs   (after ./dev build; bench/size.sh builds)
// Budget (issue 20): sealing within 50 ms at 4× throttling.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS, root } from '../tests/browser/harness.mjs';
import { clickStart, download } from '../tests/browser/pages.mjs';
import { startServer } from '../tools/serve.mjs';
import { chromium } from 'playwright-core';

// Valid public key lines (the golden two-holder fixtures; nothing is opened here).
const keyLine = (name) => JSON.parse(readFileSync(join(root, 'core', 'tests', 'fixtures', name), 'utf8')).public_key;
const [A, B] = [keyLine('holder-a-v1.key'), keyLine('holder-b-v1.key')];
// The optional modules (core/src/catalogue.rs OPTIONAL_SET): with them, the largest built-in set.
const SETS = [['default set', []], ['largest built-in set (default and every optional module)', ['cbi-personal', 'hse-it']]];

const extra = new Map();
const serveConfig = (holders, modules) => extra.set('/practice.json', JSON.stringify({
  format: 'practice-pulse-config', format_version: 1, ...(modules.length ? { modules } : {}),
  hand_in: { holders, how: 'Email it to the practice' },
}));
const server = await startServer(join(root, 'dist'), 0, extra);
const origin = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => x.toFixed(1);

/** Start, the middle option of every question, every section, to the results. */
async function answerAll(page) {
  await clickStart(page);
  for (let i = 0; i < 30; i++) {
    if (await page.getByRole('heading', { level: 1, name: 'Your results' }).isVisible()) return;
    for (const group of await page.getByRole('group').all()) {
      const radios = group.getByRole('radio');
      await radios.nth(Math.floor((await radios.count()) / 2)).check();
    }
    const see = page.getByRole('button', { name: 'See my results' });
    if (await see.isVisible()) await see.click();
    else await page.getByRole('button', { name: 'Next' }).click();
  }
  await page.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
}

console.log('headless Chromium, 4× CPU throttling, served on loopback');
for (const [setName, modules] of SETS) {
  serveConfig([A, B], modules);
  // The person's result file, as the survey writes it.
  const survey = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const staff = await survey.newPage();
  await staff.goto(origin);
  await answerAll(staff);
  const result = readFileSync(await (await download(staff)).path(), 'utf8');
  const instruments = JSON.parse(result).instruments.length;

  // The seal alone, on the main thread, for one holder and for two.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin);
  await page.getByRole('button', { name: 'Start' }).waitFor();
  await page.evaluate(() => new Promise((ok, fail) => {
    const script = document.createElement('script');
    script.src = 'handin.js';
    script.onload = ok;
    script.onerror = fail;
    document.head.append(script);
  }));
  // eslint-disable-next-line no-undef
  await page.evaluate(() => wasm_bindgen('./handin_bg.wasm'));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const seals = {};
  const sizes = {};
  for (const holders of [[A], [A, B]]) {
    const request = JSON.stringify({ result, holders, definitions: [] });
    const { times, size } = await page.evaluate((request) => {
      const times = [];
      let reply = '';
      for (let i = 0; i < 22; i++) {
        const t0 = performance.now();
        // eslint-disable-next-line no-undef
        reply = wasm_bindgen.hand_in(request);
        times.push(performance.now() - t0);
        if (!reply.startsWith('{')) throw new Error(reply);
      }
      return { times: times.slice(1), size: reply.length };
    }, request);
    seals[holders.length] = times;
    sizes[holders.length] = size;
  }
  await context.close();

  // Hand in pressed, to the file offered, with two holders.
  const throttle = await survey.newCDPSession(staff);
  await throttle.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const pressed = [];
  let scheme = '';
  for (let i = 0; i < 6; i++) {
    const t0 = Date.now();
    const [file] = await Promise.all([staff.waitForEvent('download'), staff.getByRole('button', { name: 'Hand in to the practice' }).click()]);
    pressed.push(Date.now() - t0);
    scheme = JSON.parse(readFileSync(await file.path(), 'utf8')).scheme;
  }
  await survey.close();

  console.log(`\n${setName}: ${instruments} questionnaires, every question answered`);
  for (const n of [1, 2]) {
    const t = seals[n];
    console.log(`  seal alone, ${n === 1 ? 'one key holder ' : 'two key holders'} (main thread)  median ${ms(median(t))} ms   (min ${ms(Math.min(...t))}, max ${ms(Math.max(...t))}, 21 runs; file ${(sizes[n] / 1000).toFixed(1)} kB)`);
  }
  console.log(`  Hand in pressed to file, two key holders (${scheme}): first press ${pressed[0]} ms (worker's files fetched), after median ${median(pressed.slice(1))} ms (runs: ${pressed.slice(1).join(', ')})`);
  console.log(`  budget: sealing within 50 ms at 4×: one holder ${median(seals[1]) <= 50 ? 'met' : 'NOT met'}, two holders ${median(seals[2]) <= 50 ? 'met' : 'NOT met'}`);
}
await browser.close();
server.close();

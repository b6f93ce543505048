// Load time of the release build in headless Chromium with 4× CPU
// throttling: the median of 5 fresh loads of the time until the first
// question is visible (page load, Start pressed, first question drawn) and
// until a first answer is taken (a radio chosen and counted in progress).
// Usage: node bench/load.mjs   (after ./dev build; bench/size.sh builds)
// Budget (issue 4): first question visible within 1.5 s.
import { join } from 'node:path';
import { CHROMIUM_ARGS, root } from '../tests/browser/harness.mjs';
import { startServer } from '../tools/serve.mjs';
import { chromium } from 'playwright-core';

const RUNS = 5;
const server = await startServer(join(root, 'dist'), 0);
const origin = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const firstQuestion = [];
const firstAnswer = [];
const wasmReady = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const t0 = Date.now();
  await page.goto(origin, { waitUntil: 'commit' });
  const start = page.getByRole('button', { name: 'Start' });
  await start.waitFor();
  wasmReady.push(Date.now() - t0);
  await start.click();
  const radio = page.getByRole('group').first().getByRole('radio').first();
  await radio.waitFor();
  firstQuestion.push(Date.now() - t0);
  await radio.check();
  await page.getByRole('status').getByText('1 of 38 answered').waitFor();
  firstAnswer.push(Date.now() - t0);
  await context.close();
}
await browser.close();
server.close();

const line = (label, xs) => console.log(`${label.padEnd(40)} median ${String(median(xs)).padStart(5)} ms   (runs: ${xs.join(', ')})`);
console.log(`${RUNS} fresh loads, headless Chromium, 4× CPU throttling, 390×844, served on loopback`);
line('Start button shown (app running)', wasmReady);
line('first question visible', firstQuestion);
line('first answer taken', firstAnswer);
console.log(`budget: first question visible within 1500 ms: ${median(firstQuestion) <= 1500 ? 'met' : 'NOT met'}`);

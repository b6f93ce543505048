// The team page on 10,000 result files: generates them (TPS, three teams,
// two rounds: core/examples/gen_results.rs), then in headless Chromium
// (no throttling: a leader's desktop) chooses them in the picker, first as
// 10,000 files, then as one .zip of them, and times from the input's
// change event to the report on screen (the summary and the first round's
// table drawn), median of 5; samples the JS heap every 20 ms for its peak.
// For scale, it also times Chromium reading the 10,000 files alone in
// plain JavaScript (no wasm, no page): the floor of the first route.
// Usage: node bench/team.mjs [N]   (after ./dev build)
// Budget (issue 10): 10,000 files pooled and shown within 1 s.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, root } from '../tests/browser/harness.mjs';
import { startServer } from '../tools/serve.mjs';

const N = Number(process.argv[2] ?? 10000);
const RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), 'team-bench-'));
execFileSync('cargo', ['run', '-q', '--release', '-p', 'pulse-core', '--example', 'gen_results', '--', String(N), dir], { cwd: root });
const files = readdirSync(dir).map((n) => join(dir, n));
const zipPath = join(dir, '..', `${dir.split('/').pop()}.zip`);
execFileSync('python3', ['-c', `import zipfile,os,sys
d,z=sys.argv[1],sys.argv[2]
with zipfile.ZipFile(z,'w',zipfile.ZIP_DEFLATED) as f:
    [f.write(os.path.join(d,n),n) for n in sorted(os.listdir(d))]`, dir, zipPath]);
if (!existsSync(join(root, 'dist', 'team', 'index.html'))) throw new Error('dist/team/ is missing: run ./dev build');

const server = await startServer(join(root, 'dist'), 0);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median time from choosing `chosen` to the report on screen, and peak heap. */
async function measure(chosen) {
  const times = [];
  const heaps = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${origin}/team/`);
    await page.getByRole('button', { name: 'Choose result files (or a .zip of them)' }).waitFor();
    await page.evaluate(() => {
      document.getElementById('team-files').addEventListener('change', () => { window.__chosen = performance.now(); }, { capture: true });
    });
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { usedSize } = await cdp.send('Runtime.getHeapUsage');
        peak = Math.max(peak, usedSize);
        await new Promise((ok) => setTimeout(ok, 20));
      }
    })();
    // The picker's own (hidden) input, as its button's chooser fills it.
    await page.locator('#team-files').setInputFiles(chosen);
    const shown = await page.waitForFunction((n) => {
      const summary = document.querySelector('.team__summary');
      const table = document.querySelector('.team__round table');
      return summary?.textContent.includes(`${n} result files pooled`) && table ? performance.now() - window.__chosen : null;
    }, N, { polling: 'raf', timeout: 120000 });
    times.push(Math.round(await shown.jsonValue()));
    sampling = false;
    await sampler;
    heaps.push(peak);
    await context.close();
  }
  return { times, heaps };
}

/** Chromium reading the files alone, in plain JavaScript, 500 at a time. */
async function plainRead() {
  const page = await browser.newPage();
  await page.setContent('<input type="file" multiple id="f">');
  await page.evaluate(() => {
    const input = document.getElementById('f');
    input.addEventListener('change', async () => {
      const t0 = performance.now();
      const list = [...input.files];
      for (let i = 0; i < list.length; i += 500) await Promise.all(list.slice(i, i + 500).map((f) => f.arrayBuffer()));
      window.__ms = performance.now() - t0;
    });
  });
  await page.locator('#f').setInputFiles(files);
  await page.waitForFunction(() => window.__ms, null, { timeout: 120000 });
  const ms = Math.round(await page.evaluate(() => window.__ms));
  await page.close();
  return ms;
}

const loose = await measure(files);
const zipped = await measure([zipPath]);
const floor = await plainRead();
await browser.close();
server.close();
rmSync(dir, { recursive: true, force: true });
rmSync(zipPath, { force: true });
const mb = (b) => (b / 1e6).toFixed(1);
const line = (label, { times, heaps }) =>
  console.log(`${label.padEnd(34)} median ${String(median(times)).padStart(5)} ms (runs: ${times.join(', ')}); peak JS heap ${mb(Math.max(...heaps))} MB`);
console.log(`${N} result files, team page, headless Chromium on this machine, no throttling, median of ${RUNS}`);
line(`${N} files chosen → report`, loose);
line(`one .zip of them → report`, zipped);
console.log(`for scale: Chromium reading the ${N} files alone in plain JS (no page, no wasm): ${floor} ms`);
console.log(`budget: within 1000 ms: ${median(loose.times) <= 1000 ? 'met' : 'NOT met'} for loose files, ${median(zipped.times) <= 1000 ? 'met' : 'NOT met'} for one archive`);

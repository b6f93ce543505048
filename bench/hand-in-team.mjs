// The team page on N sealed hand-in files (default 10,000): generates N
// result files (core/examples/gen_results.rs), makes a key holder's key and
// seals them with `pulse` (release), then in headless Chromium (no
// throttling: a leader's desktop) opens the key on Team results (argon2id
// at the default cost: timed on its own) and chooses the sealed files,
// timing from the input's change event to the report on screen, median of
// 3; the same for the plain files, for comparison.
// Usage: node bench/hand-in-team.mjs [N]   (after ./dev build)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, root } from '../tests/browser/harness.mjs';
import { startServer } from '../tools/serve.mjs';

const N = Number(process.argv[2] ?? 10000);
const RUNS = 3;
const PASSPHRASE = 'bench hand-in passphrase';
if (!existsSync(join(root, 'dist', 'team', 'index.html'))) throw new Error('dist/team/ is missing: run ./dev build');
const dir = mkdtempSync(join(tmpdir(), 'hand-in-bench-'));
execFileSync('cargo', ['build', '-q', '--release', '-p', 'pulse-cli'], { cwd: root });
execFileSync('cargo', ['run', '-q', '--release', '-p', 'pulse-core', '--example', 'gen_results', '--', String(N), join(dir, 'plain')], { cwd: root });
const pulse = join(root, 'target', 'release', 'pulse');
writeFileSync(join(dir, 'pass'), `${PASSPHRASE}\n`);
const line = execFileSync(pulse, ['holder', 'new', '--out', join(dir, 'holder.key'), '--passphrase-file', join(dir, 'pass')]).toString().trim();
writeFileSync(join(dir, 'practice.json'), JSON.stringify({ format: 'practice-pulse-config', format_version: 1, hand_in: { holders: [line], how: 'bench' } }));
execFileSync(pulse, ['seal', '--quiet', '--practice', join(dir, 'practice.json'), join(dir, 'plain'), '--out', join(dir, 'sealed')]);
const list = (sub) => readdirSync(join(dir, sub)).map((n) => join(dir, sub, n));

const server = await startServer(join(root, 'dist'), 0);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(files, withKey) {
  const times = [];
  const keyTimes = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${origin}/team/`);
    await page.getByRole('button', { name: 'Choose result files (or a .zip of them)' }).waitFor();
    if (withKey) {
      await page.getByLabel('Key file (practice-pulse-holder.key)').setInputFiles(join(dir, 'holder.key'));
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Open the key' }).click();
      await page.getByText('Key open:').waitFor({ timeout: 60000 });
      keyTimes.push(Date.now() - t0);
    }
    await page.evaluate(() => {
      document.getElementById('team-files').addEventListener('change', () => { window.__chosen = performance.now(); }, { capture: true });
    });
    // The picker is a button that opens the hidden input #team-files.
    await page.locator('#team-files').setInputFiles(files);
    const shown = await page.waitForFunction((n) => {
      const summary = document.querySelector('.team__summary');
      const table = document.querySelector('.team__round table');
      return summary?.textContent.includes(`${n} result files pooled`) && table ? performance.now() - window.__chosen : null;
    }, N, { polling: 'raf', timeout: 300000 });
    times.push(Math.round(await shown.jsonValue()));
    await context.close();
  }
  return { times, keyTimes };
}

const sealed = await measure(list('sealed'), true);
const plain = await measure(list('plain'), false);
await browser.close();
server.close();
rmSync(dir, { recursive: true, force: true });
console.log(`${N} files, team page, headless Chromium on this machine, no throttling, median of ${RUNS}`);
console.log(`opening the key (argon2id 19 MiB, 2 passes): median ${median(sealed.keyTimes)} ms (runs: ${sealed.keyTimes.join(', ')})`);
console.log(`${N} sealed hand-in files → report: median ${median(sealed.times)} ms (runs: ${sealed.times.join(', ')})`);
console.log(`${N} plain result files → report:   median ${median(plain.times)} ms (runs: ${plain.times.join(', ')})`);

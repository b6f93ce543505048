// Two key holders on the team page: N hand-in files (default 1,000) split
// between two holders (core/examples/gen_results.rs, keys by `pulse holder
// new`, files by `pulse seal --practice` with two holders, release build),
// taken through the team page's three steps in headless Chromium on this
// machine (no throttling: a holder's desktop): the first holder saves
// step 1, the second saves step 2 from it, the first makes the report from
// that. Each step is timed from the button's press to its download (or
// the report on screen), with choosing the files apart (from the input's
// change event to the page saying how many are split) and opening each
// key apart (argon2id); then the three steps' total, whether the report's
// CSV equals `pulse pool` on the plain files byte for byte, and the step
// files' sizes. The steps run on the page's main thread.
// Usage: node bench/hand-in-steps.mjs [N]   (after ./dev build)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, root } from '../tests/browser/harness.mjs';
import { startServer } from '../tools/serve.mjs';

const N = Number(process.argv[2] ?? 1000);
if (!existsSync(join(root, 'dist', 'team', 'index.html'))) throw new Error('dist/team/ is missing: run ./dev build');
const dir = mkdtempSync(join(tmpdir(), 'hand-in-steps-bench-'));
execFileSync('cargo', ['build', '-q', '--release', '-p', 'pulse-cli'], { cwd: root });
execFileSync('cargo', ['run', '-q', '--release', '-p', 'pulse-core', '--example', 'gen_results', '--', String(N), join(dir, 'plain')], { cwd: root });
const pulse = join(root, 'target', 'release', 'pulse');
const holders = {};
for (const name of ['a', 'b']) {
  const phrase = `bench holder ${name} passphrase`;
  writeFileSync(join(dir, `${name}.pass`), `${phrase}\n`);
  const key = join(dir, `${name}.key`);
  const line = execFileSync(pulse, ['holder', 'new', '--out', key, '--passphrase-file', join(dir, `${name}.pass`)]).toString().trim();
  holders[name] = { key, phrase, line };
}
writeFileSync(join(dir, 'practice.json'), JSON.stringify({
  format: 'practice-pulse-config', format_version: 1, hand_in: { holders: [holders.a.line, holders.b.line], how: 'bench' },
}));
execFileSync(pulse, ['seal', '--quiet', '--practice', join(dir, 'practice.json'), join(dir, 'plain'), '--out', join(dir, 'split')]);
const files = readdirSync(join(dir, 'split')).map((n) => join(dir, 'split', n));
// pulse pool exits 0 here: every file is good.
const expectedCsv = execFileSync(pulse, ['pool', '--quiet', join(dir, 'plain')]).toString();

const server = await startServer(join(root, 'dist'), 0);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const TIMEOUT = 600000;

/** A holder's page with their key open and the files chosen: the times of both. */
async function holderPage(who) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${origin}/team/`);
  await page.getByLabel('Key file (practice-pulse-holder.key)').setInputFiles(who.key);
  await page.getByLabel('Passphrase', { exact: true }).fill(who.phrase);
  let t0 = Date.now();
  await page.getByRole('button', { name: 'Open the key' }).click();
  await page.getByText('Key open:').waitFor({ timeout: TIMEOUT });
  const key = Date.now() - t0;
  await page.evaluate(() => {
    document.getElementById('team-files').addEventListener('change', () => { window.__chosen = performance.now(); }, { capture: true });
  });
  // The picker button's own input (hidden behind the button).
  await page.locator('#team-files').setInputFiles(files);
  const read = await page.waitForFunction((n) => {
    const summary = document.querySelector('.team__summary');
    return summary?.textContent.includes(`${n} hand-in files split between two key holders`) ? performance.now() - window.__chosen : null;
  }, N, { polling: 100, timeout: TIMEOUT });
  return { context, page, key, read: Math.round(await read.jsonValue()) };
}

/** Presses `button`; the download's path and the time from the press. */
async function timedDownload(page, button, as) {
  const t0 = Date.now();
  const [saved] = await Promise.all([
    page.waitForEvent('download', { timeout: TIMEOUT }),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  const ms = Date.now() - t0;
  const path = join(dir, as);
  await saved.saveAs(path);
  return { ms, path };
}

async function chooseStep(page, path) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Choose the other key holder’s step file', exact: true }).click(),
  ]);
  await chooser.setFiles(path);
}

const a = await holderPage(holders.a);
const one = await timedDownload(a.page, 'Save step 1 (a.step)', 'a.step');
const b = await holderPage(holders.b);
await chooseStep(b.page, one.path);
const two = await timedDownload(b.page, 'Save step 2 (b.step)', 'b.step');
await chooseStep(a.page, two.path);
const t0 = Date.now();
await a.page.getByRole('button', { name: 'Make the team report', exact: true }).click();
await a.page.getByText('The team report is below').waitFor({ timeout: TIMEOUT });
const report = Date.now() - t0;
const [csvDownload] = await Promise.all([
  a.page.waitForEvent('download'),
  a.page.getByRole('button', { name: 'Download the report (CSV)' }).click(),
]);
const same = readFileSync(await csvDownload.path(), 'utf8') === expectedCsv;
await browser.close();
server.close();
const kb = (p) => Math.round(statSync(p).size / 1024);
console.log(`${N} two-holder hand-in files, team page, headless Chromium on this machine, no throttling, one run`);
console.log(`opening each key (argon2id 19 MiB, 2 passes): ${a.key} ms, ${b.key} ms`);
console.log(`choosing the ${N} files (read, set aside as split): ${a.read} ms (first holder), ${b.read} ms (second)`);
console.log(`step 1 (first holder, a.step ${kb(one.path)} kB):  ${one.ms} ms`);
console.log(`step 2 (second holder, b.step ${kb(two.path)} kB): ${two.ms} ms`);
console.log(`report (first holder):                   ${report} ms`);
console.log(`the three steps: ${one.ms + two.ms + report} ms; with each holder choosing the files: ${one.ms + two.ms + report + a.read + b.read} ms`);
console.log(`the report's CSV equals pulse pool on the plain files: ${same ? 'yes' : 'NO'}`);
rmSync(dir, { recursive: true, force: true });
if (!same) process.exit(1);

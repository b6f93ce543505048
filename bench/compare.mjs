// The staff page beside SurveyJS with the same 38 questions, in one run:
// headless Chromium, 4× CPU throttling, 390×844, median of 5 fresh loads
// each, alternating. Prints, for both, the bytes on the wire (gzip -9 of
// every file the page loaded) and the time until the first question is
// visible and until a first answer is taken, and their ratios.
// SurveyJS comes from the npm packages survey-core and survey-js-ui
// (pinned in package.json; no CDN), with its own stylesheet without web
// fonts (the default one asks a font CDN). Its page is one page per
// questionnaire, the questions built from the same definition files
// (core/instruments/) as ours.
// Usage: node bench/compare.mjs   (after ./dev build)
// Budget (issue 12): at most 0.32 of SurveyJS's bytes; first question
// within 0.45 of its time.
import { gzipSync } from 'node:zlib';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, root } from '../tests/browser/harness.mjs';
import { startServer } from '../tools/serve.mjs';

const RUNS = 5;
const DEFAULT_SET = ['tps', 'cbi-work', 'cbi-patient', 'who5', 'abuse', 'translation'];

// The same questions as SurveyJS JSON: one radio group per item.
const pages = DEFAULT_SET.map((id) => {
  const d = JSON.parse(readFileSync(join(root, 'core', 'instruments', `${id}-v1.json`), 'utf8'));
  const scales = new Map((d.response_scales ?? []).map((s) => [s.id, s.options]));
  return {
    name: id,
    title: d.title,
    description: d.instruction,
    elements: d.items.map((item) => ({
      type: 'radiogroup',
      name: item.id,
      title: item.text,
      choices: (item.options ?? scales.get(item.scale)).map((o) => ({ value: o.value, text: o.label })),
    })),
  };
});
const questions = pages.reduce((n, p) => n + p.elements.length, 0);
if (questions !== 38) throw new Error(`expected 38 questions, built ${questions}`);

const sjs = mkdtempSync(join(tmpdir(), 'surveyjs-'));
const nm = join(root, 'node_modules');
copyFileSync(join(nm, 'survey-core', 'survey.core.min.js'), join(sjs, 'survey.core.min.js'));
copyFileSync(join(nm, 'survey-js-ui', 'survey-js-ui.min.js'), join(sjs, 'survey-js-ui.min.js'));
copyFileSync(join(nm, 'survey-core', 'survey-core.fontless.min.css'), join(sjs, 'survey-core.min.css'));
writeFileSync(join(sjs, 'start.js'), `const survey = new Survey.Model(${JSON.stringify({ pages, showQuestionNumbers: 'off' })});
window.survey = survey;
survey.render(document.getElementById('survey'));
`);
writeFileSync(join(sjs, 'index.html'), `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>SurveyJS</title><link rel="icon" href="data:,"><link rel="stylesheet" href="survey-core.min.css">
<script src="survey.core.min.js"></script><script src="survey-js-ui.min.js"></script></head>
<body><div id="survey"></div><script src="start.js"></script></body></html>
`);
if (!existsSync(join(root, 'dist', 'index.html'))) throw new Error('dist/ is missing: run ./dev build');

const ours = await startServer(join(root, 'dist'), 0);
const theirs = await startServer(sjs, 0);
const sites = {
  'Practice Pulse': { origin: `http://127.0.0.1:${ours.address().port}`, dir: join(root, 'dist') },
  SurveyJS: { origin: `http://127.0.0.1:${theirs.address().port}`, dir: sjs },
};
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One fresh load: [first question visible, first answer taken] in ms, and the files loaded. */
async function load(name) {
  const { origin } = sites[name];
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const files = new Set();
  page.on('requestfinished', (r) => files.add(new URL(r.url()).pathname));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const t0 = Date.now();
  await page.goto(`${origin}/`, { waitUntil: 'commit' });
  let first;
  let answered;
  if (name === 'Practice Pulse') {
    await page.getByRole('button', { name: 'Start' }).click();
    const radio = page.getByRole('group').first().getByRole('radio').first();
    await radio.waitFor();
    first = Date.now() - t0;
    await radio.check();
    await page.getByRole('status').getByText('1 of 38 answered').waitFor();
    answered = Date.now() - t0;
  } else {
    const option = page.locator('.sd-item__control-label').first();
    await option.waitFor();
    first = Date.now() - t0;
    await option.click();
    await page.waitForFunction(() => Object.keys(window.survey.data).length === 1);
    answered = Date.now() - t0;
  }
  await context.close();
  return { first, answered, files: [...files] };
}

const results = { 'Practice Pulse': [], SurveyJS: [] };
for (let run = 0; run < RUNS; run++) {
  for (const name of Object.keys(sites)) results[name].push(await load(name));
}
await browser.close();
ours.close();
theirs.close();

const figures = {};
for (const [name, runs] of Object.entries(results)) {
  const files = runs[0].files.map((p) => (p === '/' ? '/index.html' : p));
  const bytes = files.reduce((sum, p) => sum + gzipSync(readFileSync(join(sites[name].dir, decodeURIComponent(p))), { level: 9 }).length, 0);
  figures[name] = {
    bytes, requests: files.length,
    first: median(runs.map((r) => r.first)), answered: median(runs.map((r) => r.answered)),
    firstRuns: runs.map((r) => r.first), answeredRuns: runs.map((r) => r.answered),
  };
}
const p = figures['Practice Pulse'];
const s = figures.SurveyJS;
console.log(`38 questions, headless Chromium, 4× CPU throttling, 390×844, median of ${RUNS} loads each, alternating`);
for (const [name, f] of Object.entries(figures)) {
  console.log(`${name.padEnd(15)} ${(f.bytes / 1000).toFixed(1).padStart(7)} kB gzip in ${f.requests} requests; first question ${String(f.first).padStart(5)} ms (${f.firstRuns.join(', ')}); first answer ${String(f.answered).padStart(5)} ms (${f.answeredRuns.join(', ')})`);
}
const ratio = (a, b) => (a / b).toFixed(2);
console.log(`ratios (Practice Pulse / SurveyJS): bytes ${ratio(p.bytes, s.bytes)} (budget 0.32), first question ${ratio(p.first, s.first)} (budget 0.45), first answer ${ratio(p.answered, s.answered)} (budget 0.45)`);

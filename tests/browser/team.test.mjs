// The team results page (team/index.html, its own wasm): 50 generated files
// (two rounds, three teams and "Prefer not to say", one duplicate, four bad)
// opened by the picker. Every figure on the page and in its CSV is checked
// against figures this test computes itself from the same files, with its
// own copy of the suppression rule; the CSV is byte-identical to `pulse
// pool`'s; suppressed cells say so; axe-core finds nothing; 320 px has no
// sideways scroll; and the staff page never loads the team page's code.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, foreignRequests, openApp, root, scrollsSideways, start } from './harness.mjs';
import { program } from './programs.mjs';
import { tabTo } from './pages.mjs';

let env;
let dir;
before(async () => {
  env = await start();
  dir = mkdtempSync(join(tmpdir(), 'team-files-'));
  execFileSync(program('gen_team_files'), [dir], { cwd: root });
});
after(async () => { await env?.stop(); });

const K = 5;
// Intervals and spreads show only from 2k people, and at least 10 (core pool::detail_from).
const DETAIL = Math.max(2 * K, 10);
const HAIR = 1e-9;
const FILES = 'Choose result files (or a .zip of them)';
const FOLDER = 'Choose a folder of result files';

/** Chooses files (or a folder) with the picker button named `name`, as a person would. */
async function choose(page, name, files) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name, exact: true }).click()]);
  await chooser.setFiles(files);
}

/** WCAG 2.2's contrast ratio of two CSS colours as `rgb(r, g, b)`. */
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Each group's bar in a stacked chart: its parts' fills and the counts under it, in order. */
async function bars(figure) {
  return figure.locator('svg.chart').evaluate((svg) => {
    const out = [];
    let row = null;
    for (const el of svg.children) {
      if (el.classList.contains('chart__label')) { row = { group: el.textContent, fills: [], counts: [] }; out.push(row); }
      if (el.classList.contains('chart__part')) row.fills.push(getComputedStyle(el).fill);
      if (el.classList.contains('chart__count')) row.counts.push(Number(el.textContent));
    }
    return out;
  });
}
// Student's t, 97.5th percentile, from the standard table.
const T = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
  2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042];

/** The expected report for TPS, from the files' own saved scores. */
function expected(files) {
  const seen = new Set();
  const cells = new Map(); // round → group → scores
  for (const name of files) {
    let file;
    try { file = JSON.parse(readFileSync(join(dir, name), 'utf8')); } catch { continue; }
    if (file.format !== 'practice-pulse-result' || file.format_version !== 2 || name === 'edited.json') continue;
    if (seen.has(file.response)) continue;
    seen.add(file.response);
    const score = file.instruments.find((i) => i.id === 'tps')?.scores?.tps;
    if (score === undefined) continue;
    const groups = cells.get(file.round) ?? new Map();
    cells.set(file.round, groups);
    for (const g of ['All', file.team ?? 'Not given']) groups.set(g, [...(groups.get(g) ?? []), score]);
  }
  const out = [];
  for (const [round, groups] of cells) {
    // The rule, written again here: under K hidden; then the next smallest
    // while the hidden ones hold fewer than K (but someone), or fewer than K
    // in teams a roster can check ("Not given" is none: review 5, R5-9).
    // The detail (interval, spread) the same one level up: under DETAIL, or
    // hidden, no detail; then the next smallest with detail while those
    // without hold fewer than DETAIL (but someone); All's only when everyone
    // is under DETAIL.
    const sizes = [...groups].filter(([g]) => g !== 'All').map(([g, s]) => [g, s.length]);
    const suppress = (least, already) => {
      const out = new Set([...already, ...sizes.filter(([, n]) => n < least).map(([g]) => g)]);
      for (;;) {
        const held = sizes.filter(([g]) => out.has(g)).reduce((a, [, n]) => a + n, 0);
        const checked = sizes.filter(([g]) => out.has(g) && g !== 'Not given').reduce((a, [, n]) => a + n, 0);
        if (held === 0 || (held >= least && checked >= least)) break;
        const next = sizes.filter(([g]) => !out.has(g)).sort((a, b) => a[1] - b[1])[0];
        if (!next) break;
        out.add(next[0]);
      }
      return out;
    };
    const hidden = suppress(K, []);
    const noDetail = suppress(DETAIL, hidden);
    const everyone = sizes.reduce((a, [, n]) => a + n, 0);
    const detail = (group) => (group === 'All' ? everyone >= DETAIL : !noDetail.has(group));
    for (const [group, scores] of groups) {
      const n = scores.length;
      const mean = scores.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      const half = T[n - 2] * sd / Math.sqrt(n);
      // What a shared report may show (docs/team-guide.md): TPS (1–7) at one
      // decimal, the mean rounded half up, the interval clamped to the scale
      // and rounded outward, and no interval below DETAIL people (or kept
      // back so that a smaller group's cannot be worked out by subtraction).
      const shown = detail(group)
        ? { lo: Math.floor(Math.max(mean - half, 1) * 10 + HAIR) / 10, hi: Math.ceil(Math.min(mean + half, 7) * 10 - HAIR) / 10 }
        : { lo: null, hi: null };
      // Which rule hid it: its own size, or a smaller group's sake.
      const reason = n < K ? `fewer than ${K} responses` : 'hidden so that a smaller group cannot be worked out';
      out.push({ round, group, n, mean: Math.round(mean * 10 + HAIR) / 10, ...shown, hidden: group !== 'All' && hidden.has(group), reason });
    }
  }
  return out;
}

describe('the team results page', () => {
  it('pools 50 files into figures the test computes itself, hides small groups, and saves the same CSV as pulse pool', async () => {
    const { page, requests, consoleErrors } = await openApp(env, {}, `${env.origin}/team/`);
    const names = readdirSync(dir).sort();
    assert.equal(names.length, 50);
    await choose(page, FILES, names.map((n) => join(dir, n)));
    await page.getByText('45 result files pooled. 4 files could not be used. 1 file was opened twice, counted once.').waitFor();
    // The picker says what was chosen, beside its button and as its description.
    const chosen = 'Chosen: 50 files (copy-of-result-000.json and 49 more).';
    await page.getByText(chosen).waitFor();
    assert.equal(await page.getByRole('button', { name: FILES }).evaluate((b) => document.getElementById(b.getAttribute('aria-describedby')).textContent), chosen);

    // Each bad file is named with its reason, in a collapsible list.
    await page.getByText('Files not used (4)').click();
    for (const bad of ['notes.json', 'edited.json', 'other.json', 'newer.json']) {
      await page.getByRole('listitem').filter({ hasText: bad }).first().waitFor();
    }
    await page.getByText('Files opened twice, counted once (1)').click();
    await page.getByRole('listitem').filter({ hasText: /^copy-of-result-000\.json$|^result-000\.json$/ }).waitFor();

    // Every TPS figure on the page equals the test's own.
    const want = expected(names);
    assert.equal(want.filter((w) => w.hidden).length, 5,
      'spring: Secretaries and Not given, then Administration (Not given never makes up k); autumn: Secretaries and Administration');
    assert.equal(want.find((w) => w.round === '2026 spring' && w.group === 'Administration').reason,
      'hidden so that a smaller group cannot be worked out');
    // Autumn's Administration has 8 people: hidden only so that the
    // Secretaries (4) cannot be worked out, and the page says so.
    assert.equal(want.find((w) => w.round === '2026 autumn' && w.group === 'Administration').reason,
      'hidden so that a smaller group cannot be worked out');
    for (const w of want) {
      const round = page.getByRole('region', { name: `Round: ${w.round}` });
      const table = round.getByRole('table', { name: `Team psychological safety (${w.round})`, exact: true });
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: w.group, exact: true }) });
      const cells = await row.getByRole('cell').allTextContents();
      if (w.hidden) {
        assert.deepEqual(cells, [w.reason], `${w.round} ${w.group}`);
      } else {
        const one = (x) => x.toFixed(1);
        assert.deepEqual(cells, [String(w.n), one(w.mean), w.lo === null ? '–' : `${one(w.lo)} to ${one(w.hi)}`], `${w.round} ${w.group}`);
      }
    }
    // Distributions: each shown group's counts add up to its n; hidden ones say so.
    const spread = page.getByRole('region', { name: 'Round: 2026 autumn' })
      .getByRole('table', { name: /How the scores spread: Team psychological safety/ });
    const admin = spread.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Administration', exact: true }) });
    assert.deepEqual(await admin.getByRole('cell').allTextContents(), ['', 'hidden so that a smaller group cannot be worked out']);
    const all = await spread.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'All', exact: true }) })
      .getByRole('cell').allTextContents();
    assert.equal(all.slice(1).reduce((a, c) => a + Number(c), 0), Number(all[0]));
    assert.equal(Number(all[0]), 24);
    // The descriptive module as answers, never a score; a change between rounds said honestly.
    await page.getByRole('heading', { name: /Abuse from patients.*never a score/ }).first().waitFor();
    // …and its answers are the test's own counts: "Verbal abuse in person"
    // for everyone in autumn, option by option (Never … More than 10 times).
    const good = names.filter((n) => n.startsWith('result-')).map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')));
    const autumn = good.filter((f) => f.round === '2026 autumn');
    const counts = [0, 1, 2, 3, 4].map((v) => autumn.filter((f) => f.instruments.find((i) => i.id === 'abuse').answers['abuse-verbal-in-person'] === v).length);
    const answers = page.getByRole('region', { name: 'Round: 2026 autumn' })
      .getByRole('table', { name: /^Answers: .*in person.*\(2026 autumn\)$/ });
    const everyone = await answers.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'All', exact: true }) })
      .getByRole('cell').allTextContents();
    assert.equal(Number(everyone[0]), autumn.length);
    assert.deepEqual(everyone.slice(1).map((c) => Number(c.split(' ')[0])), counts, everyone.join(' | '));
    await page.getByRole('heading', { name: 'Change between rounds' }).waitFor();
    await page.getByText(/fewer than 5 people shows no figures, not even how many they are/).first().waitFor();

    // The CSV: its numbers are the test's, and its bytes are pulse pool's.
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the report (CSV)' }).click(),
    ]);
    assert.equal(csvDownload.suggestedFilename(), 'team-report.csv');
    const csv = await readFile(await csvDownload.path());
    // Exit code 1: some files were refused (the same four).
    const run = spawnSync(program('pulse'), ['pool', dir, '--quiet'], { cwd: root });
    assert.equal(run.status, 1, String(run.stderr));
    assert.equal(String(run.stderr).match(/^REFUSED /gm)?.length, 4);
    const cli = run.stdout;
    assert.ok(csv.equals(cli), `page and pulse pool differ:\n${csv}\n---\n${cli}`);
    const lines = csv.toString('utf8').replace(/^\uFEFF/, '').trim().split('\n');
    // Columns only added at the end: the measure's name as the page shows it, and the reason.
    assert.equal(lines[0], 'round,group,measure,n,mean,ci_low,ci_high,suppressed,title,reason');
    for (const w of want) {
      const line = lines.find((l) => l.startsWith(`${w.round},${w.group},tps,`));
      assert.ok(line, `${w.round} ${w.group}`);
      const [, , , n, mean, lo, hi, suppressed, title, reason, ...more] = line.split(',');
      assert.deepEqual(more, []);
      assert.equal(title, 'Team psychological safety');
      assert.equal(reason, w.hidden ? w.reason : '');
      if (w.hidden) {
        assert.deepEqual([n, mean, lo, hi, suppressed], ['', '', '', '', 'true']);
      } else {
        assert.equal(Number(n), w.n);
        assert.equal(mean, w.mean.toFixed(1), line);
        assert.deepEqual([lo, hi], w.lo === null ? ['', ''] : [w.lo.toFixed(1), w.hi.toFixed(1)], line);
        assert.equal(suppressed, 'false');
      }
    }
    // The JSON holds the same rows, under its header.
    const [jsonDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the report (JSON)' }).click(),
    ]);
    const json = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'));
    assert.equal(json.format, 'practice-pulse-team-report');
    assert.equal(json.rows.length, want.length);
    for (const w of want) {
      const row = json.rows.find((r) => r.round === w.round && r.group === w.group && r.measure === 'tps');
      assert.equal(row.reason, w.hidden ? w.reason : null, `${w.round} ${w.group}`);
    }

    // Raising k to 10 hides Administration in spring (6) and so Reception (9) too.
    await page.getByLabel('Smallest group shown').fill('10');
    await page.getByLabel('Smallest group shown').press('Tab');
    await page.getByText(/fewer than 10 people shows no figures/).first().waitFor();
    const spring = page.getByRole('region', { name: 'Round: 2026 spring' }).getByRole('table', { name: 'Team psychological safety (2026 spring)', exact: true });
    assert.deepEqual(await spring.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Reception', exact: true }) })
      .getByRole('cell').allTextContents(), ['fewer than 10 responses']);
    // Never below the practice's setting.
    await page.getByLabel('Smallest group shown').fill('2');
    await page.getByLabel('Smallest group shown').press('Tab');
    await page.getByText(/fewer than 5 people shows no figures/).first().waitFor();

    // Response rate with HSE's guidance.
    const asked = page.getByLabel('People asked (2026 autumn)');
    await asked.fill('40');
    await asked.press('Tab');
    await page.getByText('60% responded Adequate.').waitFor();
    // More responses than people asked: said beside the box, and as its description.
    await asked.fill('20');
    await asked.press('Tab');
    const more = '24 people responded, but 20 were said to be asked: check how many people were asked.';
    await page.getByText(more).waitFor();
    assert.equal(await asked.evaluate((i) => document.getElementById(i.getAttribute('aria-describedby')).textContent), more);

    // The charts read alone: neighbouring parts at least 3:1 apart, each
    // part's count under it adding up to the group's people.
    const autumnSpread = page.getByRole('region', { name: 'Round: 2026 autumn' }).locator('figure')
      .filter({ has: page.getByText(/How the scores spread: Team psychological safety/) });
    const drawn = await bars(autumnSpread);
    assert.deepEqual(drawn.map((b) => b.group), ['All', 'Administration', 'Reception', 'Secretaries']);
    const everyoneBar = drawn.find((b) => b.group === 'All');
    assert.equal(everyoneBar.counts.reduce((a, c) => a + c, 0), 24);
    assert.ok(everyoneBar.fills.length >= 3, 'the autumn spread has three parts or more');
    for (const bar of drawn) {
      for (let i = 1; i < bar.fills.length; i++) {
        assert.ok(contrast(bar.fills[i - 1], bar.fills[i]) >= 3, `${bar.group}: parts ${i - 1} and ${i} (${bar.fills})`);
      }
    }
    // …also as the legend keys them: every neighbouring pair of the five shades.
    const swatches = await autumnSpread.locator('.chart__swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    assert.equal(swatches.length, 5);
    for (let i = 1; i < swatches.length; i++) assert.ok(contrast(swatches[i - 1], swatches[i]) >= 3, `legend ${i}`);
    // Under forced colours (Windows high contrast) neighbours still differ, and counts stay.
    await page.emulateMedia({ forcedColors: 'active' });
    for (const bar of await bars(autumnSpread)) {
      for (let i = 1; i < bar.fills.length; i++) {
        assert.ok(contrast(bar.fills[i - 1], bar.fills[i]) >= 3, `forced colours: ${bar.group} ${bar.fills}`);
      }
    }
    const forcedSwatches = await autumnSpread.locator('.chart__swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    for (let i = 1; i < forcedSwatches.length; i++) assert.ok(contrast(forcedSwatches[i - 1], forcedSwatches[i]) >= 3, `forced legend ${i}`);
    await page.emulateMedia({ forcedColors: 'none' });
    // On a phone (390 px) the trend's intervals are thick lines with caps
    // a finger wide, and each average is written beside its point.
    await page.setViewportSize({ width: 390, height: 800 });
    const trendChart = page.getByRole('region', { name: 'Change between rounds' }).locator('svg.chart--line').first();
    const whiskers = await trendChart.locator('.chart__whisker').evaluateAll((ls) => ls.map((l) => {
      const box = l.getBoundingClientRect();
      return { width: box.width, height: box.height, stroke: parseFloat(getComputedStyle(l).strokeWidth) * l.getScreenCTM().a };
    }));
    assert.equal(whiskers.length, 6, 'two rounds: a line and two caps each');
    for (const w of whiskers) assert.ok(w.stroke >= 2.5, `stroke ${w.stroke} px`);
    for (const cap of whiskers.filter((w) => w.width > w.height)) assert.ok(cap.width >= 14, `cap ${cap.width} px`);
    const means = await trendChart.locator('.chart__count').allTextContents();
    assert.equal(means.length, 2);
    for (const m of means) assert.match(m, /^\d\.\d$/);
    await page.setViewportSize({ width: 1280, height: 800 });

    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(foreignRequests(requests, env.origin), []);
    assert.deepEqual(consoleErrors, []);
  });

  it('names the practice in the report, its page title and its print', async () => {
    env.serve('/practice.json', { format: 'practice-pulse-config', format_version: 1, practice: 'Riverside Surgery' });
    try {
      const { page, context } = await openApp(env, {}, `${env.origin}/team/`);
      await page.getByRole('heading', { level: 1, name: 'Team results: Riverside Surgery' }).waitFor();
      assert.equal(await page.title(), 'Team results – Riverside Surgery – Practice Pulse');
      await page.emulateMedia({ media: 'print' });
      assert.ok(await page.getByRole('heading', { level: 1, name: 'Team results: Riverside Surgery' }).isVisible());
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('reads the rounds in the practice’s order, names a round it does not list, and lets the leader place it', async () => {
    const config = (extra) => ({ format: 'practice-pulse-config', format_version: 1, ...extra });
    const names = readdirSync(dir).sort().map((n) => join(dir, n));
    const regions = (page) => page.getByRole('region', { name: /^Round: / }).evaluateAll((rs) => rs.map((r) => r.querySelector('h2').textContent));
    const firstChange = (page) => page.getByRole('region', { name: 'Change between rounds' }).getByRole('table').first()
      .getByRole('row').nth(1).getByRole('cell').first().textContent();
    // The files' months say spring (April) came first; the practice's list
    // says otherwise, and the list wins: rounds and changes follow it.
    env.serve('/practice.json', config({ rounds: ['2026 autumn', '2026 spring'] }));
    try {
      const { page, context } = await openApp(env, {}, `${env.origin}/team/`);
      await choose(page, FILES, names);
      await page.getByText('45 result files pooled.', { exact: false }).waitFor();
      assert.deepEqual(await regions(page), ['Round: 2026 autumn', 'Round: 2026 spring']);
      assert.match(await firstChange(page), /^2026 autumn: /);
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
    // A list with spring only: autumn is said to be unlisted, its files
    // named, and the leader can move it earlier.
    env.serve('/practice.json', config({ rounds: ['2026 spring'] }));
    try {
      const { page, context } = await openApp(env, {}, `${env.origin}/team/`);
      await choose(page, FILES, names);
      await page.getByText('45 result files pooled.', { exact: false }).waitFor();
      const order = page.getByRole('region', { name: 'Order of the rounds' });
      const autumn = order.getByRole('listitem').filter({ hasText: /^2026 autumn/ });
      await autumn.getByText('(not in your practice\'s list of rounds)').waitFor();
      await autumn.getByText('Files of this round (24)').click();
      await autumn.getByRole('listitem').filter({ hasText: 'result-044.json' }).waitFor();
      assert.equal(await order.getByRole('listitem').filter({ hasText: /^2026 spring/ }).getByRole('button').count(), 0, 'a listed round stays put');
      assert.deepEqual(await regions(page), ['Round: 2026 spring', 'Round: 2026 autumn']);
      await order.getByRole('button', { name: 'Move “2026 autumn” earlier' }).click();
      await order.getByRole('button', { name: 'Move “2026 autumn” later' }).waitFor();
      assert.deepEqual(await regions(page), ['Round: 2026 autumn', 'Round: 2026 spring']);
      assert.match(await firstChange(page), /^2026 autumn: /);
      assert.deepEqual(await axeViolations(page), []);
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('prints a one-page summary first, then the detail: the default set, two rounds, three teams, and its page count', async () => {
    const full = mkdtempSync(join(tmpdir(), 'team-default-set-'));
    execFileSync(program('gen_team_files'), [full, '--default-set'], { cwd: root });
    env.serve('/practice.json', { format: 'practice-pulse-config', format_version: 1, practice: 'Riverside Surgery', rounds: ['2026 spring', '2026 autumn'] });
    try {
      // Today before the page opens (the page dates the report when it
      // opens, so a day read after could already be the next) and as the
      // page's browser says it once the report is made: a run over
      // midnight may see either day. Node and the browser share the clock
      // and time zone.
      const inWords = { day: 'numeric', month: 'long', year: 'numeric' };
      const dayBefore = new Date().toLocaleDateString('en-GB', inWords);
      // A4's printable width (210 mm less 15 mm margins each side) at 96 dpi.
      const { page, context } = await openApp(env, { viewport: { width: 680, height: 1000 } }, `${env.origin}/team/`);
      const today = () => page.evaluate((options) => new Date().toLocaleDateString('en-GB', options), inWords);
      await choose(page, FILES, readdirSync(full).map((n) => join(full, n)));
      await page.getByText('45 result files pooled.', { exact: true }).waitFor();
      const summary = page.getByRole('region', { name: 'Summary' });
      // What the first page says: practice, date made, files, rounds, k,
      // and each measure's headline per group with its change.
      await summary.getByText(/fewer than 5 people shows no figures, not even how many they are/).waitFor();
      const made = new RegExp(`Made on (${[...new Set([dayBefore, await today()])].join('|')})`);
      for (const fact of ['Practice: Riverside Surgery', made, 'Files: 45 result files, each response counted once',
        'Rounds, oldest first: 2026 spring (21 responses), 2026 autumn (24 responses)', /^Smallest group shown: 5 people/]) {
        await summary.getByRole('listitem').filter({ hasText: fact }).waitFor();
      }
      const measures = await summary.getByRole('table').evaluateAll((ts) => ts.map((t) => document.getElementById(t.getAttribute('aria-labelledby')).textContent));
      assert.deepEqual(measures, ['Team psychological safety: 2026 autumn', 'Work-related burnout: 2026 autumn',
        'Patient-related burnout: 2026 autumn', 'Wellbeing (WHO-5): 2026 autumn']);
      const everyone = await summary.getByRole('table').first().getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'All', exact: true }) }).getByRole('cell').allTextContents();
      assert.match(everyone[0], /^\d\.\d \(\d\.\d to \d\.\d\)$/);
      assert.match(everyone[1], /^(clear increase|clear decrease|no clear change) \(-?\d\.\d since 2026 spring\)$/);

      await page.emulateMedia({ media: 'print' });
      // The first page: the heading first, and the summary ends within one A4 page.
      const first = await page.evaluate(() => {
        const visible = [...document.querySelectorAll('main *')]
          .find((e) => e.offsetHeight > 0 && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()));
        return { tag: visible.tagName, text: visible.textContent };
      });
      assert.deepEqual(first, { tag: 'H1', text: 'Team results: Riverside Surgery' });
      const bottom = await summary.evaluate((s) => s.getBoundingClientRect().bottom - document.querySelector('main').getBoundingClientRect().top);
      assert.ok(bottom <= 1009, `the summary fits one page: ${bottom} px of 1009`);
      assert.equal(await summary.evaluate((s) => getComputedStyle(s).breakAfter), 'page');
      // Headings and captions are kept with what follows them; nothing empty is printed.
      for (const sel of ['h3', 'h4', '.team__caption']) {
        assert.equal(await page.locator(`main ${sel}`).first().evaluate((e) => getComputedStyle(e).breakAfter), 'avoid', sel);
      }
      assert.equal(await page.getByRole('region', { name: 'Response rate' }).isVisible(), false, 'no empty response-rate boxes');
      assert.equal(await page.getByRole('region', { name: 'Order of the rounds' }).isVisible(), false);
      const pdf = await page.pdf({ format: 'A4' });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g).length;
      // The bound: at most 12 A4 pages, the suggestions (team/action.rs) included.
      console.log(`print: ${pages} A4 pages`);
      assert.ok(pages >= 2 && pages <= 12, `${pages} A4 pages`);
      // The suggestions come after the summary and before the detail, each source listed once.
      const top = (locator) => locator.evaluate((e) => e.getBoundingClientRect().top);
      const suggestions = page.getByRole('region', { name: 'From results to action' });
      assert.ok(await top(summary) < await top(suggestions), 'the summary first');
      assert.ok(await top(suggestions) < await top(page.getByRole('region', { name: 'Round: 2026 spring' })), 'then the suggestions, then the detail');
      const sources = suggestions.getByRole('heading', { name: 'Sources of the suggestions' });
      assert.ok(await sources.isVisible(), 'the print lists the sources');
      const cited = await suggestions.locator('.action__sources li').allInnerTexts();
      assert.equal(new Set(cited).size, cited.length, 'each source once');
      // A number of people asked is printed once given.
      await page.emulateMedia({ media: 'screen' });
      await page.getByLabel('People asked (2026 autumn)').fill('30');
      await page.getByLabel('People asked (2026 autumn)').press('Tab');
      await page.getByText('80% responded Adequate.').waitFor();
      await page.emulateMedia({ media: 'print' });
      assert.ok(await page.getByText('80% responded Adequate.').isVisible());
      assert.equal(await page.getByLabel('People asked (2026 spring)').isVisible(), false);
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('breaks the trend line at a hidden round, clamps intervals to the scale in tables as in the chart, and warns of chance among many comparisons', async () => {
    const gaps = mkdtempSync(join(tmpdir(), 'team-gaps-'));
    execFileSync(program('gen_team_files'), [gaps, '--gaps'], { cwd: root });
    const names = readdirSync(gaps).sort();
    const { page, requests, consoleErrors } = await openApp(env, {}, `${env.origin}/team/`);
    await choose(page, FILES, names.map((n) => join(gaps, n)));
    await page.getByText(`${names.length} result files pooled.`, { exact: false }).waitFor();
    // The test's own figures from the files: summer (3) is hidden for
    // everyone; spring's and autumn's exact intervals run past 7.
    const rounds = new Map();
    for (const n of names) {
      const f = JSON.parse(readFileSync(join(gaps, n), 'utf8'));
      rounds.set(f.round, [...(rounds.get(f.round) ?? []), f.instruments[0].scores.tps]);
    }
    assert.equal(rounds.get('2026 summer').length, 3);
    const shown = {};
    for (const round of ['2026 spring', '2026 autumn']) {
      const scores = rounds.get(round);
      const n = scores.length;
      const mean = scores.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      const half = T[n - 2] * sd / Math.sqrt(n);
      assert.ok(mean + half > 7, `${round}: the exact interval runs past the scale (${mean + half})`);
      const lo = (Math.floor((mean - half) * 10 + HAIR) / 10).toFixed(1);
      shown[round] = { mean: (Math.round(mean * 10 + HAIR) / 10).toFixed(1), ci: `${lo} to 7.0` };
      const table = page.getByRole('region', { name: `Round: ${round}` })
        .getByRole('table', { name: `Team psychological safety (${round})`, exact: true });
      const cells = await table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'All', exact: true }) })
        .getByRole('cell').allTextContents();
      assert.deepEqual(cells, [String(n), shown[round].mean, shown[round].ci], round);
    }
    // The change skips the hidden round, its intervals clamped as in the round tables.
    const trends = page.getByRole('region', { name: 'Change between rounds' });
    const change = await trends.getByRole('table', { name: 'Team psychological safety', exact: true }).getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'All', exact: true }) }).getByRole('cell').allTextContents();
    assert.equal(change[0], `2026 spring: ${shown['2026 spring'].mean} (${shown['2026 spring'].ci})`);
    assert.equal(change[1], `2026 autumn: ${shown['2026 autumn'].mean} (${shown['2026 autumn'].ci})`);
    // The chart: the line breaks at summer (each shown round starts its own
    // piece, nothing joins across the gap), and no whisker leaves the scale.
    const figure = trends.getByRole('figure', { name: /^Average of Team psychological safety by round/ });
    const d = await figure.locator('path.chart__line').getAttribute('d');
    assert.equal((d.match(/M/g) ?? []).length, 2, d);
    assert.equal((d.match(/L/g) ?? []).length, 0, d);
    // The top of the scale is where its highest label sits (chart.rs's TOP).
    const scaleTop = await figure.locator('text.chart__label').first().evaluate((t) => Number(t.getAttribute('y')) - 4);
    const ys = await figure.locator('.chart__whisker').evaluateAll((ls) => ls.flatMap((l) => [Number(l.getAttribute('y1')), Number(l.getAttribute('y2'))]));
    assert.ok(ys.length > 0, 'the intervals are drawn');
    for (const y of ys) assert.ok(y >= scaleTop - HAIR, `an interval above the top of the scale: ${y} < ${scaleTop}`);
    // One sentence on chance among many comparisons, on screen and in print.
    const chance = trends.getByText(/With many comparisons .* a few “clear” changes will appear by chance alone/);
    assert.ok(await chance.isVisible());
    await page.emulateMedia({ media: 'print' });
    assert.ok(await chance.isVisible());
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(foreignRequests(requests, env.origin), []);
    assert.deepEqual(consoleErrors, []);
  });

  it('fits 320 px in the dark scheme without sideways scrolling, works by keyboard, and stays out of the staff page', async () => {
    const { page, context } = await openApp(env, { viewport: { width: 320, height: 700 }, colorScheme: 'dark', reducedMotion: 'reduce' }, `${env.origin}/team/`);
    const names = readdirSync(dir).sort();
    await choose(page, FILES, names.map((n) => join(dir, n)));
    await page.getByText('45 result files pooled.', { exact: false }).waitFor();
    assert.equal(await scrollsSideways(page), false);
    assert.deepEqual(await axeViolations(page), []);
    // The same files as one .zip, after "Clear and start again": the same count.
    await page.getByRole('button', { name: 'Clear and start again' }).click();
    await page.getByText('No result files opened yet.').waitFor();
    const zip = join(dir, '..', `${dir.split('/').pop()}.zip`);
    execFileSync('python3', ['-c', `import zipfile,os,sys
with zipfile.ZipFile(sys.argv[2],'w',zipfile.ZIP_DEFLATED) as f:
    [f.write(os.path.join(sys.argv[1],n),n) for n in sorted(os.listdir(sys.argv[1]))]`, dir, zip]);
    await page.getByText('Nothing chosen yet.').first().waitFor();
    await choose(page, FILES, zip);
    await page.getByText(`Chosen: ${zip.split('/').pop()}.`).waitFor();
    await page.getByText('45 result files pooled. 4 files could not be used. 1 file was opened twice, counted once.').waitFor();
    // A whole folder by the folder picker: the same 50 files.
    await page.getByRole('button', { name: 'Clear and start again' }).click();
    await choose(page, FOLDER, dir);
    await page.getByText('45 result files pooled. 4 files could not be used. 1 file was opened twice, counted once.').waitFor();
    await page.getByText(`Chosen: the folder “${dir.split('/').pop()}”, 50 files.`).waitFor();
    // The print view: the controls are left out, the report and its rule stay.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByRole('button', { name: FILES }).isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Download the report (CSV)' }).isVisible(), false);
    assert.ok(await page.getByRole('region', { name: 'Summary' }).getByText(/fewer than 5 people shows no figures/).isVisible());
    assert.ok(await page.getByRole('table', { name: 'Team psychological safety (2026 autumn)', exact: true }).isVisible());
    await page.emulateMedia({ media: 'screen' });
    // Files dropped onto the page are taken as well (after clearing).
    await page.getByRole('button', { name: 'Clear and start again' }).click();
    const dropped = names.filter((n) => n.startsWith('result-')).slice(0, 6)
      .map((n) => ({ name: n, text: readFileSync(join(dir, n), 'utf8') }));
    await page.evaluate((files) => {
      const transfer = new DataTransfer();
      for (const f of files) transfer.items.add(new File([f.text], f.name, { type: 'application/json' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, dropped);
    await page.getByText('6 result files pooled.', { exact: true }).waitFor();
    // Keyboard only (choosing the files is the browser's own dialog): raise
    // the minimum group, then download the report, with Tab, typing and Enter.
    await page.locator('body').focus();
    const k = page.getByLabel('Smallest group shown');
    await tabTo(page, k, 60);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('7');
    await page.keyboard.press('Tab');
    await page.getByText(/fewer than 7 people shows no figures/).first().waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Download the report (CSV)' }), 20);
    const [keyed] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.equal(keyed.suggestedFilename(), 'team-report.csv');
    // The other views of the page, in the same conditions (dark, 320 px).
    for (const [link, heading] of [['Compare', 'Compare result files'], ['Set up the survey', 'Set up Practice Pulse for your practice']]) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.deepEqual(await axeViolations(page), [], `axe on ${heading}`);
      assert.equal(await scrollsSideways(page), false, `${heading} scrolls sideways`);
    }
    // The staff page loads none of the team page's files.
    const staff = await context.newPage();
    const loaded = [];
    staff.on('request', (r) => loaded.push(r.url()));
    await staff.goto(`${env.origin}/`);
    await staff.getByRole('heading', { level: 1 }).first().waitFor();
    assert.deepEqual(loaded.filter((u) => u.includes('/team/') || /team-[0-9a-f]+/.test(u)), []);
    // …and links to it once, quietly, from its welcome.
    assert.equal(await staff.getByRole('link', { name: 'For practice leaders' }).getAttribute('href'), 'team/#setup');
    // Comparing files is reached from the survey's welcome by keyboard alone.
    await tabTo(staff, staff.getByRole('link', { name: 'For practice leaders' }), 40);
    await staff.keyboard.press('Enter');
    await staff.getByRole('heading', { level: 1, name: 'Set up Practice Pulse for your practice' }).waitFor();
    // The leaders' page moves focus to its heading: its navigation is back up.
    const compare = staff.getByRole('link', { name: 'Compare', exact: true });
    for (let i = 0; i < 10 && !(await compare.evaluate((el) => el === document.activeElement)); i++) {
      await staff.keyboard.press('Shift+Tab');
    }
    await staff.keyboard.press('Enter');
    await staff.getByRole('heading', { level: 1, name: 'Compare result files' }).waitFor();
    await tabTo(staff, staff.getByLabel('Open result files'), 30);
    assert.deepEqual(foreignRequests(loaded, env.origin), [], 'nothing leaves the device from any view');
  });
});

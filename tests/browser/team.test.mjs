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
import { tabTo } from './pages.mjs';

let env;
let dir;
before(async () => {
  env = await start();
  dir = mkdtempSync(join(tmpdir(), 'team-files-'));
  execFileSync('cargo', ['run', '-q', '-p', 'pulse-core', '--example', 'gen_team_files', '--', dir], { cwd: root });
});
after(async () => { await env?.stop(); });

const K = 5;
// Intervals and spreads show only from 2k people, and at least 10 (core pool::detail_from).
const DETAIL = Math.max(2 * K, 10);
const HAIR = 1e-9;
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
    // while the hidden ones hold fewer than K (but someone).
    const sizes = [...groups].filter(([g]) => g !== 'All').map(([g, s]) => [g, s.length]);
    const hidden = new Set(sizes.filter(([, n]) => n < K).map(([g]) => g));
    for (;;) {
      const held = sizes.filter(([g]) => hidden.has(g)).reduce((a, [, n]) => a + n, 0);
      if (held === 0 || held >= K) break;
      const next = sizes.filter(([g]) => !hidden.has(g)).sort((a, b) => a[1] - b[1])[0];
      if (!next) break;
      hidden.add(next[0]);
    }
    for (const [group, scores] of groups) {
      const n = scores.length;
      const mean = scores.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      const half = T[n - 2] * sd / Math.sqrt(n);
      // What a shared report may show (docs/team-guide.md): TPS (1–7) at one
      // decimal, the mean rounded half up, the interval clamped to the scale
      // and rounded outward, and no interval below DETAIL people.
      const shown = n >= DETAIL
        ? { lo: Math.floor(Math.max(mean - half, 1) * 10 + HAIR) / 10, hi: Math.ceil(Math.min(mean + half, 7) * 10 - HAIR) / 10 }
        : { lo: null, hi: null };
      out.push({ round, group, n, mean: Math.round(mean * 10 + HAIR) / 10, ...shown, hidden: group !== 'All' && hidden.has(group) });
    }
  }
  return out;
}

describe('the team results page', () => {
  it('pools 50 files into figures the test computes itself, hides small groups, and saves the same CSV as pulse pool', async () => {
    const { page, requests, consoleErrors } = await openApp(env, {}, `${env.origin}/team/`);
    const names = readdirSync(dir).sort();
    assert.equal(names.length, 50);
    await page.getByLabel('Choose result files (or a .zip of them)').setInputFiles(names.map((n) => join(dir, n)));
    await page.getByText('45 result files pooled. 4 files could not be used. 1 file was opened twice, counted once.').waitFor();

    // Each bad file is named with its reason, in a collapsible list.
    await page.getByText('Files not used (4)').click();
    for (const bad of ['notes.json', 'edited.json', 'other.json', 'newer.json']) {
      await page.getByRole('listitem').filter({ hasText: bad }).first().waitFor();
    }
    await page.getByText('Files opened twice, counted once (1)').click();
    await page.getByRole('listitem').filter({ hasText: /^copy-of-result-000\.json$|^result-000\.json$/ }).waitFor();

    // Every TPS figure on the page equals the test's own.
    const want = expected(names);
    assert.equal(want.filter((w) => w.hidden).length, 4, 'spring: Secretaries and Not given; autumn: Secretaries and Administration');
    for (const w of want) {
      const round = page.getByRole('region', { name: `Round: ${w.round}` });
      const table = round.getByRole('table', { name: `Team psychological safety (${w.round})`, exact: true });
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: w.group, exact: true }) });
      const cells = await row.getByRole('cell').allTextContents();
      if (w.hidden) {
        assert.deepEqual(cells, [`fewer than ${K} responses`], `${w.round} ${w.group}`);
      } else {
        const one = (x) => x.toFixed(1);
        assert.deepEqual(cells, [String(w.n), one(w.mean), w.lo === null ? '–' : `${one(w.lo)} to ${one(w.hi)}`], `${w.round} ${w.group}`);
      }
    }
    // Distributions: each shown group's counts add up to its n; hidden ones say so.
    const spread = page.getByRole('region', { name: 'Round: 2026 autumn' })
      .getByRole('table', { name: /How the scores spread: Team psychological safety/ });
    const admin = spread.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Administration', exact: true }) });
    assert.deepEqual(await admin.getByRole('cell').allTextContents(), ['', `fewer than ${DETAIL} responses`]);
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
    await page.getByText(/fewer than 5 people shows no figures, not even how many they are/).waitFor();

    // The CSV: its numbers are the test's, and its bytes are pulse pool's.
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the report (CSV)' }).click(),
    ]);
    assert.equal(csvDownload.suggestedFilename(), 'team-report.csv');
    const csv = await readFile(await csvDownload.path());
    // Exit code 1: some files were refused (the same four).
    const run = spawnSync('cargo', ['run', '-q', '-p', 'pulse-cli', '--', 'pool', dir, '--quiet'], { cwd: root });
    assert.equal(run.status, 1, String(run.stderr));
    assert.equal(String(run.stderr).match(/^REFUSED /gm)?.length, 4);
    const cli = run.stdout;
    assert.ok(csv.equals(cli), `page and pulse pool differ:\n${csv}\n---\n${cli}`);
    const lines = csv.toString('utf8').replace(/^\uFEFF/, '').trim().split('\n');
    assert.equal(lines[0], 'round,group,measure,n,mean,ci_low,ci_high,suppressed');
    for (const w of want) {
      const line = lines.find((l) => l.startsWith(`${w.round},${w.group},tps,`));
      assert.ok(line, `${w.round} ${w.group}`);
      const [, , , n, mean, lo, hi, suppressed] = line.split(',');
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

    // Raising k to 10 hides Administration in spring (6) and so Reception (9) too.
    await page.getByLabel('Smallest group shown').fill('10');
    await page.getByLabel('Smallest group shown').press('Tab');
    await page.getByText(/fewer than 10 people shows no figures/).waitFor();
    const spring = page.getByRole('region', { name: 'Round: 2026 spring' }).getByRole('table', { name: 'Team psychological safety (2026 spring)', exact: true });
    assert.deepEqual(await spring.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Reception', exact: true }) })
      .getByRole('cell').allTextContents(), ['fewer than 10 responses']);
    // Never below the practice's setting.
    await page.getByLabel('Smallest group shown').fill('2');
    await page.getByLabel('Smallest group shown').press('Tab');
    await page.getByText(/fewer than 5 people shows no figures/).waitFor();

    // Response rate with HSE's guidance.
    await page.getByLabel('People asked (2026 autumn)').fill('40');
    await page.getByLabel('People asked (2026 autumn)').press('Tab');
    await page.getByText('60% responded Adequate.').waitFor();

    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(foreignRequests(requests, env.origin), []);
    assert.deepEqual(consoleErrors, []);
  });

  it('fits 320 px in the dark scheme without sideways scrolling, works by keyboard, and stays out of the staff page', async () => {
    const { page, context } = await openApp(env, { viewport: { width: 320, height: 700 }, colorScheme: 'dark', reducedMotion: 'reduce' }, `${env.origin}/team/`);
    const names = readdirSync(dir).sort();
    await page.getByLabel('Choose result files (or a .zip of them)').setInputFiles(names.map((n) => join(dir, n)));
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
    await page.getByLabel('Choose result files (or a .zip of them)').setInputFiles(zip);
    await page.getByText('45 result files pooled. 4 files could not be used. 1 file was opened twice, counted once.').waitFor();
    // A whole folder by the folder picker: the same 50 files.
    await page.getByRole('button', { name: 'Clear and start again' }).click();
    await page.getByLabel('Choose a folder').setInputFiles(dir);
    await page.getByText('45 result files pooled. 4 files could not be used. 1 file was opened twice, counted once.').waitFor();
    // The print view: the controls are left out, the report and its rule stay.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByLabel('Choose result files (or a .zip of them)').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Download the report (CSV)' }).isVisible(), false);
    assert.ok(await page.getByText(/fewer than 5 people shows no figures/).isVisible());
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
    await page.getByText(/fewer than 7 people shows no figures/).waitFor();
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

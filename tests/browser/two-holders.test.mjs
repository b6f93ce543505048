// Two key holders on the team page (team/#results): files split between
// two holders by `pulse seal --practice` (keys made by `pulse holder new`)
// are pooled in three steps, each with one holder's key only: step 1 and
// step 2 are the same bytes as `pulse pool --out-step` writes, and the
// report's CSV is `pulse pool`'s on the same answers as plain files, byte
// for byte. One key alone gives no report and says why; a step from
// another pile is refused naming the difference; a file whose proof fails
// is left out after "step 1 again"; the minimum groups must agree. Axe
// light and dark, 320 px, keyboard only and no request off the device on
// the view; nothing is stored. The second holder's record of releases
// (practice-pulse-ledger.json) is made after a step 2, is the file `pulse
// pool --ledger` writes, and refuses, as an alert naming the round, a
// step 2 that would release a round again over other files.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { receiptOf } from './receipt.mjs';
import { axeViolations, foreignRequests, openApp, root, scrollsSideways, start } from './harness.mjs';
import { program } from './programs.mjs';
import { pressToChoose, tabTo } from './pages.mjs';

let env;
let dir;
const holders = {};
let pileFiles;
let expectedCsv;
let expectedJson;
// Each round's receipts (each split hand-in file's, worked out by this
// test from its bytes: receipt.mjs), sorted.
const receipts = {};

// pulse exits 1 when it refuses some files: its output is what counts.
const pulse = (args) => spawnSync(program('pulse'), args, { cwd: dir, encoding: 'utf8' });
const stepsHeading = (page, name) => page.getByRole('heading', { level: 2, name });

before(async () => {
  env = await start();
  dir = mkdtempSync(join(tmpdir(), 'two-holders-'));
  execFileSync(program('gen_team_files'), [join(dir, 'all')], { cwd: root });
  // The 45 good files of the team test's set: two rounds, three teams near
  // k = 5, "Not given", skipped items.
  const plain = join(dir, 'plain');
  mkdirSync(plain);
  for (const n of readdirSync(join(dir, 'all')).filter((n) => /^result-\d+\.json$/.test(n))) {
    copyFileSync(join(dir, 'all', n), join(plain, n));
  }
  for (const name of ['a', 'b', 'c']) {
    const pass = join(dir, `${name}.pass`);
    const phrase = `${name} holder lantern river`;
    writeFileSync(pass, `${phrase}\n`);
    const key = join(dir, `${name}.key`);
    const made = pulse(['holder', 'new', '--out', key, '--passphrase-file', pass]);
    assert.equal(made.status, 0, made.stderr);
    holders[name] = { key, pass, phrase, line: made.stdout.trim() };
  }
  writeFileSync(join(dir, 'practice.json'), JSON.stringify({
    format: 'practice-pulse-config', format_version: 1,
    hand_in: { holders: [holders.a.line, holders.b.line], how: 'Email it to surveys@riverside.example' },
  }));
  const sealed = pulse(['seal', '--practice', 'practice.json', plain, '--out', join(dir, 'split')]);
  assert.equal(sealed.status, 0, sealed.stderr);
  pileFiles = readdirSync(join(dir, 'split')).sort().map((n) => join(dir, 'split', n));
  assert.equal(pileFiles.length, 45);
  expectedCsv = pulse(['pool', '--quiet', plain]).stdout;
  expectedJson = pulse(['pool', '--quiet', '--format', 'json', plain]).stdout;
  for (const path of pileFiles) {
    const bytes = readFileSync(path);
    (receipts[JSON.parse(bytes.toString('utf8')).round] ??= []).push(receiptOf(bytes));
  }
  for (const list of Object.values(receipts)) list.sort();
  assert.deepEqual(Object.fromEntries(Object.entries(receipts).map(([r, l]) => [r, l.length])), { '2026 spring': 21, '2026 autumn': 24 });
  assert.match(expectedCsv, /^\uFEFFround,group,measure/);
});
after(async () => { await env?.stop(); });

async function openTeam(options = {}) {
  const opened = await openApp(env, options, `${env.origin}/team/`);
  await opened.page.getByRole('heading', { level: 1, name: 'Team results' }).waitFor();
  return opened;
}

/**
 * The page reads a chosen key file a moment after it is chosen, and says
 * so ("Chosen: a.key"); Open pressed before then would use the key chosen
 * earlier (or none). So that is waited for, as a person sees it.
 */
const keyChosen = (page, who) => page.getByText(`Chosen: ${basename(who.key)}`, { exact: true }).waitFor();

async function openKey(page, who) {
  await page.getByLabel('Key file (practice-pulse-holder.key)').setInputFiles(who.key);
  await keyChosen(page, who);
  await page.getByLabel('Passphrase', { exact: true }).fill(who.phrase);
  await page.getByRole('button', { name: 'Open the key' }).click();
  // argon2id opening the key: CPU work, slow on a loaded machine.
  await page.getByText(`Key open: hand-in files sealed to ${who.line}`).waitFor({ timeout: 60000 });
}

/** Chooses files with the picker button named `name`, as a person would. */
async function choose(page, name, files) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name, exact: true }).click()]);
  await chooser.setFiles(files);
}

const chooseFiles = (page, files) => choose(page, 'Choose result files (or a .zip of them)', files);
const chooseStep = (page, file) => choose(page, 'Choose the other key holder’s step file', file);
const chooseLedger = (page, file) => choose(page, 'Choose your record of releases', file);
const SAVE_LEDGER = 'Save your record of releases (practice-pulse-ledger.json)';

/** Shift+Tab until `locator` has focus (at most `limit` presses). */
async function shiftTabTo(page, locator, limit = 10) {
  for (let i = 0; i < limit; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Shift+Tab');
  }
  assert.fail(`Shift+Tab never reached ${locator}`);
}

/** This month as `YYYY-MM` by this machine's clock (the page's too). */
const thisMonth = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
};

/** Presses `button` and saves the download it starts as `as` in the test folder. */
async function download(page, button, as) {
  const [saved] = await Promise.all([
    page.waitForEvent('download', { timeout: 120000 }),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  const path = join(dir, as);
  await saved.saveAs(path);
  return { path, suggested: saved.suggestedFilename() };
}

/** `pulse pool` with `who`'s key and `args`. */
const pool = (who, args) => pulse(['pool', '--quiet', '--key', who.key, '--passphrase-file', who.pass, ...args]);

// The files per round and team of the 45 files (gen_team_files), as the
// table's rows read: round, team, files.
// Each round's total closes its teams; "Not given" is named as a group
// no roster can check (review 5, R5-9).
const TOTAL = 'Round total (must equal how many handed in)';
const NOT_GIVEN = 'Not given (no roster can check)';
const FILES_SEEN = [
  '2026 autumn Administration 8', '2026 autumn Reception 12', '2026 autumn Secretaries 4', `2026 autumn ${TOTAL} 24`,
  `2026 spring ${NOT_GIVEN} 3`, '2026 spring Administration 6', '2026 spring Reception 9', '2026 spring Secretaries 3',
  `2026 spring ${TOTAL} 21`,
];

/** The table of files per round and team on a holder's step, found by its caption, every row checked. */
async function filesSeen(page) {
  const table = page.getByRole('table', { name: 'Files per round and team' });
  await table.waitFor({ timeout: 60000 });
  assert.deepEqual(await table.getByRole('columnheader').allTextContents(), ['Round', 'Team', 'Files']);
  for (const row of FILES_SEEN) {
    await table.getByRole('row', { name: row, exact: true }).waitFor();
  }
  assert.equal(await table.getByRole('row').count(), FILES_SEEN.length + 1, 'a row per round and team, and the headers');
  assert.equal(await table.getByRole('cell', { name: NOT_GIVEN, exact: true }).count(), 1);
  assert.equal(await table.getByRole('cell', { name: TOTAL, exact: true }).count(), 2);
  return table;
}

/** Opens the section named `name` (a <details>, found by its role and name) and checks it lists `list`. */
async function receiptsListed(scope, name, list) {
  const group = scope.getByRole('group', { name, exact: true });
  await group.getByText(name, { exact: true }).click();
  await group.getByText(list.join(' '), { exact: true }).waitFor();
}

/** The sentence `pulse pool` prints under the files per round and team (step 1, not quiet). */
function cliCompareSentence(who) {
  const made = pulse(['pool', '--key', who.key, '--passphrase-file', who.pass, join(dir, 'split'), '--out-step', join(dir, 'sentence-a.step')]);
  assert.equal(made.status, 0, made.stderr);
  const lines = made.stderr.split('\n');
  const at = lines.findIndex((l) => l.startsWith('files per round and team'));
  assert.ok(at >= 0, made.stderr);
  assert.match(lines[at], /2026 spring, team not given \(no roster can check\): 3/);
  assert.equal(lines[at + 1], 'files per round (each round\'s total must equal how many staff handed in for it): 2026 autumn: 24; 2026 spring: 21');
  const sentence = lines.find((l) => l.startsWith('Before you give your step on'));
  assert.ok(sentence, made.stderr);
  return sentence;
}

describe('two key holders on the team page', () => {
  it('makes step 1, step 2 and the report, each with one key; the steps are pulse\'s bytes and the CSV is the plain files\'', async () => {
    // The first holder: one key alone, no report; the page says why and
    // what to do.
    const a = await openTeam({ viewport: { width: 1280, height: 900 } });
    await chooseFiles(a.page, pileFiles);
    await a.page.getByText('45 hand-in files split between two key holders: pool them in three steps (below).').waitFor();
    await stepsHeading(a.page, 'Two key holders: three steps').waitFor();
    await a.page.getByText('Open your key above (Hand-in files): the page then shows your step.').waitFor();
    await openKey(a.page, holders.a);
    await stepsHeading(a.page, 'Two key holders: step 1 of 3').waitFor();
    await a.page.getByText('Your key is the first key holder’s.').waitFor();
    await a.page.getByText('Neither of you alone can read anyone’s answers').waitFor();
    assert.equal(await a.page.locator('[aria-current="step"]').count(), 1);
    assert.match(await a.page.locator('[aria-current="step"]').textContent(), /^Step 1 of 3, the first key holder/);
    assert.equal(await a.page.getByRole('button', { name: 'Download the report (CSV)' }).count(), 0, 'one key alone: no report');
    // Before saving step 1: the files per round and team, and the same
    // sentence pulse prints under them.
    await filesSeen(a.page);
    const sentence = cliCompareSentence(holders.a);
    assert.match(sentence, /check that each round's total of files equals how many staff said they handed in for that round/);
    assert.match(sentence, /"Team not given" \(and any team practice.json does not list\) is a group no roster can check/);
    await a.page.getByText(sentence, { exact: true }).waitFor();
    const one = await download(a.page, 'Save step 1 (a.step)', 'page-a.step');
    assert.equal(one.suggested, 'a.step');
    await a.page.getByText('Step 1 was offered for saving as a.step (smallest group shown: 5). Give it to the second key holder.').waitFor();
    assert.equal(await a.page.getByRole('button', { name: 'Download the report (CSV)' }).count(), 0, 'step 1: still no report');
    const cliOne = pool(holders.a, [join(dir, 'split'), '--out-step', join(dir, 'cli-a.step')]);
    assert.equal(cliOne.status, 0, cliOne.stderr);
    // Compared whole, without a diff of two 200 kB lines.
    assert.ok(readFileSync(one.path).equals(readFileSync(join(dir, 'cli-a.step'))), 'step 1 is pulse pool --out-step\'s, byte for byte');
    const stepOne = JSON.parse(readFileSync(one.path, 'utf8'));
    assert.equal(stepOne.stage, 1);
    assert.equal(stepOne.from, holders.a.line);

    // The second holder, on another browser: the same files and a.step.
    const b = await openTeam({ viewport: { width: 1280, height: 900 } });
    await openKey(b.page, holders.b);
    await chooseFiles(b.page, pileFiles);
    await stepsHeading(b.page, 'Two key holders: step 2 of 3').waitFor();
    await b.page.getByText('Your key is the second key holder’s.').waitFor();
    assert.equal(await b.page.getByRole('button', { name: 'Save step 2 (b.step)' }).count(), 0, 'no step 2 before step 1 is chosen');
    assert.equal(await b.page.getByRole('button', { name: 'Download the report (CSV)' }).count(), 0, 'one key alone: no report');
    await chooseStep(b.page, one.path);
    await b.page.getByText('Chosen: page-a.step').waitFor();
    await filesSeen(b.page);
    await b.page.getByText(sentence, { exact: true }).waitFor();
    assert.equal(await b.page.getByText(/is not one of your practice’s rounds/).count(), 0, 'the practice lists no rounds: none named');
    // Step 2 over two rounds: each round's warning of a release before
    // (not at step 1).
    for (const round of ['2026 autumn', '2026 spring']) {
      await b.page.getByRole('listitem').filter({ hasText: `${round}: if a report of this round was released before over other files, the two reports together give away the people who differ. Its files must be exactly the files of last time, or leave them out.` }).waitFor();
    }
    assert.equal(await a.page.getByText(/if a report of this round was released before/).count(), 0, 'step 1 releases nothing');
    // Each round's receipts, for the second holder to check (and the first).
    for (const [round, list] of Object.entries(receipts)) {
      await receiptsListed(b.page, `Receipts in ${round} (${list.length})`, list);
      await receiptsListed(a.page, `Receipts in ${round} (${list.length})`, list);
    }
    const two = await download(b.page, 'Save step 2 (b.step)', 'page-b.step');
    assert.equal(two.suggested, 'b.step');
    await b.page.getByText('Step 2 was offered for saving as b.step (smallest group shown: 5).').waitFor();
    const cliTwo = pool(holders.b, ['--step', one.path, join(dir, 'split'), '--out-step', join(dir, 'cli-b.step')]);
    assert.equal(cliTwo.status, 0, cliTwo.stderr);
    assert.ok(readFileSync(two.path).equals(readFileSync(join(dir, 'cli-b.step'))), 'step 2 is pulse pool --out-step\'s, byte for byte');
    assert.equal(await b.page.getByRole('button', { name: 'Download the report (CSV)' }).count(), 0, 'the second holder gets no report');

    // The first holder again: b.step gives the report, as for plain files.
    await chooseStep(a.page, two.path);
    await stepsHeading(a.page, 'Two key holders: step 3 of 3').waitFor();
    await a.page.getByRole('button', { name: 'Make the team report' }).click();
    await a.page.getByText('The team report is below, made with a smallest group of 5.').waitFor({ timeout: 120000 });
    // With the report on screen, the files per round and team (the small
    // teams' exact sizes) are folded under a closed heading (review 5, R5-7).
    const checked = a.page.getByRole('group', { name: 'What the key holders checked (not for sharing)' });
    await checked.waitFor();
    assert.equal(await checked.evaluate((d) => d.open), false, 'closed');
    assert.equal(await a.page.getByRole('table', { name: 'Files per round and team' }).count(), 0, 'no table on screen beside the report');
    await checked.getByText('What the key holders checked (not for sharing)', { exact: true }).click();
    await filesSeen(checked);
    await checked.getByText('What the key holders checked (not for sharing)', { exact: true }).click();
    await a.page.getByRole('table', { name: 'Files per round and team' }).waitFor({ state: 'hidden' });
    const csv = await download(a.page, 'Download the report (CSV)', 'page.csv');
    assert.equal(csv.suggested, 'team-report.csv');
    assert.equal(readFileSync(csv.path, 'utf8'), expectedCsv, 'the report is pulse pool\'s on the plain files, byte for byte');
    assert.ok(!expectedCsv.includes(receipts['2026 autumn'][3]), 'no receipt in the CSV');
    const json = await download(a.page, 'Download the report (JSON)', 'page.json');
    // The JSON is pulse pool's on the plain files but for the receipts:
    // here each split hand-in file's, there each plain file's (each a
    // digest of its own file).
    const withoutReceipts = (text) => {
      const v = JSON.parse(text);
      for (const r of v.rounds) r.receipts = null;
      return JSON.stringify(v);
    };
    const pageJson = readFileSync(json.path, 'utf8');
    assert.equal(withoutReceipts(pageJson), withoutReceipts(expectedJson), 'the JSON is pulse pool\'s on the plain files');
    assert.deepEqual(JSON.parse(pageJson).rounds.map((r) => [r.round, r.receipts]), [['2026 spring', receipts['2026 spring']], ['2026 autumn', receipts['2026 autumn']]]);
    const cliJson = pool(holders.a, ['--format', 'json', '--step', two.path, join(dir, 'split')]).stdout;
    assert.equal(cliJson, pageJson, 'the page\'s JSON is pulse pool\'s on the same step, receipts and all');
    for (const [round, list] of Object.entries(receipts)) {
      await receiptsListed(a.page.getByRole('region', { name: `Round: ${round}` }), `Receipts counted (${list.length})`, list);
    }
    // In print: a compact line per round, the section to open not printed.
    await a.page.emulateMedia({ media: 'print' });
    await a.page.getByText(`Receipts counted (24): ${receipts['2026 autumn'].join(' ')}`, { exact: true }).waitFor();
    assert.equal(await a.page.getByRole('group', { name: 'Receipts counted (24)' }).count(), 0);
    await a.page.emulateMedia({ media: 'screen' });
    await a.page.getByRole('button', { name: 'Print the report' }).waitFor();
    await a.page.getByRole('button', { name: 'Download the report (JSON)' }).waitFor();
    assert.ok(await a.page.getByRole('heading', { name: /2026 autumn/ }).count() > 0, 'the report\'s views show');
    for (const { page, requests, consoleErrors, context } of [a, b]) {
      assert.deepEqual(foreignRequests(requests, env.origin), [], 'nothing left the device');
      assert.deepEqual(consoleErrors, []);
      assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0], 'nothing stored');
      await context.close();
    }
  });

  it('refuses a step from another pile, naming the difference, and a step made at another minimum group', async () => {
    const cliOne = pool(holders.a, [join(dir, 'split'), '--out-step', join(dir, 'full-a.step')]);
    assert.equal(cliOne.status, 0, cliOne.stderr);
    const left = pileFiles[7];
    const leftId = JSON.parse(readFileSync(left, 'utf8')).response;
    const b = await openTeam({ viewport: { width: 1280, height: 900 } });
    await openKey(b.page, holders.b);
    await chooseFiles(b.page, pileFiles.filter((p) => p !== left));
    await chooseStep(b.page, join(dir, 'full-a.step'));
    await b.page.getByRole('button', { name: 'Save step 2 (b.step)' }).click();
    const refusal = b.page.getByText(/full-a\.step was made from another pile \(45 responses there, 44 here\)/);
    await refusal.waitFor({ timeout: 120000 });
    assert.ok((await refusal.textContent()).includes(`only in the other holder's pile (response ids): ${leftId}`), 'names the file left out');
    // The same pile, but the second holder asks for 6.
    await b.page.getByRole('button', { name: 'Clear and start again' }).click();
    await openKey(b.page, holders.b);
    await chooseFiles(b.page, pileFiles);
    await chooseStep(b.page, join(dir, 'full-a.step'));
    await b.page.getByLabel('Smallest group shown').fill('6');
    await b.page.getByLabel('Smallest group shown').press('Enter');
    await b.page.getByLabel('Smallest group shown').blur();
    await b.page.getByRole('button', { name: 'Save step 2 (b.step)' }).click();
    await b.page.getByText('full-a.step was made with a smallest group of 5; yours is set to 6').waitFor();
    // A key that is neither holder's.
    await b.page.getByRole('button', { name: 'Clear and start again' }).click();
    await openKey(b.page, holders.c);
    await chooseFiles(b.page, pileFiles);
    await b.page.getByText('The key open is neither key holder’s of these files').waitFor();
    assert.equal(await b.page.getByRole('button', { name: /Save step/ }).count(), 0);
    // The first holder given their own step 1 back is told what to choose.
    await b.page.getByRole('button', { name: 'Clear and start again' }).click();
    await openKey(b.page, holders.a);
    await chooseFiles(b.page, pileFiles);
    await chooseStep(b.page, join(dir, 'full-a.step'));
    await b.page.getByText('full-a.step is a step 1, the file you give the second key holder').waitFor();
    assert.deepEqual(foreignRequests(b.requests, env.origin), []);
    await b.context.close();
  });

  it('names, beside the files per round and team, a round the practice does not list', async () => {
    env.serve('/practice.json', {
      format: 'practice-pulse-config', format_version: 1, rounds: ['2026 autumn'],
      hand_in: { holders: [holders.a.line, holders.b.line], how: 'Email it to surveys@riverside.example' },
    });
    try {
      const b = await openTeam({ viewport: { width: 1280, height: 900 } });
      await openKey(b.page, holders.b);
      await chooseFiles(b.page, pileFiles);
      await stepsHeading(b.page, 'Two key holders: step 2 of 3').waitFor();
      await filesSeen(b.page);
      await b.page.getByText('2026 spring is not one of your practice’s rounds (practice.json): were these files handed in for this round?', { exact: true }).waitFor();
      assert.equal(await b.page.getByText(/^2026 autumn is not one of/).count(), 0);
      await b.context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('leaves out a file whose proof fails: step 2 names it, step 1 again, and the report counts it as not used', async () => {
    // A file's clear team edited after sealing (no ciphertext touched):
    // its proof, bound to the clear part, fails for both holders.
    const edited = join(dir, 'edited');
    mkdirSync(edited);
    const names = pileFiles.map((p) => p.split('/').pop());
    names.forEach((n) => copyFileSync(join(dir, 'split', n), join(edited, n)));
    const victim = names.find((n) => JSON.parse(readFileSync(join(edited, n), 'utf8')).team === 'Reception');
    const file = JSON.parse(readFileSync(join(edited, victim), 'utf8'));
    file.team = 'Administration';
    writeFileSync(join(edited, victim), JSON.stringify(file));
    const files = names.map((n) => join(edited, n));

    const a = await openTeam({ viewport: { width: 1280, height: 900 } });
    await openKey(a.page, holders.a);
    await chooseFiles(a.page, files);
    const one = await download(a.page, 'Save step 1 (a.step)', 'proof-a.step');
    const b = await openTeam({ viewport: { width: 1280, height: 900 } });
    await openKey(b.page, holders.b);
    await chooseFiles(b.page, files);
    await chooseStep(b.page, one.path);
    await download(b.page, 'Save step 2 (b.step)', 'proof-b.step');
    await b.page.getByText('1 file fails the proof both key holders check, and is left out.').waitFor();
    await chooseStep(a.page, join(dir, 'proof-b.step'));
    await stepsHeading(a.page, 'Two key holders: step 1 of 3').waitFor();
    await a.page.getByText('proof-b.step leaves out 1 file whose proof fails').waitFor();
    assert.equal(await a.page.getByRole('button', { name: 'Make the team report' }).count(), 0);
    const again = await download(a.page, 'Save step 1 again, leaving them out (a.step)', 'proof-a2.step');
    assert.equal(again.suggested, 'a.step');
    await chooseStep(b.page, again.path);
    const two = await download(b.page, 'Save step 2 (b.step)', 'proof-b2.step');
    await b.page.getByText('Step 2 was offered for saving as b.step').waitFor();
    await chooseStep(a.page, two.path);
    await a.page.getByRole('button', { name: 'Make the team report' }).click();
    await a.page.getByText('The team report is below').waitFor({ timeout: 120000 });
    await a.page.getByText('Files not used (1)').click();
    await a.page.getByText(`${victim} fails the proof both key holders check`).waitFor();
    await a.page.getByRole('button', { name: 'Download the report (CSV)' }).waitFor();
    await a.context.close();
    await b.context.close();
  });

  it('passes axe light and dark, fits 320 px, and asks nothing off the device', async () => {
    // Its own step files, made by pulse: this test stands alone.
    const madeOne = pool(holders.a, [join(dir, 'split'), '--out-step', join(dir, 'view-a.step')]);
    assert.equal(madeOne.status, 0, madeOne.stderr);
    const madeTwo = pool(holders.b, ['--step', join(dir, 'view-a.step'), join(dir, 'split'), '--out-step', join(dir, 'view-b.step')]);
    assert.equal(madeTwo.status, 0, madeTwo.stderr);
    // A record of releases of spring over one other file.
    const viewLedger = join(dir, 'view-ledger.json');
    writeFileSync(viewLedger, JSON.stringify({
      format: 'practice-pulse-ledger', format_version: 1,
      releases: [{ round: '2026 spring', month: '2026-05', min_group: 5, files: [{ response: '0b8f2c1e-7d4a-4c2b-9f3e-5a6d7c8b9e0f', file: '00112233445566778899aabbccddeeff' }] }],
    }));
    for (const colorScheme of ['light', 'dark']) {
      const { page, context, requests } = await openTeam({ viewport: { width: 320, height: 800 }, colorScheme });
      await chooseFiles(page, pileFiles);
      await stepsHeading(page, 'Two key holders: three steps').waitFor();
      assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}, no key`);
      assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}, no key`);
      await openKey(page, holders.b);
      await stepsHeading(page, 'Two key holders: step 2 of 3').waitFor();
      await chooseStep(page, join(dir, 'view-a.step'));
      await page.getByRole('button', { name: 'Save step 2 (b.step)' }).waitFor();
      await page.getByRole('table', { name: 'Files per round and team' }).waitFor({ timeout: 60000 });
      assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}, step 2`);
      assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}, step 2`);
      // A record of releases that refuses this pile: the alert, at 320 px too.
      await chooseLedger(page, viewLedger);
      await page.getByText('Chosen: view-ledger.json (1 round released before).').waitFor();
      await page.getByRole('button', { name: 'Save step 2 (b.step)' }).click();
      await page.getByRole('alert').filter({ hasText: 'round "2026 spring" was released in 2026-05 over other files: this pile adds 21 files and leaves out 1 file' }).waitFor({ timeout: 120000 });
      assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}, step 2 refused by the record of releases`);
      assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}, step 2 refused by the record of releases`);
      await page.getByRole('button', { name: 'Clear and start again' }).click();
      await openKey(page, holders.a);
      await chooseFiles(page, pileFiles);
      await chooseStep(page, join(dir, 'view-b.step'));
      await page.getByRole('button', { name: 'Make the team report' }).click();
      await page.getByText('The team report is below').waitFor({ timeout: 120000 });
      assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}, the report`);
      assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}, the report`);
      assert.deepEqual(foreignRequests(requests, env.origin), []);
      await context.close();
    }
  });

  it('keeps the second holder’s record of releases: made after step 2, the same pile again allowed, a file fewer refused as an alert naming the round', async () => {
    const monthBefore = thisMonth();
    const fullOne = pool(holders.a, [join(dir, 'split'), '--out-step', join(dir, 'ledger-a.step')]);
    assert.equal(fullOne.status, 0, fullOne.stderr);
    const left = pileFiles[7];
    const leftFile = JSON.parse(readFileSync(left, 'utf8'));
    const fewer = pileFiles.filter((p) => p !== left);
    const fewerDir = join(dir, 'ledger-fewer');
    mkdirSync(fewerDir);
    fewer.forEach((p) => copyFileSync(p, join(fewerDir, basename(p))));
    const fewerOne = pool(holders.a, [fewerDir, '--out-step', join(dir, 'ledger-fewer-a.step')]);
    assert.equal(fewerOne.status, 0, fewerOne.stderr);

    // No record chosen: step 2 as before (its warnings), then a new record offered.
    const b = await openTeam({ viewport: { width: 1280, height: 900 } });
    await openKey(b.page, holders.b);
    await chooseFiles(b.page, pileFiles);
    await chooseStep(b.page, join(dir, 'ledger-a.step'));
    const record = b.page.getByRole('region', { name: 'Your record of releases' });
    await record.getByText('No record of releases chosen: step 2 will not check this pile against earlier releases.').waitFor();
    await b.page.getByRole('listitem').filter({ hasText: '2026 spring: if a report of this round was released before over other files' }).waitFor({ timeout: 60000 });
    await download(b.page, 'Save step 2 (b.step)', 'ledger-b.step');
    await b.page.getByText('2026 autumn: released for the first time, and recorded. 2026 spring: released for the first time, and recorded.', { exact: false }).waitFor();
    assert.deepEqual(await axeViolations(b.page), [], 'axe, the record of releases offered');
    const saved = await download(b.page, SAVE_LEDGER, 'page-ledger.json');
    assert.equal(saved.suggested, 'practice-pulse-ledger.json');
    await b.page.getByText('Your record of releases was offered for saving as practice-pulse-ledger.json.', { exact: false }).waitFor();
    const kept = JSON.parse(readFileSync(saved.path, 'utf8'));
    assert.equal(kept.format, 'practice-pulse-ledger');
    assert.equal(kept.format_version, 1);
    assert.deepEqual(kept.releases.map((r) => [r.round, r.min_group, r.files.length]), [['2026 autumn', 5, 24], ['2026 spring', 5, 21]]);
    const month = kept.releases[0].month;
    assert.ok([monthBefore, thisMonth()].includes(month), `released this month: ${month}`);
    // Each file as step 2 lists it, and nothing more: the record pulse
    // pool --ledger writes for the same pile, byte for byte.
    const stepTwo = JSON.parse(readFileSync(join(dir, 'ledger-b.step'), 'utf8'));
    assert.deepEqual(kept.releases.flatMap((r) => r.files.map((f) => [f.response, f.file])).sort(), stepTwo.responses.map((r) => [r.id, r.file]).sort());
    const cliLedger = join(dir, 'cli-ledger.json');
    const cliTwo = pool(holders.b, ['--step', join(dir, 'ledger-a.step'), join(dir, 'split'), '--out-step', join(dir, 'cli-ledger-b.step'), '--ledger', cliLedger]);
    assert.equal(cliTwo.status, 0, cliTwo.stderr);
    const cliKept = JSON.parse(readFileSync(cliLedger, 'utf8'));
    cliKept.releases.forEach((r) => { r.month = month; });
    assert.deepEqual(kept, cliKept, 'the page\'s record is pulse\'s');

    // A file fewer, with the record (chosen by keyboard): refused as an
    // alert naming the round, never the file; nothing offered for saving.
    await b.page.getByRole('button', { name: 'Clear and start again' }).click();
    await openKey(b.page, holders.b);
    await chooseFiles(b.page, fewer);
    await chooseStep(b.page, join(dir, 'ledger-fewer-a.step'));
    await record.getByText('No record of releases chosen', { exact: false }).waitFor();
    // From Save step 2 (the view is drawn again once the step file is
    // read, so focus starts there), back to the record's picker before it.
    await b.page.getByRole('button', { name: 'Save step 2 (b.step)' }).focus();
    await shiftTabTo(b.page, b.page.getByRole('button', { name: 'Choose your record of releases' }));
    await pressToChoose(b.page, 'Enter', b.page.locator('#steps-ledger'), saved.path);
    await record.getByText('Chosen: page-ledger.json (2 rounds released before).').waitFor();
    await b.page.getByRole('table', { name: 'Files per round and team' }).waitFor({ timeout: 60000 });
    assert.equal(await b.page.getByText(/if a report of this round was released before/).count(), 0, 'with a record, no warning: step 2 checks');
    let downloads = 0;
    b.page.on('download', () => { downloads += 1; });
    await tabTo(b.page, b.page.getByRole('button', { name: 'Save step 2 (b.step)' }), 10);
    await b.page.keyboard.press('Enter');
    const alert = b.page.getByRole('alert').filter({ hasText: `round "${leftFile.round}" was released in ${month} over other files: this pile adds 0 files and leaves out 1 file of that release.` });
    await alert.waitFor({ timeout: 120000 });
    const said = await alert.textContent();
    assert.ok(!said.includes(leftFile.response.slice(0, 8)) && !said.includes(basename(left)), `never who: ${said}`);
    assert.equal(await b.page.getByRole('button', { name: SAVE_LEDGER }).count(), 0, 'no record to save');
    assert.equal(downloads, 0, 'no step 2 saved');

    // The same pile again, with the record: allowed, nothing new.
    await b.page.getByRole('button', { name: 'Clear and start again' }).click();
    await openKey(b.page, holders.b);
    await chooseFiles(b.page, pileFiles);
    await chooseStep(b.page, join(dir, 'ledger-a.step'));
    await chooseLedger(b.page, saved.path);
    await record.getByText('Chosen: page-ledger.json (2 rounds released before).').waitFor();
    await download(b.page, 'Save step 2 (b.step)', 'ledger-b-again.step');
    await b.page.getByText(`2026 spring: the same files and smallest group as its release in ${month}, so nothing new is released.`, { exact: false }).waitFor();
    // A record that is not one: an alert naming the file, and no step 2.
    const bad = join(dir, 'bad-ledger.json');
    writeFileSync(bad, '{"format": "practice-pulse-ledger", "format_version": 1, "releases": [}');
    await chooseLedger(b.page, bad);
    await b.page.getByRole('alert').filter({ hasText: 'bad-ledger.json is not a usable record of releases (line 1 column' }).waitFor();
    assert.deepEqual(foreignRequests(b.requests, env.origin), [], 'nothing left the device');
    assert.deepEqual(b.consoleErrors, []);
    assert.deepEqual(await b.page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0], 'nothing stored');
    await b.context.close();
  });

  it('works by keyboard alone: the key, the files, step 1, the step file and the report', async () => {
    const madeOne = pool(holders.a, [join(dir, 'split'), '--out-step', join(dir, 'keys-a.step')]);
    assert.equal(madeOne.status, 0, madeOne.stderr);
    const madeTwo = pool(holders.b, ['--step', join(dir, 'keys-a.step'), join(dir, 'split'), '--out-step', join(dir, 'keys-b.step')]);
    assert.equal(madeTwo.status, 0, madeTwo.stderr);
    const { page, context } = await openTeam({ viewport: { width: 1280, height: 900 } });
    const keyInput = page.getByLabel('Key file (practice-pulse-holder.key)');
    await tabTo(page, keyInput, 40);
    await pressToChoose(page, 'Space', keyInput, holders.a.key);
    await keyChosen(page, holders.a);
    await tabTo(page, page.getByLabel('Passphrase', { exact: true }));
    await page.keyboard.type(holders.a.phrase);
    await tabTo(page, page.getByRole('button', { name: 'Open the key' }));
    await page.keyboard.press('Enter');
    await page.getByText(`Key open: hand-in files sealed to ${holders.a.line}`).waitFor({ timeout: 60000 });
    await tabTo(page, page.getByRole('button', { name: 'Choose result files (or a .zip of them)' }));
    await pressToChoose(page, 'Enter', page.locator('#team-files'), pileFiles);
    await stepsHeading(page, 'Two key holders: step 1 of 3').waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Save step 1 (a.step)' }), 30);
    const [saved] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), page.keyboard.press('Enter')]);
    assert.equal(saved.suggestedFilename(), 'a.step');
    await tabTo(page, page.getByRole('button', { name: 'Choose the other key holder’s step file' }), 10);
    await pressToChoose(page, 'Enter', page.locator('#steps-file'), join(dir, 'keys-b.step'));
    await tabTo(page, page.getByRole('button', { name: 'Make the team report' }), 30);
    await page.keyboard.press('Enter');
    await page.getByText('The team report is below').waitFor({ timeout: 120000 });
    await context.close();
  });
});

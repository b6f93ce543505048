// From results to action on the team page, with the generated files of two
// rounds (core/examples/gen_team_files.rs): suggestions with their sources
// beside the figures of the first round (nothing for its hidden groups);
// two picked and one written, the plan saved as practice-pulse-plan.json;
// the plan opened with both rounds' files, each action beside its change
// (the same verdict as the report's own trend), and alone; a newer plan
// refused naming the file; the print holds them; axe in light and dark,
// keyboard only, 320 px, nothing requested off the device; and the staff
// page's wasm never carries the suggestions.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, foreignRequests, openApp, root, scrollsSideways, start } from './harness.mjs';
import { program } from './programs.mjs';
import { tabTo } from './pages.mjs';

let env;
let dir;
let spring;
let both;
before(async () => {
  env = await start();
  dir = mkdtempSync(join(tmpdir(), 'action-files-'));
  execFileSync(program('gen_team_files'), [dir], { cwd: root });
  const good = readdirSync(dir).filter((n) => n.startsWith('result-')).sort();
  both = good.map((n) => join(dir, n));
  spring = good.filter((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')).round === '2026 spring').map((n) => join(dir, n));
});
after(async () => { await env?.stop(); });

const FILES = 'Choose result files (or a .zip of them)';
const action = (page) => page.getByRole('region', { name: 'From results to action' });

/** Chooses files with the picker button named `name`, as a person would. */
async function choose(page, name, files) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name, exact: true }).click()]);
  await chooser.setFiles(files);
}

async function openFiles(page, files) {
  await choose(page, FILES, files);
  await page.getByText(`${files.length} result files pooled.`, { exact: false }).waitFor();
}

describe('from results to action', () => {
  it('suggests with sources, saves a plan of two picked and one own action, and sets each beside its change', async () => {
    const { page, context, requests, consoleErrors } = await openApp(env, {}, `${env.origin}/team/`);
    await openFiles(page, spring);

    // Beside the abuse module's figures (above the NHS Staff Survey's
    // share): the reporting route first, with its source and licence.
    const abuse = action(page).getByRole('region', { name: 'Suggestions: Abuse experienced (2026 spring)' });
    const first = abuse.getByRole('listitem').filter({ hasText: 'reporting abuse' }).first();
    await first.waitFor();
    const suggested = abuse.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Add to the plan' }) });
    assert.match(await suggested.first().innerText(), /route for reporting abuse/);
    assert.match(await first.innerText(), /above the published (14\.7|27\.8)%/);
    const standard = first.getByRole('link', { name: /Violence Prevention and Reduction Standard/ });
    assert.equal(await standard.getAttribute('href'), 'https://www.england.nhs.uk/long-read/violence-prevention-and-reduction-standard/');
    assert.match(await first.innerText(), /Open Government Licence v3\.0/);
    // TPS: Edmondson's practices and the study, each with its source.
    const tps = action(page).getByRole('region', { name: 'Suggestions: Team psychological safety (2026 spring)' });
    await tps.getByRole('link', { name: /Edmondson AC\. The Fearless Organization/ }).first().waitFor();
    // The report's detail links each measure with suggestions to them; the
    // sources' numbered list is the print's alone.
    const detail = page.getByRole('region', { name: 'Round: 2026 spring' });
    const link = detail.getByRole('link', { name: 'What could help with Team psychological safety: suggestions under From results to action' });
    assert.equal(await link.getAttribute('href'), '#suggest-tps');
    assert.equal(await page.locator('#suggest-tps').innerText(), 'Suggestions: Team psychological safety (2026 spring)');
    assert.equal(await action(page).getByRole('heading', { name: 'Sources of the suggestions' }).isVisible(), false);
    // Spring hides Secretaries and Not given: no suggestion names them.
    const text = await action(page).innerText();
    assert.doesNotMatch(text, /Secretaries|Not given/);
    assert.match(text, /Reception: average/);

    // Pick two suggestions for TPS and write one of our own.
    const picks = tps.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Add to the plan' }) });
    const picked = [await picks.nth(0).locator('p').first().innerText(), await picks.nth(1).locator('p').first().innerText()];
    await picks.nth(0).getByRole('button', { name: 'Add to the plan' }).click();
    await picks.nth(1).getByRole('button', { name: 'Add to the plan' }).click();
    await page.getByLabel('Your own action').fill('A shared lunch for reception on Tuesdays, with cover arranged.');
    await page.getByLabel('The measure it answers').selectOption({ label: 'Team psychological safety' });
    await page.getByRole('button', { name: 'Add your own action' }).click();
    for (const [n, owner, month] of [[1, 'practice manager', '2027-03'], [2, 'reception lead', '2027-01']]) {
      const item = page.getByRole('group', { name: `Action ${n}` });
      await item.getByLabel('Owner (a role)').fill(owner);
      await item.getByLabel('Review month').fill(month);
    }
    // Saving with an action lacking its owner and month names them.
    await page.getByRole('button', { name: 'Save the plan (practice-pulse-plan.json)' }).click();
    await page.getByRole('alert').getByText('Action 3: owner: is empty').waitFor();
    await page.getByRole('alert').getByText(/Action 3: review: must be a month/).waitFor();
    const third = page.getByRole('group', { name: 'Action 3' });
    await third.getByLabel('Owner (a role)').fill('partner GP');
    await third.getByLabel('Review month').fill('2027-02');
    assert.deepEqual(await axeViolations(page), [], 'axe, light, with suggestions and a plan');
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save the plan (practice-pulse-plan.json)' }).click(),
    ]);
    assert.equal(saved.suggestedFilename(), 'practice-pulse-plan.json');
    const planPath = join(dir, '..', `${dir.split('/').pop()}-plan.json`);
    await saved.saveAs(planPath);
    const plan = JSON.parse(readFileSync(planPath, 'utf8'));
    assert.equal(plan.format, 'practice-pulse-plan');
    assert.equal(plan.format_version, 1);
    assert.equal(plan.baseline_round, '2026 spring');
    assert.deepEqual(plan.actions.map((a) => a.text), [...picked, 'A shared lunch for reception on Tuesdays, with cover arranged.']);
    assert.deepEqual(plan.actions.map((a) => [a.owner, a.review, a.measure]),
      [['practice manager', '2027-03', 'tps'], ['reception lead', '2027-01', 'tps'], ['partner GP', '2027-02', 'tps']]);
    assert.equal(plan.actions[2].suggestion, null);
    assert.doesNotMatch(readFileSync(planPath, 'utf8'), /mean|"n"|answers/, 'no figures, no answers');

    // The next round: both rounds' files, then the plan.
    await page.getByRole('button', { name: 'Clear and start again' }).click();
    await openFiles(page, both);
    await page.getByLabel('Open a plan (practice-pulse-plan.json)').setInputFiles(planPath);
    const table = page.getByRole('table', { name: 'The plan from 2026 spring: each action beside its change' });
    await table.waitFor();
    // The report's own verdict for everyone's TPS, spring to autumn.
    const trend = page.getByRole('table', { name: 'Team psychological safety', exact: true })
      .getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'All', exact: true }) });
    const verdict = (await trend.getByRole('cell').last().innerText()).trim().toLowerCase();
    const rows = table.getByRole('row');
    assert.equal(await rows.count(), 4);
    for (let i = 1; i <= 3; i++) {
      const cells = await rows.nth(i).getByRole('cell').allInnerTexts();
      assert.equal(cells[0], plan.actions[i - 1].text);
      assert.equal(cells[3], 'Team psychological safety, All');
      assert.match(cells[4], /^2026 spring \d+\.\d, 2026 autumn \d+\.\d: /);
      const said = cells[4].toLowerCase();
      const same = { 'no clear change': 'no clear change', 'clear increase': 'a clear rise', 'clear decrease': 'a clear fall' }[verdict];
      assert.ok(same && said.includes(same), `${cells[4]} agrees with the report's "${verdict}"`);
      assert.match(said, /95% interval -?\d+\.\d to -?\d+\.\d/);
    }
    // The print carries the suggestions and the plan, without the controls;
    // each suggestion gives its source's number in the list after them.
    await page.emulateMedia({ media: 'print' });
    const listed = await action(page).locator('.action__sources li').allInnerTexts();
    assert.ok(listed.some((l) => /^Edmondson AC\. The Fearless Organization.*\(Copyright book/.test(l)), listed.join('\n'));
    const tpsNow = action(page).getByRole('region', { name: 'Suggestions: Team psychological safety (2026 autumn)' });
    const firstText = await tpsNow.locator('.action__suggestion p').first().innerText();
    const [, number] = firstText.match(/\[(\d+)\]$/);
    assert.ok(Number(number) >= 1 && Number(number) <= listed.length, firstText);
    assert.ok(await action(page).getByRole('region', { name: 'Suggestions: Team psychological safety (2026 autumn)' }).isVisible());
    assert.ok(await table.isVisible());
    assert.equal(await page.getByRole('button', { name: 'Add to the plan' }).first().isVisible(), false);
    assert.equal(await page.getByLabel('Open a plan (practice-pulse-plan.json)').isVisible(), false);
    await page.emulateMedia({ media: 'screen' });

    // A plan of a newer format: refused naming the file; the open plan stays.
    const newer = join(dir, '..', 'newer-plan.json');
    writeFileSync(newer, readFileSync(planPath, 'utf8').replace('"format_version": 1', '"format_version": 2'));
    await page.getByLabel('Open a plan (practice-pulse-plan.json)').setInputFiles(newer);
    await page.getByText(/newer-plan\.json is a plan of format version 2, newer than this Practice Pulse reads/).waitFor();
    assert.ok(await table.isVisible(), 'a refused plan changes nothing already open');

    assert.deepEqual(foreignRequests(requests, env.origin), [], 'nothing leaves the device');
    assert.deepEqual(consoleErrors, []);
    await context.close();

    // The plan alone: each action, and what to open to compare.
    const alone = await openApp(env, {}, `${env.origin}/team/`);
    await alone.page.getByLabel('Open a plan (practice-pulse-plan.json)').setInputFiles(planPath);
    const lonely = alone.page.getByRole('table', { name: 'The plan from 2026 spring: each action beside its change' });
    await lonely.waitFor();
    assert.deepEqual((await lonely.getByRole('row').allInnerTexts()).slice(1).map((r) => r.split('\t').pop()),
      Array(3).fill('Open the files of 2026 spring too, to compare.'));
    await alone.context.close();
  });

  it('works by keyboard at 320 px in the dark, passes axe, and stays out of the staff page', async () => {
    const { page, context, requests } = await openApp(env, { viewport: { width: 320, height: 700 }, colorScheme: 'dark', reducedMotion: 'reduce' }, `${env.origin}/team/`);
    await openFiles(page, both);
    const tps = action(page).getByRole('region', { name: 'Suggestions: Team psychological safety (2026 autumn)' });
    await tps.waitFor();
    assert.equal(await scrollsSideways(page), false, '320 px');
    // Keyboard only: add a suggestion, give it an owner and a month, save.
    await page.locator('body').focus();
    await tabTo(page, tps.getByRole('button', { name: 'Add to the plan' }).first(), 400);
    await page.keyboard.press('Enter');
    const item = page.getByRole('group', { name: 'Action 1' });
    await item.waitFor();
    await tabTo(page, item.getByLabel('Owner (a role)'), 400);
    await page.keyboard.type('practice manager');
    await tabTo(page, item.getByLabel('Review month'), 5);
    await page.keyboard.type('2027-03');
    await page.keyboard.press('Tab');
    assert.equal(await item.getByLabel('Review month').inputValue(), '2027-03');
    await tabTo(page, page.getByRole('button', { name: 'Save the plan (practice-pulse-plan.json)' }), 40);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.equal(saved.suggestedFilename(), 'practice-pulse-plan.json');
    await page.getByLabel('Open a plan (practice-pulse-plan.json)').setInputFiles(await saved.path());
    await page.getByRole('table', { name: 'The plan from 2026 autumn: each action beside its change' }).waitFor();
    await page.getByText('No later round is open yet.').waitFor();
    assert.equal(await scrollsSideways(page), false, '320 px with the plan open');
    assert.deepEqual(await axeViolations(page), [], 'axe, dark');
    assert.deepEqual(foreignRequests(requests, env.origin), []);
    await context.close();
    // The suggestion catalogue is in the leaders' page's wasm only.
    const wasm = (folder) => readdirSync(folder).filter((n) => n.endsWith('.wasm')).map((n) => readFileSync(join(folder, n)));
    const staff = wasm(join(root, 'dist'));
    const team = wasm(join(root, 'dist', 'team'));
    assert.ok(staff.length > 0 && team.length > 0);
    assert.ok(team.some((b) => b.includes('practice-pulse-suggestions')), 'the team page carries the catalogue');
    assert.ok(staff.every((b) => !b.includes('practice-pulse-suggestions') && !b.includes('dakin-fair-share')), 'the staff page does not');
  });
});

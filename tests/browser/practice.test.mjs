// A practice's configuration: practice.json served beside the app sets the
// support contact, modules and theme; a broken file leaves the defaults and
// names each fault in the console; nothing in the address changes what
// staff see, except choosing a practice's file by a safe name.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, foreignRequests, openApp, scrollsSideways, start } from './harness.mjs';
import { readFile } from 'node:fs/promises';
import { clickStart, download, sectionHeading, skipToResults, tabTo } from './pages.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const CONFIG = {
  format: 'practice-pulse-config', format_version: 1,
  practice: 'Riverside Surgery',
  contact: { text: 'Jo Smith, practice manager, extension 214', link: 'tel:01234567890' },
  modules: ['hse-it'],
  round: '2026 autumn',
  teams: ['Reception', 'Administration', 'Secretaries', 'Clinical'],
  theme: { accent: '#005eb8', background: '#ffffff', text: '#212b32', radius: '4px' },
  min_group_size: 5,
  plan_summary: 'protect a shared break for reception every day, with cover',
};

const support = (page) => page.getByRole('region', { name: 'Where to get support' });

describe('a practice’s configuration', () => {
  it('puts the practice’s contact, modules and theme in force, and no link can override them', async () => {
    env.serve('/practice.json', CONFIG);
    try {
      const { page, context, requests, consoleErrors } = await openApp(env, { colorScheme: 'dark' });
      await page.goto(`${env.origin}/?contact=Evil&contact-link=tel%3A09090909090&plan_summary=Evil`);
      await page.getByText('It takes about 15 minutes').waitFor(); // 38 + 35 HSE questions
      // The team is chosen from the practice's list (never free text) before Start.
      const teams = page.getByRole('group', { name: 'Which team are you in?' });
      assert.deepEqual(await teams.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.labels[0].textContent)),
        ['Reception', 'Administration', 'Secretaries', 'Clinical', 'Prefer not to say']);
      assert.equal(await teams.getByRole('textbox').count(), 0);
      await page.getByText('If you leave this empty, it counts as “Prefer not to say”.').waitFor();
      assert.deepEqual(await axeViolations(page), []);
      await teams.getByRole('radio', { name: 'Secretaries' }).check();
      await clickStart(page);
      await page.getByRole('status').getByText('Section 1 of 7 · 0 of 73 answered').waitFor();
      await skipToResults(page);
      const practice = support(page).getByRole('link', { name: 'Jo Smith, practice manager, extension 214' });
      assert.equal(await practice.getAttribute('href'), 'tel:01234567890');
      assert.equal(await support(page).getByText('Evil').count(), 0);
      // One line of the practice's plan, in its own words, ends the support section.
      await support(page).getByText('Your practice has agreed to protect a shared break for reception every day, with cover').waitFor();
      const colours = await page.evaluate(() => {
        const css = getComputedStyle(document.documentElement);
        return [css.getPropertyValue('--pp-accent').trim(), css.getPropertyValue('--pp-bg').trim(), css.getPropertyValue('--pp-radius').trim()];
      });
      assert.deepEqual(colours, ['#005eb8', '#ffffff', '4px'], 'the theme replaces the dark scheme');
      const file = JSON.parse(await readFile(await (await download(page)).path(), 'utf8'));
      assert.equal(file.format_version, 2);
      assert.equal(file.round, '2026 autumn');
      assert.equal(file.team, 'Secretaries');
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(foreignRequests(requests, env.origin), []);
      assert.ok(requests.some((r) => r.endsWith('/practice.json')), 'the file beside index.html was read');
      assert.deepEqual(consoleErrors, []);
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('lets a team be chosen and the survey started by keyboard alone', async () => {
    env.serve('/practice.json', { ...CONFIG, modules: [] });
    try {
      const { page, context } = await openApp(env);
      const teams = page.getByRole('group', { name: 'Which team are you in?' });
      await teams.waitFor();
      await tabTo(page, teams.getByRole('radio', { name: 'Reception' }), 30);
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      assert.equal(await teams.getByRole('radio', { name: 'Administration' }).isChecked(), true);
      await tabTo(page, page.getByRole('button', { name: 'Start' }), 10);
      await page.keyboard.press('Enter');
      await sectionHeading(page, 'Psychological safety in your team').waitFor();
      await skipToResults(page);
      const file = JSON.parse(await readFile(await (await download(page)).path(), 'utf8'));
      assert.equal(file.team, 'Administration');
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('writes no team for “Prefer not to say”, and still the round', async () => {
    env.serve('/practice.json', { ...CONFIG, modules: [] });
    try {
      const { page, context } = await openApp(env);
      await page.getByRole('group', { name: 'Which team are you in?' }).getByRole('radio', { name: 'Prefer not to say' }).check();
      await clickStart(page);
      await skipToResults(page);
      const file = JSON.parse(await readFile(await (await download(page)).path(), 'utf8'));
      assert.equal(file.round, '2026 autumn');
      assert.equal('team' in file, false);
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('runs on the defaults with a broken file, and names each fault in the console', async () => {
    const broken = structuredClone(CONFIG);
    broken.colour = 'red';
    const faults = structuredClone(CONFIG);
    faults.contact.link = 'javascript:alert(1)';
    faults.theme.text = '#999999';
    for (const [label, body, expected] of [
      ['bad JSON', '{"format": ', ['practice.json is not a usable practice configuration', 'this is not JSON']],
      ['unknown field', broken, ['unknown field `colour`']],
      ['a script link and failing contrast', faults, ['contact.link: start it with https://, mailto: or tel:', 'theme.text: too close to the background to read easily (2.84 to 1']],
    ]) {
      env.serve('/practice.json', body);
      try {
        const { page, context, consoleErrors } = await openApp(env);
        await page.waitForFunction(() => true);
        // Every expected message, waited for (up to 30 s: a slow CI machine is slow).
        const said = () => expected.every((words) => consoleErrors.some((e) => e.includes(words)));
        for (const until = Date.now() + 30000; Date.now() < until && !said();) await page.waitForTimeout(50);
        for (const words of expected) {
          assert.ok(consoleErrors.some((e) => e.includes(words)), `${label}: console names “${words}” (${consoleErrors})`);
        }
        await page.getByText('It takes about 8 minutes').waitFor();
        // The set-up page names each fault of the file in force.
        await page.getByRole('link', { name: 'For practice leaders' }).click();
        const served = page.getByRole('alert').filter({ hasText: 'The practice.json on this site cannot be used' });
        for (const words of expected.slice(-1)) await served.getByText(words, { exact: false }).first().waitFor();
        await page.getByRole('link', { name: 'Back to the survey' }).click();
        await clickStart(page);
        await skipToResults(page);
        assert.equal(await support(page).getByText('At your practice').count(), 0, `${label}: no contact`);
        await context.close();
      } finally {
        env.unserve('/practice.json');
      }
    }
  });

  it('reads practices/NAME.json for ?practice=NAME, and nothing for a name that is not safe', async () => {
    env.serve('/practices/riverside.json', { ...CONFIG, modules: [], teams: [] });
    try {
      const { page, context, requests } = await openApp(env);
      await page.goto(`${env.origin}/?practice=riverside`);
      await clickStart(page);
      await skipToResults(page);
      await support(page).getByRole('link', { name: 'Jo Smith, practice manager, extension 214' }).waitFor();
      requests.length = 0;
      await page.goto(`${env.origin}/?practice=..%2Fpractices%2Friverside`);
      await page.getByRole('heading', { level: 1, name: 'This link is not right' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Start' }).count(), 0, 'no survey for an unsafe name');
      assert.ok(!requests.some((r) => r.includes('.json')), `no file fetched for an unsafe name (${requests})`);
      await context.close();
    } finally {
      env.unserve('/practices/riverside.json');
    }
  });

  it('never swaps the practice\'s configuration for the defaults through a crafted ?practice= link', async () => {
    // practice.json asks the team question and sets the minimum group to 7;
    // a link naming a practice with no file must not fall back to the
    // defaults (no team question, no round, no contact, k = 5).
    env.serve('/practice.json', { ...CONFIG, min_group_size: 7 });
    try {
      const { page, context } = await openApp(env);
      for (const query of ['?practice=zzz', '?practice=', '?practice=zzz&practice=riverside']) {
        await page.goto(`${env.origin}/${query}`);
        await page.getByRole('heading', { level: 1, name: 'This link is not right' }).waitFor();
        await page.getByText('Ask your practice for the link to its survey.').waitFor();
        assert.equal(await page.getByRole('button', { name: 'Start' }).count(), 0, `${query}: no survey`);
        assert.deepEqual(await axeViolations(page), [], query);
        await page.goto(`${env.origin}/team/${query}`);
        await page.getByRole('heading', { level: 1, name: 'This link is not right' }).waitFor();
        assert.equal(await page.getByLabel('Smallest group shown', { exact: false }).count(), 0, `${query}: no report`);
        assert.deepEqual(await axeViolations(page), [], `team/${query}`);
      }
      // The plain address still reads practice.json.
      await page.goto(`${env.origin}/team/`);
      await page.getByRole('heading', { level: 1, name: 'Team results' }).waitFor();
      assert.equal(await page.getByRole('heading', { name: 'This link is not right' }).count(), 0);
      await context.close();
      // The message itself, dark and at 320 px: axe, no sideways scroll,
      // no request off the device.
      const narrow = await openApp(env, { viewport: { width: 320, height: 640 }, colorScheme: 'dark' }, `${env.origin}/?practice=zzz`);
      for (const path of ['/?practice=zzz', '/team/?practice=zzz']) {
        await narrow.page.goto(env.origin + path);
        await narrow.page.getByRole('heading', { level: 1, name: 'This link is not right' }).waitFor();
        assert.deepEqual(await axeViolations(narrow.page), [], `${path}, dark`);
        assert.equal(await scrollsSideways(narrow.page), false, `${path} at 320 px`);
      }
      assert.deepEqual(foreignRequests(narrow.requests, env.origin), []);
      await narrow.context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });
});

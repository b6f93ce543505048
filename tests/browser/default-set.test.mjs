// The default set end to end by keyboard alone, every score checked against
// a value worked by hand from its published rule; descriptive modules shown
// as answers; optional modules and a leader's own questionnaire.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { axeViolations, openApp, root, scrollsSideways, start } from './harness.mjs';
import { DEFAULT_SECTIONS, DESK_DEFINITION, answerSectionByKeyboard, download, openPage, openSurvey, sectionHeading, skipToResults, tabTo } from './pages.mjs';

// Option positions (1-based, in the order shown) for each section, and the
// score each gives, worked by hand:
const PLAN = [
  {
    // TPS: 2,6,3,5,1,7,5 → 1, 3, 5 reversed (8 − x): 6,6,5,5,7,7,5 = 41 / 7 = 5.857.
    section: 'Psychological safety in your team',
    positions: [2, 6, 3, 5, 1, 7, 5],
    scores: [['Team psychological safety', 'Your score is 5.9 on a scale from 1 to 7.', null]],
  },
  {
    // CBI work: items 1–3 "To a very high degree"… (100,75,50), items 4–7
    // "Always"… : 25, 0, 50, and item 7 at "Often" (75) reversed to 25:
    // 100+75+50+25+0+50+25 = 325 / 7 = 46.43 → below 50.
    section: 'Work-related burnout',
    positions: [1, 2, 3, 4, 5, 3, 2],
    scores: [['Work-related burnout', 'Your score is 46.4 on a scale from 0 to 100.', 'Below 50']],
  },
  {
    // CBI patient: 75, 75, 50, 50, 100, 25 = 375 / 6 = 62.5 → high.
    section: 'Patient-related burnout',
    positions: [2, 2, 3, 3, 1, 4],
    scores: [['Patient-related burnout', 'Your score is 62.5 on a scale from 0 to 100.', 'High (50 or above)']],
  },
  {
    // WHO-5: "Most of the time" 4, "More than half" 3, 3, "Less than half" 2,
    // "Some of the time" 1 = 13 × 4 = 52 → above 50.
    section: 'Wellbeing (WHO-5)',
    positions: [2, 3, 3, 4, 5],
    scores: [['Wellbeing (WHO-5)', 'Your score is 52 on a scale from 0 to 100.', 'Above 50']],
  },
  {
    section: 'Abuse from patients and the public',
    positions: [3, 2, 1, 1, 1, 1, 2],
    told: [
      ['Verbal abuse or insults in person', '2–5 times'],
      ['Verbal abuse on the phone', 'Once'],
      ['Physical violence', 'Never'],
      ['Did you report the most recent incident?', 'Yes'],
      ['Did you feel supported by the practice afterwards?', 'Partly'],
    ],
  },
  {
    section: 'Translation work and its burden',
    positions: [4, 3, 2, 3, 4, 4],
    told: [
      ['Helping patients understand and find their way through the practice and the NHS', 'A lot'],
      ['Passing clinical information between clinicians and patients', 'Some'],
      ['Compared with a year ago, this work is:', 'More'],
      ['How often is this work interrupted or split across many tasks?', 'Often'],
    ],
  },
];

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/**
 * Completes the default set with the keyboard only (PLAN), checks every
 * score shown against its hand-worked value, and the downloaded file's too.
 */
async function completeByKeyboardAndCheck(page) {
    await tabTo(page, page.getByRole('button', { name: 'Start' }));
    await page.keyboard.press('Enter');
    for (const [index, step] of PLAN.entries()) {
      const heading = sectionHeading(page, step.section);
      await heading.waitFor();
      assert.equal(await heading.evaluate((el) => el === document.activeElement), true, `focus on the heading of ${step.section}`);
      await page.getByRole('status').getByText(`Section ${index + 1} of 6`).waitFor();
      await answerSectionByKeyboard(page, step.positions);
      const forward = page.getByRole('button', { name: index === PLAN.length - 1 ? 'See my results' : 'Next' });
      await tabTo(page, forward, 3);
      await page.keyboard.press('Enter');
    }
    await page.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();

    for (const step of PLAN.filter((s) => s.scores)) {
      for (const [title, sentence, band] of step.scores) {
        const card = page.getByRole('article', { name: title, exact: true });
        await card.getByText(sentence).waitFor();
        if (band) assert.equal(await card.getByText(band).count(), 1, `${title} band ${band}`);
        // Said once, above the cards, not on each.
        else assert.equal(await card.getByText('not rated as good or bad').count(), 0);
      }
    }
    const section = (name) => page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) });
    for (const step of PLAN.filter((s) => s.told)) {
      const part = section(step.section);
      assert.equal(await part.getByText('not a validated scale').count() > 0, true, `${step.section} says it is not validated`);
      for (const [item, answer] of step.told) {
        const term = part.getByRole('term').filter({ hasText: item });
        assert.equal(await term.count(), 1, item);
        assert.equal((await term.locator('xpath=following-sibling::dd[1]').textContent()).trim(), answer, item);
      }
    }

    const file = JSON.parse(await readFile(await (await download(page)).path(), 'utf8'));
    const scores = Object.fromEntries(file.instruments.map((i) => [i.id, i.scores]));
    assert.ok(Math.abs(scores.tps.tps - 41 / 7) < 1e-9);
    assert.ok(Math.abs(scores['cbi-work']['cbi-work'] - 325 / 7) < 1e-9);
    assert.equal(scores['cbi-patient']['cbi-patient'], 62.5);
    assert.equal(scores.who5.who5, 52);
    assert.deepEqual(scores.abuse, {}, 'descriptive modules carry answers, never a score');
    assert.deepEqual(file.instruments.map((i) => [i.id, i.version]), [
      ['tps', 1], ['cbi-work', 1], ['cbi-patient', 1], ['who5', 1], ['abuse', 1], ['translation', 1],
    ]);
}

describe('the default set', () => {
  it('is completed by keyboard alone and every score shown matches the hand-worked value', async () => {
    const { page, context, consoleErrors } = await openApp(env);
    await completeByKeyboardAndCheck(page);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  it('works the same as one HTML file opened from disk, with no request but the file', async () => {
    const url = pathToFileURL(join(root, 'dist', 'practice-pulse.html')).href;
    const { page, context, requests, consoleErrors } = await openApp(env, {}, url);
    await page.getByRole('heading', { level: 1, name: 'How is work for you?' }).waitFor();
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /connect-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|https?:|\*|'self'/);
    await completeByKeyboardAndCheck(page);
    assert.deepEqual(requests.filter((r) => r !== url && !r.startsWith('blob:') && !r.startsWith('data:')), [], 'only the file itself');
    assert.deepEqual(consoleErrors, [], 'no console errors (a CSP violation would be one)');
    await context.close();
  });


  it('lists every questionnaire with its source, and optional modules join the survey when switched on', async () => {
    const { page, context } = await openApp(env);
    await openPage(page, 'Questionnaires');
    for (const title of [...DEFAULT_SECTIONS, 'Personal burnout', 'Work pressures (HSE Indicator Tool)']) {
      assert.equal(await page.getByRole('heading', { level: 2, name: title, exact: true }).count(), 1, title);
    }
    const abuse = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Abuse from patients and the public' }) });
    await abuse.getByText('A descriptive module: not a validated scale.').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.equal(await scrollsSideways(page), false);

    const hse = page.getByRole('checkbox', { name: 'Include “Work pressures (HSE Indicator Tool)” in the survey' });
    assert.equal(await hse.isChecked(), false, 'optional modules start off');
    await hse.check();
    await openSurvey(page);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('status').getByText('Section 1 of 7 · 0 of 73 answered').waitFor();
    await skipToResults(page);
    await page.getByRole('heading', { level: 2, name: 'Work pressures (HSE Indicator Tool)' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Demands', exact: true }).waitFor();
    await context.close();
  });

  it('adds a leader’s own questionnaire when valid, and names every fault when not', async () => {
    const { page, context } = await openApp(env);
    await openPage(page, 'Questionnaires');
    const own = structuredClone(DESK_DEFINITION);
    const broken = structuredClone(own);
    broken.id = 'broken-desk';
    broken.items[1].id = 'q1';
    broken.scores[0].items = ['q1', 'q7'];
    const picker = page.getByLabel('Questionnaire definition file (JSON)');
    await picker.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    const alert = page.getByRole('alert');
    await alert.getByText('broken.json is not a usable instrument definition:').waitFor();
    await alert.getByText('items[1].id: "q1" is used twice').waitFor();
    await alert.getByText('scores[0].items[1]: names item "q7", which is not defined').waitFor();
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Our front desk' }).count(), 0, 'nothing of an invalid file is used');
    assert.deepEqual(await axeViolations(page), []);

    await picker.setInputFiles({ name: 'desk.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(own)) });
    await page.getByRole('status').getByText('Added “Our front desk”. It is included in the survey.').waitFor();
    assert.equal(await page.getByRole('checkbox', { name: 'Include “Our front desk” in the survey' }).isChecked(), true);
    await openSurvey(page);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('status').getByText('Section 1 of 7 · 0 of 40 answered').waitFor();
    for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Next' }).click();
    await sectionHeading(page, 'Our front desk').waitFor();
    await page.getByRole('group', { name: 'The queue is manageable.' }).getByRole('radio', { name: 'Agree', exact: true }).check();
    await page.getByRole('group', { name: 'I can take a break when I need one.' }).getByRole('radio', { name: 'Disagree' }).check();
    await skipToResults(page);
    // (2 + 1) / 2 = 1.5 on 1–2.
    await page.getByRole('article', { name: 'Front desk', exact: true })
      .getByText('Your score is 1.5 on a scale from 1 to 2.').waitFor();
    await context.close();
  });
});

// Results that care for the person (issue 21): support first when a score
// is in a concern band, a kind word when abuse is told of with the
// practice's own way to report it, every change of answers announced
// before the question, what to do with a saved file, an empty team that
// counts as "Not given", no leaders' links on question screens, one
// "no validated cut-off", sources in disclosures, each card titled once,
// and a welcome whose Start is on a phone's first screen. Each new screen
// passes axe in light and dark, fits 320 px, works by keyboard and sends
// nothing off the device.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { axeViolations, foreignRequests, openApp, outputDir, scrollsSideways, start } from './harness.mjs';
import { clickStart, download, expectFocused, question, sectionHeading, skipToReview, tabTo } from './pages.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const shots = join(outputDir, 'screens');
mkdirSync(shots, { recursive: true });

/**
 * Answers the six default sections in the wide layout: for each section,
 * a function from the question's position to the option's position
 * (0-based), then on to the results, shown at `viewport` (a phone's, say).
 */
async function answerSections(page, pick, viewport) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const choose of pick) {
    // The whole section shows once the page has seen the wider screen.
    await page.getByRole('group').nth(1).waitFor();
    const groups = await page.getByRole('group').all();
    for (const [i, group] of groups.entries()) await group.getByRole('radio').nth(choose(i)).check();
    const see = page.getByRole('button', { name: 'See my results' });
    if (await see.isVisible()) await see.click();
    else await page.getByRole('button', { name: 'Next' }).click();
  }
  await page.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
  await page.setViewportSize(viewport ?? size);
}

const first = () => 0;
const last = () => 4;
// TPS, work burnout, patient burnout, WHO-5, abuse, translation.
const CALM = [() => 3, last, last, first, first, first];
const BURNT_OUT = [() => 3, first, last, first, first, first];
const LOW_MOOD = [() => 3, last, last, () => 5, first, first];
// Threatened once ("Once" on the fourth abuse question); nothing else.
const THREATENED = [() => 3, last, last, first, (i) => (i === 3 ? 1 : 0), first];

const support = (page) => page.getByRole('region', { name: 'Where to get support' });
const abuse = (page) => page.getByRole('region', { name: 'You told us about abuse at work' });

/** Whether `a` comes before `b` in the page. */
async function before_(a, b) {
  const other = await b.elementHandle();
  return a.evaluate((x, y) => Boolean(x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING), other);
}

// The public key line of core/tests/fixtures/holder-key-v1.key.
const HOLDER = 'pulse-holder-1:JdAFt_augSDdNaCtRASu8ZPIjB3jxXjV4k-ppSD5GiRF3tj3';
const REPORTING = { text: 'Tell Sam Patel, practice manager, the same day', link: 'https://riverside.example/report' };
const CONFIG = {
  format: 'practice-pulse-config', format_version: 1,
  contact: { text: 'Jo Smith, practice manager, extension 214', link: 'tel:01234567890' },
  abuse_reporting: REPORTING,
  teams: ['Reception', 'Administration'],
};

describe('results that care for the person', () => {
  it('puts support first, with working tel: and sms: links, when burnout is high', async () => {
    const { page, context, requests } = await openApp(env, { viewport: { width: 390, height: 844 } });
    await clickStart(page);
    await answerSections(page, BURNT_OUT);
    const panel = support(page);
    await panel.getByText('Some of your answers suggest things are hard for you right now.').waitFor();
    assert.ok(await before_(panel, page.getByRole('article').first()), 'support comes before the first score card');
    const links = {
      'Call 116 123': 'tel:116123',
      'Text SHOUT to 85258': 'sms:85258?body=SHOUT',
      'Call 111': 'tel:111',
      'Call 0300 0303 300': 'tel:03000303300',
      'Call 999': 'tel:999',
      'samaritans.org': 'https://www.samaritans.org/',
      'giveusashout.org': 'https://giveusashout.org/',
      'practitionerhealth.nhs.uk': 'https://www.practitionerhealth.nhs.uk/',
    };
    for (const [name, href] of Object.entries(links)) {
      assert.equal(await panel.getByRole('link', { name, exact: true }).getAttribute('href'), href, name);
    }
    for (const href of await panel.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      assert.match(href, /^tel:\+?\d+$/, 'a tel: link a phone can dial');
    }
    // Where each number was checked, one tap away.
    const checked = panel.getByText('samaritans.org, How to contact us, checked 2026-11');
    assert.equal(await checked.isVisible(), false);
    await panel.getByText('Where these numbers come from').click();
    await checked.waitFor();
    // The link at the top of the results leads to it, by keyboard too.
    const top = page.getByRole('link', { name: 'Where to get support', exact: true });
    assert.equal(await top.getAttribute('href'), '#support');
    assert.ok(await before_(top, panel), 'the link is at the top');
    assert.equal(await abuse(page).count(), 0, 'no word about abuse when none was told of');
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(shots, 'care-support-first.png'), fullPage: true });
    await page.getByRole('heading', { level: 1, name: 'Your results' }).focus();
    await tabTo(page, top, 5);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => location.hash), '#support');
    assert.ok(await panel.evaluate((el) => el.getBoundingClientRect().top < innerHeight), 'the support is in view');
    assert.deepEqual(foreignRequests(requests, env.origin), []);
    await context.close();
  });

  it('says it more strongly for a WHO-5 of 28 or below, and keeps support after the scores when none is a concern', async () => {
    const { page, context } = await openApp(env, { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    await clickStart(page);
    await answerSections(page, LOW_MOOD);
    await support(page).getByText('Please talk to your GP soon.').waitFor();
    assert.ok(await before_(support(page), page.getByRole('article').first()));
    assert.deepEqual(await axeViolations(page), [], 'axe, dark');

    await context.close();
    const { page: calm, context: other } = await openApp(env, { viewport: { width: 1280, height: 900 } });
    await clickStart(calm);
    await answerSections(calm, CALM);
    assert.equal(await support(calm).getByText('Some of your answers suggest').count(), 0);
    assert.ok(await before_(calm.getByRole('article').last(), support(calm)), 'support after the scores');
    // The link to it is at the top of every results screen.
    assert.equal(await calm.getByRole('link', { name: 'Where to get support', exact: true }).getAttribute('href'), '#support');
    await other.close();
  });

  it('says "no validated cut-off" once, keeps sources in a disclosure and titles each card once', async () => {
    const { page, context } = await openApp(env, { viewport: { width: 1280, height: 900 } });
    await clickStart(page);
    await answerSections(page, BURNT_OUT);
    const main = page.getByRole('main');
    assert.equal(await main.getByText(/no validated cut-off/i).count(), 1);
    const source = main.getByText(/Borritz M, Kristensen TS \(2004\)/).first();
    assert.equal(await source.isVisible(), false, 'sources are folded away');
    const card = page.getByRole('article').filter({ hasText: 'Scores of 50 or above are commonly read as high burnout' }).first();
    await card.getByText('Sources', { exact: true }).click();
    assert.equal(await card.getByText(/Borritz M, Kristensen TS \(2004\)/).isVisible(), true);
    const headings = await main.getByRole('heading').allTextContents();
    const twice = headings.filter((h, i) => headings.indexOf(h) !== i);
    assert.deepEqual(twice, [], 'no heading says the same as another');
    assert.ok(headings.includes('Wellbeing (WHO-5)'));
    await context.close();
  });

  it('acknowledges abuse kindly, with the practice’s own way to report it', async () => {
    env.serve('/practice.json', CONFIG);
    try {
      for (const colorScheme of ['light', 'dark']) {
        const { page, context, requests } = await openApp(env, { viewport: { width: 390, height: 844 }, colorScheme });
        await clickStart(page);
        await answerSections(page, THREATENED);
        const note = abuse(page);
        await note.getByText('No one should be abused or hurt at work. It is not part of your job.').waitFor();
        const route = note.getByRole('link', { name: REPORTING.text });
        assert.equal(await route.getAttribute('href'), REPORTING.link);
        assert.equal(await note.getByRole('link', { name: 'If it has upset you, you can get support.' }).getAttribute('href'), '#support');
        // The practice's contact is with the support too.
        assert.equal(await support(page).getByRole('link', { name: CONFIG.contact.text }).getAttribute('href'), 'tel:01234567890');
        assert.deepEqual(await axeViolations(page), [], `axe (${colorScheme})`);
        assert.equal(await scrollsSideways(page), false);
        await page.screenshot({ path: join(shots, `care-abuse-${colorScheme}.png`), fullPage: true });
        assert.deepEqual(foreignRequests(requests, env.origin), []);
        await context.close();
      }
    } finally {
      env.unserve('/practice.json');
    }
    // Without a route from the practice, a sensible default.
    const { page, context } = await openApp(env, { viewport: { width: 320, height: 640 } });
    await clickStart(page);
    await answerSections(page, THREATENED);
    await abuse(page).getByText('Tell your practice manager, or someone you trust at work.').waitFor();
    assert.equal(await scrollsSideways(page), false, '320 px');
    await context.close();
  });

  it('says what to do with a saved file, and never claims the download happened', async () => {
    const { page, context } = await openApp(env);
    await clickStart(page);
    await answerSections(page, CALM);
    await download(page);
    const offer = page.getByRole('status').filter({ hasText: 'What to do with the file' });
    const paragraphs = await offer.locator('p').allTextContents();
    assert.match(paragraphs.at(-1), /^What to do with the file: /, 'what to do comes last');
    assert.ok(paragraphs.some((p) => p.startsWith('If no file appeared')), 'what to do if no file appeared');
    assert.equal(await page.getByText(/download has started|browser shows where/i).count(), 0);
    await context.close();
    // The practice's own words when it set up a hand-in: beside "Hand in
    // to the practice"; one's own copy is then said not to be for handing in.
    const how = 'Email it to surveys@riverside.example: nobody reading that mailbox can open it';
    env.serve('/practice.json', { format: 'practice-pulse-config', format_version: 1, hand_in: { holders: [HOLDER], how } });
    try {
      const { page: other, context: second } = await openApp(env);
      await clickStart(other);
      await answerSections(other, CALM);
      await download(other);
      await other.getByText(`What to do with the file: ${how}`).waitFor();
      const said = await other.getByRole('status').filter({ hasText: 'What to do with the file' }).locator('p').allTextContents();
      assert.equal(said.at(-1), 'What to do with the file: Keep it for yourself. It is not locked, so do not hand it in: use “Hand in to the practice” for that.');
      await second.close();
    } finally {
      env.unserve('/practice.json');
    }
  });
});

describe('answers that cannot be mis-tapped', () => {
  it('announces every change of answers before the question that uses it', async () => {
    const { page, context } = await openApp(env, { viewport: { width: 1280, height: 900 } });
    await clickStart(page);
    const notes = () => page.getByRole('note').filter({ hasText: 'The answers change here' });
    const expected = [
      ['Psychological safety in your team', []],
      ['Work-related burnout', [['Do you feel worn out at the end of the working day?', 'They now go from “Always” to “Never or almost never”.']]],
      ['Patient-related burnout', [['Are you tired of working with patients?', 'They now go from “Always” to “Never or almost never”.']]],
      ['Wellbeing (WHO-5)', []],
      ['Abuse from patients and the public', [[/did you report/i, 'They now go from “Yes” to “Not applicable”.'], [/supported/i, 'to “Not applicable”.']]],
      ['Translation work and its burden', [[/year ago/i, null], [/interrupted/i, null]]],
    ];
    for (const [section, changes] of expected) {
      await sectionHeading(page, section).waitFor();
      assert.equal(await notes().count(), changes.length, `${section}: one note per change`);
      for (const [i, [item, words]] of changes.entries()) {
        const note = notes().nth(i);
        if (words) assert.ok((await note.textContent()).includes(words), `${section}: ${await note.textContent()}`);
        const group = question(page, item);
        assert.ok(await before_(note, group), `${section}: the note comes before the question`);
        const id = await note.getAttribute('id');
        assert.equal(await group.getAttribute('aria-describedby'), id, `${section}: the question is described by the note`);
      }
      if (section === 'Work-related burnout') {
        assert.deepEqual(await axeViolations(page), []);
        await page.screenshot({ path: join(shots, 'care-answers-change.png'), fullPage: true });
      }
      const see = page.getByRole('button', { name: 'See my results' });
      if (await see.isVisible()) await see.click();
      else await page.getByRole('button', { name: 'Next' }).click();
    }
    await context.close();
  });

  it('keeps the answers in one place on a phone, one question at a time', async () => {
    const { page, context } = await openApp(env, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await clickStart(page);
    for (let i = 0; i < 7; i++) await page.getByRole('button', { name: 'Next' }).click();
    await sectionHeading(page, 'Work-related burnout').waitFor();
    const tops = [];
    for (let i = 0; i < 7; i++) {
      const group = page.getByRole('group').first();
      // Measured once focus has moved to the question (the page does that
      // on its next frame, and focus may scroll), so both are settled.
      if (i > 0) await expectFocused(group, `question ${i + 1} takes focus`);
      const firstAnswer = group.getByRole('radio').first();
      tops.push(Math.round((await firstAnswer.boundingBox()).y));
      const note = page.getByRole('note').filter({ hasText: 'The answers change here' });
      assert.equal(await note.isVisible(), i === 3, `question ${i + 1}: the note shows only before the first question with new answers`);
      if (i === 3) {
        assert.deepEqual(await axeViolations(page), [], 'axe, dark, phone');
        assert.equal(await scrollsSideways(page), false);
      }
      if (i < 6) await page.getByRole('button', { name: 'Next' }).click();
    }
    assert.equal(new Set(tops).size, 1, `the first answer stays at one height: ${tops}`);
    await context.close();
  });
});

describe('the welcome and the team question', () => {
  it('shows Start on a phone’s first screen, the header on one line at 320 px, and privacy one tap away', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context, requests } = await openApp(env, { viewport: { width: 390, height: 844 }, colorScheme });
      const box = await page.getByRole('button', { name: 'Start' }).boundingBox();
      assert.ok(box.y + box.height <= 844, `Start ends at ${box.y + box.height} px, within 844`);
      const detail = page.getByText('Nothing you answer is sent anywhere');
      assert.equal(await detail.isVisible(), false, 'the privacy detail is folded');
      // By keyboard: the disclosure opens with Enter.
      await tabTo(page, page.getByText('Your answers stay with you'), 10);
      await page.keyboard.press('Enter');
      await detail.waitFor();
      assert.deepEqual(await axeViolations(page), [], `axe (${colorScheme}) with the privacy detail open`);
      await page.screenshot({ path: join(shots, `care-welcome-${colorScheme}.png`), fullPage: true });
      assert.deepEqual(foreignRequests(requests, env.origin), []);
      await context.close();
    }
    const { page, context } = await openApp(env, { viewport: { width: 320, height: 640 } });
    const banner = page.getByRole('banner');
    // Every control still there (the link to the page one is on gives way).
    const oneLine = async (where) => {
      const tops = [];
      for (const control of await banner.getByRole('button').all()) tops.push((await control.boundingBox()).y);
      assert.ok(tops.length >= 2 && Math.max(...tops) - Math.min(...tops) < 4, `${where}: one line: ${tops}`);
      assert.ok((await banner.boundingBox()).height <= 64, `${where}: the header is one line high`);
      assert.equal(await scrollsSideways(page), false, `${where}: fits 320 px`);
    };
    await banner.getByRole('button', { name: 'Clear my answers' }).waitFor();
    await oneLine('survey');
    await banner.getByRole('button', { name: 'Questionnaires' }).click();
    await page.getByRole('heading', { level: 1, name: 'Questionnaires' }).waitFor();
    await oneLine('questionnaires');
    await banner.getByRole('button', { name: 'Survey' }).click();
    await page.getByRole('heading', { level: 1, name: 'How is work for you?' }).waitFor();
    await context.close();
  });

  it('has one quiet leaders’ link, on the welcome, and none on question screens', async () => {
    const { page, context } = await openApp(env);
    const leaders = /practice leaders|team results|^compare$/i;
    const welcomeLinks = await page.getByRole('link').allTextContents();
    assert.deepEqual(welcomeLinks.filter((l) => leaders.test(l.trim())), ['For practice leaders']);
    assert.equal(await page.getByRole('link', { name: 'For practice leaders' }).getAttribute('href'), 'team/#setup');
    await clickStart(page);
    for (let i = 0; i < 3; i++) {
      assert.equal(await page.getByRole('link').count(), 0, 'no link at all on a question screen');
      await page.getByRole('button', { name: 'Next' }).click();
    }
    await context.close();
  });

  it('starts with the team empty, says what empty means, and writes it as “Not given”', async () => {
    env.serve('/practice.json', CONFIG);
    try {
      const { page, context } = await openApp(env, { viewport: { width: 390, height: 844 } });
      const teams = page.getByRole('group', { name: 'Which team are you in?' });
      await teams.waitFor();
      assert.equal(await teams.getByRole('radio', { checked: true }).count(), 0, 'nothing chosen to start with');
      const hint = page.getByText('If you leave this empty, it counts as “Prefer not to say”.');
      assert.equal(await teams.getAttribute('aria-describedby'), await hint.getAttribute('id'));
      assert.deepEqual(await axeViolations(page), []);
      await clickStart(page);
      await page.getByRole('button', { name: 'Back' }).click();
      await page.getByRole('button', { name: 'Start' }).click();
      await sectionHeading(page, 'Psychological safety in your team').waitFor();
      await skipToReview(page);
      await page.getByRole('button', { name: 'See my results' }).click();
      const file = JSON.parse(await readFile(await (await download(page)).path(), 'utf8'));
      assert.equal('team' in file, false, 'no team: the team report counts it as “Not given”');
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });
});

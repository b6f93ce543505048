// Page objects: how a person reaches each screen, by role and accessible name.
import assert from 'node:assert/strict';

export const TPS_ITEMS = [
  'If you make a mistake on this team, it is often held against you.',
  'Members of this team are able to bring up problems and tough issues.',
  'People on this team sometimes reject others for being different.',
  'It is safe to take a risk on this team.',
  'It is difficult to ask other members of this team for help.',
  'No one on this team would deliberately act in a way that undermines my efforts.',
  'Working with members of this team, my unique skills and talents are valued and utilized.',
];

export const ACCURACY_LABELS = [
  'Very inaccurate', 'Mostly inaccurate', 'Slightly inaccurate', 'Neither accurate nor inaccurate',
  'Slightly accurate', 'Mostly accurate', 'Very accurate',
];

/** The default set's section headings, in the order asked. */
export const DEFAULT_SECTIONS = [
  'Psychological safety in your team',
  'Work-related burnout',
  'Patient-related burnout',
  'Wellbeing (WHO-5)',
  'Abuse from patients and the public',
  'Translation work and its burden',
];

/** A practice's own questionnaire, as a leader would write it (two items, a mean score). */
export const DESK_DEFINITION = {
  format: 'practice-pulse-instrument', format_version: 1, id: 'front-desk', version: 1, language: 'en-GB',
  title: 'Our front desk', description: 'Two questions of our own.', instruction: 'Choose one answer for each.',
  citation: 'Written by the practice.', licence: { status: 'project-own', text: 'Ours.' }, validated: false,
  response_scales: [{ id: 'agree', options: [{ value: 1, label: 'Disagree' }, { value: 2, label: 'Agree' }] }],
  items: [
    { id: 'q1', text: 'The queue is manageable.', scale: 'agree' },
    { id: 'q2', text: 'I can take a break when I need one.', scale: 'agree' },
  ],
  scores: [{ id: 'desk', title: 'Front desk', about: 'How the desk feels.', items: ['q1', 'q2'], method: { kind: 'mean' }, min_answered: 2, direction: 'higher-is-better' }],
};

export function question(page, text) {
  return page.getByRole('group', { name: text });
}

export function sectionHeading(page, name) {
  return page.getByRole('heading', { level: 1, name });
}

/** Answers TPS items with the mouse: value n is the n-th option (1-based). */
export async function answerByClick(page, items, values) {
  for (let i = 0; i < items.length; i++) {
    if (values[i] == null) continue;
    await question(page, items[i]).getByRole('radio', { name: ACCURACY_LABELS[values[i] - 1], exact: true }).check();
  }
}

/**
 * Answers TPS items one question at a time (narrow screens): each shown
 * question is answered (value n is the n-th option; null skips) and Next
 * moves on.
 */
export async function answerOneAtATime(page, items, values) {
  for (let i = 0; i < items.length; i++) {
    const group = question(page, items[i]);
    await group.waitFor();
    assert.equal(await page.getByRole('group').count(), 1, 'one question at a time');
    if (values[i] != null) {
      await group.getByRole('radio', { name: ACCURACY_LABELS[values[i] - 1], exact: true }).check();
    }
    if (i < items.length - 1) await page.getByRole('button', { name: 'Next' }).click();
  }
}

/** Presses Next (or See my results) until `heading` shows. */
async function forwardUntil(page, heading) {
  for (let i = 0; i < 120 && !(await heading.isVisible()); i++) {
    const see = page.getByRole('button', { name: 'See my results' });
    if (await see.isVisible()) await see.click();
    else await page.getByRole('button', { name: 'Next' }).click();
  }
  await heading.waitFor();
}

/** From any section, onwards until the review shows (questions left unanswered). */
export async function skipToReview(page) {
  await forwardUntil(page, page.getByRole('heading', { level: 1, name: 'Before you finish' }));
}

/** From any section, onwards until the results show. */
export async function skipToResults(page) {
  await forwardUntil(page, page.getByRole('heading', { level: 1, name: 'Your results' }));
}

/** Presses Tab until `locator` has focus (at most `limit` times). */
export async function tabTo(page, locator, limit = 20) {
  for (let i = 0; i < limit; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${locator}`);
}

/**
 * Waits until `locator` has keyboard focus, failing with `message` if it
 * never does (30 s: a slow CI machine is slow). The app moves focus once
 * the page has drawn the change (on the next animation frame), so a check
 * straight after the heading shows could run before it.
 */
export async function expectFocused(locator, message) {
  const element = await locator.elementHandle();
  await locator.page().waitForFunction((el) => el === document.activeElement, element, { timeout: 30000 })
    .catch(() => assert.fail(message));
}

/**
 * Presses `key` on the focused control and checks that it asks the file
 * input `input` (a locator) to open its chooser: the input gets a click,
 * which is what opens the browser's file dialog. The click is cancelled so
 * no dialog opens (headless Chromium does not always report one to the
 * test, which made a wait for the dialog flaky), then `files` are given to
 * the input as the dialog would.
 */
export async function pressToChoose(page, key, input, files) {
  await input.evaluate((el) => {
    el.dataset.askedToOpen = 'no';
    el.addEventListener('click', (event) => { el.dataset.askedToOpen = 'yes'; event.preventDefault(); }, { once: true, capture: true });
  });
  await page.keyboard.press(key);
  await page.waitForFunction((el) => el.dataset.askedToOpen === 'yes', await input.elementHandle(), { timeout: 30000 });
  await input.evaluate((el) => { delete el.dataset.askedToOpen; });
  await input.setInputFiles(files);
}

/**
 * Answers the section on screen with the keyboard only: for each group in
 * order, Tab enters it on its first option, Space chooses that, and each
 * ArrowDown moves to and chooses the next. `positions` are 1-based option
 * positions (null: skip the question with a second Tab).
 */
export async function answerSectionByKeyboard(page, positions) {
  for (const position of positions) {
    await page.keyboard.press('Tab');
    if (position == null) continue;
    await page.keyboard.press('Space');
    for (let step = 1; step < position; step++) await page.keyboard.press('ArrowDown');
  }
}

export async function openPage(page, name) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

export async function openSurvey(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Survey' }).click();
  await page.getByRole('heading', { level: 1, name: 'How is work for you?' }).waitFor();
}

// On the leaders' page (team/#compare): staff question screens carry no
// leaders' links (the welcome has one), so a person opens its address.
export async function openCompare(page) {
  await page.goto(new URL('team/#compare', page.url()).href);
  await page.getByRole('heading', { level: 1, name: 'Compare result files' }).waitFor();
}

export async function download(page) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download my result' }).click(),
  ]);
  return file;
}

/** Answers "Whose device is this?" (nothing is chosen until a person does). */
export async function chooseDevice(page, name) {
  await page.getByRole('group', { name: 'Whose device is this?' }).getByRole('radio', { name }).check();
}

export async function clickStart(page) {
  await page.getByRole('button', { name: 'Start' }).click();
  await sectionHeading(page, 'Psychological safety in your team').waitFor();
}

/** Answers every question of every section with its n-th option (wide layout). */
export async function answerEverything(page, nth = 1) {
  for (let section = 0; section < 6; section++) {
    for (const group of await page.getByRole('group').all()) await group.getByRole('radio').nth(nth).check();
    const see = page.getByRole('button', { name: 'See my results' });
    if (await see.isVisible()) await see.click();
    else await page.getByRole('button', { name: 'Next' }).click();
  }
  await page.getByRole('heading', { level: 1, name: 'Your results' }).waitFor();
}

/** The practice-pulse keys in this page's localStorage (the device) and sessionStorage (this tab). */
export async function storedKeys(page) {
  return page.evaluate(() => {
    const ours = (s) => Object.keys(s).filter((k) => k.startsWith('practice-pulse'));
    return { device: ours(localStorage), tab: ours(sessionStorage) };
  });
}

/**
 * Waits until the stored keys are `expected` ({ device, tab }); storage is
 * written by an effect just after each change, so a read straight after a
 * click could race it. Fails with what was there.
 */
export async function expectStored(page, expected, message) {
  let seen;
  // Up to 30 s: a slow CI machine is slow.
  for (const until = Date.now() + 30000; Date.now() < until;) {
    seen = await storedKeys(page);
    if (JSON.stringify(seen) === JSON.stringify(expected)) return;
    await page.waitForTimeout(50);
  }
  assert.deepEqual(seen, expected, message);
}

// The set-up page for practice leaders: fill the form (faults beside their
// fields), see a live preview, and use each of the three outputs: the
// practice.json beside the app, the snippet in a host page on another
// origin, and the one-file survey from file://.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { axeViolations, openApp, root, scrollsSideways, start } from './harness.mjs';
import { clickStart, skipToResults, tabTo } from './pages.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

// The set-up is on the leaders' page (team/, its own wasm), reached from
// the survey's welcome.
async function openSetup(options = {}) {
  const opened = await openApp(env, options);
  await opened.page.getByRole('link', { name: 'For practice leaders' }).click();
  await opened.page.getByRole('heading', { level: 1, name: 'Set up Practice Pulse for your practice' }).waitFor();
  assert.equal(await opened.page.title(), 'Set up Practice Pulse for your practice – Practice Pulse');
  return opened;
}

async function saved(download) {
  return readFileSync(await download.path(), 'utf8');
}

describe('the set-up page for practice leaders', () => {
  it('checks as the leader types, previews, and makes three outputs that each work', async () => {
    const { page, context, requests } = await openSetup({ viewport: { width: 1280, height: 900 } });
    const fill = (label, value) => page.getByLabel(label, { exact: true }).fill(value);
    await fill('Practice name', 'Riverside Surgery');
    await fill('Your practice’s support contact', 'Jo Smith, practice manager, extension 214');
    await fill('Contact link (optional)', 'javascript:alert(1)');
    // Each fault names its field as labelled, says what to do, and is the
    // field's description (beside it, linked by aria-describedby).
    const described = (label) => page.getByLabel(label, { exact: true }).evaluate((el) =>
      el.getAttribute('aria-describedby').split(' ').map((id) => document.getElementById(id).textContent).join(' | '));
    const linkFault = 'Contact link (optional): start it with https://, mailto: or tel: (after tel:, only digits, spaces and +), for example tel:01234567890, or leave it empty.';
    await page.getByText(linkFault).waitFor();
    assert.match(await described('Contact link (optional)'), new RegExp(linkFault.replace(/[()+.]/g, '\\$&')));
    // While a fault stands the outputs stay, disabled, saying why.
    const download = page.getByRole('button', { name: 'Download practice.json' });
    assert.equal(await download.isDisabled(), true);
    assert.equal(await download.evaluate((b) => document.getElementById(b.getAttribute('aria-describedby')).textContent),
      'Not ready yet: put right the notes beside the fields above, and this button will work.');
    assert.equal(await page.getByRole('button', { name: 'Download the survey as one file' }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Copy the snippet' }).isDisabled(), false);
    await fill('Contact link (optional)', 'tel:01234567890');
    await page.getByRole('checkbox', { name: 'Include “Work pressures (HSE Indicator Tool)” in the survey' }).check();
    await fill('Round', '2026 autumn');
    await fill('Teams', 'Reception\nAdministration\nSecretaries\nClinical');
    await fill('Accent colour', '#005eb8');
    await fill('Background colour', '#ffffff');
    await fill('Text colour', '#999999');
    const grey = 'Text colour: too close to the background to read easily (2.84 to 1, where at least 4.5 to 1 is needed): choose a darker text colour or a lighter background.';
    await page.getByText(grey).waitFor();
    assert.ok((await described('Text colour')).endsWith(grey));
    assert.deepEqual(await axeViolations(page), [], 'axe with faults shown');
    // Each colour has a picker beside its text, showing the colour typed
    // and writing the colour picked; each colour's hint its own example.
    const picker = page.getByLabel('Text colour: choose with a picker', { exact: true });
    assert.equal(await picker.inputValue(), '#999999');
    await picker.evaluate((p) => { p.value = '#212b32'; p.dispatchEvent(new Event('input', { bubbles: true })); });
    assert.equal(await page.getByLabel('Text colour', { exact: true }).inputValue(), '#212b32');
    await fill('Background colour', 'white');
    await page.getByText('Background colour: "white" is not a colour the page can use; write # and six digits or letters a to f, for example #ffffff.').waitFor();
    await fill('Background colour', '#ffffff');
    const hints = await Promise.all(['Accent colour', 'Background colour', 'Text colour'].map((l) => described(l)));
    assert.equal(new Set(hints).size, 3, hints.join(' / '));
    await fill('Text colour', '#212b32');
    await fill('Corner rounding (optional)', '4px');
    await fill('Smallest group shown in team reports', '5');
    // What the practice agreed to do (plan_summary): one line of its own
    // words after the page's lead, never a figure; checked as the core does.
    const plan = 'What your practice has agreed to do (optional)';
    await fill(plan, 'Your practice has agreed to meet monthly');
    const repeated = `${plan}: the page puts "Your practice has agreed to" before it: give only what follows.`;
    await page.getByText(repeated).waitFor();
    assert.ok((await described(plan)).endsWith(repeated));
    await fill(plan, 'cut phone waits by 20%');
    await page.getByText(`${plan}: must say what the practice agreed to do, never a figure from the results.`).waitFor();
    assert.equal(await download.isDisabled(), true);
    await fill(plan, 'meet every month to share out the phone work');
    await page.getByText('This configuration is ready to use.').waitFor();

    // The live preview is the survey with this configuration.
    const preview = page.frameLocator('iframe[title="Preview of the survey with this configuration"]');
    await preview.getByRole('group', { name: 'Which team are you in?' }).waitFor();
    await preview.getByText('Riverside Surgery staff survey', { exact: true }).waitFor();
    assert.equal(await download.isDisabled(), false);
    // On a wide screen it stands beside the form and stays in view while
    // the form scrolls: at its first field and at its last.
    const frame = page.locator('iframe[title="Preview of the survey with this configuration"]');
    for (const label of ['Practice name', 'Smallest group shown in team reports']) {
      const field = page.getByLabel(label, { exact: true });
      await field.scrollIntoViewIfNeeded();
      const [f, p] = [await field.boundingBox(), await frame.boundingBox()];
      assert.ok(p.x >= f.x + f.width, `the preview is beside ${label}`);
      assert.ok(p.y >= 0 && p.y <= 900 - 400, `the preview is in view (400 px of it at least) at ${label}: ${JSON.stringify(p)}`);
    }
    assert.deepEqual(await axeViolations(page), [], 'axe when ready');
    assert.equal(await scrollsSideways(page), false);

    // 1. practice.json, served beside the app: the survey uses it.
    const [configDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download practice.json' }).click(),
    ]);
    assert.equal(configDownload.suggestedFilename(), 'practice.json');
    const config = JSON.parse(await saved(configDownload));
    assert.deepEqual(config, {
      format: 'practice-pulse-config', format_version: 1, practice: 'Riverside Surgery',
      contact: { text: 'Jo Smith, practice manager, extension 214', link: 'tel:01234567890' },
      modules: ['hse-it'], round: '2026 autumn', teams: ['Reception', 'Administration', 'Secretaries', 'Clinical'],
      theme: { accent: '#005eb8', background: '#ffffff', text: '#212b32', radius: '4px' }, min_group_size: 5,
      plan_summary: 'meet every month to share out the phone work',
    });
    env.serve('/practice.json', config);
    try {
      const staff = await openApp(env);
      // The practice's name over the welcome, and in the page title.
      await staff.page.getByText('Riverside Surgery staff survey', { exact: true }).waitFor();
      assert.equal(await staff.page.title(), 'Riverside Surgery staff survey – Practice Pulse');
      await staff.page.getByRole('group', { name: 'Which team are you in?' }).getByRole('radio', { name: 'Reception' }).check();
      await clickStart(staff.page);
      await staff.page.getByRole('status').getByText('Section 1 of 7').waitFor();
      await skipToResults(staff.page);
      await staff.page.getByRole('region', { name: 'Where to get support' }).getByRole('link', { name: 'Jo Smith, practice manager, extension 214' }).waitFor();
      await staff.page.getByRole('region', { name: 'Where to get support' }).getByText('Your practice has agreed to meet every month to share out the phone work').waitFor();
      await staff.context.close();
    } finally {
      env.unserve('/practice.json');
    }

    // 2. The snippet, pasted as it is into a page on another origin.
    const snippet = await page.getByLabel('2. Paste this snippet into the intranet page where the survey should appear').inputValue();
    assert.equal(snippet, `<iframe src="${env.origin}/" title="Practice Pulse staff survey" data-practice-pulse style="width:100%;border:0"></iframe>\n<script src="${env.origin}/embed.js" async></script>`);
    await page.getByRole('button', { name: 'Copy the snippet' }).click();
    await page.getByRole('status').getByText(/Copied\.|select the snippet and copy it yourself/).waitFor();
    env.host.extra.set('/intranet.html', `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title></head><body>${snippet}</body></html>`);
    const hostPage = await context.newPage();
    await hostPage.goto(`http://127.0.0.2:${env.host.address().port}/intranet.html`);
    const framed = hostPage.frameLocator('iframe[data-practice-pulse]');
    await framed.getByRole('heading', { level: 1, name: 'How is work for you?' }).waitFor();
    await hostPage.waitForFunction(() => document.querySelector('iframe[data-practice-pulse]').getBoundingClientRect().height > 400);

    // 3. The one file, opened from disk: the configuration is inside.
    const [oneFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the survey as one file' }).click(),
    ]);
    assert.equal(oneFile.suggestedFilename(), 'practice-pulse.html');
    const dir = mkdtempSync(join(tmpdir(), 'pulse-'));
    const path = join(dir, 'practice-pulse.html');
    writeFileSync(path, await saved(oneFile));
    const filePage = await context.newPage();
    const fileRequests = [];
    filePage.on('request', (r) => fileRequests.push(r.url()));
    await filePage.goto(pathToFileURL(path).href);
    await filePage.getByRole('group', { name: 'Which team are you in?' }).getByRole('radio', { name: 'Prefer not to say' }).check();
    await clickStart(filePage);
    await skipToResults(filePage);
    await filePage.getByRole('region', { name: 'Where to get support' }).getByRole('link', { name: 'Jo Smith, practice manager, extension 214' }).waitFor();
    assert.deepEqual(fileRequests.filter((r) => !r.startsWith('file:') && !r.startsWith('blob:') && !r.startsWith('data:')), []);
    rmSync(dir, { recursive: true, force: true });

    // Nothing the set-up page did went anywhere but the app's own files.
    assert.deepEqual(requests.filter((r) => !r.startsWith(env.origin) && !r.startsWith('blob:') && !r.startsWith('data:')), []);
    await context.close();
  });
});

describe('the set-up page on a small screen', () => {
  it('passes axe-core and fits 320 px, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context } = await openSetup({ viewport: { width: 320, height: 640 }, colorScheme });
      await page.getByLabel('Text colour', { exact: true }).fill('#999999');
      await page.getByText('Accent colour: is empty; write # and six digits or letters a to f, for example #005eb8, or leave all three colours empty for the built-in ones.').waitFor();
      assert.deepEqual(await axeViolations(page), [], `axe (${colorScheme})`);
      assert.equal(await scrollsSideways(page), false, `no sideways scroll (${colorScheme})`);
      await context.close();
    }
  });
});

describe('the set-up page by keyboard alone', () => {
  it('is reached, filled in and used with the keyboard only', async () => {
    const { page, context, requests } = await openApp(env, { viewport: { width: 1280, height: 900 } });
    await tabTo(page, page.getByRole('link', { name: 'For practice leaders' }), 80);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Set up Practice Pulse for your practice' }).waitFor();
    const typeInto = async (label, text) => {
      await tabTo(page, page.getByLabel(label, { exact: true }), 40);
      await page.keyboard.type(text);
    };
    await typeInto('Practice name', 'Riverside Surgery');
    await typeInto('Your practice’s support contact', 'Jo Smith, practice manager');
    await typeInto('Contact link (optional)', 'tel:01234567890');
    await tabTo(page, page.getByRole('checkbox', { name: 'Include “Work pressures (HSE Indicator Tool)” in the survey' }), 40);
    await page.keyboard.press('Space');
    await tabTo(page, page.getByLabel('Teams', { exact: true }), 40);
    await page.keyboard.type('Reception');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Clinical');
    await typeInto('What your practice has agreed to do (optional)', 'meet every month to share out the phone work');
    await page.getByText('This configuration is ready to use.').waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Download practice.json' }), 60);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const config = JSON.parse(await saved(download));
    assert.deepEqual(config, {
      format: 'practice-pulse-config', format_version: 1, practice: 'Riverside Surgery',
      contact: { text: 'Jo Smith, practice manager', link: 'tel:01234567890' },
      modules: ['hse-it'], teams: ['Reception', 'Clinical'], plan_summary: 'meet every month to share out the phone work',
    });
    await tabTo(page, page.getByRole('button', { name: 'Copy the snippet' }), 20);
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(/Copied\.|select the snippet and copy it yourself/).waitFor();
    assert.deepEqual(requests.filter((r) => !r.startsWith(env.origin) && !r.startsWith('blob:') && !r.startsWith('data:')), [],
      'no request leaves the device');
    await context.close();
  });
});

// Two key holders (split trust): the golden fixtures' public key lines.
const keyLine = (name) => JSON.parse(readFileSync(join(root, 'core', 'tests', 'fixtures', name), 'utf8')).public_key;
const FIRST = 'Key holder’s public key';
const SECOND = 'Second key holder’s public key (optional)';
const HOW = 'How staff hand in their file';
const TWO_SENTENCES = 'Neither key holder alone can read anyone’s answers, but both together could, so the two keys must never be held by one person. Both will see how many people responded in each round and team.';

describe('the set-up page with two key holders', () => {
  it('writes both keys in order, says what two holders protect, and refuses a mistyped or repeated key with its reason', async () => {
    const [a, b] = [keyLine('holder-a-v1.key'), keyLine('holder-b-v1.key')];
    const { page, context, requests } = await openSetup({ viewport: { width: 1280, height: 900 } });
    const fill = (label, value) => page.getByLabel(label, { exact: true }).fill(value);
    const described = (label) => page.getByLabel(label, { exact: true }).evaluate((el) =>
      el.getAttribute('aria-describedby').split(' ').map((id) => document.getElementById(id).textContent).join(' | '));
    const note = page.getByRole('status').filter({ hasText: TWO_SENTENCES });
    const download = page.getByRole('button', { name: 'Download practice.json' });
    await fill(FIRST, a);
    await fill(HOW, 'Email it to surveys@riverside.example');
    await page.getByText('This configuration is ready to use.').waitFor();
    assert.equal(await note.count(), 0, 'one key holder: nothing said of two');
    await fill(SECOND, ` ${b} `);
    await note.waitFor();
    const [saved_] = await Promise.all([page.waitForEvent('download'), download.click()]);
    const config = JSON.parse(await saved(saved_));
    assert.deepEqual(config.hand_in, { holders: [a, b], how: 'Email it to surveys@riverside.example' });

    // One character of the second key mistyped: refused beside that field.
    const at = b.length - 7;
    const typo = b.slice(0, at) + (b[at] === 'x' ? 'y' : 'x') + b.slice(at + 1);
    await fill(SECOND, typo);
    const mistyped = `${SECOND}: does not check out: a character was mistyped; copy the line again rather than typing it.`;
    await page.getByText(mistyped).waitFor();
    assert.ok((await described(SECOND)).endsWith(mistyped), await described(SECOND));
    assert.equal(await download.isDisabled(), true);
    assert.equal(await note.count(), 0, 'no claim for a key that is not one');
    // The same key twice.
    await fill(SECOND, a);
    const twice = `${SECOND}: is the same key as the first holder's: each of two holders makes their own key.`;
    await page.getByText(twice).waitFor();
    assert.ok((await described(SECOND)).endsWith(twice));
    assert.equal(await download.isDisabled(), true);
    assert.equal(await note.count(), 0);
    // A second key with no first is never taken as the only one.
    await fill(SECOND, b);
    await fill(FIRST, '');
    const noFirst = `${FIRST}: is empty: with a second key holder, give the first key holder's public key line too (the first makes the team report).`;
    await page.getByText(noFirst).waitFor();
    assert.ok((await described(FIRST)).endsWith(noFirst));
    assert.equal(await download.isDisabled(), true);
    assert.deepEqual(await axeViolations(page), [], 'axe with a key fault shown');
    assert.deepEqual(requests.filter((r) => !r.startsWith(env.origin) && !r.startsWith('blob:') && !r.startsWith('data:')), [],
      'no request leaves the device');
    await context.close();
  });

  it('passes axe-core and fits 320 px with two keys, in light and dark', async () => {
    const [a, b] = [keyLine('holder-a-v1.key'), keyLine('holder-b-v1.key')];
    for (const colorScheme of ['light', 'dark']) {
      const { page, context } = await openSetup({ viewport: { width: 320, height: 640 }, colorScheme });
      await page.getByLabel(FIRST, { exact: true }).fill(a);
      await page.getByLabel(SECOND, { exact: true }).fill(b);
      await page.getByRole('status').filter({ hasText: TWO_SENTENCES }).waitFor();
      await page.getByText(`${HOW}: must tell staff where to send the file.`).waitFor();
      assert.deepEqual(await axeViolations(page), [], `axe (${colorScheme})`);
      assert.equal(await scrollsSideways(page), false, `no sideways scroll (${colorScheme})`);
      await context.close();
    }
  });

  it('takes both keys with the keyboard only', async () => {
    const [a, b] = [keyLine('holder-a-v1.key'), keyLine('holder-b-v1.key')];
    const { page, context, requests } = await openSetup({ viewport: { width: 1280, height: 900 } });
    await tabTo(page, page.getByLabel(FIRST, { exact: true }), 80);
    await page.keyboard.type(a);
    await page.keyboard.press('Tab');
    assert.ok(await page.getByLabel(SECOND, { exact: true }).evaluate((el) => el === document.activeElement), 'the second key comes next');
    await page.keyboard.type(b);
    await tabTo(page, page.getByLabel(HOW, { exact: true }), 10);
    await page.keyboard.type('Put it in the shared folder S:\\Survey');
    await page.getByRole('status').filter({ hasText: TWO_SENTENCES }).waitFor();
    await page.getByText('This configuration is ready to use.').waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Download practice.json' }), 60);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.deepEqual(JSON.parse(await saved(download)).hand_in.holders, [a, b]);
    assert.deepEqual(requests.filter((r) => !r.startsWith(env.origin) && !r.startsWith('blob:') && !r.startsWith('data:')), []);
    await context.close();
  });
});

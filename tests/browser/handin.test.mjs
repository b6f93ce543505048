// Staff hand in a sealed file (issue 20): set-up with a key holder's line
// (a mistyped one named beside its field) → practice.json → the survey →
// "Hand in to the practice" saves practice-pulse-handin-YYYY-MM.json made
// by the hand-in worker (fetched only then, never on the first load), with
// no item id, answer or score in clear and the same response id as the
// person's own copy → the team page opens it with the key file and
// passphrase and pools it. The practice's words follow the button; one's
// own copy comes second and says anyone can read it; on a shared computer
// the page says which file the next person can read. Axe light and dark,
// keyboard only, 320 px and no request off the device on the new action;
// a configuration without hand_in shows no hand-in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, foreignRequests, openApp, root, scrollsSideways, start } from './harness.mjs';
import { answerEverything, chooseDevice, clickStart, download, tabTo } from './pages.mjs';

let env;
let dir;
before(async () => {
  env = await start();
  dir = mkdtempSync(join(tmpdir(), 'handin-'));
});
after(async () => { await env?.stop(); });

const PASSPHRASE = 'river otter lantern';
const HOW = 'Email it to surveys@riverside.example: nobody reading that mailbox can open it';
const HAND_IN_CODE = /handin(_loader\.js|\.js|_bg\.wasm)$/;

// Every item and score id of the built-in questionnaires: none may be in
// clear in a hand-in file.
const SECRETS = (() => {
  const found = new Set(['"answers"', '"scores"', '"instruments"', '"generator"']);
  const folder = join(root, 'core', 'instruments');
  for (const name of readdirSync(folder)) {
    const definition = JSON.parse(readFileSync(join(folder, name), 'utf8'));
    // Quoted: a holder's key line is base64url, which may hold an id such
    // as "tps-1" bare; no base64 holds a quote.
    for (const item of definition.items) found.add(`"${item.id}"`);
    for (const score of definition.scores) found.add(`"${score.id}"`);
  }
  return [...found];
})();

/** A key made on the leaders' page: its saved file and public key line. */
async function makeKey() {
  const { page, context } = await openApp(env, {}, `${env.origin}/team/#holder`);
  await page.getByLabel('Choose a passphrase').fill(PASSPHRASE);
  await page.getByLabel('The same passphrase again').fill(PASSPHRASE);
  const [file] = await Promise.all([
    // argon2id locks the key file: CPU work, slow on a loaded machine.
    page.waitForEvent('download', { timeout: 60000 }),
    page.getByRole('button', { name: 'Make the key and save the key file' }).click(),
  ]);
  const keyPath = join(dir, 'practice-pulse-holder.key');
  await file.saveAs(keyPath);
  const line = await page.getByLabel('Public key line').inputValue();
  await context.close();
  return { keyPath, line };
}

/** The survey answered to its results, with `practice.json` served. */
async function toResults(options = {}, device = 'A shared or work computer', url = undefined) {
  const opened = await openApp(env, options, url);
  await chooseDevice(opened.page, device);
  await clickStart(opened.page);
  await answerEverything(opened.page, 1);
  return opened;
}

async function handIn(page) {
  const [file] = await Promise.all([
    // The hand-in worker loads its own wasm and seals (Prio3 for two
    // holders): CPU work, slow on a loaded machine.
    page.waitForEvent('download', { timeout: 60000 }),
    page.getByRole('button', { name: 'Hand in to the practice' }).click(),
  ]);
  return file;
}

describe('handing in a sealed file', () => {
  let key;
  before(async () => { key = await makeKey(); });

  it('goes from the set-up to a hand-in file the team page opens with the key', async () => {
    // The set-up: a mistyped line is named beside its field, then the right one.
    const { page: setup, context: setupContext } = await openApp(env, {}, `${env.origin}/team/#setup`);
    const keyField = setup.getByLabel('Key holder’s public key', { exact: true });
    const last = key.line.at(-1) === 'A' ? 'B' : 'A';
    await keyField.fill(key.line.slice(0, -1) + last);
    await setup.getByLabel('How staff hand in their file').fill(HOW);
    const errors = setup.locator(`#${(await keyField.getAttribute('aria-describedby')).split(' ').at(-1)}`);
    await errors.getByText(/a character was mistyped/).waitFor();
    await keyField.fill(key.line);
    await setup.getByText('This configuration is ready to use.').waitFor();
    assert.equal(await errors.textContent(), '', 'no fault left beside the key');
    await setup.getByText(/choose someone outside staff’s line management/).waitFor();
    const [saved] = await Promise.all([
      setup.waitForEvent('download'),
      setup.getByRole('button', { name: 'Download practice.json' }).click(),
    ]);
    const config = JSON.parse(readFileSync(await saved.path(), 'utf8'));
    assert.deepEqual(config.hand_in, { holders: [key.line], how: HOW });
    await setupContext.close();

    env.serve('/practice.json', { ...config, round: '2026 autumn' });
    try {
      const { page, context, requests, consoleErrors } = await toResults({ viewport: { width: 1280, height: 900 } });
      assert.deepEqual(requests.filter((u) => HAND_IN_CODE.test(u)), [], 'the hand-in code is not part of the first load');
      // Hand in first, then one's own copy; the practice's words follow the button.
      const handInHeading = page.getByRole('heading', { level: 2, name: 'Hand in your result' });
      const ownHeading = page.getByRole('heading', { level: 2, name: 'Keep my own copy' });
      const order = await handInHeading.evaluate((a, b) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING), await ownHeading.elementHandle());
      assert.ok(order, 'hand in comes before keeping one\'s own copy');
      await page.getByText(`What to do with the file: ${HOW}`).waitFor();
      await page.getByText('Anyone who can open the file can read your answers.').waitFor();
      await page.getByText(/The locked file left in Downloads cannot be read by the next person\. Your own copy can/).waitFor();

      const file = await handIn(page);
      assert.match(file.suggestedFilename(), /^practice-pulse-handin-\d{4}-\d{2}\.json$/);
      const text = readFileSync(await file.path(), 'utf8');
      const handin = JSON.parse(text);
      assert.equal(handin.format, 'practice-pulse-handin');
      assert.equal(handin.format_version, 1);
      assert.equal(handin.round, '2026 autumn');
      assert.deepEqual(handin.sealed.map((s) => s.holder), [key.line]);
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} in clear`);
      assert.ok(requests.some((u) => HAND_IN_CODE.test(u)), 'the hand-in code is fetched on Hand in');
      // The practice's words again once it is saved.
      await page.getByRole('status').filter({ hasText: `What to do with the file: ${HOW}` }).waitFor();

      // One's own copy: the same response id.
      const ownText = readFileSync(await (await download(page)).path(), 'utf8');
      const own = JSON.parse(ownText);
      // The same search finds the answers in one's own copy: it can fail.
      assert.ok(SECRETS.filter((secret) => ownText.includes(secret)).length > 10, 'the search finds them in clear');
      assert.equal(own.response, handin.response, 'one response id per survey');
      assert.ok(own.instruments.length > 0);
      await page.getByRole('status').filter({ hasText: 'It is not locked, so do not hand it in' }).waitFor();
      assert.deepEqual(foreignRequests(requests, env.origin), [], 'nothing left the device');
      assert.deepEqual(consoleErrors, []);

      // The team page opens it with the key file and passphrase.
      const handinPath = join(dir, file.suggestedFilename());
      await file.saveAs(handinPath);
      await page.goto(`${env.origin}/team/`);
      await page.getByRole('heading', { level: 1, name: 'Team results' }).waitFor();
      await page.getByLabel('Key file (practice-pulse-holder.key)').setInputFiles(key.keyPath);
      // Read a moment after it is chosen: Open pressed before would find no key.
      await page.getByText('Chosen: practice-pulse-holder.key', { exact: true }).waitFor();
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Open the key' }).click();
      await page.getByText(`Key open: hand-in files sealed to ${key.line} are pooled.`).waitFor({ timeout: 60000 });
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByRole('button', { name: 'Choose result files (or a .zip of them)', exact: true }).click(),
      ]);
      await chooser.setFiles([handinPath]);
      await page.getByText(/^1 result files? pooled\./).waitFor();
      assert.equal(await page.getByText(/could not be used/).count(), 0);
      await page.getByText('2026 autumn').first().waitFor();
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('passes axe light and dark, fits 320 px, works by keyboard alone and sends nothing off the device', async () => {
    env.serve('/practice.json', { format: 'practice-pulse-config', format_version: 1, hand_in: { holders: [key.line], how: HOW } });
    try {
      for (const colorScheme of ['light', 'dark']) {
        // Answered in the wide layout (a section a screen), then read at 320 px.
        const { page, context, requests } = await toResults({ viewport: { width: 1280, height: 900 }, colorScheme });
        await page.setViewportSize({ width: 320, height: 800 });
        assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}, before handing in`);
        assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}`);
        await handIn(page);
        await page.getByRole('status').filter({ hasText: `What to do with the file: ${HOW}` }).waitFor();
        assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}, handed in`);
        assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}, handed in`);
        assert.deepEqual(foreignRequests(requests, env.origin), []);
        await context.close();
      }
      // Keyboard only: Tab to the button, Enter hands in.
      const { page, context } = await toResults({ viewport: { width: 1280, height: 900 } }, 'My own device');
      // Only on a shared computer is the shared computer's line shown.
      assert.equal(await page.getByText(/The locked file left in Downloads/).count(), 0);
      await tabTo(page, page.getByRole('button', { name: 'Hand in to the practice' }), 80);
      const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.keyboard.press('Enter')]);
      assert.match(file.suggestedFilename(), /^practice-pulse-handin-/);
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('hands in from the survey as one file opened from a disk, with the practice\'s settings inside', async () => {
    // As the set-up page makes it (config::page_with_config): a JSON block before </head>.
    const config = { format: 'practice-pulse-config', format_version: 1, hand_in: { holders: [key.line], how: HOW } };
    const page1 = readFileSync(join(root, 'dist', 'practice-pulse.html'), 'utf8');
    const at = page1.indexOf('</head>');
    const block = `<script type="application/json" id="practice-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>`;
    const path = join(dir, 'practice-pulse.html');
    writeFileSync(path, page1.slice(0, at) + block + page1.slice(at));
    const { page, context, requests, consoleErrors } = await toResults({ viewport: { width: 1280, height: 900 } }, 'A shared or work computer', `file://${path}`);
    const file = await handIn(page);
    assert.match(file.suggestedFilename(), /^practice-pulse-handin-\d{4}-\d{2}\.json$/);
    const text = readFileSync(await file.path(), 'utf8');
    assert.equal(JSON.parse(text).format, 'practice-pulse-handin');
    assert.deepEqual(JSON.parse(text).sealed.map((s) => s.holder), [key.line]);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} in clear`);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('blob:') && !u.startsWith('data:')), [], 'no request at all');
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  it('with two key holders: the first load carries no hand-in or Prio3 code, and Hand in splits the file between both, in order', async () => {
    const keyLine = (name) => JSON.parse(readFileSync(join(root, 'core', 'tests', 'fixtures', name), 'utf8')).public_key;
    const [a, b] = [keyLine('holder-a-v1.key'), keyLine('holder-b-v1.key')];
    env.serve('/practice.json', { format: 'practice-pulse-config', format_version: 1, round: '2026 autumn', hand_in: { holders: [a, b], how: HOW } });
    try {
      const { page, context, requests, consoleErrors } = await toResults({ viewport: { width: 1280, height: 900 } });
      assert.deepEqual(requests.filter((u) => HAND_IN_CODE.test(u)), [], 'the hand-in code is not part of the first load');
      // The survey's own wasm holds none of the split code: the scheme's
      // name is written only by the hand-in worker's seal (which holds it).
      const wasm = (name) => readFileSync(join(root, 'dist', name));
      const staffWasm = requests.map((u) => new URL(u).pathname.slice(1)).filter((n) => n.endsWith('_bg.wasm'));
      assert.equal(staffWasm.length, 1, staffWasm.join(' '));
      assert.ok(wasm('handin_bg.wasm').includes('prio3-two-holders'), 'the search finds it in the hand-in code');
      assert.ok(!wasm(staffWasm[0]).includes('prio3-two-holders'), 'no split code in the first load');

      const file = await handIn(page);
      assert.ok(requests.some((u) => HAND_IN_CODE.test(u)), 'the hand-in code is fetched on Hand in');
      const text = readFileSync(await file.path(), 'utf8');
      const handin = JSON.parse(text);
      assert.equal(handin.scheme, 'prio3-two-holders');
      assert.deepEqual(handin.sealed.map((s) => s.holder), [a, b], 'sealed to both, the first key holder first');
      assert.equal(handin.round, '2026 autumn');
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} in clear`);
      const own = JSON.parse(readFileSync(await (await download(page)).path(), 'utf8'));
      assert.equal(own.response, handin.response, 'one response id per survey');
      assert.deepEqual(foreignRequests(requests, env.origin), [], 'nothing left the device');
      assert.deepEqual(consoleErrors, []);
      await context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('shows no hand-in without hand_in in practice.json', async () => {
    const { page, context, requests } = await toResults({ viewport: { width: 1280, height: 900 } });
    await page.getByRole('heading', { level: 2, name: 'Keep your results' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Hand in to the practice' }).count(), 0);
    assert.deepEqual(requests.filter((u) => HAND_IN_CODE.test(u)), []);
    await context.close();
  });
});

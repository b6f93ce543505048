// A first round with two key holders, as people new to it are told it
// (review4, new users): staff are told the truth about who can read a
// file split between two holders, which file to send (by its name) and
// what to do if none appeared; the key holder view tells a second holder
// where their line goes; on Team results, a step file that is the wrong
// one (or a key that is neither holder's) is announced to a screen
// reader, and so is the step a step file makes ready.
// Elements are found by role and name.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, root, start } from './harness.mjs';
import { program } from './programs.mjs';
import { answerEverything, chooseDevice, clickStart, download } from './pages.mjs';

let env;
let dir;
const holders = {};
let pileFiles;

const pulse = (args) => spawnSync(program('pulse'), args, { cwd: dir, encoding: 'utf8' });
const HOW = 'Email it to surveys@riverside.example';

before(async () => {
  env = await start();
  dir = mkdtempSync(join(tmpdir(), 'first-round-'));
  execFileSync(program('gen_team_files'), [join(dir, 'all')], { cwd: root });
  const plain = join(dir, 'plain');
  mkdirSync(plain);
  // Ten good files are enough: this is about what people are told.
  for (const n of readdirSync(join(dir, 'all')).filter((n) => /^result-00\d\.json$/.test(n))) {
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
    hand_in: { holders: [holders.a.line, holders.b.line], how: HOW },
  }));
  const sealed = pulse(['seal', '--practice', 'practice.json', plain, '--out', join(dir, 'split')]);
  assert.equal(sealed.status, 0, sealed.stderr);
  pileFiles = readdirSync(join(dir, 'split')).sort().map((n) => join(dir, 'split', n));
  const one = pulse(['pool', '--quiet', '--key', holders.a.key, '--passphrase-file', holders.a.pass, join(dir, 'split'), '--out-step', join(dir, 'a.step')]);
  assert.equal(one.status, 0, one.stderr);
});
after(async () => { await env?.stop(); });

/** The survey answered to its results on a shared computer, with `config` served as practice.json. */
async function toResults(config) {
  env.serve('/practice.json', config);
  const opened = await openApp(env, { viewport: { width: 1280, height: 900 } });
  await chooseDevice(opened.page, 'A shared or work computer');
  await clickStart(opened.page);
  await answerEverything(opened.page, 1);
  return opened;
}

describe('a first round with two key holders, as new users are told it', () => {
  it('tells staff that two key holders share the file and neither alone reads it, and names the file to send', async () => {
    try {
      const { page, context } = await toResults({
        format: 'practice-pulse-config', format_version: 1, hand_in: { holders: [holders.a.line, holders.b.line], how: HOW },
      });
      const handIn = page.getByRole('region', { name: 'Hand in your result' });
      await handIn.getByText('It is split between the two people your practice chose to hold its keys. Neither of them can read your answers alone.').waitFor();
      assert.equal(await handIn.getByText('Only the person your practice chose to hold its key can open it.').count(), 0,
        'no claim that one person can open a split file');
      const [file] = await Promise.all([
        page.waitForEvent('download', { timeout: 120000 }),
        handIn.getByRole('button', { name: 'Hand in to the practice' }).click(),
      ]);
      const name = file.suggestedFilename();
      assert.match(name, /^practice-pulse-handin-\d{4}-\d{2}\.json$/);
      // Said where a screen reader hears it: the file's name, and what to
      // do if none appeared (press again, never "print" for a hand-in).
      const said = handIn.getByRole('status').filter({ hasText: `What to do with the file: ${HOW}` });
      await said.getByText(`Your browser saved it as ${name}, or with a number added to the name if a file of that name was there. Send the newest one.`).waitFor();
      await said.getByText('If no file appeared, press “Hand in to the practice” again.').waitFor();
      assert.equal(await said.getByText(/Print or save as PDF/).count(), 0, 'printing is no way to hand in');
      // One's own copy is named too, so the two files are told apart.
      const own = (await download(page)).suggestedFilename();
      assert.match(own, /^practice-pulse-result-\d{4}-\d{2}\.json$/);
      await page.getByRole('region', { name: 'Keep my own copy' }).getByRole('status')
        .getByText(`Your own copy is called ${own}.`).waitFor();
      await context.close();

      // One key holder: that one person can open it, as before.
      const single = await toResults({
        format: 'practice-pulse-config', format_version: 1, hand_in: { holders: [holders.a.line], how: HOW },
      });
      await single.page.getByRole('region', { name: 'Hand in your result' })
        .getByText('Only the person your practice chose to hold its key can open it.').waitFor();
      await single.context.close();
    } finally {
      env.unserve('/practice.json');
    }
  });

  it('tells whoever makes a key where its line goes when they are the second of two key holders', async () => {
    const { page, context } = await openApp(env, { viewport: { width: 1280, height: 900 } }, `${env.origin}/team/#holder`);
    const view = page.getByRole('region', { name: 'Key holder: the key that opens hand-in files' });
    await view.getByText('With two key holders, each makes their own key on their own device, and neither key alone opens any file.').waitFor();
    await page.getByLabel('Choose a passphrase').fill('second holder maple kettle');
    await page.getByLabel('The same passphrase again').fill('second holder maple kettle');
    await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.getByRole('button', { name: 'Make the key and save the key file' }).click()]);
    const line = page.getByRole('textbox', { name: 'Public key line' });
    await line.waitFor();
    const hint = await line.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')).textContent);
    assert.match(hint, /the second of two key holders/, hint);
    assert.match(hint, /“Second key holder’s public key \(optional\)”/, hint);
    await context.close();
  });

  it('announces a step file that is the wrong one, and the step a chosen step file makes ready', async () => {
    const { page, context } = await openApp(env, { viewport: { width: 1280, height: 900 } }, `${env.origin}/team/`);
    await page.getByLabel('Key file (practice-pulse-holder.key)').setInputFiles(holders.b.key);
    await page.getByLabel('Passphrase', { exact: true }).fill(holders.b.phrase);
    await page.getByRole('button', { name: 'Open the key' }).click();
    await page.getByText('Key open:').waitFor({ timeout: 60000 });
    const choose = async (name, files) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name, exact: true }).click()]);
      await chooser.setFiles(files);
    };
    await choose('Choose result files (or a .zip of them)', pileFiles);
    await page.getByRole('heading', { level: 2, name: 'Two key holders: step 2 of 3' }).waitFor();
    const steps = page.getByRole('region', { name: 'Two key holders: step 2 of 3' });
    // A hand-in file given as the step file: said aloud, naming the file.
    await choose('Choose the other key holder’s step file', pileFiles[0]);
    const wrong = pileFiles[0].split('/').pop();
    await steps.getByRole('alert').filter({ hasText: `${wrong} is not a step file` }).waitFor();
    // The right one: the page says which step is now ready, and where.
    await choose('Choose the other key holder’s step file', join(dir, 'a.step'));
    await steps.getByRole('status').filter({ hasText: 'Chosen: a.step. Next: “Save step 2 (b.step)”, just before this.' }).waitFor();
    assert.equal(await steps.getByRole('alert').filter({ hasText: /\S/ }).count(), 0, 'no fault left once the right file is chosen');
    // The first key holder handed their own step 1 back at step 3.
    await page.getByRole('button', { name: 'Clear and start again' }).click();
    await page.getByLabel('Key file (practice-pulse-holder.key)').setInputFiles(holders.a.key);
    await page.getByLabel('Passphrase', { exact: true }).fill(holders.a.phrase);
    await page.getByRole('button', { name: 'Open the key' }).click();
    await page.getByText('Key open:').waitFor({ timeout: 60000 });
    await choose('Choose result files (or a .zip of them)', pileFiles);
    await choose('Choose the other key holder’s step file', join(dir, 'a.step'));
    await page.getByRole('region', { name: /Two key holders/ }).getByRole('alert')
      .filter({ hasText: 'a.step is a step 1, the file you give the second key holder' }).waitFor();
    // A key that is neither holder's: said aloud too.
    await page.getByRole('button', { name: 'Clear and start again' }).click();
    await page.getByLabel('Key file (practice-pulse-holder.key)').setInputFiles(holders.c.key);
    await page.getByLabel('Passphrase', { exact: true }).fill(holders.c.phrase);
    await page.getByRole('button', { name: 'Open the key' }).click();
    await page.getByText('Key open:').waitFor({ timeout: 60000 });
    await choose('Choose result files (or a .zip of them)', pileFiles);
    await page.getByRole('region', { name: /Two key holders/ }).getByRole('alert')
      .filter({ hasText: 'The key open is neither key holder’s of these files' }).waitFor();
    await context.close();
  });
});

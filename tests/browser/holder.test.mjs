// The key holder on the leaders' page (team/#holder): a key pair made in
// the browser, the key file saved, the public key line shown; `pulse seal`
// seals result files to that line; the team page opens the pile (plain and
// sealed files mixed) with the saved key file and passphrase and gives the
// same CSV as `pulse pool --key`, byte for byte. Refusals (no key, wrong
// passphrase) are named. Axe light and dark, keyboard only, 320 px, and no
// request off the device on the new view; the page stores nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, foreignRequests, openApp, root, scrollsSideways, start } from './harness.mjs';
import { program } from './programs.mjs';
import { tabTo } from './pages.mjs';

let env;
let dir;
before(async () => {
  env = await start();
  dir = mkdtempSync(join(tmpdir(), 'holder-'));
  execFileSync(program('gen_team_files'), [join(dir, 'plain')], { cwd: root });
});
after(async () => { await env?.stop(); });

const PASSPHRASE = 'river otter lantern';
// pulse exits 1 when some files are refused (the generated pile has bad ones): its output is what counts.
const pulse = (args) => spawnSync(program('pulse'), args, { cwd: dir, encoding: 'utf8' }).stdout;

async function openHolder(options = {}) {
  const opened = await openApp(env, options, `${env.origin}/team/#holder`);
  await opened.page.getByRole('heading', { level: 1, name: 'Key holder: the key that opens hand-in files' }).waitFor();
  return opened;
}

/** Makes a key on the page; returns the saved key file's path and the public key line. */
async function makeKey(page) {
  await page.getByLabel('Choose a passphrase').fill(PASSPHRASE);
  await page.getByLabel('The same passphrase again').fill(PASSPHRASE);
  const [download] = await Promise.all([
    // argon2id locks the key file: CPU work, slow on a loaded machine.
    page.waitForEvent('download', { timeout: 60000 }),
    page.getByRole('button', { name: 'Make the key and save the key file' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'practice-pulse-holder.key');
  const keyPath = join(dir, `key-${Date.now()}.key`);
  await download.saveAs(keyPath);
  const line = await page.getByLabel('Public key line').inputValue();
  return { keyPath, line };
}

/** Chooses files with the picker button named `name`, as a person would. */
async function choose(page, name, files) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name, exact: true }).click()]);
  await chooser.setFiles(files);
}

describe('the key holder view and sealed piles on the team page', () => {
  it('makes a key in the browser whose sealed files the team page opens, giving pulse pool --key\'s CSV', async () => {
    const { page, context, requests, consoleErrors } = await openHolder({ viewport: { width: 1280, height: 900 } });
    // Two different passphrases: refused, nothing saved.
    await page.getByLabel('Choose a passphrase').fill(PASSPHRASE);
    await page.getByLabel('The same passphrase again').fill('something else entirely');
    await page.getByRole('button', { name: 'Make the key and save the key file' }).click();
    await page.getByText('The two passphrases differ').waitFor();
    // Too short.
    await page.getByLabel('Choose a passphrase').fill('short');
    await page.getByLabel('The same passphrase again').fill('short');
    await page.getByRole('button', { name: 'Make the key and save the key file' }).click();
    await page.getByText('the passphrase is too short').waitFor();

    const { keyPath, line } = await makeKey(page);
    assert.match(line, /^pulse-holder-1:[A-Za-z0-9_-]{48}$/);
    const keyFile = JSON.parse(readFileSync(keyPath, 'utf8'));
    assert.equal(keyFile.format, 'practice-pulse-holder-key');
    assert.equal(keyFile.format_version, 1);
    assert.equal(keyFile.public_key, line);
    assert.equal(keyFile.kdf.memory_kib, 19456, 'the documented argon2 cost');
    // The passphrase fields are emptied; nothing is stored by the page.
    assert.equal(await page.getByLabel('Choose a passphrase').inputValue(), '');
    const stored = await page.evaluate(() => [localStorage.length, sessionStorage.length]);
    assert.deepEqual(stored, [0, 0]);

    // Seal half the generated files with pulse, to the line the page showed.
    writeFileSync(join(dir, 'practice.json'), JSON.stringify({
      format: 'practice-pulse-config', format_version: 1,
      hand_in: { holders: [line], how: 'Email it to surveys@riverside.example' },
    }));
    const plain = join(dir, 'plain');
    const names = readdirSync(plain).sort();
    const toSeal = join(dir, 'to-seal');
    const pile = join(dir, 'pile');
    mkdirSync(toSeal);
    mkdirSync(pile);
    names.forEach((n, i) => copyFileSync(join(plain, n), join(i % 2 ? toSeal : pile, n)));
    pulse(['seal', '--practice', 'practice.json', toSeal, '--out', pile]);
    writeFileSync(join(dir, 'pass'), `${PASSPHRASE}\n`);
    const expectedCsv = pulse(['pool', '--quiet', '--key', keyPath, '--passphrase-file', 'pass', pile]);
    assert.match(expectedCsv, /^\uFEFFround,group,measure/);
    const pileFiles = readdirSync(pile).sort().map((n) => join(pile, n));
    const sealedCount = pileFiles.filter((p) => p.includes('practice-pulse-handin-')).length;
    assert.ok(sealedCount > 10, `${sealedCount} sealed files`);
    for (const p of pileFiles.filter((p) => p.includes('practice-pulse-handin-'))) {
      const text = readFileSync(p, 'utf8');
      // Whole quoted names only: a box is base64, which may hold any letters.
      for (const secret of ['"tps-1"', '"answers"', '"scores"', '"instruments"']) assert.ok(!text.includes(secret), `${secret} in clear`);
    }

    // The team page, without the key: each sealed file refused with its reason.
    await page.getByRole('link', { name: 'Team results' }).click();
    await page.getByRole('heading', { level: 1, name: 'Team results' }).waitFor();
    await choose(page, 'Choose result files (or a .zip of them)', pileFiles);
    await page.getByText(/could not be used/).waitFor();
    await page.getByText(`Files not used`).click();
    await page.getByText(/is a sealed hand-in file: only the practice’s key holder can open it|is a sealed hand-in file: only the practice's key holder can open it/).first().waitFor();
    await page.getByRole('button', { name: 'Clear and start again' }).click();

    // A wrong passphrase is refused, naming the key file.
    await page.getByLabel('Key file (practice-pulse-holder.key)').setInputFiles(keyPath);
    // Read a moment after it is chosen: Open pressed before would find no key.
    await page.getByText(`Chosen: ${keyPath.split('/').pop()}`, { exact: true }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill('not the right passphrase');
    await page.getByRole('button', { name: 'Open the key' }).click();
    await page.getByText(/does not open with this passphrase/).waitFor({ timeout: 60000 });
    // The right one opens it; the passphrase field is emptied.
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Open the key' }).click();
    await page.getByText(`Key open: hand-in files sealed to ${line} are pooled.`).waitFor({ timeout: 60000 });
    assert.equal(await page.getByLabel('Passphrase', { exact: true }).inputValue(), '');

    await choose(page, 'Choose result files (or a .zip of them)', pileFiles);
    await page.getByText(/result files pooled/).waitFor();
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the report (CSV)' }).click(),
    ]);
    const csv = readFileSync(await csvDownload.path(), 'utf8');
    assert.equal(csv, expectedCsv, 'the team page gives pulse pool --key\'s CSV byte for byte');
    assert.deepEqual(foreignRequests(requests, env.origin), [], 'nothing left the device');
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });

  it('pools a Finder-made zip and a file with a byte-order mark cleanly, and names a personal CSV', async () => {
    const plain = join(dir, 'plain');
    // The generated good files (the rest are a copy and bad files).
    const names = readdirSync(plain).sort().filter((n) => n.startsWith('result-'));
    const finder = join(dir, 'finder');
    mkdirSync(finder, { recursive: true });
    const zipPath = join(finder, 'Archive.zip');
    // As Finder's Compress makes it: a folder, __MACOSX/ with ._ files, a .DS_Store.
    execFileSync('python3', ['-c', `import zipfile,os,sys
d,z=sys.argv[1],sys.argv[2]
names=sys.argv[3:]
with zipfile.ZipFile(z,'w',zipfile.ZIP_DEFLATED) as f:
    f.writestr('round/', '')
    for n in names:
        f.write(os.path.join(d,n),'round/'+n)
        f.writestr('__MACOSX/round/._'+n, b'\\x00\\x05\\x16\\x07Mac OS X')
    f.writestr('round/.DS_Store', b'\\x00\\x00\\x00\\x01Bud1')`, plain, zipPath, ...names.slice(0, 10)]);
    const bom = join(finder, 'with-bom.json');
    writeFileSync(bom, '\uFEFF' + readFileSync(join(plain, names[10]), 'utf8'));
    const csv = join(finder, 'practice-pulse-result-2026-11.csv');
    writeFileSync(csv, '\uFEFFperiod,instrument,instrument_version,kind,id,value,label\n2026-M11,tps,1,answer,tps-1,4,Neutral\n');
    const { page, context, requests } = await openApp(env, {}, `${env.origin}/team/`);
    await choose(page, 'Choose result files (or a .zip of them)', [zipPath, bom, csv]);
    await page.getByText('11 result files pooled. 1 file could not be used. 11 files added by the operating system ignored.').waitFor();
    await page.getByText('Files not used').click();
    await page.getByText('practice-pulse-result-2026-11.csv is the spreadsheet copy of a result: choose the .json file.').waitFor();
    assert.deepEqual(foreignRequests(requests, env.origin), []);
    await context.close();
  });

  it('passes axe light and dark, fits 320 px, and works by keyboard alone', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context, requests } = await openHolder({ viewport: { width: 320, height: 800 }, colorScheme });
      assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}, empty`);
      assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}`);
      await makeKey(page);
      assert.deepEqual(await axeViolations(page), [], `axe ${colorScheme}, with the key line`);
      assert.equal(await scrollsSideways(page), false, `320 px ${colorScheme}, with the key line`);
      assert.deepEqual(foreignRequests(requests, env.origin), []);
      await context.close();
    }
    // Keyboard only: Tab to each field, type, Enter on the button.
    const { page, context } = await openHolder({ viewport: { width: 1280, height: 900 } });
    const first = page.getByLabel('Choose a passphrase');
    await tabTo(page, first, 40);
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Tab');
    assert.ok(await page.getByLabel('The same passphrase again').evaluate((el) => el === document.activeElement));
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Tab');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.keyboard.press('Enter')]);
    assert.equal(download.suggestedFilename(), 'practice-pulse-holder.key');
    await page.getByLabel('Public key line').waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Copy the public key line' }), 10);
    await context.close();
  });
});

// tools/serve.mjs as a practice's IT would run it: from a folder whose
// path has spaces, through a symlink, and with HOST=0.0.0.0 for a phone on
// the same network (every address it prints answers). No browser needed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let dir;
const running = [];
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'pulse serve '));
  mkdirSync(join(dir, 'tools with spaces'));
  copyFileSync(join(root, 'tools', 'serve.mjs'), join(dir, 'tools with spaces', 'serve.mjs'));
  symlinkSync(join(dir, 'tools with spaces', 'serve.mjs'), join(dir, 'serve-link.mjs'));
  mkdirSync(join(dir, 'the built survey'));
  writeFileSync(join(dir, 'the built survey', 'index.html'), '<!DOCTYPE html><title>ok</title><p>served</p>');
  symlinkSync(join(dir, 'the built survey'), join(dir, 'dist-link'));
});
after(() => {
  for (const child of running) child.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the server; resolves with the addresses it prints. */
function serve(script, folder, env = {}) {
  const child = spawn(process.execPath, [script, folder, '0'], { env: { ...process.env, ...env }, cwd: dir });
  running.push(child);
  return new Promise((ok, fail) => {
    let out = '';
    // 30 s: node starting on a busy CI machine can be slow.
    const timer = setTimeout(() => fail(new Error(`no address printed: ${out}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const urls = out.match(/http:\/\/[0-9.]+:\d+\//g);
      if (urls && out.includes('Ctrl+C')) { clearTimeout(timer); ok(urls); }
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`exited ${code}: ${out}`)); });
  });
}

async function answers(url) {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  assert.match(await response.text(), /served/);
}

describe('tools/serve.mjs run by hand', () => {
  it('serves from a path with spaces, and a folder reached through a symlink', async () => {
    const [url] = await serve(join(dir, 'tools with spaces', 'serve.mjs'), join(dir, 'dist-link'));
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    await answers(url);
    const missing = await fetch(url + '../../etc/passwd');
    assert.equal(missing.status, 404);
  });

  it('runs through a symlink to the script', async () => {
    const [url] = await serve(join(dir, 'serve-link.mjs'), join(dir, 'the built survey'));
    await answers(url);
  });

  it('with HOST=0.0.0.0 serves every network address and prints each', async () => {
    const urls = await serve(join(dir, 'tools with spaces', 'serve.mjs'), join(dir, 'the built survey'), { HOST: '0.0.0.0' });
    assert.ok(urls.some((u) => u.startsWith('http://127.0.0.1:')), urls.join(' '));
    for (const url of urls) await answers(url);
  });
});

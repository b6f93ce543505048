// Lets `./dev build` and `./dev test` skip Trunk when nothing it reads has
// changed since it last built dist/ (a warm run otherwise pays Trunk's
// wasm-bindgen and wasm-opt on three wasm files every time).
//
//   node tools/build-stamp.mjs check        exit 0 when dist/ is up to date
//   node tools/build-stamp.mjs save SINCE   after a build that began at SINCE
//                                           (ms since the epoch): record it
//
// The key is a SHA-256 over: what the caller puts in BUILD_STAMP_CONTEXT
// (the Rust route, the wasm build's environment, the versions of rustc,
// cargo, trunk, wasm-bindgen and wasm-opt); the files Trunk reads itself
// (both index.html and Trunk.toml, static/, style/, tools/, team/), the
// manifests, Cargo.lock and `dev`; and every local file cargo's dep-info
// lists for the three wasm binaries (target/wasm32-unknown-unknown/release/
// {practice-pulse,handin,team}.d: each source file, each include_str!).
// Registry crates are fixed by Cargo.lock; the standard library by rustc's
// version. The stamp also holds a hash of every file in dist/, so a dist/
// changed by anything else (trunk serve, a hand edit, a half build) is
// built again. Any doubt (no stamp, a dep-info file missing, an input
// changed while the build ran) means build.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const targetDir = resolve(root, process.env.CARGO_TARGET_DIR || 'target');
const stampPath = join(targetDir, 'dist-stamp.json');
const depInfo = ['practice-pulse', 'handin', 'team'].map((bin) => join(targetDir, 'wasm32-unknown-unknown', 'release', `${bin}.d`));
const TRUNK_INPUTS = ['Cargo.lock', 'Cargo.toml', 'core/Cargo.toml', 'cli/Cargo.toml', 'dev', 'index.html', 'Trunk.toml',
  'rust-toolchain', 'rust-toolchain.toml', '.cargo', 'team', 'static', 'style', 'tools'];

/** Every file under `path` (itself if a file), sorted; none if absent. */
function walk(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => walk(join(path, name)));
}

/** The files (absolute) and other lines (env-dep) of cargo's dep-info files; null if one is missing. */
function fromDepInfo() {
  const files = new Set();
  const lines = [];
  for (const d of depInfo) {
    if (!existsSync(d)) return null;
    for (const line of readFileSync(d, 'utf8').split('\n')) {
      if (line.startsWith('#')) { lines.push(line); continue; }
      const colon = line.indexOf(': ');
      if (colon < 0) continue;
      // Make syntax: a space inside a path is written "\ ".
      for (const dep of line.slice(colon + 2).split(/(?<!\\) /)) {
        if (dep) files.add(resolve(root, dep.replace(/\\ /g, ' ')));
      }
    }
  }
  return { files: [...files].sort(), lines };
}

/** The key, and the input files it read (for the mtime check); null when it cannot be made. */
function key() {
  const deps = fromDepInfo();
  if (!deps) return null;
  const hash = createHash('sha256');
  hash.update(`context\n${process.env.BUILD_STAMP_CONTEXT ?? ''}\n`);
  for (const line of deps.lines) hash.update(`${line}\n`);
  const files = [...new Set([...TRUNK_INPUTS.flatMap((p) => walk(join(root, p))), ...deps.files])];
  for (const file of files) {
    // A file listed but gone changes the key too (the build would fail or differ).
    const content = existsSync(file) ? readFileSync(file) : Buffer.from('\0missing');
    hash.update(`${relative(root, file)}\0${createHash('sha256').update(content).digest('hex')}\n`);
  }
  return { key: hash.digest('hex'), files };
}

function distHash() {
  const dist = join(root, 'dist');
  const files = walk(dist);
  if (files.length === 0) return null;
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${relative(dist, file)}\0${createHash('sha256').update(readFileSync(file)).digest('hex')}\n`);
  return hash.digest('hex');
}

const [command, since] = process.argv.slice(2);
if (command === 'check') {
  let stamp;
  try { stamp = JSON.parse(readFileSync(stampPath, 'utf8')); } catch { console.log('no record of a finished build'); process.exit(1); }
  const now = key();
  if (!now) { console.log('a wasm dep-info file is missing'); process.exit(1); }
  if (now.key !== stamp.key) { console.log('its inputs changed'); process.exit(1); }
  if (distHash() !== stamp.dist) { console.log('dist/ is not what the last build wrote'); process.exit(1); }
  process.exit(0);
} else if (command === 'save' && /^\d+$/.test(since ?? '')) {
  rmSync(stampPath, { force: true });
  const now = key();
  if (!now) { console.log('Not recorded (a wasm dep-info file is missing): the next run builds again.'); process.exit(0); }
  // An input saved while the build ran may not be in dist/: record nothing.
  const changed = now.files.filter((f) => existsSync(f) && statSync(f).mtimeMs >= Number(since));
  if (changed.length > 0) {
    console.log(`Not recorded (changed during the build: ${changed.map((f) => relative(root, f)).join(', ')}): the next run builds again.`);
    process.exit(0);
  }
  writeFileSync(stampPath, JSON.stringify({ key: now.key, dist: distHash() }) + '\n');
} else {
  console.error('usage: node tools/build-stamp.mjs check | save SINCE_MS');
  process.exit(2);
}

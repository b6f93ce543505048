// Trunk post_build hook (after externalise-init.mjs): writes
// practice-pulse.html, the whole survey as one file: the page, its styles,
// the start-up script, the JS glue and the wasm (base64, instantiated
// asynchronously), and the hand-in worker as a data block, under a
// Content-Security-Policy that allows only those inline scripts and styles
// (by hash), WebAssembly and a worker from a blob: address, and no
// connection at all. It works from file://, a document library or a USB stick.
// Trunk has no single-file output, hence this step of ours.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('single-file: TRUNK_STAGING_DIR is not set; run me as a Trunk hook');
  process.exit(1);
}
const read = (name) => readFileSync(join(dir, name.replace(/^\.\//, '')), 'utf8');
const fail = (why) => { console.error(`single-file: ${why}`); process.exit(1); };
let html = read('index.html');

const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const scriptHashes = [];
const styleHashes = [];

// Styles, in order.
html = html.replace(/<link\b[^>]*\bhref=["']?([^"' >]+\.css)["']?[^>]*>/g, (_, href) => {
  const css = read(href);
  styleHashes.push(sha(css));
  return `<style>${css}</style>`;
});

// The crash notice, a classic script that must run before the wasm (in
// the page it is deferred, which keeps that order; inline it runs at once).
html = html.replace(/<script (?:defer )?src=["']?crash-notice\.js["']?><\/script>/, () => {
  const js = read('crash-notice.js');
  scriptHashes.push(sha(js));
  return `<script>${js}</script>`;
});

// Preloads are for separate files only.
html = html.replace(/<link\b[^>]*\brel=["']?(modulepreload|preload)["']?[^>]*>/g, '');

// The start-up module: the glue, then the wasm from base64.
const init = html.match(/<script type=["']?module["']? src=["']?\.\/(init-[^"' ]+\.js)["']?[^>]*><\/script>/);
if (!init) fail('no start-up script found in index.html');
const initJs = read(init[1]);
const glueName = initJs.match(/from\s*["'`]\.\/([^"'`]+\.js)["'`]/)?.[1];
const wasmName = initJs.match(/module_or_path:\s*["'`]\.\/([^"'`]+\.wasm)["'`]/)?.[1];
if (!glueName || !wasmName) fail(`cannot read the start-up script: ${initJs}`);
let glue = read(glueName);
const exportLine = /export\s*\{\s*initSync\s*,\s*__wbg_init as default\s*\};?/;
if (!exportLine.test(glue)) fail('the glue does not end with the export wasm-bindgen writes');
glue = glue.replace(exportLine, '');
const wasm = readFileSync(join(dir, wasmName)).toString('base64');
const module = `${glue}
const bytes = Uint8Array.from(atob("${wasm}"), (c) => c.charCodeAt(0));
await __wbg_init({ module_or_path: bytes });
`;
scriptHashes.push(sha(module));
html = html.replace(init[0], () => `<script type="module">${module}</script>`);

// The hand-in worker (built beside the survey; started only on "Hand in to
// the practice"): a page opened from a disk cannot start a worker from
// another file, so its code travels inside the page as a data block that
// never runs, started from a blob: address made of it (worker-src blob:).
const workerGlue = read('handin.js');
const workerWasm = readFileSync(join(dir, 'handin_bg.wasm')).toString('base64');
const workerSource = `${workerGlue}
wasm_bindgen({ module_or_path: Uint8Array.from(atob("${workerWasm}"), (c) => c.charCodeAt(0)) });
`;
if (/<\/(script|head)/i.test(workerSource)) fail('the hand-in worker holds a closing script or head tag');

// The policy: these inline scripts and styles only, WebAssembly, no connection.
const csp = [
  "default-src 'none'",
  `script-src ${scriptHashes.join(' ')} 'wasm-unsafe-eval'`,
  `style-src ${styleHashes.join(' ')}`,
  'img-src data:',
  'worker-src blob:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
const cspTag = /<meta\b[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/;
if (!cspTag.test(html)) fail('no Content-Security-Policy found in index.html');
html = html.replace(cspTag, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
if (/<script\b[^>]*\bsrc=|<link\b[^>]*\bhref=["']?\.?\//.test(html)) fail('a reference to another file is left');
html = html.replace('</head>', () => `<script type="text/plain" id="practice-pulse-hand-in">${workerSource}</script></head>`);

// Marks the page as the one-file survey: it asks for no practice.json.
html = html.replace(/<meta charset=["']?utf-8["']?>/i, (m) => `${m}<meta name="practice-pulse" content="one-file">`);
if (!html.includes('content="one-file"')) fail('no charset tag to follow');
writeFileSync(join(dir, 'practice-pulse.html'), html);
console.log(`single-file: practice-pulse.html written (${Math.round(html.length / 1024)} kB)`);

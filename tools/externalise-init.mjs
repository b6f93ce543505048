// Trunk post_build hook: moves Trunk's inline start-up script into its own
// file, so the Content-Security-Policy can forbid inline script entirely.
// Runs in Trunk's staging directory before dist/ is replaced.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
const fail = (message) => {
  console.error(`externalise-init: ${message}`);
  process.exit(1);
};
if (!dir) fail('TRUNK_STAGING_DIR is not set; run me as a Trunk hook');
const htmlPath = join(dir, 'index.html');
const html = readFileSync(htmlPath, 'utf8');
// Quotes are optional: with --minify Trunk writes <script type=module>.
const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*\btype=["']?module["']?[^>]*>([\s\S]*?)<\/script>/g)];
if (inline.length !== 1) fail(`expected one inline start-up script, found ${inline.length}`);
const [tag, trunkBody] = inline[0];

// A page that draws an opening before its wasm (data-shell: the survey's
// welcome) paints it first, then fetches and starts the wasm:
// - the start-up waits until the browser reports the first contentful
//   paint (the opening's), not just for a frame: the paint is reported
//   once it is on screen, and an opening removed before that loses its
//   place as the largest paint to the app's copy of it. Where no paint is
//   reported (a hidden frame, a browser without paint timing) a 300 ms
//   timer starts the app anyway;
// - the wasm is not preloaded from the head: on a slow connection the
//   styles then do not share the bandwidth with it, and Lighthouse's
//   largest paint is the opening's (its simulation counts every request
//   begun before that paint against it).
const imports = trunkBody.match(/^\s*import[^;]+;/);
if (!imports) fail(`the start-up script does not begin with its import: ${trunkBody}`);
let rest = trunkBody.slice(imports[0].length);
let page = html;
if (/\bdata-shell\b/.test(html)) {
  const afterFirstPaint = 'await new Promise((go)=>{setTimeout(go,300);try{new PerformanceObserver((l,o)=>{if(l.getEntriesByName("first-contentful-paint").length){o.disconnect();go()}}).observe({type:"paint",buffered:true})}catch{go()}});';
  rest = afterFirstPaint + rest;
  const isWasmPreload = (tag) => /\brel=["']?preload\b/.test(tag) && /\.wasm\b/.test(tag);
  const found = (page.match(/<link\b[^>]*>/g) ?? []).filter(isWasmPreload);
  if (found.length !== 1) fail(`expected one preload of the wasm, found ${found.length}`);
  page = page.replace(found[0], '');
}
// Without WebAssembly (Lockdown Mode, a browser with its JIT turned off)
// the start-up tries nothing: crash-notice.js, which runs first, has said
// plainly that this browser cannot run the survey.
const body = imports[0] + 'if(typeof WebAssembly==="object"){' + rest + '}';
const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
const name = `init-${hash}.js`;
writeFileSync(join(dir, name), body.trim() + '\n');
const integrity = 'sha384-' + createHash('sha384').update(body.trim() + '\n').digest('base64');
const replacement = `<script type="module" src="./${name}" integrity="${integrity}"></script>`;
writeFileSync(htmlPath, page.replace(tag, replacement));
console.log(`externalise-init: start-up script moved to ${name}`);

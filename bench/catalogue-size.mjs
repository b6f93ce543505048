// Prints how much the built-in instrument catalogue adds to the gzip size of
// the release wasm: every definition's text is embedded verbatim, so the
// wasm is compressed as built and again with those bytes blanked out.
// Usage: node bench/catalogue-size.mjs   (after ./dev build or bench/size.sh)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = 'dist';
const wasmName = readdirSync(dist).find((f) => f.endsWith('.wasm'));
if (!wasmName) throw new Error('no wasm in dist/: run ./dev build first');
const wasm = readFileSync(join(dist, wasmName));
const blanked = Buffer.from(wasm);
const dir = 'core/instruments';
let raw = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const text = readFileSync(join(dir, file));
  const at = blanked.indexOf(text);
  if (at < 0) throw new Error(`${file} is not embedded verbatim in ${wasmName}`);
  blanked.fill(0, at, at + text.length);
  raw += text.length;
  console.log(`${file.padEnd(28)} ${String(text.length).padStart(7)} bytes raw, ${String(gzipSync(text, { level: 9 }).length).padStart(6)} gzip alone`);
}
const gz = (b) => gzipSync(b, { level: 9 }).length;
const withCatalogue = gz(wasm);
const without = gz(blanked);
console.log(`wasm gzip with the catalogue:    ${withCatalogue} bytes`);
console.log(`wasm gzip with it blanked out:   ${without} bytes`);
console.log(`the catalogue adds ${((withCatalogue - without) / 1000).toFixed(1)} kB gzip (${(raw / 1000).toFixed(1)} kB raw definitions)`);

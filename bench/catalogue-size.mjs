// Prints how much the built-in instruments' text adds to the gzip size of
// the release wasm. They ship as Rust data (core/src/builtin/data.rs,
// generated from core/instruments/*.json), so their strings sit in the
// wasm as they are: the wasm is compressed as built and again with every
// string of every definition blanked out. The tables that point at those
// strings (a few bytes per item) are not counted.
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
const strings = (value) =>
  typeof value === 'string' ? [value]
    : Array.isArray(value) ? value.flatMap(strings)
      : value && typeof value === 'object' ? Object.entries(value).filter(([k]) => k !== 'format').flatMap(([, v]) => strings(v))
        : [];
let raw = 0;
let missing = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const definition = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  let found = 0;
  // Longest first, so a short string inside a longer one is not blanked first.
  for (const text of [...new Set(strings(definition))].sort((a, b) => b.length - a.length)) {
    const bytes = Buffer.from(text, 'utf8');
    const at = blanked.indexOf(bytes);
    if (at < 0) { missing++; continue; }
    blanked.fill(0, at, at + bytes.length);
    found += bytes.length;
  }
  raw += found;
  console.log(`${file.padEnd(28)} ${String(found).padStart(7)} bytes of text in the wasm`);
}
const gz = (b) => gzipSync(b, { level: 9 }).length;
const withCatalogue = gz(wasm);
const without = gz(blanked);
console.log(`wasm gzip as built:                ${withCatalogue} bytes`);
console.log(`wasm gzip with that text blanked:  ${without} bytes`);
console.log(`the instruments' text adds ${((withCatalogue - without) / 1000).toFixed(1)} kB gzip (${(raw / 1000).toFixed(1)} kB raw)${missing ? `; ${missing} strings given in more than one place are counted once` : ''}`);

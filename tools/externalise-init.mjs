// Trunk post_build hook: moves Trunk's inline start-up script into its own
// file, so the Content-Security-Policy can forbid inline script entirely.
// Runs in Trunk's staging directory before dist/ is replaced.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('externalise-init: TRUNK_STAGING_DIR is not set; run me as a Trunk hook');
  process.exit(1);
}
const htmlPath = join(dir, 'index.html');
const html = readFileSync(htmlPath, 'utf8');
// Quotes are optional: with --minify Trunk writes <script type=module>.
const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*\btype=["']?module["']?[^>]*>([\s\S]*?)<\/script>/g)];
if (inline.length !== 1) {
  console.error(`externalise-init: expected one inline start-up script, found ${inline.length}`);
  process.exit(1);
}
const [tag, body] = inline[0];
const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
const name = `init-${hash}.js`;
writeFileSync(join(dir, name), body.trim() + '\n');
const integrity = 'sha384-' + createHash('sha384').update(body.trim() + '\n').digest('base64');
const replacement = `<script type="module" src="./${name}" integrity="${integrity}"></script>`;
writeFileSync(htmlPath, html.replace(tag, replacement));
console.log(`externalise-init: start-up script moved to ${name}`);

// Shared set-up for the browser tests: serves dist/ on loopback, launches
// Debian's Chromium through playwright-core, records every request, and
// runs axe-core. No browser is ever downloaded.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../tools/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const outputDir = join(root, 'tests', 'output');
mkdirSync(outputDir, { recursive: true });

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Starts the server on a free port and the browser; returns helpers. */
export async function start() {
  const extra = new Map();
  const server = await startServer(join(root, 'dist'), 0, extra);
  // A second origin on this machine (127.0.0.2) for host pages that embed
  // the survey: it serves only what a test puts in `host.extra`.
  const host = await startServer(null, 0, new Map(), '127.0.0.2');
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    origin,
    browser,
    host,
    hostOrigin: `http://127.0.0.2:${host.address().port}`,
    /** Serves `body` at `path` (e.g. '/practice.json') until `unserve`. */
    serve(path, body) { extra.set(path, typeof body === 'string' ? body : JSON.stringify(body)); },
    unserve(path) { extra.delete(path); },
    /** Adds `headers` to the app's answer at `path` (e.g. a host's CSP on '/'); null removes them. */
    headers(path, headers) { if (headers) server.headers.set(path, headers); else server.headers.delete(path); },
    async stop() {
      await browser.close();
      await new Promise((ok) => host.close(ok));
      await new Promise((ok) => server.close(ok));
    },
  };
}

/**
 * A fresh page with every request and console error recorded, at `url`
 * (the app's own address unless given). `options` go to
 * browser.newContext (viewport, colorScheme, …).
 */
export async function openApp(env, options = {}, url = env.origin + '/') {
  const context = await env.browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const requests = [];
  const consoleErrors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  // File dialogs are reported to the test from the start: Playwright turns
  // that on when the first listener is added, without waiting, so a
  // waitForEvent('filechooser') added just before the press could miss it.
  page.on('filechooser', () => {});
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  // The survey's index.html draws its opening before the wasm runs; the
  // app is running once it has taken that away.
  await page.locator('[data-shell]').first().waitFor({ state: 'detached' });
  return { page, context, requests, consoleErrors };
}

/** axe-core's WCAG 2.x A/AA violations on the page as it is now. */
export async function axeViolations(page) {
  // Injected through the DevTools protocol: the page's CSP forbids inline script.
  // Once per document (about 0.5 MB of script to parse): a reload or a new
  // page has none, so it is injected again there.
  if (!(await page.evaluate(() => typeof window.axe?.run === 'function'))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

/** Whether the page scrolls sideways. */
export async function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Requests that went anywhere but the app's own files. */
export function foreignRequests(requests, origin) {
  return requests.filter((url) => !(url.startsWith(origin + '/') || url.startsWith('blob:' + origin + '/') || url.startsWith('data:')));
}

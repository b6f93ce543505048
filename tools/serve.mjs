// A small static server for the built app (dist/), used by the serve
// command and the browser tests: loopback unless HOST says otherwise (for
// a phone on the same network: HOST=0.0.0.0), no dependencies.
// Usage: [HOST=0.0.0.0] node tools/serve.mjs [dir] [port]
import { createServer } from 'node:http';
import { realpathSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(process.argv[2] ?? 'dist');
const port = Number(process.argv[3] ?? process.env.PORT ?? 8080);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg']);

// Each file is compressed once per version (as a server with precompressed
// files or a compression cache does), so load figures time the browser,
// not this server's gzip -9 of every request.
const compressed = new Map();
function gzipOnce(file, mtimeMs, body) {
  const kept = compressed.get(file);
  if (kept && kept.mtimeMs === mtimeMs) return kept.body;
  const gz = gzipSync(body, { level: 9 });
  compressed.set(file, { mtimeMs, body: gz });
  return gz;
}

/**
 * Serves `dir` on loopback. `extra` maps URL paths to contents served
 * before the folder's files (tests use it to put a practice.json beside
 * the app without touching dist/); a function there answers the request
 * itself (a test's redirect). `server.headers` maps URL paths to headers
 * added to that file's answer (a test's host Content-Security-Policy).
 */
export function startServer(dir = root, listenPort = port, extra = new Map(), host = '127.0.0.1') {
  // The folder's real path, so a folder reached through a symlink serves.
  if (dir) { try { dir = realpathSync(dir); } catch { /* missing: every request is a 404 */ } }
  const headersFor = new Map();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      if (typeof extra.get(url.pathname) === 'function') {
        extra.get(url.pathname)(req, res);
        return;
      }
      if (extra.has(url.pathname)) {
        res.writeHead(200, { 'Content-Type': types[extname(url.pathname)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
        res.end(extra.get(url.pathname));
        return;
      }
      if (!dir) throw Object.assign(new Error('no folder'), { code: 'ENOENT' });
      let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
      let file = join(dir, path);
      if (file !== dir && !file.startsWith(dir + sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      // A missing file throws ENOENT: a 404 below.
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      const { mtimeMs } = info;
      let body = await readFile(file);
      const headers = {
        'Content-Type': types[extname(file)] ?? 'application/octet-stream',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
        ...headersFor.get(url.pathname),
      };
      // Compressed as any real web server would (docs/embedding.md asks for
      // it), so load figures measure what a practice's server sends.
      if (COMPRESSIBLE.has(extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        body = gzipOnce(file, mtimeMs, body);
        headers['Content-Encoding'] = 'gzip';
        headers.Vary = 'Accept-Encoding';
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch (err) {
      res.writeHead(err.code === 'ENOENT' ? 404 : 500, { 'Content-Type': 'text/plain' });
      res.end(err.code === 'ENOENT' ? 'Not found' : 'Server error');
    }
  });
  server.extra = extra;
  server.headers = headersFor;
  return new Promise((ok) => server.listen(listenPort, host, () => ok(server)));
}

/** The addresses a listener on `host` answers on, as URLs. */
export function addresses(host, listenPort) {
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host}:${listenPort}/`];
  // Every interface: loopback for this machine, the others for a phone on
  // the same network.
  return Object.values(networkInterfaces()).flat()
    .filter((a) => a && a.family === 'IPv4')
    .map((a) => `http://${a.address}:${listenPort}/`);
}

// Run as a program (also from a path with spaces, or through a symlink).
const self = fileURLToPath(import.meta.url);
const invoked = (() => { try { return realpathSync(process.argv[1] ?? ''); } catch { return ''; } })();
if (invoked === realpathSync(self)) {
  const host = process.env.HOST || '127.0.0.1';
  const server = await startServer(root, port, new Map(), host);
  const urls = addresses(host, server.address().port);
  console.log(`Practice Pulse is served at ${urls.join(' and ')} (Ctrl+C to stop)`);
  if (urls.length > 1) console.log('A phone on the same network opens the address that is not 127.0.0.1.');
}

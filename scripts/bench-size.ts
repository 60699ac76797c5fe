/**
 * What a first visit costs: the JS the page needs to start (gzip) versus what workers and models
 * load lazily, and the time to an interactive first screen in headless Chromium.
 *
 *   npm run build && npm run bench:size [-- --runs 3]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { executablePath, QUIET_ARGS } from '../tests/e2e/browser';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' }, dist: { type: 'string', default: 'dist' } } });
const dist = args.dist as string;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// The initial graph: index.html's module script and everything it imports statically.
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = /<script type="module"[^>]*src="\.\/([^"]+)"/.exec(html)?.[1];
if (!entry) throw new Error('no module entry script in dist/index.html');
const initial = new Set<string>();
const queue = [entry];
while (queue.length) {
  const file = queue.pop() as string;
  if (initial.has(file)) continue;
  initial.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(join('assets', m[1]));
}
const cssFiles = [...html.matchAll(/<link rel="stylesheet"[^>]*href="\.\/([^"]+)"/g)].map((m) => m[1]);

const rows = walk(dist).map((path) => {
  const bytes = readFileSync(path);
  return { file: relative(dist, path), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const sum = (list: typeof rows, key: 'bytes' | 'gzip') => list.reduce((a, r) => a + r[key], 0);
const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
const initialRows = rows.filter((r) => initial.has(r.file) || cssFiles.includes(r.file));
const lazyJs = rows.filter((r) => /\.(js|mjs)$/.test(r.file) && !initial.has(r.file) && !/^(sw|workbox-)/.test(r.file));
const wasm = rows.filter((r) => r.file.endsWith('.wasm'));
const models = rows.filter((r) => r.file.startsWith('models/'));
const demo = rows.filter((r) => r.file.startsWith('demo/'));

console.log(`initial (index.html + entry JS + CSS): ${kb(sum(initialRows, 'bytes'))}, gzip ${kb(sum(initialRows, 'gzip'))} — ${initialRows.map((r) => r.file).join(', ')}`);
console.log(`lazy JS (workers and their chunks): ${kb(sum(lazyJs, 'bytes'))}, gzip ${kb(sum(lazyJs, 'gzip'))} in ${lazyJs.length} files`);
for (const r of lazyJs.sort((a, b) => b.bytes - a.bytes).slice(0, 8)) console.log(`  ${r.file}: ${kb(r.bytes)}, gzip ${kb(r.gzip)}`);
console.log(`wasm: ${kb(sum(wasm, 'bytes'))}, gzip ${kb(sum(wasm, 'gzip'))} in ${wasm.length} files`);
console.log(`model files: ${kb(sum(models, 'bytes'))} in ${models.length} files; demo data: ${kb(sum(demo, 'bytes'))}`);
console.log(`dist/ total: ${kb(sum(rows, 'bytes'))} in ${rows.length} files`);

// Serve dist/ like any static host and time a first visit (empty cache, fresh profile) to the first screen.
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => server.listen(0, resolve));
const port = (server.address() as { port: number }).port;
const browser = await chromium.launch({ executablePath, args: QUIET_ARGS });
try {
  for (let run = 1; run <= Number(args.runs); run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`http://localhost:${port}/`);
    await page.getByRole('button', { name: 'Try the demo' }).waitFor();
    const shown = Date.now() - started;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd), firstContentfulPaint: Math.round(paint?.startTime ?? NaN) };
    });
    console.log(`first load ${run}: first screen usable after ${shown} ms (DOMContentLoaded ${timing.domContentLoaded} ms, first contentful paint ${timing.firstContentfulPaint} ms)`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}

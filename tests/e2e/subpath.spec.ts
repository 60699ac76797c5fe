import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { snap } from './helpers';

const SUB_PATH = '/some/sub/path/';
const DIST = resolve('dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.csv': 'text/csv', '.md': 'text/markdown',
};

/**
 * dist/ served as a plain static host would serve it from a project page (GitHub Pages:
 * https://<user>.github.io/<repo>/): files under SUB_PATH, nothing else, no special headers. Every
 * path asked for is recorded, so a URL that escapes the sub-path shows up. Port 0: the system picks
 * a free one, so this never collides with anyone's server.
 */
async function serveDistUnderSubPath(): Promise<{ url: string; paths: string[]; server: Server }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
    paths.push(path);
    const file = path.startsWith(SUB_PATH) ? normalize(join(DIST, path.slice(SUB_PATH.length) || 'index.html')) : '';
    const exists = file.startsWith(DIST) && (() => { try { return statSync(file).isFile(); } catch { return false; } })();
    if (!exists) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${SUB_PATH}`, paths, server };
}

test('dist/ works from a sub-path of a static host: the ?demo share link, its service worker, offline', async ({ page, context }) => {
  test.setTimeout(120_000);
  const { url, paths, server } = await serveDistUnderSubPath();
  try {
    // The link a seller shares: the hosted copy opens straight into the demo.
    await page.goto(`${url}?demo`);
    await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(120, { timeout: 60_000 });
    await expect(page.getByTestId('forecast-chart').locator('canvas')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(/Last forecast: 120 products/)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('compute-backend')).toHaveText('Compute: WebAssembly');

    // The service worker's scope is the sub-path, not the host's root.
    const scope = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
      }
      return registration.scope;
    });
    expect(scope).toBe(url);
    await expect(page.getByText('Works offline')).toBeVisible();
    await snap(page, 'subpath-demo');

    // Nothing was asked for outside the sub-path (an absolute "/…" URL anywhere would be).
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((path) => !path.startsWith(SUB_PATH))).toEqual([]);

    // And the sub-path copy works offline after that first visit.
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(120, { timeout: 60_000 });
    await expect(page.getByTestId('compute-backend')).toHaveText('Compute: WebAssembly', { timeout: 60_000 });
  } finally {
    await context.setOffline(false);
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

/**
 * Shared harness of the text benchmarks: the Vite dev server (port 5204 unless --port) serving
 * scripts/bench-text/bench.html, headless Debian Chromium (optionally with WebGPU on SwiftShader),
 * and a persistent browser profile so the IndexedDB embedding cache survives between runs.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import type { BenchWorkerApi } from './bench.worker';

const QUIET = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const WEBGPU = [
  '--headless=new', '--enable-unsafe-webgpu', '--enable-features=Vulkan,WebGPU', '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader', '--disable-vulkan-surface', '--use-angle=swiftshader',
];
export const FIXTURE_MODEL_DIR = 'tests/fixtures/models';

export interface BenchBrowser {
  page: Page;
  /** Runs a job in a fresh worker; `baseUrl` defaults to the server root (models under /models/). */
  run<K extends keyof BenchWorkerApi>(
    method: K, args: Omit<Parameters<BenchWorkerApi[K]>[0], 'baseUrl'> & { baseUrl?: string },
  ): Promise<Awaited<ReturnType<BenchWorkerApi[K]>>>;
  close(): Promise<void>;
}

let server: ViteDevServer | undefined;

export async function startServer(port: number): Promise<string> {
  // No file watching and no HMR: an edit elsewhere in the tree must not reload the page mid-benchmark.
  server ??= await createServer({ server: { port, strictPort: true, hmr: false, watch: null }, logLevel: 'warn', clearScreen: false });
  await server.listen();
  return `http://localhost:${port}/`;
}

export async function stopServer(): Promise<void> {
  await server?.close();
  server = undefined;
}

/**
 * Opens the bench page. `modelDirs` maps a URL prefix under /models/ to a folder on disk (served through
 * request routing, so bench-only models never enter public/).
 */
export async function openBench(baseUrl: string, options: { webgpu?: boolean; profile?: string; modelDirs?: Record<string, string> } = {}): Promise<BenchBrowser> {
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const profile = options.profile ?? 'reports/bench-cache/chromium-profile';
  mkdirSync(profile, { recursive: true });
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: options.webgpu ? [...QUIET, ...WEBGPU] : QUIET,
    ignoreDefaultArgs: options.webgpu ? ['--headless'] : undefined,
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  for (const [prefix, dir] of Object.entries(options.modelDirs ?? {})) {
    await context.route(`**/models/${prefix}/**`, (route) => {
      const file = new URL(route.request().url()).pathname.split(`/models/${prefix}/`)[1];
      const path = `${dir}/${file}`;
      return existsSync(path) ? route.fulfill({ body: readFileSync(path) }) : route.fulfill({ status: 404, body: '' });
    });
  }
  await page.goto(new URL('scripts/bench-text/bench.html', baseUrl).href);
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready', undefined, { timeout: 120_000 });
  return {
    page,
    run: (method, args) => page.evaluate(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      ([m, a]) => (window as any).runBench(m, a), [method, args] as const,
    ) as never,
    close: () => context.close(),
  };
}

export function decodeVectors(base64: string, dimension: number): Float32Array[] {
  const bytes = Buffer.from(base64, 'base64');
  const flat = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const out: Float32Array[] = [];
  for (let i = 0; i < flat.length; i += dimension) out.push(flat.slice(i, i + dimension));
  return out;
}

/**
 * The app itself on a fresh profile: opens `?demo` and measures main-thread long tasks (> 50 ms)
 * while the demo's 120 product names are embedded in the worker, from the moment the text job
 * starts until similar products are shown.
 */
export async function demoResponsiveness(baseUrl: string): Promise<{ embedMs: number; longTasks: number; longestMs: number; status: string }> {
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const browser = await chromium.launch({ executablePath, args: QUIET });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: [number, number][] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${baseUrl}?demo`);
    const similar = page.getByRole('region', { name: 'Similar products' });
    const started = await page.waitForFunction(() => {
      const text = document.querySelector('[aria-label="Similar products"]')?.textContent ?? '';
      return /Loading|Reading|Starting/.test(text) ? performance.now() : false;
    }, undefined, { timeout: 120_000, polling: 20 });
    const t0 = (await started.jsonValue()) as number;
    await similar.getByRole('listitem').first().waitFor({ timeout: 120_000 });
    const t1 = await page.evaluate(() => performance.now());
    const tasks = await page.evaluate(() => (window as unknown as { __longTasks: [number, number][] }).__longTasks);
    const during = tasks.filter(([start, duration]) => start + duration >= t0 && start <= t1);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Text & reviews' }).click();
    const status = (await page.getByTestId('text-status').textContent()) ?? '';
    return { embedMs: t1 - t0, longTasks: during.length, longestMs: Math.max(0, ...during.map(([, d]) => d)), status: status.trim() };
  } finally {
    await browser.close();
  }
}

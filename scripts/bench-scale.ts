/**
 * Does the dashboard stay responsive for a seller with thousands of products? Imports a file
 * through the built app in headless Chromium, waits for every product's forecast, then opens each
 * view, and prints how long each step took and the main thread's long tasks (PerformanceObserver
 * 'longtask', > 50 ms) during it.
 *
 *   npm run build && npm run bench:scale -- --file ../shared/data/online-retail/online_retail.csv
 *   npm run bench:scale -- --products 3000 --days 730        # a generated long CSV instead
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { executablePath, QUIET_ARGS } from '../tests/e2e/browser';

const { values: args } = parseArgs({
  options: {
    file: { type: 'string' },
    products: { type: 'string', default: '3000' },
    days: { type: 'string', default: '730' },
    port: { type: 'string', default: '4298' },
  },
});

/** Intermittent daily sales with weekly rhythm, `products` × `days`, deterministic. */
async function generate(products: number, days: number): Promise<string> {
  const path = join(tmpdir(), `shelfcast-scale-${products}x${days}.csv`);
  if (existsSync(path)) return path;
  const out = createWriteStream(path);
  const write = (text: string) => new Promise<void>((ok) => (out.write(text) ? ok() : out.once('drain', ok)));
  await write('date,sku,quantity,price\n');
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const start = Date.UTC(2023, 0, 2);
  for (let d = 0; d < days; d++) {
    const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    let chunk = '';
    for (let p = 0; p < products; p++) {
      const rate = (1 + (p % 17)) * (d % 7 >= 5 ? 0.5 : 1) / 4;
      const qty = random() < Math.min(0.95, rate) ? 1 + Math.floor(random() * 3 * rate) : 0;
      if (qty) chunk += `${date},SKU-${String(p).padStart(5, '0')},${qty},${(3 + (p % 40)).toFixed(2)}\n`;
    }
    await write(chunk);
  }
  await new Promise<void>((ok) => out.end(ok));
  return path;
}

const file = args.file ? resolve(args.file) : await generate(Number(args.products), Number(args.days));
if (!existsSync('dist/index.html')) throw new Error('build first: npm run build');
const port = Number(args.port);
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
await new Promise((ok) => setTimeout(ok, 2500));

const browser = await chromium.launch({ executablePath, args: QUIET_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`http://localhost:${port}/`);
  const now = () => page.evaluate(() => performance.now());
  const longTasks = async (from: number) => {
    const tasks = await page.evaluate((t0) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks
      .filter((t) => t.start >= t0), from);
    const longest = Math.max(0, ...tasks.map((t) => t.duration));
    return `${tasks.length} long tasks, longest ${Math.round(longest)} ms, total ${Math.round(tasks.reduce((a, t) => a + t.duration, 0))} ms`;
  };
  const step = async (label: string, action: () => Promise<void>) => {
    const t0 = await now();
    await action();
    const t1 = await now();
    console.log(`${label}: ${((t1 - t0) / 1000).toFixed(1)} s; main thread: ${await longTasks(t0)}`);
  };
  const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();

  await step('check the file', async () => {
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByRole('region', { name: 'Import check' }).getByRole('button', { name: /^Import [\d,]+ rows?$/ }).waitFor({ timeout: 600_000 });
  });
  await step('store and forecast every product', async () => {
    await page.getByRole('region', { name: 'Import check' }).getByRole('button', { name: /^Import [\d,]+ rows?$/ }).click();
    await page.getByText(/Last forecast: [\d,]+ products/).waitFor({ timeout: 1_800_000 });
  });
  const products = await page.getByText(/[\d,]+ products/).first().textContent();
  console.log(`(${products?.trim()})`);
  await step('open Plan', async () => {
    await tab(page, 'Plan');
    await page.locator('section[aria-label="Reorder plan"] tbody tr').first().waitFor({ timeout: 600_000 });
  });
  await step('open Alerts', async () => {
    await tab(page, 'Alerts');
    await page.waitForTimeout(3000);
  });
  await step('open Forecasts and pick another product', async () => {
    await tab(page, 'Forecasts');
    await page.getByRole('listbox', { name: 'Products' }).getByRole('option').nth(5).click();
    await page.getByTestId('forecast-chart').locator('canvas').waitFor();
  });
} finally {
  await browser.close();
  process.kill(-server.pid!);
}

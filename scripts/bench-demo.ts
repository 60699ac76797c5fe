/**
 * Times "Try the demo" as a seller sees it: from page load (or the click) to the forecast chart and
 * a full plan table, in headless Chromium against a running server.
 *
 *   npm start &            # or: npm run build && npm run preview
 *   npm run bench:demo -- --url http://localhost:5173/ [--runs 3]
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

const { values: args } = parseArgs({
  options: { url: { type: 'string', default: 'http://localhost:5173/' }, runs: { type: 'string', default: '3' } },
});
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  for (let run = 1; run <= Number(args.runs); run++) {
    const context = await browser.newContext(); // fresh IndexedDB: a first visit every time
    const page = await context.newPage();
    const loadStart = Date.now();
    await page.goto(args.url as string);
    const button = page.getByRole('button', { name: 'Try the demo' });
    await button.waitFor({ timeout: 60_000 });
    const ready = Date.now();
    await button.click();
    await page.getByTestId('forecast-chart').locator('canvas').waitFor({ timeout: 120_000 });
    const chartShown = Date.now();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Plan' }).click();
    await page.locator('section[aria-label="Reorder plan"] tbody tr').nth(119).waitFor({ timeout: 120_000 });
    const done = Date.now();
    const backend = await page.getByTestId('compute-backend').textContent();
    const forecastLine = await page.getByText(/Last forecast:/).textContent();
    console.log(`run ${run}: page ready ${ready - loadStart} ms, click → chart ${chartShown - ready} ms, → 120-row plan ${done - ready} ms, ` +
      `total ${done - loadStart} ms (${backend?.trim()}; ${forecastLine?.trim()})`);
    await context.close();
  }
} finally {
  await browser.close();
}

/**
 * Times "Try the demo" as a seller sees it, in headless Chromium against a running server: from
 * the click to the first useful purchase plan on screen (all 120 products with a summary line:
 * the quick plan), and to the refined plan once the automatic model choice has finished.
 *
 *   npm run build && npx vite preview --port 4173 &
 *   npm run bench:demo -- --url http://localhost:4173/ [--runs 3]
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
const firstPlans: number[] = [];
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
    // The tabs appear once the demo's products are stored; the Plan tab shows the plan as soon as one exists.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Plan' }).click({ timeout: 120_000 });
    const tabsShown = Date.now();
    await page.locator('section[aria-label="Reorder plan"] tbody tr').nth(119).waitFor({ timeout: 120_000 });
    await page.getByTestId('plan-summary-line').waitFor({ timeout: 120_000 });
    const firstPlan = Date.now();
    const quickSummary = (await page.getByTestId('plan-summary-line').textContent())?.replace(/\s+/g, ' ').trim();
    const wasQuick = await page.getByTestId('plan-refining').isVisible();
    await page.getByText(/Last forecast:/).waitFor({ timeout: 300_000 });
    await page.locator('[data-plan-state="final"]').waitFor({ timeout: 300_000 });
    const refined = Date.now();
    const refinedSummary = (await page.getByTestId('plan-summary-line').textContent())?.replace(/\s+/g, ' ').trim();
    const backend = await page.getByTestId('compute-backend').textContent();
    firstPlans.push(firstPlan - ready);
    console.log(`run ${run}: page ready ${ready - loadStart} ms, click → tabs ${tabsShown - ready} ms, → first plan ${firstPlan - ready} ms` +
      `${wasQuick ? ' (quick plan)' : ''}, → refined plan ${refined - ready} ms (${backend?.trim()})`);
    console.log(`  first:   ${quickSummary}`);
    console.log(`  refined: ${refinedSummary}`);
    await context.close();
  }
  firstPlans.sort((a, b) => a - b);
  console.log(`median click → first useful plan: ${firstPlans[Math.floor(firstPlans.length / 2)]} ms over ${firstPlans.length} runs`);
} finally {
  await browser.close();
}

import { mkdirSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { expect, test, type Page } from '@playwright/test';
import { importCsv, planRow } from './helpers';

/**
 * A seller's walk from data to a purchase order: the demo with its catalogue, then a sales file
 * without stock, stock pasted from a spreadsheet, and the purchase order downloaded and checked —
 * on a desktop and on a phone. Screenshots go to test-results/seller/.
 */

const SALES_WITHOUT_STOCK = 'tests/fixtures/plan-sales.csv';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/seller', { recursive: true });
  await page.screenshot({ path: `test-results/seller/${name}.png`, fullPage: true });
}

async function openView(page: Page, name: string) {
  const tab = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  await tab.scrollIntoViewIfNeeded();
  await tab.click();
}

/** The page never scrolls sideways: nothing is wider than the screen. */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

interface OrderRow { [column: string]: string }

/** Downloads the purchase order and reads it back as rows keyed by header. */
async function downloadOrder(page: Page): Promise<{ header: string[]; rows: OrderRow[]; raw: string }> {
  const downloading = page.waitForEvent('download');
  await page.getByTestId('download-po').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^purchase-order-\d{4}-\d{2}-\d{2}\.csv$/);
  const raw = readFileSync(await download.path(), 'utf8');
  const parsed = Papa.parse<OrderRow>(raw.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true });
  return { header: parsed.meta.fields ?? [], rows: parsed.data, raw };
}

for (const device of [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
]) {
  test.describe(`seller's walk on a ${device.name}`, () => {
    test.use({ viewport: device.viewport });

    test('the demo plans with its catalogue\'s stock and gives a purchase order per supplier', async ({ page }) => {
      test.setTimeout(240_000);
      await page.goto('./');
      await shot(page, `${device.name}-1-welcome`);
      await page.getByRole('button', { name: 'Try the demo' }).click();
      await openView(page, 'Plan');
      const rows = page.locator('section[aria-label="Reorder plan"] tbody tr');
      await expect(rows).toHaveCount(120, { timeout: 120_000 });
      await expect(page.locator('[data-plan-state="quick"], [data-plan-state="final"]')).toBeVisible({ timeout: 120_000 });

      // Stock comes from the demo catalogue: every product has a figure, and the plan is a mix.
      await expect(page.getByTestId('plan-unknown-stock')).toHaveCount(0);
      await expect(rows.and(page.locator('[data-status="unknown"]'))).toHaveCount(0);
      const count = (status: string) => rows.and(page.locator(`[data-status="${status}"]`)).count();
      const [now, later, over] = [await count('now'), await count('later'), await count('over')];
      expect(now).toBeGreaterThan(10);
      expect(later).toBeGreaterThan(10);
      expect(over).toBeGreaterThan(3);
      expect(now + later + over).toBe(120);
      await expect(page.getByTestId('plan-summary-line')).toContainText(`${now} products to order now`);
      await expect(page.getByTestId('plan-summary-line')).toContainText(`${later} to order later, ${over} overstocked`);
      await expect(page.getByTestId('plan-summary-line')).toContainText('£');
      // The demo's sales end in 2011: the plan says it is as of the last sale, not today.
      await expect(page.getByTestId('plan-as-of')).toContainText('too long ago');
      if (device.name === 'phone') await expectNoSidewaysScroll(page);
      await shot(page, `${device.name}-2-demo-plan`);

      // The purchase order: one block per supplier, only what to order, money in pounds.
      const { header, rows: lines } = await downloadOrder(page);
      expect(header).toEqual(['Supplier', 'Product code', 'Product', 'Quantity', 'Unit cost (GBP)', 'Line total (GBP)', 'Order by', 'Expected arrival']);
      const products = lines.filter((r) => r['Product code'] !== '');
      expect(products).toHaveLength(now);
      expect(new Set(products.map((r) => r.Supplier)).size).toBeGreaterThanOrEqual(3);
      for (const line of products) {
        expect(Number(line.Quantity)).toBeGreaterThan(0);
        expect(line['Unit cost (GBP)']).not.toBe('');
        expect(Number(line['Line total (GBP)'])).toBeCloseTo(Number(line.Quantity) * Number(line['Unit cost (GBP)']), 2);
      }
      const grand = lines.at(-1) as OrderRow;
      expect(grand.Product).toBe('Total, all suppliers');
      const sum = products.reduce((s, r) => s + Number(r['Line total (GBP)']), 0);
      expect(Number(grand['Line total (GBP)'])).toBeCloseTo(sum, 1);
      expect(Number(grand.Quantity)).toBe(products.reduce((s, r) => s + Number(r.Quantity), 0));
      for (const supplier of new Set(products.map((r) => r.Supplier))) {
        const total = lines.find((r) => r.Supplier === supplier && r.Product === 'Total') as OrderRow;
        const mine = products.filter((r) => r.Supplier === supplier).reduce((s, r) => s + Number(r['Line total (GBP)']), 0);
        expect(Number(total['Line total (GBP)'])).toBeCloseTo(mine, 1);
      }

      // The printable order on screen.
      await page.getByRole('button', { name: 'Purchase order', exact: true }).click();
      const sheet = page.getByRole('region', { name: 'Purchase order' });
      await expect(sheet.locator('article.supplier')).toHaveCount(new Set(products.map((r) => r.Supplier)).size);
      if (device.name === 'phone') await expectNoSidewaysScroll(page);
      await sheet.scrollIntoViewIfNeeded();
      await shot(page, `${device.name}-3-purchase-order`);

      // A product's details: one "order now" figure, the chart fits the screen.
      await page.getByRole('button', { name: 'Purchase order', exact: true }).click();
      const first = rows.and(page.locator('[data-status="now"]')).first();
      await first.getByRole('button', { name: 'Details' }).click();
      const details = page.getByRole('article', { name: 'Plan details' });
      await expect(details.getByTestId('stock-chart').locator('canvas')).toBeVisible();
      await expect(details.getByTestId('dp-order-now')).toBeHidden();
      const box = await details.getByTestId('stock-chart').boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= device.viewport.width + 1).toBe(true);
      await details.scrollIntoViewIfNeeded();
      await shot(page, `${device.name}-4-details`);

      // Every tab can be reached and tapped, Data included.
      await openView(page, 'Data');
      await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Data', exact: true })).toHaveAttribute('aria-current', 'page');
      await openView(page, 'Forecasts');
      await expect(page.getByTestId('forecast-chart').locator('canvas')).toBeVisible();
      if (device.name === 'phone') await expectNoSidewaysScroll(page);
      await shot(page, `${device.name}-5-forecasts`);
    });

    test('a sales file without stock: the plan asks for stock, paste fills it, the order follows', async ({ page }) => {
      test.setTimeout(240_000);
      await page.goto('./');
      await importCsv(page, SALES_WITHOUT_STOCK);
      await expect(page.getByText(/Last forecast:/)).toBeVisible({ timeout: 90_000 });
      await openView(page, 'Plan');

      // No stock anywhere: no order is advised, and the stock form is open.
      await expect(page.getByTestId('plan-unknown-stock')).toContainText('2 of 2 products have no stock figure');
      await expect(page.getByTestId('plan-summary-line')).toContainText('0 products to order now');
      await expect(page.getByRole('region', { name: 'Stock on hand' })).toBeVisible();
      await expect(planRow(page, 'GROW-2').locator('[data-col="order-qty"]')).toHaveText('stock unknown — enter it');
      await expect(page.getByTestId('download-po')).toBeDisabled();
      await shot(page, `${device.name}-6-asks-for-stock`);

      // A bad paste is refused with its line, and stores nothing.
      await page.getByTestId('stock-paste').fill('GROW-2\t5\nNOPE-9\t3');
      await page.getByRole('button', { name: 'Use these figures' }).click();
      await expect(page.getByRole('region', { name: 'Stock on hand' }).getByRole('alert')).toContainText('Line 2, column 1: no product with code "NOPE-9"');
      await expect(page.getByTestId('plan-unknown-stock')).toContainText('2 of 2');

      // Two products' stock pasted from a spreadsheet (with its header row): the plan updates.
      await page.getByTestId('stock-paste').fill('SKU\tOn hand\nGROW-2\t5\nSTEADY-1\t400');
      await page.getByRole('button', { name: 'Use these figures' }).click();
      await expect(page.getByRole('region', { name: 'Stock on hand' }).getByRole('status')).toContainText('Stock saved for 2 products');
      await expect(page.getByTestId('plan-unknown-stock')).toHaveCount(0);
      await expect(planRow(page, 'GROW-2').getByRole('spinbutton')).toHaveValue('5');
      await expect(planRow(page, 'GROW-2')).toHaveAttribute('data-status', 'now');
      await expect(planRow(page, 'STEADY-1')).not.toHaveAttribute('data-status', 'unknown');
      const growQty = Number((await planRow(page, 'GROW-2').locator('[data-col="order-qty"] strong').textContent())?.replace(/[^\d]/g, ''));
      expect(growQty).toBeGreaterThan(0);
      if (device.name === 'phone') await expectNoSidewaysScroll(page);
      await shot(page, `${device.name}-7-after-paste`);

      // The purchase order: the file's products have no supplier and no cost but a price (unit cost assumed).
      await expect(page.getByTestId('download-po')).toBeEnabled({ timeout: 60_000 });
      const { rows: lines, raw } = await downloadOrder(page);
      expect(raw.startsWith('\ufeffSupplier,Product code,')).toBe(true);
      const grow = lines.find((r) => r['Product code'] === 'GROW-2') as OrderRow;
      expect(grow.Supplier).toBe('No supplier');
      expect(Number(grow.Quantity)).toBe(growQty);
      expect(Number(grow['Line total (USD)'])).toBeCloseTo(growQty * Number(grow['Unit cost (USD)']), 2);
      expect(lines.some((r) => r['Product code'] !== '' && Number(r.Quantity) === 0)).toBe(false);
    });
  });
}

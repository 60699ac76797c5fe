import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { importCsv, planRow, snap } from './helpers';

const FIXTURE = 'tests/fixtures/plan-sales.csv';
const SKELETON = 'tests/fixtures/skeleton-sales.csv';
const CATALOGUE = 'tests/fixtures/plan-catalogue.csv';

/** Imports a file through the app's check screen, then waits for the forecast it starts to finish. */
async function importFile(page: Page, path: string, input: 'file-input' | 'data-file-input' = 'file-input') {
  await importCsv(page, path, input);
  if (input === 'file-input') await expect(page.getByText(/Last forecast:/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0, { timeout: 60_000 });
}

async function openView(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
}

test('plan: settings change the levels, a budget cuts orders, details show the projected stock and the DP plan', async ({ page }) => {
  await page.goto('./');
  await importFile(page, SKELETON);
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
  await openView(page, 'Plan');
  // The file has no stock: the plan asks for it; both shelves are empty.
  await expect(page.getByTestId('plan-unknown-stock')).toContainText('2 of 2 products have no stock figure');
  await page.getByTestId('stock-paste').fill('REG-1\t0\nNOISY-2\t0');
  await page.getByRole('button', { name: 'Use these figures' }).click();
  await expect(page.getByTestId('plan-unknown-stock')).toHaveCount(0);

  // REG-1 sells 28 a week with certainty. Defaults (lead time 14, review 14): s = 56 + 1 (lead time + the
  // next day's check, a Monday), S = 112, order today.
  const reg = planRow(page, 'REG-1');
  await expect(reg.locator('[data-col="order-qty"]')).toHaveText('112');
  await expect(reg.locator('[data-col="order-by"]')).toHaveText('today');
  await expect(reg.locator('[data-col="arrives"]')).toHaveText('2024-03-25');
  await expect(reg.locator('[data-col="fill-rate"]')).toHaveText('100.0%');

  // A weekly review instead: S covers 14 + 7 days = 3 weeks = 84; the reorder point stays 57.
  await page.getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Plan settings' });
  await form.getByLabel('Review period (days)').fill('7');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('status')).toContainText('Saved');
  await expect(reg.locator('[data-col="order-up-to"]')).toHaveText('84');
  await expect(reg.locator('[data-col="reorder-point"]')).toHaveText('57');
  // A bad value is refused with a reason, and nothing is saved.
  await form.getByLabel('Service level (%)').fill('100');
  await expect(form).toContainText('Service level must be above 50% and below 100%.');
  await expect(form.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  // A budget of 100 cannot buy both orders (unit cost assumed 60% of the 4.00 price): they are cut.
  await form.getByLabel('Service level (%)').fill('95');
  await form.getByLabel('Budget for this order (0 = no limit)').fill('100');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('budget-line')).toContainText('ordered less than planned');
  const spent = Number((await page.getByTestId('budget-line').textContent())?.match(/([\d.]+) spent/)?.[1]);
  expect(spent).toBeLessThanOrEqual(100);
  await form.getByLabel('Budget for this order (0 = no limit)').fill('0');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('budget-line')).toHaveCount(0);

  await reg.getByRole('button', { name: 'Details' }).click();
  const details = page.getByRole('article', { name: 'Plan details' });
  await expect(details.getByTestId('detail-order')).toContainText('84 units, arriving 2024-03-25');
  await expect(details.getByTestId('stock-chart').locator('canvas')).toBeVisible();
  // Certain demand of 4/day on average, no ordering cost: the DP also orders what lasts to the next review.
  await details.getByText('Details for analysts').click();
  await expect(details.getByRole('table', { name: 'Multi-period plan' }).locator('tbody tr')).not.toHaveCount(0);
  await snap(page, 'plan-view');
});

test('catalogue rounding, alerts ranked by money at stake, and a promotion what-if', async ({ page }) => {
  await page.goto('./');
  await importFile(page, FIXTURE);
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
  // The catalogue: GROW-2 comes in cases of 12 with a minimum order of 100; STEADY-1 has 30 on order.
  await openView(page, 'Data');
  await importFile(page, CATALOGUE, 'data-file-input');
  await openView(page, 'Plan');
  // STEADY-1's stock comes below; GROW-2's shelf is empty.
  const growOnHand = planRow(page, 'GROW-2').getByRole('spinbutton', { name: 'On hand for GROW-2' });
  await growOnHand.fill('0');
  await growOnHand.press('Enter');
  const grow = planRow(page, 'GROW-2');
  await expect(grow).toHaveAttribute('data-status', 'now');
  const growQty = Number((await grow.locator('[data-col="order-qty"]').textContent())?.replace(/[^\d]/g, ''));
  expect(growQty % 12).toBe(0);
  expect(growQty).toBeGreaterThanOrEqual(100);
  await grow.getByRole('button', { name: 'Details' }).click();
  await expect(page.getByTestId('detail-rounding')).toContainText('cases of 12');
  await expect(planRow(page, 'STEADY-1').locator('td').nth(2)).toHaveText('30');
  // Lots of stock for the steady product: overstock instead of a stockout.
  const onHand = planRow(page, 'STEADY-1').getByRole('spinbutton', { name: 'On hand for STEADY-1' });
  await onHand.fill('2000');
  await onHand.press('Enter');
  await expect(planRow(page, 'STEADY-1').locator('[data-col="order-qty"] strong')).toHaveText('0');
  await expect(planRow(page, 'STEADY-1')).toHaveAttribute('data-status', 'over');

  await openView(page, 'Alerts');
  const alerts = page.getByRole('region', { name: 'Alerts' });
  await expect(alerts.getByTestId('checks-running')).toHaveCount(0, { timeout: 30_000 });
  // GROW-2 has nothing on hand and a 14-day lead time; it went from 5 to 15 a day on 2024-04-08.
  await expect(alerts.locator('tr[data-kind="stockout"][data-sku="GROW-2"]')).toContainText('100% chance of running out');
  await expect(alerts.locator('tr[data-kind="trend"][data-sku="GROW-2"]')).toContainText('Demand up');
  // STEADY-1 sold 90 on 2024-05-09 against a usual ~10.
  await expect(alerts.locator('tr[data-kind="anomaly"][data-sku="STEADY-1"]')).toContainText('2024-05-09');
  await expect(alerts.locator('tr[data-kind="overstock"][data-sku="STEADY-1"]')).toBeVisible();
  // Ranked by money at stake.
  const stakes = await alerts.locator('tbody tr td.money').allTextContents();
  const numbers = stakes.map((s) => Number(s.replace(/[^0-9.]/g, '')));
  expect(numbers.length).toBeGreaterThanOrEqual(4);
  expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);
  await snap(page, 'alerts-view');
  await alerts.getByRole('button', { name: 'Trend changes (1)' }).click();
  await expect(alerts.locator('tbody tr')).toHaveCount(1);

  await openView(page, 'What-if');
  await page.getByLabel('Product').selectOption('GROW-2');
  // The plan starts 2024-05-20; today's order arrives 2024-06-03 (14-day lead time) and covers 14 days
  // from then: a promotion 2024-06-03 – 2024-06-09 is what it has to serve.
  await page.getByLabel('First day of the promotion').fill('2024-06-03');
  await page.getByLabel('Last day of the promotion').fill('2024-06-09');
  await page.getByLabel('Discount').fill('25');
  await page.getByLabel('Expected uplift').fill('50');
  const compare = page.getByRole('region', { name: 'Plan with and without the promotion' });
  await expect(page.getByTestId('uplift-source')).toContainText('+50%');
  await expect(page.getByTestId('uplift-source')).toContainText('your estimate');
  const count = async (cell: number) => Number((await compare.locator('tr[data-row="order"] td').nth(cell).textContent())?.replace(/[^\d]/g, ''));
  const before = await count(0);
  const after = await count(1);
  expect(after).toBeGreaterThan(before);
  await expect(page.getByTestId('extra-order')).toContainText(`${(after - before).toLocaleString('en')} more`);
  await expect(page.getByTestId('whatif-chart').locator('canvas')).toBeVisible();
  await snap(page, 'whatif-view');
  // STEADY-1 had four promotion days (flagged in the sales file), each selling half as much again
  // as the same weekday around it: the uplift is learned from them instead of the seller's guess.
  await page.getByLabel('Product').selectOption('STEADY-1');
  await expect(page.getByTestId('uplift-source')).toContainText('measured on 4 past promotion days');
});

test.describe('purchase plan export', () => {
  test.use({ locale: 'de-DE' });

  test('downloads for Excel in the seller’s locale, with formulas neutralised', async ({ page }) => {
    await page.goto('./');
    await importFile(page, FIXTURE);
    await openView(page, 'Plan');
    await expect(planRow(page, 'GROW-2')).toBeVisible();
    const downloading = page.waitForEvent('download');
    await page.getByText('Full table for analysts').click();
    await page.getByRole('button', { name: 'All columns (Excel)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('purchase-plan-2024-05-20.csv');
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.startsWith('\ufeffsku;order_qty;reorder_point;order_up_to;expected_fill_rate;')).toBe(true);
    expect(text).toContain('\r\n');
    // The product name that is a formula arrives as text; fill rates use a decimal comma.
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"";""Grow vase"")"'.replace(';', ','));
    expect(text).toMatch(/\r\nGROW-2;\d+;\d+;\d+;0,\d+;/);
  });
});

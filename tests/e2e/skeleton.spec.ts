import { expect, test } from '@playwright/test';
import { planRow, snap } from './helpers';

const FIXTURE = 'tests/fixtures/skeleton-sales.csv';

test('import a CSV: product list, chart, report and a plan with the hand-computed numbers', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('button', { name: 'Import sales CSV' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try the demo' })).toBeVisible();

  await page.getByTestId('file-input').setInputFiles(FIXTURE);

  // The validation report comes first; nothing is stored until the seller confirms.
  const check = page.getByRole('region', { name: 'Import check' });
  await expect(check).toContainText('87 rows read, 86 accepted, 1 rejected');
  await expect(check).toContainText('skeleton-sales.csv, line 7, column 3 (Quantity): quantity "six" is not a number');
  await check.getByRole('button', { name: 'Import 86 rows' }).click();

  const report = page.getByRole('region', { name: 'Import report' });
  await expect(report).toContainText('87 rows read');
  await expect(report).toContainText('86 accepted, 1 rejected');
  await expect(report).toContainText('skeleton-sales.csv, line 7, column 3 (Quantity): quantity "six" is not a number');

  const products = page.getByRole('listbox', { name: 'Products' });
  await expect(products.getByRole('option')).toHaveCount(2);
  await expect(page.getByTestId('forecast-chart').locator('canvas')).toBeVisible();

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Plan' }).click();
  // REG-1 sells 1..7 units Monday..Sunday every week, so its forecast is certain:
  // the (s,S) reorder point covers the 14-day lead time + the next daily check: 2 weeks × 28 + Monday's 1
  // = 57 units (the plan starts on Monday 2024-03-11); lead time + 14-day review = 112 units.
  const reg = planRow(page, 'REG-1');
  await expect(reg.locator('[data-col="reorder-point"]')).toHaveText('57');
  await expect(reg.locator('[data-col="order-up-to"]')).toHaveText('112');
  // No stock figure yet: no order is suggested until the seller gives one (here: an empty shelf).
  await expect(reg.locator('[data-col="order-qty"]')).toHaveText('stock unknown — enter it');
  const onHand = reg.getByRole('spinbutton', { name: 'On hand for REG-1' });
  await onHand.fill('0');
  await onHand.press('Enter');
  await expect(reg.locator('[data-col="order-qty"]')).toHaveText('112');

  // With 50 on hand (below the reorder point) order up to 112; with 60 no order is needed.
  await onHand.fill('50');
  await onHand.press('Enter');
  await expect(reg.locator('[data-col="order-qty"]')).toHaveText('62');
  await onHand.fill('60');
  await onHand.press('Enter');
  await expect(reg.locator('[data-col="order-qty"]')).toHaveText('0');

  // The product whose name holds HTML and a script tag shows it as text and never runs it.
  await planRow(page, 'NOISY-2').getByRole('button', { name: 'NOISY-2' }).click();
  await expect(page.getByRole('article', { name: 'Selected product' })).toContainText('<b>Noisy</b> plate <script>');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByRole('article', { name: 'Selected product' })).toContainText('Short history (30 days)');

  // Search narrows the list.
  await page.getByRole('searchbox', { name: 'Search products' }).fill('mug');
  await expect(products.getByRole('option')).toHaveCount(1);
  await snap(page, 'skeleton-import');

  // Reopening the page shows the stored data (and the edited stock) without importing again.
  await page.reload();
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Plan' }).click();
  await expect(planRow(page, 'REG-1').getByRole('spinbutton')).toHaveValue('60');
  await expect(page.getByRole('button', { name: 'Import sales CSV' })).toHaveCount(0);
  await snap(page, 'skeleton-after-reload');
});

test('"Try the demo" loads the shipped Online Retail sample and forecasts it', async ({ page }) => {
  await page.goto('./');
  const started = Date.now();
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(120, { timeout: 60_000 });
  await expect(page.getByTestId('forecast-chart').locator('canvas')).toBeVisible();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Plan' }).click();
  await expect(page.locator('section[aria-label="Reorder plan"] tbody tr')).toHaveCount(120, { timeout: 60_000 });
  console.log(`demo: chart and plan shown ${Date.now() - started} ms after the click`);
  await expect(page.getByTestId('compute-backend')).toContainText(/Compute: (WebGPU|WebGL|WebAssembly|CPU)/);
  await snap(page, 'demo');
});

test('a ?demo link opens straight into the demo, and About credits the data', async ({ page }) => {
  await page.goto('./?demo');
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(120, { timeout: 60_000 });
  await expect(page.getByTestId('forecast-chart').locator('canvas')).toBeVisible();
  await page.getByRole('button', { name: 'About' }).click();
  const about = page.getByRole('dialog', { name: 'About Shelfcast' });
  await expect(about).toContainText('Online Retail');
  await expect(about).toContainText('CC BY 4.0');
  await snap(page, 'demo-about');
});

test('the Data view lists imports and undoes one, removing its products', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(FIXTURE);
  await page.getByRole('region', { name: 'Import check' }).getByRole('button', { name: 'Import 86 rows' }).click();
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Data' }).click();
  const files = page.getByRole('region', { name: 'Imported files' });
  await expect(files).toContainText('skeleton-sales.csv');
  await expect(files).toContainText('2024-01-01 – 2024-03-10');
  await files.getByRole('button', { name: 'Undo import of skeleton-sales.csv' }).click();
  // With no sales left, the welcome screen comes back.
  await expect(page.getByRole('button', { name: 'Try the demo' })).toBeVisible();
});

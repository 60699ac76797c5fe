import { expect, test, type Page } from '@playwright/test';
import { importCsv, snap } from './helpers';

/** The Chinese demo shop (public/demo/zh, written for Shelfcast): 24 products, 1,096 reviews. */
const SALES = 'public/demo/zh/demo-sales-zh.csv';
const REVIEWS = 'public/demo/zh/demo-reviews-zh.csv';

function views(page: Page) {
  return page.getByRole('navigation', { name: 'Views' });
}

test('a Chinese shop: names read as Chinese n-grams, search and neighbours by shared words, sentiment learnt from its reviews', async ({ page }) => {
  await page.goto('./');
  await importCsv(page, SALES);
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(24, { timeout: 60_000 });

  await views(page).getByRole('button', { name: 'Text & reviews' }).click();
  await expect(page.getByTestId('text-status')).toContainText('24 of 24 product names read as Chinese', { timeout: 60_000 });
  await page.getByRole('searchbox', { name: 'Search products by meaning' }).fill('保温杯');
  await page.getByRole('searchbox', { name: 'Search products by meaning' }).press('Enter');
  const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
  await expect(results.nth(0)).toContainText('保温杯');
  await expect(results.nth(1)).toContainText('保温杯');

  await views(page).getByRole('button', { name: 'Data' }).click();
  await expect(page.getByRole('status').getByRole('button', { name: 'Cancel' })).toHaveCount(0, { timeout: 90_000 }); // forecast done
  await importCsv(page, REVIEWS, 'data-file-input');
  await views(page).getByRole('button', { name: 'Text & reviews' }).click();
  const panel = page.getByRole('region', { name: 'Review sentiment by product' });
  await panel.getByRole('button', { name: 'Analyse reviews' }).click();
  const head = page.getByTestId('sentiment-head');
  await expect(head).toContainText('Read as Chinese', { timeout: 90_000 });
  const accuracy = Number((await head.textContent())?.match(/balanced accuracy (\d+)%/)?.[1]);
  expect(accuracy).toBeGreaterThanOrEqual(90);
  // ZH-CABLE-02's bad batch (from January 2025) shows as a worsening trend.
  await expect(panel.locator('tbody tr').filter({ hasText: 'ZH-CABLE-02' })).toContainText('worsening');
  await snap(page, 'text-zh-sentiment');

  await panel.getByRole('button', { name: 'ZH-CUP-01' }).click();
  await expect(page.getByRole('region', { name: 'Similar products' }).getByRole('listitem').first()).toContainText('保温杯', { timeout: 60_000 });
});

import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { importCsv, snap } from './helpers';

test('a new version is announced and applied only when the seller chooses', async ({ page }) => {
  await page.goto('./');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  // Updates reach sellers on a later visit, when the page already starts under the service worker.
  await page.reload();
  await importCsv(page, 'tests/fixtures/skeleton-sales.csv');
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
  // Something the seller is in the middle of: a search they typed. A forced reload would lose it.
  await page.getByRole('searchbox', { name: 'Search products' }).fill('mug');

  const original = readFileSync('dist/sw.js');
  try {
    appendFileSync('dist/sw.js', `\n// new release ${Date.now()}\n`); // a new deployment
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const banner = page.getByRole('status').filter({ hasText: 'A new version of Shelfcast is ready' });
    await expect(banner).toBeVisible({ timeout: 60_000 });
    await page.waitForTimeout(1_000);
    await expect(page.getByRole('searchbox', { name: 'Search products' })).toHaveValue('mug'); // not reloaded
    await snap(page, 'update-announced');

    await banner.getByRole('button', { name: 'Reload to update' }).click();
    await expect(page.getByRole('searchbox', { name: 'Search products' })).toHaveValue('', { timeout: 60_000 });
    await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
    await expect(banner).toHaveCount(0);
  } finally {
    writeFileSync('dist/sw.js', original);
  }
});

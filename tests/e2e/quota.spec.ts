import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { importCsv } from './helpers';
import { executablePath, QUIET_ARGS } from './browser';

test('when storage is full, the import fails with a clear message and stored data is kept', async ({ baseURL }) => {
  // Quotas are enforced in a real profile, not in Playwright's default incognito-like contexts.
  // No service worker: its precache would compete for the same small quota.
  const profile = mkdtempSync(join(tmpdir(), 'shelfcast-quota-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: QUIET_ARGS, baseURL, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    // A persistent origin is not bound by the temporary quota; Chromium often refuses persistence
    // anyway, so play a browser that refuses it.
    await page.addInitScript(() => { navigator.storage.persist = async () => false; });
    await page.goto('./');
    // 300 kB: room for the 2-product fixture (~60 kB with forecasts) but not the 120-product demo.
    const origin = new URL(baseURL as string).origin;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 300_000 });

    await importCsv(page, 'tests/fixtures/skeleton-sales.csv');
    await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
    // The forecast that follows the import has finished (no Cancel button is not proof: there is a
    // moment between the import's job and the forecast's when neither runs).
    await expect(page.getByText(/Last forecast: 2 products/)).toBeVisible({ timeout: 60_000 });

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Data' }).click();
    await importCsv(page, 'public/demo/online-retail-sample.csv', 'data-file-input');
    const alert = page.getByRole('alert').filter({ hasText: 'storage for Shelfcast is full' });
    await expect(alert).toBeVisible({ timeout: 60_000 });
    await expect(alert).toContainText('existing data is unchanged');

    // Nothing of the failed import was stored, and the earlier data is intact.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.reload();
    await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Data' }).click();
    await expect(page.getByRole('region', { name: 'Imported files' }).locator('tbody tr')).toHaveCount(1);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

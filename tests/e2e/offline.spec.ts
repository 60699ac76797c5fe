import { expect, test } from '@playwright/test';
import { importCsv, planRow, snap } from './helpers';

test('after one visit the whole app works with the network off: demo, import, forecast, plan', async ({ page, context }) => {
  await page.goto('./');
  // The service worker installs and precaches code, workers, wasm and demo data on the first visit.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    return registration.active?.state;
  });
  await expect(page.getByText('Works offline')).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Try the demo' })).toBeVisible();
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(120, { timeout: 60_000 });
  await expect(page.getByTestId('forecast-chart').locator('canvas')).toBeVisible();

  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0, { timeout: 60_000 }); // forecasting done
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Data' }).click();
  await importCsv(page, 'tests/fixtures/skeleton-sales.csv', 'data-file-input');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Plan' }).click();
  // (s,S) reorder point: the 14-day lead time + the next daily check (56 + Monday's 1).
  await expect(planRow(page, 'REG-1').locator('[data-col="reorder-point"]')).toHaveText('57', { timeout: 60_000 });
  await expect(page.getByTestId('compute-backend')).not.toHaveText(/unavailable|starting/);
  await snap(page, 'offline-demo-and-import');
});

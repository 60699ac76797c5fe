import { expect, test } from '@playwright/test';
import { executablePath, QUIET_ARGS } from './browser';
import { openDemo, openModels, snap } from './helpers';
import { expectConsistent, storedVersions } from './modelStore';

// A machine without a usable GPU, whatever machine the tests run on: --disable-gpu leaves WebGPU
// no adapter (issue 8: "WebGPU unavailable → the work continues on the next backend").
test.use({ launchOptions: { executablePath, args: [...QUIET_ARGS, '--disable-gpu'] } });

test('forecasting and training continue on WebAssembly, and the app says which backend and why', async ({ page }) => {
  test.setTimeout(180_000);
  await openDemo(page);
  const status = page.getByTestId('compute-backend');
  await expect(status).toHaveText('Compute: WebAssembly');
  await expect(status).toHaveAttribute('title', /webgpu unavailable: WebGPU has no adapter/);

  // The seller asks for WebGPU explicitly: the worker says it is not there and uses WebAssembly.
  const card = await openModels(page);
  await card.getByLabel('Compute on').selectOption('webgpu');
  await expect(card.getByTestId('train-backend')).toHaveText('WebAssembly', { timeout: 60_000 });
  await expect(card.getByTestId('backend-skipped').first()).toHaveText(/WebGPU not used: WebGPU has no adapter/);

  // The Transformer forecasts every product…
  await card.getByRole('button', { name: 'Forecast all products with it' }).click();
  await expect(page.getByTestId('transformer-forecast-summary')).toContainText('Forecast 120 products with the Transformer', { timeout: 120_000 });
  // …and a fine-tune trains and stores a version, on WebAssembly.
  await card.getByLabel('Budget').selectOption('quick');
  await card.getByRole('button', { name: 'Fine-tune on my sales' }).click();
  await expect(page.getByRole('region', { name: 'Training progress' }).getByTestId('train-stats')).toContainText('WebAssembly', { timeout: 60_000 });
  await expect(page.getByTestId('train-summary')).toContainText(/(Kept|Not kept).* on WebAssembly\.\)$/, { timeout: 60_000 });
  expectConsistent(await storedVersions(page));
  await expect(page.getByRole('region', { name: 'Model versions' }).locator('tbody tr[data-version^="tfm-"]')).toHaveCount(1);
  await snap(page, 'no-webgpu-models');
});

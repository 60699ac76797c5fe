import { expect, test } from '@playwright/test';
import { snap } from './helpers';

/**
 * The Models view on real WebGPU (SwiftShader, slow): the pre-trained Transformer forecasts
 * zero-shot, a quick fine-tune runs a couple of training steps in the worker with live progress and
 * a loss chart, the new version appears with its lineage, and rollback is one click.
 */
test('fine-tune the Transformer on WebGPU, see it in the versions, roll back, forecast with it', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto('./?demo');
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(120, { timeout: 60_000 });
  await expect(page.getByRole('status')).toHaveCount(0, { timeout: 60_000 }); // the import's own forecast is done
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Models' }).click();

  const card = page.getByRole('region', { name: 'Transformer model' });
  await expect(card.getByTestId('active-model')).toHaveText('pre-trained weights (zero-shot)');
  // Automatic passes over WebGPU and WebGL emulated in software (SwiftShader here): WASM is faster.
  await expect(card.getByTestId('train-backend')).toHaveText('WebAssembly', { timeout: 90_000 });
  await expect(card.getByTestId('backend-skipped').first()).toContainText('WebGPU not used: WebGPU runs in software here');
  // Asked for explicitly, WebGPU is used: the code path this test is for.
  await card.getByLabel('Compute on').selectOption('webgpu');
  await expect(card.getByTestId('train-backend')).toHaveText('WebGPU', { timeout: 90_000 });

  // Zero-shot: the shipped weights forecast every product before any local training.
  await card.getByRole('button', { name: 'Forecast all products with it' }).click();
  await expect(page.getByTestId('transformer-forecast-summary')).toContainText('Forecast 120 products with the Transformer', { timeout: 180_000 });

  await card.getByLabel('Budget').selectOption('quick');
  await card.getByLabel('Layers to train').selectOption('last');
  await card.getByRole('button', { name: 'Fine-tune on my sales' }).click();
  const progress = page.getByRole('region', { name: 'Training progress' });
  await expect(progress.getByTestId('train-stats')).toContainText('epoch 1/1', { timeout: 120_000 });
  await expect(progress.getByTestId('train-stats')).toContainText('WebGPU');
  await expect(progress.getByTestId('loss-chart').locator('canvas')).toBeVisible();
  await snap(page, 'models-training');

  const summary = page.getByTestId('train-summary');
  await expect(summary).toContainText(/Kept|Not kept/, { timeout: 240_000 });
  const versions = page.getByRole('region', { name: 'Model versions' });
  const trained = versions.locator('tbody tr[data-version^="tfm-"]').first();
  await expect(trained).toContainText('120 products, 2010-12-01 – 2011-12-09');
  await expect(trained).toContainText('last layer + output');
  await expect(trained).toContainText('pre-trained'); // its parent
  await snap(page, 'models-trained');

  // Whatever the backtest decided, the seller can switch versions with one click each way.
  if ((await summary.textContent())?.startsWith('Kept')) {
    await expect(card.getByTestId('active-model')).toContainText('fine-tuned on your sales');
    await versions.getByRole('button', { name: 'Use the pre-trained version' }).click();
    await expect(card.getByTestId('active-model')).toHaveText('pre-trained weights (zero-shot)');
  } else {
    await expect(trained).toContainText('not kept');
    await trained.getByRole('button', { name: /Use version/ }).click();
    await expect(card.getByTestId('active-model')).toContainText('fine-tuned on your sales');
    await versions.getByRole('button', { name: 'Use the pre-trained version' }).click();
    await expect(card.getByTestId('active-model')).toHaveText('pre-trained weights (zero-shot)');
  }
  await snap(page, 'models-rolled-back');

  // Cancelling a long fine-tune stops the worker at once and stores nothing (on the automatic
  // choice, WebAssembly here, which gets to its first epoch quickly).
  const stored = await versions.locator('tbody tr[data-version^="tfm-"]').count();
  await card.getByLabel('Compute on').selectOption('auto');
  await expect(card.getByTestId('train-backend')).toHaveText('WebAssembly', { timeout: 60_000 });
  await card.getByLabel('Budget').selectOption('standard');
  await card.getByRole('button', { name: 'Fine-tune on my sales' }).click();
  await expect(progress.getByTestId('train-stats')).toContainText('epoch 1/', { timeout: 120_000 });
  await expect(page.getByTestId('training-status')).toContainText('Training');
  await progress.getByRole('button', { name: 'Cancel' }).click();
  // (Another banner may say a forecast is still running: the cancel's own message is the one checked.)
  await expect(page.getByRole('alert').filter({ hasText: 'Training cancelled' })).toContainText('Training cancelled; nothing was changed');
  await expect(versions.locator('tbody tr[data-version^="tfm-"]')).toHaveCount(stored);

  // The forecasts the Transformer wrote are the ones the dashboard shows.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Forecasts' }).click();
  await expect(page.getByRole('article', { name: 'Selected product' })).toContainText('model: Transformer');
  await expect(page.getByRole('article', { name: 'Selected product' })).toContainText('pre-trained weights (zero-shot)');
  await snap(page, 'models-forecast');
});

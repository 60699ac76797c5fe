import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { importCsv, snap } from './helpers';

const FIXTURE_MODEL = 'tests/fixtures/models/test-fixtures/bow-random-bert';

test('transformers.js embeds product names on WebGPU (SwiftShader) from this site, offline', async ({ page }) => {
  await page.route('**/models/test-fixtures/bow-random-bert/**', (route) => {
    const file = new URL(route.request().url()).pathname.split('/models/test-fixtures/bow-random-bert/')[1];
    return route.fulfill({ body: readFileSync(`${FIXTURE_MODEL}/${file}`) });
  });
  await page.goto('./');
  await importCsv(page, 'tests/fixtures/text-catalogue.csv');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Text & reviews' }).click();
  const settings = page.getByRole('region', { name: 'Text model' });
  await settings.getByRole('radio', { name: /A transformers.js model/ }).check();
  await settings.getByRole('textbox', { name: 'transformers.js model id' }).fill('test-fixtures/bow-random-bert');
  await settings.getByRole('combobox', { name: 'Device' }).selectOption('webgpu');
  await settings.getByRole('combobox', { name: 'Weights' }).selectOption('fp32');
  await settings.getByRole('button', { name: 'Use this model' }).click();
  const status = page.getByTestId('text-status');
  await expect(status).toContainText('9 of 9 products read with test-fixtures/bow-random-bert', { timeout: 110_000 });
  await expect(status).toContainText('16 dimensions, onnxruntime webgpu');
  await snap(page, 'text-transformers-webgpu');
});

import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { importCsv, snap } from './helpers';

const CATALOGUE = 'tests/fixtures/text-catalogue.csv';
const FIXTURE_MODEL = 'tests/fixtures/models/test-fixtures/bow-random-bert';

function views(page: Page) {
  return page.getByRole('navigation', { name: 'Views' });
}

async function search(page: Page, query: string) {
  await page.getByRole('searchbox', { name: 'Search products by meaning' }).fill(query);
  await page.getByRole('searchbox', { name: 'Search products by meaning' }).press('Enter');
  const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
  await expect(results.first()).toBeVisible({ timeout: 60_000 });
  return results;
}

test('demo: similar products and search by meaning come from the bundled encoder, in a worker', async ({ page }) => {
  await page.goto('./?demo');
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(120, { timeout: 60_000 });
  // The first product is DOORMAT RED RETROSPOT: its neighbours share the red-retrospot range.
  const similar = page.getByRole('region', { name: 'Similar products' }).getByRole('listitem');
  await expect(similar).toHaveCount(6, { timeout: 90_000 });
  await expect(similar.first()).toContainText('RETROSPOT');
  await snap(page, 'text-demo-similar');

  await views(page).getByRole('button', { name: 'Text & reviews' }).click();
  await expect(page.getByTestId('text-status')).toContainText('120 of 120 products read with Universal Sentence Encoder lite');
  await expect(page.getByTestId('text-status')).toContainText('512 dimensions, tfjs wasm');
  const results = await search(page, 'lunch box');
  await expect(results.nth(0)).toContainText('LUNCH BOX');
  await expect(results.nth(1)).toContainText('LUNCH BOX');
  await snap(page, 'text-demo-search');
});

test('search finds meaning, not words: "cotton shirts" finds the tees; a knife\'s neighbour is a knife', async ({ page }) => {
  await page.goto('./');
  await importCsv(page, CATALOGUE);
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(9);
  await views(page).getByRole('button', { name: 'Text & reviews' }).click();
  const results = await search(page, 'cotton shirts');
  await expect(results.nth(0)).toContainText(/tee|t-shirt/);
  await expect(results.nth(1)).toContainText(/tee|t-shirt/);

  const knives = await search(page, 'something to cut vegetables with');
  await expect(knives.nth(0)).toContainText(/knife|knives/);
  await expect(knives.nth(1)).toContainText(/knife|knives/);
  await knives.filter({ hasText: "Chef's kitchen knife" }).getByRole('button').click();
  await expect(page.getByRole('article', { name: 'Selected product' })).toContainText("Chef's kitchen knife");
  await expect(page.getByRole('region', { name: 'Similar products' }).getByRole('listitem').first()).toContainText('Set of 3 paring knives');
  await snap(page, 'text-catalogue-knife');

  // TEE-GRN was first sold 11 days ago: once names are read, its forecast comes from similar products.
  await page.getByRole('listbox', { name: 'Products' }).getByRole('option', { name: /TEE-GRN/ }).click();
  const detail = page.getByRole('article', { name: 'Selected product' });
  await expect(detail).toContainText('model: Cold start (similar products by text)', { timeout: 60_000 });
  await expect(detail).toContainText(/Cold start \(little history\): demand curve of similar products by name\/description \((Red cotton t-shirt, crew neck|Blue organic tee)/);
  await expect(detail).toContainText('scaled by its own first 11 days of sales');
  await expect(page.getByTestId('plan-summary')).toBeVisible();
  await snap(page, 'text-cold-start');
});

test('transformers.js: loads a model from this site offline; the hub only after the opt-in switch', async ({ page }) => {
  const hubRequests: string[] = [];
  // Same-origin model folder, as a host would publish it (the synthetic fixture; never part of the build).
  await page.route('**/models/test-fixtures/bow-random-bert/**', (route) => {
    const file = new URL(route.request().url()).pathname.split('/models/test-fixtures/bow-random-bert/')[1];
    return route.fulfill({ body: readFileSync(`${FIXTURE_MODEL}/${file}`) });
  });
  // The Hugging Face hub, stood in for by the same fixture (this machine has no internet).
  await page.route('https://huggingface.co/**', (route) => {
    hubRequests.push(route.request().url());
    const file = new URL(route.request().url()).pathname.split('/resolve/main/')[1];
    return route.fulfill({ body: readFileSync(`${FIXTURE_MODEL}/${file}`) });
  });

  await page.goto('./');
  await importCsv(page, CATALOGUE);
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(9);
  await views(page).getByRole('button', { name: 'Text & reviews' }).click();
  const status = page.getByTestId('text-status');
  await expect(status).toContainText('9 of 9 products read with Universal Sentence Encoder lite', { timeout: 60_000 });

  const settings = page.getByRole('region', { name: 'Text model' });
  await settings.getByRole('radio', { name: /A transformers.js model/ }).check();
  await settings.getByRole('textbox', { name: 'transformers.js model id' }).fill('test-fixtures/bow-random-bert');
  await settings.getByRole('combobox', { name: 'Device' }).selectOption('wasm');
  await settings.getByRole('button', { name: 'Use this model' }).click();
  await expect(status).toContainText('9 of 9 products read with test-fixtures/bow-random-bert', { timeout: 60_000 });
  await expect(status).toContainText('16 dimensions, onnxruntime wasm');

  // A model this site does not host: refused while the switch is off, and nothing is asked of the hub.
  await settings.getByRole('textbox', { name: 'transformers.js model id' }).fill('Xenova/not-on-this-site');
  await settings.getByRole('button', { name: 'Use this model' }).click();
  await expect(page.getByRole('alert')).toContainText('downloads from the Hugging Face hub are off', { timeout: 60_000 });
  expect(hubRequests).toEqual([]);

  const hub = settings.getByRole('switch', { name: 'Allow downloading model weights from the Hugging Face hub' });
  await expect(settings).toContainText('Only model files are downloaded; none of your data — sales, products, reviews — is sent anywhere.');
  await hub.check();
  // The page's Content-Security-Policy only admits the hub from the next start.
  await settings.getByRole('button', { name: 'Reload Shelfcast now' }).click();
  await views(page).getByRole('button', { name: 'Text & reviews' }).click();
  await expect(status).toContainText('9 of 9 products read with Xenova/not-on-this-site', { timeout: 60_000 });
  await expect(settings.getByRole('switch', { name: 'Allow downloading model weights from the Hugging Face hub' })).toBeChecked();
  expect(hubRequests.some((url) => url.startsWith('https://huggingface.co/Xenova/not-on-this-site/resolve/main/'))).toBe(true);
  expect(hubRequests.every((url) => new URL(url).search === '')).toBe(true); // file requests only, no query data
  await snap(page, 'text-transformers-hub');
});

test('reviews: the on-device head learns sentiment from star ratings; each product shows its share and trend', async ({ page }) => {
  await page.goto('./');
  await importCsv(page, CATALOGUE);
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(9);
  // 50 real reviews of tops (Women's E-Commerce Clothing Reviews, CC0) on the two tees; TEE-BLU's
  // negative ones come later (see tests/fixtures/README.md).
  await views(page).getByRole('button', { name: 'Data' }).click();
  await expect(page.getByRole('status').getByRole('button', { name: 'Cancel' })).toHaveCount(0, { timeout: 60_000 }); // forecast done
  await page.getByTestId('data-file-input').setInputFiles('tests/fixtures/text-reviews.csv');
  await page.getByRole('region', { name: 'Import check' }).getByRole('button', { name: 'Import 50 reviews' }).click();
  await views(page).getByRole('button', { name: 'Text & reviews' }).click();
  const panel = page.getByRole('region', { name: 'Review sentiment by product' });
  await panel.getByRole('button', { name: 'Analyse reviews' }).click();
  await expect(page.getByTestId('sentiment-head')).toContainText(/balanced accuracy \d+%/, { timeout: 90_000 });
  await expect(panel.locator('tbody tr')).toHaveCount(2);
  await expect(panel.locator('tbody tr').filter({ hasText: 'TEE-BLU' })).toContainText('worsening');
  await snap(page, 'text-reviews-table');

  await panel.getByRole('button', { name: 'TEE-RED' }).click();
  const sentiment = page.getByRole('region', { name: 'Review sentiment' });
  await expect(sentiment.getByTestId('sentiment-share')).toHaveText(/^\d+% positive$/);
  await expect(sentiment).toContainText('22 reviews');
  await expect(sentiment.getByRole('img', { name: 'Monthly review sentiment' })).toBeVisible();
  await snap(page, 'text-reviews-product');
});

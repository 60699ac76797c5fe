import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { countStoredRecords, snap } from './helpers';

const SKELETON = 'tests/fixtures/skeleton-sales.csv';

async function openData(page: Page) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Data' }).click();
}

/** Downloads a backup through the Data view and returns its text. */
async function backupText(page: Page): Promise<string> {
  await openData(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a backup' }).click()]);
  return readFileSync(await download.path()).toString('utf8');
}

test('ambiguous dates and decimal commas: the mapping screen asks, the report checks, then it is stored', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/import/eu-sales.csv');
  const mapping = page.getByRole('region', { name: 'Column mapping' });
  await expect(mapping).toContainText('could be day/month or month/day: please choose');
  await expect(mapping).toContainText('decimal comma');
  await expect(mapping.getByRole('button', { name: 'Check the file' })).toBeDisabled();
  await mapping.getByLabel('Date order').selectOption('DMY');
  await snap(page, 'import-mapping');
  await mapping.getByRole('button', { name: 'Check the file' }).click();

  const check = page.getByRole('region', { name: 'Import check' });
  await expect(check).toContainText('5 rows read, 5 accepted, 0 rejected. 2 products (2 new), 2024-02-01 to 2024-02-03; 9 units sold.');
  // Back to the mapping, a different answer, and the report follows it (month-first: 2 Jan to 2 Mar).
  await check.getByRole('button', { name: 'Change the column mapping' }).click();
  await mapping.getByLabel('Date order').selectOption('MDY');
  await mapping.getByRole('button', { name: 'Check the file' }).click();
  await expect(check).toContainText('2 products (2 new), 2024-01-02 to 2024-03-02');
  await check.getByRole('button', { name: 'Change the column mapping' }).click();
  await mapping.getByLabel('Date order').selectOption('DMY');
  await mapping.getByRole('button', { name: 'Check the file' }).click();
  await expect(check).toContainText('2024-02-01 to 2024-02-03');
  await check.getByRole('button', { name: 'Import 5 rows' }).click();
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
  await openData(page);
  await expect(page.getByRole('region', { name: 'Imported files' })).toContainText('2024-02-01 – 2024-02-03');
});

test('bad files through the real UI: a located message, all issues downloadable, and the stored data unchanged', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(SKELETON);
  await page.getByRole('region', { name: 'Import check' }).getByRole('button', { name: 'Import 86 rows' }).click();
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
  const before = await backupText(page);

  // Rows with errors: the report lists them before anything is written; the seller cancels.
  await page.getByTestId('data-file-input').setInputFiles('tests/fixtures/malformed/wrong-types.csv');
  const check = page.getByRole('region', { name: 'Import check' });
  await expect(check).toContainText('wrong-types.csv, line 2, column 3 (qty): quantity "abc" is not a number');
  await expect(check).toContainText('wrong-types.csv, line 3, column 4 (price): price "cheap" is not a number');
  const [issues] = await Promise.all([page.waitForEvent('download'), check.getByRole('button', { name: /Download all 2 issues/ }).click()]);
  expect(readFileSync(await issues.path()).toString('utf8')).toBe(
    'file,line,column,column_name,reason\r\n'
    + 'wrong-types.csv,2,3,qty,"quantity ""abc"" is not a number"\r\n'
    + 'wrong-types.csv,3,4,price,"price ""cheap"" is not a number"\r\n',
  );
  await snap(page, 'import-check-issues');
  await check.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Import cancelled; nothing was changed.' })).toBeVisible();

  // A file that is not a table at all is refused with its reason.
  await page.getByTestId('data-file-input').setInputFiles('tests/fixtures/malformed/excel-workbook.xlsx');
  await expect(page.getByRole('alert')).toContainText('excel-workbook.xlsx, line 1: this file is an Excel workbook');

  // The same file again: the report says so and offers nothing to import.
  await page.getByTestId('data-file-input').setInputFiles(SKELETON);
  await expect(check).toContainText('This exact file was already imported');
  await expect(check.getByRole('button', { name: 'Import 86 rows' })).toBeDisabled();
  await check.getByRole('button', { name: 'Cancel' }).click();

  expect(await backupText(page)).toBe(before);
});

test('catalogue names with HTML and script are shown as text; backup, delete all and restore', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/import/eu-sales.csv');
  await page.getByRole('region', { name: 'Column mapping' }).getByLabel('Date order').selectOption('DMY');
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('button', { name: 'Import 5 rows' }).click();
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
  await expect(page.getByText(/Last forecast:/)).toBeVisible({ timeout: 60_000 }); // the import's forecast is done

  await openData(page);
  await page.getByTestId('data-file-input').setInputFiles('tests/fixtures/import/catalogue.csv');
  const check = page.getByRole('region', { name: 'Import check' });
  await expect(check).toContainText('2 products: 1 already known get the file\'s values, 1 are new.');
  await check.getByRole('button', { name: 'Import 2 rows' }).click();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Forecasts' }).click();
  const products = page.getByRole('listbox', { name: 'Products' });
  await expect(products.getByRole('option')).toHaveCount(3);
  await expect(products).toContainText('<img src=x onerror="window.__pwned=1">Mug');
  await expect(products).toContainText('<b>Lamp</b>');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await snap(page, 'import-catalogue-as-text');

  const backup = await backupText(page);
  await page.getByRole('button', { name: 'Delete all my data…' }).click();
  await page.getByRole('button', { name: 'Yes, delete everything' }).click();
  await expect(page.getByRole('button', { name: 'Try the demo' })).toBeVisible();
  // The reloaded app opens a fresh, empty database: not one record is left in any IndexedDB store.
  expect(await countStoredRecords(page)).toBe(0);

  await page.getByTestId('welcome-restore-input').setInputFiles({ name: 'backup.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(backup) });
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(3);
  expect(await backupText(page)).toBe(backup);
});

test('numbered day columns (d_1 … d_N) ask for the first date; a money column is not taken as units unless the seller maps it', async ({ page }) => {
  await page.goto('./');
  const m5 = 'id,item_id,dept_id,store_id,d_1,d_2,d_3\nHOBBIES_1_001_CA_1,HOBBIES_1_001,HOBBIES_1,CA_1,0,2,1\nHOBBIES_1_002_CA_1,HOBBIES_1_002,HOBBIES_1,CA_1,3,,4\n';
  await page.getByTestId('file-input').setInputFiles({ name: 'sales_train.csv', mimeType: 'text/csv', buffer: Buffer.from(m5) });
  const mapping = page.getByRole('region', { name: 'Column mapping' });
  await expect(mapping).toContainText('3 numbered day columns (d_1 …): what date is the first one?');
  await expect(mapping.getByRole('button', { name: 'Check the file' })).toBeDisabled();
  await mapping.getByLabel('Date of the first day column').fill('2011-01-29');
  await mapping.getByRole('button', { name: 'Check the file' }).click();
  const check = page.getByRole('region', { name: 'Import check' });
  await expect(check).toContainText('2 rows read, 2 accepted, 0 rejected. 2 products (2 new), 2011-01-29 to 2011-01-31; 10 units sold.');
  await check.getByRole('button', { name: 'Cancel' }).click();

  const sales = 'date,sku,sales\n' + ['01', '02', '03', '04', '05'].map((day, i) => `2024-01-${day},A,${(12.49 + i).toFixed(2)}`).join('\n');
  await page.getByTestId('file-input').setInputFiles({ name: 'revenue.csv', mimeType: 'text/csv', buffer: Buffer.from(sales) });
  await expect(mapping).toContainText('"sales" looks like money (sales amounts), not units sold');
  await expect(mapping).toContainText('Still needed: Quantity.');
  await mapping.getByLabel('Use column sales as').selectOption('qty');
  await expect(mapping).toContainText('"sales" looks like money. It will be read as units sold, as you chose');
  await snap(page, 'import-money-column');
  await mapping.getByRole('button', { name: 'Cancel' }).click();
});

import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { openModels, snap } from './helpers';

const SALES = 'tests/fixtures/security/markup-sales.csv';
const CATALOGUE = 'tests/fixtures/security/markup-catalogue.csv';

/** Names and codes in the fixtures: markup, script and spreadsheet formulas, all to be shown as typed. */
const NAMES = {
  'XSS-IMG': '<img src=x onerror=alert(1)>',
  'BOLD-1': '<b>bold</b> mug',
  'SCRIPT-1': '<script>alert(2)</script> teapot',
  'HYPER-1': '=HYPERLINK("http://x")',
  'PLUS-1': '+1',
  'MINUS-1': '-2+3',
  'AT-1': '@SUM(A1)',
  '"><svg onload=alert(3)>': 'Attribute breaker',
};

/** Elements or attributes the fixtures' text would create if any of it were parsed as HTML. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const selectors = ['img[src="x"]', 'img[src="y"]', 'iframe', 'svg[onload]', 'a[href^="javascript"]', 'u', 'script:not([src])'];
    for (const selector of selectors) {
      for (const element of document.querySelectorAll(selector)) found.push(`${selector}: ${element.outerHTML.slice(0, 80)}`);
    }
    for (const b of document.querySelectorAll('b')) if (b.textContent === 'bold') found.push('b: bold');
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.getAttributeNames()) if (/^on/i.test(attribute)) found.push(`${element.tagName} ${attribute}`);
    }
    return found;
  });
}

/**
 * Issue 8, security: everything a seller's file carries is rendered as text — product names,
 * codes, categories and the import check's quotes of bad cells — so markup and script in it do
 * nothing; and the purchase plan CSV the seller downloads neutralises cells that a spreadsheet
 * would run as formulas (starting with = + - @).
 */
test('markup and script in a seller\'s file are shown as text; formulas are neutralised in the plan CSV', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
  await page.goto('./');

  // The import check quotes the bad cell back, as text.
  await page.getByTestId('file-input').setInputFiles(SALES);
  const check = page.getByRole('region', { name: 'Import check' });
  await expect(check).toContainText('quantity "<img src=y onerror=alert(4)>" is not a number');
  await expect(check).toContainText('start like a spreadsheet formula');
  expect(await injected(page)).toEqual([]);
  await snap(page, 'security-import-check');
  await check.getByRole('button', { name: /^Import [\d,]+ rows$/ }).click();
  await expect(page.getByText(/Last forecast: 8 products/)).toBeVisible({ timeout: 60_000 });

  // Descriptions and categories with markup, from a catalogue file.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Data' }).click();
  await page.getByTestId('data-file-input').setInputFiles(CATALOGUE);
  await page.getByRole('region', { name: 'Import check' }).getByRole('button', { name: /^Import [\d,]+ rows?$/ }).click();
  await expect(page.getByRole('region', { name: 'Import check' })).toHaveCount(0);

  // The product list and the selected product show every name exactly as typed.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Forecasts' }).click();
  const list = page.getByRole('listbox', { name: 'Products' });
  for (const name of Object.values(NAMES)) await expect(list).toContainText(name);
  await list.getByRole('option').filter({ hasText: NAMES['XSS-IMG'] }).click();
  await expect(page.getByRole('article', { name: 'Selected product' })).toContainText(NAMES['XSS-IMG']);
  expect(await injected(page)).toEqual([]);
  await snap(page, 'security-products');

  // The plan table, and the Models view's category picker.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Plan' }).click();
  const plan = page.locator('section[aria-label="Reorder plan"]');
  await expect(plan.locator('tbody tr')).toHaveCount(8, { timeout: 60_000 });
  for (const name of Object.values(NAMES)) await expect(plan).toContainText(name);
  expect(await injected(page)).toEqual([]);
  await snap(page, 'security-plan');
  const card = await openModels(page);
  await expect(card.getByLabel('Products').locator('option')).toContainText(['All products', 'Category: <u>Mugs</u>', 'Category: @Kitchen'], { useInnerText: true });
  expect(await injected(page)).toEqual([]);

  // What the seller downloads for Excel: every text cell that starts like a formula gets a quote.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Plan' }).click();
  await page.getByText('Full table for analysts').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'All columns (Excel)' }).click()]);
  const text = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
  const rows = Papa.parse<string[]>(text.trim(), { delimiter: text.startsWith('sku;') ? ';' : ',' }).data;
  const header = rows[0];
  const byName = new Map(rows.slice(1).map((row) => [row[header.indexOf('sku')], row[header.indexOf('name')]]));
  expect(Object.fromEntries(byName)).toEqual({
    'XSS-IMG': '<img src=x onerror=alert(1)>',
    'BOLD-1': '<b>bold</b> mug',
    'SCRIPT-1': '<script>alert(2)</script> teapot',
    'HYPER-1': '\'=HYPERLINK("http://x")',
    'PLUS-1': '\'+1',
    'MINUS-1': '\'-2+3',
    'AT-1': '\'@SUM(A1)',
    '"><svg onload=alert(3)>': 'Attribute breaker',
  });
  // No cell at all can start a formula; numbers may be negative, as numbers.
  for (const cell of rows.flat()) {
    if (/^[=+\-@\t\r]/.test(cell)) expect(cell, 'a cell that starts like a formula').toMatch(/^-\d+([.,]\d+)?$/);
  }

  expect(dialogs).toEqual([]);
});

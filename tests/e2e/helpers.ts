import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

/** Screenshots land in test-results/screenshots/ (Playwright's own output dir is wiped each run). */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** The plan table's row for a product. */
export function planRow(page: Page, sku: string) {
  return page.locator(`section[aria-label="Reorder plan"] tr[data-sku="${sku}"]`);
}

/**
 * Imports a CSV the way a seller does: pick the file, read the validation report, confirm.
 * `input` is the test id of the file input (the welcome screen's or the Data view's).
 */
export async function importCsv(page: Page, path: string, input: 'file-input' | 'data-file-input' = 'file-input'): Promise<void> {
  await page.getByTestId(input).setInputFiles(path);
  await page.getByRole('region', { name: 'Import check' }).getByRole('button', { name: /^Import [\d,]+ (rows?|reviews?)$/ }).click();
}

/** The demo from the welcome screen, its forecast finished. */
export async function openDemo(page: Page): Promise<void> {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(120, { timeout: 60_000 });
  await expect(page.getByText(/Last forecast: 120 products/)).toBeVisible({ timeout: 60_000 });
}

/** The Models view, once its worker said which backend it computes on. */
export async function openModels(page: Page) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Models' }).click();
  const card = page.getByRole('region', { name: 'Transformer model' });
  await expect(card.getByTestId('train-backend')).not.toHaveText('starting…', { timeout: 60_000 });
  return card;
}

/** How many records all of this origin's IndexedDB databases hold, every store counted. */
export function countStoredRecords(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let records = 0;
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name as string);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        records += await new Promise<number>((resolve) => {
          const count = db.transaction(name).objectStore(name).count();
          count.onsuccess = () => resolve(count.result);
        });
      }
      db.close();
    }
    return records;
  });
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const PRODUCTS = 400;
const DAYS = 500;

/** A long sales CSV big enough that its write takes a noticeable moment: 200,000 rows. */
function bigCsv(dir: string): { path: string; totalUnits: number } {
  const lines = ['date,sku,quantity'];
  let totalUnits = 0;
  const start = Date.UTC(2022, 0, 1);
  for (let d = 0; d < DAYS; d++) {
    const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    for (let p = 0; p < PRODUCTS; p++) {
      const qty = (p * 7 + d * 3) % 11;
      totalUnits += qty;
      lines.push(`${date},P${p},${qty}`);
    }
  }
  const path = join(dir, 'big-sales.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, totalUnits };
}

/** What is stored, read straight from IndexedDB: batches, products, and units summed over all sales. */
async function stored(page: import('@playwright/test').Page) {
  return page.evaluate(() => new Promise<{ batches: number; products: number; chunks: number; units: number }>((resolve, reject) => {
    const open = indexedDB.open('shelfcast');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['batches', 'products', 'sales'], 'readonly');
      const out = { batches: 0, products: 0, chunks: 0, units: 0 };
      tx.objectStore('batches').count().onsuccess = (e) => { out.batches = (e.target as IDBRequest<number>).result; };
      tx.objectStore('products').count().onsuccess = (e) => { out.products = (e.target as IDBRequest<number>).result; };
      tx.objectStore('sales').openCursor().onsuccess = (e) => {
        const cursor = (e.target as IDBRequest<IDBCursorWithValue | null>).result;
        if (!cursor) return;
        out.chunks++;
        for (const q of cursor.value.qty as Float32Array) out.units += q;
        cursor.continue();
      };
      tx.oncomplete = () => { db.close(); resolve(out); };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

test('reloading the tab in the middle of an import leaves all of it or none of it', async ({ page }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'shelfcast-interrupt-'));
  try {
    const { path, totalUnits } = bigCsv(dir);
    // Interrupt at several moments after the seller confirms: while it is being written, or later.
    for (const delayMs of [0, 60, 150, 400]) {
      await page.goto('./');
      await page.getByTestId('file-input').setInputFiles(path);
      const confirm = page.getByRole('region', { name: 'Import check' }).getByRole('button', { name: /^Import [\d,]+ rows$/ });
      await confirm.click({ timeout: 120_000 });
      await page.waitForTimeout(delayMs);
      await page.reload();
      const after = await stored(page);
      if (after.batches === 0) {
        expect(after).toEqual({ batches: 0, products: 0, chunks: 0, units: 0 });
      } else {
        expect(after).toEqual({ batches: 1, products: PRODUCTS, chunks: PRODUCTS, units: totalUnits });
      }
      console.log(`interrupted ${delayMs} ms after confirming: ${after.batches ? 'whole batch stored' : 'nothing stored'}`);
      // Start the next round from an empty database.
      await page.evaluate(() => new Promise((resolve) => { const r = indexedDB.deleteDatabase('shelfcast'); r.onsuccess = r.onerror = r.onblocked = resolve; }));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

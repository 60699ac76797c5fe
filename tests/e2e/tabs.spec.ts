import { expect, test } from '@playwright/test';
import { countStoredRecords, importCsv } from './helpers';

test('two tabs share the data live, and a schema upgrade in one tab stops the other safely', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto('./');
  await second.goto('./');
  await expect(second.getByRole('button', { name: 'Try the demo' })).toBeVisible();

  await importCsv(first, 'tests/fixtures/skeleton-sales.csv');
  await expect(first.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);
  // The second tab sees the import without a reload (Dexie's liveQuery across tabs).
  await expect(second.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);

  // A newer version of the app opening the database in the second tab: the first tab must let it
  // upgrade, stop using its old connection and ask for a reload, and no data may be lost.
  const upgraded = await second.evaluate(async () => {
    const current = await new Promise<number>((resolve, reject) => {
      const req = indexedDB.open('shelfcast');
      req.onsuccess = () => { const v = req.result.version; req.result.close(); resolve(v); };
      req.onerror = () => reject(req.error);
    });
    return new Promise<{ version: number; products: number }>((resolve, reject) => {
      const req = indexedDB.open('shelfcast', current + 1);
      req.onblocked = () => reject(new Error('upgrade blocked by the other tab'));
      req.onsuccess = () => {
        const db = req.result;
        const count = db.transaction('products').objectStore('products').count();
        count.onsuccess = () => { db.close(); resolve({ version: db.version, products: count.result }); };
      };
      req.onerror = () => reject(req.error);
    });
  });
  expect(upgraded.products).toBe(2);
  await expect(first.getByRole('alert').filter({ hasText: 'updated in another tab' })).toBeVisible();
});

test('"Delete all my data" in one tab: the other tab is told, and nothing it runs recreates the data', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto('./');
  await importCsv(first, 'tests/fixtures/skeleton-sales.csv');
  await expect(first.getByText(/Last forecast:/)).toBeVisible({ timeout: 60_000 });
  await second.goto('./');
  await expect(second.getByRole('listbox', { name: 'Products' }).getByRole('option')).toHaveCount(2);

  await first.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Data' }).click();
  await first.getByRole('button', { name: 'Delete all my data…' }).click();
  await first.getByRole('button', { name: 'Yes, delete everything' }).click();
  await expect(first.getByRole('button', { name: 'Try the demo' })).toBeVisible();
  await expect(second.getByRole('alert').filter({ hasText: 'deleted in another tab' })).toBeVisible();

  // The second tab asks for a forecast from its stale screen: it is refused, saying why, and writes nothing.
  await second.getByRole('button', { name: 'Forecast again' }).first().click();
  await expect(second.getByRole('alert').filter({ hasText: /data was deleted.*Reload/ })).toHaveCount(2); // banner and refusal
  expect(await countStoredRecords(first)).toBe(0);
});

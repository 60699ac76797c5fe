import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { aggregateDaily, isoToDay } from '../../../src/core/series';
import {
  deleteAllData, deleteBatch, listBatches, loadDailySeries, setOnHand, ShelfcastDB, storeBatch, useDatabase,
} from '../../../src/db';

const d = isoToDay;
let counter = 0;

function batch(fingerprint: string, rows: Parameters<typeof aggregateDaily>[0]) {
  const agg = aggregateDaily(rows);
  return { fingerprint, fileName: `${fingerprint}.csv`, rowsRead: 10, rowsRejected: 1, blocks: agg.blocks, names: agg.names };
}

describe('sales storage', () => {
  let db: ShelfcastDB;
  beforeEach(() => {
    db = new ShelfcastDB(`test-${counter++}`);
    useDatabase(db);
  });

  it('stores a batch column-wise and reads it back as daily series', async () => {
    const outcome = await storeBatch(batch('f1', [
      { day: d('2024-01-01'), sku: 'A', qty: 2, price: 3, name: 'Apple' },
      { day: d('2024-01-03'), sku: 'A', qty: 1 },
      { day: d('2024-01-02'), sku: 'B', qty: 4 },
    ]));
    expect(outcome).toMatchObject({ stored: true, products: 2, newProducts: 2 });
    expect(await db.sales.count()).toBe(2);
    const [a, b] = await loadDailySeries();
    expect(a).toMatchObject({ sku: 'A', start: '2024-01-01', freq: 'D' });
    expect(Array.from(a.values)).toEqual([2, 0, 1]);
    expect(a.covariates?.price?.[0]).toBe(3);
    expect(b.start).toBe('2024-01-02');
    expect(Array.from(b.values)).toEqual([4, 0]);
    expect((await db.products.get('A'))?.name).toBe('Apple');
    expect((await db.products.get('B'))?.onHand).toBe(0);
  });

  it('does not store the same file twice', async () => {
    const rows = [{ day: d('2024-01-01'), sku: 'A', qty: 2 }];
    await storeBatch(batch('same', rows));
    const again = await storeBatch(batch('same', rows));
    expect(again.stored).toBe(false);
    expect(await db.batches.count()).toBe(1);
    expect(Array.from((await loadDailySeries())[0].values)).toEqual([2]);
  });

  it('adds up overlapping batches and extends every series to the latest day', async () => {
    await storeBatch(batch('jan', [{ day: d('2024-01-01'), sku: 'A', qty: 2 }, { day: d('2024-01-02'), sku: 'B', qty: 1 }]));
    await storeBatch(batch('more', [{ day: d('2024-01-02'), sku: 'A', qty: 5 }, { day: d('2024-01-04'), sku: 'A', qty: 1 }]));
    const [a, b] = await loadDailySeries();
    expect(Array.from(a.values)).toEqual([2, 5, 0, 1]);
    expect(Array.from(b.values)).toEqual([1, 0, 0]);
    expect(Array.from((await loadDailySeries(['B']))[0].values)).toEqual([1, 0, 0]);
  });

  it('undoes a batch, dropping products that have no sales left', async () => {
    await storeBatch(batch('one', [{ day: d('2024-01-01'), sku: 'A', qty: 2 }]));
    await storeBatch(batch('two', [{ day: d('2024-01-01'), sku: 'A', qty: 1 }, { day: d('2024-01-01'), sku: 'C', qty: 1 }]));
    const [, second] = await listBatches();
    await deleteBatch(second.id as number);
    expect(await db.products.toCollection().primaryKeys()).toEqual(['A']);
    expect(Array.from((await loadDailySeries())[0].values)).toEqual([2]);
  });

  it('validates on-hand edits and empties everything on request', async () => {
    await storeBatch(batch('x', [{ day: d('2024-01-01'), sku: 'A', qty: 2 }]));
    await setOnHand('A', 12);
    expect((await db.products.get('A'))?.onHand).toBe(12);
    await expect(setOnHand('A', -1)).rejects.toThrow(/≥ 0/);
    await expect(setOnHand('nope', 1)).rejects.toThrow(/no product with code "nope"/);
    await deleteAllData();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(db.name);
    const reopened = new ShelfcastDB(db.name);
    for (const table of reopened.tables) expect(await table.count()).toBe(0);
  });
});

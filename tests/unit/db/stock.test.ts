import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { inspectFile, reportOf, stageImport } from '../../../src/core/ingest';
import { hasStockFigure } from '../../../src/core/plan';
import { analyseStaged, commitStaged, setStockLevels, ShelfcastDB, useDatabase } from '../../../src/db';

let counter = 0;
let db: ShelfcastDB;

async function importText(text: string, name: string) {
  const blob = new Blob([text]);
  const inspection = await inspectFile(blob, name);
  const staged = await stageImport(blob, name, inspection.headers, inspection.plan);
  const report = await analyseStaged(staged, reportOf(staged, inspection.notes, inspection.layout));
  await commitStaged(staged, report, { returns: 'net', overlap: 'add' });
}

const SALES = 'date,sku,qty,name\n2024-01-01,PA,1,Mug\n2024-01-02,PA,2,Mug\n2024-01-01,PB,2,Bowl\n2024-01-03,PB,3,Bowl\n2024-01-02,PC,3,Cup\n2024-01-03,PC,1,Cup\n';

describe('stock figures', () => {
  beforeEach(() => {
    db = new ShelfcastDB(`stock-${counter++}`);
    useDatabase(db);
  });

  it('sales alone give no stock figure; a stock file dates each product\'s figure with its snapshot', async () => {
    await importText(SALES, 'sales.csv');
    expect((await db.products.toArray()).map(hasStockFigure)).toEqual([false, false, false]);
    await importText('date,sku,on hand\n2024-01-02,PA,4\n2024-01-05,PA,0\n2024-01-04,PB,7\n', 'stock.csv');
    expect(await db.products.get('PA')).toMatchObject({ onHand: 0, stockCountedAt: '2024-01-05' });
    expect(await db.products.get('PB')).toMatchObject({ onHand: 7, stockCountedAt: '2024-01-04' });
    expect(hasStockFigure((await db.products.get('PA'))!)).toBe(true);
    expect(hasStockFigure((await db.products.get('PC'))!)).toBe(false);
  });

  it('a catalogue brings suppliers and dated on-hand figures', async () => {
    await importText(SALES, 'sales.csv');
    await importText('sku,supplier,on hand,unit cost\nPA,Kent Paper,12,1.5\nPB,Harbour,,2\n', 'catalogue.csv');
    expect(await db.products.get('PA')).toMatchObject({ supplier: 'Kent Paper', onHand: 12, stockCountedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const b = (await db.products.get('PB'))!;
    expect(b).toMatchObject({ supplier: 'Harbour', unitCost: 2 });
    expect(hasStockFigure(b)).toBe(false);
  });

  it('pasted stock is stored all or nothing, dated', async () => {
    await importText(SALES, 'sales.csv');
    await expect(setStockLevels([{ sku: 'PA', onHand: 3 }, { sku: 'ZZ', onHand: 1 }], '2024-02-01')).rejects.toThrow('no product with code "ZZ"');
    expect(hasStockFigure((await db.products.get('PA'))!)).toBe(false);
    await setStockLevels([{ sku: 'PA', onHand: 3 }, { sku: 'PB', onHand: 0 }], '2024-02-01');
    expect(await db.products.get('PB')).toMatchObject({ onHand: 0, stockCountedAt: '2024-02-01' });
    await expect(setStockLevels([{ sku: 'PA', onHand: -1 }])).rejects.toThrow(RangeError);
  });
});

import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { inspectFile, reportOf, stageImport, type ImportPlan } from '../../../src/core/ingest';
import { DayFlag } from '../../../src/core/series';
import {
  analyseStaged, commitStaged, deleteBatch, exportBackup, listBatches, listReviews, loadDailySeries, restoreBackup, setOnHand, storeForecasts,
  ShelfcastDB, useDatabase, type CommitDecision,
} from '../../../src/db';

let counter = 0;
let db: ShelfcastDB;

/** The worker's path without the worker: inspect, stage, analyse, then commit with the given answers. */
async function importText(text: string, name: string, decision: Partial<CommitDecision> = {}, change: (plan: ImportPlan) => void = () => {}) {
  const blob = new Blob([text]);
  const inspection = await inspectFile(blob, name);
  change(inspection.plan);
  const staged = await stageImport(blob, name, inspection.headers, inspection.plan);
  const report = await analyseStaged(staged, reportOf(staged, inspection.notes, inspection.layout));
  const outcome = report.duplicateOf ? undefined : await commitStaged(staged, report, { returns: 'net', overlap: report.overlap?.suggested ?? 'add', ...decision });
  return { report, outcome };
}

const values = async (sku: string) => {
  const [series] = await loadDailySeries([sku]);
  return series ? { start: series.start, values: Array.from(series.values), flags: Array.from(series.flags ?? []) } : undefined;
};

const JAN = 'date,sku,qty,name\n2024-01-01,A,1,Mug\n2024-01-02,A,2,Mug\n2024-01-03,A,3,Mug\n2024-01-03,K,5,Bowl\n';

describe('committing an import', () => {
  beforeEach(() => {
    db = new ShelfcastDB(`import-${counter++}`);
    useDatabase(db);
  });

  it('stores sales, creates products once, and treats the same file twice as a no-op', async () => {
    const first = await importText(JAN, 'jan.csv');
    expect(first.outcome).toMatchObject({ newProducts: 2, overlap: 'none' });
    expect(await values('A')).toMatchObject({ start: '2024-01-01', values: [1, 2, 3] });
    const again = await importText(JAN, 'jan-copy.csv');
    expect(again.report.duplicateOf?.fileName).toBe('jan.csv');
    expect(await db.batches.count()).toBe(1);
    expect(await db.products.count()).toBe(2);
  });

  it('undoing the import that created a product removes its forecast and sample paths too', async () => {
    await importText(JAN, 'jan.csv');
    await storeForecasts([{
      sku: 'K', model: 'x', start: '2024-01-04', freq: 'D', horizon: 2, levels: [0.5], quantiles: { p50: new Float32Array([1, 1]) }, notes: [],
      paths: new Float32Array([1, 2]), nPaths: 1,
    }]);
    expect(await db.forecastPaths.count()).toBe(1);
    await deleteBatch((await listBatches())[0].id as number);
    expect(await db.products.count()).toBe(0);
    expect(await db.forecasts.count()).toBe(0);
    expect(await db.forecastPaths.count()).toBe(0);
  });

  it('a re-export that overlaps replaces those days; undoing it brings the old values back', async () => {
    await importText(JAN, 'jan.csv');
    // Re-export of 2–4 Jan: A's 2 Jan and K's 3 Jan are unchanged, A's 3 Jan was corrected, 4 Jan is new.
    const reexport = 'date,sku,qty,name\n2024-01-02,A,2,Mug\n2024-01-03,A,4,Mug\n2024-01-04,A,1,Mug\n2024-01-03,K,5,Bowl\n';
    const { report } = await importText(reexport, 'jan-feb.csv');
    expect(report.overlap).toMatchObject({ productDays: 4, suggested: 'replace' });
    expect(report.overlap!.sameShare).toBeCloseTo(2 / 3, 5);
    // Not doubled: the newer file wins on 2–3 Jan, and 1 Jan keeps the older file's value.
    expect(await values('A')).toMatchObject({ values: [1, 2, 4, 1] });
    expect(await values('K')).toMatchObject({ values: [5, 0] });
    const [, newer] = await listBatches();
    await deleteBatch(newer.id as number);
    expect(await values('A')).toMatchObject({ values: [1, 2, 3] });
  });

  it('another channel over the same days adds up', async () => {
    await importText(JAN, 'shop.csv');
    const amazon = 'date,sku,qty\n2024-01-01,A,10\n2024-01-02,A,20\n2024-01-03,A,30\n';
    const { report, outcome } = await importText(amazon, 'amazon.csv');
    expect(report.overlap?.suggested).toBe('add');
    expect(outcome?.overlap).toBe('add');
    expect(await values('A')).toMatchObject({ values: [11, 22, 33] });
  });

  it('honours the returns setting', async () => {
    const text = 'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice\n1,A,5,2024-01-01 10:00,2\nC2,A,-2,2024-01-01 11:00,2\n';
    await importText(text, 'net.csv', { returns: 'net' });
    expect(await values('A')).toMatchObject({ values: [3] });
    const other = new ShelfcastDB(`import-${counter++}`);
    useDatabase(other);
    await importText(text, 'drop.csv', { returns: 'drop' });
    expect(await values('A')).toMatchObject({ values: [5] });
  });

  it('merges a catalogue into products without duplicating them, and undo restores the old values', async () => {
    await importText(JAN, 'jan.csv');
    await setOnHand('A', 7);
    const { report } = await importText('SKU,Title,Cost per item,Lead time,Case pack,Category\nA,Big mug,1.5,21,6,Kitchen\nN,New lamp,9,30,,Lights\n', 'catalogue.csv');
    expect(report.catalogue).toEqual({ rows: 2, created: 1, updated: 1 });
    expect(await db.products.count()).toBe(3);
    const counted = expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/); // setOnHand dates the figure
    expect(await db.products.get('A')).toEqual({ sku: 'A', name: 'Big mug', onHand: 7, stockCountedAt: counted, unitCost: 1.5, leadTimeDays: 21, casePack: 6, category: 'Kitchen' });
    expect(await db.products.get('N')).toMatchObject({ name: 'New lamp', unitCost: 9, onHand: 0 });
    const catalogue = (await listBatches()).find((b) => b.kind === 'catalogue')!;
    await deleteBatch(catalogue.id as number);
    expect(await db.products.get('A')).toEqual({ sku: 'A', name: 'Mug', onHand: 7, stockCountedAt: counted });
    expect(await db.products.get('N')).toBeUndefined();
  });

  it('a catalogue keyed by plain SKU fills in the per-store products of that SKU (stock stays per store)', async () => {
    await importText('date,store,item,sales\n2013-01-01,1,7,3\n2013-01-01,2,7,4\n', 'train.csv');
    expect(await db.products.toCollection().primaryKeys()).toEqual(['7@1', '7@2']);
    const { report } = await importText('sku,name,lead time,on hand\n7,Widget,10,99\n', 'catalogue.csv');
    expect(report.catalogue).toEqual({ rows: 1, created: 0, updated: 1 });
    expect(await db.products.toCollection().primaryKeys()).toEqual(['7@1', '7@2']);
    expect(await db.products.get('7@2')).toEqual({ sku: '7@2', name: 'Widget @ 2', onHand: 0, leadTimeDays: 10, store: '2', baseSku: '7' });
  });

  it('stores reviews for the text engine and stock-outs as flags on the sales days', async () => {
    await importText(JAN, 'jan.csv');
    await importText('sku,rating,review text,title\nA,5,Lovely <script>x()</script>,Great\nK,1,Broke,\nZ,4,Unknown product,\n', 'reviews.csv');
    expect((await listReviews('A')).map((r) => ({ rating: r.rating, text: r.text, title: r.title }))).toEqual([{ rating: 5, text: 'Lovely <script>x()</script>', title: 'Great' }]);
    expect(await listReviews()).toHaveLength(3);
    await importText('date,sku,stockout\n2024-01-02,A,yes\n2024-01-03,A,no\n2024-01-09,A,yes\n', 'oos.csv');
    // The stock file runs past the sales: it flags days, it does not add days to the series.
    expect(await values('A')).toMatchObject({ values: [1, 2, 3], flags: [0, DayFlag.Stockout, 0] });
    const stock = (await listBatches()).find((b) => b.kind === 'stock')!;
    await deleteBatch(stock.id as number);
    expect(await values('A')).toMatchObject({ flags: [0, 0, 0] });
  });

  it('is atomic: a failure in the middle of the write leaves nothing behind', async () => {
    await importText(JAN, 'jan.csv');
    const before = await (await exportBackup()).text();
    const spy = vi.spyOn(db.products, 'bulkAdd').mockRejectedValueOnce(new Error('disk full'));
    await expect(importText('date,sku,qty\n2024-02-01,NEW,1\n', 'feb.csv')).rejects.toThrow('disk full');
    spy.mockRestore();
    expect(await (await exportBackup()).text()).toBe(before);
  });

  it('backs up every table to one file and restores it exactly; a damaged backup changes nothing', async () => {
    await importText(JAN, 'jan.csv');
    await importText('sku,rating,review\nA,4,ok\n', 'reviews.csv');
    await db.forecasts.put({ sku: 'A', model: 'x', createdAt: 't', start: '2024-01-04', horizon: 2, levels: [0.5], quantiles: { p50: new Float32Array([1, Number.NaN]) }, notes: [] });
    await db.settings.put({ key: 'plan', value: { leadTimeDays: 10, weights: new Float64Array([0.25, -0]) } });
    const backup = await exportBackup();
    const text = await backup.text();
    const header = JSON.parse(text.slice(0, text.indexOf('\n')));
    expect(header.tables.map((t: { name: string }) => t.name)).toEqual(['backtests', 'batches', 'forecastPaths', 'forecasts', 'models', 'productSentiment', 'products', 'reviews', 'sales', 'settings', 'stock', 'textHeads']);

    const restored = new ShelfcastDB(`import-${counter++}`);
    useDatabase(restored);
    await importText('date,sku,qty\n2030-01-01,OTHER,1\n', 'other.csv');
    const damaged = new Blob([text.slice(0, text.length - 40)]);
    await expect(restoreBackup(damaged)).rejects.toThrow(/damaged|incomplete/);
    expect(await restored.products.toCollection().primaryKeys()).toEqual(['OTHER']);

    await restoreBackup(backup);
    expect(await (await exportBackup()).text()).toBe(text);
    const forecast = await restored.forecasts.get('A');
    expect(forecast?.quantiles.p50).toBeInstanceOf(Float32Array);
    expect(Number.isNaN(forecast?.quantiles.p50[1])).toBe(true);
    expect(await values('A')).toMatchObject({ values: [1, 2, 3] });
    await expect(restoreBackup(new Blob(['{"format":"something else"}\n']))).rejects.toThrow(/not a Shelfcast backup/);
  });
});

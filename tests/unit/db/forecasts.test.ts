import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ForecastResult } from '../../../src/core/series';
import {
  exportBackup, getForecastPaths, loadPlanningData, restoreBackup, ShelfcastDB, storeForecasts, useDatabase,
} from '../../../src/db';

let counter = 0;
let db: ShelfcastDB;

function forecast(sku: string, paths?: number[][]): ForecastResult {
  const horizon = 3;
  return {
    sku, model: 'seasonal-naive', start: '2024-02-01', freq: 'D', horizon, levels: [0.5],
    quantiles: { p50: new Float32Array([1, 2, 3]) }, notes: [],
    ...(paths ? { paths: Float32Array.from(paths.flat()), nPaths: paths.length } : {}),
  };
}

describe('forecasts and their sample paths', () => {
  beforeEach(() => {
    db = new ShelfcastDB(`forecasts-${counter++}`);
    useDatabase(db);
  });

  it('stores paths apart from the forecast, with the same createdAt, and replaces them together', async () => {
    await storeForecasts([forecast('A', [[1, 2, 3], [4, 5, 6]]), forecast('B')], 't1');
    const a = await db.forecasts.get('A');
    expect(a).toMatchObject({ sku: 'A', createdAt: 't1', nPaths: 2 });
    expect(a).not.toHaveProperty('paths');
    expect(await db.forecasts.get('B')).not.toHaveProperty('nPaths');
    const paths = await getForecastPaths('A');
    expect(paths).toMatchObject({ sku: 'A', createdAt: 't1', nPaths: 2, horizon: 3 });
    expect(Array.from(paths!.paths)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await getForecastPaths('B')).toBeUndefined();

    // A newer forecast of A without paths must not leave the old paths behind to be planned from.
    await storeForecasts([forecast('A'), forecast('B', [[7, 8, 9]])], 't2');
    expect(await getForecastPaths('A')).toBeUndefined();
    expect(await db.forecasts.get('A')).not.toHaveProperty('nPaths');
    expect(await getForecastPaths('B')).toMatchObject({ createdAt: 't2', nPaths: 1 });
  });

  it('loads products, forecasts and only the paths asked for', async () => {
    await db.products.bulkPut([{ sku: 'A', name: 'Mug', onHand: 1 }, { sku: 'B', name: 'Bowl', onHand: 0 }, { sku: 'C', name: 'Cup', onHand: 0 }]);
    await storeForecasts([forecast('A', [[1, 1, 1]]), forecast('B', [[2, 2, 2]]), forecast('C')], 't1');
    const asked: string[] = [];
    const data = await loadPlanningData((f, p) => { asked.push(`${f.sku}/${p.name}`); return f.sku !== 'B'; });
    // C has no paths, so nobody is asked about it.
    expect(asked.sort()).toEqual(['A/Mug', 'B/Bowl']);
    expect(data.products.map((p) => p.sku)).toEqual(['A', 'B', 'C']);
    expect([...data.forecasts.keys()].sort()).toEqual(['A', 'B', 'C']);
    expect([...data.paths.keys()]).toEqual(['A']);
    expect(Array.from(data.paths.get('A')!.paths)).toEqual([1, 1, 1]);
  });
});

/** The database as schema version 2 declared it (forecast records carried their paths). */
class VersionTwoDB extends Dexie {
  constructor(name: string) {
    super(name);
    this.version(1).stores({
      products: 'sku, name, category', batches: '++id, &fingerprint, importedAt', sales: '[sku+batchId], sku, batchId',
      forecasts: 'sku', settings: 'key',
    });
    this.version(2).stores({
      reviews: '++id, sku, batchId', stock: '[sku+batchId], sku, batchId', backtests: 'sku',
      models: 'id, group, status, createdAt', embeddings: '[model+hash], model', productSentiment: 'sku', textHeads: 'id',
    });
  }
}

const legacy = (sku: string, paths?: number[]) => ({
  sku, model: 'ets', createdAt: 't0', start: '2024-02-01', horizon: 2, levels: [0.5], quantiles: { p50: new Float32Array([1, 2]) }, notes: [],
  ...(paths ? { paths: Float32Array.from(paths), nPaths: paths.length / 2 } : {}),
});

describe('upgrading a seller\'s database to schema version 3', () => {
  it('moves existing sample paths out of the forecast records and keeps everything else', async () => {
    const name = `upgrade-${counter++}`;
    const old = new VersionTwoDB(name);
    await old.table('products').put({ sku: 'A', name: 'Mug', onHand: 4 });
    await old.table('forecasts').bulkPut([legacy('A', [1, 2, 3, 4]), legacy('B')]);
    old.close();

    const upgraded = new ShelfcastDB(name);
    await upgraded.open();
    expect(upgraded.verno).toBe(3);
    expect(await upgraded.products.get('A')).toEqual({ sku: 'A', name: 'Mug', onHand: 4 });
    const a = await upgraded.forecasts.get('A');
    expect(a).not.toHaveProperty('paths');
    expect(a).toMatchObject({ sku: 'A', model: 'ets', createdAt: 't0', horizon: 2, nPaths: 2 });
    expect(Array.from(a!.quantiles.p50)).toEqual([1, 2]);
    const paths = await upgraded.forecastPaths.get('A');
    expect(paths).toMatchObject({ sku: 'A', createdAt: 't0', nPaths: 2, horizon: 2 });
    expect(paths!.paths).toBeInstanceOf(Float32Array);
    expect(Array.from(paths!.paths)).toEqual([1, 2, 3, 4]);
    expect(await upgraded.forecasts.get('B')).toMatchObject({ sku: 'B', createdAt: 't0' });
    expect(await upgraded.forecastPaths.count()).toBe(1);
    upgraded.close();
  });

  it('restores a backup made before version 3 with its paths in the new table', async () => {
    db = new ShelfcastDB(`restore-${counter++}`);
    useDatabase(db);
    await storeForecasts([forecast('A', [[1, 2, 3], [4, 5, 6]])], 't1');
    // Rewrite today's backup into the version-2 shape: paths inline, no forecastPaths table.
    const [headerLine, ...lines] = (await (await exportBackup()).text()).trim().split('\n');
    const header = JSON.parse(headerLine);
    const entries = lines.map((l) => JSON.parse(l));
    const pathsEntry = entries.find((e) => e.t === 'forecastPaths');
    const forecastEntry = entries.find((e) => e.t === 'forecasts');
    forecastEntry.v.paths = pathsEntry.v.paths;
    header.schemaVersion = 2;
    header.tables = header.tables.filter((t: { name: string }) => t.name !== 'forecastPaths');
    const oldBackup = [header, ...entries.filter((e) => e !== pathsEntry)].map((x) => JSON.stringify(x)).join('\n');

    const target = new ShelfcastDB(`restore-${counter++}`);
    useDatabase(target);
    await storeForecasts([forecast('OTHER', [[9, 9, 9]])], 't9');
    await restoreBackup(new Blob([oldBackup]));
    expect(await target.forecasts.toCollection().primaryKeys()).toEqual(['A']);
    expect(await target.forecasts.get('A')).not.toHaveProperty('paths');
    expect(await target.forecasts.get('A')).toMatchObject({ nPaths: 2 });
    const paths = await getForecastPaths('A');
    expect(paths).toMatchObject({ createdAt: 't1', nPaths: 2, horizon: 3 });
    expect(Array.from(paths!.paths)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await target.forecastPaths.count()).toBe(1);
  });
});

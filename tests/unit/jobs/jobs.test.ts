import 'fake-indexeddb/auto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeEnvironment } from '../../../src/cli/env';
import { createRegistry } from '../../../src/core/evaluate';
import { generateSynthetic, PatchTransformer, toCheckpoint } from '../../../src/core/neural/runtime';
import { aggregateDaily, DayFlag, isoToDay, type Series } from '../../../src/core/series';
import { registerColdStart } from '../../../src/core/text';
import {
  activeModel, ALL_PRODUCTS, dbRepositories, loadColdStartContext, saveModel, ShelfcastDB, storeBatch, storeForecasts, useDatabase,
  type ModelRecord,
} from '../../../src/db';
import { forecastAll, type ForecastDeps } from '../../../src/jobs/forecastAll';
import { CataloguePlanning, promoUplift, type PlanDeps } from '../../../src/jobs/plan';
import type { Compute } from '../../../src/jobs/repositories';
import { trainGroup, type TrainDeps, type TrainJob } from '../../../src/jobs/train';
import { TINY, useFastBackend } from '../neural/helpers';

let counter = 0;
let db: ShelfcastDB;
beforeEach(() => {
  db = new ShelfcastDB(`jobs-${counter++}`);
  useDatabase(db);
});

/** Sales of A, B, C on 10 weeks from Monday 2024-01-01: each repeats its own week (A sells 1–7, B 2–8, …). */
async function storeWeeklySales(): Promise<void> {
  const rows = ['A', 'B', 'C'].flatMap((sku, k) => Array.from({ length: 70 }, (_, i) => ({ day: isoToDay('2024-01-01') + i, sku, qty: (i % 7) + 1 + k })));
  const agg = aggregateDaily(rows);
  await storeBatch({ fingerprint: 'weeks', fileName: 'weeks.csv', rowsRead: rows.length, rowsRejected: 0, blocks: agg.blocks, names: agg.names });
}

const noFallback: Compute = { withFallback: (attempt) => attempt(), current: async () => ({ backend: 'cpu', attempts: [] }) };

function forecastDeps(compute = noFallback): ForecastDeps {
  return {
    ...dbRepositories,
    models: {
      registry: () => {
        const registry = createRegistry();
        registerColdStart(registry, () => loadColdStartContext());
        return registry;
      },
      environment: nodeEnvironment,
    },
    compute,
  };
}

describe('forecast-all job', () => {
  it('forecasts every stored product with the chosen model and stores the forecasts', async () => {
    await storeWeeklySales();
    const summary = await forecastAll({ horizon: 7, quantiles: [0.5], paths: 0, model: 'seasonal_naive' }, forecastDeps());
    expect(summary).toMatchObject({ forecasted: 3, model: 'seasonal_naive', skipped: [], fallbacks: [] });
    const a = await db.forecasts.get('A');
    // The day after the last (2024-03-10, a Sunday) onwards: seasonal naive repeats the last week.
    expect(a).toMatchObject({ start: '2024-03-11', horizon: 7 });
    expect(Array.from(a!.quantiles.p50)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from((await db.forecasts.get('C'))!.quantiles.p50)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    // Not the automatic selection: no report cards.
    expect(await db.backtests.count()).toBe(0);
  });

  it('after a backend broke mid-forecast, stores only the finished forecast and says what happened', async () => {
    await storeWeeklySales();
    const writes: number[] = [];
    const deps = forecastDeps({
      async withFallback(attempt, onFallback) {
        await attempt();
        onFallback('webgpu failed: the WebGPU device was lost; now on wasm');
        return attempt();
      },
      current: async () => ({ backend: 'wasm', attempts: [] }),
    });
    const storeForecastsOnce = deps.forecasts.storeForecasts;
    deps.forecasts = { ...deps.forecasts, storeForecasts: (results, createdAt) => { writes.push(results.length); return storeForecastsOnce(results, createdAt); } };
    const summary = await forecastAll({ horizon: 7, quantiles: [0.5], paths: 0, model: 'seasonal_naive' }, deps);
    expect(summary.fallbacks).toEqual(['webgpu failed: the WebGPU device was lost; now on wasm']);
    expect(summary.backend.backend).toBe('wasm');
    expect(writes).toEqual([3]);
  });

  it('the automatic selection also stores a report card per product and the catalogue\'s', async () => {
    await storeWeeklySales();
    const summary = await forecastAll({ horizon: 7, quantiles: [0.1, 0.5, 0.9], paths: 10, model: 'auto' }, forecastDeps());
    expect(summary.forecasted).toBe(3);
    expect((await db.backtests.toArray()).map((r) => r.sku).sort()).toEqual(['A', 'B', 'C']);
    expect(await db.forecastPaths.count()).toBe(3);
  });
});

describe('train job', () => {
  const series = generateSynthetic({ count: 8, days: 150, seed: 5 });
  const job: TrainJob = {
    compute: 'auto', group: ALL_PRODUCTS, freeze: 'all', mode: 'fine-tune', baseUrl: '', maxEpochs: 1, windowsPerSeries: 2, batchSize: 16,
  };
  let deps: TrainDeps;
  beforeAll(async () => {
    await useFastBackend();
    const shipped = await toCheckpoint(new PatchTransformer(TINY, undefined, 1));
    deps = {
      ...dbRepositories,
      sales: { loadDailySeries: async () => series },
      statics: { productStatics: async () => new Map(series.map((s) => [s.sku, { category: 'Mugs' }])) },
      shipped: async () => shipped,
      backend: { current: () => 'wasm' },
    };
  });

  it('fine-tunes from the shipped weights and stores the version with its lineage', async () => {
    const stages: string[] = [];
    const summary = await trainGroup(job, deps, (u) => { if (u.phase === 'event') stages.push(u.stage); });
    expect(stages).toEqual(['Loading sales history', 'Loading the current model', 'Saving the new version']);
    const record = await db.models.get(summary.modelId);
    expect(record).toMatchObject({
      kind: 'transformer', group: ALL_PRODUCTS, parentId: 'shipped', origin: 'fine-tune', status: summary.kept ? 'active' : 'rejected',
      dataRange: { products: 8 }, training: { freeze: 'all', epochs: summary.epochs },
    });
    expect(record!.rejectedBecause).toBe(summary.kept ? undefined : summary.reason);
    expect((await activeModel())?.id).toBe(summary.kept ? summary.modelId : undefined);
  });

  it('says why it cannot train: no trained version to continue, no new sales, no products in the group', async () => {
    await expect(trainGroup({ ...job, mode: 'continual' }, deps)).rejects.toThrow('there is no trained version to continue yet: fine-tune first');
    await expect(trainGroup({ ...job, group: 'Plates' }, deps)).rejects.toThrow('no products in category "Plates"');
    // A version trained on data up to the last day there is: nothing new to continue on.
    const lastDay = Math.max(...series.map((s) => isoToDay(s.start) + s.values.length - 1));
    const shipped = await deps.shipped();
    const trained: ModelRecord = {
      id: 'tfm-1', kind: 'transformer', createdAt: '2024-01-01T00:00:00Z', group: ALL_PRODUCTS, status: 'active', parentId: 'shipped', origin: 'fine-tune',
      config: shipped.config, manifest: shipped.manifest, weights: shipped.weights,
      dataRange: { first: series[0].start, last: new Date(lastDay * 86_400_000).toISOString().slice(0, 10), products: 8, windows: 1 },
      metrics: { valLossBefore: 1, valLossAfter: 1 },
      training: { freeze: 'all', epochs: 1, bestEpoch: 1, seconds: 1, backend: 'wasm', stoppedBecause: 'max-epochs', fallbacks: [], windowsPerSecond: 1 },
    };
    await saveModel(trained, true);
    await expect(trainGroup({ ...job, mode: 'continual' }, deps)).rejects.toThrow(/^no new sales since the version in use was trained/);
  });
});

describe('plan jobs', () => {
  function planDeps(sales?: Series[]): PlanDeps {
    return {
      ...dbRepositories,
      ...(sales ? { sales: { loadDailySeries: async () => sales } } : {}),
      settings: { ...dbRepositories.settings, getForecastModel: async () => 'seasonal_naive' },
      models: async () => ({ registry: () => createRegistry(), environment: nodeEnvironment }),
      yieldToHost: () => new Promise((resolve) => setTimeout(resolve, 0)),
    };
  }

  async function storeCatalogue(): Promise<void> {
    await db.products.bulkPut([{ sku: 'A', name: 'Mug', onHand: 0, unitCost: 2 }, { sku: 'B', name: 'Bowl', onHand: 1000, unitCost: 3 }]);
    const paths = Array.from({ length: 20 }, () => new Array(28).fill(2)).flat();
    await storeForecasts(['A', 'B'].map((sku) => ({
      sku, model: 'seasonal_naive', start: '2024-02-01', freq: 'D', horizon: 28, levels: [0.5],
      quantiles: { p50: new Float32Array(28).fill(2) }, notes: [], paths: Float32Array.from(paths), nPaths: 20,
    })));
  }

  it('plans the catalogue from what is stored: the product out of stock orders, the overstocked one does not', async () => {
    await storeCatalogue();
    const plan = await new CataloguePlanning(planDeps()).plan(1, new Map());
    const order = new Map(plan.rows.map((r) => [r.sku, r.plan.orderQty]));
    expect(order.get('A')).toBeGreaterThan(0);
    expect(order.get('B')).toBe(0);
  });

  it('a newer request supersedes one still running', async () => {
    await storeCatalogue();
    const planning = new CataloguePlanning(planDeps());
    const older = planning.plan(1, new Map());
    const newer = planning.plan(2, new Map());
    await expect(older).rejects.toThrow('Cancelled: a newer purchase plan was asked for');
    expect((await newer).rows).toHaveLength(2);
  });

  it('promotion uplift from the seller\'s history when the model in use has none of its own', async () => {
    // 10 a day, 25 on three promotion days: +150% against the same weekdays without one.
    const flags = new Uint8Array(100);
    const values = Float32Array.from({ length: 100 }, (_, i) => (i >= 50 && i <= 52 ? ((flags[i] = DayFlag.Promo), 25) : 10));
    const series: Series = { sku: 'A', start: '2024-01-01', freq: 'D', values, flags };
    const answer = await promoUplift('A', { firstDay: 3, lastDay: 5, discount: 0.2 }, 28, 10, planDeps([series]));
    expect(answer.model).toBeUndefined();
    expect(answer.history?.promoDays).toBe(3);
    expect(answer.history?.uplift).toBeCloseTo(1.5, 6);
  });
});

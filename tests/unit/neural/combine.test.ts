import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../../src/core/evaluate';
import { nodeEnvironment } from '../../../src/cli/env';
import {
  ENSEMBLE_TRANSFORMER_MODEL, QuantileAverage, registerTransformer, TRANSFORMER_SHARE,
} from '../../../src/core/neural/runtime';
import type { ForecastBatch, ForecastResult, Forecaster, Series } from '../../../src/core/series';
import { dailySeries, useFastBackend } from './helpers';

/** A forecaster that returns fixed forecasts (one per sku it was given, when it has one). */
class Fixed implements Forecaster {
  private skus: string[] = [];
  constructor(readonly name: string, private readonly bySku: Record<string, Omit<ForecastResult, 'sku' | 'model'>>) {}
  fit(series: readonly Series[]): void {
    this.skus = series.map((s) => s.sku);
  }
  predict(): ForecastBatch {
    const forecasts = this.skus.filter((sku) => this.bySku[sku]).map((sku) => ({ sku, model: this.name, ...this.bySku[sku] }));
    return { forecasts, skipped: this.skus.filter((sku) => !this.bySku[sku]).map((sku) => ({ sku, reason: `${this.name} cannot` })) };
  }
}

const base = { start: '2024-02-01', freq: 'D' as const, horizon: 2, levels: [0.1, 0.5, 0.9], notes: [] as string[] };
const f32 = (...v: number[]) => Float32Array.from(v);

describe('QuantileAverage', () => {
  it('averages quantiles and rank-paired sample paths with the given weight', async () => {
    const a = new Fixed('a', {
      X: { ...base, quantiles: { p10: f32(0, 4), p50: f32(4, 8), p90: f32(8, 12) }, nPaths: 2, paths: f32(10, 10, 0, 0), notes: ['from a'] },
    });
    const b = new Fixed('b', {
      X: { ...base, quantiles: { p10: f32(4, 0), p50: f32(8, 4), p90: f32(12, 16) }, nPaths: 2, paths: f32(2, 2, 6, 6), notes: ['from b'] },
    });
    const combined = new QuantileAverage('mix', a, b, 0.25);
    await combined.fit([dailySeries('X', [1, 2, 3])]);
    const [x] = (await combined.predict(2, { quantiles: [0.1, 0.5, 0.9] })).forecasts;
    // 0.75·a + 0.25·b, by hand.
    expect(Array.from(x.quantiles.p10)).toEqual([1, 3]);
    expect(Array.from(x.quantiles.p50)).toEqual([5, 7]);
    expect(Array.from(x.quantiles.p90)).toEqual([9, 13]);
    // a's paths by total: (0,0) then (10,10); b's: (2,2) then (6,6). Lowest with lowest.
    expect(Array.from(x.paths!)).toEqual([0.5, 0.5, 9, 9]);
    expect(x.model).toBe('mix');
    expect(x.notes).toEqual(['from a', 'from b']);
  });

  it('keeps the forecast of a product only one side could make, and reports a product neither could', async () => {
    const only = { ...base, quantiles: { p10: f32(1, 1), p50: f32(2, 2), p90: f32(3, 3) } };
    const a = new Fixed('a', { X: only });
    const b = new Fixed('b', { Y: only });
    const combined = new QuantileAverage('mix', a, b, 0.25);
    await combined.fit([dailySeries('X', [1]), dailySeries('Y', [1]), dailySeries('Z', [1])]);
    const { forecasts, skipped } = await combined.predict(2, { quantiles: [0.1, 0.5, 0.9] });
    expect(forecasts.map((f) => [f.sku, Array.from(f.quantiles.p50)])).toEqual([['X', [2, 2]], ['Y', [2, 2]]]);
    expect(skipped).toEqual([{ sku: 'Z', reason: 'a cannot' }]);
  });

  it('refuses a weight outside [0, 1]', () => {
    expect(() => new QuantileAverage('mix', new Fixed('a', {}), new Fixed('b', {}), 1.5)).toThrow(/\[0, 1\]/);
  });
});

describe('ensemble_transformer', () => {
  it('is the ensemble with the Transformer as a fourth equal member', async () => {
    await useFastBackend();
    expect(TRANSFORMER_SHARE).toBe(0.25);
    const registry = createRegistry();
    registerTransformer(registry);
    const series = [dailySeries('A', Array.from({ length: 120 }, (_, i) => 5 + (i % 7)))];
    const forecast = async (name: string) => {
      const model = await registry.create(name, nodeEnvironment);
      await model.fit(series);
      return (await model.predict(28, { quantiles: [0.1, 0.5, 0.9] })).forecasts[0];
    };
    const [ensemble, transformer, both] = [await forecast('ensemble'), await forecast('transformer'), await forecast(ENSEMBLE_TRANSFORMER_MODEL)];
    for (const key of ['p10', 'p50', 'p90']) {
      both.quantiles[key].forEach((v, t) => expect(v).toBeCloseTo(0.75 * ensemble.quantiles[key][t] + 0.25 * transformer.quantiles[key][t], 4));
    }
    expect(both.model).toBe(ENSEMBLE_TRANSFORMER_MODEL);
  });
});

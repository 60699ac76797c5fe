import { describe, expect, it } from 'vitest';
import {
  AutoForecaster, centralPairs, conformalQuantile, createRegistry, UnknownModelError, weeklyBlockT, type ModelEnvironment,
} from '../../../src/core/evaluate';
import { addPeriods, dayToIso, isoToDay, type ForecastBatch, type Forecaster, type PredictOptions, type Series } from '../../../src/core/series';
import { mulberry32, quantileKey } from '../../../src/core/stats';
import { NaivePoint } from '../../../src/core/baselines';

const env: ModelEnvironment = { runtime: 'node', asset: async () => { throw new Error('no assets in this test'); } };

function batch(make: (random: () => number, t: number, state: { level: number }) => number, products = 24, days = 150): Series[] {
  return Array.from({ length: products }, (_, k) => {
    const random = mulberry32(100 + k);
    const state = { level: 50 };
    return { sku: `P${k}`, start: '2024-01-01', freq: 'D' as const, values: Float32Array.from({ length: days }, (_, t) => Math.max(0, make(random, t, state))) };
  });
}

describe('auto: selection by backtest', () => {
  it('picks naive for random walks and the moving average for noise around a constant', async () => {
    const registry = createRegistry();
    const walks = batch((random, _t, s) => (s.level += (random() - 0.5) * 20));
    const auto = new AutoForecaster(registry, env, { candidates: ['naive', 'moving_average'] });
    await auto.fit(walks);
    const result = await auto.predict(14, { quantiles: [0.1, 0.5, 0.9], paths: 50 });
    expect(result.forecasts).toHaveLength(24);
    expect(auto.report().filter((r) => r.chosen === 'naive').length).toBeGreaterThan(20);

    const noise = batch((random) => 50 + (random() - 0.5) * 40);
    await auto.fit(noise);
    await auto.predict(14, { quantiles: [0.1, 0.5, 0.9] });
    const report = auto.report();
    expect(report.filter((r) => r.chosen === 'moving_average').length).toBeGreaterThan(20);
    // The report card has every candidate's inner-backtest metrics.
    expect(Object.keys(report[0].scores).sort()).toEqual(['moving_average', 'naive']);
    expect(report[0].scores.naive.mase).toBeGreaterThan(report[0].scores.moving_average.mase);
    expect(report[0].demandClass.name).toBe('smooth');
  });

  it('returns the requested quantiles, ascending and never negative, with paths', async () => {
    const auto = new AutoForecaster(createRegistry(), env, { candidates: ['naive', 'moving_average', 'tsb'] });
    await auto.fit(batch((random) => (random() < 0.3 ? Math.round(random() * 10) : 0)));
    const { forecasts } = await auto.predict(7, { quantiles: [0.25, 0.1, 0.9, 0.75], paths: 30 });
    for (const f of forecasts) {
      expect(f.levels).toEqual([0.1, 0.25, 0.75, 0.9]);
      expect(Object.keys(f.quantiles)).toEqual(['p10', 'p25', 'p75', 'p90']);
      for (let i = 0; i < 7; i++) {
        const row = f.levels.map((l) => f.quantiles[quantileKey(l)][i]);
        expect(row[0]).toBeGreaterThanOrEqual(0);
        for (let k = 1; k < row.length; k++) expect(row[k]).toBeGreaterThanOrEqual(row[k - 1]);
      }
      expect(f.nPaths).toBe(30);
      expect(Math.min(...(f.paths as Float32Array))).toBeGreaterThanOrEqual(0);
    }
  });

  it('backtests any registered forecaster by refitting, and picks it when it is better', async () => {
    const pattern = [1, 5, 9];
    /** Knows the series repeat every 3 days: exact forecasts. */
    class Period3 implements Forecaster {
      readonly name = 'period3';
      private series: readonly Series[] = [];
      fit(series: readonly Series[]) { this.series = series; }
      predict(horizon: number, options: PredictOptions): ForecastBatch {
        return {
          skipped: [],
          forecasts: this.series.map((s) => {
            const values = Float32Array.from({ length: horizon }, (_, i) => s.values[s.values.length - 3 + (i % 3)]);
            const quantiles: Record<string, Float32Array> = {};
            for (const level of options.quantiles) quantiles[quantileKey(level)] = values.slice();
            return { sku: s.sku, model: this.name, start: dayToIso(addPeriods(isoToDay(s.start), s.values.length, 'D')), freq: 'D', horizon, levels: [...options.quantiles], quantiles, notes: [] };
          }),
        };
      }
    }
    const registry = createRegistry();
    let fits = 0;
    registry.register({ kind: 'forecaster', name: 'period3', label: 'Period 3', description: 'test double', create: () => { fits++; return new Period3(); } });
    const auto = new AutoForecaster(registry, env, { candidates: ['naive', 'period3'] });
    await auto.fit(batch((_random, t) => pattern[t % 3] * 10, 24, 120));
    const { forecasts } = await auto.predict(6, { quantiles: [0.1, 0.5, 0.9] });
    expect(auto.report().every((r) => r.chosen === 'period3')).toBe(true);
    // 120 days end on position 0: the forecast continues 10, 50, 90.
    expect(Array.from(forecasts[0].quantiles.p50)).toEqual([10, 50, 90, 10, 50, 90]);
    // Three inner folds refitted, plus the final fit: four instances.
    expect(fits).toBe(4);
  });
});

describe('auto: the small pieces, by hand', () => {
  it('central intervals among the levels', () => {
    expect(centralPairs([0.05, 0.1, 0.5, 0.9, 0.95])).toEqual([
      { lower: 0.05, upper: 0.95, lo: 0, hi: 4 }, { lower: 0.1, upper: 0.9, lo: 1, hi: 3 },
    ]);
    expect(centralPairs([0.1, 0.5, 0.8])).toEqual([]);
  });

  it('split-conformal quantile: the ⌈(n + 1)·width⌉-th smallest score', () => {
    // Sorted −1 0 0.5 1 2: width 0.8 → ⌈4.8⌉ = 5th = 2; width 0.5 → 3rd = 0.5.
    expect(conformalQuantile([0.5, -1, 2, 0, 1], 0.8)).toBe(2);
    expect(conformalQuantile([0.5, -1, 2, 0, 1], 0.5)).toBe(0.5);
  });

  it('t-statistic on weekly blocks of loss differences', () => {
    // Block sums of a − b: 7 and 5 → mean 6, sample variance 2, t = 6 / √(2/2) = 6.
    const a = Array(14).fill(2);
    const b = [...Array(7).fill(1), ...Array(5).fill(2), ...Array(2).fill(-0.5)];
    expect(weeklyBlockT(a, b)).toBeCloseTo(6);
    expect(weeklyBlockT(a.slice(0, 10), b.slice(0, 10))).toBe(0);
  });
});

describe('model registry', () => {
  it('lists, resolves and rejects models by name', async () => {
    const registry = createRegistry();
    expect(registry.names()).toEqual(expect.arrayContaining(['naive', 'seasonal_naive', 'moving_average', 'ets', 'croston', 'sba', 'tsb', 'ensemble', 'auto_ets', 'mstl', 'auto']));
    expect(registry.resolve('ets, tsb').map((s) => s.name)).toEqual(['ets', 'tsb']);
    expect(() => registry.resolve('ets,prophet')).toThrow(UnknownModelError);
    expect(() => registry.resolve('ets,prophet')).toThrow(/unknown model "prophet"; known models: naive, /);
    expect(() => registry.register({ kind: 'point', name: 'ets', label: '', description: '', point: () => { throw new Error(); } })).toThrow(/already registered/);
    expect(() => registry.register({ kind: 'point', name: 'Bad Name', label: '', description: '', point: () => { throw new Error(); } })).toThrow(/snake_case/);
    const forecaster = await registry.create('tsb', env);
    expect(forecaster.name).toBe('tsb');
  });

  it('loads a model once per environment', async () => {
    const registry = createRegistry();
    let loads = 0;
    registry.register({ kind: 'point', name: 'slow', label: 'Slow', description: 'loads once', load: async () => { loads++; }, point: () => new NaivePoint() });
    await registry.create('slow', env);
    await registry.create('slow', env);
    expect(loads).toBe(1);
  });
});

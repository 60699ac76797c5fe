import { beforeAll, describe, expect, it } from 'vitest';
import { attachSeasonalProfiles, PatchTransformer, prepareSeries, TransformerForecaster } from '../../../src/core/neural/runtime';
import { DayFlag } from '../../../src/core/series';
import { dailySeries, TINY, useFastBackend } from './helpers';

describe('TransformerForecaster', () => {
  beforeAll(useFastBackend);

  it('forecasts every daily product with quantiles, notes and sample paths, and says why it skips others', async () => {
    const model = new PatchTransformer(TINY, undefined, 2);
    const forecaster = new TransformerForecaster(model, { note: 'test model' });
    const weekly = { ...dailySeries('W', [1, 2, 3]), freq: 'W' as const };
    const blind = dailySeries('S', [5, 5, 5], '2024-01-01', { flags: Uint8Array.from([DayFlag.Stockout, DayFlag.Stockout, DayFlag.Stockout]) });
    forecaster.fit([dailySeries('A', Array.from({ length: 90 }, (_, i) => i % 7)), dailySeries('NEW', [0, 2, 1]), weekly, blind]);
    const horizon = 40; // longer than the model's own 14 days: extended block by block
    const { forecasts, skipped } = await forecaster.predict(horizon, { quantiles: [0.1, 0.5, 0.9], paths: 50 });
    expect(forecasts.map((f) => f.sku)).toEqual(['A', 'NEW']);
    expect(skipped).toEqual([
      { sku: 'W', reason: 'the Transformer forecasts daily series; this one is weekly' },
      { sku: 'S', reason: expect.stringContaining('no observed sales days') },
    ]);
    const [a, fresh] = forecasts;
    expect(a.start).toBe('2024-03-31'); // the day after 90 days from 2024-01-01
    expect(a.model).toBe('transformer');
    expect(a.quantiles.p50).toHaveLength(horizon);
    expect(a.nPaths).toBe(50);
    expect(a.paths).toHaveLength(50 * horizon);
    expect(a.paths!.every((v) => v >= 0)).toBe(true);
    expect(a.notes).toContain('test model');
    expect(a.notes.some((n) => n.includes('uncertainty is understated'))).toBe(true);
    expect(fresh.notes.some((n) => n.startsWith('Short history (3 days)'))).toBe(true);
    model.dispose();
  });

  it('forecasts a product with a seasonal profile as the same network on its deseasonalised sales, times the profile', async () => {
    const model = new PatchTransformer(TINY, undefined, 3);
    const forecaster = new TransformerForecaster(model);
    const start = '2021-01-01';
    const values = Array.from({ length: 900 }, (_, t) => Math.round((12 + 3 * ((t * 7) % 5)) * (1 + 0.6 * Math.sin((2 * Math.PI * t) / 365.25))));
    const [seasonal] = attachSeasonalProfiles([prepareSeries(dailySeries('A', values, start), { categoryBuckets: TINY.categoryBuckets })]);
    const profile = seasonal.profile!;
    expect(profile).toBeDefined();
    // The same sales divided by the profile, with no profile of their own.
    const flat = prepareSeries(dailySeries('A', values.map((v, t) => v / profile[t]), start), { categoryBuckets: TINY.categoryBuckets });
    const horizon = 30; // past the model's 14 days: the second block feeds the first one's median back
    const [withCurve, withoutCurve] = await Promise.all([forecaster.forecastUnits([seasonal], horizon), forecaster.forecastUnits([flat], horizon)]);
    const Q = TINY.levels.length;
    for (let t = 0; t < horizon; t++) {
      for (let q = 0; q < Q; q++) expect(withCurve[0][t * Q + q]).toBeCloseTo(withoutCurve[0][t * Q + q] * profile[values.length + t], 3);
    }
    model.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import { bootstrapErrorPaths, SeasonalNaive } from '../../../src/core/baselines';
import { DayFlag, type Series } from '../../../src/core/series';

const series = (values: number[], flags?: number[]): Series => ({
  sku: 'X', start: '2024-01-01', freq: 'D', values: Float32Array.from(values), flags: flags ? Uint8Array.from(flags) : undefined,
});

/** y = 2 4 3 7 1 6 5 8 with season 2; every number below is worked out by hand in the comments. */
describe('SeasonalNaive, season 2, worked example', () => {
  const model = new SeasonalNaive({ season: 2, minErrors: 4 });
  model.fit([series([2, 4, 3, 7, 1, 6, 5, 8])]);
  const { forecasts, skipped } = model.predict(3, { quantiles: [0.1, 0.5, 0.9], paths: 10 });
  const f = forecasts[0];

  it('forecasts one season back, dated the day after the history', () => {
    expect(skipped).toEqual([]);
    expect(f.start).toBe('2024-01-09');
    expect(f.model).toBe('seasonal_naive');
    // point = y6, y7, y6 = 5, 8, 5; the median adds the median error at each step.
    // step 1 errors (y[o] - y[o-2], o = 2..7): 1 3 -2 -1 4 2 -> sorted -2 -1 1 2 3 4
    //   p10 = -2 + 0.5·1 = -1.5, p50 = (1 + 2)/2 = 1.5, p90 = 3 + 0.5·1 = 3.5
    // step 2 errors (y[o+1] - y[o-1], o = 2..6): 3 -2 -1 4 2 -> sorted -2 -1 2 3 4
    //   p10 = -2 + 0.4·1 = -1.6, p50 = 2, p90 = 3 + 0.6·1 = 3.6
    // step 3 errors (y[o+2] - y[o-2], o = 2..5): -1 2 2 1 -> sorted -1 1 2 2
    //   p10 = -1 + 0.3·2 = -0.4, p50 = 1.5, p90 = 2
    expect(Array.from(f.quantiles.p10)).toEqual([3.5, 6.4, 4.6].map(Math.fround));
    expect(Array.from(f.quantiles.p50)).toEqual([6.5, 10, 6.5]);
    expect(Array.from(f.quantiles.p90)).toEqual([8.5, 11.6, 7].map(Math.fround));
  });

  it('returns the historical error paths, most recent origin first', () => {
    // origin 5: errors -1 4 1 -> 4 12 6; origin 4: -2 -1 2 -> 3 7 7;
    // origin 3: 3 -2 2 -> 8 6 7; origin 2: 1 3 -1 -> 6 11 4
    expect(f.nPaths).toBe(4);
    expect(Array.from(f.paths as Float32Array)).toEqual([4, 12, 6, 3, 7, 7, 8, 6, 7, 6, 11, 4]);
    expect(f.notes).toEqual([]);
  });
});

describe('SeasonalNaive behaviour', () => {
  it('never forecasts below zero', () => {
    const model = new SeasonalNaive({ season: 2, minErrors: 2 });
    model.fit([series([9, 0, 0, 0, 9, 0, 0, 0, 9, 0])]);
    const f = model.predict(4, { quantiles: [0.1, 0.5, 0.9], paths: 5 }).forecasts[0];
    for (const q of Object.values(f.quantiles)) expect(Math.min(...q)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...(f.paths as Float32Array))).toBeGreaterThanOrEqual(0);
  });

  it('skips stocked-out days as sources and as errors', () => {
    // Day 6 (value 0) was a stockout: the forecast for its weekday-slot uses day 4 instead.
    const model = new SeasonalNaive({ season: 2, minErrors: 1 });
    model.fit([series([5, 1, 5, 1, 5, 1, 0, 1], [0, 0, 0, 0, 0, 0, DayFlag.Stockout, 0])]);
    const f = model.predict(2, { quantiles: [0.5] }).forecasts[0];
    // Uncensored seasonal errors are all 0, so the median is the point forecast itself.
    expect(Array.from(f.quantiles.p50)).toEqual([5, 1]);
  });

  it('gives a reason instead of a forecast when history is too short', () => {
    const model = new SeasonalNaive();
    model.fit([series([1, 2, 3])]);
    const batch = model.predict(28, { quantiles: [0.5] });
    expect(batch.forecasts).toEqual([]);
    expect(batch.skipped[0].reason).toMatch(/needs at least 9 days of history/);
  });

  it('bootstraps short histories reproducibly and says so', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7];
    const run = () => {
      const model = new SeasonalNaive();
      model.fit([series(values)]);
      return model.predict(28, { quantiles: [0.1, 0.5, 0.9], paths: 50 }).forecasts[0];
    };
    const a = run();
    const b = run();
    expect(a.nPaths).toBe(50);
    expect(Array.from(a.paths as Float32Array)).toEqual(Array.from(b.paths as Float32Array));
    expect(a.notes[0]).toMatch(/Short history \(14 days\)/);
    // Intervals widen with the horizon: a seasonal random walk's error adds up season after season.
    const width = (i: number) => a.quantiles.p90[i] - a.quantiles.p10[i];
    expect(width(21)).toBeGreaterThan(width(0));
  });

  it('bootstrapped errors in the first season are drawn from the observed changes', () => {
    const diffs = [-2, 0, 5];
    const paths = bootstrapErrorPaths(diffs, 3, 6, 200, 7);
    for (const p of paths) {
      for (let i = 0; i < 3; i++) expect(diffs).toContain(p[i]);
      for (let i = 3; i < 6; i++) expect(diffs).toContain(p[i] - p[i - 3]);
    }
  });
});

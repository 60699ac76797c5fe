import { describe, expect, it } from 'vitest';
import {
  empiricalPaths, empiricalQuantiles, errorColumns, errorTable, futureScales, type ErrorTable,
} from '../../../src/core/baselines/empirical';
import type { FittedPoint } from '../../../src/core/baselines/pointModel';
import type { PreparedSeries } from '../../../src/core/baselines/prepare';

/** Only what the functions under test read from a prepared series. */
function prepared(fields: Partial<Record<keyof PreparedSeries, unknown>>): PreparedSeries {
  return { freq: 'D', ...fields } as unknown as PreparedSeries;
}

/** Naive forecaster: every step ahead is the last value before the origin. */
function naiveOn(y: readonly number[]): FittedPoint {
  return { forecastFrom: (origin: number, horizon: number, out: Float64Array) => out.fill(y[origin - 1], 0, horizon) } as unknown as FittedPoint;
}

const table: ErrorTable = {
  horizon: 2,
  origins: Int32Array.from([10, 11, 12, 13]),
  // Rows by origin: (1, −1), (2, unobserved), (−3, 4), (0.5, 5).
  z: Float32Array.from([1, -1, 2, Number.NaN, -3, 4, 0.5, 5]),
  point: new Float32Array(8),
};

describe('errors of a model replayed from past origins (the intervals of every statistical model)', () => {
  it('errorTable: normalised errors (actual − forecast) / scale per origin and step, NaN where unobserved or beyond the history', () => {
    // y = 1…6, day 4 unobserved, scale 2; origins max(1, 6 − 3) = 3, 4, 5, horizon 2, naive forecast.
    const y = [1, 2, 3, 4, 5, 6];
    const p = prepared({ n: 6, y: Float64Array.from(y), mask: Uint8Array.from([1, 1, 1, 1, 0, 1]), errorScale: () => 2 });
    const out = errorTable(p, naiveOn(y), 2, { window: 3, minOrigin: 1 });
    expect(Array.from(out.origins)).toEqual([3, 4, 5]);
    // Origin 3 forecasts 3: day 3 sold 4 → +0.5, day 4 unobserved. Origin 4 forecasts 4: day 5 sold
    // 6 → +1. Origin 5 forecasts 5: day 5 → +0.5, day 6 is past the history.
    expect(Array.from(out.z)).toEqual([0.5, Number.NaN, Number.NaN, 1, 0.5, Number.NaN]);
    expect(Array.from(out.point)).toEqual([3, 3, 4, 4, 5, 5]);
  });

  it('errorColumns: per step, the sorted errors whose targets lie before the cut-off; thin steps borrow from their neighbours', () => {
    const columns = errorColumns(table, 2, 14, 3)!;
    // Step 1: origins 10–13 (targets 10–13 < 14). Step 2: origins 10–12 give −1 and 4 (one
    // unobserved), fewer than 3, so step 1's four errors join them.
    expect(Array.from(columns[0])).toEqual([-3, 0.5, 1, 2]);
    expect(Array.from(columns[1])).toEqual([-3, -1, 0.5, 1, 2, 4]);
    // With the cut-off at 13 only four errors remain in all: too few to say anything.
    expect(errorColumns(table, 2, 13, 3)).toBeUndefined();
  });

  it('empiricalQuantiles: point + error quantile × scale, never below zero, zero on days with no scale', () => {
    const columns = [Float64Array.from([-3, 0.5, 1, 2]), Float64Array.from([-3, -1, 0.5, 1, 2, 4])];
    const [p10, p50] = empiricalQuantiles(Float64Array.from([10, 1]), Float64Array.from([2, 0.5]), columns, [0.1, 0.5], 2);
    // Linear interpolation between order statistics: step 1 P50 at position 1.5 → 0.75, so
    // 10 + 0.75 × 2 = 11.5; P10 at 0.3 → −3 + 0.3 × 3.5 = −1.95, so 10 − 3.9 = 6.1. Step 2 P10 at 0.5
    // → −2, so 1 − 1 = 0; P50 at 2.5 → 0.75, so 1.375.
    expect(p50[0]).toBeCloseTo(11.5, 6);
    expect(p10[0]).toBeCloseTo(6.1, 6);
    expect(p10[1]).toBe(0);
    expect(p50[1]).toBeCloseTo(1.375, 6);
    const closed = empiricalQuantiles(Float64Array.from([10]), Float64Array.from([0]), columns, [0.5], 1);
    expect(closed[0][0]).toBe(0);
  });

  it('empiricalPaths: the newest whole error rows rescaled onto the point forecast; gaps drawn from the same step', () => {
    // Rows whose 2-step horizon lies inside the history (origins ≤ 12), newest first: origin 12,
    // then 11 (whose step 2 is unobserved: drawn from step 2's only error, 7).
    const columns = [Float64Array.from([-3, 2]), Float64Array.from([7])];
    const out = empiricalPaths(Float64Array.from([10, 1]), Float64Array.from([2, 0.5]), table, columns, 2, 2, 'P', 2);
    expect(out.resampled).toBe(false);
    expect(out.nPaths).toBe(2);
    // Origin 12: (−3, 4) → 10 − 6 = 4 and 1 + 2 = 3. Origin 11: (2, 7) → 14 and 4.5.
    expect(Array.from(out.paths)).toEqual([4, 3, 14, 4.5]);
  });

  it('empiricalPaths: with fewer rows than asked for, every step is drawn from its errors (same draws for the same product)', () => {
    const columns = [Float64Array.from([1]), Float64Array.from([-10])];
    const out = empiricalPaths(Float64Array.from([10, 1]), Float64Array.from([2, 0.5]), table, columns, 2, 5, 'P', 20);
    expect(out.resampled).toBe(true);
    expect(out.nPaths).toBe(5);
    // One error per step: every path is 10 + 1 × 2 = 12, then 1 − 10 × 0.5 < 0 → 0.
    expect(Array.from(out.paths)).toEqual([12, 0, 12, 0, 12, 0, 12, 0, 12, 0]);
  });

  it('futureScales: the error scale of each future step, zero on closed days after the history', () => {
    const p = prepared({ n: 5, errorScale: (_origin: number, t: number) => t, closedAt: (t: number) => t === 6 || t === 3 });
    expect(Array.from(futureScales(p, 5, 3))).toEqual([5, 0, 7]);
    // A closed day inside the history is not a future day: its scale stays.
    expect(Array.from(futureScales(p, 3, 1))).toEqual([3]);
  });
});

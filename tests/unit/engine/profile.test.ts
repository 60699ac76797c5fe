import { describe, expect, it } from 'vitest';
import {
  capSpikes, demandScale, errorColumns, errorTable, fitYearlyCurve, NaivePoint, prepareBatch, shopWeekdayIndex, weekdayIndex, weekdayStats,
  yearlyFactor, empiricalQuantiles, MovingAveragePoint, type PreparedSeries,
} from '../../../src/core/baselines';
import { DayFlag, isoToDay } from '../../../src/core/series';

describe('weekday index', () => {
  it('is the weekday mean over the overall mean, shrunk towards the shop’s', () => {
    // One week from Monday: 2 on Monday, 0 else; 7 days, total 2, mean 2/7.
    const stats = weekdayStats([2, 0, 0, 0, 0, 0, 0], new Uint8Array(7).fill(1), isoToDay('2024-01-01'));
    const raw = weekdayIndex(stats, undefined, 0);
    expect(raw[0]).toBeCloseTo(7);
    expect(raw[1]).toBe(0);
    // With 1 pseudo-day per weekday towards a flat shop: Monday (2 + 2/7)/((1 + 1)·2/7) = 4, others 0.5,
    // then normalised so the week averages 1: total 4 + 6·0.5 = 7 → unchanged.
    const shrunk = weekdayIndex(stats, new Float64Array(7).fill(1), 1);
    expect(shrunk[0]).toBeCloseTo(4);
    expect(shrunk[3]).toBeCloseTo(0.5);
  });

  it('the shop’s rhythm averages each selling product’s weekday shares with equal weight', () => {
    const monday = isoToDay('2024-01-01');
    const all = new Uint8Array(7).fill(1);
    // A best-seller with an even week (shares all 1), a small product selling only on Mondays
    // (share 7 on Monday, 0 else), and one that never sold (left out).
    const busy = weekdayStats([100, 100, 100, 100, 100, 100, 100], all, monday);
    const mondays = weekdayStats([1, 0, 0, 0, 0, 0, 0], all, monday);
    const none = weekdayStats([0, 0, 0, 0, 0, 0, 0], all, monday);
    const shop = shopWeekdayIndex([busy, mondays, none]);
    expect(shop[0]).toBeCloseTo((1 + 7) / 2);
    expect(shop[1]).toBeCloseTo(0.5);
    // A weekday nobody was observed on (closed) is neutral.
    const sundaysClosed = weekdayStats([1, 1, 1, 1, 1, 1, 0], Uint8Array.from([1, 1, 1, 1, 1, 1, 0]), monday);
    expect(shopWeekdayIndex([sundaysClosed])[6]).toBe(1);
  });
});

describe('yearly curve', () => {
  const start = isoToDay('2020-01-01');
  it('recovers a smooth yearly wave from three years of daily sales', () => {
    const values = Array.from({ length: 3 * 365 }, (_, t) => 100 * (1 + 0.3 * Math.cos((2 * Math.PI * (start + t)) / 365.25)));
    const curve = fitYearlyCurve(values, new Uint8Array(values.length).fill(1), start);
    expect(curve?.kind).toBe('fourier');
    expect(yearlyFactor(curve!, start)).toBeCloseTo(1 + 0.3 * Math.cos((2 * Math.PI * start) / 365.25), 2);
  });

  it('chooses month-of-year levels when the year moves in monthly steps', () => {
    const values = Array.from({ length: 3 * 365 }, (_, t) => (new Date((start + t) * 86_400_000).getUTCMonth() === 11 ? 60 : 100));
    const curve = fitYearlyCurve(values, new Uint8Array(values.length).fill(1), start);
    expect(curve?.kind).toBe('monthly');
    expect(yearlyFactor(curve!, isoToDay('2023-12-15')) / yearlyFactor(curve!, isoToDay('2023-11-15'))).toBeCloseTo(0.6, 2);
  });

  it('needs two years and a real pattern', () => {
    const flat = Array.from({ length: 800 }, (_, t) => 10 + (t % 2));
    expect(fitYearlyCurve(flat.slice(0, 700), new Uint8Array(700).fill(1), start)).toBeUndefined();
    expect(fitYearlyCurve(flat, new Uint8Array(800).fill(1), start)).toBeUndefined();
  });
});

describe('spikes and scales', () => {
  it('caps an isolated wholesale order but not steady sales', () => {
    const y = Float64Array.from([...Array(30).fill(10), 1000, ...Array(30).fill(12)]);
    const clean = capSpikes(y, new Uint8Array(y.length).fill(1));
    // Sizes: q25 = 10, q75 = 12 → global cap 18; local mean of the rest (≈11) × 4 = 44.
    expect(clean[30]).toBeCloseTo(4 * (300 + 360) / 60);
    expect(clean[0]).toBe(10);
    expect(y[30]).toBe(1000);
  });

  it('moving demand scale is an exposure-weighted exponential mean', () => {
    // span 3 → α = ½; warm start = mean of the first 3 = 4; then 4 → 3 (y 2) → 3.5 (y 4) → 4.5 (y 6).
    const scale = demandScale(Float64Array.from([2, 4, 6]), new Uint8Array(3).fill(1), () => 1, 3);
    expect(Array.from(scale)).toEqual([4, 3, 3.5, 4.75]);
  });
});

describe('empirical quantiles from replayed errors', () => {
  /** A hand-made prepared series with unit error scale, so errors are raw errors. */
  function unitScaled(values: number[]): PreparedSeries {
    const [p] = prepareBatch([{ sku: 'X', start: '2024-01-01', freq: 'W', values: Float32Array.from(values) }], { closures: false, capSpikes: false });
    return { ...p, errorScale: () => 1, profileAt: () => 1 };
  }

  it('naive from every origin: errors per step and their quantiles', () => {
    // y = 1 3 2 5 4, weekly, minOrigin = floor(5/3) = 1. Naive from origin o repeats y[o−1].
    // Step 1 errors (o = 1…4): 3−1, 2−3, 5−2, 4−5 = 2 −1 3 −1. Step 2 (o = 1…3): 2−1, 5−3, 4−2 = 1 2 2.
    const p = unitScaled([1, 3, 2, 5, 4]);
    const fit = new NaivePoint().fit(p);
    if (typeof fit === 'string') throw new Error(fit);
    const table = errorTable(p, fit, 2);
    expect(Array.from(table.origins)).toEqual([1, 2, 3, 4]);
    const columns = errorColumns(table, 2, p.n, 3);
    expect(Array.from(columns![0])).toEqual([-1, -1, 2, 3]);
    expect(Array.from(columns![1])).toEqual([1, 2, 2]);
    // From the end the point forecast is 4: median of step 1 = 4 + (−1 + 2)/2 = 4.5; P90 = 4 + 2.7.
    const [p50, p90] = empiricalQuantiles(Float64Array.from([4, 4]), Float64Array.from([1, 1]), columns!, [0.5, 0.9], 2);
    expect(p50[0]).toBeCloseTo(4.5);
    expect(p90[0]).toBeCloseTo(4 + 2 + 0.7 * 1);
    expect(p50[1]).toBeCloseTo(6);
  });
});

describe('promotions', () => {
  it('are measured against the usual level and kept out of the baseline', () => {
    // 10 a day, but 25 on every 10th day, which is flagged as a promotion.
    const values = Float32Array.from({ length: 120 }, (_, t) => (t % 10 === 9 ? 25 : 10));
    const flags = Uint8Array.from({ length: 120 }, (_, t) => (t % 10 === 9 ? DayFlag.Promo : 0));
    const [p] = prepareBatch([{ sku: 'P', start: '2024-01-01', freq: 'D', values, flags }], { closures: false });
    expect(p.promo?.days).toBe(12);
    expect(p.promo?.uplift).toBeCloseTo(2.5, 1);
    const fit = new MovingAveragePoint().fit(p);
    if (typeof fit === 'string') throw new Error(fit);
    const out = new Float64Array(3);
    fit.forecastFrom(p.n, 3, out);
    Array.from(out).forEach((v) => expect(v).toBeCloseTo(10, 5));
  });
});

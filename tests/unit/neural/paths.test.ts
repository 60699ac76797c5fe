import { describe, expect, it } from 'vitest';
import {
  applySpread, calibratePathCorrelation, normalCdf, normalQuantile, pit, quantileAt, samplePaths,
} from '../../../src/core/neural/runtime';
import { mulberry32, quantile } from '../../../src/core/stats';

const LEVELS = [0.1, 0.5, 0.9];

describe('quantile function', () => {
  it('interpolates linearly between levels and extends the tails without going below zero', () => {
    const q = [2, 4, 10];
    expect(quantileAt(LEVELS, q, 0.5)).toBe(4);
    expect(quantileAt(LEVELS, q, 0.3)).toBeCloseTo(3, 12);
    expect(quantileAt(LEVELS, q, 0.7)).toBeCloseTo(7, 12);
    expect(quantileAt(LEVELS, q, 0.95)).toBeGreaterThan(10);
    expect(quantileAt(LEVELS, q, 0.99)).toBeGreaterThan(quantileAt(LEVELS, q, 0.95));
    expect(quantileAt(LEVELS, q, 0.01)).toBeGreaterThanOrEqual(0);
    expect(quantileAt(LEVELS, q, 0.05)).toBeLessThan(2);
  });

  it('PIT puts an outcome where it falls in the forecast, spreading ties uniformly', () => {
    const random = mulberry32(1);
    expect(pit(LEVELS, [2, 4, 10], 4, random)).toBeCloseTo(0.5, 6);
    expect(pit(LEVELS, [2, 4, 10], 7, random)).toBeCloseTo(0.7, 6);
    // Forecast puts the lower half at zero, nothing sold: the PIT is uniform on [0, 0.5].
    const draws = Array.from({ length: 2000 }, () => pit(LEVELS, [0, 0, 3], 0, random));
    expect(Math.max(...draws)).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(quantile(draws, 0.5)).toBeCloseTo(0.25, 1);
  });

  it('normal CDF and quantile are inverses', () => {
    for (const p of [0.001, 0.1, 0.5, 0.8, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
  });
});

describe('sample paths', () => {
  const horizon = 14;
  const quantiles = new Float32Array(horizon * 3);
  for (let t = 0; t < horizon; t++) quantiles.set([5, 10, 20], t * 3);

  it('keep each day\'s forecast quantiles', () => {
    const paths = samplePaths(quantiles, LEVELS, horizon, 4000, { common: 0.3, ar: 0.5 }, 7);
    const day3 = Array.from({ length: 4000 }, (_, p) => paths[p * horizon + 3]);
    expect(quantile(day3, 0.1)).toBeCloseTo(5, 0);
    expect(quantile(day3, 0.5)).toBeCloseTo(10, 0);
    expect(quantile(day3, 0.9)).toBeCloseTo(20, 0);
    expect(paths.every((v) => v >= 0)).toBe(true);
  });

  it('make cumulative demand wider when days move together, as calibrated', () => {
    const spread = (common: number) => {
      const paths = samplePaths(quantiles, LEVELS, horizon, 3000, { common, ar: 0 }, 11);
      const sums = Array.from({ length: 3000 }, (_, p) => paths.subarray(p * horizon, (p + 1) * horizon).reduce((a, b) => a + b, 0));
      return quantile(sums, 0.9) - quantile(sums, 0.1);
    };
    expect(spread(0.8)).toBeGreaterThan(1.8 * spread(0));
  });

  it('calibration recovers the copula correlation from normal scores', () => {
    const random = mulberry32(5);
    const gauss = () => Math.sqrt(-2 * Math.log(Math.max(1e-12, random()))) * Math.cos(2 * Math.PI * random());
    const truth = { common: 0.4, ar: 0.6 };
    const scores = Array.from({ length: 3000 }, () => {
      const shared = gauss();
      let e = gauss();
      return Float64Array.from({ length: 28 }, (_, t) => {
        if (t > 0) e = truth.ar * e + Math.sqrt(1 - truth.ar ** 2) * gauss();
        return Math.sqrt(truth.common) * shared + Math.sqrt(1 - truth.common) * e;
      });
    });
    const fitted = calibratePathCorrelation(scores, 28);
    expect(fitted.common).toBeCloseTo(0.4, 1);
    expect(fitted.ar).toBeCloseTo(0.6, 1);
  });
});

describe('spread calibration', () => {
  it('moves each quantile from the median by its factor, never below zero, keeping the order', () => {
    const levels = [0.1, 0.5, 0.9];
    const q = Float32Array.from([2, 4, 10]);
    applySpread([1.5, 1, 0.5], q, 0, levels);
    expect(Array.from(q)).toEqual([1, 4, 7]); // 4 − 1.5·2, 4, 4 + 0.5·6
    const low = Float32Array.from([1, 4, 10]);
    applySpread([3, 1, 1], low, 0, levels);
    expect(low[0]).toBe(0); // 4 − 3·3 < 0
  });
});

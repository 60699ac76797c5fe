import { describe, expect, it } from 'vitest';
import {
  autoEts, candidateSpecs, etsFilter, etsInitialStates, EtsPoint, prepareBatch, specName, trendMultiplier,
} from '../../../src/core/baselines';
import { mulberry32 } from '../../../src/core/stats';

const ones = (n: number) => new Uint8Array(n).fill(1);
const work = (m = 1) => ({ ring: new Float64Array(m) });

describe('ETS recursions by hand', () => {
  it('ETS(A,N,N) is simple exponential smoothing', () => {
    // α = ½, l₀ = 10, y = 10 12 11 13: errors 0 2 0 2, levels 10 11 11 12; −2logL ∝ 4·log(8/4).
    const y = Float64Array.from([10, 12, 11, 13]);
    const store = { level: new Float64Array(4), slope: new Float64Array(4), seasonal: new Float64Array(4) };
    const value = etsFilter(y, ones(4), 1, { error: 'A', trend: 'N', season: 'N' }, { alpha: 0.5, beta: 0, gamma: 0, phi: 1 },
      { level: 10, slope: 0, seasonal: new Float64Array(1) }, work(), store);
    expect(Array.from(store.level)).toEqual([10, 11, 11, 12]);
    expect(value).toBeCloseTo(4 * Math.log(2));
  });

  it('ETS(A,A,N) is Holt’s linear method', () => {
    // α = ½, β = 0.2, l₀ = 10, b₀ = 1, y = 11 13 12:
    // t0: forecast 11, e 0 → l 11, b 1; t1: forecast 12, e 1 → l 12.5, b 1.2;
    // t2: forecast 13.7, e −1.7 → l 12.85, b 0.86.
    const y = Float64Array.from([11, 13, 12]);
    const store = { level: new Float64Array(3), slope: new Float64Array(3), seasonal: new Float64Array(3) };
    const value = etsFilter(y, ones(3), 1, { error: 'A', trend: 'A', season: 'N' }, { alpha: 0.5, beta: 0.2, gamma: 0, phi: 1 },
      { level: 10, slope: 1, seasonal: new Float64Array(1) }, work(), store);
    expect(store.level[2]).toBeCloseTo(12.85);
    expect(store.slope[2]).toBeCloseTo(0.86);
    expect(value).toBeCloseTo(3 * Math.log((1 + 1.7 ** 2) / 3));
  });

  it('an unobserved step carries the states without learning from it', () => {
    const y = Float64Array.from([10, 0, 14]);
    const store = { level: new Float64Array(3), slope: new Float64Array(3), seasonal: new Float64Array(3) };
    etsFilter(y, Uint8Array.from([1, 0, 1]), 1, { error: 'A', trend: 'N', season: 'N' }, { alpha: 0.5, beta: 0, gamma: 0, phi: 1 },
      { level: 10, slope: 0, seasonal: new Float64Array(1) }, work(), store);
    expect(Array.from(store.level)).toEqual([10, 10, 12]);
  });

  it('ETS(A,N,A): the seasonal state of a position updates by γ·e', () => {
    // m = 2, α = 0, γ = ½, l₀ = 10, s = (+1, −1); y = 12 9: errors 1 and 0.
    const y = Float64Array.from([12, 9]);
    const store = { level: new Float64Array(2), slope: new Float64Array(2), seasonal: new Float64Array(2) };
    etsFilter(y, ones(2), 2, { error: 'A', trend: 'N', season: 'A' }, { alpha: 0, beta: 0, gamma: 0.5, phi: 1 },
      { level: 10, slope: 0, seasonal: Float64Array.from([1, -1]) }, work(2), store);
    expect(Array.from(store.seasonal)).toEqual([1.5, -1]);
  });

  it('damped trend adds φ + φ² + … slopes', () => {
    expect(trendMultiplier('Ad', 0.9, 0)).toBeCloseTo(0.9);
    expect(trendMultiplier('Ad', 0.9, 1)).toBeCloseTo(1.71);
    expect(trendMultiplier('A', 0.9, 1)).toBe(2);
    expect(trendMultiplier('N', 0.9, 5)).toBe(0);
  });

  it('initial seasonal indices are per-position means around the overall mean', () => {
    // Two cycles of 5 1 | 7 3 → position means 6 and 2 around 4: +2 and −2.
    const init = etsInitialStates(Float64Array.from([5, 1, 7, 3]), ones(4), 2, 'A');
    expect(Array.from(init.seasonal)).toEqual([2, -2]);
  });
});

describe('ETS model choice', () => {
  it('multiplicative models only for positive data; seasonal only with enough history', () => {
    const y = Float64Array.from({ length: 40 }, (_, t) => 5 + (t % 7));
    expect(candidateSpecs(y, ones(40), 7).map(specName)).toEqual(
      ['ETS(A,N,N)', 'ETS(A,Ad,N)', 'ETS(A,N,A)', 'ETS(A,Ad,A)', 'ETS(M,N,M)', 'ETS(M,Ad,M)']);
    y[3] = 0;
    expect(candidateSpecs(y, ones(40), 7).every((s) => s.error === 'A' && s.season !== 'M')).toBe(true);
    expect(candidateSpecs(y.subarray(0, 12), ones(12), 7).every((s) => s.season === 'N')).toBe(true);
  });

  it('recovers a weekly pattern and prefers a seasonal model by AICc', () => {
    const random = mulberry32(7);
    const pattern = [10, 12, 14, 13, 20, 30, 5];
    const y = Float64Array.from({ length: 364 }, (_, t) => pattern[t % 7] + (random() - 0.5) * 2);
    const fit = autoEts(y, ones(364), 7);
    expect(fit?.spec.season).not.toBe('N');
    const [series] = prepareBatch([{ sku: 'W', start: '2024-01-01', freq: 'D', values: Float32Array.from(y) }], { closures: false, capSpikes: false });
    const fitted = new EtsPoint().fit(series);
    if (typeof fitted === 'string') throw new Error(fitted);
    const out = new Float64Array(7);
    fitted.forecastFrom(series.n, 7, out);
    // 364 = 52 weeks: the next step is position 0 of the pattern.
    Array.from(out).forEach((v, i) => expect(v).toBeCloseTo(pattern[i], 0));
  });
});

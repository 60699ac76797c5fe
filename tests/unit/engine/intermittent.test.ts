import { describe, expect, it } from 'vitest';
import { intermittentRates } from '../../../src/core/baselines';

/**
 * y = 0 3 0 0 6 0 (two sales). Initial states: size = first sale = 3, interval = 6/2 = 3 steps,
 * probability = 2/6. rate[k] is the forecast after k values.
 */
const y = Float64Array.from([0, 3, 0, 0, 6, 0]);
const rates = (method: 'croston' | 'sba' | 'tsb', alpha: number, beta = 0) => {
  const rate = new Float64Array(y.length + 1);
  const sse = intermittentRates(method, y, alpha, beta, rate);
  return { rate: Array.from(rate), sse };
};

describe('Croston, SBA and TSB by hand', () => {
  it('Croston, α = 0.5', () => {
    // Until the second sale: 3/3 = 1. At the 6, 3 steps after the 3: size 3 + ½(6 − 3) = 4.5,
    // interval 3 + ½(3 − 3) = 3 → 1.5. Errors −1, −1, 5, −1.5 → SSE 29.25.
    const { rate, sse } = rates('croston', 0.5);
    expect(rate).toEqual([1, 1, 1, 1, 1, 1.5, 1.5]);
    expect(sse).toBeCloseTo(29.25);
  });

  it('SBA, α = 0.5: Croston × (1 − α/2)', () => {
    const { rate, sse } = rates('sba', 0.5);
    expect(rate).toEqual([0.75, 0.75, 0.75, 0.75, 0.75, 1.125, 1.125]);
    // Errors −0.75, −0.75, 5.25, −1.125.
    expect(sse).toBeCloseTo(0.5625 * 2 + 27.5625 + 1.265625);
  });

  it('TSB, α = β = 0.5: the probability decays on every zero', () => {
    // p: 1/3 → 1/6 → 1/12 → (sale) 1/12 + ½·11/12 = 13/24 → 13/48; size 3 → 4.5 at the sale.
    const { rate, sse } = rates('tsb', 0.5, 0.5);
    expect(rate[0]).toBeCloseTo(1);
    expect(rate[3]).toBeCloseTo(0.5);
    expect(rate[4]).toBeCloseTo(0.25);
    expect(rate[5]).toBeCloseTo(4.5 * 13 / 24);
    expect(rate[6]).toBeCloseTo(4.5 * 13 / 48);
    expect(sse).toBeCloseTo(1 + 0.25 + 5.75 ** 2 + (4.5 * 13 / 24) ** 2);
  });

  it('a product that never sold forecasts zero', () => {
    const rate = new Float64Array(4);
    expect(intermittentRates('tsb', Float64Array.from([0, 0, 0]), 0.1, 0.1, rate)).toBe(0);
    expect(Array.from(rate)).toEqual([0, 0, 0, 0]);
  });
});

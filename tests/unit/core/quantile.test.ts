import { describe, expect, it } from 'vitest';
import { normaliseLevels, quantile, quantileKey, quantileSorted } from '../../../src/core/stats';

describe('quantile (type 7)', () => {
  it('interpolates between order statistics like NumPy', () => {
    // numpy.quantile([1, 2, 3, 4], [0, .1, .5, .9, 1]) = [1, 1.3, 2.5, 3.7, 4]
    const sorted = [1, 2, 3, 4];
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 0.1)).toBeCloseTo(1.3, 12);
    expect(quantileSorted(sorted, 0.5)).toBe(2.5);
    expect(quantileSorted(sorted, 0.9)).toBeCloseTo(3.7, 12);
    expect(quantileSorted(sorted, 1)).toBe(4);
  });

  it('sorts an unsorted sample first', () => {
    expect(quantile([10, -2, 7, 3, 5], 0.25)).toBe(3);
    expect(quantile([42], 0.9)).toBe(42);
  });

  it('rejects empty samples and levels outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(/empty/);
    expect(() => quantileSorted([1], 1.5)).toThrow(/outside/);
    expect(() => normaliseLevels([0.5, 1])).toThrow(/strictly between/);
  });

  it('names levels p10, p50, p2.5 and orders them', () => {
    expect(quantileKey(0.1)).toBe('p10');
    expect(quantileKey(0.5)).toBe('p50');
    expect(quantileKey(0.025)).toBe('p2.5');
    expect(normaliseLevels([0.9, 0.1, 0.5, 0.1])).toEqual([0.1, 0.5, 0.9]);
  });
});

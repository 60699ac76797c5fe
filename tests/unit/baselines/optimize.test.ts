import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../../src/core/baselines/optimize';

describe('Nelder–Mead minimisation', () => {
  it('takes the steps of the standard method (traced by hand): reflect, then expand', () => {
    // f(x) = (x − 3)², start 0, step ½: simplex {0 → 9, ½ → 6.25}. Centroid of the best: ½;
    // reflection 1 → 4 beats the best, so expand to 1.5 → 2.25, which replaces the worst.
    const f = (x: Float64Array) => (x[0] - 3) ** 2;
    const out = nelderMead(f, [0], { step: 0.5, maxEvaluations: 4 });
    expect(out.evaluations).toBe(4);
    expect(Array.from(out.x)).toEqual([1.5]);
    expect(out.value).toBe(2.25);
  });

  it('contracts inside when the reflection is worse than every point', () => {
    // f(x) = x², simplex {1 → 1, 1.5 → 2.25}; centroid 1, reflection 0.5 → 0.25 beats the best →
    // expansion 0 → 0 is better still: x = 0 after 4 evaluations. Then the simplex {1, 0}: centroid
    // 0, reflection −1 → 1 ties the worst (not better) → inside contraction ½ → 0.25.
    const f = (x: Float64Array) => x[0] ** 2;
    const out = nelderMead(f, [1], { step: 0.5, maxEvaluations: 6 });
    expect(out.evaluations).toBe(6);
    expect(out.x[0]).toBe(0);
    expect(out.value).toBe(0);
  });

  it('finds the minimum of a smooth bowl in two dimensions to the tolerance', () => {
    const f = (x: Float64Array) => (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2;
    const out = nelderMead(f, [0, 0], { tolerance: 1e-12, maxEvaluations: 2000 });
    expect(out.x[0]).toBeCloseTo(1, 4);
    expect(out.x[1]).toBeCloseTo(-2, 4);
    expect(out.value).toBeLessThan(1e-8);
  });

  it('treats a non-finite objective as infinitely bad (a constraint), never as a minimum', () => {
    // Below 0.5 the objective is undefined (NaN): the search stays where it is defined.
    const f = (x: Float64Array) => (x[0] < 0.5 ? Number.NaN : (x[0] - 0.2) ** 2);
    const out = nelderMead(f, [2], { maxEvaluations: 400 });
    expect(out.x[0]).toBeGreaterThanOrEqual(0.5);
    expect(out.x[0]).toBeCloseTo(0.5, 3);
  });
});

import { describe, expect, it } from 'vitest';
import { aggregateMetrics, metricsOf, naiveScales, pinball, ScoreAccumulator } from '../../../src/core/evaluate';

describe('metrics, worked by hand', () => {
  // Training 0 2 4 3: scales start at the first sale (2); changes +2, −1 → s₁ = 1.5, s₂ = (4 + 1)/2 = 2.5.
  const scales = naiveScales([0, 2, 4, 3]);
  it('naive scales start at the first sale and skip unobserved steps', () => {
    expect(scales).toEqual({ mae: 1.5, mse: 2.5 });
    // Masking out the 4 leaves 2 → 3: one change of +1.
    expect(naiveScales([0, 2, 4, 3], Uint8Array.from([1, 1, 0, 1]))).toEqual({ mae: 1, mse: 1 });
    expect(naiveScales([0, 0, 5])).toEqual({ mae: Number.NaN, mse: Number.NaN });
  });

  it('pinball loss', () => {
    expect(pinball(3, 2, 0.1)).toBeCloseTo(0.1); // under-forecast: τ·u
    expect(pinball(3, 6, 0.9)).toBeCloseTo(0.3); // over-forecast: (1 − τ)·|u|
    expect(pinball(5, 4, 0.5)).toBeCloseTo(0.5);
  });

  it('MAE, RMSE, MASE, RMSSE, WAPE, bias, pinball and coverage of two steps', () => {
    const acc = new ScoreAccumulator([0.1, 0.5, 0.9]);
    acc.add(3, [2, 4, 6]);
    acc.add(5, [2, 4, 4.5]);
    const m = metricsOf(acc, scales);
    expect(m.steps).toBe(2);
    expect(m.mae).toBeCloseTo(1); // |4−3|, |4−5|
    expect(m.rmse).toBeCloseTo(1);
    expect(m.mase).toBeCloseTo(1 / 1.5);
    expect(m.rmsse).toBeCloseTo(Math.sqrt(1 / 2.5));
    expect(m.wape).toBeCloseTo(2 / 8);
    expect(m.bias).toBeCloseTo(0); // forecast 8 vs actual 8
    // Step 1: (0.1 + 0.5 + 0.3)/3 = 0.3; step 2: (0.3 + 0.5 + 0.45)/3 = 0.41667.
    expect(m.pinball).toBeCloseTo((0.3 + 1.25 / 3) / 2, 6);
    expect(m.scaledPinball).toBeCloseTo((0.3 + 1.25 / 3) / 2 / 1.5, 6);
    // 3 ∈ [2, 6] but 5 ∉ [2, 4.5].
    expect(m.coverage).toEqual({ 80: 0.5 });
  });

  it('needs the median among the levels', () => {
    expect(() => new ScoreAccumulator([0.1, 0.9])).toThrow(/0.5 quantile/);
  });

  it('aggregates scaled metrics per product and pools the rest', () => {
    const a = new ScoreAccumulator([0.5]);
    a.add(2, [1]); // |e| = 1
    const b = new ScoreAccumulator([0.5]);
    b.add(10, [13]); // |e| = 3
    b.add(10, [10]);
    const agg = aggregateMetrics([
      { acc: a, metrics: metricsOf(a, { mae: 1, mse: 1 }) }, // MASE 1
      { acc: b, metrics: metricsOf(b, { mae: 3, mse: 9 }) }, // MAE 1.5 → MASE 0.5
      { acc: b, metrics: metricsOf(b, { mae: 0, mse: 0 }) }, // no scale: left out of the MASE mean
    ], [0.5]);
    expect(agg.mase).toBeCloseTo(0.75);
    expect(agg.products).toBe(3);
    expect(agg.unscaled).toBe(1);
    // Pooled MAE over 5 steps: (1 + 3 + 0 + 3 + 0)/5.
    expect(agg.mae).toBeCloseTo(7 / 5);
    expect(agg.wape).toBeCloseTo(7 / 42);
  });
});

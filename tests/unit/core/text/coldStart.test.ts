import { describe, expect, it } from 'vitest';
import { dayToIso, isoToDay, type Series } from '../../../../src/core/series';
import { ColdStartForecaster, EmbeddingIndex, planColdStart, resamplePaths, type ReferenceCurve } from '../../../../src/core/text';

// Similarities 1 and 1 − 0.1·ln 3 with temperature 0.1 give softmax weights exactly 3 : 1.
const SIM_B = 1 - 0.1 * Math.log(3);
const B_VECTOR = [SIM_B, Math.sqrt(1 - SIM_B * SIM_B)];

function index(): EmbeddingIndex {
  return EmbeddingIndex.from(2, [['A', [1, 0]], ['B', B_VECTOR], ['C', [0, 1]]]);
}

describe('planColdStart (hand-computed)', () => {
  it('with no history: neighbours\' unit-mean shapes, weighted 3:1, scaled to their weighted level', () => {
    const refs: ReferenceCurve[] = [
      { sku: 'A', values: [2, 4] }, // level 3, shape [2/3, 4/3]
      { sku: 'B', values: [6, 2] }, // level 4, shape [1.5, 0.5]
      { sku: 'C', values: [1, 1] },
    ];
    const plan = planColdStart({ sku: 'NEW', embedding: [1, 0], history: [] }, refs, index(), 2, { neighbours: 2 });
    if (typeof plan === 'string') throw new Error(plan);
    expect(plan.neighbours.map((n) => n.sku)).toEqual(['A', 'B']);
    expect(plan.neighbours[0].weight).toBeCloseTo(0.75, 6);
    expect(plan.neighbours[1].weight).toBeCloseTo(0.25, 6);
    // S = 0.75·[2/3, 4/3] + 0.25·[1.5, 0.5] = [0.875, 1.125]; prior = 0.75·3 + 0.25·4 = 3.25
    expect(Array.from(plan.shape)).toEqual([expect.closeTo(0.875, 6), expect.closeTo(1.125, 6)]);
    expect(plan.priorLevel).toBeCloseTo(3.25, 6);
    expect(plan.levelSource).toBe('neighbours');
    expect(Array.from(plan.mean)).toEqual([expect.closeTo(2.84375, 6), expect.closeTo(3.65625, 6)]);
    // Paths = shape of j × level of k: (A,A) [2, 4], (A,B) 4·[2/3, 4/3], (B,A) 3·[1.5, 0.5], (B,B) [6, 2].
    expect(plan.paths.map((p) => Array.from(p, (v) => Number(v.toFixed(6))))).toEqual([[2, 4], [2.666667, 5.333333], [4.5, 1.5], [6, 2]]);
    expect(plan.pathWeights.map((w) => Number(w.toFixed(6)))).toEqual([0.5625, 0.1875, 0.1875, 0.0625]);
    // Their weighted mean is the point forecast.
    const pathMean = [0, 1].map((i) => plan.paths.reduce((sum, p, j) => sum + plan.pathWeights[j] * p[i], 0));
    expect(pathMean).toEqual([expect.closeTo(2.84375, 6), expect.closeTo(3.65625, 6)]);
  });

  it('with two days of own sales: level shrunk towards the prior by priorDays', () => {
    const refs: ReferenceCurve[] = [
      { sku: 'A', values: [2, 4, 3, 3] }, // level 3
      { sku: 'B', values: [6, 2, 4, 4] }, // level 4
    ];
    const plan = planColdStart({ sku: 'NEW', embedding: [1, 0], history: [1, 3] }, refs, index(), 2, { neighbours: 2, priorDays: 7 });
    if (typeof plan === 'string') throw new Error(plan);
    // Shape over the first two days = [0.875, 1.125] (mass 2); level = (1 + 3 + 7·3.25) / (2 + 7) = 26.75 / 9
    expect(plan.level).toBeCloseTo(26.75 / 9, 6);
    expect(plan.levelSource).toBe('own-sales');
    expect(Array.from(plan.mean)).toEqual([expect.closeTo(26.75 / 9, 6), expect.closeTo(26.75 / 9, 6)]);
    // Level spread shrinks to the prior's share 7/9: path (B shape, B level) = level · (1 + 7/9 · (4/3.25 − 1)).
    expect(plan.paths[3][0]).toBeCloseTo((26.75 / 9) * (1 + (7 / 9) * (4 / 3.25 - 1)), 6);
  });

  it('uses the category level when the category has enough reference products', () => {
    const refs: ReferenceCurve[] = [
      { sku: 'A', values: [2, 4], category: 'mugs' },
      { sku: 'B', values: [6, 2], category: 'bags' },
      { sku: 'C', values: [1, 1], category: 'mugs' },
    ];
    const plan = planColdStart({ sku: 'NEW', embedding: [1, 0], history: [], category: 'mugs' }, refs, index(), 2, { neighbours: 2, minCategorySize: 2 });
    if (typeof plan === 'string') throw new Error(plan);
    expect(plan.priorSource).toBe('category');
    expect(plan.categorySize).toBe(2);
    expect(plan.level).toBeCloseTo(2, 6); // mean of A's level 3 and C's level 1
    expect(Array.from(plan.mean)).toEqual([expect.closeTo(1.75, 6), expect.closeTo(2.25, 6)]);
  });

  it('explains why it cannot forecast', () => {
    expect(planColdStart({ sku: 'NEW', embedding: [1, 0], history: [] }, [{ sku: 'A', values: [1] }], index(), 2))
      .toMatch(/no similar product has 2 days of sales/);
  });

  it('resamples paths deterministically in proportion to their weights', () => {
    const a = new Float64Array([1]);
    const b = new Float64Array([2]);
    const c = new Float64Array([3]);
    const drawn = resamplePaths([a, b, c], [0.5, 0.3, 0.2], 7); // exact 3.5, 2.1, 1.4 → 3+1, 2, 1
    expect(drawn.map((p) => p[0])).toEqual([1, 1, 1, 1, 2, 2, 3]);
  });
});

describe('ColdStartForecaster', () => {
  const start = isoToDay('2024-01-01');
  /** A series that starts at the history start with zeros until `launchOffset`, then `values`. */
  function series(sku: string, launchOffset: number, values: number[], total: number): Series {
    const out = new Float32Array(total);
    out.set(values.slice(0, total - launchOffset), launchOffset);
    return { sku, start: dayToIso(start), freq: 'D', values: out };
  }

  it('forecasts only young products, from launch-aligned neighbours, labelled, with quantiles from weighted paths', () => {
    const total = 60;
    const curveA = Array.from({ length: 40 }, (_, t) => (t % 2 === 0 ? 2 : 4)); // level 3
    const curveB = Array.from({ length: 40 }, (_, t) => (t % 2 === 0 ? 6 : 2)); // level 4
    const list: Series[] = [
      series('A', 20, curveA, total),
      series('B', 20, curveB, total),
      series('OLD', 0, Array(60).fill(5), total),
      series('NEW', 60, [], total), // never sold yet: all zeros
    ];
    const embeddings = new Map<string, number[]>([['A', [1, 0]], ['B', B_VECTOR], ['OLD', [0, 1]], ['NEW', [1, 0]]]);
    const model = new ColdStartForecaster(
      { embeddings, names: new Map([['A', 'Blue mug'], ['B', 'Red mug']]) },
      { neighbours: 2, minLaunches: 2, launchGraceDays: 14 },
    );
    // A young product with 5 days of sales whose neighbours' curves are too short: skipped with why.
    list.push(series('YOUNG', 55, [1, 1, 1, 1, 1], total));
    embeddings.set('YOUNG', [0, 1]); // unlike NEW, so it is not among NEW's two neighbours
    model.fit(list);
    const { forecasts, skipped } = model.predict(2, { quantiles: [0.5, 0.9], paths: 4 });
    expect(skipped.find((s) => s.sku === 'OLD')?.reason).toMatch(/has 60 days of history/);
    expect(skipped.find((s) => s.sku === 'A')?.reason).toMatch(/has 40 days of history; cold start is for products first sold less than 28 days ago/);
    expect(skipped.find((s) => s.sku === 'YOUNG')?.reason).toBeUndefined(); // 40-day curves cover 5 + 2 days
    expect(forecasts.map((r) => r.sku).sort()).toEqual(['NEW', 'YOUNG']);
    const f = forecasts.find((r) => r.sku === 'NEW');
    expect(f).toBeDefined();
    expect(f?.model).toBe('cold_start_text');
    expect(f?.start).toBe('2024-03-01');
    // 100 resampled paths in proportion to the weights above: 56 × [2, 4], 19 × [8/3, 16/3], 19 × [4.5, 1.5], 6 × [6, 2].
    // Day 1 sorted: 56 × 2, 19 × 2.67, 19 × 4.5, 6 × 6 → P50 = 2, P90 (position 89.1) = 4.5.
    // Day 2 sorted: 19 × 1.5, 6 × 2, 56 × 4, 19 × 5.33 → P50 = 4, P90 = 16/3.
    expect(f?.quantiles.p50[0]).toBeCloseTo(2, 5);
    expect(f?.quantiles.p90[0]).toBeCloseTo(4.5, 5);
    expect(f?.quantiles.p50[1]).toBeCloseTo(4, 5);
    expect(f?.quantiles.p90[1]).toBeCloseTo(16 / 3, 5);
    expect(f?.nPaths).toBe(4); // 2 × (A,A), 1 × (A,B), 1 × (B,A)
    expect(f?.notes[0]).toMatch(/^Cold start \(little history\): demand curve of similar products by name\/description \(Blue mug, Red mug…\), scaled to the level of its 2 most similar products\.$/);
  });

  it('without observed launches, learns from similar products\' recent days and says so', () => {
    const total = 30;
    const list: Series[] = [
      series('A', 0, Array(30).fill(2), total),
      series('B', 0, Array(30).fill(8), total),
      series('NEW', 26, [1, 1, 1, 1], total),
    ];
    const embeddings = new Map<string, number[]>([['A', [1, 0]], ['B', [0, 1]], ['NEW', [1, 0]]]);
    const model = new ColdStartForecaster({ embeddings }, { neighbours: 1, maxHistoryDays: 10, priorDays: 4 });
    model.fit(list);
    const f = model.predict(3, { quantiles: [0.5] }).forecasts.find((r) => r.sku === 'NEW');
    // Neighbour A, flat at 2: level = (4 sold + 4·2) / (4 + 4) = 1.5 per day.
    expect(Array.from(f?.quantiles.p50 ?? [])).toEqual([1.5, 1.5, 1.5]);
    expect(f?.notes[1]).toMatch(/recent sales were used/);
    expect(f?.notes[0]).toMatch(/scaled by its own first 4 days of sales/);
  });
});

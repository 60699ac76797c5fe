import { describe, expect, it } from 'vitest';
import {
  allocateBudget, CumulativePaths, cycleCost, leadTimeDistribution, minimumOrder, policyLevels, roundOrder,
} from '../../../../src/core/plan';

describe('rounding to case packs and MOQ', () => {
  const squaredMiss = (target: number) => (q: number) => (q - target) ** 2;

  it('picks the cheaper of the case quantities either side and shows the cost of rounding', () => {
    // 17 wanted, cases of 6: 12 (miss 5, cost 25) or 18 (miss 1, cost 1) → 18, costing 1 more than 17.
    const r = roundOrder(17, { casePack: 6 }, squaredMiss(17));
    expect(r).toEqual({ raw: 17, qty: 18, roundingCost: 1, reason: '3 cases of 6' });
    // 13 wanted: 12 (cost 1) beats 18 (cost 25).
    expect(roundOrder(13, { casePack: 6 }, squaredMiss(13)).qty).toBe(12);
  });

  it('lifts small orders to the MOQ in whole cases, or skips them when that costs more', () => {
    // MOQ 10 in cases of 4 → at least 12.
    expect(minimumOrder({ moq: 10, casePack: 4 })).toBe(12);
    expect(minimumOrder({})).toBe(1);
    // 5 wanted; shortage 10 per unit missing, holding 1 per unit too many:
    // 0 costs 50, 12 costs 7 → order 12.
    const asymmetric = (q: number) => (q < 5 ? 10 * (5 - q) : q - 5);
    expect(roundOrder(5, { moq: 10, casePack: 4 }, asymmetric)).toEqual({ raw: 5, qty: 12, roundingCost: 7, reason: 'minimum order 12' });
    // With a symmetric squared cost, 0 (25) beats 12 (49): ordering the minimum does not pay.
    const skip = roundOrder(5, { moq: 10, casePack: 4 }, squaredMiss(5));
    expect(skip.qty).toBe(0);
    expect(skip.reason).toMatch(/costs more than it saves/);
  });

  it('leaves whole-unit orders alone and rejects impossible packs', () => {
    expect(roundOrder(0, { moq: 50 }, () => 0).qty).toBe(0);
    expect(roundOrder(7, {}, squaredMiss(7))).toEqual({ raw: 7, qty: 7, roundingCost: 0, reason: '' });
    expect(() => roundOrder(7, { casePack: 2.5 }, () => 0)).toThrow(/case pack/);
  });

  it('uses the cycle cost of the real policy', () => {
    // Demand uniform 0..9 over one period, holding 1, stockout 3: S = 7. Cases of 5 → 5 or 10.
    // Cycle cost at 5: E(5−D)⁺ = 1.5, shortage E(D−5)⁺ = 1.0 → 1.5 + 3 = 4.5; at 10: 5.5 + 0 = 5.5; at 7: 3.7.
    const demand = new CumulativePaths({ paths: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), nPaths: 10, horizon: 1 }, 1);
    const costs = { holdingPerUnitDay: 1, stockoutPerUnit: 3 };
    const levels = policyLevels({ demand, leadTime: leadTimeDistribution(0), reviewDays: 1, policy: 'RS', target: { kind: 'cost' }, costs });
    const r = roundOrder(levels.orderUpTo, { casePack: 5 }, (q) => cycleCost(q, levels, costs));
    expect(r.qty).toBe(5);
    expect(r.roundingCost).toBeCloseTo(4.5 - 3.7, 12);
  });
});

describe('budget allocation by expected marginal profit', () => {
  it('buys the best profit per unit of money first, until the budget is spent', () => {
    // A: unit cost 1, expected cost after 0..4 units 10, 6, 3, 1, 0 → gains 4, 3, 2, 1 per 1 spent.
    // B: unit cost 2, expected cost after 0..2 units 12, 4, 0 → gains 8, 4, i.e. 4 and 2 per 1 spent.
    // Budget 5: A1 (4/1), B1 (8/2 = 4, tie: A first), A2 (3), A3 (2, before B2 at 2 by order) → spent 5.
    const a = [10, 6, 3, 1, 0];
    const b = [12, 4, 0];
    const result = allocateBudget([
      { sku: 'A', unitCost: 1, maxQty: 4, constraints: {}, costOf: (q) => a[q] },
      { sku: 'B', unitCost: 2, maxQty: 2, constraints: {}, costOf: (q) => b[q] },
    ], 5);
    expect(Object.fromEntries(result.qty)).toEqual({ A: 3, B: 1 });
    expect(result.spent).toBe(5);
    expect(result.expectedSaving).toBe(4 + 8 + 3 + 2);
    expect(result.cut).toEqual(['A', 'B']);
  });

  it('gives every product its full order when the budget allows', () => {
    const a = [10, 6, 3, 1, 0];
    const result = allocateBudget([{ sku: 'A', unitCost: 1, maxQty: 4, constraints: {}, costOf: (q) => a[q] }], 100);
    expect(result.qty.get('A')).toBe(4);
    expect(result.spent).toBe(4);
    expect(result.cut).toEqual([]);
  });

  it('treats the MOQ as one lump and skips what the money cannot reach', () => {
    // C: MOQ 3 (unit cost 1) saves 9 for 3 spent (3 per 1); D: single units saving 2.5, 2, … per 1.
    // Budget 4: C's lump (ratio 3) first, then D1 (2.5). Nothing else fits.
    const c = [20, 18, 15, 11, 10];
    const d = [10, 7.5, 5.5, 4];
    const result = allocateBudget([
      { sku: 'C', unitCost: 1, maxQty: 4, constraints: { moq: 3 }, costOf: (q) => c[q] },
      { sku: 'D', unitCost: 1, maxQty: 3, constraints: {}, costOf: (q) => d[q] },
    ], 4);
    expect(Object.fromEntries(result.qty)).toEqual({ C: 3, D: 1 });
    expect(result.spent).toBe(4);
  });

  it('refuses a negative budget', () => {
    expect(() => allocateBudget([], -1)).toThrow(/budget/);
  });
});

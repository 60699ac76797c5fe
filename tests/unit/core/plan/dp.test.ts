import { describe, expect, it } from 'vitest';
import { multiPeriodPlan, type SamplePaths } from '../../../../src/core/plan';

/** Every combination of (day 0, day 1) demand in {0, 1, 2}: each day uniform and independent. */
function allPairs(): SamplePaths {
  const values: number[] = [];
  for (const d0 of [0, 1, 2]) for (const d1 of [0, 1, 2]) values.push(d0, d1);
  return { paths: Float32Array.from(values), nPaths: 9, horizon: 2 };
}

describe('multi-period plan by dynamic programming', () => {
  // Two periods, lead time 0, holding 1 and shortage 3 per unit at the end of a period.
  // One-period cost G(y) = E[(y−D)⁺] + 3·E[(D−y)⁺]: G(0) = 3, G(1) = 4/3, G(2) = 1, G(3) = 2, G(4) = 3.
  const base = { demand: allPairs(), periods: 2, leadTimePeriods: 0, reviewEvery: 1, holdingPerUnitPeriod: 1, shortagePerUnit: 3, inventoryPosition: 0 };

  it('without an ordering cost orders up to the best level each period', () => {
    // Last period: V1(x) = min over y ≥ x of G(y) = 1 for x ≤ 2. First period from 0:
    // J(y) = G(y) + E V1(y − D): J(0) = 4, J(1) = 7/3, J(2) = 2, J(3) = 2 + 4/3 → order 2, cost 2.
    const plan = multiPeriodPlan(base);
    expect(plan.orderNow).toBe(2);
    expect(plan.expectedCost).toBeCloseTo(2, 12);
    expect(plan.periods[0].orderUpTo).toBe(2);
  });

  it('with an ordering cost of 2 trades fewer orders against shortage', () => {
    // V1(x) = min(G(x), 2 + min over y > x of G(y)): V1(2) = 1, V1(1) = 4/3, V1(0) = 3, V1(−1) = V1(−2) = 3.
    // From 0: no order 3 + 3 = 6; order to 1: 2 + 4/3 + 22/9 = 52/9; to 2: 2 + 1 + (1 + 4/3 + 3)/3 = 43/9;
    // to 3: 2 + 2 + (2 + 1 + 4/3)/3 = 49/9 → order 2 units, expected cost 43/9.
    const plan = multiPeriodPlan({ ...base, orderingCost: 2 });
    expect(plan.orderNow).toBe(2);
    expect(plan.expectedCost).toBeCloseTo(43 / 9, 12);
    // In the last period it only pays to order from 0 or below (at 0 it is a tie; the plan keeps the money).
    expect(plan.periods[1].reorderLevel).toBe(-1);
  });

  it('orders nothing when the stock already covers the horizon', () => {
    const plan = multiPeriodPlan({ ...base, inventoryPosition: 4 });
    expect(plan.orderNow).toBe(0);
    // Holding 4 − D0 then what is left after day 1: E(4 − D0) + E(4 − D0 − D1) = 3 + 2 = 5.
    expect(plan.expectedCost).toBeCloseTo(5, 12);
    expect(plan.periods.every((p) => p.expectedOrder === 0)).toBe(true);
  });

  it('respects the lead time and refuses a forecast too short for it', () => {
    expect(() => multiPeriodPlan({ ...base, leadTimePeriods: 1 })).toThrow(/need 3/);
    const lagged = multiPeriodPlan({ ...base, periods: 1, leadTimePeriods: 1 });
    // One decision; it controls period 1's stock against demand of periods 0 and 1 (sum of two uniforms,
    // 0..4 with weights 1,2,3,2,1 / 9). Best y: P(D ≤ y) ≥ 3/4 → y = 3 (P = 8/9; P(D ≤ 2) = 6/9).
    expect(lagged.orderNow).toBe(3);
  });

  it('orders whole cases', () => {
    const plan = multiPeriodPlan({ ...base, constraints: { casePack: 3 } });
    expect(plan.orderNow % 3).toBe(0);
  });
});

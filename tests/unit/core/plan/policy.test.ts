import { describe, expect, it } from 'vitest';
import {
  criticalRatio, cumulativeDemand, CumulativePaths, cycleFillRate, DemandDistribution, economicOrderQuantity,
  empiricalSafetyStock, leadTimeDistribution, leadTimeFromHistory, normalCdf, normalLeadTimeDemand, normalLoss, normalQuantile,
  normalSafetyStock, policyLevels, rawOrderQuantity, type SamplePaths,
} from '../../../../src/core/plan';

/** One path per value, each a single day long: the demand of one review period is that value. */
function onePeriodPaths(values: number[]): SamplePaths {
  return { paths: Float32Array.from(values), nPaths: values.length, horizon: 1 };
}
const uniform0to9 = onePeriodPaths([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

describe('normal distribution', () => {
  it('matches reference values', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 10);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalLoss(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 7);
  });
});

describe('newsvendor', () => {
  it('the critical ratio is stockout / (stockout + holding)', () => {
    expect(criticalRatio(4, 1)).toBe(0.8);
    expect(criticalRatio(19, 1)).toBe(0.95);
  });

  it('orders the smallest stock that covers demand with the critical-ratio probability', () => {
    // Demand uniform on 0..9, holding 1 per unit per period, stockout 3 per unit: CR = 3/4 = 0.75.
    // P(D ≤ 6) = 0.7 < 0.75 ≤ P(D ≤ 7) = 0.8, so S = 7. By hand, expected cost h·E(S−D)⁺ + p·E(D−S)⁺:
    // S=6: 2.1 + 3·0.6 = 3.9; S=7: 2.8 + 3·0.3 = 3.7; S=8: 3.6 + 3·0.1 = 3.9 — 7 is the minimum.
    const levels = policyLevels({
      demand: new CumulativePaths(uniform0to9, 1), leadTime: leadTimeDistribution(0), reviewDays: 1, policy: 'RS',
      target: { kind: 'cost' }, costs: { holdingPerUnitDay: 1, stockoutPerUnit: 3 },
    });
    expect(levels.cycleServiceLevel).toBe(0.75);
    expect(levels.orderUpTo).toBe(7);
    expect(rawOrderQuantity(levels, 0)).toBe(7);
    expect(rawOrderQuantity(levels, 9)).toBe(0);
  });

  it('prices holding per unit per review period: 1 per period over 28 days is 1/28 per day', () => {
    // Lead time 0, review 28 days, holding 1 per unit per period, stockout 4: CR = 4/5 = 0.8.
    const days = 28;
    const paths = new Float32Array(10 * days);
    for (let p = 0; p < 10; p++) paths.fill(p + 1, p * days, (p + 1) * days); // path p sells p+1 a day
    const levels = policyLevels({
      demand: new CumulativePaths({ paths, nPaths: 10, horizon: days }, days), leadTime: leadTimeDistribution(0),
      reviewDays: days, policy: 'RS', target: { kind: 'cost' }, costs: { holdingPerUnitDay: 1 / days, stockoutPerUnit: 4 },
    });
    // 28-day totals are 28, 56, …, 280; P(D ≤ 224) = 0.8, so hold 224 for the period.
    expect(levels.cycleServiceLevel).toBeCloseTo(0.8, 12);
    expect(levels.orderUpTo).toBe(224);
    expect(levels.reorderPoint).toBe(0);
  });

  it('meets a fill-rate target with the smallest sufficient stock', () => {
    // Uniform 0..9, mean 4.5. Fill rate 1 − E(D−y)⁺/4.5: y=7 → 1 − 0.3/4.5 = 0.933; y=8 → 1 − 0.1/4.5 = 0.978.
    const levels = policyLevels({
      demand: new CumulativePaths(uniform0to9, 1), leadTime: leadTimeDistribution(0), reviewDays: 1, policy: 'RS',
      target: { kind: 'fill', level: 0.95 }, costs: { holdingPerUnitDay: 1, stockoutPerUnit: 1 },
    });
    expect(levels.orderUpTo).toBe(8);
    expect(levels.cycleServiceLevel).toBeCloseTo(0.9, 12);
    expect(cycleFillRate(7, levels.leadTimeDemand, levels.coverDemand)).toBeCloseTo(1 - 0.3 / 4.5, 12);
  });
});

describe('safety stock', () => {
  it('under normal demand is z·σ with σ² = L·σd² + d²·σL²', () => {
    // d = 10/day, σd = 3, L = 9 days, σL = 2 days: σ² = 9·9 + 100·4 = 481, σ = 21.9317;
    // z(95%) = 1.644854, safety stock = 36.0746.
    const { mean, sd } = normalLeadTimeDemand(10, 3, 9, 2);
    expect(mean).toBe(90);
    expect(sd).toBeCloseTo(Math.sqrt(481), 12);
    expect(normalSafetyStock(0.95, sd)).toBeCloseTo(36.0746, 3);
  });

  it('under empirical demand is the covering quantile minus the mean', () => {
    // Ten equally likely lead-time demands, mean 60/10 = 6. P(D ≤ 8) = 0.8, P(D ≤ 9) = 0.9:
    // the 90% reorder point is 9 and the safety stock 9 − 6 = 3.
    const d = DemandDistribution.fromSamples([2, 3, 4, 5, 5, 6, 7, 8, 9, 11]);
    expect(d.mean).toBeCloseTo(6, 12);
    expect(empiricalSafetyStock(0.9, d)).toBeCloseTo(3, 12);
    expect(empiricalSafetyStock(0.5, d)).toBeCloseTo(-1, 12); // the median (5) is below the mean
  });

  it('widens with lead-time uncertainty: demand is mixed over the possible lead times', () => {
    // Each path sells the same every day: 1, 2, 3 or 4 units. Lead time 1 or 2 days, half each.
    // Lead-time demand atoms: {1,2,3,4} and {2,4,6,8}, each with 1/8: P(D ≤ 4) = 6/8, P(D ≤ 6) = 7/8.
    const paths = Float32Array.from([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    const demand = new CumulativePaths({ paths, nPaths: 4, horizon: 3 }, 3);
    const lt = leadTimeDistribution(1.5);
    expect(lt.days).toEqual([1, 2]);
    expect(lt.probs).toEqual([0.5, 0.5]);
    const d = demand.overLeadTime(lt);
    expect(d.mean).toBeCloseTo(3.75, 12);
    expect(d.smallestCovering(0.75)).toBe(4);
    expect(d.smallestCovering(0.8)).toBe(6);
    // With a known 2-day lead time instead, 80% needs only 8·… P(D2 ≤ 6) = 0.75, P(D2 ≤ 8) = 1 → 8.
    expect(demand.over(2).smallestCovering(0.8)).toBe(8);
  });

  it('learns the lead time from past purchase orders', () => {
    // Lead times 10, 12, 12, 14 days: mean 12, sd √2; needs 3 orders at least.
    const lt = leadTimeFromHistory([10, 12, 12, 14].map((d, i) => ({ orderedDay: 100 * i, receivedDay: 100 * i + d })));
    expect(lt.days).toEqual([10, 12, 14]);
    expect(lt.probs).toEqual([0.25, 0.5, 0.25]);
    expect(lt.mean).toBe(12);
    expect(lt.sd).toBeCloseTo(Math.SQRT2, 12);
    expect(() => leadTimeFromHistory([{ orderedDay: 0, receivedDay: 5 }])).toThrow(/at least 3/);
    expect(() => leadTimeFromHistory([0, 1, 2].map((i) => ({ orderedDay: 10, receivedDay: 9 + i })))).toThrow(/before it was placed/);
  });

  it('discretises a normal lead time on whole days, keeping mean and spread', () => {
    const lt = leadTimeDistribution(10, 2);
    expect(lt.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(lt.mean).toBeCloseTo(10, 3);
    expect(lt.sd).toBeCloseTo(Math.sqrt(4 + 1 / 12), 2); // rounding to whole days adds 1/12
    expect(() => leadTimeDistribution(-1)).toThrow(/0 days or more/);
  });
});

describe('reorder point and order-up-to from sample paths', () => {
  // Four sample paths over three days.
  const paths = Float32Array.from([4, 12, 6, 3, 7, 7, 8, 6, 7, 6, 11, 4]);

  it('sums each path before taking quantiles', () => {
    expect(Array.from(cumulativeDemand(paths, 4, 3, 1))).toEqual([3, 4, 6, 8]);
    expect(Array.from(cumulativeDemand(paths, 4, 3, 2))).toEqual([10, 14, 16, 17]);
    expect(Array.from(cumulativeDemand(paths, 4, 3, 3))).toEqual([17, 21, 21, 22]);
  });

  it('(s,S): reorder point covers lead time + the next daily check, order-up-to lead time + review', () => {
    // 75%, lead time 1 day, review 2 days. s covers 1 + 1 = 2 days: totals 10 14 16 17 → P(D ≤ 16) = 0.75
    // → s = 16, safety stock 16 − 14.25 = 1.75; S covers 1 + 2 = 3 days: 17 21 21 22 → S = 21.
    const inputs = {
      demand: new CumulativePaths({ paths, nPaths: 4, horizon: 3 }, 3), leadTime: leadTimeDistribution(1), reviewDays: 2,
      target: { kind: 'cycle', level: 0.75 }, costs: { holdingPerUnitDay: 0, stockoutPerUnit: 0 },
    } as const;
    const levels = policyLevels({ ...inputs, policy: 'sS' });
    expect(levels.reorderPoint).toBe(16);
    expect(levels.orderUpTo).toBe(21);
    expect(levels.safetyStock).toBeCloseTo(1.75, 12);
    expect(rawOrderQuantity(levels, 0)).toBe(21);
    expect(rawOrderQuantity(levels, 16)).toBe(5);
    expect(rawOrderQuantity(levels, 17)).toBe(0);
    // (R,S) orders up to S at every review; its reorder point (shown only) covers the lead time: 3 4 6 8 → 6.
    const rs = policyLevels({ ...inputs, policy: 'RS' });
    expect(rs.reorderPoint).toBe(6);
    expect(rs.orderUpTo).toBe(21);
    expect(rawOrderQuantity(rs, 17)).toBe(4);
  });

  it('refuses a lead time beyond the forecast and a service level of 100%', () => {
    expect(() => new CumulativePaths({ paths, nPaths: 4, horizon: 3 }, 4)).toThrow(/covers 3 days but 4 are needed/);
    expect(() => policyLevels({
      demand: new CumulativePaths({ paths, nPaths: 4, horizon: 3 }, 2), leadTime: leadTimeDistribution(1), reviewDays: 1,
      policy: 'sS', target: { kind: 'cycle', level: 1 }, costs: { holdingPerUnitDay: 0, stockoutPerUnit: 0 },
    })).toThrow(/between 0 and 1/);
  });

  it('can extend a short forecast by repeating its last week, and says so', () => {
    const week = Float32Array.from([1, 2, 3, 4, 5, 6, 7]);
    const c = new CumulativePaths({ paths: week, nPaths: 1, horizon: 7 }, 10, { extendBeyondHorizon: true });
    expect(c.extended).toBe(true);
    expect(c.total(0, 10)).toBe(28 + 1 + 2 + 3);
  });
});

describe('EOQ', () => {
  it('is √(2KD/h)', () => {
    // K = 50 per order, 10 units a day, holding 0.01 per unit per day: √(2·50·10/0.01) = √100000 = 316.23.
    expect(economicOrderQuantity(50, 10, 0.01)).toBeCloseTo(316.2278, 3);
  });

  it('sets the (s,S) order size and reports the economic review period', () => {
    const paths = new Float32Array(100).fill(10);
    const levels = policyLevels({
      demand: new CumulativePaths({ paths, nPaths: 1, horizon: 100 }, 100), leadTime: leadTimeDistribution(5), reviewDays: 7,
      policy: 'sS', target: { kind: 'cycle', level: 0.9 }, costs: { holdingPerUnitDay: 0.01, stockoutPerUnit: 1, orderingCost: 50 },
    });
    // s covers 5 days of lead time + 1 day to the next check = 60; S = s + EOQ.
    expect(levels.reorderPoint).toBe(60);
    expect(levels.orderUpTo).toBe(60 + 316);
    expect(levels.economicReviewDays).toBe(32);
  });
});

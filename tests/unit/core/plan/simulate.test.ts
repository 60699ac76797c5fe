import { describe, expect, it } from 'vitest';
import { dayToIso, isoToDay, type ForecastBatch, type Forecaster, type PredictOptions, type Series } from '../../../../src/core/series';
import { simulatePolicies, type SimPolicy } from '../../../../src/core/plan';

/**
 * A forecaster that predicts each product's last observed value for every future day, with no
 * uncertainty, and records the last day of history it was given (to prove no look-ahead).
 */
class LastValue implements Forecaster {
  readonly name = 'last_value';
  private series: readonly Series[] = [];
  constructor(private readonly seen: number[]) {}
  fit(series: readonly Series[]): void {
    this.series = series;
    for (const s of series) this.seen.push(isoToDay(s.start) + s.values.length - 1);
  }
  predict(horizon: number, options: PredictOptions): ForecastBatch {
    return {
      skipped: [],
      forecasts: this.series.map((s) => {
        const last = s.values[s.values.length - 1];
        const n = options.paths ?? 1;
        return {
          sku: s.sku, model: this.name, start: dayToIso(isoToDay(s.start) + s.values.length), freq: 'D' as const, horizon,
          levels: [0.5], quantiles: { p50: new Float32Array(horizon).fill(last) }, paths: new Float32Array(n * horizon).fill(last), nPaths: n, notes: [],
        };
      }),
    };
  }
}

const start = isoToDay('2024-01-01');
const steady: Series = { sku: 'STEADY', start: dayToIso(start), freq: 'D', values: new Float32Array(100).fill(2) };
const policies: SimPolicy[] = [
  { kind: 'shelfcast', name: 'shelfcast', policy: 'RS', target: { kind: 'cost' } },
  { kind: 'forecast-multiple', name: 'x1.2', multiple: 1.2 },
  { kind: 'reorder-average', name: 'avg', averageDays: 30, orderDays: 30 },
];

describe('policy simulation on history', () => {
  it('replays steady demand exactly as worked out by hand', async () => {
    // 2 units a day; lead time 1 day, review every 2 days, holding 1 per unit-day, stockout 10 per unit:
    // critical ratio 10/(10 + 1·2) = 0.83, so s = 2 and S = 6 (2 units × 3 days). Warm-up from day 56,
    // counted days 60–69. Every policy starts with an empty shelf.
    const seen: number[] = [];
    const result = await simulatePolicies({
      series: [steady], forecaster: () => new LastValue(seen), startDay: start + 60, days: 10, warmupDays: 4,
      leadTimeMeanDays: 1, leadTimeSdDays: 0, reviewDays: 2, costs: { holdingPerUnitDay: 1, stockoutPerUnit: 10 }, policies, paths: 4,
    });
    const [shelfcast, multiple, average] = result.policies;
    // Shelfcast: day 56 orders 6 (2 lost in the warm-up), day 58 tops up 2; from day 60 each review
    // finds 2 on hand (position 2) and orders 4 for tomorrow; end-of-day stock
    // alternates 0 (review days) and 2 → 5 × 2 = 10 unit-days over days 60–69, no stockout, 5 orders.
    expect(shelfcast).toMatchObject({ holdingCost: 10, stockoutCost: 0, fillRate: 1, stockoutDays: 0, orders: 5, cycles: 4, cycleServiceLevel: 1 });
    expect(shelfcast.targetCycleServiceLevel).toBeCloseTo(10 / 12, 12);
    expect(shelfcast.coverageOfOrderUpTo).toBe(1);
    // "Forecast × 1.2": up to 1.2 × 6 = 7.2 → 7; from day 60 stock alternates 1 and 3 → 5 × 1 + 5 × 3 = 20.
    expect(multiple).toMatchObject({ holdingCost: 20, stockoutCost: 0, orders: 5 });
    // "Reorder below avg × lead time (2), order 30 days (60)": the empty shelf orders 60 on day 56, in on
    // day 57; end of day 60 holds 52, day 69 holds 34: 52 + 50 + … + 34 = 430; no order in days 60–69.
    expect(average).toMatchObject({ holdingCost: 430, stockoutCost: 0, orders: 0, averageInventory: 43 });
    // One forecast per review day (56, 58, …, 68), shared by the policies, from the days before it only.
    expect(seen).toEqual(Array.from({ length: 7 }, (_, k) => start + 56 + 2 * k - 1));
  });

  it('loses sales it cannot serve and counts the stockout cycles', async () => {
    // Demand jumps from 2 to 6 a day on day 61; the last-value forecast only sees it on the next review.
    const values = new Float32Array(100).fill(2);
    values.fill(6, 61);
    const jump: Series = { ...steady, sku: 'JUMP', values };
    const result = await simulatePolicies({
      series: [jump], forecaster: () => new LastValue([]), startDay: start + 60, days: 10, warmupDays: 4,
      leadTimeMeanDays: 1, leadTimeSdDays: 0, reviewDays: 2, costs: { holdingPerUnitDay: 1, stockoutPerUnit: 10 }, policies: [policies[0]], paths: 4,
    });
    const [r] = result.policies;
    // Day 60: review with position 2 → order 4 (arrives 61); serve 2 → 0. Day 61: 4 arrive, demand 6 → 2 lost.
    // Day 62: review sees 6/day → S = 18, position 0 → order 18 (arrives 63); demand 6, stock 0 → 6 lost.
    // Day 63: 18 in, 12 left; 64: review, position 12 → order 6; 6 left; 65: 6 in, 6 left; from then on
    // each review restores S = 18 → no more losses. Lost 8 units → stockout cost 80.
    expect(r.stockoutCost).toBe(80);
    expect(r.stockoutDays).toBe(2);
    expect(r.demand).toBe(2 + 9 * 6);
    expect(r.fillRate).toBeCloseTo(1 - 8 / 56, 12);
    // Cycles [61,62] (lost), [63,64], [65,66], [67,68] → 3 of 4 without a stockout.
    expect(r.cycleServiceLevel).toBe(0.75);
  });

  it('leaves out products without enough history, and says why', async () => {
    const young: Series = { ...steady, sku: 'YOUNG', start: dayToIso(start + 40), values: new Float32Array(60).fill(1) };
    const result = await simulatePolicies({
      series: [steady, young], forecaster: () => new LastValue([]), startDay: start + 60, days: 10, warmupDays: 4,
      leadTimeMeanDays: 1, leadTimeSdDays: 0, reviewDays: 2, costs: { holdingPerUnitDay: 1, stockoutPerUnit: 10 }, policies: [policies[0]],
      minHistoryDays: 30,
    });
    expect(result.products).toBe(1);
    expect(result.excluded).toEqual([{ sku: 'YOUNG', reason: 'less than 30 days of history before the replay' }]);
  });
});

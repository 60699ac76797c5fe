import { describe, expect, it } from 'vitest';
import {
  anomalyAlert, CumulativePaths, detectTrendBreak, findAnomalies, leadTimeDistribution, overstockAlert, planProduct,
  projectStock, rankAlerts, stockoutAlert, trendAlert, type Alert, type ProductPlanInputs,
} from '../../../../src/core/plan';
import { isoToDay } from '../../../../src/core/series';

const today = isoToDay('2024-03-11');
/** 100 identical paths selling `perDay` every day for `days` days. */
function certain(perDay: number, days = 28) {
  return { paths: new Float32Array(100 * days).fill(perDay), nPaths: 100, horizon: days };
}

const base: ProductPlanInputs = {
  sku: 'MUG', today, forecast: certain(4), onHand: 0, leadTime: leadTimeDistribution(7), reviewDays: 7,
  policy: 'sS', target: { kind: 'cycle', level: 0.95 }, costs: { holdingPerUnitDay: 0.01, stockoutPerUnit: 2 },
};

describe('stock projection', () => {
  it('counts whole days of cover and stockout risk path by path', () => {
    const demand = new CumulativePaths({ paths: Float32Array.from([2, 2, 2, 2]), nPaths: 1, horizon: 4 }, 4);
    // 5 on hand at 2 a day: 3 and 1 left, short on day 2.
    const dry = projectStock(demand, 5, [], 4);
    expect(dry.medianStockoutDay).toBe(2);
    expect(Array.from(dry.p50)).toEqual([3, 1, 0, 0]);
    expect(Array.from(dry.stockoutByDay)).toEqual([0, 0, 1, 1]);
    expect(dry.expectedLostUnits).toBe(1 + 2);
    // 4 more arriving on day 2 carry it through.
    const fed = projectStock(demand, 5, [{ day: 2, qty: 4 }], 4);
    expect(Array.from(fed.p50)).toEqual([3, 1, 3, 1]);
    expect(fed.medianStockoutDay).toBe(4);
  });
});

describe('a product plan', () => {
  it('orders today when below the reorder point, with arrival after the lead time', () => {
    // 4 a day, lead time 7, review 7: s = 4 × (7 + 1) = 32, S = 56; nothing on hand → order 56 today, in on day 7.
    const plan = planProduct(base);
    expect(plan.levels.reorderPoint).toBe(32);
    expect(plan.levels.orderUpTo).toBe(56);
    expect(plan.orderQty).toBe(56);
    expect(plan.orderByDay).toBe(today);
    expect(plan.expectedArrivalDay).toBe(today + 7);
    expect(plan.stockoutDay).toBe(today);
    expect(plan.daysOfCover).toBe(0);
    expect(plan.expectedFillRate).toBe(1);
    // With the order: empty for the 7 lead-time days, then 56 − 4 = 52 on day 7.
    expect(plan.projection.p50[7]).toBe(52);
  });

  it('says when to order next when stock is above the reorder point', () => {
    // 40 on hand: position 40 − 4·2 = 32 on day 2 → order by day 2; runs out on day 10 without an order.
    const plan = planProduct({ ...base, onHand: 40 });
    expect(plan.orderQty).toBe(0);
    expect(plan.orderByDay).toBe(today + 2);
    expect(plan.stockoutDay).toBe(today + 10);
    expect(plan.daysOfCover).toBe(10);
  });

  it('counts open orders in the position and rounds to case packs with the cost shown', () => {
    // Position 10 + 6 on order = 16 ≤ 32 → raw order 56 − 16 = 40; cases of 12 → 36 or 48.
    const plan = planProduct({ ...base, onHand: 10, onOrder: [{ qty: 6, arrivalDay: 2 }], constraints: { casePack: 12 }, unitCost: 3 });
    expect(plan.inventoryPosition).toBe(16);
    expect(plan.rawOrderQty).toBe(40);
    expect([36, 48]).toContain(plan.orderQty);
    expect(plan.roundingReason).toMatch(/cases of 12/);
    expect(plan.roundingCost).toBeGreaterThanOrEqual(0);
  });

  it('values stock above the order-up-to level as excess', () => {
    const plan = planProduct({ ...base, onHand: 100, unitCost: 2.5 });
    expect(plan.excessUnits).toBe(44);
    expect(plan.excessValue).toBe(110);
    expect(plan.orderByDay).toBe(today + 17); // 100 − 4·17 = 32
  });

  it('refuses negative stock with the product named', () => {
    expect(() => planProduct({ ...base, onHand: -1 })).toThrow(/MUG/);
  });
});

describe('alerts', () => {
  it('flags a stockout before the next delivery with the money lost', () => {
    // 10 on hand, 4 a day, lead time 7: runs out on day 2; 28 − 10 = 18 units lost before an order arrives.
    const plan = planProduct({ ...base, onHand: 10 });
    const alert = stockoutAlert(plan, 7, { stockoutPerUnit: 5 }) as Alert;
    expect(alert.kind).toBe('stockout');
    expect(alert.units).toBeCloseTo(18, 9);
    expect(alert.money).toBeCloseTo(90, 9);
    expect(alert.title).toMatch(/100% chance/);
    expect(stockoutAlert(planProduct({ ...base, onHand: 30 }), 7, {})).toBeUndefined();
  });

  it('flags overstock valued at cost', () => {
    const alert = overstockAlert(planProduct({ ...base, onHand: 100 }), { unitCost: 2 }) as Alert;
    expect(alert.units).toBe(44);
    expect(alert.money).toBe(88);
    expect(overstockAlert(planProduct({ ...base, onHand: 60 }), { unitCost: 2 })).toBeUndefined(); // 4 over 56 is normal
  });

  it('finds days outside the P1–P99 band, skipping days flagged closed', () => {
    const anomalies = findAnomalies([5, 40, 0, 6], [1, 1, 1, 1], [10, 10, 10, 10], 100, [0, 0, 4, 0]);
    expect(anomalies).toEqual([{ day: 101, actual: 40, low: 1, high: 10, direction: 'above', beyond: 30 }]);
    const alert = anomalyAlert({ sku: 'MUG', firstDay: 100, lastDay: 103, anomalies }, { price: 2 }) as Alert;
    expect(alert.money).toBe(60);
    expect(alert.title).toMatch(/1 day far above the forecast/);
  });

  it('detects a lasting level shift and ignores noise', () => {
    // 12 weeks at 10/day then 4 weeks at 20/day.
    const values = new Float32Array(16 * 7);
    values.fill(10, 0, 12 * 7);
    values.fill(20, 12 * 7);
    const shift = detectTrendBreak(values, 1000);
    expect(shift).toMatchObject({ changeDay: 1000 + 12 * 7, before: 10, after: 20 });
    // Poisson-like noise around a flat 10/day (fixed pattern) is not a break.
    const noisy = Float32Array.from({ length: 16 * 7 }, (_, i) => 10 + ((i * 7919) % 9) - 4);
    expect(detectTrendBreak(noisy, 1000)).toBeUndefined();
    const alert = trendAlert({ sku: 'MUG', firstDay: 0, lastDay: 0, anomalies: [], trendBreak: shift }, 14, { price: 3 }) as Alert;
    expect(alert.units).toBe(140);
    expect(alert.money).toBe(420);
    expect(alert.title).toMatch(/Demand up 100%/);
  });

  it('ranks by money at stake, unpriced ones last', () => {
    const a = (sku: string, money: number | null, units: number): Alert => ({ kind: 'overstock', sku, money, units, title: '', detail: '' });
    expect(rankAlerts([a('x', 5, 1), a('y', null, 100), a('z', 50, 1), a('w', null, 200)]).map((r) => r.sku)).toEqual(['z', 'x', 'w', 'y']);
  });
});

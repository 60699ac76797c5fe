import { describe, expect, it } from 'vitest';
import {
  CataloguePlanner, costRates, matchLine, planFor, planLine, summarisePurchasePlan, unitMoney,
  type PlanDefaults, type PlanProduct,
} from '../../../../src/core/plan';

const SETTINGS: PlanDefaults = {
  leadTimeDays: 14, leadTimeSdDays: 0, reviewDays: 14, policy: 'sS', targetKind: 'cycle', serviceLevel: 0.95,
  fillRate: 0.98, holdingCostRate: 0.25, defaultMargin: 0.4, orderingCost: 0, budget: 0, currency: 'USD', asOf: 'lastSale',
};
const FORECAST = { start: '2024-03-01', horizon: 28, createdAt: 't1' };

/** `nPaths` paths of `horizon` days; path p sells `perDay + p % 3 - 1` units every day. */
function paths(perDay: number, nPaths = 30, horizon = 28) {
  const values = new Float32Array(nPaths * horizon);
  for (let p = 0; p < nPaths; p++) values.fill(Math.max(0, perDay + (p % 3) - 1), p * horizon, (p + 1) * horizon);
  return { paths: values, nPaths, horizon };
}

describe('catalogue records to planning inputs', () => {
  it('values a unit from its cost, else its price less the default margin', () => {
    const product: PlanProduct = { sku: 'A', name: 'Mug', onHand: 0, price: 10 };
    const money = unitMoney(product, SETTINGS);
    expect(money).toEqual({ price: 10, unitCost: 6, costAssumed: true });
    const costs = costRates(product, SETTINGS, money);
    expect(costs.holdingPerUnitDay).toBeCloseTo((0.25 * 6) / 365, 12);
    expect(costs.stockoutPerUnit).toBe(4);
    expect(unitMoney({ ...product, unitCost: 7 }, SETTINGS, 12)).toEqual({ price: 10, unitCost: 7, costAssumed: false });
    expect(unitMoney({ sku: 'B', name: 'x', onHand: 0 }, SETTINGS, 5)).toEqual({ price: 5, unitCost: 3, costAssumed: true });
  });

  it('plans from the paths: 2 a day over 14 days lead time plus a day\'s check is a reorder point of 30', () => {
    const row = planFor({ sku: 'A', name: 'Mug', onHand: 10 }, FORECAST, { paths: new Float32Array(28).fill(2), nPaths: 1, horizon: 28 }, SETTINGS);
    expect(row?.plan.levels.reorderPoint).toBe(30);
    expect(row?.plan.orderQty).toBeGreaterThan(0);
    expect(row?.inputs.today).toBe(row?.plan.orderByDay);
    expect(planFor({ sku: 'A', name: 'Mug', onHand: 10 }, FORECAST, undefined, SETTINGS)).toBeUndefined();
  });
});

describe('CataloguePlanner', () => {
  const products: PlanProduct[] = [
    { sku: 'A', name: 'Mug', onHand: 5, unitCost: 4 },
    { sku: 'B', name: 'Bowl', onHand: 0, unitCost: 10 },
    { sku: 'C', name: 'Cup without paths', onHand: 0 },
    { sku: 'D', name: 'Dish without forecast', onHand: 0 },
    { sku: 'E', name: 'Broken', onHand: -1 },
  ];
  const forecasts = new Map(['A', 'B', 'C', 'E'].map((sku) => [sku, FORECAST]));
  const allPaths = new Map([['A', paths(3)], ['B', paths(2)], ['E', paths(1)]]);

  it('plans every product it can, reports the ones it cannot, and keeps rows for unchanged inputs', () => {
    const planner = new CataloguePlanner<PlanProduct>();
    const plan = planner.plan(products, forecasts, allPaths, SETTINGS);
    expect(plan.rows.map((r) => r.sku)).toEqual(['A', 'B']);
    expect(plan.problems).toEqual([{ sku: 'E', message: expect.stringMatching(/on-hand stock of E/) }]);
    expect(plan.budget).toBeUndefined();
    // The same as planning each product on its own.
    const alone = planFor(products[1], FORECAST, allPaths.get('B'), SETTINGS, undefined, false);
    expect(plan.rows[1].plan.orderQty).toBe(alone?.plan.orderQty);

    // A kept row needs no paths; a changed product does.
    expect(planner.isCurrent(products[0], FORECAST, SETTINGS, undefined)).toBe(true);
    const restocked = { ...products[0], onHand: 500 };
    expect(planner.isCurrent(restocked, FORECAST, SETTINGS, undefined)).toBe(false);
    expect(planner.isCurrent(products[0], { ...FORECAST, createdAt: 't2' }, SETTINGS, undefined)).toBe(false);
    expect(planner.isCurrent(products[0], FORECAST, SETTINGS, 9)).toBe(false);
    const again = planner.plan([restocked, products[1]], forecasts, new Map([['A', allPaths.get('A')!]]), SETTINGS);
    expect(again.rows.map((r) => r.plan.orderQty)).toEqual([0, plan.rows[1].plan.orderQty]);
    expect(again.rows[1].plan).toBe(plan.rows[1].plan);
  });

  it('cuts orders to a budget in the lines, and a full row matches its line', () => {
    const planner = new CataloguePlanner<PlanProduct>();
    const free = planner.plan(products.slice(0, 2), forecasts, allPaths, SETTINGS);
    const freeValue = free.rows.reduce((s, r) => s + r.plan.orderQty * (r.money.unitCost as number), 0);
    const budget = Math.floor(freeValue / 2);
    const summary = summarisePurchasePlan(planner.plan(products.slice(0, 2), forecasts, allPaths, { ...SETTINGS, budget }));
    const spent = summary.rows.reduce((s, r) => s + r.plan.orderQty * (r.money.unitCost as number), 0);
    expect(spent).toBeLessThanOrEqual(budget);
    expect(summary.budget?.cut.length).toBeGreaterThan(0);
    const cut = summary.rows.find((r) => r.plan.orderQty < free.rows.find((f) => f.sku === r.sku)!.plan.orderQty)!;
    expect(cut.plan.roundingReason).toMatch(/cut to fit the budget/);

    // What the Plan view's detail shows: the product planned alone, then matched to its line.
    const full = planFor(products.find((p) => p.sku === cut.sku)!, FORECAST, allPaths.get(cut.sku), SETTINGS, undefined, false)!;
    expect(full.plan.orderQty).toBeGreaterThan(cut.plan.orderQty);
    const matched = matchLine(full, cut);
    expect(planLine(matched).plan).toEqual(cut.plan);
  });

  it('makes lines of plain data that cross to the page unchanged', () => {
    const summary = summarisePurchasePlan(new CataloguePlanner<PlanProduct>().plan(products.slice(0, 2), forecasts, allPaths, SETTINGS));
    const line = summary.rows[0];
    expect(line).not.toHaveProperty('inputs');
    expect(line.plan.levels.leadTimeDemand).toEqual({ mean: expect.any(Number), sd: expect.any(Number) });
    expect(line.today).toBe(19783); // 2024-03-01
    expect(structuredClone(summary)).toStrictEqual(summary);
  });
});

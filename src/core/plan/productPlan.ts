import { CumulativePaths, daysNeeded, type SamplePaths } from './demand';
import type { LeadTimeDistribution } from './leadTime';
import {
  cycleCost, cycleFillRate, policyLevels, rawOrderQuantity,
  type CostRates, type PolicyKind, type PolicyLevels, type ServiceTarget,
} from './policy';
import { medianDayPositionReaches, projectStock, type Arrival, type StockProjection } from './projection';
import { roundOrder, type OrderConstraints } from './rounding';

/** Stock already ordered: how much and when it arrives (days from today; absent: unknown). */
export interface OpenOrder {
  qty: number;
  arrivalDay?: number;
}

export interface ProductPlanInputs {
  sku: string;
  /** Day number of "today": the first forecast day, when an order placed now is decided. */
  today: number;
  forecast: SamplePaths;
  onHand: number;
  onOrder?: readonly OpenOrder[];
  leadTime: LeadTimeDistribution;
  reviewDays: number;
  policy: PolicyKind;
  target: ServiceTarget;
  costs: CostRates;
  constraints?: OrderConstraints;
  /** Purchase cost of one unit, for the value of excess stock (absent: unknown). */
  unitCost?: number;
  /** Continue sample paths by their last week when lead time + review outrun the forecast. */
  extendBeyondHorizon?: boolean;
}

export interface ProductPlan {
  sku: string;
  levels: PolicyLevels;
  /** On hand + all open orders. */
  inventoryPosition: number;
  /** What the policy asks for, and what is orderable (cases, MOQ) with the expected cost of the difference. */
  rawOrderQty: number;
  orderQty: number;
  roundingCost: number;
  roundingReason: string;
  /** Day number by which to order (today when ordering now); null when no order is due within the forecast. */
  orderByDay: number | null;
  /** Day number the order is expected in (order-by + mean lead time). */
  expectedArrivalDay: number | null;
  /** Share of the protected cycle's demand expected to be served, with the suggested order. */
  expectedFillRate: number;
  /** Probability of no stockout in the protected cycle, with the suggested order. */
  expectedCycleServiceLevel: number;
  /** Expected cycle cost (holding + stockout) with the suggested order. */
  expectedCycleCost: number;
  /** Stock on hand day by day with the suggested order arriving. */
  projection: StockProjection;
  /** The same if nothing more is ordered (what happens before any new order can arrive). */
  withoutOrder: StockProjection;
  /** Median day (number) the shelf runs empty if nothing more is ordered; null if not within the forecast. */
  stockoutDay: number | null;
  /** Median whole days the stock on hand and on order lasts (capped at the forecast length). */
  daysOfCover: number;
  /** Units above the order-up-to level (stock the plan would not have bought), and their purchase value. */
  excessUnits: number;
  excessValue: number | null;
  notes: string[];
}

/** Days an open order without a known date is assumed to take: the mean lead time (conservative). */
export function arrivalsOf(orders: readonly OpenOrder[], leadTime: LeadTimeDistribution): Arrival[] {
  return orders.map((o) => ({ qty: o.qty, day: o.arrivalDay ?? Math.round(leadTime.mean) }));
}

/**
 * Everything the Plan view and the purchase plan show for one product. `bands: false` skips the
 * day-by-day percentiles of projected stock (the table does not show them; `projectWithOrder` makes
 * them for one product when asked).
 */
export function planProduct(inputs: ProductPlanInputs, options: { bands?: boolean } = {}): ProductPlan {
  const bands = options.bands ?? true;
  const { forecast, leadTime, reviewDays, onHand } = inputs;
  if (!(Number.isFinite(onHand) && onHand >= 0)) throw new RangeError(`on-hand stock of ${inputs.sku} must be a number ≥ 0, got ${onHand}`);
  const onOrder = inputs.onOrder ?? [];
  for (const o of onOrder) {
    if (!(Number.isFinite(o.qty) && o.qty >= 0)) throw new RangeError(`on-order quantity of ${inputs.sku} must be ≥ 0, got ${o.qty}`);
  }
  const notes: string[] = [];
  const needed = daysNeeded(leadTime, reviewDays);
  const projectionDays = Math.max(forecast.horizon, needed);
  const cumulative = new CumulativePaths(forecast, projectionDays, { extendBeyondHorizon: inputs.extendBeyondHorizon });
  if (cumulative.extended) {
    notes.push(`Lead time + review (${needed} days) go beyond the ${forecast.horizon}-day forecast; later days repeat the forecast's last week.`);
  }
  const levels = policyLevels({ demand: cumulative, leadTime, reviewDays, policy: inputs.policy, target: inputs.target, costs: inputs.costs });
  const inventoryPosition = onHand + onOrder.reduce((s, o) => s + o.qty, 0);
  const rawOrderQty = rawOrderQuantity(levels, inventoryPosition);
  const rounded = roundOrder(rawOrderQty, inputs.constraints ?? {}, (q) => cycleCost(inventoryPosition + q, levels, inputs.costs));
  const orderQty = rounded.qty;

  const leadDays = Math.round(leadTime.mean);
  let orderByOffset: number | null;
  if (orderQty > 0) orderByOffset = 0;
  else if (inputs.policy === 'RS') orderByOffset = reviewDays;
  else {
    const day = medianDayPositionReaches(cumulative, inventoryPosition, levels.reorderPoint, projectionDays);
    orderByOffset = Number.isFinite(day) ? day : null;
  }
  const arrivals = arrivalsOf(onOrder, leadTime);
  if (onOrder.some((o) => o.qty > 0 && o.arrivalDay === undefined)) notes.push('Open orders without a date are assumed to arrive after the mean lead time.');
  const withoutOrder = projectStock(cumulative, onHand, arrivals, projectionDays, bands);
  const projection = orderQty > 0 ? projectStock(cumulative, onHand, [...arrivals, { day: leadDays, qty: orderQty }], projectionDays, bands) : withoutOrder;

  const position = inventoryPosition + orderQty;
  const excessUnits = Math.max(0, inventoryPosition - levels.orderUpTo);
  return {
    sku: inputs.sku,
    levels,
    inventoryPosition,
    rawOrderQty,
    orderQty,
    roundingCost: rounded.roundingCost,
    roundingReason: rounded.reason,
    orderByDay: orderByOffset === null ? null : inputs.today + orderByOffset,
    expectedArrivalDay: orderByOffset === null ? null : inputs.today + orderByOffset + leadDays,
    expectedFillRate: cycleFillRate(position, levels.leadTimeDemand, levels.coverDemand),
    expectedCycleServiceLevel: levels.coverDemand.cdf(position),
    expectedCycleCost: cycleCost(position, levels, inputs.costs),
    projection,
    withoutOrder,
    stockoutDay: withoutOrder.medianStockoutDay < projectionDays ? inputs.today + withoutOrder.medianStockoutDay : null,
    daysOfCover: withoutOrder.medianStockoutDay,
    excessUnits,
    excessValue: inputs.unitCost === undefined ? null : excessUnits * inputs.unitCost,
    notes,
  };
}

/**
 * The same plan with a different order quantity (cut by a budget, or typed in by the seller): the
 * expected fill rate, cycle service level and cycle cost follow the new quantity.
 */
export function withOrderQuantity(plan: ProductPlan, qty: number, costs: CostRates, reason: string): ProductPlan {
  if (!(Number.isFinite(qty) && qty >= 0)) throw new RangeError(`order quantity of ${plan.sku} must be ≥ 0, got ${qty}`);
  if (qty === plan.orderQty) return plan;
  const position = plan.inventoryPosition + qty;
  return {
    ...plan,
    orderQty: qty,
    roundingReason: plan.roundingReason ? `${plan.roundingReason}; ${reason}` : reason,
    orderByDay: qty > 0 ? plan.orderByDay : null,
    expectedArrivalDay: qty > 0 ? plan.expectedArrivalDay : null,
    expectedFillRate: cycleFillRate(position, plan.levels.leadTimeDemand, plan.levels.coverDemand),
    expectedCycleServiceLevel: plan.levels.coverDemand.cdf(position),
    expectedCycleCost: cycleCost(position, plan.levels, costs),
  };
}

/** Projected stock with its 10–90% band when `qty` is ordered now (for a chart). */
export function projectWithOrder(inputs: ProductPlanInputs, qty: number): StockProjection {
  const days = Math.max(inputs.forecast.horizon, daysNeeded(inputs.leadTime, inputs.reviewDays));
  const cumulative = new CumulativePaths(inputs.forecast, days, { extendBeyondHorizon: inputs.extendBeyondHorizon });
  const arrivals = arrivalsOf(inputs.onOrder ?? [], inputs.leadTime);
  if (qty > 0) arrivals.push({ day: Math.round(inputs.leadTime.mean), qty });
  return projectStock(cumulative, inputs.onHand, arrivals, days);
}

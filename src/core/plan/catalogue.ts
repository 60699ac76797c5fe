import { isoToDay, ymdToDay } from '../series';
import { allocateBudget, type BudgetAllocation } from './budget';
import type { SamplePaths } from './demand';
import { leadTimeDistribution } from './leadTime';
import { cycleCost, type CostRates, type PolicyKind, type PolicyLevels, type ServiceTarget } from './policy';
import { planProduct, withOrderQuantity, type OpenOrder, type ProductPlan, type ProductPlanInputs } from './productPlan';

/**
 * From the seller's catalogue (product, forecast, settings) to the planning engine's inputs, and its
 * outputs to rows for the views. Shared by the plan worker (every product) and the page (the one
 * product a seller looks at). No maths here beyond choosing which value applies. The record types are
 * structural, so core does not depend on the database's.
 */

/** The product fields planning reads (the catalogue's ProductRecord has these and more). */
export interface PlanProduct {
  sku: string;
  name: string;
  /** Units on the shelf now. Stored as 0 until the seller gives it: see `stockCountedAt`. */
  onHand: number;
  /**
   * ISO date the on-hand figure was counted or entered. Absent with `onHand` 0: nobody gave a
   * stock figure, and the plan must not present an order as advice (see `hasStockFigure`).
   */
  stockCountedAt?: string;
  /** Who the product is bought from (purchase orders are grouped by it). */
  supplier?: string;
  /** Units already ordered and not yet received, and when they are expected (ISO date). */
  onOrder?: number;
  onOrderArrival?: string;
  /** Purchase cost and selling price per unit, in the seller's currency. */
  unitCost?: number;
  price?: number;
  /** Days from order to shelf: mean and standard deviation. */
  leadTimeDays?: number;
  leadTimeSdDays?: number;
  /** Minimum order quantity and case pack (orders are whole cases of this many units). */
  moq?: number;
  casePack?: number;
  /** Target cycle service level (0–1). */
  serviceLevel?: number;
  /** Yearly holding cost as a fraction of unit cost (e.g. 0.25). */
  holdingCostRate?: number;
  /** Cost of one unit of unmet demand (lost margin and goodwill). */
  stockoutCost?: number;
  /** Fixed cost of placing one order. */
  orderingCost?: number;
}

/** The forecast facts planning reads besides its sample paths. */
export interface PlanForecast {
  /** ISO date of the first forecast day: "today" for the plan. */
  start: string;
  horizon: number;
  /** When it was made; a row planned from it stays valid until it changes. */
  createdAt: string;
}

/**
 * The seller-wide planning settings; a product's own value (from the catalogue) overrides them.
 * Money: holding is a yearly rate on the unit cost (0.25 = keeping a unit a year costs a quarter of
 * what it cost); the stockout cost of a unit is its margin unless the product sets its own.
 */
export interface PlanDefaults {
  /** Days from order to shelf, mean and standard deviation. */
  leadTimeDays: number;
  leadTimeSdDays: number;
  /** Days between two chances to order. */
  reviewDays: number;
  /** 'sS': order when stock falls to the reorder point; 'RS': order up to S at every review. */
  policy: PolicyKind;
  /** What "enough" means: a cycle service level, a fill rate, or the cost-optimal level. */
  targetKind: 'cycle' | 'fill' | 'cost';
  /** Probability of no stockout before the next delivery (cycle service level). */
  serviceLevel: number;
  /** Share of demand served from stock. */
  fillRate: number;
  /** Yearly holding cost as a fraction of unit cost. */
  holdingCostRate: number;
  /** Margin assumed when a product has a price but no unit cost (cost = price × (1 − margin)). */
  defaultMargin: number;
  /** Fixed cost per purchase order (0: none). */
  orderingCost: number;
  /** Money available for this order across all products (0: no limit). */
  budget: number;
  /** ISO 4217 code of the seller's currency (costs, prices and purchase orders are in it). */
  currency: string;
  /**
   * 'today': the plan starts today; the stock figure is what is on the shelf today and the days
   * between the last sale and today are neither zero sales nor planned (their demand is already
   * reflected in the stock counted today). 'lastSale': the plan starts the day after the last sale.
   */
  asOf: PlanAsOf;
}

export type PlanAsOf = 'today' | 'lastSale';

/** Days from the day after the last sale to today that a forecast may still be stretched over. */
export const MAX_PLAN_GAP_DAYS = 180;

/**
 * A product has a stock figure when one was counted, imported or typed (`stockCountedAt`), or when
 * it holds a positive on-hand figure (products stored before the date existed). A 0 with no date is
 * the database's placeholder, not a count.
 */
export function hasStockFigure(product: Pick<PlanProduct, 'onHand' | 'stockCountedAt'>): boolean {
  return product.stockCountedAt !== undefined || product.onHand > 0;
}

/** Where a plan starts, measured from the forecast's first day (the day after the last sale). */
export interface PlanStart {
  /** Day number the plan starts on ("today" for the plan). */
  day: number;
  /** Forecast days skipped to reach it (0 when planning as of the last sale). */
  offset: number;
  /** Days from the forecast's first day to the real today (negative: the data ends after today). */
  gap: number;
  /**
   * Why the plan does not start today when the seller asked for today: 'future' (the data ends
   * after today), 'tooOld' (more than MAX_PLAN_GAP_DAYS ago) or 'beyondForecast' (the stored
   * forecast does not reach today plus a week; forecasting again fixes it).
   */
  fallback?: 'future' | 'tooOld' | 'beyondForecast';
}

/**
 * The day a plan starts on. `todayDay` is the real calendar day (day number, as isoToDay gives).
 * As of today, the forecast's first `gap` days are skipped: they are unknown days, not zero sales.
 */
export function planStart(forecastStartDay: number, horizon: number, asOf: PlanAsOf, todayDay: number): PlanStart {
  const gap = todayDay - forecastStartDay;
  const atLastSale = { day: forecastStartDay, offset: 0, gap };
  if (asOf === 'lastSale' || gap === 0) return atLastSale;
  if (gap < 0) return { ...atLastSale, fallback: 'future' };
  if (gap > MAX_PLAN_GAP_DAYS) return { ...atLastSale, fallback: 'tooOld' };
  if (gap + 7 > horizon) return { ...atLastSale, fallback: 'beyondForecast' };
  return { day: todayDay, offset: gap, gap };
}

/** The sample paths from `offset` on (each path loses its first `offset` days). */
export function skipForecastDays(forecast: SamplePaths, offset: number): SamplePaths {
  if (offset <= 0) return forecast;
  const horizon = forecast.horizon - offset;
  const paths = new Float32Array(forecast.nPaths * horizon);
  for (let p = 0; p < forecast.nPaths; p++) {
    paths.set(forecast.paths.subarray(p * forecast.horizon + offset, (p + 1) * forecast.horizon), p * horizon);
  }
  return { paths, nPaths: forecast.nPaths, horizon };
}

/** Today's day number on the seller's own calendar (their local date, as sales dates are). */
export function calendarToday(now: Date = new Date()): number {
  return ymdToDay(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** What a unit is worth, when known: from the catalogue, else the recent selling price. */
export interface UnitMoney {
  price?: number;
  unitCost?: number;
  /** True when the unit cost was derived from the price and the default margin. */
  costAssumed: boolean;
}

export function unitMoney(product: PlanProduct, settings: PlanDefaults, recentPrice?: number): UnitMoney {
  const price = product.price ?? recentPrice;
  if (product.unitCost !== undefined) return { price, unitCost: product.unitCost, costAssumed: false };
  if (price !== undefined) return { price, unitCost: price * (1 - settings.defaultMargin), costAssumed: true };
  return { price: undefined, unitCost: undefined, costAssumed: false };
}

/**
 * Per-day holding and per-unit stockout cost. Without any price or cost the unit is worth 1, so
 * the ratio between holding and stockout (all the policy needs) still follows the settings.
 */
export function costRates(product: PlanProduct, settings: PlanDefaults, money: UnitMoney): CostRates {
  const value = money.unitCost ?? 1;
  const margin = money.price !== undefined && money.unitCost !== undefined
    ? Math.max(money.price - money.unitCost, 0.01 * money.price)
    : value * (settings.defaultMargin / (1 - settings.defaultMargin));
  return {
    holdingPerUnitDay: ((product.holdingCostRate ?? settings.holdingCostRate) * value) / 365,
    stockoutPerUnit: product.stockoutCost ?? margin,
    orderingCost: product.orderingCost ?? settings.orderingCost,
  };
}

export function serviceTarget(product: PlanProduct, settings: PlanDefaults): ServiceTarget {
  if (product.serviceLevel !== undefined) return { kind: 'cycle', level: product.serviceLevel };
  if (settings.targetKind === 'fill') return { kind: 'fill', level: settings.fillRate };
  if (settings.targetKind === 'cost') return { kind: 'cost' };
  return { kind: 'cycle', level: settings.serviceLevel };
}

function isoToDayOrNull(iso: string): number | null {
  const day = isoToDay(iso);
  return Number.isNaN(day) ? null : day;
}

/** Engine inputs for one product, or why it cannot be planned. */
export function planInputs(
  product: PlanProduct, forecast: PlanForecast | undefined, paths: SamplePaths | undefined, settings: PlanDefaults, recentPrice?: number,
  todayDay: number = calendarToday(),
): { inputs: ProductPlanInputs; costs: CostRates; money: UnitMoney; start: PlanStart } | { error: string } {
  if (!forecast || !paths?.nPaths) return { error: 'no forecast with sample paths yet' };
  const forecastStart = isoToDayOrNull(forecast.start);
  if (forecastStart === null) return { error: `the forecast's start "${forecast.start}" is not a date` };
  const start = planStart(forecastStart, Math.min(forecast.horizon, paths.horizon), settings.asOf, todayDay);
  const today = start.day;
  const demand = skipForecastDays(paths, start.offset);
  const money = unitMoney(product, settings, recentPrice);
  const costs = costRates(product, settings, money);
  const onOrder: OpenOrder[] = [];
  if (product.onOrder && product.onOrder > 0) {
    const arrival = product.onOrderArrival ? isoToDayOrNull(product.onOrderArrival) : null;
    onOrder.push({ qty: product.onOrder, arrivalDay: arrival === null ? undefined : Math.max(0, arrival - today) });
  }
  const inputs: ProductPlanInputs = {
    sku: product.sku,
    today,
    forecast: { paths: demand.paths, nPaths: demand.nPaths, horizon: Math.min(forecast.horizon - start.offset, demand.horizon) },
    onHand: product.onHand,
    onOrder,
    leadTime: leadTimeDistribution(product.leadTimeDays ?? settings.leadTimeDays, product.leadTimeSdDays ?? settings.leadTimeSdDays),
    reviewDays: settings.reviewDays,
    policy: settings.policy,
    target: serviceTarget(product, settings),
    costs,
    constraints: { moq: product.moq, casePack: product.casePack },
    unitCost: money.unitCost,
    extendBeyondHorizon: true,
  };
  return { inputs, costs, money, start };
}

/** One product's plan with everything it was made from (what the detail views and what-if need). */
export interface PlanRow<P extends PlanProduct = PlanProduct> {
  sku: string;
  name: string;
  product: P;
  plan: ProductPlan;
  inputs: ProductPlanInputs;
  costs: CostRates;
  money: UnitMoney;
  leadTimeDays: number;
  reviewDays: number;
  /** Days the forecast covers from the plan's first day. */
  horizon: number;
  /** Where the plan starts and why (as of today, or the last sale). */
  start: PlanStart;
}

/** A product's plan row from its forecast, sample paths and the seller's settings (undefined: cannot plan). */
export function planFor<P extends PlanProduct>(
  product: P, forecast: PlanForecast | undefined, paths: SamplePaths | undefined, settings: PlanDefaults, recentPrice?: number, bands = true,
  todayDay: number = calendarToday(),
): PlanRow<P> | undefined {
  const prepared = planInputs(product, forecast, paths, settings, recentPrice, todayDay);
  if ('error' in prepared) return undefined;
  return {
    sku: product.sku,
    name: product.name,
    product,
    plan: planProduct(prepared.inputs, { bands }),
    inputs: prepared.inputs,
    costs: prepared.costs,
    money: prepared.money,
    leadTimeDays: prepared.inputs.leadTime.mean,
    reviewDays: prepared.inputs.reviewDays,
    horizon: prepared.inputs.forecast.horizon,
    start: prepared.start,
  };
}

/** Why a budget changed a product's order (the plan's rounding note gets this added). */
export const BUDGET_CUT_REASON = 'cut to fit the budget';

export interface PurchasePlan<P extends PlanProduct = PlanProduct> {
  rows: PlanRow<P>[];
  /** Products that could not be planned, and why. */
  problems: { sku: string; message: string }[];
  /** Set when a budget limits this order. */
  budget?: BudgetAllocation;
  /** Products to order whose unit cost is unknown (a budget cannot price them). */
  unpriced: string[];
}

/**
 * Plans every product of a catalogue, keeping rows already computed: a row is recomputed only when
 * its product, forecast, settings or price changed (editing one product's stock must not replan
 * thousands, and a caller that knows a row is current need not even read its sample paths).
 */
export class CataloguePlanner<P extends PlanProduct> {
  private readonly rows = new Map<string, { key: string; row: PlanRow<P> }>();

  private keyOf(product: P, forecast: PlanForecast, settings: PlanDefaults, price: number | undefined): string {
    // Today is part of the key: as of today, a plan kept past midnight starts a day late.
    return `${JSON.stringify(product)}|${forecast.createdAt}|${forecast.horizon}|${JSON.stringify(settings)}|${price}|${calendarToday()}`;
  }

  /** True when the row kept for this product was planned from exactly these inputs. */
  isCurrent(product: P, forecast: PlanForecast, settings: PlanDefaults, price: number | undefined): boolean {
    return this.rows.get(product.sku)?.key === this.keyOf(product, forecast, settings, price);
  }

  /**
   * The product's unconstrained row (no budget), from the kept one when current, else planned from
   * `paths` (undefined: cannot plan). Throws when the engine refuses the inputs.
   */
  rowFor(product: P, forecast: PlanForecast, paths: SamplePaths | undefined, settings: PlanDefaults, price: number | undefined): PlanRow<P> | undefined {
    const key = this.keyOf(product, forecast, settings, price);
    const kept = this.rows.get(product.sku);
    if (kept?.key === key) return kept.row;
    const row = planFor(product, forecast, paths, settings, price, false);
    if (row) this.rows.set(product.sku, { key, row });
    return row;
  }

  /**
   * Every product's plan; with a budget, the orders are cut back where they earn least (expected
   * marginal profit per unit of money) until they fit.
   */
  plan(
    products: readonly P[], forecasts: ReadonlyMap<string, PlanForecast>, paths: ReadonlyMap<string, SamplePaths>,
    settings: PlanDefaults, recentPrices: ReadonlyMap<string, number> = new Map(),
  ): PurchasePlan<P> {
    const rows: PlanRow<P>[] = [];
    const problems: PurchasePlan['problems'] = [];
    for (const product of products) {
      const forecast = forecasts.get(product.sku);
      if (!forecast) continue;
      try {
        const row = this.rowFor(product, forecast, paths.get(product.sku), settings, recentPrices.get(product.sku));
        // A budget changes quantities on a copy; the kept row keeps the unconstrained plan.
        if (row) rows.push({ ...row });
      } catch (error) {
        problems.push({ sku: product.sku, message: error instanceof Error ? error.message : String(error) });
      }
    }
    if (this.rows.size > 2 * products.length + 100) {
      const live = new Set(products.map((p) => p.sku));
      for (const sku of this.rows.keys()) if (!live.has(sku)) this.rows.delete(sku);
    }
    const result: PurchasePlan<P> = { rows, problems, unpriced: [] };
    if (settings.budget > 0) {
      const ordering = rows.filter((r) => r.plan.orderQty > 0);
      result.unpriced = ordering.filter((r) => r.money.unitCost === undefined).map((r) => r.sku);
      const priced = ordering.filter((r) => r.money.unitCost !== undefined);
      const allocation = allocateBudget(priced.map((r) => ({
        sku: r.sku,
        unitCost: r.money.unitCost as number,
        maxQty: r.plan.orderQty,
        constraints: r.inputs.constraints ?? {},
        costOf: (q: number) => cycleCost(r.plan.inventoryPosition + q, r.plan.levels, r.costs),
      })), settings.budget);
      for (const r of priced) {
        const qty = allocation.qty.get(r.sku) ?? 0;
        r.plan = withOrderQuantity(r.plan, qty, r.costs, BUDGET_CUT_REASON);
      }
      result.budget = allocation;
    }
    return result;
  }
}

/** A demand distribution reduced to its moments (what tables, alerts and CSV show of it). */
export interface DemandMoments {
  mean: number;
  sd: number;
}

/**
 * A ProductPlan as plain data, without its demand distributions (their atoms and methods): what
 * crosses from the plan worker to the page. A full ProductPlan is one too.
 */
export type PlanSummary = Omit<ProductPlan, 'levels'> & {
  levels: Omit<PolicyLevels, 'leadTimeDemand' | 'coverDemand'> & { leadTimeDemand: DemandMoments; coverDemand: DemandMoments };
};

/** One product of the purchase plan as the Plan and Alerts views show it (no paths, no engine inputs). */
export interface PlanLine<P extends PlanProduct = PlanProduct> {
  sku: string;
  name: string;
  product: P;
  plan: PlanSummary;
  costs: CostRates;
  money: UnitMoney;
  leadTimeDays: number;
  reviewDays: number;
  /** Days the forecast covers from the plan's first day. */
  horizon: number;
  /** Day number of the plan's first day, when the order is decided. */
  today: number;
  start: PlanStart;
}

export interface PurchasePlanSummary<P extends PlanProduct = PlanProduct> extends Omit<PurchasePlan<P>, 'rows'> {
  rows: PlanLine<P>[];
}

export function summarisePlan(plan: ProductPlan): PlanSummary {
  const { leadTimeDemand, coverDemand, ...levels } = plan.levels;
  return {
    ...plan,
    levels: { ...levels, leadTimeDemand: { mean: leadTimeDemand.mean, sd: leadTimeDemand.sd }, coverDemand: { mean: coverDemand.mean, sd: coverDemand.sd } },
  };
}

export function planLine<P extends PlanProduct>(row: PlanRow<P>): PlanLine<P> {
  return {
    sku: row.sku,
    name: row.name,
    product: row.product,
    plan: summarisePlan(row.plan),
    costs: row.costs,
    money: row.money,
    leadTimeDays: row.leadTimeDays,
    reviewDays: row.reviewDays,
    horizon: row.horizon,
    today: row.inputs.today,
    start: row.start,
  };
}

export function summarisePurchasePlan<P extends PlanProduct>(plan: PurchasePlan<P>): PurchasePlanSummary<P> {
  return { ...plan, rows: plan.rows.map(planLine) };
}

/**
 * The full row of one product (for its detail view) agreeing with its line in a purchase plan: the
 * same plan, with the order a budget cut it to.
 */
export function matchLine<P extends PlanProduct>(row: PlanRow<P>, line: Pick<PlanLine, 'plan'> | undefined): PlanRow<P> {
  if (!line || line.plan.orderQty === row.plan.orderQty) return row;
  return { ...row, plan: withOrderQuantity(row.plan, line.plan.orderQty, row.costs, BUDGET_CUT_REASON) };
}

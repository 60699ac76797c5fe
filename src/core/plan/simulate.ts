import { isoToDay, truncateSeries, type Forecaster, type ForecastResult, type Series } from '../series';
import { hashString, mulberry32 } from '../stats';
import { CumulativePaths } from './demand';
import { leadTimeDistribution, maxLeadTime, type LeadTimeDistribution } from './leadTime';
import { policyLevels, rawOrderQuantity, type CostRates, type PolicyKind, type PolicyLevels, type ServiceTarget } from './policy';

/**
 * The policies a replay compares. Shelfcast's policy plans from the forecast's sample paths; the
 * two rules of thumb are what sellers do without a planner.
 */
export type SimPolicy =
  /** Shelfcast: (R,S) or (s,S) levels from the forecast distribution at each review. */
  | { kind: 'shelfcast'; name: string; policy: PolicyKind; target: ServiceTarget }
  /**
   * "Reorder when stock < average daily sales × lead time, order N days of sales": checked every
   * day against stock on hand + on order, average over the last `averageDays` days.
   */
  | { kind: 'reorder-average'; name: string; averageDays: number; orderDays: number }
  /** "Stock = forecast × 1.2": at each review, order up to multiple × the forecast's mean demand over lead time + review. */
  | { kind: 'forecast-multiple'; name: string; multiple: number };

export interface SimulationConfig {
  /** Daily sales per product; recorded sales are taken as the demand. */
  series: readonly Series[];
  /** A fresh forecaster; before each review it is fitted only on days before the review day. */
  forecaster: () => Forecaster;
  /** First day (day number) whose costs count. */
  startDay: number;
  /** Days counted from startDay. */
  days: number;
  /**
   * Days simulated before startDay and not counted. Every policy starts from an empty shelf and
   * builds its own stock, so this is raised to at least the longest lead time + one review period.
   */
  warmupDays: number;
  /** True lead time: mean and spread (days). Policies know these; actual ones are drawn per order. */
  leadTimeMeanDays: number;
  leadTimeSdDays: number;
  reviewDays: number;
  /** The same money for every policy: holding per unit per day, stockout per unit of lost demand. */
  costs: CostRates;
  /**
   * A product's unit value (e.g. its price): its costs are `costs` × value, so totals are money
   * and expensive products weigh more. The ratio of holding to stockout cost, all a policy decides
   * on, is the same for every product. Default 1 (every unit alike).
   */
  unitValue?: (sku: string) => number;
  policies: readonly SimPolicy[];
  /** Sample paths asked from the forecaster. */
  paths?: number;
  /** Products need this many days of history before the warm-up starts to be simulated. */
  minHistoryDays?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PolicyResult {
  name: string;
  kind: SimPolicy['kind'];
  holdingCost: number;
  stockoutCost: number;
  totalCost: number;
  demand: number;
  served: number;
  /** served / demand. */
  fillRate: number;
  /** Product-days with demand lost. */
  stockoutDays: number;
  productDays: number;
  /** Mean end-of-day units on hand per product-day. */
  averageInventory: number;
  orders: number;
  /** Review cycles (per product) without any lost demand, of all counted cycles. */
  cycleServiceLevel: number;
  cycles: number;
  /** The cycle service level the policy aimed at (Shelfcast only). */
  targetCycleServiceLevel?: number;
  /** Share of cycles whose demand over lead time + review stayed within the planned order-up-to level (Shelfcast only). */
  coverageOfOrderUpTo?: number;
}

/** One product's money under each policy (same order as `policies`). */
export interface ProductOutcome {
  sku: string;
  holdingCost: number[];
  stockoutCost: number[];
  demand: number;
  served: number[];
}

export interface SimulationResult {
  policies: PolicyResult[];
  /** Per product, per policy: where the money went. */
  byProduct: ProductOutcome[];
  products: number;
  /** Products left out, and why. */
  excluded: { sku: string; reason: string }[];
  reviews: number;
  firstDay: number;
  lastDay: number;
}

interface StockState {
  onHand: number;
  pipeline: { day: number; qty: number }[];
  levels?: PolicyLevels;
}

interface Totals {
  holding: number;
  stockout: number;
  demand: number;
  served: number;
  stockoutDays: number;
  productDays: number;
  inventory: number;
  orders: number;
  cycles: number;
  cyclesOk: number;
  covered: number;
  coverChecks: number;
}

/**
 * Replays history day by day for every policy under the same rules: at the start of a day the goods
 * due arrive; on a review day (every `reviewDays` from the warm-up start) forecasts are made from
 * the days before it only, and orders are placed; an order arrives after its own lead time (drawn
 * from the lead-time distribution, identical across policies for an order placed on the same day);
 * then the day's demand is served from stock and what cannot be served is LOST (not backordered).
 * End-of-day stock pays holding cost; lost units pay the stockout cost. Every policy starts with an
 * empty shelf: an opening stock taken from the data would hand all of them the same (possibly
 * huge, after a bulk order) stock to carry and blur the comparison.
 */
export async function simulatePolicies(config: SimulationConfig): Promise<SimulationResult> {
  const { startDay, days, warmupDays, reviewDays, costs, policies } = config;
  const leadTime = leadTimeDistribution(config.leadTimeMeanDays, config.leadTimeSdDays);
  const cycleLead = Math.round(leadTime.mean);
  const horizon = maxLeadTime(leadTime) + reviewDays;
  const firstDay = startDay - Math.max(warmupDays, horizon);
  const lastDay = startDay + days - 1;
  const minHistory = config.minHistoryDays ?? 56;
  const seed = config.seed ?? 1;

  const excluded: SimulationResult['excluded'] = [];
  const products: { series: Series; start: number }[] = [];
  for (const s of config.series) {
    const start = isoToDay(s.start);
    if (firstDay - start < minHistory) excluded.push({ sku: s.sku, reason: `less than ${minHistory} days of history before the replay` });
    else if (start + s.values.length - 1 < lastDay) excluded.push({ sku: s.sku, reason: 'history ends before the replay does' });
    else products.push({ series: s, start });
  }
  const demandOn = (i: number, day: number) => products[i].series.values[day - products[i].start];
  const values = products.map(({ series }) => {
    const v = config.unitValue ? config.unitValue(series.sku) : 1;
    if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`unit value of ${series.sku} must be above 0, got ${v}`);
    return v;
  });

  const states = policies.map(() => products.map((): StockState => ({ onHand: 0, pipeline: [] })));
  const byProduct: ProductOutcome[] = products.map(({ series }) => ({
    sku: series.sku, holdingCost: policies.map(() => 0), stockoutCost: policies.map(() => 0), demand: 0, served: policies.map(() => 0),
  }));
  const totals = policies.map((): Totals => ({
    holding: 0, stockout: 0, demand: 0, served: 0, stockoutDays: 0, productDays: 0, inventory: 0, orders: 0,
    cycles: 0, cyclesOk: 0, covered: 0, coverChecks: 0,
  }));
  // Lost demand per product per day per policy, to score review cycles afterwards.
  const lostDays = policies.map(() => products.map(() => new Uint8Array(lastDay - firstDay + 1)));
  const reviewDaysList: number[] = [];
  for (let d = firstDay; d <= lastDay; d += reviewDays) reviewDaysList.push(d);
  const needsForecast = policies.some((p) => p.kind !== 'reorder-average');
  // Per Shelfcast policy, per review, per product: the planned S and the demand it had to cover.
  const coverChecks = policies.map(() => new Map<number, { day: number; S: number }[]>());

  let reviewIndex = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const counted = day >= startDay;
    const isReview = (day - firstDay) % reviewDays === 0;
    let forecasts: (ForecastResult | undefined)[] = [];
    if (isReview && needsForecast) {
      forecasts = await forecastBefore(config, products, day, horizon);
      config.onProgress?.(++reviewIndex, reviewDaysList.length);
    }
    for (let k = 0; k < policies.length; k++) {
      const policy = policies[k];
      const total = totals[k];
      for (let i = 0; i < products.length; i++) {
        const state = states[k][i];
        // Arrivals due today.
        if (state.pipeline.length > 0) {
          const remaining: StockState['pipeline'] = [];
          for (const o of state.pipeline) {
            if (o.day <= day) state.onHand += o.qty;
            else remaining.push(o);
          }
          state.pipeline = remaining;
        }
        const position = state.onHand + state.pipeline.reduce((s, o) => s + o.qty, 0);
        let order = 0;
        if (policy.kind === 'reorder-average') {
          const average = averageDemand(products[i], day, policy.averageDays);
          if (position < average * cycleLead) order = Math.round(average * policy.orderDays);
        } else if (isReview) {
          const forecast = forecasts[i];
          if (forecast?.paths && forecast.nPaths) {
            const cumulative = new CumulativePaths({ paths: forecast.paths, nPaths: forecast.nPaths, horizon: forecast.horizon }, horizon);
            if (policy.kind === 'forecast-multiple') {
              const expected = cumulative.overLeadTime(leadTime, reviewDays).mean;
              order = Math.max(0, Math.round(policy.multiple * expected - position));
            } else {
              const levels = policyLevels({ demand: cumulative, leadTime, reviewDays, policy: policy.policy, target: policy.target, costs });
              state.levels = levels;
              order = rawOrderQuantity(levels, position);
              const checks = coverChecks[k].get(i) ?? [];
              checks.push({ day, S: levels.orderUpTo });
              coverChecks[k].set(i, checks);
            }
          }
        } else if (policy.kind === 'shelfcast' && policy.policy === 'sS' && state.levels) {
          order = rawOrderQuantity(state.levels, position);
        }
        if (order > 0) {
          const lead = drawLeadTime(leadTime, seed, products[i].series.sku, day);
          if (lead === 0) state.onHand += order;
          else state.pipeline.push({ day: day + lead, qty: order });
          if (counted) total.orders++;
        }
        // Serve today's demand; what the shelf cannot serve is lost.
        const demand = demandOn(i, day);
        const served = Math.min(state.onHand, demand);
        const lost = demand - served;
        state.onHand -= served;
        if (lost > 1e-9) lostDays[k][i][day - firstDay] = 1;
        if (counted) {
          total.demand += demand;
          total.served += served;
          const stockoutCost = lost * costs.stockoutPerUnit * values[i];
          const holdingCost = state.onHand * costs.holdingPerUnitDay * values[i];
          total.stockout += stockoutCost;
          total.holding += holdingCost;
          const outcome = byProduct[i];
          outcome.stockoutCost[k] += stockoutCost;
          outcome.holdingCost[k] += holdingCost;
          outcome.served[k] += served;
          if (k === 0) outcome.demand += demand;
          total.inventory += state.onHand;
          total.productDays++;
          if (lost > 1e-9) total.stockoutDays++;
        }
      }
    }
  }

  // Cycle service level: the cycle an order placed on review day r protects is [r + L, r + L + R).
  for (let k = 0; k < policies.length; k++) {
    const total = totals[k];
    for (let i = 0; i < products.length; i++) {
      for (const r of reviewDaysList) {
        const from = r + cycleLead;
        const to = from + reviewDays - 1;
        if (from < startDay || to > lastDay) continue;
        total.cycles++;
        let ok = true;
        for (let d = from; d <= to && ok; d++) if (lostDays[k][i][d - firstDay]) ok = false;
        if (ok) total.cyclesOk++;
      }
      for (const check of coverChecks[k].get(i) ?? []) {
        const from = check.day;
        const to = check.day + cycleLead + reviewDays - 1;
        if (check.day + cycleLead < startDay || to > lastDay) continue;
        let d = 0;
        for (let t = from; t <= to; t++) d += demandOn(i, t);
        total.coverChecks++;
        if (d <= check.S + 1e-9) total.covered++;
      }
    }
  }

  return {
    products: products.length,
    byProduct,
    excluded,
    reviews: reviewDaysList.length,
    firstDay: startDay,
    lastDay,
    policies: policies.map((policy, k) => {
      const t = totals[k];
      const result: PolicyResult = {
        name: policy.name,
        kind: policy.kind,
        holdingCost: t.holding,
        stockoutCost: t.stockout,
        totalCost: t.holding + t.stockout,
        demand: t.demand,
        served: t.served,
        fillRate: t.demand > 0 ? t.served / t.demand : 1,
        stockoutDays: t.stockoutDays,
        productDays: t.productDays,
        averageInventory: t.productDays > 0 ? t.inventory / t.productDays : 0,
        orders: t.orders,
        cycleServiceLevel: t.cycles > 0 ? t.cyclesOk / t.cycles : 1,
        cycles: t.cycles,
      };
      if (policy.kind === 'shelfcast') {
        result.targetCycleServiceLevel = targetLevel(policy.target, costs, reviewDays);
        result.coverageOfOrderUpTo = t.coverChecks > 0 ? t.covered / t.coverChecks : undefined;
      }
      return result;
    }),
  };
}

/** The cycle service level a target aims at (a fill-rate target has none of its own). */
function targetLevel(target: ServiceTarget, costs: CostRates, reviewDays: number): number | undefined {
  if (target.kind === 'cycle') return target.level;
  if (target.kind === 'cost') return costs.stockoutPerUnit / (costs.stockoutPerUnit + costs.holdingPerUnitDay * reviewDays);
  return undefined;
}

/** Forecasts every product from the days strictly before `day`. */
async function forecastBefore(
  config: SimulationConfig, products: { series: Series; start: number }[], day: number, horizon: number,
): Promise<(ForecastResult | undefined)[]> {
  const truncated: Series[] = products.map(({ series, start }) => truncateSeries(series, day - start));
  const model = config.forecaster();
  await model.fit(truncated);
  // Totals are calibrated over the mean lead time + review: the demand each order covers.
  const decisionDays = Math.min(horizon, Math.max(1, Math.round(config.leadTimeMeanDays) + config.reviewDays));
  const batch = await model.predict(horizon, { quantiles: [0.5], paths: config.paths ?? 500, decisionDays });
  const bySku = new Map(batch.forecasts.map((f) => [f.sku, f]));
  return products.map(({ series }) => bySku.get(series.sku));
}

/** Mean daily demand over the `window` days before `day`. */
function averageDemand(product: { series: Series; start: number }, day: number, window: number): number {
  const to = day - product.start;
  const from = Math.max(0, to - window);
  if (to <= from) return 0;
  let sum = 0;
  for (let i = from; i < to; i++) sum += product.series.values[i];
  return sum / (to - from);
}

/** A lead time for an order placed on `day`, the same for every policy placing one that day. */
function drawLeadTime(leadTime: LeadTimeDistribution, seed: number, sku: string, day: number): number {
  if (leadTime.days.length === 1) return leadTime.days[0];
  const u = mulberry32(hashString(`${seed}:${sku}:${day}`))();
  let acc = 0;
  for (let j = 0; j < leadTime.days.length; j++) {
    acc += leadTime.probs[j];
    if (u < acc) return leadTime.days[j];
  }
  return leadTime.days[leadTime.days.length - 1];
}

import type { CumulativePaths } from './demand';
import type { DemandDistribution } from './distribution';
import type { LeadTimeDistribution } from './leadTime';
import { normalQuantile } from './normal';

/**
 * (R,S): every review, order up to S. (s,S): check stock every day, and when the inventory position
 * falls to s or below, order up to S.
 */
export type PolicyKind = 'RS' | 'sS';

/** What "enough stock" means to the seller. */
export type ServiceTarget =
  /** Probability of no stockout in a replenishment cycle (cycle service level), e.g. 0.95. */
  | { kind: 'cycle'; level: number }
  /** Share of demand served from stock (fill rate), e.g. 0.98. */
  | { kind: 'fill'; level: number }
  /** The cost-optimal level: critical ratio stockout / (stockout + holding over one cycle). */
  | { kind: 'cost' };

/**
 * Money, in the seller's currency. Holding is per unit per DAY here; a cost "per unit per review
 * period" is this times the review days. Stockout is per unit of demand not served (lost sale: the
 * margin lost plus any goodwill), charged once.
 */
export interface CostRates {
  holdingPerUnitDay: number;
  stockoutPerUnit: number;
  /** Fixed cost of placing one order; 0 or absent means none (then no EOQ). */
  orderingCost?: number;
}

export interface PolicyInputs {
  demand: CumulativePaths;
  leadTime: LeadTimeDistribution;
  /** Days between two chances to order (the review period). */
  reviewDays: number;
  policy: PolicyKind;
  target: ServiceTarget;
  costs: CostRates;
}

export interface PolicyLevels {
  policy: PolicyKind;
  target: ServiceTarget;
  /** Cycle service level the levels are set at (for a fill-rate target: the one it implies). */
  cycleServiceLevel: number;
  /**
   * (s,S): order when the inventory position is at or below this; it covers demand over the lead
   * time + one day (the next check). (R,S): the position that just covers the lead time (shown only).
   */
  reorderPoint: number;
  /** Stock position to order up to. */
  orderUpTo: number;
  /** Protection beyond expected demand: s − E[demand over lead time + 1 day] for (s,S), S − E[demand over lead time + review] for (R,S). */
  safetyStock: number;
  /** Economic order quantity, when an ordering cost is given. */
  eoq?: number;
  /** EOQ expressed as days of demand: the review period that would balance ordering and holding. */
  economicReviewDays?: number;
  /** Demand over the lead time, and over lead time + review period (with lead-time uncertainty). */
  leadTimeDemand: DemandDistribution;
  coverDemand: DemandDistribution;
  /** Expected demand in one review period (the demand one order serves). */
  reviewDemandMean: number;
  /** Days one order is meant to last (review period, or EOQ cycle for (s,S) with an ordering cost). */
  cycleDays: number;
}

/** Days between two stock checks of the (s,S) policy (a daily look at stock + open orders). */
export const CHECK_DAYS = 1;

/** Rounds up to a whole unit, after removing float noise (12.0000001 must not become 13). */
export function wholeUnitsUp(x: number): number {
  return Math.max(0, Math.ceil(Number(x.toFixed(6))));
}

/** Newsvendor critical ratio: the cost-optimal probability of not running out, p / (p + h). */
export function criticalRatio(stockoutPerUnit: number, holdingPerUnitPerCycle: number): number {
  if (!(stockoutPerUnit > 0)) throw new RangeError(`stockout cost must be above 0, got ${stockoutPerUnit}`);
  if (!(holdingPerUnitPerCycle > 0)) throw new RangeError(`holding cost must be above 0, got ${holdingPerUnitPerCycle}`);
  return stockoutPerUnit / (stockoutPerUnit + holdingPerUnitPerCycle);
}

/**
 * Economic order quantity √(2·K·d / h) with d the mean daily demand and h the holding cost per unit
 * per day (any consistent time unit works).
 */
export function economicOrderQuantity(orderingCost: number, dailyDemand: number, holdingPerUnitDay: number): number {
  if (!(orderingCost >= 0 && dailyDemand >= 0 && holdingPerUnitDay > 0)) {
    throw new RangeError('EOQ needs an ordering cost ≥ 0, demand ≥ 0 and a holding cost > 0');
  }
  return Math.sqrt((2 * orderingCost * dailyDemand) / holdingPerUnitDay);
}

/** Safety stock under normal lead-time demand: z_α · σ. */
export function normalSafetyStock(level: number, leadTimeDemandSd: number): number {
  return normalQuantile(level) * leadTimeDemandSd;
}

/**
 * Safety stock under an empirical (sample-path) demand distribution: the smallest whole stock that
 * covers lead-time demand with probability α, minus the mean lead-time demand.
 */
export function empiricalSafetyStock(level: number, leadTimeDemand: DemandDistribution): number {
  return leadTimeDemand.smallestCovering(level) - leadTimeDemand.mean;
}

/**
 * Expected shortage in the cycle an order-up-to position y protects: demand over lead time + review
 * beyond y, minus what was already short before the order could arrive (the standard (R,S)
 * expected-shortage-per-replenishment-cycle).
 */
export function cycleShortage(y: number, leadTimeDemand: DemandDistribution, coverDemand: DemandDistribution): number {
  return Math.max(0, coverDemand.expectedShortage(y) - leadTimeDemand.expectedShortage(y));
}

/** Expected fill rate of the cycle protected by position y: 1 − shortage / demand of the cycle. */
export function cycleFillRate(y: number, leadTimeDemand: DemandDistribution, coverDemand: DemandDistribution): number {
  const cycleDemand = coverDemand.mean - leadTimeDemand.mean;
  if (cycleDemand <= 1e-12) return 1;
  return Math.max(0, Math.min(1, 1 - cycleShortage(y, leadTimeDemand, coverDemand) / cycleDemand));
}

/**
 * Expected cost of one cycle when ordering up to y: leftover stock carried through the next cycle
 * (h per unit per day × cycle days) plus the stockout cost of the cycle's shortage. Its minimiser is
 * the critical-ratio quantile, so rounding and budget choices use the same objective as the policy.
 */
export function cycleCost(y: number, levels: Pick<PolicyLevels, 'leadTimeDemand' | 'coverDemand' | 'cycleDays'>, costs: CostRates): number {
  return costs.holdingPerUnitDay * levels.cycleDays * levels.coverDemand.expectedLeftover(y)
    + costs.stockoutPerUnit * cycleShortage(y, levels.leadTimeDemand, levels.coverDemand);
}

/** Smallest whole y with cycle fill rate ≥ target (fill rate rises with y). */
function fillRateLevel(target: number, leadTimeDemand: DemandDistribution, coverDemand: DemandDistribution): number {
  let lo = 0;
  let hi = Math.max(1, wholeUnitsUp(coverDemand.max));
  if (cycleFillRate(lo, leadTimeDemand, coverDemand) >= target) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (cycleFillRate(mid, leadTimeDemand, coverDemand) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

function checkLevel(level: number, what: string): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`${what} must be between 0 and 1 (e.g. 0.95), got ${level}`);
}

/** Reorder point and order-up-to level of a product from its simulated demand and the seller's target. */
export function policyLevels(inputs: PolicyInputs): PolicyLevels {
  const { demand, leadTime, reviewDays, policy, target, costs } = inputs;
  if (!(Number.isInteger(reviewDays) && reviewDays >= 1)) throw new RangeError(`review period must be a whole number of days ≥ 1, got ${reviewDays}`);
  if (!(costs.holdingPerUnitDay >= 0 && costs.stockoutPerUnit >= 0)) throw new RangeError('costs must be 0 or more');
  const leadTimeDemand = demand.overLeadTime(leadTime, 0);
  // (s,S) is checked once a day: an order skipped today can only be placed tomorrow and arrives a
  // day after the lead time, so s must cover lead time + 1 day. With s covering the lead time only,
  // the day's demand overshoots s before the order goes out (the "undershoot"), and in the replay
  // on Store Item Demand a 95% target delivered an 81% cycle service level.
  const reorderDemand = policy === 'sS' ? demand.overLeadTime(leadTime, CHECK_DAYS) : leadTimeDemand;
  const coverDemand = demand.overLeadTime(leadTime, reviewDays);
  const reviewDemandMean = Math.max(0, coverDemand.mean - leadTimeDemand.mean);
  const dailyDemand = reviewDemandMean / reviewDays;

  let eoq: number | undefined;
  let economicReviewDays: number | undefined;
  const orderingCost = costs.orderingCost ?? 0;
  if (orderingCost > 0 && costs.holdingPerUnitDay > 0) {
    eoq = economicOrderQuantity(orderingCost, dailyDemand, costs.holdingPerUnitDay);
    if (dailyDemand > 0) economicReviewDays = Math.max(1, Math.round(eoq / dailyDemand));
  }
  // With an ordering cost, an (s,S) order lasts about EOQ/d days rather than one review period.
  const cycleDays = policy === 'sS' && eoq !== undefined && dailyDemand > 0 ? Math.max(reviewDays, eoq / dailyDemand) : reviewDays;

  let cycleServiceLevel: number;
  let orderUpTo: number;
  let reorderPoint: number;
  switch (target.kind) {
    case 'cycle':
      checkLevel(target.level, 'cycle service level');
      cycleServiceLevel = target.level;
      break;
    case 'cost':
      cycleServiceLevel = criticalRatio(costs.stockoutPerUnit, costs.holdingPerUnitDay * cycleDays);
      break;
    case 'fill':
      checkLevel(target.level, 'fill rate');
      cycleServiceLevel = Number.NaN; // set below from the level the fill rate needs
      break;
  }
  if (target.kind === 'fill') {
    orderUpTo = fillRateLevel(target.level, leadTimeDemand, coverDemand);
    cycleServiceLevel = coverDemand.cdf(orderUpTo);
    reorderPoint = Math.min(orderUpTo, reorderDemand.smallestCovering(cycleServiceLevel));
  } else {
    reorderPoint = reorderDemand.smallestCovering(cycleServiceLevel);
    orderUpTo = Math.max(reorderPoint, coverDemand.smallestCovering(cycleServiceLevel));
  }
  if (policy === 'sS' && eoq !== undefined) orderUpTo = Math.max(orderUpTo, reorderPoint + Math.round(eoq));

  const safetyStock = policy === 'sS' ? reorderPoint - reorderDemand.mean : orderUpTo - coverDemand.mean;
  return {
    policy, target, cycleServiceLevel, reorderPoint, orderUpTo, safetyStock, eoq, economicReviewDays,
    leadTimeDemand, coverDemand, reviewDemandMean, cycleDays,
  };
}

/** Units to order now at this inventory position (on hand + on order), before rounding. */
export function rawOrderQuantity(levels: Pick<PolicyLevels, 'policy' | 'reorderPoint' | 'orderUpTo'>, inventoryPosition: number): number {
  if (levels.policy === 'RS') return Math.max(0, levels.orderUpTo - inventoryPosition);
  return inventoryPosition <= levels.reorderPoint ? Math.max(0, levels.orderUpTo - inventoryPosition) : 0;
}

import { dayToIso } from '../series';
import type { DemandCheck } from './checks';
import type { PlanSummary } from './catalogue';

export type AlertKind = 'stockout' | 'overstock' | 'anomaly' | 'trend';

export interface Alert {
  kind: AlertKind;
  sku: string;
  /** Money at stake in the seller's currency; null when the product has no price or cost. */
  money: number | null;
  /** The same in units (always known). */
  units: number;
  title: string;
  detail: string;
  /** The day it is about (day number), when there is one. */
  day?: number;
}

/** What a unit is worth to the seller, for turning units at stake into money. */
export interface UnitValues {
  /** Lost by one unit of demand not served (stockout cost, or margin). */
  stockoutPerUnit?: number;
  /** Purchase cost of one unit (what excess stock ties up). */
  unitCost?: number;
  /** Selling price of one unit. */
  price?: number;
}

export interface AlertThresholds {
  /** Flag a stockout risk from this probability of running out before an order could arrive. */
  stockoutProbability: number;
  /** Flag overstock when stock beyond the order-up-to level is at least this share of it. */
  overstockShare: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = { stockoutProbability: 0.2, overstockShare: 0.25 };

const units = (x: number) => (x >= 10 ? Math.round(x).toLocaleString('en') : x.toFixed(1).replace(/\.0$/, ''));
const percent = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Stock-out before the next possible delivery: an order placed today arrives after the lead time,
 * so anything short before then cannot be fixed by ordering any more.
 */
export function stockoutAlert(plan: PlanSummary, leadTimeDays: number, values: UnitValues, thresholds = DEFAULT_ALERT_THRESHOLDS): Alert | undefined {
  const days = Math.min(Math.round(leadTimeDays), plan.withoutOrder.days);
  if (days < 1) return undefined;
  const probability = plan.withoutOrder.stockoutByDay[days - 1];
  if (probability < thresholds.stockoutProbability) return undefined;
  const lost = plan.withoutOrder.expectedLostByDay[days - 1];
  const perUnit = values.stockoutPerUnit ?? values.price;
  return {
    kind: 'stockout',
    sku: plan.sku,
    money: perUnit === undefined ? null : lost * perUnit,
    units: lost,
    title: `${percent(probability)} chance of running out before new stock can arrive`,
    detail: `About ${units(lost)} units of demand would go unserved in the next ${days} days (the lead time)` +
      (plan.stockoutDay !== null ? `; the shelf is likely empty by ${dayToIso(plan.stockoutDay)}.` : '.'),
    day: plan.stockoutDay ?? undefined,
  };
}

/** Stock well above what the plan would hold: money tied up that a smaller order would have kept. */
export function overstockAlert(plan: PlanSummary, values: UnitValues, thresholds = DEFAULT_ALERT_THRESHOLDS): Alert | undefined {
  const S = plan.levels.orderUpTo;
  if (plan.excessUnits <= 0 || plan.excessUnits < thresholds.overstockShare * Math.max(1, S)) return undefined;
  const perUnit = values.unitCost ?? values.price;
  const dailyDemand = plan.levels.reviewDemandMean / Math.max(1, plan.levels.cycleDays);
  const daysToSell = dailyDemand > 0 ? plan.inventoryPosition / dailyDemand : Infinity;
  return {
    kind: 'overstock',
    sku: plan.sku,
    money: perUnit === undefined ? null : plan.excessUnits * perUnit,
    units: plan.excessUnits,
    title: `${units(plan.excessUnits)} units more than the plan would hold`,
    detail: `Stock and open orders (${units(plan.inventoryPosition)}) exceed the order-up-to level (${units(S)})` +
      (Number.isFinite(daysToSell) ? `; at expected demand they last about ${Math.round(daysToSell)} days.` : '; there is no expected demand for them.'),
  };
}

/** Days that sold outside the forecast's P1–P99 band, summed into one alert per product. */
export function anomalyAlert(check: DemandCheck, values: UnitValues): Alert | undefined {
  if (check.anomalies.length === 0) return undefined;
  const beyond = check.anomalies.reduce((s, a) => s + a.beyond, 0);
  const worst = check.anomalies.reduce((a, b) => (b.beyond > a.beyond ? b : a));
  const perUnit = values.price ?? values.unitCost;
  const above = check.anomalies.filter((a) => a.direction === 'above').length;
  const below = check.anomalies.length - above;
  const parts = [above > 0 ? `${above} day${above === 1 ? '' : 's'} above P99` : '', below > 0 ? `${below} below P1` : ''].filter(Boolean);
  return {
    kind: 'anomaly',
    sku: check.sku,
    money: perUnit === undefined ? null : beyond * perUnit,
    units: beyond,
    title: `Unusual sales: ${parts.join(', ')} in the last ${check.lastDay - check.firstDay + 1} days`,
    detail: `Largest on ${dayToIso(worst.day)}: sold ${units(worst.actual)}, expected ${units(worst.low)}–${units(worst.high)} (P1–P99 of the forecast made before it).`,
    day: worst.day,
  };
}

/** A lasting level shift: units at stake are the change over one lead time + review period. */
export function trendAlert(check: DemandCheck, coverDays: number, values: UnitValues): Alert | undefined {
  const t = check.trendBreak;
  if (!t) return undefined;
  const delta = Math.abs(t.after - t.before) * coverDays;
  const perUnit = values.price ?? values.unitCost;
  const direction = t.after > t.before ? 'up' : 'down';
  const change = t.before > 0 ? ` ${Math.round(Math.abs(t.after / t.before - 1) * 100)}%` : '';
  return {
    kind: 'trend',
    sku: check.sku,
    money: perUnit === undefined ? null : delta * perUnit,
    units: delta,
    title: `Demand ${direction}${change} since ${dayToIso(t.changeDay)}`,
    detail: `From ${units(t.before)} to ${units(t.after)} a day: over one lead time + review (${coverDays} days) that is ${units(delta)} units ` +
      `${direction === 'up' ? 'more' : 'less'} than before. Check that the forecast has caught up.`,
    day: t.changeDay,
  };
}

/** Most money at stake first; alerts without a money value after those, by units. */
export function rankAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort((a, b) => {
    if (a.money !== null && b.money !== null) return b.money - a.money || b.units - a.units;
    if (a.money !== null) return -1;
    if (b.money !== null) return 1;
    return b.units - a.units;
  });
}

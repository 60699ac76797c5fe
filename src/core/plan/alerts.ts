import { intlTag, t } from '../../i18n';
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

/** Rounded for reading (whole units from 10 up, else one decimal); messages format it per language. */
const units = (x: number) => (x >= 10 ? Math.round(x) : Math.round(x * 10) / 10);
const percent = (x: number) => Math.round(x * 100);

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
    title: t('alerts:stockout.title', { percent: percent(probability) }),
    detail: plan.stockoutDay !== null
      ? t('alerts:stockout.detailEmptyBy', { units: units(lost), days, date: plan.stockoutDay })
      : t('alerts:stockout.detail', { units: units(lost), days }),
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
    title: t('alerts:overstock.title', { units: units(plan.excessUnits) }),
    detail: Number.isFinite(daysToSell)
      ? t('alerts:overstock.detail', { position: units(plan.inventoryPosition), most: units(S), days: Math.round(daysToSell) })
      : t('alerts:overstock.detailNoDemand', { position: units(plan.inventoryPosition), most: units(S) }),
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
  const parts = [above > 0 ? t('alerts:anomaly.above', { count: above }) : '', below > 0 ? t('alerts:anomaly.below', { count: below }) : ''].filter(Boolean);
  return {
    kind: 'anomaly',
    sku: check.sku,
    money: perUnit === undefined ? null : beyond * perUnit,
    units: beyond,
    title: t('alerts:anomaly.title', { parts: new Intl.ListFormat(intlTag(), { type: 'conjunction' }).format(parts), days: check.lastDay - check.firstDay + 1 }),
    detail: t('alerts:anomaly.detail', { date: worst.day, actual: units(worst.actual), low: units(worst.low), high: units(worst.high) }),
    day: worst.day,
  };
}

/** A lasting level shift: units at stake are the change over one lead time + review period. */
export function trendAlert(check: DemandCheck, coverDays: number, values: UnitValues): Alert | undefined {
  const shift = check.trendBreak;
  if (!shift) return undefined;
  const delta = Math.abs(shift.after - shift.before) * coverDays;
  const perUnit = values.price ?? values.unitCost;
  const direction = shift.after > shift.before ? 'Up' : 'Down';
  const change = shift.before > 0 ? Math.round(Math.abs(shift.after / shift.before - 1) * 100) : undefined;
  return {
    kind: 'trend',
    sku: check.sku,
    money: perUnit === undefined ? null : delta * perUnit,
    units: delta,
    title: change === undefined
      ? t(`alerts:trend.title${direction}Since`, { date: shift.changeDay })
      : t(`alerts:trend.title${direction}`, { percent: change, date: shift.changeDay }),
    detail: t(`alerts:trend.detail${direction}`, { before: units(shift.before), after: units(shift.after), days: coverDays, units: units(delta) }),
    day: shift.changeDay,
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

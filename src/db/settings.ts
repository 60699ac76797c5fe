import { liveQuery, type Observable } from 'dexie';
import type { PlanDefaults } from '../core/plan';
import type { ReturnsPolicy } from '../core/series';
import { database } from './connection';

/** The planning defaults (documented in core) and how far ahead to forecast. */
export interface PlanSettings extends PlanDefaults {
  /** Days forecast ahead (raised automatically to cover lead time + review). */
  horizonDays: number;
}

export const DEFAULT_PLAN_SETTINGS: PlanSettings = {
  leadTimeDays: 14,
  leadTimeSdDays: 0,
  reviewDays: 14,
  policy: 'sS',
  targetKind: 'cycle',
  serviceLevel: 0.95,
  fillRate: 0.98,
  holdingCostRate: 0.25,
  defaultMargin: 0.4,
  orderingCost: 0,
  budget: 0,
  currency: 'USD',
  asOf: 'today',
  horizonDays: 28,
};

/** True when Intl knows `code` as a currency (ISO 4217, three letters). */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with a settings value, in words for the form; empty when all is well. */
export function planSettingsProblems(s: PlanSettings): Partial<Record<keyof PlanSettings, string>> {
  const problems: Partial<Record<keyof PlanSettings, string>> = {};
  const finite = (x: number) => typeof x === 'number' && Number.isFinite(x);
  if (!finite(s.leadTimeDays) || s.leadTimeDays < 0 || s.leadTimeDays > 365) problems.leadTimeDays = 'Lead time must be between 0 and 365 days.';
  if (!finite(s.leadTimeSdDays) || s.leadTimeSdDays < 0 || s.leadTimeSdDays > 120) problems.leadTimeSdDays = 'Lead-time spread must be between 0 and 120 days.';
  if (!Number.isInteger(s.reviewDays) || s.reviewDays < 1 || s.reviewDays > 365) problems.reviewDays = 'Review period must be a whole number of days from 1 to 365.';
  if (s.policy !== 'sS' && s.policy !== 'RS') problems.policy = 'Choose a policy.';
  if (!['cycle', 'fill', 'cost'].includes(s.targetKind)) problems.targetKind = 'Choose a target.';
  if (!finite(s.serviceLevel) || s.serviceLevel <= 0.5 || s.serviceLevel >= 1) problems.serviceLevel = 'Service level must be above 50% and below 100%.';
  if (!finite(s.fillRate) || s.fillRate <= 0.5 || s.fillRate >= 1) problems.fillRate = 'Fill rate must be above 50% and below 100%.';
  if (!finite(s.holdingCostRate) || s.holdingCostRate <= 0 || s.holdingCostRate > 5) problems.holdingCostRate = 'Holding cost must be above 0% and at most 500% a year.';
  if (!finite(s.defaultMargin) || s.defaultMargin <= 0 || s.defaultMargin >= 1) problems.defaultMargin = 'Margin must be above 0% and below 100%.';
  if (!finite(s.orderingCost) || s.orderingCost < 0) problems.orderingCost = 'Ordering cost must be 0 or more.';
  if (!finite(s.budget) || s.budget < 0) problems.budget = 'Budget must be 0 (no limit) or more.';
  if (typeof s.currency !== 'string' || !isCurrencyCode(s.currency)) problems.currency = 'Currency must be a three-letter ISO code such as USD, EUR, GBP or CNY.';
  if (s.asOf !== 'today' && s.asOf !== 'lastSale') problems.asOf = 'Choose whether the plan starts today or after the last sale.';
  if (!Number.isInteger(s.horizonDays) || s.horizonDays < 7 || s.horizonDays > 365) problems.horizonDays = 'Forecast horizon must be 7 to 365 days.';
  return problems;
}

/** Stored values merged over the defaults; a stored value that is no longer valid falls back to its default. */
export async function getPlanSettings(): Promise<PlanSettings> {
  const stored = (await database().settings.get('plan'))?.value as Partial<PlanSettings> | undefined;
  const merged = { ...DEFAULT_PLAN_SETTINGS, ...stored };
  for (const key of Object.keys(planSettingsProblems(merged)) as (keyof PlanSettings)[]) {
    Object.assign(merged, { [key]: DEFAULT_PLAN_SETTINGS[key] });
  }
  return merged;
}

/** Saves settings after checking them; nothing is stored when any value is invalid. */
export async function savePlanSettings(settings: PlanSettings): Promise<void> {
  const problems = planSettingsProblems(settings);
  const first = Object.values(problems)[0];
  if (first) throw new RangeError(first);
  // Only known keys are stored: a form must not be able to slip anything else into the database.
  const value = Object.fromEntries((Object.keys(DEFAULT_PLAN_SETTINGS) as (keyof PlanSettings)[]).map((key) => [key, settings[key]]));
  await database().settings.put({ key: 'plan', value });
}

export function observePlanSettings(): Observable<PlanSettings> {
  return liveQuery(getPlanSettings);
}

/** Days to forecast so the longest likely lead time plus the review period is covered. */
export function forecastHorizon(settings: PlanSettings): number {
  return Math.max(settings.horizonDays, Math.ceil(settings.leadTimeDays + 4 * settings.leadTimeSdDays) + settings.reviewDays);
}

/** Settings key of the seller's import preferences. */
const IMPORT_KEY = 'import';

/** How returns were last treated on import ('net' unless the seller chose to drop them). */
export async function getReturnsPreference(): Promise<ReturnsPolicy> {
  const stored = (await database().settings.get(IMPORT_KEY))?.value as { returns?: ReturnsPolicy } | undefined;
  return stored?.returns === 'drop' ? 'drop' : 'net';
}

export async function saveReturnsPreference(returns: ReturnsPolicy): Promise<void> {
  await database().settings.put({ key: IMPORT_KEY, value: { returns } });
}

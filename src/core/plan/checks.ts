import { isoToDay, truncateSeries, UNOBSERVED, type Forecaster, type Series } from '../series';
import { quantileKey } from '../stats';

/** A day whose sales fell outside the forecast's P1–P99 band (the forecast made before that day). */
export interface DemandAnomaly {
  day: number;
  actual: number;
  low: number;
  high: number;
  direction: 'above' | 'below';
  /** Units beyond the band's edge. */
  beyond: number;
}

/** A lasting change in the level of weekly demand. */
export interface TrendBreak {
  /** First day of the new level. */
  changeDay: number;
  /** Mean daily demand before and after. */
  before: number;
  after: number;
  /** Size of the change in standard errors. */
  score: number;
}

export interface DemandCheck {
  sku: string;
  /** Days checked against the forecast made just before them. */
  firstDay: number;
  lastDay: number;
  anomalies: DemandAnomaly[];
  trendBreak?: TrendBreak;
  /** Quantity-weighted mean selling price over the last 28 days with sales, when the data has prices. */
  recentPrice?: number;
}

export interface CheckOptions {
  /** Most recent days checked against a forecast made before them. */
  holdoutDays?: number;
  /** Band edges (P1 and P99 by default). */
  lowLevel?: number;
  highLevel?: number;
}

/**
 * Looks back at the latest days of every product: refits the forecaster on the history before
 * them, forecasts them with a P1–P99 band, and lists the days that fell outside it. Also looks for
 * a lasting level shift in weekly demand. The forecaster is whichever the app forecasts with.
 */
export async function checkRecentDemand(series: readonly Series[], forecaster: Forecaster, options: CheckOptions = {}): Promise<DemandCheck[]> {
  const holdout = options.holdoutDays ?? 14;
  const low = options.lowLevel ?? 0.01;
  const high = options.highLevel ?? 0.99;
  const eligible = series.filter((s) => s.values.length > holdout + 14);
  const truncated = eligible.map((s) => truncateSeries(s, s.values.length - holdout));
  await forecaster.fit(truncated);
  const batch = await forecaster.predict(holdout, { quantiles: [low, 0.5, high] });
  const bySku = new Map(batch.forecasts.map((f) => [f.sku, f]));
  return series.map((s) => {
    const start = isoToDay(s.start);
    const lastDay = start + s.values.length - 1;
    const check: DemandCheck = { sku: s.sku, firstDay: lastDay - holdout + 1, lastDay, anomalies: [] };
    const forecast = bySku.get(s.sku);
    const lowBand = forecast?.quantiles[quantileKey(low)];
    const highBand = forecast?.quantiles[quantileKey(high)];
    if (lowBand && highBand) {
      const offset = s.values.length - holdout;
      check.anomalies = findAnomalies(s.values.subarray(offset), lowBand, highBand, start + offset, s.flags?.subarray(offset));
    }
    const trend = detectTrendBreak(s.values, start, s.flags);
    if (trend) check.trendBreak = trend;
    const price = recentPrice(s);
    if (price !== undefined) check.recentPrice = price;
    return check;
  });
}

/** Days whose actual lies outside [low, high]. Days flagged unobserved (stock-out, closed) are skipped. */
export function findAnomalies(
  actual: ArrayLike<number>, low: ArrayLike<number>, high: ArrayLike<number>, firstDay: number, flags?: ArrayLike<number>,
): DemandAnomaly[] {
  const out: DemandAnomaly[] = [];
  for (let i = 0; i < actual.length; i++) {
    if (flags && (flags[i] & UNOBSERVED) !== 0) continue;
    const a = actual[i];
    if (a > high[i] + 1e-9) out.push({ day: firstDay + i, actual: a, low: low[i], high: high[i], direction: 'above', beyond: a - high[i] });
    else if (a < low[i] - 1e-9) out.push({ day: firstDay + i, actual: a, low: low[i], high: high[i], direction: 'below', beyond: low[i] - a });
  }
  return out;
}


export interface TrendOptions {
  /** Complete weeks looked at, ending with the last day. */
  weeks?: number;
  /** The new level must have lasted at least this many weeks. */
  minRecentWeeks?: number;
  /** Minimum size of the shift in standard errors (high, because every split point is tried). */
  minScore?: number;
  /** Minimum relative change of the level (0.3 = 30%). */
  minChange?: number;
}

/**
 * The most significant split of the last weeks' weekly totals into two levels (a two-sample
 * t-statistic maximised over split points, the usual single change-point test). Reported when it is
 * both large in standard errors and large in relative terms. The variance is floored at the weekly
 * mean (Poisson), so a few quiet weeks cannot make a tiny wobble "significant".
 */
export function detectTrendBreak(values: ArrayLike<number>, startDay: number, flags?: ArrayLike<number>, options: TrendOptions = {}): TrendBreak | undefined {
  const weeks = options.weeks ?? 16;
  const minRecent = options.minRecentWeeks ?? 3;
  const minScore = options.minScore ?? 4;
  const minChange = options.minChange ?? 0.3;
  const n = values.length;
  if (n < weeks * 7) return undefined;
  const totals = new Float64Array(weeks);
  const first = n - weeks * 7;
  for (let w = 0; w < weeks; w++) {
    let sum = 0;
    let open = 0;
    for (let i = first + w * 7; i < first + (w + 1) * 7; i++) {
      if (flags && (flags[i] & UNOBSERVED) !== 0) continue;
      sum += values[i];
      open++;
    }
    // Scale a week with closed days up to a full week of the days that were open.
    totals[w] = open > 0 ? (sum * 7) / open : Number.NaN;
  }
  let best: TrendBreak | undefined;
  for (let k = 4; k <= weeks - minRecent; k++) {
    const a = Array.from(totals.subarray(0, k)).filter(Number.isFinite);
    const b = Array.from(totals.subarray(k)).filter(Number.isFinite);
    if (a.length < 3 || b.length < minRecent) continue;
    const ma = a.reduce((s, x) => s + x, 0) / a.length;
    const mb = b.reduce((s, x) => s + x, 0) / b.length;
    const ss = a.reduce((s, x) => s + (x - ma) ** 2, 0) + b.reduce((s, x) => s + (x - mb) ** 2, 0);
    const variance = Math.max(ss / Math.max(1, a.length + b.length - 2), (ma * a.length + mb * b.length) / (a.length + b.length), 1);
    const score = Math.abs(mb - ma) / Math.sqrt(variance * (1 / a.length + 1 / b.length));
    const change = ma > 0 ? Math.abs(mb / ma - 1) : Infinity;
    if (score >= minScore && change >= minChange && (!best || score > best.score)) {
      best = { changeDay: startDay + first + k * 7, before: ma / 7, after: mb / 7, score };
    }
  }
  return best;
}

/** Quantity-weighted mean price over the last 28 days that had a priced sale. */
function recentPrice(s: Series): number | undefined {
  const price = s.covariates?.price;
  if (!price) return undefined;
  let revenue = 0;
  let qty = 0;
  let days = 0;
  for (let i = s.values.length - 1; i >= 0 && days < 28; i--) {
    if (Number.isFinite(price[i]) && s.values[i] > 0) {
      revenue += price[i] * s.values[i];
      qty += s.values[i];
      days++;
    }
  }
  return qty > 0 ? revenue / qty : undefined;
}

import {
  DayFlag, detectClosures, isClosedWeekday, isoToDay, markClosures, observedMask,
  type Frequency, type Series, type TradingCalendar,
} from '../series';
import { quantileSorted } from '../stats';
import {
  fitShopYearlyCurve, fitYearlyCurve, shopWeekdayIndex, weekdayIndex, weekdayStats, yearlyFactor, type WeekdayStats, type YearlyCurve,
} from './profile';

/** What the statistical models share about one product, computed once per fit. */
export interface PreparedSeries {
  /** The series as given, with the shop's closed days flagged. */
  series: Series;
  sku: string;
  n: number;
  freq: Frequency;
  /** Day number of step 0. */
  startDay: number;
  /** Steps per day (1) or per week (7). */
  stepDays: number;
  /** Natural season length in steps: 7 for days, 52 for weeks (1 when too short to show one). */
  season: number;
  /** Recorded values. */
  y: Float64Array;
  /** 1 where y is a demand observation (not stocked out, shop open). */
  mask: Uint8Array;
  /** y with isolated spikes capped (see capSpikes): what point models are fitted on. */
  clean: Float64Array;
  observed: number;
  /** Observed steps with a sale. */
  selling: number;
  /**
   * Promotion days (DayFlag.Promo) are kept out of the fit — a past promotion must not lift the
   * baseline — and this says how much they sold: actual ÷ the usual level on those days.
   */
  promo?: { days: number; uplift: number };
  /** Day-of-week index (daily series), averaging 1 over observed days; closed weekdays 0. */
  weekday?: Float64Array;
  yearly?: YearlyCurve;
  calendar: TradingCalendar;
  /** Demand scale known at each origin (index o uses steps < o): see demandScale. */
  scale: Float64Array;
  /** How forecast errors grow with the level: |error| ∝ level^beta (see errorPower). */
  beta: number;
  /**
   * The scale that forecast errors made at `origin` for step t are divided by:
   * (scale at the origin × profile of t)^beta; 0 when the profile is (a closed weekday).
   */
  errorScale(origin: number, t: number): number;
  /** Weekday × yearly factor of step t (t may lie in the future). */
  profileAt(t: number): number;
  /** Yearly factor alone of step t. */
  yearlyAt(t: number): number;
  /** Whether a future step t ≥ n falls on a day the shop is closed. */
  closedAt(t: number): boolean;
}

export interface PrepareOptions {
  /** Detect the shop's closing days from the whole batch (default true). */
  closures?: boolean;
  /** Cap isolated spikes before fitting (default true). */
  capSpikes?: boolean;
  /** Fit a yearly curve when two years of history show one (default true). */
  yearly?: boolean;
  /** Pseudo-days of shrinkage of a product's weekday index towards the shop's. */
  weekdayShrinkage?: number;
  /** Span (steps) of the moving demand scale that normalises forecast errors. */
  scaleSpan?: number;
}

/**
 * Prepares a batch: finds the shop's closing days from all products together, the shop's weekday
 * rhythm, and per product the observed mask, spike-capped values, weekday index, yearly curve and
 * moving demand scale.
 */
export function prepareBatch(series: readonly Series[], options: PrepareOptions = {}): PreparedSeries[] {
  const calendar = options.closures === false
    ? { closedWeekdays: [false, false, false, false, false, false, false], closedDays: [] }
    : detectClosures(series);
  const marked = markClosures(series, calendar);
  const dailyStats: WeekdayStats[] = [];
  const perProduct: ({ y: Float64Array; mask: Uint8Array; clean: Float64Array; promoDays: number[] } | undefined)[] = [];
  for (const s of marked) {
    const y = Float64Array.from(s.values);
    const mask = observedMask(s);
    const promoDays = promotionDays(s, mask);
    for (const t of promoDays) mask[t] = 0;
    const clean = options.capSpikes === false ? y : capSpikes(y, mask);
    perProduct.push({ y, mask, clean, promoDays });
    if (s.freq === 'D') dailyStats.push(weekdayStats(clean, mask, isoToDay(s.start)));
  }
  const pooled = shopWeekdayIndex(dailyStats);
  const shopYearly = options.yearly === false
    ? undefined
    : fitShopYearlyCurve(marked.map((s, i) => ({
      values: (perProduct[i] as { clean: Float64Array }).clean, mask: (perProduct[i] as { mask: Uint8Array }).mask, startDay: isoToDay(s.start),
    })).filter((_, i) => marked[i].freq === 'D'));

  return marked.map((s, i) => prepareOne(s, perProduct[i] as ProductArrays, calendar, pooled, shopYearly, options));
}

interface ProductArrays { y: Float64Array; mask: Uint8Array; clean: Float64Array; promoDays: number[] }

/** Observed promotion days of a series, when there are enough (3) to learn from; else none. */
function promotionDays(s: Series, mask: Uint8Array): number[] {
  const flags = s.flags;
  if (!flags) return [];
  const days: number[] = [];
  for (let t = 0; t < flags.length; t++) if (mask[t] && flags[t] & DayFlag.Promo) days.push(t);
  return days.length >= 3 ? days : [];
}

function prepareOne(
  series: Series, arrays: ProductArrays, calendar: TradingCalendar,
  pooled: Float64Array, shopYearly: YearlyCurve | undefined, options: PrepareOptions,
): PreparedSeries {
  const { y, mask, clean } = arrays;
  const n = y.length;
  const startDay = isoToDay(series.start);
  const daily = series.freq === 'D';
  const stepDays = daily ? 1 : 7;
  let observed = 0;
  let selling = 0;
  for (let t = 0; t < n; t++) {
    observed += mask[t];
    if (mask[t] && y[t] > 0) selling++;
  }
  const weekday = daily ? weekdayIndex(weekdayStats(clean, mask, startDay), pooled, options.weekdayShrinkage ?? 28) : undefined;
  const yearly = daily && options.yearly !== false ? fitYearlyCurve(clean, mask, startDay, { shop: shopYearly }) : undefined;
  const season = daily ? 7 : n >= 2 * 52 + 8 ? 52 : 1;

  const firstWeekday = ((startDay + 3) % 7 + 7) % 7;
  const computeYearly = yearly
    ? (t: number) => yearlyFactor(yearly, startDay + t * stepDays)
    : () => 1;
  const computeProfile = weekday
    ? (t: number) => weekday[(firstWeekday + t) % 7] * computeYearly(t)
    : computeYearly;
  // Tabulated over the history and a year ahead: models read them in their innermost loops.
  const span = n + (daily ? 400 : 60);
  const yearlyTable = new Float64Array(span);
  const profileTable = new Float64Array(span);
  for (let t = 0; t < span; t++) {
    yearlyTable[t] = computeYearly(t);
    profileTable[t] = computeProfile(t);
  }
  const yearlyAt = (t: number) => (t < span ? yearlyTable[t] : computeYearly(t));
  const profileAt = (t: number) => (t < span ? profileTable[t] : computeProfile(t));
  const closedAt = daily
    ? (t: number) => isClosedWeekday(calendar, startDay + t)
    : () => false;
  const span0 = options.scaleSpan ?? (daily ? 28 : 8);
  const scale = demandScale(clean, mask, profileAt, span0);
  const beta = errorPower(clean, mask, scale, profileAt, span0);
  // errorScale(o, t) = (scale[o] · profile(t))^β = scale[o]^β · profile(t)^β, from two tables:
  // it is called for every replayed error (hundreds of origins × the horizon × every model).
  const scaleB = beta === 1 ? scale : scale.map((v) => v ** beta);
  const profileB = beta === 1 ? profileTable : profileTable.map((v) => v ** beta);
  const errorScale = (origin: number, t: number) => scaleB[origin] * (t < span ? profileB[t] : computeProfile(t) ** beta);
  let promo: PreparedSeries['promo'];
  if (arrays.promoDays.length > 0) {
    let sold = 0;
    let usual = 0;
    for (const t of arrays.promoDays) {
      sold += y[t];
      usual += scale[t] * profileAt(t);
    }
    if (usual > 0) promo = { days: arrays.promoDays.length, uplift: sold / usual };
  }
  return {
    series, sku: series.sku, n, freq: series.freq, startDay, stepDays, season, y, mask, clean, observed, selling,
    promo, weekday, yearly, calendar, scale, beta, errorScale, profileAt, yearlyAt, closedAt,
  };
}

/**
 * Caps isolated spikes — a wholesale order of 1,000 in a product that sells a dozen a day — so they
 * do not drag a model's level for weeks. The cap at step t is the larger of a global bound on the
 * product's sale sizes (upper quartile + 3 × interquartile range of its non-zero days) and 4 × the
 * mean non-zero sale within 91 days either side, so steady growth is never capped. Only fitting
 * sees capped values: forecast errors, and so the intervals, are measured on what really sold.
 */
export function capSpikes(y: Float64Array, mask: Uint8Array, window = 91, localFactor = 4): Float64Array {
  const n = y.length;
  const sizes: number[] = [];
  for (let t = 0; t < n; t++) if (mask[t] && y[t] > 0) sizes.push(y[t]);
  if (sizes.length < 10) return y;
  const sorted = Float64Array.from(sizes).sort();
  const q25 = quantileSorted(sorted, 0.25);
  const q75 = quantileSorted(sorted, 0.75);
  const globalCap = q75 + 3 * (q75 - q25);
  if (sorted[sorted.length - 1] <= globalCap) return y;
  const prefixSum = new Float64Array(n + 1);
  const prefixCount = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    const sale = mask[t] && y[t] > 0;
    prefixSum[t + 1] = prefixSum[t] + (sale ? y[t] : 0);
    prefixCount[t + 1] = prefixCount[t] + (sale ? 1 : 0);
  }
  let out: Float64Array | undefined;
  for (let t = 0; t < n; t++) {
    if (!(y[t] > globalCap) || !mask[t]) continue;
    const lo = Math.max(0, t - window);
    const hi = Math.min(n, t + window + 1);
    // The local mean leaves the step itself out, or a huge spike would raise its own cap.
    const count = prefixCount[hi] - prefixCount[lo] - 1;
    const local = count > 0 ? (prefixSum[hi] - prefixSum[lo] - y[t]) / count : 0;
    const cap = Math.max(globalCap, localFactor * local);
    if (y[t] > cap) {
      out ??= y.slice();
      out[t] = cap;
    }
  }
  return out ?? y;
}

/**
 * How a product's forecast errors grow with its level: the slope β of log |y − m| on log m, m the
 * moving demand scale × profile known before each step, clamped to [0.5, 1]. Poisson-like noise
 * grows with √level (β ½), a product bought in whole cases or not at all in proportion to it (β 1).
 * Errors divided by level^β are then alike in quiet and busy seasons, so errors measured in July
 * describe December too. 1 when the history is too short or too flat to tell.
 */
export function errorPower(
  clean: Float64Array, mask: Uint8Array, scale: Float64Array, profileAt: (t: number) => number, warmUp: number,
): number {
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let k = 0;
  for (let t = warmUp; t < clean.length; t++) {
    if (!mask[t]) continue;
    const m = scale[t] * profileAt(t);
    const d = Math.abs(clean[t] - m);
    if (!(m > 0) || !(d > 0)) continue;
    const x = Math.log(m);
    const z = Math.log(d);
    sx += x;
    sy += z;
    sxx += x * x;
    sxy += x * z;
    k++;
  }
  if (k < 50) return 1;
  const varX = sxx / k - (sx / k) ** 2;
  // A level that hardly moved (less than ±10%) cannot show how errors scale with it.
  if (!(varX > 0.01)) return 1;
  const slope = (sxy / k - (sx / k) * (sy / k)) / varX;
  return Math.min(1, Math.max(0.5, slope));
}

/**
 * Moving demand scale per origin: an exponentially weighted mean of the (capped) observed values
 * before it, per average day (profile 1). Forecast errors are divided by scale × profile, so errors measured
 * when a product sold 5 a day still describe the uncertainty now that it sells 50, and a Monday's
 * error is not mistaken for a Sunday's. Floored at 5% of the product's long-run mean.
 */
export function demandScale(
  clean: Float64Array, mask: Uint8Array, profileAt: (t: number) => number, span: number,
): Float64Array {
  const n = clean.length;
  const alpha = 2 / (span + 1);
  const scale = new Float64Array(n + 1);
  let total = 0;
  let exposure = 0;
  let warm = 0;
  let warmExposure = 0;
  let warmCount = 0;
  for (let t = 0; t < n; t++) {
    if (!mask[t]) continue;
    const p = profileAt(t);
    total += clean[t];
    exposure += p;
    if (warmCount < span) {
      warm += clean[t];
      warmExposure += p;
      warmCount++;
    }
  }
  const longRun = exposure > 0 ? total / exposure : 0;
  const floor = Math.max(0.05 * longRun, 1e-6);
  let level = warmExposure > 0 ? warm / warmExposure : 0;
  scale[0] = Math.max(level, floor);
  for (let t = 0; t < n; t++) {
    // Exposure form of exponential smoothing: a quiet weekday (profile 0.2) moves the level a
    // fifth as much, instead of having its sales divided by 0.2 and blown up.
    if (mask[t]) level += alpha * (clean[t] - profileAt(t) * level);
    if (level < 0) level = 0;
    scale[t + 1] = Math.max(level, floor);
  }
  return scale;
}

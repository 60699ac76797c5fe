import { capSpikes } from '../baselines/prepare';
import { fitShopYearlyCurve, fitYearlyCurve, shopWeekdayIndex, weekdayIndex, weekdayStats, yearlyFactor } from '../baselines/profile';
import { dayOfWeek, DayFlag, isoToDay, type Series } from '../series';
import { hashString } from '../stats';

/**
 * Known-future inputs the Transformer sees for every day, past and future alike: promotion, retail
 * events (from the calendar) and price relative to the product's usual price; and the static inputs
 * of a product (category, text embedding).
 */

/** What the seller plans for the forecast days of one product (index 0 = first forecast day). */
export interface FutureCovariates {
  /** 1 on planned promotion days. */
  promo?: ArrayLike<number>;
  /** Planned selling price per day; NaN or absent = unchanged from the last known price. */
  price?: ArrayLike<number>;
}

/** Static facts about a product. */
export interface ProductStatics {
  category?: string;
  /** Product text embedding (e.g. of its title), any length: the model adapts its input to it. */
  text?: Float32Array;
}

/** A series with its per-day inputs laid out for fast window building. */
export interface PreparedSeries {
  sku: string;
  /** Day number of index 0. */
  startDay: number;
  values: Float32Array;
  /** 1 where the value is real demand, 0 on stock-out days (censored) or unknown values. */
  observed: Uint8Array;
  promo: Uint8Array;
  /** Price carried forward from the last known one; NaN before the first known price. */
  price: Float32Array;
  /**
   * Whether `price` is a planned list price (exogenous, may be shown in a training window's future
   * part) or derived from transactions (revealing which future days sold: past-only).
   */
  priceIsPlanned: boolean;
  /** Index of the first day with a sale, or values.length if none. */
  firstSale: number;
  categoryBucket: number;
  text?: Float32Array;
  /**
   * Seasonal factor (weekday index × yearly factor) per index, over the history and PROFILE_AHEAD
   * days beyond; set by attachSeasonalProfiles (absent = factor 1).
   */
  profile?: Float32Array;
}

/** How far past the end of a series its profile is tabulated (days): forecasts up to a year. */
export const PROFILE_AHEAD = 400;
/**
 * Share of its observed days a product must sell on for its weekday index to be taken out. For one
 * that sells on fewer, a weekday index measures the odds of a sale more than the size of the day,
 * and dividing its sales by it turns whole units into noise (measured: worse Online Retail fine-tunes).
 */
const MIN_SELLING_SHARE = 0.5;
const NO_WEEKDAY_PATTERN = new Float64Array(7).fill(1);
/** Pseudo-days per weekday by which a product's weekday index is shrunk towards the shop's. */
const SHOP_WEEKDAY_STRENGTH = 28;
/**
 * Smallest factor sales are divided by: a weekday the shop is closed has index 0, and its few stray
 * sales must not blow up into huge normalised values.
 */
const MIN_PROFILE = 0.1;

export interface PrepareOptions {
  statics?: ProductStatics;
  categoryBuckets: number;
  priceIsPlanned?: boolean;
}

export function prepareSeries(series: Series, options: PrepareOptions): PreparedSeries {
  if (series.freq !== 'D') throw new Error(`${series.sku}: the Transformer forecasts daily series, this one is weekly`);
  const startDay = isoToDay(series.start);
  if (!Number.isFinite(startDay)) throw new Error(`${series.sku}: start "${series.start}" is not an ISO date`);
  const n = series.values.length;
  const observed = new Uint8Array(n);
  const promo = new Uint8Array(n);
  let firstSale = n;
  for (let i = 0; i < n; i++) {
    const v = series.values[i];
    const flags = series.flags?.[i] ?? 0;
    observed[i] = Number.isFinite(v) && (flags & DayFlag.Stockout) === 0 ? 1 : 0;
    promo[i] = (flags & DayFlag.Promo) !== 0 ? 1 : 0;
    if (firstSale === n && v > 0) firstSale = i;
  }
  return {
    sku: series.sku,
    startDay,
    values: series.values,
    observed,
    promo,
    price: carryForward(series.covariates?.price, n),
    priceIsPlanned: options.priceIsPlanned ?? false,
    firstSale,
    categoryBucket: categoryBucket(options.statics?.category, options.categoryBuckets),
    text: options.statics?.text,
  };
}

/**
 * Measures each product's seasonal profile the way the statistical models do
 * (src/core/baselines/profile.ts) and tabulates it per day: its weekday index, shrunk towards the
 * shop's weekly rhythm by SHOP_WEEKDAY_STRENGTH pseudo-days per weekday (1 on every weekday for a
 * product selling on under MIN_SELLING_SHARE of its days), times its yearly curve (own
 * smooth curve, own month levels, or the shop's scaled, chosen by BIC; none without two years of
 * history or a clear season). Batch-wide because products borrow the shop's rhythm and season.
 * Isolated spikes are capped first so one bulk order does not bend a profile. The profile is
 * measured on all the days given: a forecast's never sees its targets; a training window's sees
 * them among a year or more of days, through 7 weekday means and a curve of at most 20 terms.
 */
export function attachSeasonalProfiles(prepared: PreparedSeries[]): PreparedSeries[] {
  const inputs = prepared.map((s) => {
    const values = Float64Array.from(s.values, (v, i) => (s.observed[i] && Number.isFinite(v) ? v : 0));
    return { values: capSpikes(values, s.observed), mask: s.observed, startDay: s.startDay };
  });
  const stats = inputs.map(({ values, mask, startDay }) => weekdayStats(values, mask, startDay));
  const shopWeekday = shopWeekdayIndex(stats);
  const shopYearly = fitShopYearlyCurve(inputs);
  prepared.forEach((s, i) => {
    const { values, mask, startDay } = inputs[i];
    const observedDays = stats[i].days.reduce((a, b) => a + b, 0);
    let sellingDays = 0;
    for (let t = 0; t < values.length; t++) if (mask[t] && values[t] > 0) sellingDays++;
    const weekday = sellingDays >= MIN_SELLING_SHARE * observedDays
      ? weekdayIndex(stats[i], shopWeekday, SHOP_WEEKDAY_STRENGTH)
      : NO_WEEKDAY_PATTERN;
    const curve = fitYearlyCurve(values, mask, startDay, { shop: shopYearly });
    const table = new Float32Array(values.length + PROFILE_AHEAD);
    for (let t = 0; t < table.length; t++) {
      const day = startDay + t;
      table[t] = Math.max(MIN_PROFILE, weekday[dayOfWeek(day)] * (curve ? yearlyFactor(curve, day) : 1));
    }
    s.profile = table;
  });
  return prepared;
}

/** Bucket 0 is "no category"; named categories hash into the others. */
export function categoryBucket(category: string | undefined, buckets: number): number {
  const name = category?.trim().toLowerCase();
  if (!name || buckets < 2) return 0;
  return 1 + (hashString(name) % (buckets - 1));
}

function carryForward(price: Float32Array | undefined, n: number): Float32Array {
  const out = new Float32Array(n).fill(Number.NaN);
  if (!price) return out;
  let last = Number.NaN;
  for (let i = 0; i < n; i++) {
    const p = price[i];
    if (Number.isFinite(p) && p > 0) last = p;
    out[i] = last;
  }
  return out;
}

/** log(price / reference), clipped to ±1 (a 63% cut or a 172% rise); 0 when unknown. */
export function relativePrice(price: number, reference: number): number {
  if (!(price > 0) || !(reference > 0)) return 0;
  return Math.max(-1, Math.min(1, Math.log(price / reference)));
}

// ---- calendar -----------------------------------------------------------------------------------

const eventCache = new Map<number, Set<number>>();

/**
 * Retail calendar events that move demand for most online sellers (and close some shops): New
 * Year's Day and Eve, Christmas Eve to Boxing Day, Good Friday to Easter Monday, Thanksgiving to
 * Cyber Monday. A seller's own events come in as promotions.
 */
export function isRetailEvent(day: number): boolean {
  const year = new Date(day * 86_400_000).getUTCFullYear();
  let days = eventCache.get(year);
  if (!days) {
    days = eventDays(year);
    eventCache.set(year, days);
  }
  return days.has(day);
}

function utcDay(year: number, month: number, date: number): number {
  return Math.round(Date.UTC(year, month - 1, date) / 86_400_000);
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return utcDay(year, month, date);
}

function eventDays(year: number): Set<number> {
  const days = new Set<number>();
  for (const [m, d] of [[1, 1], [12, 24], [12, 25], [12, 26], [12, 31]]) days.add(utcDay(year, m, d));
  const easter = easterSunday(year);
  for (const offset of [-2, -1, 0, 1]) days.add(easter + offset);
  // Thanksgiving: fourth Thursday of November; then Black Friday and Cyber Monday.
  const nov1 = utcDay(year, 11, 1);
  const firstThursday = nov1 + ((3 - weekday(nov1) + 7) % 7);
  const thanksgiving = firstThursday + 21;
  for (const offset of [0, 1, 4]) days.add(thanksgiving + offset);
  return days;
}

/** Monday = 0 … Sunday = 6. */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Position in the year in [0, 1): day-of-year / 365.25. */
export function yearFraction(day: number): number {
  const date = new Date(day * 86_400_000);
  const jan1 = utcDay(date.getUTCFullYear(), 1, 1);
  return (day - jan1) / 365.25;
}

import { dayOfWeek } from '../series';

/**
 * Seasonal profiles that several models share: a day-of-week index and a yearly curve. Both are
 * multiplicative (demand = base × weekday index × yearly factor) and average to 1, so a model that
 * fits the adjusted series y / profile and multiplies its forecast back keeps its level meaning
 * "units per average day".
 */

/** Weekday totals and counts of observed days, the sufficient statistics of a weekday index. */
export interface WeekdayStats {
  sum: Float64Array;
  days: Float64Array;
}

export function weekdayStats(values: ArrayLike<number>, mask: Uint8Array, startDay: number, from = 0): WeekdayStats {
  const sum = new Float64Array(7);
  const days = new Float64Array(7);
  let w = dayOfWeek(startDay + from);
  for (let t = from; t < values.length; t++) {
    if (mask[t]) {
      sum[w] += values[t];
      days[w]++;
    }
    w = w === 6 ? 0 : w + 1;
  }
  return { sum, days };
}

/**
 * The shop's weekly rhythm: each selling product's weekday shares (weekday mean / overall mean),
 * averaged with equal weight so one best-seller does not impose its own pattern on the rest.
 * A weekday no product was observed on gets 1.
 */
export function shopWeekdayIndex(products: readonly WeekdayStats[]): Float64Array {
  const shares = new Float64Array(7);
  const counted = new Float64Array(7);
  for (const { sum, days } of products) {
    let total = 0;
    let observed = 0;
    for (let w = 0; w < 7; w++) {
      total += sum[w];
      observed += days[w];
    }
    if (!(total > 0)) continue;
    const mean = total / observed;
    for (let w = 0; w < 7; w++) {
      if (days[w] === 0) continue;
      shares[w] += sum[w] / days[w] / mean;
      counted[w]++;
    }
  }
  return shares.map((v, w) => (counted[w] > 0 ? v / counted[w] : 1));
}

/**
 * Weekday index of one product, shrunk towards the shop's (`pooled`) by `strength` pseudo-days per
 * weekday: a product sold a few times has a noisy weekday pattern of its own, and most products of
 * a shop follow its weekly rhythm. Weekdays never observed (closed) get index 0. Normalised so the
 * observed days average 1.
 */
export function weekdayIndex(stats: WeekdayStats, pooled: Float64Array | undefined, strength = 28): Float64Array {
  let total = 0;
  let days = 0;
  for (let w = 0; w < 7; w++) {
    total += stats.sum[w];
    days += stats.days[w];
  }
  const index = new Float64Array(7);
  if (days === 0 || total <= 0) {
    for (let w = 0; w < 7; w++) index[w] = stats.days[w] > 0 || !pooled ? 1 : pooled[w];
    return normaliseIndex(index, stats.days);
  }
  const mean = total / days;
  for (let w = 0; w < 7; w++) {
    if (stats.days[w] === 0) continue;
    const prior = pooled ? pooled[w] : 1;
    index[w] = (stats.sum[w] + strength * prior * mean) / ((stats.days[w] + strength) * mean);
  }
  return normaliseIndex(index, stats.days);
}

function normaliseIndex(index: Float64Array, days: Float64Array): Float64Array {
  let weighted = 0;
  let count = 0;
  for (let w = 0; w < 7; w++) {
    weighted += index[w] * days[w];
    count += days[w];
  }
  if (count > 0 && weighted > 0) for (let w = 0; w < 7; w++) index[w] *= count / weighted;
  return index;
}

/**
 * Most harmonics a yearly curve may use: 10, as Prophet's default (a feature about 18 days wide).
 * Each product gets the number its data support, by BIC.
 */
export const YEARLY_HARMONICS = 10;
const YEAR = 365.25;

export interface YearlyCurve {
  /**
   * 'fourier': a smooth curve, cos/sin coefficients, one pair per harmonic k = 1…K.
   * 'monthly': one level per calendar month (12 coefficients, January first).
   */
  kind: 'fourier' | 'monthly';
  coefficients: Float64Array;
  /** Share of the detrended variance it explains (0–1). */
  strength: number;
  /** Whose curve it is: the product's own, or the shop's scaled to the product. */
  source: 'own' | 'shop';
}

/** Calendar month (0 = January) of a day number. */
export function monthOfDay(day: number): number {
  return new Date(day * 86_400_000).getUTCMonth();
}

/** Yearly factor (≥ 0.1) on a given day number. */
export function yearlyFactor(curve: YearlyCurve, day: number): number {
  const c = curve.coefficients;
  if (curve.kind === 'monthly') return Math.max(0.1, 1 + c[monthOfDay(day)]);
  let f = 1;
  const harmonics = c.length / 2;
  for (let k = 0; k < harmonics; k++) {
    const angle = (2 * Math.PI * (k + 1) * day) / YEAR;
    f += c[2 * k] * Math.cos(angle) + c[2 * k + 1] * Math.sin(angle);
  }
  return Math.max(0.1, f);
}

/** Normal equations of the yearly regression (see fitYearlyCurve), over all YEARLY_HARMONICS. */
interface YearlyDesign {
  xtx: Float64Array;
  xty: Float64Array;
  sst: number;
  used: number;
}

/** Design columns: the Fourier pairs, then twelve month indicators. */
const FOURIER = 2 * YEARLY_HARMONICS;
const P = FOURIER + 12;

function yearlyDesign(values: ArrayLike<number>, mask: Uint8Array, startDay: number): YearlyDesign | undefined {
  const n = values.length;
  const half = 182;
  if (n < 2 * 365) return undefined;
  // Centred moving average over observed days (prefix sums).
  const prefix = new Float64Array(n + 1);
  const prefixDays = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    prefix[t + 1] = prefix[t] + (mask[t] ? values[t] : 0);
    prefixDays[t + 1] = prefixDays[t] + mask[t];
  }
  const xtx = new Float64Array(P * P);
  const xty = new Float64Array(P);
  const row = new Float64Array(P);
  let sst = 0;
  let used = 0;
  for (let t = half; t < n - half; t++) {
    if (!mask[t]) continue;
    const days = prefixDays[t + half + 1] - prefixDays[t - half];
    if (days < 180) continue;
    const trend = (prefix[t + half + 1] - prefix[t - half]) / days;
    if (trend <= 0) continue;
    const target = values[t] - trend;
    for (let k = 0; k < YEARLY_HARMONICS; k++) {
      const angle = (2 * Math.PI * (k + 1) * (startDay + t)) / YEAR;
      row[2 * k] = trend * Math.cos(angle);
      row[2 * k + 1] = trend * Math.sin(angle);
    }
    const month = monthOfDay(startDay + t);
    for (let m = 0; m < 12; m++) row[FOURIER + m] = m === month ? trend : 0;
    for (let a = 0; a < P; a++) {
      xty[a] += row[a] * target;
      for (let b = 0; b <= a; b++) xtx[a * P + b] += row[a] * row[b];
    }
    sst += target * target;
    used++;
  }
  if (used < 300 || sst <= 0) return undefined;
  for (let a = 0; a < P; a++) for (let b = a + 1; b < P; b++) xtx[a * P + b] = xtx[b * P + a];
  // Light ridge: keeps the solve stable when a product sells in one season only.
  for (let a = 0; a < P; a++) xtx[a * P + a] += 1e-6 * (xtx[a * P + a] + 1e-9);
  return { xtx, xty, sst, used };
}

/**
 * Fits a yearly curve, or returns undefined when the history cannot show one: it needs two full
 * years (one year of centred 365-day moving averages), and the curve must explain at least
 * `minStrength` of the variation around that trend. The fit is y_t ≈ T_t·(1 + F_t·θ), T the
 * centred moving average and F the Fourier terms, by least squares in θ — zeros are fine, unlike
 * a ratio or a log.
 *
 * Candidates, chosen by BIC: the product's own smooth curve with 1…YEARLY_HARMONICS harmonics;
 * its own month-of-year levels (for businesses whose year moves in monthly steps — budgets, pay
 * days, monthly ranges); and, when given, the shop's curve scaled by one factor (one parameter
 * instead of up to twenty). A product with noisy sales thus follows the shop's well-measured
 * season, and one with a season of its own keeps it.
 */
export function fitYearlyCurve(
  values: ArrayLike<number>, mask: Uint8Array, startDay: number, options: { shop?: YearlyCurve; minStrength?: number } = {},
): YearlyCurve | undefined {
  const design = yearlyDesign(values, mask, startDay);
  if (!design) return undefined;
  const { xtx, xty, sst, used } = design;
  type Candidate = { kind: 'fourier' | 'monthly'; theta: Float64Array; explained: number; source: 'own' | 'shop' };
  let best: Candidate | undefined;
  let bestBic = Number.POSITIVE_INFINITY;
  const consider = (candidate: Candidate, params: number) => {
    const sse = Math.max(sst - candidate.explained, 1e-12 * sst);
    const bic = used * Math.log(sse / used) + params * Math.log(used);
    if (bic < bestBic) {
      bestBic = bic;
      best = candidate;
    }
  };
  /** Least squares on the design columns [from, from + q). */
  const solveBlock = (from: number, q: number) => {
    const sub = new Float64Array(q * q);
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) sub[a * q + b] = xtx[(from + a) * P + from + b];
    const theta = solveSymmetric(sub, xty.subarray(from, from + q), q);
    if (!theta) return undefined;
    let explained = 0;
    for (let a = 0; a < q; a++) explained += theta[a] * xty[from + a];
    return { theta, explained };
  };
  for (let k = 1; k <= YEARLY_HARMONICS; k++) {
    const fit = solveBlock(0, 2 * k);
    if (fit) consider({ kind: 'fourier', ...fit, source: 'own' }, 2 * k);
  }
  const monthly = solveBlock(FOURIER, 12);
  if (monthly) consider({ kind: 'monthly', ...monthly, source: 'own' }, 12);
  if (options.shop) {
    // Regress on the shop's curve: r_t = T_t·F_t·θ_shop, one coefficient.
    const shop = options.shop.coefficients;
    const from = options.shop.kind === 'monthly' ? FOURIER : 0;
    let rTarget = 0;
    let rr = 0;
    for (let a = 0; a < shop.length; a++) {
      rTarget += shop[a] * xty[from + a];
      for (let b = 0; b < shop.length; b++) rr += shop[a] * xtx[(from + a) * P + from + b] * shop[b];
    }
    if (rr > 0) {
      const scale = rTarget / rr;
      consider({ kind: options.shop.kind, theta: shop.map((c) => c * scale), explained: scale * rTarget, source: 'shop' }, 1);
    }
  }
  if (!best) return undefined;
  const chosen = best as Candidate;
  const strength = chosen.explained / sst;
  if (!(strength >= (options.minStrength ?? 0.1))) return undefined;
  return { kind: chosen.kind, coefficients: chosen.theta, strength, source: chosen.source };
}

/**
 * The shop's yearly curve: each product with two years of history is divided by its own mean (so
 * a best-seller does not dominate), the results are averaged per calendar day, and a curve is
 * fitted to that average. Undefined when fewer than `minProducts` products have two years.
 */
export function fitShopYearlyCurve(
  products: readonly { values: ArrayLike<number>; mask: Uint8Array; startDay: number }[], minProducts = 3,
): YearlyCurve | undefined {
  const long = products.filter((p) => p.values.length >= 2 * 365);
  if (long.length < minProducts) return undefined;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const p of long) {
    first = Math.min(first, p.startDay);
    last = Math.max(last, p.startDay + p.values.length - 1);
  }
  const span = last - first + 1;
  const sum = new Float64Array(span);
  const count = new Float64Array(span);
  for (const p of long) {
    let total = 0;
    let days = 0;
    for (let t = 0; t < p.values.length; t++) {
      if (!p.mask[t]) continue;
      total += p.values[t];
      days++;
    }
    if (!(total > 0)) continue;
    const mean = total / days;
    const offset = p.startDay - first;
    for (let t = 0; t < p.values.length; t++) {
      if (!p.mask[t]) continue;
      sum[offset + t] += p.values[t] / mean;
      count[offset + t]++;
    }
  }
  const average = new Float64Array(span);
  const mask = new Uint8Array(span);
  for (let d = 0; d < span; d++) {
    if (count[d] > 0) {
      average[d] = sum[d] / count[d];
      mask[d] = 1;
    }
  }
  const curve = fitYearlyCurve(average, mask, first);
  return curve ? { ...curve, source: 'shop' } : undefined;
}

/** Solves A x = b for a symmetric positive definite A (Cholesky); undefined if A is singular. */
export function solveSymmetric(a: Float64Array, b: Float64Array, p: number): Float64Array | undefined {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * p + j];
      for (let k = 0; k < j; k++) sum -= l[i * p + k] * l[j * p + k];
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[i * p + i] = Math.sqrt(sum);
      } else {
        l[i * p + j] = sum / l[j * p + j];
      }
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * p + k] * z[k];
    z[i] = sum / l[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < p; k++) sum -= l[k * p + i] * x[k];
    x[i] = sum / l[i * p + i];
  }
  return x;
}

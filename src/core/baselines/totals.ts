import { hashString, mulberry32, quantileSorted } from '../stats';
import type { FittedPoint } from './pointModel';
import type { PreparedSeries } from './prepare';

/**
 * Demand over the decision's horizon, calibrated where the plan uses it. A plan orders from the
 * distribution of the *total* demand over lead time + review period; daily quantiles can each be
 * right while their sum is wrong, and sample paths built from errors normalised by the level known
 * at each past origin explode when that level was near zero (a dormant product that woke up: an
 * error of two units divided by a level of 0.01 a day, multiplied back by today's level).
 *
 * So the total gets its own model, learnt on the seller's own history at the decision's horizon H:
 * 1. At weekly origins over the last year, the point model forecasts the next H days; the error of
 *    that total is measured on the square-root scale, e = √D − √m (D what sold, m the forecast
 *    total). √ is the variance-stabilising scale of counts: a Poisson total has √-errors of sd ½ at
 *    any level, so errors of a quiet month describe a busy one without being multiplied up, and
 *    their median carries the model's systematic bias (a decaying product that the level keeps
 *    overshooting has negative errors).
 * 2. The total now is (√m_now + e)², e drawn from the product's own errors mixed with those of
 *    products like it (same share of selling days and size of total), the product's own weight
 *    growing with its history.
 * 3. Across the catalogue, probability integral transforms of the four newest fully observed
 *    windows — each predicted from older errors only — recalibrate the levels (Kuleshov et al. 2018): if 88% of
 *    totals fell below the predicted P80, P80 moves down until 80% would have, so coverage holds on
 *    this shop by construction, not by the defaults of the shop the method was developed on.
 * 4. Nothing exceeds three times the most the product ever sold in H days unless it is selling at
 *    a record level now; capping is stated in the notes.
 * 5. Which point model's replays to trust is chosen per pool of look-alikes by the pinball loss of
 *    the held-out totals (see chooseTotalsModels in pointForecaster.ts).
 * The sample paths are then rescaled, rank by rank, so that their totals over H follow this
 * distribution while each keeps its day-to-day shape.
 */

/** What one product's own history says about its totals over H days. */
export interface TotalsEvidence {
  sku: string;
  horizon: number;
  /** Forecast total from the end of the history. */
  forecastNow: number;
  /** At weekly origins, newest first: the forecast total and what sold. */
  forecasts: Float64Array;
  actuals: Float64Array;
  /** Replayed origins a window of H days spans (origins that close to a held-out one overlap it). */
  overlap: number;
  /** Largest total over H consecutive observed days, and the latest one. */
  largestTotal: number;
  latestTotal: number;
  /** Pool the product's errors are mixed with. */
  pool: string;
}

export interface TotalsOptions {
  /** Days between replayed origins (default 7). */
  originStep?: number;
  /** How far back origins go, in steps (default 365). */
  lookback?: number;
  /** Own errors that count as much as the pool (default 12). */
  poolWeight?: number;
  /** Cap on the total, as a multiple of the largest past total (default 3). */
  capMultiple?: number;
}

const MIN_RECALIBRATION = 60;
/** Newest windows held out to recalibrate levels and choose models (each predicted from older errors only). */
export const HELD_OUT_WINDOWS = 4;

/** √-scale errors of the totals from origin index `from` on (older origins). */
export function totalsErrors(e: TotalsEvidence, from = 0): Float64Array {
  const n = Math.max(0, e.forecasts.length - from);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = Math.sqrt(e.actuals[from + k]) - Math.sqrt(e.forecasts[from + k]);
  return out;
}

/** Replays `fit` from weekly origins and keeps the forecast and actual totals over H days. */
export function totalsEvidence(p: PreparedSeries, fit: FittedPoint, horizon: number, point: ArrayLike<number>, options: TotalsOptions = {}): TotalsEvidence | undefined {
  const step = options.originStep ?? 7;
  const lookback = options.lookback ?? 365;
  const out = new Float64Array(horizon);
  const forecasts: number[] = [];
  const actuals: number[] = [];
  const minOrigin = Math.max(Math.min(28, Math.floor(p.n / 3)), 1);
  for (let o = p.n - horizon; o >= Math.max(minOrigin, p.n - horizon - lookback); o -= step) {
    fit.forecastFrom(o, horizon, out);
    let m = 0;
    let d = 0;
    let unobserved = 0;
    for (let i = 0; i < horizon; i++) {
      const f = out[i] > 0 ? out[i] : 0;
      const t = o + i;
      m += f;
      // A day the shelf was empty or the shop shut shows no demand: count the forecast instead.
      if (p.mask[t]) d += Math.max(0, p.y[t]);
      else {
        d += f;
        unobserved++;
      }
    }
    if (unobserved > horizon / 2) continue;
    forecasts.push(m);
    actuals.push(d);
  }
  if (forecasts.length < 3) return undefined;
  let forecastNow = 0;
  for (let i = 0; i < horizon; i++) forecastNow += point[i] > 0 ? point[i] : 0;
  const { largest, latest } = observedTotals(p, horizon);
  let selling = 0;
  for (let t = 0; t < p.n; t++) if (p.mask[t] && p.y[t] > 0) selling++;
  const share = p.observed > 0 ? selling / p.observed : 0;
  const pool = `${share < 0.15 ? 'sparse' : share < 0.5 ? 'intermittent' : 'frequent'}/${forecastNow < 3 ? 'few' : forecastNow < 30 ? 'some' : 'many'}`;
  return {
    sku: p.sku, horizon, forecastNow, forecasts: Float64Array.from(forecasts), actuals: Float64Array.from(actuals),
    overlap: Math.ceil(horizon / step), largestTotal: largest, latestTotal: latest, pool,
  };
}

/** Largest and latest sum of H consecutive steps (unobserved steps count as 0). */
export function observedTotals(p: PreparedSeries, horizon: number): { largest: number; latest: number } {
  let rolling = 0;
  let largest = 0;
  for (let t = 0; t < p.n; t++) {
    rolling += p.mask[t] ? Math.max(0, p.y[t]) : 0;
    if (t >= horizon) rolling -= p.mask[t - horizon] ? Math.max(0, p.y[t - horizon]) : 0;
    largest = Math.max(largest, rolling);
  }
  return { largest, latest: rolling };
}

/**
 * The product's own errors (weight growing with their number) mixed with its pool's, as one sorted
 * list with Hazen plotting positions and cumulative weights, so quantiles and the CDF are binary
 * searches (a plan reads a quantile per sample path of every product).
 */
export interface ErrorMixture { values: Float64Array; positions: Float64Array; cumulative: Float64Array }

/** Pools are thinned to this many sorted values (every k-th): plenty for a P99, cheap to merge. */
const POOL_SIZE = 2000;

function mixture(own: Float64Array, pool: Float64Array | undefined, poolWeight: number): ErrorMixture {
  const mine = Float64Array.from(own).sort();
  const theirs = pool ?? new Float64Array(0);
  const ownShare = theirs.length > 0 ? mine.length / (mine.length + poolWeight) : 1;
  const wOwn = mine.length > 0 ? ownShare / mine.length : 0;
  const wPool = theirs.length > 0 ? (1 - ownShare) / theirs.length : 0;
  const n = mine.length + theirs.length;
  const values = new Float64Array(n);
  const positions = new Float64Array(n);
  const cumulative = new Float64Array(n);
  let a = 0;
  let b = 0;
  let before = 0;
  for (let i = 0; i < n; i++) {
    const fromOwn = b >= theirs.length || (a < mine.length && mine[a] <= theirs[b]);
    const w = fromOwn ? wOwn : wPool;
    values[i] = fromOwn ? mine[a++] : theirs[b++];
    positions[i] = before + w / 2;
    before += w;
    cumulative[i] = before;
  }
  return { values, positions, cumulative };
}

/** Weighted quantile (linear between Hazen positions). */
function mixtureQuantile(m: ErrorMixture, u: number): number {
  const { values, positions } = m;
  const n = values.length;
  if (u <= positions[0]) return values[0];
  if (u >= positions[n - 1]) return values[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (positions[mid] <= u) lo = mid;
    else hi = mid;
  }
  return values[lo] + (values[hi] - values[lo]) * ((u - positions[lo]) / (positions[hi] - positions[lo]));
}

/** P(total ≤ x) under (√m + e)², e from the mixture (an atom at 0 where √m + e ≤ 0). */
function mixtureCdf(m: ErrorMixture, forecast: number, x: number): number {
  const threshold = Math.sqrt(Math.max(0, x)) - Math.sqrt(Math.max(0, forecast));
  const { values, cumulative } = m;
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : Math.min(1, cumulative[lo - 1]);
}

/** The catalogue-wide part: pooled errors and the level recalibration. */
export interface TotalsCalibration {
  pools: Map<string, Float64Array>;
  /** Sorted PITs of held-out totals (empty: no recalibration). */
  pits: Float64Array;
  poolWeight: number;
  capMultiple: number;
}

/** Errors pooled across products like each other, a few per product so one long history does not make a pool its own. */
export function totalsPools(evidence: readonly (TotalsEvidence | undefined)[]): Map<string, Float64Array> {
  const byPool = new Map<string, number[]>();
  for (const e of evidence) {
    if (!e) continue;
    const errors = totalsErrors(e, HELD_OUT_WINDOWS + e.overlap);
    const list = byPool.get(e.pool) ?? [];
    const every = Math.max(1, Math.floor(errors.length / 12));
    for (let i = 0; i < errors.length; i += every) list.push(errors[i]);
    byPool.set(e.pool, list);
  }
  return new Map([...byPool].map(([k, v]) => {
    const sorted = Float64Array.from(v).sort();
    if (sorted.length <= POOL_SIZE) return [k, sorted];
    return [k, Float64Array.from({ length: POOL_SIZE }, (_, i) => sorted[Math.floor(((i + 0.5) * sorted.length) / POOL_SIZE)])];
  }));
}

/** For each held-out window of a product: its quantile function from older errors, its forecast and what sold. */
export function heldOutWindows(e: TotalsEvidence, pools: Map<string, Float64Array>, poolWeight: number): { forecast: number; actual: number; mixture: ErrorMixture }[] {
  const out: { forecast: number; actual: number; mixture: ErrorMixture }[] = [];
  for (let k = 0; k < HELD_OUT_WINDOWS && k < e.forecasts.length; k++) {
    const older = totalsErrors(e, k + e.overlap);
    if (older.length < 3) break;
    out.push({ forecast: e.forecasts[k], actual: e.actuals[k], mixture: mixture(older, pools.get(e.pool), poolWeight) });
  }
  return out;
}

export function calibrateTotals(evidence: readonly (TotalsEvidence | undefined)[], options: TotalsOptions = {}, seed = 7): TotalsCalibration {
  const poolWeight = options.poolWeight ?? 12;
  const capMultiple = options.capMultiple ?? 3;
  const pools = totalsPools(evidence);
  const random = mulberry32(seed);
  const pits: number[] = [];
  for (const e of evidence) {
    if (!e) continue;
    for (const w of heldOutWindows(e, pools, poolWeight)) {
      const below = w.actual > 0 ? mixtureCdf(w.mixture, w.forecast, w.actual - 1e-9) : 0;
      const upTo = mixtureCdf(w.mixture, w.forecast, w.actual);
      pits.push(below + (upTo - below) * random());
    }
  }
  return { pools, pits: pits.length >= MIN_RECALIBRATION ? Float64Array.from(pits).sort() : new Float64Array(0), poolWeight, capMultiple };
}

/** Pinball loss of a predicted total at levels `levels` against what sold (for choosing models by the decision). */
export function totalsPinball(forecast: number, actual: number, m: ErrorMixture, levels: readonly number[]): number {
  const root = Math.sqrt(Math.max(0, forecast));
  let loss = 0;
  for (const u of levels) {
    const r = root + mixtureQuantile(m, u);
    const q = r > 0 ? r * r : 0;
    loss += actual >= q ? u * (actual - q) : (1 - u) * (q - actual);
  }
  return loss / levels.length;
}

/** The level to read from the product's distribution so that a share `u` of totals falls below it on this shop. */
export function recalibratedLevel(calibration: TotalsCalibration, u: number): number {
  const pits = calibration.pits;
  if (pits.length === 0) return u;
  return Math.min(0.999, Math.max(0.001, quantileSorted(pits, u)));
}

/** Quantile function of one product's total over H days. */
export function totalQuantile(e: TotalsEvidence, calibration: TotalsCalibration): (u: number) => number {
  const m = mixture(totalsErrors(e), calibration.pools.get(e.pool), calibration.poolWeight);
  const root = Math.sqrt(Math.max(0, e.forecastNow));
  const cap = totalCap(e, calibration);
  return (u) => {
    const r = root + mixtureQuantile(m, recalibratedLevel(calibration, u));
    return Math.min(cap, r > 0 ? r * r : 0);
  };
}

/**
 * Three times the largest past total, unless the latest total is the largest ever (a product
 * selling at a record level now may well go higher: its plan says so instead).
 */
function totalCap(e: TotalsEvidence, calibration: TotalsCalibration): number {
  if (e.latestTotal > 0 && e.latestTotal >= e.largestTotal) return Number.POSITIVE_INFINITY;
  return calibration.capMultiple * Math.max(1, e.largestTotal);
}

/**
 * Rescales `paths` (nPaths × pathHorizon) so their totals over the first `e.horizon` steps follow
 * the calibrated distribution, rank by rank; each path keeps its day-to-day shape (an all-zero path
 * that must carry demand takes the point forecast's shape). Totals are whole units. Returns whether
 * the cap bound any path, or the product sells at a record level and its top paths exceed the cap.
 */
export function rescalePaths(
  paths: Float32Array, nPaths: number, pathHorizon: number, point: ArrayLike<number>, e: TotalsEvidence, calibration: TotalsCalibration,
): { capped: boolean; record: boolean } {
  const H = Math.min(e.horizon, pathHorizon);
  const totals = new Float64Array(nPaths);
  for (let j = 0; j < nPaths; j++) {
    let s = 0;
    for (let i = 0; i < H; i++) s += paths[j * pathHorizon + i];
    totals[j] = s;
  }
  // Ties broken by a seeded shuffle so equal totals (often all 0) get different ranks.
  const random = mulberry32(hashString(e.sku));
  const jitter = Float64Array.from({ length: nPaths }, () => random());
  const order = Array.from(totals.keys()).sort((a, b) => totals[a] - totals[b] || jitter[a] - jitter[b]);
  const quantile = totalQuantile(e, calibration);
  let pointTotal = 0;
  for (let i = 0; i < H; i++) pointTotal += point[i] > 0 ? point[i] : 0;
  let capped = false;
  let record = false;
  const own = mixture(totalsErrors(e), calibration.pools.get(e.pool), calibration.poolWeight);
  const uncapped = (u: number) => {
    const r = Math.sqrt(Math.max(0, e.forecastNow)) + mixtureQuantile(own, recalibratedLevel(calibration, u));
    return r > 0 ? r * r : 0;
  };
  order.forEach((j, rank) => {
    const u = (rank + 0.5) / nPaths;
    const target = Math.round(quantile(u));
    if (rank === nPaths - 1) {
      capped = target < Math.round(uncapped(u));
      record = !capped && target > calibration.capMultiple * Math.max(1, e.largestTotal);
    }
    const base = j * pathHorizon;
    if (totals[j] > 0) {
      const factor = target / totals[j];
      for (let i = 0; i < pathHorizon; i++) paths[base + i] *= factor;
    } else if (target > 0) {
      // A path with nothing in the horizon: spread the target like the point forecast (evenly if it is flat zero).
      for (let i = 0; i < H; i++) paths[base + i] = pointTotal > 0 ? (target * (point[i] > 0 ? point[i] : 0)) / pointTotal : target / H;
    }
  });
  return { capped, record };
}

/**
 * For a product too new to have past totals to learn from: the same bound, applied directly —
 * paths whose total over H exceeds three times its largest H-day total so far are scaled down to
 * it, unless it is selling at a record level now (then only flagged).
 */
export function capPaths(
  paths: Float32Array, nPaths: number, pathHorizon: number, p: PreparedSeries, horizon: number, capMultiple = 3,
): { capped: boolean; record: boolean; largest: number; latest: number } {
  const H = Math.min(horizon, pathHorizon);
  const { largest, latest } = observedTotals(p, H);
  const cap = capMultiple * Math.max(1, largest);
  const record = latest > 0 && latest >= largest;
  let capped = false;
  let above = false;
  for (let j = 0; j < nPaths; j++) {
    let total = 0;
    for (let i = 0; i < H; i++) total += paths[j * pathHorizon + i];
    if (!(total > cap)) continue;
    above = true;
    if (record) continue;
    const factor = cap / total;
    for (let i = 0; i < pathHorizon; i++) paths[j * pathHorizon + i] *= factor;
    capped = true;
  }
  return { capped, record: record && above, largest, latest };
}

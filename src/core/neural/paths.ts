import { mulberry32 } from '../stats';

/**
 * From per-day quantiles to joint sample paths. The quantile head gives each forecast day's
 * marginal distribution; the planner needs the distribution of *cumulative* demand over a lead
 * time, which also depends on how forecast days move together (a product running hot tends to run
 * hot all month). Paths are drawn from a Gaussian copula: each path draws correlated normal scores
 * z_t and maps them through each day's quantile function, y_t = Q_t(Φ(z_t)). The correlation,
 * corr(z_i, z_j) = common + (1 − common)·ar^|i−j|, is calibrated on validation windows from the
 * probability integral transforms of what really sold (calibratePathCorrelation).
 */

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 for erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Inverse standard normal CDF (Acklam's rational approximation; relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * The quantile function at level u from quantiles `values` (ascending) at `levels`: linear between
 * known levels, exponential tails beyond the outermost ones (slope taken from the outer segment),
 * never below 0.
 */
export function quantileAt(levels: readonly number[], values: ArrayLike<number>, u: number, offset = 0): number {
  const Q = levels.length;
  const v = (k: number) => values[offset + k];
  if (u <= levels[0]) {
    const slope = (v(1) - v(0)) / Math.log(levels[1] / levels[0]);
    return Math.max(0, v(0) - slope * Math.log(levels[0] / Math.max(u, 1e-12)));
  }
  if (u >= levels[Q - 1]) {
    const slope = (v(Q - 1) - v(Q - 2)) / Math.log((1 - levels[Q - 2]) / (1 - levels[Q - 1]));
    return Math.max(0, v(Q - 1) + slope * Math.log((1 - levels[Q - 1]) / Math.max(1 - u, 1e-12)));
  }
  let k = 1;
  while (levels[k] < u) k++;
  const w = (u - levels[k - 1]) / (levels[k] - levels[k - 1]);
  return Math.max(0, v(k - 1) + w * (v(k) - v(k - 1)));
}

/**
 * Where `actual` falls in the forecast distribution (probability integral transform). With ties
 * (e.g. several quantiles at 0 and nothing sold) the PIT is drawn uniformly over the tied range,
 * which keeps it uniform for discrete demand.
 */
export function pit(levels: readonly number[], values: ArrayLike<number>, actual: number, random: () => number, offset = 0): number {
  const cdf = (y: number, strict: boolean): number => {
    // Largest u with Q(u) < y (strict) or ≤ y, by bisection over the monotone quantile function.
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      const q = quantileAt(levels, values, mid, offset);
      if (strict ? q < y : q <= y) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  const below = cdf(actual, true);
  const upTo = cdf(actual, false);
  const u = below + (upTo - below) * random();
  return Math.min(1 - 1e-6, Math.max(1e-6, u));
}

export interface PathCorrelation {
  common: number;
  ar: number;
}

/**
 * `nPaths × horizon` sample paths (row-major) from per-day quantiles `quantiles` ([horizon × Q],
 * row-major), seeded so the same forecast always gives the same paths.
 */
export function samplePaths(
  quantiles: Float32Array, levels: readonly number[], horizon: number, nPaths: number, correlation: PathCorrelation, seed: number,
): Float32Array {
  const random = mulberry32(seed);
  const Q = levels.length;
  const paths = new Float32Array(nPaths * horizon);
  const common = Math.min(0.99, Math.max(0, correlation.common));
  const ar = Math.min(0.99, Math.max(0, correlation.ar));
  const innovation = Math.sqrt(1 - ar * ar);
  for (let p = 0; p < nPaths; p++) {
    const shared = gaussian(random);
    let e = gaussian(random);
    for (let t = 0; t < horizon; t++) {
      if (t > 0) e = ar * e + innovation * gaussian(random);
      const z = Math.sqrt(common) * shared + Math.sqrt(1 - common) * e;
      paths[p * horizon + t] = quantileAt(levels, quantiles, normalCdf(z), t * Q);
    }
  }
  return paths;
}

/**
 * Fits common and ar to the lag correlations of normal scores Φ⁻¹(PIT) of actual outcomes.
 * `scores` holds one array per validation window (NaN where the day was censored).
 */
export function calibratePathCorrelation(scores: readonly Float64Array[], horizon: number): PathCorrelation {
  const lagCorrelation: number[] = [];
  const lagWeight: number[] = [];
  for (let lag = 1; lag < horizon; lag++) {
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    let count = 0;
    for (const z of scores) {
      for (let t = 0; t + lag < z.length; t++) {
        const a = z[t];
        const b = z[t + lag];
        if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
        count++;
      }
    }
    lagCorrelation.push(count > 10 ? sxy / Math.sqrt(sxx * syy) : Number.NaN);
    lagWeight.push(count);
  }
  let best: PathCorrelation = { common: 0, ar: 0 };
  let bestError = Number.POSITIVE_INFINITY;
  for (let ci = 0; ci <= 50; ci++) {
    const common = ci / 50 * 0.95;
    for (let ai = 0; ai <= 50; ai++) {
      const ar = ai / 50 * 0.95;
      let error = 0;
      lagCorrelation.forEach((r, k) => {
        if (!Number.isFinite(r)) return;
        const model = common + (1 - common) * ar ** (k + 1);
        error += lagWeight[k] * (r - model) ** 2;
      });
      if (error < bestError) {
        bestError = error;
        best = { common, ar };
      }
    }
  }
  return best;
}

function gaussian(random: () => number): number {
  const u = Math.max(1e-12, random());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

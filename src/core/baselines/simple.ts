import type { PreparedSeries } from './prepare';
import { profileComponents, type FittedPoint, type PointComponents, type PointModel } from './pointModel';

/** Index of the last observed step before each origin (−1 if none): lastObserved[o] for o = 0…n. */
function lastObservedBefore(mask: Uint8Array): Int32Array {
  const n = mask.length;
  const last = new Int32Array(n + 1);
  last[0] = -1;
  for (let t = 0; t < n; t++) last[t + 1] = mask[t] ? t : last[t];
  return last;
}

/** Naive: every future step repeats the last observed value. The yardstick of MASE. */
export class NaivePoint implements PointModel {
  readonly name = 'naive';

  fit(p: PreparedSeries): FittedPoint | string {
    if (p.observed < 2) return 'needs at least 2 observed days of history';
    const last = lastObservedBefore(p.mask);
    const y = p.y;
    return {
      description: 'naive (last value repeated)',
      forecastFrom(origin: number, horizon: number, out: Float64Array): void {
        const j = last[origin];
        out.fill(j >= 0 ? y[j] : 0, 0, horizon);
      },
      components(horizon: number): PointComponents {
        const j = last[p.n];
        return {
          description: 'naive', level: new Float64Array(horizon).fill(j >= 0 ? y[j] : 0), trend: new Float64Array(horizon),
          weekly: new Float64Array(horizon), yearly: new Float64Array(horizon), slope: 0,
        };
      },
    };
  }
}

/**
 * Moving average × profile: the mean of the last w observed (capped, yearly-adjusted) values per
 * unit of weekday exposure, spread over the coming days by the weekday index and yearly curve.
 * The window is chosen from a few candidates by one-step squared error over the last year.
 */
export class MovingAveragePoint implements PointModel {
  readonly name = 'moving_average';
  constructor(private readonly windows?: readonly number[]) {}

  fit(p: PreparedSeries): FittedPoint | string {
    const daily = p.freq === 'D';
    const candidates = this.windows ?? (daily ? [7, 14, 28, 56] : [4, 8, 13, 26]);
    if (p.observed < 3) return 'needs at least 3 observed steps of history';
    const n = p.n;
    // Prefix sums over observed steps of value and weekday exposure.
    const cumValue = new Float64Array(p.observed + 1);
    const cumExposure = new Float64Array(p.observed + 1);
    const countBefore = new Int32Array(n + 1);
    const weekdayAt = new Float64Array(n);
    let k = 0;
    for (let t = 0; t < n; t++) {
      const yearly = p.yearlyAt(t);
      weekdayAt[t] = yearly > 0 ? p.profileAt(t) / yearly : 0;
      if (p.mask[t]) {
        cumValue[k + 1] = cumValue[k] + p.clean[t] / yearly;
        cumExposure[k + 1] = cumExposure[k] + weekdayAt[t];
        k++;
      }
      countBefore[t + 1] = k;
    }
    const baseAt = (origin: number, w: number): number => {
      const c = countBefore[origin];
      const from = Math.max(0, c - w);
      const exposure = cumExposure[c] - cumExposure[from];
      return exposure > 0 ? (cumValue[c] - cumValue[from]) / exposure : 0;
    };
    let window = candidates[0];
    let best = Number.POSITIVE_INFINITY;
    const firstOrigin = Math.max(1, n - (daily ? 365 : 52));
    for (const w of candidates) {
      let sse = 0;
      for (let t = firstOrigin; t < n; t++) {
        if (!p.mask[t] || countBefore[t] < Math.min(w, 3)) continue;
        const e = p.clean[t] - baseAt(t, w) * p.profileAt(t);
        sse += e * e;
      }
      if (sse < best) {
        best = sse;
        window = w;
      }
    }
    const description = `moving average of the last ${window} ${daily ? 'days' : 'weeks'}`;
    return {
      description,
      forecastFrom(origin: number, horizon: number, out: Float64Array): void {
        const base = baseAt(origin, window);
        for (let i = 0; i < horizon; i++) out[i] = base * p.profileAt(origin + i);
      },
      components: (horizon: number) => profileComponents(p, baseAt(n, window), horizon, description),
    };
  }
}

export type IntermittentMethod = 'croston' | 'sba' | 'tsb';

/**
 * Croston's method, its Syntetos–Boylan bias correction (SBA) and Teunter–Syntetos–Babai (TSB),
 * for products that sell on some days only. Fitted on observed steps (stock-outs and closed days
 * are skipped, not counted as zero demand), on yearly-adjusted capped values; the rate is spread
 * over the weekdays by the weekday index.
 *
 * - Croston: at each sale, size z += α(y − z) and interval p += α(q − p), q the observed steps since
 *   the previous sale; forecast z / p.
 * - SBA: Croston × (1 − α/2), removing Croston's upward bias.
 * - TSB: every step, probability π += β(1[y>0] − π); at a sale, z += α(y − z); forecast π·z. Unlike
 *   Croston it decays when a product stops selling.
 * Smoothing constants are chosen from a small grid by one-step squared error.
 */
export class IntermittentPoint implements PointModel {
  readonly name: IntermittentMethod;
  constructor(readonly method: IntermittentMethod, private readonly grid?: { alpha: readonly number[]; beta?: readonly number[] }) {
    this.name = method;
  }

  fit(p: PreparedSeries): FittedPoint | string {
    if (p.selling < 2) return 'needs at least 2 days with a sale';
    const values = new Float64Array(p.observed);
    const steps = new Int32Array(p.observed);
    let k = 0;
    for (let t = 0; t < p.n; t++) {
      if (!p.mask[t]) continue;
      values[k] = p.clean[t] / p.yearlyAt(t);
      steps[k] = t;
      k++;
    }
    const alphas = this.grid?.alpha ?? [0.05, 0.1, 0.2, 0.3];
    const betas = this.method === 'tsb' ? (this.grid?.beta ?? [0.02, 0.05, 0.1, 0.2]) : [0];
    let bestAlpha = alphas[0];
    let bestBeta = betas[0];
    let best = Number.POSITIVE_INFINITY;
    const rate = new Float64Array(values.length + 1);
    for (const alpha of alphas) {
      for (const beta of betas) {
        const sse = intermittentRates(this.method, values, alpha, beta, rate);
        if (sse < best) {
          best = sse;
          bestAlpha = alpha;
          bestBeta = beta;
        }
      }
    }
    intermittentRates(this.method, values, bestAlpha, bestBeta, rate);
    // Rate known at each origin: rate after the observed steps before it.
    const baseAt = new Float64Array(p.n + 1);
    let c = 0;
    for (let t = 0; t <= p.n; t++) {
      while (c < steps.length && steps[c] < t) c++;
      baseAt[t] = rate[c];
    }
    const label = { croston: 'Croston', sba: 'SBA', tsb: 'TSB' }[this.method];
    const description = this.method === 'tsb'
      ? `${label} (α ${bestAlpha}, β ${bestBeta})`
      : `${label} (α ${bestAlpha})`;
    return {
      description,
      forecastFrom(origin: number, horizon: number, out: Float64Array): void {
        const base = baseAt[origin];
        for (let i = 0; i < horizon; i++) out[i] = base * p.profileAt(origin + i);
      },
      components: (horizon: number) => profileComponents(p, baseAt[p.n], horizon, description),
    };
  }
}

/**
 * Runs one intermittent-demand recursion over observed values; rate[k] is the forecast made after
 * k values (rate[0] before any). Returns the one-step squared error from the first sale on.
 */
export function intermittentRates(
  method: IntermittentMethod, values: Float64Array, alpha: number, beta: number, rate: Float64Array,
): number {
  const n = values.length;
  let first = -1;
  for (let k = 0; k < n; k++) if (values[k] > 0) { first = k; break; }
  if (first < 0) {
    rate.fill(0);
    return 0;
  }
  // Initial states: size of the first sale; interval and probability from the whole history's
  // frequency of sales (the usual Croston start, less sensitive than the first interval alone).
  let sales = 0;
  for (let k = 0; k < n; k++) if (values[k] > 0) sales++;
  let size = values[first];
  let interval = n / sales;
  let probability = sales / n;
  let sinceSale = 1;
  let sse = 0;
  const correction = method === 'sba' ? 1 - alpha / 2 : 1;
  const forecast = () => (method === 'tsb' ? probability * size : (size / interval) * correction);
  // rate[0 … first+1]: the initial forecast (the first sale only initialised the size).
  for (let k = 0; k <= first + 1; k++) rate[k] = forecast();
  for (let k = first + 1; k < n; k++) {
    const v = values[k];
    const f = forecast();
    const e = v - f;
    sse += e * e;
    if (method === 'tsb') {
      probability += beta * ((v > 0 ? 1 : 0) - probability);
      if (v > 0) size += alpha * (v - size);
    } else if (v > 0) {
      size += alpha * (v - size);
      interval += alpha * (sinceSale - interval);
      sinceSale = 1;
    } else {
      sinceSale++;
    }
    rate[k + 1] = forecast();
  }
  return sse;
}

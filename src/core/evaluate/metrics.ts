import { quantileKey } from '../stats';

/**
 * Forecast accuracy, as the M4/M5 competitions measure it. The point forecast is the median (P50):
 * it is what minimises absolute error, and what the seller sees as "the forecast".
 *
 * Per product, over its scored steps (stock-outs and closed days are not scored):
 * - MAE = mean |y − p50|, RMSE = √mean (y − p50)²
 * - MASE = MAE / s₁ and RMSSE = √(MSE / s₂), with s₁, s₂ the mean absolute and mean squared change
 *   between consecutive observed values of the training history from its first sale (the in-sample
 *   error of the naive forecast, M5's convention; a product that never changed has no MASE)
 * - WAPE = Σ|y − p50| / Σy, bias = (Σp50 − Σy) / Σy
 * - pinball = mean over levels τ and steps of max(τ(y − q), (τ − 1)(y − q)); scaled pinball = pinball / s₁
 * - coverage of the central interval between levels τ and 1 − τ = share of y inside [q_τ, q_{1−τ}]
 * Across products, MASE, RMSSE and scaled pinball are averaged with equal weight per product (as
 * M5 does for each level); MAE, RMSE, WAPE, bias and coverage are pooled over all scored steps.
 */

/** The in-sample naive scales of a training history (see the module comment). */
export function naiveScales(values: ArrayLike<number>, mask?: Uint8Array): { mae: number; mse: number } {
  let previous = Number.NaN;
  let started = false;
  let abs = 0;
  let sq = 0;
  let count = 0;
  for (let t = 0; t < values.length; t++) {
    if (mask && !mask[t]) continue;
    const v = values[t];
    if (!started) {
      if (!(v > 0)) continue;
      started = true;
    } else {
      const d = v - previous;
      abs += Math.abs(d);
      sq += d * d;
      count++;
    }
    previous = v;
  }
  return count > 0 ? { mae: abs / count, mse: sq / count } : { mae: Number.NaN, mse: Number.NaN };
}

export function pinball(y: number, q: number, level: number): number {
  const u = y - q;
  return u >= 0 ? level * u : (level - 1) * u;
}

/** Sums over the scored steps of one product and model; add steps, then `score`. */
export class ScoreAccumulator {
  steps = 0;
  absError = 0;
  sqError = 0;
  actual = 0;
  predicted = 0;
  pinball = 0;
  /** Per central interval (keyed by its lower level), steps inside it. */
  readonly inside: number[];
  private readonly lowerIndex: number[];
  private readonly upperIndex: number[];
  private readonly medianIndex: number;

  /** `levels` ascending; must contain 0.5. */
  constructor(readonly levels: readonly number[]) {
    this.medianIndex = levels.indexOf(0.5);
    if (this.medianIndex < 0) throw new RangeError('scoring needs the 0.5 quantile (the median) among the levels');
    this.lowerIndex = [];
    this.upperIndex = [];
    levels.forEach((level, i) => {
      if (level >= 0.5) return;
      const j = levels.findIndex((other) => Math.abs(other - (1 - level)) < 1e-9);
      if (j >= 0) {
        this.lowerIndex.push(i);
        this.upperIndex.push(j);
      }
    });
    this.inside = this.lowerIndex.map(() => 0);
  }

  /** One scored step: the actual and the forecast's quantiles at `levels` (same order). */
  add(y: number, q: ArrayLike<number>): void {
    const e = q[this.medianIndex] - y;
    this.steps++;
    this.absError += Math.abs(e);
    this.sqError += e * e;
    this.actual += y;
    this.predicted += q[this.medianIndex];
    let loss = 0;
    for (let k = 0; k < this.levels.length; k++) loss += pinball(y, q[k], this.levels[k]);
    this.pinball += loss / this.levels.length;
    for (let k = 0; k < this.lowerIndex.length; k++) {
      if (y >= q[this.lowerIndex[k]] && y <= q[this.upperIndex[k]]) this.inside[k]++;
    }
  }

  /** Adds another accumulator's sums (same levels). */
  merge(other: ScoreAccumulator): void {
    this.steps += other.steps;
    this.absError += other.absError;
    this.sqError += other.sqError;
    this.actual += other.actual;
    this.predicted += other.predicted;
    this.pinball += other.pinball;
    for (let k = 0; k < this.inside.length; k++) this.inside[k] += other.inside[k];
  }

  /** Central intervals scored, e.g. [{ lower: 0.1, upper: 0.9, width: 0.8 }]. */
  intervals(): { lower: number; upper: number; width: number }[] {
    return this.lowerIndex.map((i, k) => ({
      lower: this.levels[i], upper: this.levels[this.upperIndex[k]], width: this.levels[this.upperIndex[k]] - this.levels[i],
    }));
  }
}

/** Metrics of one product (or of a pool of steps when scales are NaN). */
export interface Metrics {
  steps: number;
  mae: number;
  rmse: number;
  mase: number;
  rmsse: number;
  wape: number;
  bias: number;
  pinball: number;
  scaledPinball: number;
  /** Coverage per central interval, keyed like "80" (the interval's width in percent). */
  coverage: Record<string, number>;
}

export function metricsOf(acc: ScoreAccumulator, scales: { mae: number; mse: number }): Metrics {
  const n = acc.steps;
  const mae = n > 0 ? acc.absError / n : Number.NaN;
  const mse = n > 0 ? acc.sqError / n : Number.NaN;
  const pinballMean = n > 0 ? acc.pinball / n : Number.NaN;
  const coverage: Record<string, number> = {};
  acc.intervals().forEach((interval, k) => {
    coverage[intervalKey(interval.width)] = n > 0 ? acc.inside[k] / n : Number.NaN;
  });
  return {
    steps: n,
    mae,
    rmse: Math.sqrt(mse),
    mase: scales.mae > 0 ? mae / scales.mae : Number.NaN,
    rmsse: scales.mse > 0 ? Math.sqrt(mse / scales.mse) : Number.NaN,
    wape: acc.actual > 0 ? acc.absError / acc.actual : Number.NaN,
    bias: acc.actual > 0 ? (acc.predicted - acc.actual) / acc.actual : Number.NaN,
    pinball: pinballMean,
    scaledPinball: scales.mae > 0 ? pinballMean / scales.mae : Number.NaN,
    coverage,
  };
}

export function intervalKey(width: number): string {
  return String(Number((width * 100).toFixed(2)));
}

/** Metrics over many products: scaled ones averaged per product, the rest pooled over steps. */
export interface AggregateMetrics extends Metrics {
  /** Products scored, and those left out of the MASE/RMSSE/scaled-pinball means (no scale). */
  products: number;
  unscaled: number;
}

export function aggregateMetrics(perProduct: readonly { acc: ScoreAccumulator; metrics: Metrics }[], levels: readonly number[]): AggregateMetrics {
  const pooled = new ScoreAccumulator(levels);
  let mase = 0;
  let rmsse = 0;
  let spl = 0;
  let scaled = 0;
  for (const { acc, metrics } of perProduct) {
    pooled.merge(acc);
    if (Number.isFinite(metrics.mase) && Number.isFinite(metrics.rmsse) && Number.isFinite(metrics.scaledPinball)) {
      mase += metrics.mase;
      rmsse += metrics.rmsse;
      spl += metrics.scaledPinball;
      scaled++;
    }
  }
  const overall = metricsOf(pooled, { mae: Number.NaN, mse: Number.NaN });
  return {
    ...overall,
    mase: scaled > 0 ? mase / scaled : Number.NaN,
    rmsse: scaled > 0 ? rmsse / scaled : Number.NaN,
    scaledPinball: scaled > 0 ? spl / scaled : Number.NaN,
    products: perProduct.length,
    unscaled: perProduct.length - scaled,
  };
}

/** The quantile arrays of a forecast in `levels` order (throws if one is missing). */
export function quantileRows(quantiles: Record<string, Float32Array>, levels: readonly number[]): Float32Array[] {
  return levels.map((level) => {
    const row = quantiles[quantileKey(level)];
    if (!row) throw new Error(`the forecast has no ${quantileKey(level)} quantile`);
    return row;
  });
}

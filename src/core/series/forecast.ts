import type { Frequency, Series } from './types';

/**
 * What every forecaster (baseline or neural) returns for one product. Quantiles are per step;
 * sample paths, when present, let the planner take quantiles of *cumulative* demand (adding daily
 * quantiles would overstate uncertainty).
 */
export interface ForecastResult {
  sku: string;
  model: string;
  /** ISO date of the first forecast step: the step after the last observed one. */
  start: string;
  freq: Frequency;
  horizon: number;
  /** Ascending quantile levels, e.g. [0.1, 0.5, 0.9]. */
  levels: number[];
  /** Per quantileKey(level) ("p10", "p50", …) an array of `horizon` non-negative values. */
  quantiles: Record<string, Float32Array>;
  /** `nPaths × horizon` non-negative sample paths, row-major (path j, step i at j*horizon+i). */
  paths?: Float32Array;
  nPaths?: number;
  /**
   * Mean demand per step (the mean of the sample paths, see meanPerStep): the "expected" figure.
   * Its sum is the expected total, which on a slow seller is well above the sum of daily medians
   * (most days' median is 0). Set where forecasts are stored or written.
   */
  mean?: Float32Array;
  /** Plain-language caveats shown next to the forecast (e.g. short history). */
  notes: string[];
  /** What the forecast is made of, when the model can say (shown under the product's chart). */
  explanation?: ForecastExplanation;
}

export type ComponentKey = 'level' | 'trend' | 'weekly' | 'yearly' | 'promo' | 'price';

/**
 * A forecast taken apart: per step, contributions in units that add up to the model's point
 * forecast (before it is clipped at zero), and the same in plain words.
 */
export interface ForecastExplanation {
  /** The model behind it, e.g. "ETS(A,Ad,A)" or "TSB (α 0.1, β 0.05)". */
  method: string;
  components: { key: ComponentKey; label: string; values: Float32Array }[];
  /** Sentences for the seller, most important first (in the language the forecast was made in). */
  sentences: string[];
  /**
   * The same sentences as message keys and values (src/i18n `Message`), so the page can show them in
   * the language the seller has now. Absent in forecasts stored before it existed.
   */
  messages?: { key: string; values?: Record<string, string | number> }[];
}

/** A product the forecaster could not forecast, and why (shown to the seller as-is). */
export interface SkippedSeries {
  sku: string;
  reason: string;
}

export interface ForecastBatch {
  forecasts: ForecastResult[];
  skipped: SkippedSeries[];
}

export interface PredictOptions {
  /** Quantile levels strictly between 0 and 1. */
  quantiles: readonly number[];
  /** Maximum number of sample paths to return per product (0 or absent: none). */
  paths?: number;
  /**
   * Days whose total demand a decision rests on (lead time + review period): sample paths are
   * calibrated so that their totals over this many days are right (default: the horizon).
   */
  decisionDays?: number;
  /** False when the caller calibrates the totals itself (the automatic selection does, per product). */
  calibrateTotals?: boolean;
}

/** statsforecast's best idea: many models, one face. */
export interface Forecaster {
  readonly name: string;
  fit(series: readonly Series[]): void | Promise<void>;
  predict(horizon: number, options: PredictOptions): ForecastBatch | Promise<ForecastBatch>;
}

/**
 * Mean demand per step, from the sample paths (the distribution the plan orders from, so the
 * headline and the plan agree); undefined without paths.
 */
export function meanPerStep(result: Pick<ForecastResult, 'paths' | 'nPaths' | 'horizon'>): Float32Array | undefined {
  const { paths, nPaths, horizon } = result;
  if (!paths || !nPaths) return undefined;
  const mean = new Float64Array(horizon);
  for (let p = 0; p < nPaths; p++) for (let i = 0; i < horizon; i++) mean[i] += paths[p * horizon + i];
  return Float32Array.from(mean, (x) => x / nPaths);
}

/** Sets `mean` on every forecast of a batch that has sample paths. */
export function attachMeans(batch: ForecastBatch): ForecastBatch {
  for (const f of batch.forecasts) {
    const mean = meanPerStep(f);
    if (mean) f.mean = mean;
  }
  return batch;
}

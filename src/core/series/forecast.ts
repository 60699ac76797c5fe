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
}

/** statsforecast's best idea: many models, one face. */
export interface Forecaster {
  readonly name: string;
  fit(series: readonly Series[]): void | Promise<void>;
  predict(horizon: number, options: PredictOptions): ForecastBatch | Promise<ForecastBatch>;
  /**
   * Optional: forecasts made as if each series ended `cutoff` steps earlier (one batch per cutoff,
   * in the order given), using nothing from after that point. Backtests and the automatic selection
   * otherwise refit on truncated series at each cutoff; a model that can do it faster (a global
   * neural model trained once on data before the earliest cutoff) implements this.
   */
  forecastAtCutoffs?(
    series: readonly Series[], cutoffs: readonly number[], horizon: number, options: PredictOptions,
  ): ForecastBatch[] | Promise<ForecastBatch[]>;
}

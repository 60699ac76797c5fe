/**
 * Shape and hyper-parameters of the Shelfcast Transformer forecaster. Everything a checkpoint needs
 * to rebuild the same network is in here; it is stored as JSON next to the weights.
 */
export interface NeuralConfig {
  /** Bumped when the feature layout or network changes incompatibly. */
  format: 1;
  /** Days per patch (token). 7 keeps every token one week long. */
  patch: number;
  /** History tokens: the model sees patch × contextPatches days. */
  contextPatches: number;
  /** Future tokens: the model forecasts patch × horizonPatches days directly. */
  horizonPatches: number;
  dModel: number;
  heads: number;
  layers: number;
  ffn: number;
  dropout: number;
  /** Quantile levels of the output head, ascending. */
  levels: number[];
  /** Hashed category buckets (bucket 0 = no category). */
  categoryBuckets: number;
  /** Length of the product text embedding the static projection takes; 0 = none. */
  textDim: number;
  /** Smallest per-window scale, in units: keeps all-zero contexts from dividing by zero. */
  scaleFloor: number;
  /**
   * Dependence between forecast days for sample paths (Gaussian copula in quantile space):
   * corr(day i, day j) = common + (1 - common) · ar^|i-j|. Calibrated on validation windows.
   */
  pathCorrelation: { common: number; ar: number };
  /**
   * Per level, how far the network's quantile is moved from the median: q = m + spread·(q_raw − m)
   * (1 for the median). Fitted on validation windows to minimise each level's pinball loss, so the
   * intervals are as wide as the data warrant; absent = all 1.
   */
  spread?: number[];
  /**
   * Take the seasonal profile out: each product's sales are divided by its weekday index × yearly
   * factor (the profile the statistical models fit, src/core/baselines/profile.ts, shrunk towards
   * the shop's; the weekday part only for products selling on at least half their days) before the
   * network sees them, and its forecasts are multiplied back. A 16-week
   * window cannot measure a season and measures a weekday pattern from 16 days each; the profile
   * is measured on the whole history and the shop, and the network forecasts level, trend,
   * promotions and what the profile misses. Absent = false (checkpoints from before it).
   */
  seasonalProfile?: boolean;
}

/** Which parameters train when fine-tuning. */
export type FreezeMode = 'head' | 'last' | 'all';

export const FREEZE_LABEL: Record<FreezeMode, string> = {
  head: 'output head only',
  last: 'last encoder layer + head',
  all: 'all layers',
};

/** The group key of a version that serves every product (others serve one category). */
export const ALL_PRODUCTS = '*';

export const DEFAULT_LEVELS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

export const DEFAULT_CONFIG: NeuralConfig = {
  format: 1,
  patch: 7,
  contextPatches: 16,
  horizonPatches: 4,
  dModel: 48,
  heads: 4,
  layers: 2,
  ffn: 96,
  dropout: 0.1,
  levels: DEFAULT_LEVELS,
  categoryBuckets: 16,
  textDim: 0,
  scaleFloor: 0.5,
  pathCorrelation: { common: 0.3, ar: 0.5 },
  seasonalProfile: true,
};

/**
 * Per-day input channels, in this order, for every day of a window. `lastYear` is the value 364
 * days (52 weeks, same weekday) earlier, normalised like `value`: yearly seasonality learnt from
 * the seller's own history rather than from the calendar of the pre-training data.
 */
export const DAY_CHANNELS = ['value', 'observed', 'promo', 'event', 'relPrice', 'lastYear', 'lastYearObserved'] as const;
export const YEAR_LAG = 364;
/** Per-token calendar channels: weekday of the token's first day (one-hot) and 2 yearly harmonics. */
export const TOKEN_CALENDAR = 7 + 4;
/** Numeric per-window statics: log1p(level), log1p(scale), share of zero days, log1p(age), is-future marker is per token. */
export const NUMERIC_STATICS = 4;

export function contextDays(c: NeuralConfig): number {
  return c.patch * c.contextPatches;
}

export function horizonDays(c: NeuralConfig): number {
  return c.patch * c.horizonPatches;
}

export function tokenCount(c: NeuralConfig): number {
  return c.contextPatches + c.horizonPatches;
}

/** Width of one token's input vector: per-day channels for each day, calendar, and a future marker. */
export function tokenFeatures(c: NeuralConfig): number {
  return DAY_CHANNELS.length * c.patch + TOKEN_CALENDAR + 1;
}

/** Width of the static input (numeric statics + one-hot category bucket). */
export function staticFeatures(c: NeuralConfig): number {
  return NUMERIC_STATICS + c.categoryBuckets;
}

/**
 * Applies the config's spread to one day's quantiles (ascending, in units, in place): each moves
 * from the median by its factor, stays ≥ 0, and the result is kept ascending.
 */
export function applySpread(spread: readonly number[] | undefined, q: Float32Array | Float64Array, offset: number, levels: readonly number[]): void {
  if (!spread) return;
  const Q = levels.length;
  const mi = levels.indexOf(0.5);
  const m = q[offset + mi];
  for (let k = 0; k < Q; k++) q[offset + k] = Math.max(0, m + spread[k] * (q[offset + k] - m));
  for (let k = mi + 1; k < Q; k++) q[offset + k] = Math.max(q[offset + k], q[offset + k - 1]);
  for (let k = mi - 1; k >= 0; k--) q[offset + k] = Math.min(q[offset + k], q[offset + k + 1]);
}

export function validateConfig(c: NeuralConfig): void {
  const problems: string[] = [];
  if (c.format !== 1) problems.push(`unknown model format ${String(c.format)}`);
  for (const key of ['patch', 'contextPatches', 'horizonPatches', 'dModel', 'heads', 'layers', 'ffn', 'categoryBuckets'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) problems.push(`${key} must be a positive integer, got ${c[key]}`);
  }
  if (c.dModel % c.heads !== 0) problems.push(`dModel ${c.dModel} is not divisible by heads ${c.heads}`);
  if (!(c.dropout >= 0 && c.dropout < 1)) problems.push(`dropout must be in [0, 1), got ${c.dropout}`);
  if (!(c.scaleFloor > 0)) problems.push(`scaleFloor must be > 0, got ${c.scaleFloor}`);
  if (!Number.isInteger(c.textDim) || c.textDim < 0) problems.push(`textDim must be an integer ≥ 0, got ${c.textDim}`);
  if (c.levels.length < 3) problems.push('at least 3 quantile levels are needed');
  c.levels.forEach((q, i) => {
    if (!(q > 0 && q < 1)) problems.push(`quantile level ${q} is outside (0, 1)`);
    if (i > 0 && q <= c.levels[i - 1]) problems.push('quantile levels must be strictly ascending');
  });
  if (!c.levels.includes(0.5)) problems.push('the quantile levels must include the median 0.5');
  if (c.spread && (c.spread.length !== c.levels.length || !c.spread.every((s) => s >= 0 && Number.isFinite(s)))) {
    problems.push('spread must hold one factor ≥ 0 per quantile level');
  }
  if (problems.length > 0) throw new Error(`invalid model configuration: ${problems.join('; ')}`);
}

import { addPeriods, dayToIso, isoToDay } from '../series';
import type { ForecastBatch, ForecastResult, Forecaster, PredictOptions, Series, SkippedSeries } from '../series';
import { normaliseLevels, quantileKey, quantileSorted } from '../stats';
import { EmbeddingIndex } from './vectors';

/**
 * Cold start: forecasting a product with little or no sales history from the products whose text is
 * most like its own (forecasting by analogy).
 *
 * Each similar product contributes its demand curve over the window that matters (the product's age
 * plus the horizon), normalised to unit mean, so that what carries over is its *shape* (ramp-up after
 * launch, decay, weekly rhythm). The shapes are averaged with weights from text similarity and scaled
 * to a level: the product's own early sales when it has some (shrunk towards a prior, because a few
 * days of sales are noisy), otherwise the average level of its category, otherwise the level of its
 * similar products. How much similar products' levels differ becomes the forecast's uncertainty.
 */

/** One product's demand curve, aligned so that index 0 is its launch (first sale) day. */
export interface ReferenceCurve {
  sku: string;
  values: ArrayLike<number>;
  category?: string;
}

export interface ColdStartTarget {
  sku: string;
  embedding: ArrayLike<number>;
  /** Own daily sales from the launch day on (index 0 = first sale); empty if it has not sold yet. */
  history: ArrayLike<number>;
  category?: string;
}

export interface ColdStartOptions {
  /** How many similar products to learn from. */
  neighbours: number;
  /** Softmax temperature on cosine similarity: lower trusts the closest products more. */
  temperature: number;
  /** Products less similar than this are not used. */
  minSimilarity: number;
  /** Own sales outweigh the prior level after about this many days (shrinkage strength). */
  priorDays: number;
  /** A category needs this many reference products before its level is used. */
  minCategorySize: number;
}

export const DEFAULT_COLD_START: ColdStartOptions = {
  neighbours: 10,
  temperature: 0.1,
  minSimilarity: 0,
  priorDays: 7,
  minCategorySize: 5,
};

export type LevelSource = 'own-sales' | 'category' | 'neighbours';

export interface ColdStartNeighbour {
  sku: string;
  similarity: number;
  weight: number;
  /** Mean daily demand over the window (its level). */
  level: number;
}

export interface ColdStartPlan {
  sku: string;
  /** Days since launch at the forecast origin (= history length). */
  age: number;
  neighbours: ColdStartNeighbour[];
  /** Level before the product's own sales are taken into account, and where it came from. */
  priorLevel: number;
  priorSource: Exclude<LevelSource, 'own-sales'>;
  /** Size of the category behind a category prior. */
  categorySize?: number;
  level: number;
  levelSource: LevelSource;
  /** Similarity-weighted mean of the neighbours' unit-mean curves over the whole window (age + horizon). */
  shape: Float64Array;
  /** Expected demand for each of the next `horizon` days: level × shape (also the paths' weighted mean). */
  mean: Float64Array;
  /**
   * Sample paths, one per (shape of neighbour j, relative level of neighbour k), with weights
   * w_j·w_k in `pathWeights`.
   */
  paths: Float64Array[];
  pathWeights: number[];
}

/** Mean of values[0..length-1]. */
function windowMean(values: ArrayLike<number>, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += values[i];
  return sum / length;
}

/**
 * Plans the forecast of one product for the `horizon` days after its history. `references` are the
 * products to learn from (their curves must start at their own launch), `index` holds their embeddings.
 * Returns a reason string when no forecast can be made.
 */
export function planColdStart(
  target: ColdStartTarget,
  references: readonly ReferenceCurve[],
  index: EmbeddingIndex,
  horizon: number,
  options: Partial<ColdStartOptions> = {},
): ColdStartPlan | string {
  const opts = { ...DEFAULT_COLD_START, ...options };
  if (!(Number.isInteger(horizon) && horizon >= 1)) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
  if (!(opts.temperature > 0)) throw new RangeError(`temperature must be positive, got ${opts.temperature}`);
  const age = target.history.length;
  const window = age + horizon;

  // Only references long enough to cover this product's age plus the horizon, and that sold something.
  const eligible = new Map<string, { curve: ReferenceCurve; level: number }>();
  for (const curve of references) {
    if (curve.sku === target.sku || curve.values.length < window || !index.has(curve.sku)) continue;
    const level = windowMean(curve.values, window);
    if (level > 0) eligible.set(curve.sku, { curve, level });
  }
  if (eligible.size === 0) {
    return `no similar product has ${window} days of sales since its launch to learn from`;
  }
  const found = index.nearest(target.embedding, opts.neighbours, {
    exclude: new Set([target.sku]),
    filter: (sku) => eligible.has(sku),
    minSimilarity: opts.minSimilarity,
  });
  if (found.length === 0) return `no product is similar enough (cosine ≥ ${opts.minSimilarity}) to learn from`;

  // Softmax weights, shifted by the best similarity for numerical safety.
  const top = found[0].similarity;
  const raw = found.map((n) => Math.exp((n.similarity - top) / opts.temperature));
  const total = raw.reduce((a, b) => a + b, 0);
  const neighbours: ColdStartNeighbour[] = found.map((n, i) => ({
    sku: n.key, similarity: n.similarity, weight: raw[i] / total, level: (eligible.get(n.key) as { level: number }).level,
  }));

  // Shape: the neighbours' unit-mean curves averaged by similarity, so a big seller does not dominate it.
  const shape = new Float64Array(window);
  for (const n of neighbours) {
    const { curve } = eligible.get(n.sku) as { curve: ReferenceCurve };
    for (let t = 0; t < window; t++) shape[t] += (n.weight * curve.values[t]) / n.level;
  }
  const neighbourLevel = neighbours.reduce((sum, n) => sum + n.weight * n.level, 0);

  // Prior level: the category's when the catalogue has enough of it, else the neighbours'.
  let priorLevel = neighbourLevel;
  let priorSource: ColdStartPlan['priorSource'] = 'neighbours';
  let categorySize: number | undefined;
  if (target.category) {
    const members = [...eligible.values()].filter((e) => e.curve.category === target.category);
    if (members.length >= opts.minCategorySize) {
      priorLevel = members.reduce((sum, e) => sum + e.level, 0) / members.length;
      priorSource = 'category';
      categorySize = members.length;
    }
  }

  // Own early sales: level = (own units + priorDays × prior) / (expected shape mass + priorDays),
  // i.e. the prior counts as `priorDays` days of sales at the prior level.
  let level = priorLevel;
  let levelSource: LevelSource = priorSource;
  let priorShare = 1;
  if (age > 0) {
    let sold = 0;
    let shapeMass = 0;
    for (let t = 0; t < age; t++) {
      sold += Math.max(0, target.history[t]);
      shapeMass += shape[t];
    }
    level = (sold + opts.priorDays * priorLevel) / (shapeMass + opts.priorDays);
    levelSource = 'own-sales';
    priorShare = opts.priorDays / (shapeMass + opts.priorDays);
  }

  const mean = new Float64Array(horizon);
  for (let i = 0; i < horizon; i++) mean[i] = level * shape[age + i];

  // Sample paths cross every neighbour's shape with every neighbour's level relative to theirs
  // (weight w_j·w_k): the spread of similar products' levels becomes level uncertainty, shrunk by the
  // share of the level that still rests on the prior; the paths' weighted mean is exactly `mean`.
  const paths: Float64Array[] = [];
  const pathWeights: number[] = [];
  for (const j of neighbours) {
    const { curve } = eligible.get(j.sku) as { curve: ReferenceCurve };
    for (const k of neighbours) {
      const factor = level * (1 + priorShare * (k.level / neighbourLevel - 1));
      const path = new Float64Array(horizon);
      for (let i = 0; i < horizon; i++) path[i] = (factor * curve.values[age + i]) / j.level;
      paths.push(path);
      pathWeights.push(j.weight * k.weight);
    }
  }
  return { sku: target.sku, age, neighbours, priorLevel, priorSource, categorySize, level, levelSource, shape, mean, paths, pathWeights };
}

/**
 * Deterministic weighted resampling: path i is repeated round(weight_i × count) times (largest
 * remainders get the leftovers), so quantiles and plans do not change from run to run.
 */
export function resamplePaths(paths: readonly Float64Array[], weights: readonly number[], count: number): Float64Array[] {
  const exact = weights.map((w) => w * count);
  const copies = exact.map(Math.floor);
  let left = count - copies.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let j = 0; left > 0; j = (j + 1) % byRemainder.length, left--) copies[byRemainder[j].i]++;
  const out: Float64Array[] = [];
  copies.forEach((c, i) => { for (let k = 0; k < c; k++) out.push(paths[i]); });
  return out;
}

export function describePlan(plan: ColdStartPlan, names?: ReadonlyMap<string, string>): string {
  const similar = plan.neighbours.slice(0, 3).map((n) => names?.get(n.sku) ?? n.sku).join(', ');
  const prior = plan.priorSource === 'category'
    ? `the average level of its category (${plan.categorySize} products)`
    : `the level of its ${plan.neighbours.length} most similar products`;
  const level = plan.levelSource === 'own-sales'
    ? `scaled by its own first ${plan.age} day${plan.age === 1 ? '' : 's'} of sales (weighed against ${prior})`
    : `scaled to ${prior}`;
  return `Cold start (little history): demand curve of similar products by name/description (${similar}…), ${level}.`;
}

export interface ColdStartContext {
  /** Product embeddings (any length-consistent vectors; cosine similarity is used). */
  embeddings: ReadonlyMap<string, ArrayLike<number>>;
  categories?: ReadonlyMap<string, string>;
  names?: ReadonlyMap<string, string>;
  /** Products in the catalogue that have not sold yet (no series): forecast from zero history. */
  unsoldProducts?: readonly string[];
}

export interface ColdStartForecasterOptions extends Partial<ColdStartOptions> {
  /**
   * Products with fewer days since their first sale than this are forecast by cold start (default 28:
   * less than one forecast horizon, so not even one backtest window of their own).
   */
  maxHistoryDays?: number;
  /** A launch is "observed" when the first sale is this many days after the history starts. */
  launchGraceDays?: number;
  /** With fewer observed launches than this, similar products' most recent days are used instead. */
  minLaunches?: number;
}

/**
 * The cold-start forecaster behind the common Forecaster face. fit() learns reference curves from all
 * series (launch-aligned where the launch lies inside the history); predict() forecasts only the young
 * or unsold products and skips the rest with a reason, so the engine can give them to other models.
 */
export class ColdStartForecaster implements Forecaster {
  readonly name = 'cold_start_text';
  private series: readonly Series[] = [];
  private readonly opts: Required<ColdStartForecasterOptions>;

  constructor(private readonly context: ColdStartContext, options: ColdStartForecasterOptions = {}) {
    this.opts = { ...DEFAULT_COLD_START, maxHistoryDays: 28, launchGraceDays: 14, minLaunches: 5, ...options };
  }

  fit(series: readonly Series[]): void {
    for (const s of series) {
      if (s.freq !== 'D') throw new RangeError(`cold start works on daily series; ${s.sku} is weekly`);
    }
    this.series = series;
  }

  /** Days since the first sale at the end of the series, and that first sale's index. */
  private static launch(s: Series): { first: number; age: number } {
    let first = 0;
    while (first < s.values.length && !(s.values[first] > 0)) first++;
    return { first, age: s.values.length - first };
  }

  predict(horizon: number, options: PredictOptions): ForecastBatch {
    const levels = normaliseLevels(options.quantiles);
    const forecasts: ForecastResult[] = [];
    const skipped: SkippedSeries[] = [];
    if (this.series.length === 0 && (this.context.unsoldProducts?.length ?? 0) === 0) return { forecasts, skipped };

    const starts = this.series.map((s) => isoToDay(s.start));
    const historyStart = Math.min(...starts);
    const end = Math.max(...this.series.map((s, i) => starts[i] + s.values.length));
    const forecastStart = Number.isFinite(end) ? end : Number.NaN;

    // Reference curves: launch-aligned where the launch was observed, else (too few launches) each
    // product's most recent days, which carry its level and rhythm but no ramp-up.
    const launches: ReferenceCurve[] = [];
    const recent: ReferenceCurve[] = [];
    this.series.forEach((s, i) => {
      const { first } = ColdStartForecaster.launch(s);
      if (first >= s.values.length) return;
      const category = this.context.categories?.get(s.sku);
      if (starts[i] + first - historyStart >= this.opts.launchGraceDays) {
        launches.push({ sku: s.sku, values: s.values.subarray(first), category });
      }
      recent.push({ sku: s.sku, values: s.values.subarray(first), category });
    });
    const useLaunches = launches.length >= this.opts.minLaunches;

    const dims = new Set([...this.context.embeddings.values()].map((v) => v.length));
    if (dims.size > 1) throw new RangeError(`product embeddings have different lengths (${[...dims].join(', ')}): mixed encoders`);
    const index = new EmbeddingIndex(dims.size === 1 ? [...dims][0] : 1);
    for (const [sku, vector] of this.context.embeddings) index.set(sku, vector);

    const targets: { sku: string; history: ArrayLike<number> }[] = [];
    for (const s of this.series) {
      const { first, age } = ColdStartForecaster.launch(s);
      if (age >= this.opts.maxHistoryDays) {
        skipped.push({ sku: s.sku, reason: `has ${age} days of history; cold start is for products first sold less than ${this.opts.maxHistoryDays} days ago` });
        continue;
      }
      targets.push({ sku: s.sku, history: s.values.subarray(first) });
    }
    for (const sku of this.context.unsoldProducts ?? []) targets.push({ sku, history: new Float32Array(0) });

    for (const target of targets) {
      const embedding = this.context.embeddings.get(target.sku);
      if (!embedding) {
        skipped.push({ sku: target.sku, reason: 'no product text embedding yet (name or description needed)' });
        continue;
      }
      const references = useLaunches ? launches : recentCurves(recent, target.history.length, horizon);
      const plan = planColdStart(
        { sku: target.sku, embedding, history: target.history, category: this.context.categories?.get(target.sku) },
        references, index, horizon, this.opts,
      );
      if (typeof plan === 'string') {
        skipped.push({ sku: target.sku, reason: plan });
        continue;
      }
      forecasts.push(this.toResult(plan, horizon, levels, options.paths ?? 0, forecastStart, useLaunches));
    }
    return { forecasts, skipped };
  }

  private toResult(
    plan: ColdStartPlan, horizon: number, levels: number[], maxPaths: number, startDay: number, fromLaunches: boolean,
  ): ForecastResult {
    const drawn = resamplePaths(plan.paths, plan.pathWeights, Math.max(100, maxPaths));
    const quantiles: Record<string, Float32Array> = {};
    for (const level of levels) quantiles[quantileKey(level)] = new Float32Array(horizon);
    const column = new Float64Array(drawn.length);
    for (let i = 0; i < horizon; i++) {
      for (let p = 0; p < drawn.length; p++) column[p] = drawn[p][i];
      column.sort();
      for (const level of levels) quantiles[quantileKey(level)][i] = Math.max(0, quantileSorted(column, level));
    }
    const notes = [describePlan(plan, this.context.names)];
    if (!fromLaunches) notes.push('No launches in your history to learn a launch curve from: similar products’ recent sales were used.');
    const result: ForecastResult = {
      sku: plan.sku,
      model: this.name,
      start: dayToIso(addPeriods(startDay, 0)),
      freq: 'D',
      horizon,
      levels,
      quantiles,
      notes,
    };
    if (maxPaths > 0) {
      const paths = resamplePaths(plan.paths, plan.pathWeights, maxPaths);
      const flat = new Float32Array(paths.length * horizon);
      paths.forEach((p, j) => flat.set(p, j * horizon));
      result.paths = flat;
      result.nPaths = paths.length;
    }
    return result;
  }
}

/**
 * Without observed launches, a reference "curve" is built from a mature product's recent sales: its
 * last `age` days (the same calendar days as the target's own history, for the level) followed by its
 * last `horizon` days (standing in for the days to come). Products too short for either are dropped.
 */
function recentCurves(pool: readonly ReferenceCurve[], age: number, horizon: number): ReferenceCurve[] {
  const out: ReferenceCurve[] = [];
  for (const c of pool) {
    const n = c.values.length;
    if (n < Math.max(age, horizon)) continue;
    const values = new Float64Array(age + horizon);
    for (let t = 0; t < age; t++) values[t] = c.values[n - age + t];
    for (let i = 0; i < horizon; i++) values[age + i] = c.values[n - horizon + i];
    out.push({ ...c, values });
  }
  return out;
}

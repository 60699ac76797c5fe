import {
  addPeriods, dayToIso, DayFlag, detectClosures, isoToDay, markClosures, truncateSeries,
  type ForecastResult, type Forecaster, type Series,
} from '../series';
import { normaliseLevels } from '../stats';
import {
  aggregateMetrics, metricsOf, naiveScales, quantileRows, ScoreAccumulator,
  type AggregateMetrics, type Metrics,
} from './metrics';

/**
 * Rolling-origin backtest: the history is cut at `folds` origins, `step` steps apart, the last one
 * `horizon` steps before the end; at each, every model is fitted on what came before and forecasts
 * `horizon` steps, which are scored against what was sold. Fold j (0 = oldest) of a product with n
 * steps trains on [0, n − horizon − (folds − 1 − j)·step) and is scored on the next `horizon` steps.
 *
 * Scored steps exclude stock-outs and the days the shop was closed (found, with hindsight, from
 * all products), where no demand could show. Models are compared on the same products: those every
 * model forecast in that fold; the others are counted, not hidden.
 */

export interface BacktestModel {
  name: string;
  create(): Forecaster;
}

export interface BacktestOptions {
  horizon: number;
  folds: number;
  /** Steps between fold origins (default: horizon, so test windows tile the end of the history). */
  step?: number;
  /** Quantile levels scored (0.5 is added if missing). */
  quantiles?: readonly number[];
  /** Products with fewer training steps than this at a fold are not forecast in that fold. */
  minTraining?: number;
  onProgress?: (progress: { fold: number; model: string; done: number; total: number }) => void;
}

export interface ProductScore {
  sku: string;
  metrics: Metrics;
}

export interface ModelBacktest {
  model: string;
  /** Over all folds, on the common products. */
  overall: AggregateMetrics;
  /** Per fold (oldest first), on that fold's common products. */
  folds: AggregateMetrics[];
  /** Per product, all folds together. */
  products: ProductScore[];
  /** Products the model could not forecast, per fold, with the reason. */
  skipped: { fold: number; sku: string; reason: string }[];
  /** Wall time spent fitting and predicting, per fold (ms). */
  fitPredictMs: number[];
}

export interface FoldInfo {
  index: number;
  /** ISO date of the first scored step (for products ending on the common last day). */
  firstDate: string;
  lastDate: string;
  products: number;
}

export interface BacktestResult {
  horizon: number;
  step: number;
  levels: number[];
  folds: FoldInfo[];
  models: ModelBacktest[];
}

export async function runBacktest(series: readonly Series[], models: readonly BacktestModel[], options: BacktestOptions): Promise<BacktestResult> {
  const { horizon, folds } = options;
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
  if (!Number.isInteger(folds) || folds < 1) throw new RangeError(`folds must be a positive integer, got ${folds}`);
  const step = options.step ?? horizon;
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`step must be a positive integer, got ${step}`);
  if (models.length === 0) throw new RangeError('no models to backtest');
  const levels = normaliseLevels([...(options.quantiles ?? [0.1, 0.5, 0.9]), 0.5]);
  const minTraining = options.minTraining ?? 14;

  // Hindsight closures from the whole history: they decide only which steps are scored.
  const scored = markClosures(series, detectClosures(series));
  const accumulators = models.map(() => new Map<string, ScoreAccumulator[]>());
  const results: ModelBacktest[] = models.map((m) => ({
    model: m.name, overall: undefined as unknown as AggregateMetrics, folds: [], products: [], skipped: [], fitPredictMs: [],
  }));
  const foldInfo: FoldInfo[] = [];
  const scalesBySkuFold = new Map<string, { mae: number; mse: number }[]>();

  for (let fold = 0; fold < folds; fold++) {
    const back = horizon + (folds - 1 - fold) * step;
    const training: Series[] = [];
    const targets = new Map<string, Series>();
    for (let i = 0; i < scored.length; i++) {
      const s = scored[i];
      const cut = s.values.length - back;
      if (cut < minTraining) continue;
      const original = series[i];
      training.push(truncateSeries(original, cut));
      targets.set(s.sku, s);
      const list = scalesBySkuFold.get(s.sku) ?? [];
      list[fold] = naiveScales(original.values.subarray(0, cut), trainingMask(original, cut));
      scalesBySkuFold.set(s.sku, list);
    }
    // Dates of the scored steps (a weekly step is dated by its first day and ends 6 days later).
    const lastStart = Math.max(...scored.map((s) => isoToDay(s.start) + (s.values.length - 1) * (s.freq === 'W' ? 7 : 1)));
    const freq = scored[0]?.freq ?? 'D';
    const firstDay = addPeriods(lastStart, -(back - 1), freq);
    foldInfo.push({
      index: fold,
      firstDate: dayToIso(firstDay),
      lastDate: dayToIso(addPeriods(firstDay, horizon - 1, freq) + (freq === 'W' ? 6 : 0)),
      products: training.length,
    });

    const forecastsByModel: Map<string, ForecastResult>[] = [];
    for (let k = 0; k < models.length; k++) {
      options.onProgress?.({ fold, model: models[k].name, done: fold * models.length + k, total: folds * models.length });
      const started = performance.now();
      const forecaster = models[k].create();
      await forecaster.fit(training);
      const batch = await forecaster.predict(horizon, { quantiles: levels });
      results[k].fitPredictMs.push(performance.now() - started);
      forecastsByModel.push(new Map(batch.forecasts.map((f) => [f.sku, f])));
      for (const skip of batch.skipped) results[k].skipped.push({ fold, ...skip });
    }
    // Score on the products every model forecast.
    for (const [sku, target] of targets) {
      if (!forecastsByModel.every((m) => m.has(sku))) continue;
      const cut = target.values.length - back;
      for (let k = 0; k < models.length; k++) {
        const forecast = forecastsByModel[k].get(sku) as ForecastResult;
        const acc = new ScoreAccumulator(levels);
        scoreWindow(acc, target, cut, horizon, forecast, levels);
        const perFold = accumulators[k].get(sku) ?? [];
        perFold[fold] = acc;
        accumulators[k].set(sku, perFold);
      }
    }
  }

  for (let k = 0; k < models.length; k++) {
    const byProduct = accumulators[k];
    for (let fold = 0; fold < folds; fold++) {
      const entries: { acc: ScoreAccumulator; metrics: Metrics }[] = [];
      for (const [sku, perFold] of byProduct) {
        const acc = perFold[fold];
        if (!acc) continue;
        entries.push({ acc, metrics: metricsOf(acc, (scalesBySkuFold.get(sku) as { mae: number; mse: number }[])[fold]) });
      }
      results[k].folds.push(aggregateMetrics(entries, levels));
    }
    // All folds together: per product, pool its folds (scale of the latest fold it was in).
    const entries: { acc: ScoreAccumulator; metrics: Metrics }[] = [];
    for (const [sku, perFold] of byProduct) {
      const acc = new ScoreAccumulator(levels);
      let scale = { mae: Number.NaN, mse: Number.NaN };
      perFold.forEach((a, fold) => {
        if (!a) return;
        acc.merge(a);
        scale = (scalesBySkuFold.get(sku) as { mae: number; mse: number }[])[fold];
      });
      const metrics = metricsOf(acc, scale);
      entries.push({ acc, metrics });
      results[k].products.push({ sku, metrics });
    }
    results[k].overall = aggregateMetrics(entries, levels);
  }
  return { horizon, step, levels, folds: foldInfo, models: results };
}

function trainingMask(s: Series, cut: number): Uint8Array | undefined {
  if (!s.flags) return undefined;
  const mask = new Uint8Array(cut);
  for (let t = 0; t < cut; t++) mask[t] = s.flags[t] & (DayFlag.Stockout | DayFlag.Closed) ? 0 : 1;
  return mask;
}

/** Scores a forecast made at `cut` against the target's observed steps cut … cut + horizon − 1. */
export function scoreWindow(
  acc: ScoreAccumulator, target: Series, cut: number, horizon: number, forecast: ForecastResult, levels: readonly number[],
): void {
  const rows = quantileRows(forecast.quantiles, levels);
  const q = new Float64Array(levels.length);
  for (let i = 0; i < horizon; i++) {
    const t = cut + i;
    if (t >= target.values.length) break;
    if (target.flags && target.flags[t] & (DayFlag.Stockout | DayFlag.Closed)) continue;
    for (let k = 0; k < levels.length; k++) q[k] = rows[k][i];
    acc.add(target.values[t], q);
  }
}

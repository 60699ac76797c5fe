import { addPeriods, dayToIso } from '../series';
import type { ForecastBatch, ForecastExplanation, ForecastResult, Forecaster, PredictOptions, Series, SkippedSeries } from '../series';
import { normaliseLevels, quantileKey } from '../stats';
import { empiricalPaths, empiricalQuantiles, errorColumns, errorTable, futureScales } from './empirical';
import { explainComponents } from './explain';
import type { FittedPoint, PointModel } from './pointModel';
import { prepareBatch, type PrepareOptions, type PreparedSeries } from './prepare';

/**
 * Turns a point model into a full Forecaster: prepares the batch (closing days, weekday rhythm,
 * spikes, yearly curve), fits the model per product, and derives quantiles and sample paths from
 * the model's own normalised errors at past origins (see empirical.ts).
 */
export class PointForecaster implements Forecaster {
  readonly name: string;
  private fitted: { prepared: PreparedSeries; fit: FittedPoint | string }[] = [];

  constructor(private readonly model: PointModel, private readonly prepareOptions: PrepareOptions = {}, name?: string) {
    this.name = name ?? model.name;
  }

  fit(series: readonly Series[]): void {
    this.fitted = prepareBatch(series, this.prepareOptions).map((prepared) => ({
      prepared,
      fit: prepared.observed === 0 ? 'no observed days to learn from' : this.model.fit(prepared),
    }));
  }

  predict(horizon: number, options: PredictOptions): ForecastBatch {
    assertHorizon(horizon);
    const levels = normaliseLevels(options.quantiles);
    const forecasts: ForecastResult[] = [];
    const skipped: SkippedSeries[] = [];
    for (const { prepared, fit } of this.fitted) {
      if (typeof fit === 'string') {
        skipped.push({ sku: prepared.sku, reason: fit });
        continue;
      }
      const result = forecastWithErrors(prepared, fit, this.name, horizon, levels, options.paths ?? 0);
      if ('reason' in result) skipped.push(result);
      else forecasts.push(result);
    }
    return { forecasts, skipped };
  }
}

export function assertHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
}

/** The forecast of one fitted product from the end of its history, with empirical uncertainty. */
export function forecastWithErrors(
  p: PreparedSeries, fit: FittedPoint, model: string, horizon: number, levels: number[], maxPaths: number,
): ForecastResult | SkippedSeries {
  const unit = p.freq === 'D' ? 'days' : 'weeks';
  const table = errorTable(p, fit, horizon);
  const columns = errorColumns(table, horizon, p.n);
  if (!columns) return { sku: p.sku, reason: `too little history (${p.observed} observed ${unit}) to measure forecast errors` };
  const point = new Float64Array(horizon);
  fit.forecastFrom(p.n, horizon, point);
  const scales = futureScales(p, p.n, horizon);
  for (let i = 0; i < horizon; i++) if (!(scales[i] > 0) || point[i] < 0) point[i] = 0;
  const quantileArrays = empiricalQuantiles(point, scales, columns, levels, horizon);
  const quantiles: Record<string, Float32Array> = {};
  levels.forEach((level, k) => { quantiles[quantileKey(level)] = quantileArrays[k]; });
  const notes: string[] = [];
  if (table.origins.length < 60) notes.push(`Short history (${p.n} ${unit}): the forecast range is rough.`);
  const result: ForecastResult = {
    sku: p.sku,
    model,
    start: dayToIso(addPeriods(p.startDay, p.n, p.freq)),
    freq: p.freq,
    horizon,
    levels,
    quantiles,
    notes,
  };
  if (maxPaths > 0) {
    const sampled = empiricalPaths(point, scales, table, columns, horizon, maxPaths, p.sku);
    result.paths = sampled.paths;
    result.nPaths = sampled.nPaths;
    if (sampled.resampled) notes.push('Few complete past forecast windows: sample paths are drawn step by step from past errors.');
  }
  const explanation: ForecastExplanation | undefined = fit.components ? explainComponents(p, fit.components(horizon)) : undefined;
  if (explanation) result.explanation = explanation;
  return result;
}

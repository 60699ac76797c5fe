import { addPeriods, dayToIso } from '../series';
import type { ForecastBatch, ForecastExplanation, ForecastResult, Forecaster, PredictOptions, Series, SkippedSeries } from '../series';
import { t } from '../../i18n';
import { normaliseLevels, quantileKey } from '../stats';
import { empiricalPaths, empiricalQuantiles, errorColumns, errorTable, futureScales } from './empirical';
import { explainComponents } from './explain';
import type { FittedPoint, PointModel } from './pointModel';
import { prepareBatch, type PrepareOptions, type PreparedSeries } from './prepare';
import { EnsemblePoint } from './ensemble';
import { EtsPoint } from './ets';
import { IntermittentPoint, MovingAveragePoint } from './simple';
import { calibrateTotals, capPaths, heldOutWindows, rescalePaths, totalsEvidence, totalsPinball, totalsPools, type TotalsEvidence } from './totals';

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
    const withPaths: DecisionItem[] = [];
    for (const { prepared, fit } of this.fitted) {
      if (typeof fit === 'string') {
        skipped.push({ sku: prepared.sku, reason: fit });
        continue;
      }
      const result = forecastWithErrors(prepared, fit, this.name, horizon, levels, options.paths ?? 0);
      if ('reason' in result) skipped.push(result);
      else {
        forecasts.push(result);
        withPaths.push({ p: prepared, fit, result });
      }
    }
    calibrateDecisionTotals(withPaths, options.decisionDays ?? horizon);
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
  const unit = (count: number) => t(p.freq === 'D' ? 'engine:unit.day' : 'engine:unit.week', { count });
  const table = errorTable(p, fit, horizon);
  const columns = errorColumns(table, horizon, p.n);
  if (!columns) return { sku: p.sku, reason: t('engine:point.tooLittleHistory', { observed: p.observed, unit: unit(p.observed) }) };
  const point = new Float64Array(horizon);
  fit.forecastFrom(p.n, horizon, point);
  const scales = futureScales(p, p.n, horizon);
  for (let i = 0; i < horizon; i++) if (!(scales[i] > 0) || point[i] < 0) point[i] = 0;
  const quantileArrays = empiricalQuantiles(point, scales, columns, levels, horizon);
  const quantiles: Record<string, Float32Array> = {};
  levels.forEach((level, k) => { quantiles[quantileKey(level)] = quantileArrays[k]; });
  const notes: string[] = [];
  if (table.origins.length < 60) notes.push(t('engine:point.shortHistory', { count: p.n, unit: unit(p.n) }));
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
    if (sampled.resampled) notes.push(t('engine:point.fewWindows'));
  }
  const explanation: ForecastExplanation | undefined = fit.components ? explainComponents(p, fit.components(horizon)) : undefined;
  if (explanation) result.explanation = explanation;
  return result;
}

/** A product's forecast with the fitted point model whose replays calibrate its totals. */
export interface DecisionItem {
  p: PreparedSeries;
  fit: FittedPoint;
  result: ForecastResult;
}

/**
 * Makes the sample paths' totals over the decision's horizon (lead time + review period) follow
 * the distribution calibrated on the catalogue's own history at that horizon (see totals.ts).
 */
export function calibrateDecisionTotals(items: readonly DecisionItem[], days: number): void {
  const points = items.map(({ p, fit, result }) => pointFromEnd(p, fit, Math.min(days, result.horizon)));
  const evidence = items.map(({ p, fit, result }, k) => (result.paths ? totalsEvidence(p, fit, Math.min(days, result.horizon), points[k]) : undefined));
  const calibration = calibrateTotals(evidence);
  items.forEach(({ p, result }, k) => {
    const e = evidence[k];
    if (!result.paths || !result.nPaths) return;
    const H = Math.min(days, result.horizon);
    const bound = e
      ? { ...rescalePaths(result.paths, result.nPaths, result.horizon, points[k], e, calibration), largest: e.largestTotal, latest: e.latestTotal }
      : capPaths(result.paths, result.nPaths, result.horizon, p, H);
    if (bound.capped) result.notes.push(t('engine:totals.capped', { days: H, largest: Math.round(bound.largest) }));
    else if (bound.record) result.notes.push(t('engine:totals.record', { days: H, latest: Math.round(bound.latest) }));
  });
}

/** The point forecast from the end of the history, zero on closed days (as forecastWithErrors does). */
function pointFromEnd(p: PreparedSeries, fit: FittedPoint, horizon: number): Float64Array {
  const point = new Float64Array(horizon);
  fit.forecastFrom(p.n, horizon, point);
  const scales = futureScales(p, p.n, horizon);
  for (let i = 0; i < horizon; i++) if (!(scales[i] > 0) || point[i] < 0) point[i] = 0;
  return point;
}

/** Levels the choice of a totals model is judged at: a median order and the usual service targets. */
const DECISION_LEVELS = [0.5, 0.8, 0.95];

/**
 * Chooses, for each product, the point model whose totals over the decision's horizon to trust:
 * per pool of products alike (share of selling days × size), the candidate with the lowest pinball
 * loss of its predicted totals on the held-out newest windows (predicted from older errors only).
 * One product's few windows prove little; a pool's many do. `fits[c][j]` is candidate c on product j.
 */
export function chooseTotalsModels(
  prepared: readonly PreparedSeries[], candidateFits: readonly (readonly (FittedPoint | string)[])[], days: number, horizon: number,
  options: { recentMeans?: boolean } = {},
): (FittedPoint | undefined)[] {
  const H = Math.min(days, horizon);
  // The seller's own rules of thumb as candidates too: the mean of the last H days, quarter and year.
  const extras = options.recentMeans === false ? [] : [H, 91, 364].map((w) => new MovingAveragePoint([w]));
  const fits = [...candidateFits, ...extras.map((model) => prepared.map((p) => (p.observed === 0 ? 'no observed steps' : model.fit(p))))];
  const evidence: (TotalsEvidence | undefined)[][] = fits.map((candidate) => prepared.map((p, j) => {
    const fit = candidate[j];
    return typeof fit === 'string' ? undefined : totalsEvidence(p, fit, H, pointFromEnd(p, fit, H));
  }));
  const pools = evidence.map((list) => totalsPools(list));
  const poolOf = (j: number) => evidence.map((list) => list[j]).find((e) => e)?.pool;
  const loss = new Map<string, Float64Array>();
  prepared.forEach((_, j) => {
    const pool = poolOf(j);
    if (!pool) return;
    const perCandidate = evidence.map((list, c) => {
      const e = list[j];
      if (!e) return Number.NaN;
      const windows = heldOutWindows(e, pools[c], 12);
      if (windows.length === 0) return Number.NaN;
      return windows.reduce((sum, w) => sum + totalsPinball(w.forecast, w.actual, w.mixture, DECISION_LEVELS), 0) / windows.length;
    });
    if (perCandidate.some((x) => Number.isNaN(x))) return;
    const total = loss.get(pool) ?? new Float64Array(fits.length);
    perCandidate.forEach((x, c) => { total[c] += x; });
    loss.set(pool, total);
  });
  const bestOf = (pool: string | undefined) => {
    const total = pool ? loss.get(pool) : undefined;
    if (!total) return -1;
    let best = 0;
    for (let c = 1; c < total.length; c++) if (total[c] < total[best]) best = c;
    return best;
  };
  return prepared.map((_, j) => {
    const best = bestOf(poolOf(j));
    const fit = best >= 0 ? fits[best][j] : undefined;
    return fit && typeof fit !== 'string' ? fit : undefined;
  });
}

/**
 * Totals calibration for a forecaster whose forecasts cannot be replayed from past origins cheaply
 * (the Transformer, cold start): the replays of the default statistical ensemble (ETS, TSB, moving
 * average) on the same histories stand in for it. Only forecasts with sample paths are touched.
 */
export function calibrateTotalsAgainstEnsemble(series: readonly Series[], batch: ForecastBatch, days: number): void {
  const bySku = new Map(batch.forecasts.filter((f) => f.paths && f.nPaths).map((f) => [f.sku, f]));
  if (bySku.size === 0) return;
  const prepared = prepareBatch(series.filter((s) => bySku.has(s.sku)));
  const ensemble = new EnsemblePoint('ensemble', [new EtsPoint(), new IntermittentPoint('tsb'), new MovingAveragePoint()]);
  const items: DecisionItem[] = [];
  for (const p of prepared) {
    if (p.observed === 0) continue;
    const fit = ensemble.fit(p);
    if (typeof fit !== 'string') items.push({ p, fit, result: bySku.get(p.sku) as ForecastResult });
  }
  calibrateDecisionTotals(items, days);
}

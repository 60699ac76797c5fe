import { metricsOf, naiveScales, quantileRows, ScoreAccumulator } from '../evaluate';
import { observedMask, truncateSeries, type ForecastResult, type Series } from '../series';

/**
 * Last-horizon holdout scores, used to decide whether a new model version is kept (continual
 * learning). The metrics are the forecast engine's (src/core/evaluate): MASE of the median and
 * P10/P50/P90 pinball loss scaled by the in-sample naive error, averaged with equal weight per
 * product; stock-outs and closed days are not scored.
 */
export interface HoldoutScore {
  mase: number;
  scaledPinball: number;
  products: number;
}

export const SCORE_LEVELS = [0.1, 0.5, 0.9] as const;

/** Series without their last `days` (what a model may see when the last `days` are the test). */
export function withoutLast(series: readonly Series[], days: number): Series[] {
  return series.filter((s) => s.values.length > days).map((s) => truncateSeries(s, s.values.length - days));
}

/** Per-product scores of forecasts made `horizon` days before the end of `full`. */
export function scoreProducts(full: readonly Series[], forecasts: readonly ForecastResult[], horizon: number): Map<string, { mase: number; scaledPinball: number }> {
  const bySku = new Map(full.map((s) => [s.sku, s]));
  const out = new Map<string, { mase: number; scaledPinball: number }>();
  for (const f of forecasts) {
    const s = bySku.get(f.sku);
    if (!s || s.values.length <= horizon) continue;
    const cut = s.values.length - horizon;
    const observed = observedMask(s);
    const scales = naiveScales(s.values.subarray(0, cut), observed.subarray(0, cut));
    const rows = quantileRows(f.quantiles, SCORE_LEVELS);
    const acc = new ScoreAccumulator(SCORE_LEVELS);
    const q = new Float64Array(SCORE_LEVELS.length);
    for (let t = 0; t < Math.min(horizon, f.horizon); t++) {
      if (!observed[cut + t]) continue;
      rows.forEach((row, k) => { q[k] = row[t]; });
      acc.add(s.values[cut + t], q);
    }
    const metrics = metricsOf(acc, scales);
    if (Number.isFinite(metrics.mase) && Number.isFinite(metrics.scaledPinball)) out.set(f.sku, { mase: metrics.mase, scaledPinball: metrics.scaledPinball });
  }
  return out;
}

export function summarise(scores: ReadonlyMap<string, { mase: number; scaledPinball: number }>, only?: ReadonlySet<string>): HoldoutScore {
  let mase = 0;
  let spl = 0;
  let n = 0;
  for (const [sku, s] of scores) {
    if (only && !only.has(sku)) continue;
    mase += s.mase;
    spl += s.scaledPinball;
    n++;
  }
  return { mase: n ? mase / n : Number.NaN, scaledPinball: n ? spl / n : Number.NaN, products: n };
}

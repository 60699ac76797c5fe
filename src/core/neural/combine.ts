import type { ForecastBatch, ForecastResult, Forecaster, PredictOptions, Series } from '../series';

/**
 * Quantile averaging (Vincentisation) of two forecasters: per product and level, the weighted mean
 * of their quantiles (`weightOfB` on the second, the rest on the first; equal by default); products
 * only one of them forecasts keep that one's forecast. Sample paths are paired by the rank of their
 * total (lowest with lowest) and averaged with the same weights, which is the same averaging applied
 * to cumulative demand, the quantity the planner reads off them.
 */
export class QuantileAverage implements Forecaster {
  constructor(readonly name: string, private readonly a: Forecaster, private readonly b: Forecaster, private readonly weightOfB = 0.5) {
    if (!(weightOfB >= 0 && weightOfB <= 1)) throw new RangeError(`the weight of the second forecaster must lie in [0, 1], got ${weightOfB}`);
  }

  async fit(series: readonly Series[]): Promise<void> {
    await this.a.fit(series);
    await this.b.fit(series);
  }

  async predict(horizon: number, options: PredictOptions): Promise<ForecastBatch> {
    const [first, second] = [await this.a.predict(horizon, options), await this.b.predict(horizon, options)];
    const other = new Map(second.forecasts.map((f) => [f.sku, f]));
    const forecasts: ForecastResult[] = first.forecasts.map((f) => {
      const g = other.get(f.sku);
      other.delete(f.sku);
      return g ? average(this.name, f, g, this.weightOfB) : f;
    });
    forecasts.push(...other.values());
    const forecast = new Set(forecasts.map((f) => f.sku));
    const skipped = [...first.skipped, ...second.skipped].filter((s, i, all) => !forecast.has(s.sku) && all.findIndex((t) => t.sku === s.sku) === i);
    return { forecasts, skipped };
  }
}

function average(name: string, f: ForecastResult, g: ForecastResult, w: number): ForecastResult {
  const quantiles: Record<string, Float32Array> = {};
  for (const [key, values] of Object.entries(f.quantiles)) {
    const theirs = g.quantiles[key];
    quantiles[key] = theirs ? values.map((v, i) => (1 - w) * v + w * theirs[i]) : values;
  }
  const result: ForecastResult = { ...f, model: name, quantiles, notes: [...new Set([...f.notes, ...g.notes])] };
  if (f.paths && g.paths && f.nPaths && g.nPaths) {
    const n = Math.min(f.nPaths, g.nPaths);
    const h = f.horizon;
    const byTotal = (paths: Float32Array, count: number) => Array.from({ length: count }, (_, p) => p)
      .map((p) => ({ p, total: paths.subarray(p * h, (p + 1) * h).reduce((s, v) => s + v, 0) }))
      .sort((x, y) => x.total - y.total)
      .map((x) => x.p);
    // Take n evenly spaced ranks from each set, so both sets' spreads are kept.
    const ra = byTotal(f.paths, f.nPaths);
    const rb = byTotal(g.paths, g.nPaths);
    const paths = new Float32Array(n * h);
    for (let k = 0; k < n; k++) {
      const pa = ra[Math.floor(((k + 0.5) * f.nPaths) / n)];
      const pb = rb[Math.floor(((k + 0.5) * g.nPaths) / n)];
      for (let t = 0; t < h; t++) paths[k * h + t] = (1 - w) * f.paths[pa * h + t] + w * g.paths[pb * h + t];
    }
    result.paths = paths;
    result.nPaths = n;
  } else {
    delete result.paths;
    delete result.nPaths;
  }
  return result;
}

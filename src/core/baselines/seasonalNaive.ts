import { addPeriods, DayFlag, isoToDay, dayToIso } from '../series';
import type { ForecastBatch, ForecastResult, Forecaster, PredictOptions, Series, SkippedSeries } from '../series';
import { hashString, mulberry32, normaliseLevels, quantileKey, quantileSorted } from '../stats';

export interface SeasonalNaiveOptions {
  /** Season length in steps; defaults to 7 for daily and 52 for weekly series (1 below 54 weeks). */
  season?: number;
  /** Only forecast origins within this many most recent steps feed the error distribution. */
  errorWindow?: number;
  /** Fewer historical errors than this at a step, or fewer complete error paths, triggers the bootstrap. */
  minErrors?: number;
  /** Paths drawn when bootstrapping (short histories). */
  bootstrapPaths?: number;
}

/**
 * Seasonal naive: each future step repeats the value one season earlier. Its uncertainty is
 * empirical, not assumed: the forecaster replays itself over the product's own history and takes
 * quantiles of the errors it made at each horizon step. Whole historical error paths (one per
 * forecast origin) become the sample paths, so cumulative demand keeps its real autocorrelation.
 *
 * For short histories, where too few such errors exist, paths are bootstrapped from the observed
 * season-over-season differences: the h-step error of seasonal naive is a sum of ceil(h/m) of them.
 */
export class SeasonalNaive implements Forecaster {
  readonly name = 'seasonal_naive';
  private series: readonly Series[] = [];
  private readonly opts: Required<SeasonalNaiveOptions>;

  constructor(options: SeasonalNaiveOptions = {}) {
    this.opts = {
      season: options.season ?? 0,
      errorWindow: options.errorWindow ?? 365,
      minErrors: options.minErrors ?? 20,
      bootstrapPaths: options.bootstrapPaths ?? 1000,
    };
  }

  fit(series: readonly Series[]): void {
    this.series = series;
  }

  predict(horizon: number, options: PredictOptions): ForecastBatch {
    if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
    const levels = normaliseLevels(options.quantiles);
    const forecasts: ForecastResult[] = [];
    const skipped: SkippedSeries[] = [];
    for (const s of this.series) {
      // Weekly series shorter than a year and a bit have no season to repeat: last week stands in.
      const m = this.opts.season || (s.freq === 'D' ? 7 : s.values.length >= 54 ? 52 : 1);
      const out = this.forecastOne(s, m, horizon, levels, options.paths ?? 0);
      if (!('reason' in out) && m === 1 && !this.opts.season) out.notes.push('Less than a year of weeks: repeats the last week.');
      if ('reason' in out) skipped.push(out);
      else forecasts.push(out);
    }
    return { forecasts, skipped };
  }

  private forecastOne(
    s: Series, m: number, horizon: number, levels: number[], maxPaths: number,
  ): ForecastResult | SkippedSeries {
    const y = s.values;
    const n = y.length;
    const unit = s.freq === 'D' ? 'days' : 'weeks';
    const censored = (i: number) => s.flags !== undefined && (s.flags[i] & DayFlag.Stockout) !== 0;
    if (n < m + 2) {
      return { sku: s.sku, reason: `needs at least ${m + 2} ${unit} of history for seasonal naive, has ${n}` };
    }

    // Seasonal naive from an origin `o` (history y[0..o-1]) forecasts step i as y[o - m + (i mod m)];
    // a censored source day is replaced by the same weekday one season earlier.
    const source = (o: number, i: number): number => {
      let j = o - m + (i % m);
      while (j >= 0 && censored(j)) j -= m;
      return j;
    };
    const point = new Float64Array(horizon);
    for (let i = 0; i < horizon; i++) {
      const j = source(n, i);
      point[i] = j >= 0 ? y[j] : 0;
    }

    // Historical errors per step, from origins inside the recent window (typed arrays: this runs
    // for every product, fold and refit).
    const firstOrigin = Math.max(m, n - this.opts.errorWindow);
    const origins = Math.max(0, n - firstOrigin);
    const errorsAt: Float64Array[] = [];
    const errorCount = new Int32Array(horizon);
    for (let i = 0; i < horizon; i++) errorsAt.push(new Float64Array(origins));
    for (let o = firstOrigin; o < n; o++) {
      for (let i = 0; i < horizon && o + i < n; i++) {
        const j = source(o, i);
        if (j < 0 || censored(o + i)) continue;
        errorsAt[i][errorCount[i]++] = y[o + i] - y[j];
      }
    }
    // Complete, uncensored error paths (origins whose whole horizon lies inside the history),
    // newest first; only built when paths were asked for, otherwise just counted.
    const historicalPaths: Float64Array[] = [];
    let completePaths = 0;
    for (let o = n - horizon; o >= firstOrigin; o--) {
      let ok = true;
      for (let i = 0; i < horizon && ok; i++) {
        const j = source(o, i);
        if (j < 0 || censored(o + i)) ok = false;
      }
      if (!ok) continue;
      completePaths++;
      if (maxPaths > 0 && historicalPaths.length < maxPaths) {
        const path = new Float64Array(horizon);
        for (let i = 0; i < horizon; i++) path[i] = y[o + i] - y[source(o, i)];
        historicalPaths.push(path);
      }
    }
    const notes: string[] = [];
    let fewestErrors = Number.POSITIVE_INFINITY;
    for (let i = 0; i < horizon; i++) fewestErrors = Math.min(fewestErrors, errorCount[i]);
    const needsBootstrap = completePaths < this.opts.minErrors || fewestErrors < this.opts.minErrors;
    let bootstrap: Float64Array[] = [];
    if (needsBootstrap) {
      const diffs: number[] = [];
      for (let t = m; t < n; t++) if (!censored(t) && !censored(t - m)) diffs.push(y[t] - y[t - m]);
      if (diffs.length < 2) {
        return { sku: s.sku, reason: `too few uncensored ${unit} to estimate forecast uncertainty` };
      }
      bootstrap = bootstrapErrorPaths(diffs, m, horizon, this.opts.bootstrapPaths, hashString(s.sku));
      notes.push(`Short history (${n} ${unit}): uncertainty bootstrapped from season-over-season changes.`);
    }

    const quantiles: Record<string, Float32Array> = {};
    const rows = levels.map((level) => {
      const row = new Float32Array(horizon);
      quantiles[quantileKey(level)] = row;
      return row;
    });
    for (let i = 0; i < horizon; i++) {
      const errors = errorCount[i] >= this.opts.minErrors
        ? errorsAt[i].subarray(0, errorCount[i])
        : Float64Array.from(bootstrap, (p) => p[i]);
      errors.sort();
      for (let k = 0; k < levels.length; k++) rows[k][i] = Math.max(0, point[i] + quantileSorted(errors, levels[k]));
    }

    const result: ForecastResult = {
      sku: s.sku,
      model: this.name,
      start: dayToIso(addPeriods(isoToDay(s.start), n, s.freq)),
      freq: s.freq,
      horizon,
      levels,
      quantiles,
      notes,
    };
    if (maxPaths > 0) {
      const errorPaths = completePaths >= this.opts.minErrors ? historicalPaths : bootstrap;
      const count = Math.min(maxPaths, errorPaths.length);
      const paths = new Float32Array(count * horizon);
      for (let p = 0; p < count; p++) {
        for (let i = 0; i < horizon; i++) paths[p * horizon + i] = Math.max(0, point[i] + errorPaths[p][i]);
      }
      result.paths = paths;
      result.nPaths = count;
    }
    return result;
  }
}

/**
 * Error paths of seasonal naive under its own model (a seasonal random walk): the error k seasons
 * ahead is the sum of k independent season-over-season changes, resampled from the observed ones.
 */
export function bootstrapErrorPaths(
  diffs: readonly number[], season: number, horizon: number, count: number, seed: number,
): Float64Array[] {
  const random = mulberry32(seed);
  const paths: Float64Array[] = [];
  for (let p = 0; p < count; p++) {
    const path = new Float64Array(horizon);
    for (let i = 0; i < horizon; i++) {
      const draw = diffs[Math.floor(random() * diffs.length)];
      path[i] = (i >= season ? path[i - season] : 0) + draw;
    }
    paths.push(path);
  }
  return paths;
}

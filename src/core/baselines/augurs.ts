import initEts, { AutoETS } from '@bsull/augurs/ets';
import initMstl, { MSTL } from '@bsull/augurs/mstl';
import { addPeriods, dayToIso } from '../series';
import type { ForecastBatch, ForecastResult, Forecaster, PredictOptions, Series, SkippedSeries } from '../series';
import { hashString, mulberry32, normaliseLevels, quantileKey } from '../stats';
import { assertHorizon } from './pointForecaster';
import { prepareBatch, type PreparedSeries } from './prepare';

/**
 * @bsull/augurs (Rust compiled to WebAssembly) behind the Forecaster face:
 * - `auto_ets`: augurs' AutoETS, which chooses among non-seasonal ETS models (error and trend type)
 *   by AICc. It is the reference the default pipeline must beat.
 * - `mstl`: augurs' MSTL — seasonal-trend decomposition by LOESS for the weekly (and, with two
 *   years, yearly) season, AutoETS on the rest.
 * Neither learns a stocked-out or closed day as a zero: AutoETS (no season) is fitted on the
 * observed steps one after another and its forecast laid onto the next open days; MSTL keeps the
 * calendar grid with those steps imputed (augurs' `impute`), and closed days are forecast as 0.
 * Quantiles come from the models' own Gaussian intervals; sample paths follow the same marginal
 * variances with the level-noise structure of ETS(A,N,N) (a random walk plus noise), since augurs
 * exposes neither states nor simulation.
 *
 * The wasm must be loaded once per realm with `loadAugurs` (bytes in Node, a URL in a browser).
 */

export type AugursModule = 'ets' | 'mstl';
export type WasmSource = BufferSource | URL | string | Response;

const loaded = new Map<AugursModule, Promise<unknown>>();

export function loadAugurs(module: AugursModule, source: WasmSource | Promise<WasmSource>): Promise<void> {
  if (!loaded.has(module)) {
    const init = (s: WasmSource): Promise<unknown> => (module === 'ets' ? initEts({ module_or_path: s }) : initMstl({ module_or_path: s }));
    loaded.set(module, Promise.resolve(source).then(init));
  }
  return (loaded.get(module) as Promise<unknown>).then(() => undefined);
}

export function augursLoaded(module: AugursModule): boolean {
  return loaded.has(module);
}

/** The package asset each module needs (for environments that resolve assets by name). */
export const AUGURS_WASM: Record<AugursModule, string> = {
  ets: '@bsull/augurs/ets_bg.wasm',
  mstl: '@bsull/augurs/mstl_bg.wasm',
};

interface Fitted {
  prepared: PreparedSeries;
  observed: Float64Array;
}

export class AugursForecaster implements Forecaster {
  readonly name: string;
  private fitted: Fitted[] = [];

  constructor(private readonly kind: AugursModule) {
    this.name = kind === 'ets' ? 'auto_ets' : 'mstl';
  }

  fit(series: readonly Series[]): void {
    if (!augursLoaded(this.kind)) throw new Error(`augurs ${this.kind} wasm is not loaded: call loadAugurs('${this.kind}', …) first`);
    this.fitted = prepareBatch(series, { capSpikes: false, yearly: false }).map((prepared) => {
      const observed = new Float64Array(prepared.observed);
      let k = 0;
      for (let t = 0; t < prepared.n; t++) if (prepared.mask[t]) observed[k++] = prepared.y[t];
      return { prepared, observed };
    });
  }

  predict(horizon: number, options: PredictOptions): ForecastBatch {
    assertHorizon(horizon);
    const levels = normaliseLevels(options.quantiles);
    const forecasts: ForecastResult[] = [];
    const skipped: SkippedSeries[] = [];
    for (const { prepared, observed } of this.fitted) {
      try {
        const result = this.forecastOne(prepared, observed, horizon, levels, options.paths ?? 0);
        if ('reason' in result) skipped.push(result);
        else forecasts.push(result);
      } catch (error) {
        skipped.push({ sku: prepared.sku, reason: `${this.name} failed: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    return { forecasts, skipped };
  }

  private forecastOne(
    p: PreparedSeries, observed: Float64Array, horizon: number, levels: number[], maxPaths: number,
  ): ForecastResult | SkippedSeries {
    const daily = p.freq === 'D';
    if (observed.length < 10) return { sku: p.sku, reason: `needs at least 10 observed ${daily ? 'days' : 'weeks'}` };
    const intervalLevels = [...new Set(levels.filter((l) => l !== 0.5).map((l) => Math.abs(2 * l - 1)))];
    const byLevel = new Map<number, { lower: number[]; upper: number[] }>();
    let point: number[];
    // Which future steps the model's steps land on: AutoETS (no season) forecasts open days one
    // after another; MSTL works on the calendar grid, unobserved steps imputed, closed days zeroed.
    const open: number[] = [];
    if (this.kind === 'ets') {
      for (let i = 0; i < horizon; i++) if (!p.closedAt(p.n + i)) open.push(i);
      const steps = Math.max(1, open.length);
      const model = new AutoETS(1, 'ZZN');
      try {
        model.fit(observed);
        point = model.predict(steps).point;
        for (const level of intervalLevels) {
          const f = model.predict(steps, level);
          if (f.intervals) byLevel.set(level, f.intervals);
        }
      } finally {
        model.free();
      }
    } else {
      const periods = daily ? (p.n >= 2 * 365 + 14 ? [7, 365] : [7]) : p.n >= 2 * 52 + 4 ? [52] : [];
      if (periods.length === 0 || p.n < 2 * Math.max(...periods) + 1) return { sku: p.sku, reason: 'too short for MSTL' };
      const grid = new Float64Array(p.n);
      for (let t = 0; t < p.n; t++) grid[t] = p.mask[t] ? p.y[t] : Number.NaN;
      for (let i = 0; i < horizon; i++) open.push(i);
      const model = MSTL.ets(periods, { impute: true });
      try {
        model.fit(grid);
        point = model.predict(horizon).point;
        for (const level of intervalLevels) {
          const f = model.predict(horizon, level);
          if (f.intervals) byLevel.set(level, f.intervals);
        }
      } finally {
        model.free();
      }
      for (let i = horizon - 1; i >= 0; i--) if (p.closedAt(p.n + i)) open.splice(i, 1);
      point = open.map((i) => point[i]);
      for (const [level, f] of byLevel) byLevel.set(level, { lower: open.map((i) => f.lower[i]), upper: open.map((i) => f.upper[i]) });
    }
    const steps = Math.max(1, open.length);
    const sd = new Float64Array(steps);
    // Standard deviation per step from the widest interval available (Gaussian intervals).
    const widest = intervalLevels.length > 0 ? Math.max(...intervalLevels) : 0;
    const interval = byLevel.get(widest);
    if (interval && widest > 0) {
      const zWidest = normalQuantile(0.5 + widest / 2);
      for (let k = 0; k < steps; k++) sd[k] = Math.max(0, (interval.upper[k] - interval.lower[k]) / (2 * zWidest));
    }
    const quantiles: Record<string, Float32Array> = {};
    for (const level of levels) {
      const values = new Float32Array(horizon);
      const z = normalQuantile(level);
      open.forEach((i, k) => { values[i] = Math.max(0, point[k] + z * sd[k]); });
      quantiles[quantileKey(level)] = values;
    }
    const result: ForecastResult = {
      sku: p.sku, model: this.name, start: dayToIso(addPeriods(p.startDay, p.n, p.freq)), freq: p.freq, horizon, levels, quantiles, notes: [],
    };
    if (maxPaths > 0) {
      const count = Math.min(maxPaths, 200);
      const random = mulberry32(hashString(p.sku));
      const gaussian = () => {
        const u = Math.max(random(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
      };
      const paths = new Float32Array(count * horizon);
      for (let j = 0; j < count; j++) {
        let levelNoise = 0;
        let previous = sd[0] * sd[0];
        open.forEach((i, k) => {
          const variance = sd[k] * sd[k];
          if (k > 0) levelNoise += Math.sqrt(Math.max(0, variance - previous)) * gaussian();
          previous = Math.max(previous, variance);
          paths[j * horizon + i] = Math.max(0, point[k] + levelNoise + sd[0] * gaussian());
        });
      }
      result.paths = paths;
      result.nPaths = count;
    }
    return result;
  }
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

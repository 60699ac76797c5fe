import { hashString, mulberry32, quantileSorted } from '../stats';
import type { FittedPoint } from './pointModel';
import type { PreparedSeries } from './prepare';

/**
 * Uncertainty from a model's own track record (split-conformal in spirit): replay the fitted model
 * from every origin of the recent past, divide each error by its error scale — (demand scale known
 * at the origin × the target day's profile)^β, see PreparedSeries.errorScale — and read quantiles
 * of those normalised errors. The forecast's quantile at step i is point_i + q_i · errorScale_i,
 * never below zero; whole rows of errors, one per origin, become sample paths, so cumulative
 * demand keeps its autocorrelation.
 */

/** Normalised errors of one fitted model at many origins. */
export interface ErrorTable {
  horizon: number;
  /** Ascending origin indices; row r holds the errors of the forecast made at origins[r]. */
  origins: Int32Array;
  /** rows × horizon, row-major; NaN where the target was unobserved or beyond the history. */
  z: Float32Array;
  /** The point forecasts behind them, same layout (used by backtests inside the history). */
  point: Float32Array;
}

export interface ErrorWindow {
  /** Most recent origins replayed (steps). */
  window: number;
  /** Earliest origin: a model needs some history before its forecasts mean anything. */
  minOrigin: number;
}

function defaultErrorWindow(p: PreparedSeries): ErrorWindow {
  const daily = p.freq === 'D';
  return {
    window: daily ? 364 : 104,
    minOrigin: Math.min(daily ? 28 : 8, Math.floor(p.n / 3)),
  };
}

/** Replays `fitted` from origins max(minOrigin, n − window) … n − 1. */
export function errorTable(p: PreparedSeries, fitted: FittedPoint, horizon: number, win = defaultErrorWindow(p)): ErrorTable {
  const first = Math.max(win.minOrigin, p.n - win.window, 1);
  const rows = Math.max(0, p.n - first);
  const origins = new Int32Array(rows);
  const z = new Float32Array(rows * horizon).fill(Number.NaN);
  const point = new Float32Array(rows * horizon);
  const out = new Float64Array(horizon);
  for (let r = 0; r < rows; r++) {
    const o = first + r;
    origins[r] = o;
    fitted.forecastFrom(o, horizon, out);
    const base = r * horizon;
    for (let i = 0; i < horizon; i++) {
      const f = out[i] > 0 ? out[i] : 0;
      point[base + i] = f;
      const t = o + i;
      if (t >= p.n || !p.mask[t]) continue;
      const s = p.errorScale(o, t);
      if (!(s > 0)) continue;
      z[base + i] = (p.y[t] - f) / s;
    }
  }
  return { horizon, origins, z, point };
}

/**
 * Sorted normalised errors per step, from rows whose targets lie before `before` (an origin; the
 * end of the history for the final forecast). A step with fewer than `minErrors` errors borrows
 * from its neighbouring steps until it has enough; `undefined` when the table has almost none.
 */
export function errorColumns(table: ErrorTable, horizon: number, before: number, minErrors = 20): Float64Array[] | undefined {
  const h = table.horizon;
  const rows = table.origins.length;
  const first = rows > 0 ? table.origins[0] : 0;
  const raw: Float64Array[] = [];
  let total = 0;
  for (let i = 0; i < horizon; i++) {
    // Rows whose target at step i lies before `before`: origins[r] + i < before.
    const end = Math.max(0, Math.min(rows, before - i - first));
    const column = new Float64Array(end);
    let count = 0;
    if (i < h) {
      for (let r = 0; r < end; r++) {
        const v = table.z[r * h + i];
        if (v === v) column[count++] = v; // not NaN
      }
    }
    raw.push(column.subarray(0, count));
    total += count;
  }
  if (total < 5) return undefined;
  const columns: Float64Array[] = [];
  for (let i = 0; i < horizon; i++) {
    let merged = raw[i];
    if (merged.length < minErrors) {
      const parts: number[] = Array.from(merged);
      for (let k = 1; parts.length < minErrors && (i - k >= 0 || i + k < horizon); k++) {
        if (i - k >= 0) parts.push(...raw[i - k]);
        if (i + k < horizon) parts.push(...raw[i + k]);
      }
      merged = Float64Array.from(parts);
    } else {
      merged = merged.slice();
    }
    columns.push(merged.sort());
  }
  return columns;
}

/** Quantile forecasts (per level, per step) from a point forecast and sorted normalised errors. */
export function empiricalQuantiles(
  point: Float64Array, scales: Float64Array, columns: Float64Array[], levels: readonly number[], horizon: number,
): Float32Array[] {
  return levels.map((level) => {
    const out = new Float32Array(horizon);
    for (let i = 0; i < horizon; i++) {
      if (!(scales[i] > 0)) continue; // closed day, or no scale: nothing will sell
      const q = point[i] + quantileSorted(columns[i], level) * scales[i];
      out[i] = q > 0 ? q : 0;
    }
    // Quantiles of one step never cross: levels are ascending and so are the error quantiles.
    return out;
  });
}

/**
 * Sample paths: the most recent origins' whole error rows, rescaled to now and added to the point
 * forecast. Gaps in a row (unobserved targets, or steps past the history's end) are filled with a
 * draw from the same step's errors; when fewer than `minPaths` rows exist, every step is drawn.
 */
export function empiricalPaths(
  point: Float64Array, scales: Float64Array, table: ErrorTable, columns: Float64Array[], horizon: number,
  maxPaths: number, seedText: string, minPaths = 20,
): { paths: Float32Array; nPaths: number; resampled: boolean } {
  const h = table.horizon;
  // Rows (origins) whose whole horizon lies inside the history, newest first.
  const rows: number[] = [];
  for (let r = table.origins.length - 1; r >= 0; r--) {
    if (table.origins[r] + horizon <= table.origins[table.origins.length - 1] + 1) rows.push(r);
  }
  const resampled = rows.length < minPaths;
  const count = resampled ? Math.min(maxPaths, 200) : Math.min(maxPaths, rows.length);
  const random = mulberry32(hashString(seedText));
  const paths = new Float32Array(count * horizon);
  for (let k = 0; k < count; k++) {
    const r = resampled ? -1 : rows[k];
    for (let i = 0; i < horizon; i++) {
      if (!(scales[i] > 0)) continue;
      let z = r >= 0 && i < h ? table.z[r * h + i] : Number.NaN;
      if (Number.isNaN(z)) {
        const column = columns[i];
        z = column[Math.floor(random() * column.length)];
      }
      const v = point[i] + z * scales[i];
      paths[k * horizon + i] = v > 0 ? v : 0;
    }
  }
  return { paths, nPaths: count, resampled };
}

/** Error scale of each future step (see PreparedSeries.errorScale); 0 on closed days. */
export function futureScales(p: PreparedSeries, origin: number, horizon: number): Float64Array {
  const scales = new Float64Array(horizon);
  for (let i = 0; i < horizon; i++) {
    const t = origin + i;
    scales[i] = t >= p.n && p.closedAt(t) ? 0 : p.errorScale(origin, t);
  }
  return scales;
}

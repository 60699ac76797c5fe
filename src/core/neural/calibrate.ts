import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../stats';
import { applySpread, horizonDays } from './config';
import { pinball } from './loss';
import type { PreparedSeries } from './covariates';
import type { PatchTransformer } from './model';
import { calibratePathCorrelation, normalQuantile, pit, type PathCorrelation } from './paths';
import { validationWindows } from './train';
import { buildBatch } from './windows';

export interface PathCalibration extends PathCorrelation {
  /** Per-level spread factors (see NeuralConfig.spread). */
  spread: number[];
  /** Validation windows and days the calibration was estimated from. */
  windows: number;
  days: number;
  /** Share of validation days where what sold fell inside the P10–P90 band, before and after the spread (ideal 0.8). */
  coverage80Raw: number;
  coverage80: number;
  /** Mean pinball loss (normalised units) on those days, before and after the spread. */
  pinballRaw: number;
  pinball: number;
}

const SPREAD_GRID = Array.from({ length: 35 }, (_, i) => Number((0.3 + i * 0.05).toFixed(2))); // 0.3 … 2.0, 1 included

/**
 * Calibrates the forecast distribution on the validation split (each product's last horizon):
 * 1. the spread: per quantile level, the factor on its distance from the median that minimises
 *    that level's pinball loss on what sold (the median stays), so intervals are as wide as the
 *    data warrant;
 * 2. the copula: the PIT of each observed day under the spread quantiles, turned into a normal
 *    score; the lag correlations of those scores fix how sample paths move together (paths.ts).
 */
export async function calibratePaths(model: PatchTransformer, data: readonly PreparedSeries[], maxWindows = 3000, seed = 11): Promise<PathCalibration> {
  const cfg = model.config;
  const H = horizonDays(cfg);
  const Q = cfg.levels.length;
  const random = mulberry32(seed);
  let windows = validationWindows(data, H);
  if (windows.length > maxWindows) windows = windows.filter((_, i) => i % Math.ceil(windows.length / maxWindows) === 0);

  // The network's quantiles and the outcome of every observed validation day, in units divided by
  // the window's scale (PIT and pinball comparisons are invariant to that scaling).
  const rows: { own: Float32Array; actual: Float64Array }[] = [];
  for (let i = 0; i < windows.length; i += 256) {
    const batch = buildBatch(data, windows.slice(i, i + 256), cfg, { withTargets: true });
    const z = tf.tidy(() => model.forward(model.toTensors(batch), false).quantiles);
    const values = (await z.data()) as Float32Array;
    z.dispose();
    for (let b = 0; b < batch.size; b++) {
      const shift = -batch.floor[b];
      const own = new Float32Array(H * Q);
      for (let k = 0; k < H * Q; k++) own[k] = Math.max(0, values[b * H * Q + k] + shift) * batch.season[b * H + Math.floor(k / Q)];
      const actual = new Float64Array(H).fill(Number.NaN);
      for (let t = 0; t < H; t++) if (batch.targetMask![b * H + t]) actual[t] = (batch.target![b * H + t] + shift) * batch.season[b * H + t];
      rows.push({ own, actual });
    }
  }

  const median = cfg.levels.indexOf(0.5);
  const spread = cfg.levels.map((level, k) => {
    if (k === median) return 1;
    let best = 1;
    let bestLoss = Number.POSITIVE_INFINITY;
    for (const s of SPREAD_GRID) {
      let loss = 0;
      for (const { own, actual } of rows) {
        for (let t = 0; t < H; t++) {
          if (!Number.isFinite(actual[t])) continue;
          const m = own[t * Q + median];
          loss += pinball(actual[t], Math.max(0, m + s * (own[t * Q + k] - m)), level);
        }
      }
      if (loss < bestLoss) {
        bestLoss = loss;
        best = s;
      }
    }
    return best;
  });

  const scores: Float64Array[] = [];
  let days = 0;
  let insideRaw = 0;
  let inside = 0;
  let lossRaw = 0;
  let loss = 0;
  const lo = cfg.levels.indexOf(0.1);
  const hi = cfg.levels.indexOf(0.9);
  const inBand = (q: Float32Array, t: number, y: number) => y >= q[t * Q + lo] - 1e-6 && y <= q[t * Q + hi] + 1e-6;
  for (const { own, actual } of rows) {
    const adjusted = Float32Array.from(own);
    for (let t = 0; t < H; t++) applySpread(spread, adjusted, t * Q, cfg.levels);
    const row = new Float64Array(H).fill(Number.NaN);
    for (let t = 0; t < H; t++) {
      const y = actual[t];
      if (!Number.isFinite(y)) continue;
      row[t] = normalQuantile(pit(cfg.levels, adjusted, y, random, t * Q));
      days++;
      if (lo >= 0 && hi >= 0) {
        if (inBand(own, t, y)) insideRaw++;
        if (inBand(adjusted, t, y)) inside++;
      }
      for (let k = 0; k < Q; k++) {
        lossRaw += pinball(y, own[t * Q + k], cfg.levels[k]) / Q;
        loss += pinball(y, adjusted[t * Q + k], cfg.levels[k]) / Q;
      }
    }
    scores.push(row);
  }
  const correlation = calibratePathCorrelation(scores, H);
  return {
    ...correlation, spread, windows: windows.length, days,
    coverage80Raw: days > 0 ? insideRaw / days : Number.NaN, coverage80: days > 0 ? inside / days : Number.NaN,
    pinballRaw: days > 0 ? lossRaw / days : Number.NaN, pinball: days > 0 ? loss / days : Number.NaN,
  };
}

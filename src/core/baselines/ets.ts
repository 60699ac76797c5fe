import { nelderMead } from './optimize';
import type { PreparedSeries } from './prepare';
import type { FittedPoint, PointComponents, PointModel } from './pointModel';

/**
 * Exponential smoothing in state-space form (ETS; Hyndman, Koehler, Ord & Snyder 2008), with
 * automatic choice of the error, trend and season types by AICc, as R's forecast::ets does.
 *
 * Why our own and not @bsull/augurs: augurs' AutoETS (0.10) fits non-seasonal models only — asked
 * for "ZZZ" or "AAA" with season 7 it returns a flat line or "no model found" — and it exposes no
 * states, so it can neither replay past origins (backtests, calibration) nor explain its forecast.
 * Daily retail demand is weekly-seasonal first of all. augurs' AutoETS stays in the registry as
 * `auto_ets`, the reference this engine must beat.
 *
 * Parameters: smoothing constants α, β, γ and damping φ by Nelder–Mead on the likelihood, inside
 * forecast::ets's usual bounds (β ≤ α, γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98). Initial states come from the first
 * seasons (seasonal means, then a regression line), as forecast::ets's starting values do, and are
 * not optimised further: with hundreds of days their effect fades long before the forecast origin.
 * Unobserved steps (stock-outs, closed days) carry the states forward without an update and do
 * not count in the likelihood. Fitted on capped, yearly-adjusted values; the forecast is
 * multiplied back by the yearly curve.
 */

export type EtsError = 'A' | 'M';
export type EtsTrend = 'N' | 'A' | 'Ad';
export type EtsSeason = 'N' | 'A' | 'M';
export interface EtsSpec { error: EtsError; trend: EtsTrend; season: EtsSeason }

export interface EtsParams { alpha: number; beta: number; gamma: number; phi: number }
export interface EtsInit { level: number; slope: number; seasonal: Float64Array }

export interface EtsFit {
  spec: EtsSpec;
  params: EtsParams;
  init: EtsInit;
  aicc: number;
}

export interface EtsOptions {
  /**
   * Candidate models; those impossible for the data (multiplicative with zeros, seasonal when too
   * short) are skipped. Default DEFAULT_ETS_SPECS; FULL_ETS_SPECS is forecast::ets's whole set.
   */
  specs?: readonly EtsSpec[];
  /** Nelder–Mead budget per candidate. */
  maxEvaluations?: number;
  /** Fit on at most this many of the latest steps (default: 2 years). */
  maxFitSteps?: number;
}

const spec = (text: string): EtsSpec => {
  const [error, trend, season] = text.split(',') as [EtsError, EtsTrend, EtsSeason];
  return { error, trend, season };
};

/** forecast::ets's set: every error/trend/season type except additive error with multiplicative season. */
export const FULL_ETS_SPECS: readonly EtsSpec[] = (['A', 'M'] as const).flatMap((error) =>
  (['N', 'A', 'Ad'] as const).flatMap((trend) => (['N', 'A', 'M'] as const)
    .filter((season) => !(error === 'A' && season === 'M'))
    .map((season) => ({ error, trend, season }))));

/**
 * The default set, six of the fifteen: trends are damped (an undamped trend extrapolated four
 * weeks is the classic way to over-order; Gardner & McKenzie), and the error type follows the
 * season type (additive with additive, multiplicative with multiplicative), which keeps the
 * models that win on retail data at 40% of the fitting time.
 */
export const DEFAULT_ETS_SPECS: readonly EtsSpec[] = ['A,N,N', 'A,Ad,N', 'A,N,A', 'A,Ad,A', 'M,N,M', 'M,Ad,M'].map(spec);

const TREND_CODE = { N: 0, A: 1, Ad: 2 } as const;
const SEASON_CODE = { N: 0, A: 1, M: 2 } as const;

/** Working arrays reused across the many likelihood evaluations of one fit. */
interface Workspace {
  ring: Float64Array;
}

/**
 * One pass of the ETS recursions. Returns −2 log-likelihood up to a constant (or +∞ when a
 * multiplicative model meets a non-positive mean). When `store` is given, fills the states after
 * each step: level[t], slope[t], seasonal[t] (the seasonal state written at step t).
 */
export function etsFilter(
  y: Float64Array, mask: Uint8Array, m: number, spec: EtsSpec, params: EtsParams, init: EtsInit,
  work: Workspace, store?: { level: Float64Array; slope: Float64Array; seasonal: Float64Array },
): number {
  const n = y.length;
  const trend = TREND_CODE[spec.trend];
  const season = m > 1 ? SEASON_CODE[spec.season] : 0;
  const multiplicativeError = spec.error === 'M';
  const { alpha, beta, gamma } = params;
  const phi = trend === 2 ? params.phi : 1;
  const ring = work.ring;
  if (season !== 0) ring.set(init.seasonal.subarray(0, m));
  let level = init.level;
  let slope = trend === 0 ? 0 : init.slope;
  let sse = 0;
  let sumLogMu = 0;
  let count = 0;
  let pos = 0;
  for (let t = 0; t < n; t++) {
    const lb = trend === 0 ? level : level + phi * slope;
    const s = season === 0 ? 0 : ring[pos];
    if (mask[t]) {
      const mu = season === 2 ? lb * s : lb + s;
      const e = y[t] - mu;
      if (multiplicativeError) {
        if (!(mu > 0)) return Number.POSITIVE_INFINITY;
        const r = e / mu;
        sse += r * r;
        sumLogMu += Math.log(mu);
      } else {
        sse += e * e;
      }
      count++;
      if (season === 2) {
        if (!(s > 0) || !(lb > 0)) return Number.POSITIVE_INFINITY;
        level = lb + (alpha * e) / s;
        if (trend !== 0) slope = phi * slope + (beta * e) / s;
        ring[pos] = s + (gamma * e) / lb;
      } else {
        level = lb + alpha * e;
        if (trend !== 0) slope = phi * slope + beta * e;
        if (season === 1) ring[pos] = s + gamma * e;
      }
    } else {
      level = lb;
      if (trend !== 0) slope = phi * slope;
    }
    if (store) {
      store.level[t] = level;
      store.slope[t] = slope;
      store.seasonal[t] = season === 0 ? 0 : ring[pos];
    }
    pos++;
    if (pos === m) pos = 0;
  }
  if (count === 0 || !(sse > 0)) return count === 0 ? Number.POSITIVE_INFINITY : -1e12;
  return count * Math.log(sse / count) + 2 * sumLogMu;
}

/**
 * Starting states from the first seasons: seasonal indices from per-position means of up to four
 * complete seasons (differences or ratios to their overall mean), then a least-squares line
 * through the first deseasonalised observations for level and slope.
 */
export function etsInitialStates(y: Float64Array, mask: Uint8Array, m: number, season: EtsSeason): EtsInit {
  const n = y.length;
  const seasonal = new Float64Array(Math.max(1, m));
  const seasonalModel = m > 1 && season !== 'N';
  if (seasonalModel) {
    const cycles = Math.max(1, Math.min(4, Math.floor(n / m)));
    const sum = new Float64Array(m);
    const count = new Float64Array(m);
    let total = 0;
    let totalCount = 0;
    for (let t = 0; t < cycles * m; t++) {
      if (!mask[t]) continue;
      sum[t % m] += y[t];
      count[t % m]++;
      total += y[t];
      totalCount++;
    }
    const mean = totalCount > 0 ? total / totalCount : 0;
    let norm = 0;
    let positions = 0;
    for (let j = 0; j < m; j++) {
      if (count[j] === 0) {
        seasonal[j] = season === 'M' ? 1 : 0;
        continue;
      }
      const avg = sum[j] / count[j];
      seasonal[j] = season === 'M' ? (mean > 0 ? avg / mean : 1) : avg - mean;
      norm += seasonal[j];
      positions++;
    }
    // Additive indices sum to zero, multiplicative ones average one, over observed positions.
    if (positions > 0) {
      for (let j = 0; j < m; j++) {
        if (count[j] === 0) continue;
        if (season === 'M') seasonal[j] = norm > 0 ? (seasonal[j] * positions) / norm : 1;
        else seasonal[j] -= norm / positions;
        if (season === 'M' && !(seasonal[j] > 1e-3)) seasonal[j] = 1e-3;
      }
    }
  } else if (season === 'M') {
    seasonal.fill(1);
  }
  // Regression line through the first (deseasonalised) observations.
  const want = Math.max(10, seasonalModel ? 2 * m : 10);
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let k = 0;
  for (let t = 0; t < n && k < want; t++) {
    if (!mask[t]) continue;
    const s = seasonalModel ? seasonal[t % m] : season === 'M' ? 1 : 0;
    const v = season === 'M' ? y[t] / (s > 0 ? s : 1) : y[t] - s;
    sx += t;
    sy += v;
    sxx += t * t;
    sxy += t * v;
    k++;
  }
  if (k === 0) return { level: 0, slope: 0, seasonal };
  const denominator = k * sxx - sx * sx;
  const slope = k > 2 && denominator !== 0 ? (k * sxy - sx * sy) / denominator : 0;
  // Level at step −1 (just before the first observation), so the first forecast is the line's start.
  const level = sy / k - slope * (sx / k) - slope;
  return { level, slope, seasonal };
}

/** Number of estimated values (smoothing constants, initial states, variance) of a spec. */
function parameterCount(spec: EtsSpec, m: number): number {
  const seasonal = spec.season !== 'N' && m > 1;
  let count = 1; // alpha
  if (spec.trend !== 'N') count++; // beta
  if (spec.trend === 'Ad') count++; // phi
  if (seasonal) count++; // gamma
  count += 1 + (spec.trend !== 'N' ? 1 : 0) + (seasonal ? m - 1 : 0); // initial states
  return count + 1; // variance
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));
const LOWER = 1e-4;

/** Maps unbounded optimiser coordinates into the usual admissible box, nested so β ≤ α, γ ≤ 1 − α. */
function toParams(x: Float64Array, spec: EtsSpec, seasonal: boolean, out: EtsParams): EtsParams {
  let i = 0;
  out.alpha = LOWER + (0.9999 - LOWER) * sigmoid(x[i++]);
  out.beta = spec.trend !== 'N' ? LOWER + (out.alpha - LOWER) * sigmoid(x[i++]) : 0;
  out.gamma = seasonal ? LOWER + Math.max(0, 1 - out.alpha - LOWER) * sigmoid(x[i++]) : 0;
  out.phi = spec.trend === 'Ad' ? 0.8 + 0.18 * sigmoid(x[i++]) : 1;
  return out;
}

function startPoint(spec: EtsSpec, seasonal: boolean): Float64Array {
  const x: number[] = [logit((0.1 - LOWER) / (0.9999 - LOWER))];
  if (spec.trend !== 'N') x.push(logit(0.1)); // β = 10% of α
  if (seasonal) x.push(logit(0.05 / 0.9));
  if (spec.trend === 'Ad') x.push(logit((0.95 - 0.8) / 0.18));
  return Float64Array.from(x);
}

/** Fits one ETS spec by maximum likelihood; undefined when it cannot be fitted to these data. */
export function fitEtsSpec(y: Float64Array, mask: Uint8Array, m: number, spec: EtsSpec, maxEvaluations = 300): EtsFit | undefined {
  const seasonal = spec.season !== 'N' && m > 1;
  const init = etsInitialStates(y, mask, m, spec.season);
  const work: Workspace = { ring: new Float64Array(Math.max(1, m)) };
  const params: EtsParams = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
  const objective = (x: Float64Array) => etsFilter(y, mask, m, spec, toParams(x, spec, seasonal, params), init, work);
  const best = nelderMead(objective, startPoint(spec, seasonal), { maxEvaluations, tolerance: 1e-6, step: 1 });
  if (!Number.isFinite(best.value)) return undefined;
  let observed = 0;
  for (let t = 0; t < y.length; t++) observed += mask[t];
  const k = parameterCount(spec, m);
  if (observed - k - 1 <= 0) return undefined;
  const fitted = toParams(best.x, spec, seasonal, { alpha: 0, beta: 0, gamma: 0, phi: 1 });
  const aicc = best.value + 2 * k + (2 * k * (k + 1)) / (observed - k - 1);
  return { spec, params: fitted, init, aicc };
}

/**
 * The specs worth trying on these data: multiplicative error or season only for strictly positive
 * data, seasonal only with two seasons and more observed, never additive error with multiplicative
 * season (numerically unstable; forecast::ets excludes it too).
 */
export function candidateSpecs(y: Float64Array, mask: Uint8Array, m: number, options: EtsOptions = {}): EtsSpec[] {
  let positive = true;
  let observed = 0;
  for (let t = 0; t < y.length; t++) {
    if (!mask[t]) continue;
    observed++;
    if (!(y[t] > 0)) positive = false;
  }
  const canSeason = m > 1 && observed >= 2 * m + 2;
  return (options.specs ?? DEFAULT_ETS_SPECS).filter((s) =>
    (s.error === 'A' || positive)
    && (s.season === 'N' || (canSeason && (s.season === 'A' || positive)))
    && !(s.error === 'A' && s.season === 'M'));
}

export function specName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

/** Chooses the spec with the lowest AICc. */
export function autoEts(y: Float64Array, mask: Uint8Array, m: number, options: EtsOptions = {}): EtsFit | undefined {
  let best: EtsFit | undefined;
  for (const spec of candidateSpecs(y, mask, m, options)) {
    const fit = fitEtsSpec(y, mask, m, spec, options.maxEvaluations);
    if (fit && (!best || fit.aicc < best.aicc)) best = fit;
  }
  return best;
}

/** How many slopes the forecast `i + 1` steps ahead adds: 0, i + 1, or φ + φ² + … + φ^(i+1). */
export function trendMultiplier(trend: EtsTrend, phi: number, i: number): number {
  if (trend === 'N') return 0;
  if (trend === 'A') return i + 1;
  return (phi * (1 - phi ** (i + 1))) / (1 - phi);
}

/** ETS with automatic model choice, as a point model. */
export class EtsPoint implements PointModel {
  readonly name: string;
  constructor(private readonly options: EtsOptions = {}, name = 'ets') {
    this.name = name;
  }

  fit(p: PreparedSeries): FittedPoint | string {
    if (p.observed < 10) return 'needs at least 10 observed steps of history for ETS';
    const n = p.n;
    const m = p.season;
    // Only the latest steps are fitted: parameters need no more, the yearly curve (fitted on the
    // whole history) carries the long view, and the cost stays flat for long histories. Season
    // positions count from `start`.
    const maxFit = this.options.maxFitSteps ?? (p.freq === 'D' ? 730 : 156);
    const start = n > maxFit ? n - maxFit : 0;
    const length = n - start;
    const adjusted = new Float64Array(length);
    for (let t = 0; t < length; t++) adjusted[t] = p.clean[start + t] / p.yearlyAt(start + t);
    const mask = p.mask.subarray(start);
    const fit = autoEts(adjusted, mask, m, this.options);
    if (!fit) return 'no ETS model could be fitted';
    const store = { level: new Float64Array(length), slope: new Float64Array(length), seasonal: new Float64Array(length) };
    etsFilter(adjusted, mask, m, fit.spec, fit.params, fit.init, { ring: new Float64Array(Math.max(1, m)) }, store);
    const seasonal = fit.spec.season !== 'N' && m > 1;
    const multiplicative = fit.spec.season === 'M';
    const { phi } = fit.params;
    const trendCode = TREND_CODE[fit.spec.trend];
    const description = specName(fit.spec);

    // Origins are in the series' steps; states are stored from `start` on. An origin before the
    // fitted window (never used in practice: errors are replayed over the last year) starts from
    // the window's initial states.
    const seasonAt = (origin: number, i: number): number => {
      const source = Math.max(origin, start) - start + i - m * (Math.floor(i / m) + 1);
      return source >= 0 ? store.seasonal[source] : fit.init.seasonal[((source % m) + m) % m];
    };
    // Slopes added at each step, tabulated (φ^i in the innermost replay loop is costly).
    const multipliers = Float64Array.from({ length: 400 }, (_, i) => trendMultiplier(fit.spec.trend, phi, i));
    const trendSteps = (i: number) => (i < 400 ? multipliers[i] : trendMultiplier(fit.spec.trend, phi, i));
    const statesAt = (origin: number) => origin - start > 0
      ? { level: store.level[origin - start - 1], slope: store.slope[origin - start - 1] }
      : { level: fit.init.level, slope: fit.init.slope };

    return {
      description,
      forecastFrom(origin: number, horizon: number, out: Float64Array): void {
        const { level, slope } = statesAt(origin);
        for (let i = 0; i < horizon; i++) {
          const base = level + slope * trendSteps(i);
          const value = !seasonal ? base : multiplicative ? base * seasonAt(origin, i) : base + seasonAt(origin, i);
          out[i] = value * p.yearlyAt(origin + i);
        }
      },
      components(horizon: number): PointComponents {
        const { level, slope } = statesAt(n);
        const out: PointComponents = {
          description,
          level: new Float64Array(horizon),
          trend: new Float64Array(horizon),
          weekly: new Float64Array(horizon),
          yearly: new Float64Array(horizon),
          slope: trendCode === 0 ? 0 : slope * (trendCode === 2 ? phi : 1),
        };
        for (let i = 0; i < horizon; i++) {
          const trendPart = slope * trendSteps(i);
          const base = level + trendPart;
          const s = seasonal ? seasonAt(n, i) : multiplicative ? 1 : 0;
          const deseasoned = !seasonal ? base : multiplicative ? base * s : base + s;
          const yearly = p.yearlyAt(n + i);
          out.level[i] = level;
          out.trend[i] = trendPart;
          out.weekly[i] = deseasoned - base;
          out.yearly[i] = deseasoned * (yearly - 1);
        }
        return out;
      },
    };
  }
}

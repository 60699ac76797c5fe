import {
  contextDays, DAY_CHANNELS, horizonDays, NUMERIC_STATICS, staticFeatures, TOKEN_CALENDAR, tokenCount, tokenFeatures,
  YEAR_LAG, type NeuralConfig,
} from './config';
import { isRetailEvent, relativePrice, weekday, yearFraction, type FutureCovariates, type PreparedSeries } from './covariates';

/**
 * Windows: a product and a forecast origin. The model sees `contextDays` before the origin and
 * forecasts `horizonDays` from it. Window tensors are assembled here, in plain typed arrays,
 * including the RevIN-style instance normalisation (so the graph only has to invert it).
 */
export interface Window {
  series: number;
  /** Index (into the series) of the first forecast day. */
  origin: number;
}

/** One batch of windows as flat typed arrays (row-major), ready to become tensors. */
export interface WindowBatch {
  size: number;
  /** [size, tokens, tokenFeatures] */
  tokens: Float32Array;
  /** [size, staticFeatures] */
  statics: Float32Array;
  /** [size, textDim] when the model takes text. */
  text?: Float32Array;
  /** [size] lowest reachable normalised value, -level/scale: outputs above it are ≥ 0 units. */
  floor: Float32Array;
  /** [size] instance normalisation: units = level + scale · normalised. */
  level: Float32Array;
  scale: Float32Array;
  /**
   * [size, horizon] seasonal profile of each forecast day (1 without one): units =
   * (level + scale · normalised) · season. Inputs and targets are divided by their day's profile.
   */
  season: Float32Array;
  /** [size, horizon] normalised targets and their weights (0 = censored or outside the series). */
  target?: Float32Array;
  targetMask?: Float32Array;
  /** [size, contextDays] masked-patch self-supervision: true values on masked patches. */
  reconTarget?: Float32Array;
  reconMask?: Float32Array;
}

export interface BatchOptions {
  /** Fill target/targetMask from the series (training and validation). */
  withTargets?: boolean;
  /** Masked-patch self-supervision: share of history patches hidden from the model. */
  maskRate?: number;
  random?: () => number;
  /** Per window, what the seller plans for the forecast days (prediction only). */
  future?: (FutureCovariates | undefined)[];
}

const C = DAY_CHANNELS.length;

export function buildBatch(data: readonly PreparedSeries[], windows: readonly Window[], cfg: NeuralConfig, options: BatchOptions = {}): WindowBatch {
  const B = windows.length;
  const L = contextDays(cfg);
  const H = horizonDays(cfg);
  const P = cfg.patch;
  const T = tokenCount(cfg);
  const F = tokenFeatures(cfg);
  const S = staticFeatures(cfg);
  const batch: WindowBatch = {
    size: B,
    tokens: new Float32Array(B * T * F),
    statics: new Float32Array(B * S),
    floor: new Float32Array(B),
    level: new Float32Array(B),
    scale: new Float32Array(B),
    season: new Float32Array(B * H).fill(1),
  };
  if (cfg.textDim > 0) batch.text = new Float32Array(B * cfg.textDim);
  if (options.withTargets) {
    batch.target = new Float32Array(B * H);
    batch.targetMask = new Float32Array(B * H);
  }
  const maskRate = options.maskRate ?? 0;
  if (maskRate > 0) {
    batch.reconTarget = new Float32Array(B * L);
    batch.reconMask = new Float32Array(B * L);
  }
  const random = options.random ?? Math.random;
  const hidden = new Uint8Array(cfg.contextPatches);

  for (let b = 0; b < B; b++) {
    const { series: si, origin } = windows[b];
    const s = data[si];
    const n = s.values.length;
    const from = origin - L;
    // Sales with the seasonal profile taken out (see NeuralConfig.seasonalProfile).
    const profile = cfg.seasonalProfile ? s.profile : undefined;
    const sales = profile ? (i: number) => s.values[i] / profile[Math.min(i, profile.length - 1)] : (i: number) => s.values[i];

    // Masked patches (self-supervision): chosen first so the normalisation cannot see them.
    hidden.fill(0);
    if (maskRate > 0) for (let p = 0; p < cfg.contextPatches; p++) hidden[p] = random() < maskRate ? 1 : 0;

    // Instance normalisation over the visible, observed context days.
    let count = 0;
    let sum = 0;
    let sumSq = 0;
    let zeros = 0;
    for (let t = 0; t < L; t++) {
      const i = from + t;
      if (i < 0 || i >= n || !s.observed[i] || hidden[Math.floor(t / P)]) continue;
      const v = sales(i);
      count++;
      sum += v;
      sumSq += v * v;
      if (v === 0) zeros++;
    }
    const level = count > 0 ? sum / count : 0;
    const variance = count > 0 ? Math.max(0, sumSq / count - level * level) : 0;
    const scale = Math.max(Math.sqrt(variance), cfg.scaleFloor);
    batch.level[b] = level;
    batch.scale[b] = scale;
    batch.floor[b] = -level / scale;

    // Reference price: the last known price before the origin (the product's current price).
    const lastIndex = Math.min(origin, n) - 1;
    const reference = lastIndex >= 0 ? s.price[lastIndex] : Number.NaN;
    const future = options.future?.[b];

    const tokenBase = b * T * F;
    for (let k = 0; k < T; k++) {
      const isFuture = k >= cfg.contextPatches;
      const base = tokenBase + k * F;
      const firstDay = from + k * P;
      for (let d = 0; d < P; d++) {
        const t = k * P + d; // position in the window
        const i = from + t; // index in the series
        const day = s.startDay + i;
        let value = 0;
        let observed = 0;
        if (!isFuture && i >= 0 && i < n && s.observed[i] && !hidden[k]) {
          value = (sales(i) - level) / scale;
          observed = 1;
        }
        let promo = 0;
        let price = Number.NaN;
        if (!isFuture) {
          if (i >= 0 && i < n) {
            promo = s.promo[i];
            price = s.price[i];
          }
        } else {
          const h = t - L;
          if (future) {
            promo = future.promo?.[h] ? 1 : 0;
            const planned = future.price?.[h];
            price = planned !== undefined && Number.isFinite(planned) ? planned : reference;
          } else if (i < n) {
            // Training/validation: promotions are planned, so the future part may show them; a
            // transaction-derived price would reveal which days sold, so it stays at the reference.
            promo = s.promo[i];
            price = s.priceIsPlanned ? s.price[i] : reference;
          } else {
            price = reference;
          }
        }
        // The same day a year ago is history for every day of the window, future days included.
        const j = i - YEAR_LAG;
        const yearAgoKnown = j >= 0 && j < n && j < origin && s.observed[j] === 1;
        const yearAgo = yearAgoKnown ? (sales(j) - level) / scale : 0;
        tokensSet(batch.tokens, base, d, P, value, observed, promo, isRetailEvent(day) ? 1 : 0, relativePrice(price, reference), yearAgo, yearAgoKnown ? 1 : 0);
        if (hidden[k] && i >= 0 && i < n && s.observed[i] && batch.reconTarget && batch.reconMask) {
          batch.reconTarget[b * L + t] = (sales(i) - level) / scale;
          batch.reconMask[b * L + t] = 1;
        }
      }
      // Token calendar: weekday of its first day (one-hot), two yearly harmonics, future marker.
      const cal = base + C * P;
      const firstDayNumber = s.startDay + firstDay;
      batch.tokens[cal + weekday(firstDayNumber)] = 1;
      const f = yearFraction(firstDayNumber) * 2 * Math.PI;
      batch.tokens[cal + 7] = Math.sin(f);
      batch.tokens[cal + 8] = Math.cos(f);
      batch.tokens[cal + 9] = Math.sin(2 * f);
      batch.tokens[cal + 10] = Math.cos(2 * f);
      batch.tokens[cal + TOKEN_CALENDAR] = isFuture ? 1 : 0;
    }

    // Statics: level and scale (log), share of zero days, age since the first sale, category.
    const sb = b * S;
    batch.statics[sb] = Math.log1p(level);
    batch.statics[sb + 1] = Math.log1p(scale);
    batch.statics[sb + 2] = count > 0 ? zeros / count : 1;
    batch.statics[sb + 3] = s.firstSale < origin ? Math.log1p((origin - s.firstSale) / 28) : 0;
    batch.statics[sb + NUMERIC_STATICS + s.categoryBucket] = 1;
    if (batch.text && s.text) {
      if (s.text.length !== cfg.textDim) throw new Error(`${s.sku}: text embedding has ${s.text.length} values, the model takes ${cfg.textDim}`);
      batch.text.set(s.text, b * cfg.textDim);
    }

    if (profile) for (let h = 0; h < H; h++) batch.season[b * H + h] = profile[Math.min(origin + h, profile.length - 1)];
    if (batch.target && batch.targetMask) {
      for (let h = 0; h < H; h++) {
        const i = origin + h;
        if (i < n && s.observed[i]) {
          batch.target[b * H + h] = (sales(i) - level) / scale;
          batch.targetMask[b * H + h] = 1;
        }
      }
    }
  }
  return batch;
}

function tokensSet(tokens: Float32Array, base: number, d: number, P: number, ...channels: number[]): void {
  // Channel-major inside a token: [values(P), observed(P), promo(P), event(P), relPrice(P), lastYear(P), lastYearObserved(P)].
  for (let c = 0; c < channels.length; c++) tokens[base + c * P + d] = channels[c];
}

// ---- window sampling ----------------------------------------------------------------------------

export interface OriginRange {
  /** Smallest and largest allowed origin (inclusive); empty when lo > hi. */
  lo: number;
  hi: number;
}

/**
 * Origins whose whole target span lies before `targetEnd` (exclusive index), with at least
 * `minHistory` days of the series before the origin and at least one sale in the context.
 */
export function originRange(s: PreparedSeries, cfg: NeuralConfig, targetEnd: number, minHistory = 14): OriginRange {
  const H = horizonDays(cfg);
  const lo = Math.max(minHistory, s.firstSale + 1);
  const hi = Math.min(targetEnd, s.values.length) - H;
  return { lo, hi };
}

export interface SampleOptions {
  /** Windows per product. */
  perSeries: number;
  /** Exclusive end index of targets, per series (the time-based split). */
  targetEnd: (s: PreparedSeries) => number;
  /** Only origins at or after this index (e.g. windows touching newly imported days). */
  originFrom?: (s: PreparedSeries) => number;
  /** Recent windows are more likely: weight halves every this many days back from the newest. */
  recencyHalfLife?: number;
  minHistory?: number;
  random: () => number;
}

export function sampleWindows(data: readonly PreparedSeries[], cfg: NeuralConfig, options: SampleOptions): Window[] {
  const windows: Window[] = [];
  data.forEach((s, series) => {
    const range = originRange(s, cfg, options.targetEnd(s), options.minHistory);
    const lo = Math.max(range.lo, options.originFrom?.(s) ?? 0);
    const hi = range.hi;
    if (lo > hi) return;
    for (let k = 0; k < options.perSeries; k++) {
      windows.push({ series, origin: drawOrigin(lo, hi, options.recencyHalfLife, options.random) });
    }
  });
  return windows;
}

function drawOrigin(lo: number, hi: number, halfLife: number | undefined, random: () => number): number {
  const span = hi - lo + 1;
  if (!halfLife) return lo + Math.floor(random() * span);
  // Truncated exponential back from the newest origin.
  const rate = Math.LN2 / halfLife;
  const u = random();
  const back = -Math.log(1 - u * (1 - Math.exp(-rate * span))) / rate;
  return hi - Math.min(span - 1, Math.floor(back));
}

/** In-place Fisher–Yates shuffle. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

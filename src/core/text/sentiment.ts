import { isoToDay } from '../series';
import { mulberry32 } from '../stats';

/**
 * Review sentiment: a small classifier head trained on the device on top of the frozen text encoder's
 * embeddings, with star ratings as labels (4–5★ positive, 1–2★ negative, 3★ left out as mixed). This is
 * the "pre-trained encoder + task adapter" recipe: only the head's few thousand weights are learned.
 */

/** 1 = positive (4–5★), 0 = negative (1–2★), undefined = 3★ or not a rating. */
export function labelFromRating(rating: number | undefined): 0 | 1 | undefined {
  if (rating === undefined || !Number.isFinite(rating)) return undefined;
  if (rating >= 4) return 1;
  if (rating <= 2) return 0;
  return undefined;
}

/**
 * Splits indices into train and test keeping each class's share in both (seeded shuffle per class),
 * so that a 7:1 imbalance is the same 7:1 in the test set.
 */
export function stratifiedSplit(labels: ArrayLike<number>, testFraction: number, seed: number): { train: number[]; test: number[] } {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`test fraction must be between 0 and 1, got ${testFraction}`);
  const random = mulberry32(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]) ?? [];
    list.push(i);
    byClass.set(labels[i], list);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const key of [...byClass.keys()].sort((a, b) => a - b)) {
    const list = byClass.get(key) as number[];
    shuffle(list, random);
    const nTest = Math.round(list.length * testFraction);
    test.push(...list.slice(0, nTest));
    train.push(...list.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

export function shuffle<T>(list: T[], random: () => number): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
}

export interface BinaryScores {
  /** Mean of the recall of each class: 0.5 for a classifier that always says the majority class. */
  balancedAccuracy: number;
  recallPositive: number;
  recallNegative: number;
  accuracy: number;
  /** Counts: true/false positives/negatives. */
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function binaryScores(labels: ArrayLike<number>, predicted: ArrayLike<number>): BinaryScores {
  if (labels.length !== predicted.length) throw new RangeError('labels and predictions differ in length');
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = predicted[i] >= 0.5 ? 1 : 0;
    if (labels[i] === 1) p === 1 ? tp++ : fn++;
    else p === 0 ? tn++ : fp++;
  }
  const recallPositive = tp + fn > 0 ? tp / (tp + fn) : Number.NaN;
  const recallNegative = tn + fp > 0 ? tn / (tn + fp) : Number.NaN;
  return {
    balancedAccuracy: (recallPositive + recallNegative) / 2,
    recallPositive, recallNegative,
    accuracy: (tp + tn) / Math.max(1, labels.length),
    tp, fp, tn, fn,
  };
}

export interface SentimentHeadConfig {
  dimension: number;
  /** Hidden units; 0 makes the head a logistic regression. */
  hidden: number;
  /** Encoder whose embeddings the head reads (a head is useless on another encoder's vectors). */
  encoderKey: string;
}

/**
 * A trained head. Prediction is plain TypeScript (no tfjs), so scores can be computed anywhere; the
 * weights are one Float32Array: W1 (dimension × hidden), b1, W2 (hidden), b2 — or W, b when hidden = 0.
 */
export class SentimentHead {
  constructor(readonly config: SentimentHeadConfig, readonly weights: Float32Array) {
    const expected = SentimentHead.weightCount(config);
    if (weights.length !== expected) throw new RangeError(`sentiment head expects ${expected} weights, got ${weights.length}`);
  }

  static weightCount({ dimension, hidden }: SentimentHeadConfig): number {
    return hidden === 0 ? dimension + 1 : dimension * hidden + hidden + hidden + 1;
  }

  /** P(positive) for each row of a row-major [n × dimension] matrix. */
  predict(rows: ArrayLike<number>, n: number): Float32Array {
    const { dimension: d, hidden: h } = this.config;
    if (rows.length !== n * d) throw new RangeError(`expected ${n}×${d} values, got ${rows.length}`);
    const w = this.weights;
    const out = new Float32Array(n);
    const act = new Float64Array(Math.max(1, h));
    for (let r = 0; r < n; r++) {
      const x = r * d;
      let z: number;
      if (h === 0) {
        z = w[d];
        for (let i = 0; i < d; i++) z += rows[x + i] * w[i];
      } else {
        act.fill(0);
        for (let i = 0; i < d; i++) {
          const xi = rows[x + i];
          if (xi === 0) continue;
          const row = i * h;
          for (let j = 0; j < h; j++) act[j] += xi * w[row + j];
        }
        const b1 = d * h;
        const w2 = b1 + h;
        z = w[w2 + h];
        for (let j = 0; j < h; j++) z += Math.max(0, act[j] + w[b1 + j]) * w[w2 + j];
      }
      out[r] = 1 / (1 + Math.exp(-z));
    }
    return out;
  }
}

export interface TrainHeadOptions {
  hidden: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on the weight matrices. */
  l2: number;
  /** Dropout on the hidden layer while training. */
  dropout: number;
  /** Share of the training rows held back (stratified) for early stopping. */
  validationFraction: number;
  /** Stop after this many epochs without a better validation loss, and keep the best epoch. */
  patience: number;
  seed: number;
}

export const DEFAULT_HEAD_OPTIONS: TrainHeadOptions = {
  hidden: 32,
  epochs: 40,
  batchSize: 64,
  learningRate: 3e-3,
  l2: 1e-4,
  dropout: 0.1,
  validationFraction: 0.1,
  patience: 5,
  seed: 7,
};

export interface EpochReport {
  epoch: number;
  loss: number;
  validationLoss: number;
  validationBalancedAccuracy: number;
}

export interface TrainedHead {
  head: SentimentHead;
  epochs: EpochReport[];
  bestEpoch: number;
  /** Class weights used (negative, positive): n / (2 · n_class). */
  classWeights: [number, number];
  trainRows: number;
  validationRows: number;
}

// ---------------------------------------------------------------------------------------------
// Per-product sentiment and its trend

export interface ScoredReview {
  sku: string;
  /** ISO date (time allowed), if the review has one. */
  date?: string;
  rating?: number;
  /** P(positive) from the head. */
  score: number;
}

export type SentimentTrend =
  | { kind: 'none'; reason: string }
  | { kind: 'improving' | 'worsening' | 'steady'; slopePerMonth: number; tStat: number; months: number };

export interface ProductSentiment {
  sku: string;
  reviews: number;
  /** Mean P(positive) over the product's reviews. */
  meanScore: number;
  /** Share of reviews the head calls positive. */
  positiveShare: number;
  meanRating?: number;
  /** Mean score per calendar month (dated reviews only), oldest first. */
  monthly: { month: string; meanScore: number; reviews: number }[];
  trend: SentimentTrend;
}

const DAYS_PER_MONTH = 365.25 / 12;
/** Fewer dated reviews than this give no trend: a slope from a handful of reviews is noise. */
export const MIN_TREND_REVIEWS = 8;

/** Least-squares slope of score on time (per month), called a trend only when |t| ≥ 2. */
export function sentimentTrend(dated: readonly { day: number; score: number }[]): SentimentTrend {
  if (dated.length < MIN_TREND_REVIEWS) {
    return { kind: 'none', reason: `needs at least ${MIN_TREND_REVIEWS} dated reviews, has ${dated.length}` };
  }
  const t = dated.map((r) => r.day / DAYS_PER_MONTH);
  const s = dated.map((r) => r.score);
  const n = dated.length;
  const tMean = t.reduce((a, b) => a + b, 0) / n;
  const sMean = s.reduce((a, b) => a + b, 0) / n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (t[i] - tMean) ** 2;
    sxy += (t[i] - tMean) * (s[i] - sMean);
  }
  const months = (Math.max(...t) - Math.min(...t));
  if (months < 1 || sxx === 0) return { kind: 'none', reason: 'the dated reviews span less than a month' };
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (s[i] - (sMean + slope * (t[i] - tMean))) ** 2;
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const tStat = se === 0 ? (slope === 0 ? 0 : Math.sign(slope) * Number.POSITIVE_INFINITY) : slope / se;
  const kind = Math.abs(tStat) >= 2 ? (slope > 0 ? 'improving' : 'worsening') : 'steady';
  return { kind, slopePerMonth: slope, tStat, months };
}

/** Per-product mean sentiment, monthly series and trend. */
export function summariseSentiment(scored: readonly ScoredReview[]): ProductSentiment[] {
  const bySku = new Map<string, ScoredReview[]>();
  for (const r of scored) {
    const list = bySku.get(r.sku) ?? [];
    list.push(r);
    bySku.set(r.sku, list);
  }
  const out: ProductSentiment[] = [];
  for (const [sku, list] of bySku) {
    const rated = list.filter((r) => r.rating !== undefined && Number.isFinite(r.rating));
    const dated = list
      .map((r) => ({ day: r.date ? isoToDay(r.date.slice(0, 10)) : Number.NaN, score: r.score, month: r.date?.slice(0, 7) ?? '' }))
      .filter((r) => Number.isFinite(r.day));
    const months = new Map<string, { sum: number; n: number }>();
    for (const r of dated) {
      const m = months.get(r.month) ?? { sum: 0, n: 0 };
      m.sum += r.score;
      m.n++;
      months.set(r.month, m);
    }
    out.push({
      sku,
      reviews: list.length,
      meanScore: list.reduce((a, r) => a + r.score, 0) / list.length,
      positiveShare: list.filter((r) => r.score >= 0.5).length / list.length,
      meanRating: rated.length > 0 ? rated.reduce((a, r) => a + (r.rating as number), 0) / rated.length : undefined,
      monthly: [...months.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, m]) => ({ month, meanScore: m.sum / m.n, reviews: m.n })),
      trend: sentimentTrend(dated),
    });
  }
  return out.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/**
 * Sentiment as a daily covariate with no look-ahead: on each day, the exponentially weighted mean of
 * the scores of reviews written up to and including that day (half-life in days); NaN before the first.
 */
export function sentimentCovariate(
  reviews: readonly { day: number; score: number }[], startDay: number, length: number, halfLifeDays = 90,
): Float32Array {
  const out = new Float32Array(length).fill(Number.NaN);
  const sorted = [...reviews].filter((r) => Number.isFinite(r.day)).sort((a, b) => a.day - b.day);
  const decay = Math.pow(0.5, 1 / halfLifeDays);
  let weighted = 0;
  let weight = 0;
  let next = 0;
  let lastDay = Number.NaN;
  for (let t = 0; t < length; t++) {
    const day = startDay + t;
    while (next < sorted.length && sorted[next].day <= day) {
      const r = sorted[next++];
      if (Number.isFinite(lastDay)) {
        const f = Math.pow(decay, r.day - lastDay);
        weighted *= f;
        weight *= f;
      }
      weighted += r.score;
      weight += 1;
      lastDay = r.day;
    }
    if (weight > 0) out[t] = weighted / weight;
  }
  return out;
}

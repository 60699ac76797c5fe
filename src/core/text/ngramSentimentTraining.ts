import { mulberry32 } from '../stats';
import { featureCount, NgramSentimentModel, type NgramSentimentConfig } from './ngramSentiment';
import type { SparseVector } from './ngrams';
import { binaryScores, shuffle, stratifiedSplit, type EpochReport } from './sentiment';

/**
 * Training of the n-gram sentiment model: logistic regression by per-review Adagrad steps in plain
 * TypeScript. A review touches ~100 of the 262,147 weights, and a sparse step updates only those; on
 * tfjs every step is a pass over all the weights (the gradient of a gather is dense), 100–1000× the
 * work, so this model needs no tfjs backend at all (docs/text.md has the timings).
 */

export interface TrainNgramOptions {
  epochs: number;
  /** Adagrad step size: each weight's steps shrink with the gradients it has seen, so rare n-grams still move. */
  learningRate: number;
  /** L2 penalty, applied to the weights a review touches when it is seen. */
  l2: number;
  /** Share of the training rows held back (stratified) to choose the epoch. */
  validationFraction: number;
  /** Stop after this many epochs without a better validation loss, and keep the best epoch. */
  patience: number;
  seed: number;
}

export const DEFAULT_NGRAM_TRAINING: TrainNgramOptions = {
  epochs: 10,
  learningRate: 0.5,
  l2: 1e-5,
  validationFraction: 0.1,
  patience: 2,
  seed: 7,
};

export interface TrainedNgramModel {
  model: NgramSentimentModel;
  epochs: EpochReport[];
  bestEpoch: number;
  classWeights: [number, number];
  trainRows: number;
  validationRows: number;
}

/**
 * Class-balanced logistic regression (each class weighs half of the loss, so a 7:1 imbalance does not
 * teach it to always say "positive"), Adagrad, L2, early stopping on a stratified validation split.
 */
export function trainNgramSentiment(
  rows: readonly SparseVector[],
  labels: ArrayLike<number>,
  config: NgramSentimentConfig,
  options: Partial<TrainNgramOptions> = {},
  onEpoch?: (report: EpochReport) => void,
): TrainedNgramModel {
  const opts = { ...DEFAULT_NGRAM_TRAINING, ...options };
  const n = labels.length;
  if (rows.length !== n) throw new RangeError(`${rows.length} feature rows for ${n} labels`);
  const positives = Array.from(labels).filter((y) => y === 1).length;
  const negatives = Array.from(labels).filter((y) => y === 0).length;
  if (positives + negatives !== n) throw new RangeError('labels must be 0 (negative) or 1 (positive)');
  if (positives < 2 || negatives < 2) throw new RangeError(`training needs at least 2 positive and 2 negative examples, got ${positives} and ${negatives}`);
  const dimension = featureCount(config);
  for (const r of rows) {
    for (const index of r.indices) if (index < 0 || index >= dimension) throw new RangeError(`feature ${index} is outside the model's ${dimension} features`);
  }

  const split = opts.validationFraction > 0 && Math.min(positives, negatives) >= 4
    ? stratifiedSplit(labels, opts.validationFraction, opts.seed + 1)
    : { train: Array.from({ length: n }, (_, i) => i), test: [] as number[] };
  const trainIdx = split.train;
  const validIdx = split.test.length > 0 ? split.test : split.train;
  const trainPos = trainIdx.filter((i) => labels[i] === 1).length;
  const classWeights: [number, number] = [trainIdx.length / (2 * (trainIdx.length - trainPos)), trainIdx.length / (2 * trainPos)];

  // Weights then bias, as NgramSentimentModel stores them; squared-gradient sums for Adagrad.
  const w = new Float64Array(dimension + 1);
  const g2 = new Float64Array(dimension + 1);
  const lr = opts.learningRate;
  const logit = (x: SparseVector) => {
    let z = w[dimension];
    for (let i = 0; i < x.indices.length; i++) z += w[x.indices[i]] * x.values[i];
    return z;
  };
  // Class-weighted binary cross-entropy of a logit, in the numerically stable form.
  const lossOf = (z: number, y: number) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));

  const random = mulberry32(opts.seed);
  const order = [...trainIdx];
  const epochs: EpochReport[] = [];
  let best = { loss: Number.POSITIVE_INFINITY, epoch: 0, weights: new Float32Array(dimension + 1) };
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    shuffle(order, random);
    let lossSum = 0;
    let weightSum = 0;
    for (const r of order) {
      const x = rows[r];
      const y = labels[r];
      const cw = classWeights[y];
      const z = logit(x);
      lossSum += cw * lossOf(z, y);
      weightSum += cw;
      const g = cw * (1 / (1 + Math.exp(-z)) - y);
      for (let i = 0; i < x.indices.length; i++) {
        const k = x.indices[i];
        const gk = g * x.values[i] + opts.l2 * w[k];
        g2[k] += gk * gk;
        w[k] -= (lr * gk) / Math.sqrt(g2[k] + 1e-8);
      }
      g2[dimension] += g * g;
      w[dimension] -= (lr * g) / Math.sqrt(g2[dimension] + 1e-8);
    }
    let validLoss = 0;
    let validWeight = 0;
    const probabilities = validIdx.map((r) => {
      const z = logit(rows[r]);
      validLoss += classWeights[labels[r]] * lossOf(z, labels[r]);
      validWeight += classWeights[labels[r]];
      return 1 / (1 + Math.exp(-z));
    });
    const report: EpochReport = {
      epoch, loss: lossSum / weightSum, validationLoss: validLoss / validWeight,
      validationBalancedAccuracy: binaryScores(validIdx.map((r) => labels[r]), probabilities).balancedAccuracy,
    };
    epochs.push(report);
    onEpoch?.(report);
    if (report.validationLoss < best.loss - 1e-5) best = { loss: report.validationLoss, epoch, weights: Float32Array.from(w) };
    else if (epoch - best.epoch >= opts.patience) break;
  }
  return {
    model: new NgramSentimentModel(config, best.weights),
    epochs, bestEpoch: best.epoch, classWeights,
    trainRows: trainIdx.length, validationRows: split.test.length,
  };
}

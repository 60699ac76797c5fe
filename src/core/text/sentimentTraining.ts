import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../stats';
import {
  binaryScores, DEFAULT_HEAD_OPTIONS, SentimentHead, shuffle, stratifiedSplit,
  type EpochReport, type SentimentHeadConfig, type TrainedHead, type TrainHeadOptions,
} from './sentiment';

/**
 * Training of the sentiment head on tfjs (whatever backend the caller selected). Kept apart from
 * sentiment.ts so that code which only scores or summarises never loads tfjs.
 */

/**
 * Trains the head with class-balanced binary cross-entropy (each class weighs half of the loss, so a
 * 7:1 imbalance does not teach it to always say "positive"), Adam, L2 and early stopping on a
 * stratified validation split. Runs on tfjs's current backend.
 */
export async function trainSentimentHead(
  rows: Float32Array,
  labels: ArrayLike<number>,
  config: Omit<SentimentHeadConfig, 'hidden'>,
  options: Partial<TrainHeadOptions> = {},
  onEpoch?: (report: EpochReport) => void,
): Promise<TrainedHead> {
  const opts = { ...DEFAULT_HEAD_OPTIONS, ...options };
  const d = config.dimension;
  const n = labels.length;
  if (rows.length !== n * d) throw new RangeError(`expected ${n}×${d} embedding values, got ${rows.length}`);
  const positives = Array.from(labels).filter((y) => y === 1).length;
  const negatives = Array.from(labels).filter((y) => y === 0).length;
  if (positives + negatives !== n) throw new RangeError('labels must be 0 (negative) or 1 (positive)');
  if (positives < 2 || negatives < 2) {
    throw new RangeError(`training needs at least 2 positive and 2 negative examples, got ${positives} and ${negatives}`);
  }

  const split = opts.validationFraction > 0 && Math.min(positives, negatives) >= 4
    ? stratifiedSplit(labels, opts.validationFraction, opts.seed + 1)
    : { train: Array.from({ length: n }, (_, i) => i), test: [] as number[] };
  const trainIdx = split.train;
  const validIdx = split.test.length > 0 ? split.test : split.train;
  const trainPos = trainIdx.filter((i) => labels[i] === 1).length;
  const classWeights: [number, number] = [trainIdx.length / (2 * (trainIdx.length - trainPos)), trainIdx.length / (2 * trainPos)];

  const h = opts.hidden;
  const seedBase = opts.seed * 1000;
  const glorot = (fanIn: number, fanOut: number, seed: number) =>
    tf.randomUniform([fanIn, fanOut], -Math.sqrt(6 / (fanIn + fanOut)), Math.sqrt(6 / (fanIn + fanOut)), 'float32', seed);
  // In a tidy so the initial-value tensors are freed; the variables themselves survive it.
  const vars = tf.tidy(() => (h === 0
    ? { w1: tf.variable(glorot(d, 1, seedBase)), b1: tf.variable(tf.zeros([1])) }
    : {
      w1: tf.variable(glorot(d, h, seedBase)),
      b1: tf.variable(tf.zeros([h])),
      w2: tf.variable(glorot(h, 1, seedBase + 1)),
      b2: tf.variable(tf.zeros([1])),
    }) as { w1: tf.Variable; b1: tf.Variable; w2?: tf.Variable; b2?: tf.Variable });
  const x = tf.tensor2d(rows, [n, d]);
  const y = tf.tensor1d(Float32Array.from(labels));
  const sampleWeight = tf.tensor1d(Float32Array.from(labels, (l) => classWeights[l]));
  const optimizer = tf.train.adam(opts.learningRate);
  let step = 0;

  const logits = (input: tf.Tensor2D, training: boolean): tf.Tensor1D => {
    if (!vars.w2 || !vars.b2) return input.matMul(vars.w1).reshape([-1]).add(vars.b1) as tf.Tensor1D;
    let hidden = tf.relu(input.matMul(vars.w1).add(vars.b1));
    if (training && opts.dropout > 0) hidden = tf.dropout(hidden, opts.dropout, undefined, seedBase + 17 + step);
    return hidden.matMul(vars.w2).reshape([-1]).add(vars.b2) as tf.Tensor1D;
  };
  // Weighted binary cross-entropy on logits, in the numerically stable form.
  const lossOf = (idx: tf.Tensor1D, training: boolean): tf.Scalar => {
    const z = logits(tf.gather(x, idx) as tf.Tensor2D, training);
    const target = tf.gather(y, idx);
    const weight = tf.gather(sampleWeight, idx);
    const bce = tf.relu(z).sub(z.mul(target)).add(tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    let loss = bce.mul(weight).sum().div(weight.sum()) as tf.Scalar;
    if (training && opts.l2 > 0) {
      const penalty = vars.w2 ? tf.sum(tf.square(vars.w1)).add(tf.sum(tf.square(vars.w2))) : tf.sum(tf.square(vars.w1));
      loss = loss.add(penalty.mul(opts.l2)) as tf.Scalar;
    }
    return loss;
  };

  const random = mulberry32(opts.seed);
  const order = [...trainIdx];
  const validTensor = tf.tensor1d(Int32Array.from(validIdx), 'int32');
  const epochs: EpochReport[] = [];
  let best: { loss: number; epoch: number; weights: Float32Array } = { loss: Number.POSITIVE_INFINITY, epoch: 0, weights: new Float32Array(0) };
  try {
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      shuffle(order, random);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += opts.batchSize) {
        const idx = tf.tensor1d(Int32Array.from(order.slice(start, start + opts.batchSize)), 'int32');
        const loss = optimizer.minimize(() => lossOf(idx, true), true) as tf.Scalar;
        step++;
        lossSum += (await loss.data())[0];
        batches++;
        tf.dispose([idx, loss]);
      }
      const { validationLoss, probabilities } = tf.tidy(() => {
        const z = logits(tf.gather(x, validTensor) as tf.Tensor2D, false);
        return { validationLoss: lossOf(validTensor, false), probabilities: tf.sigmoid(z) };
      });
      const vLoss = (await validationLoss.data())[0];
      const scores = binaryScores(validIdx.map((i) => labels[i]), await probabilities.data());
      tf.dispose([validationLoss, probabilities]);
      const report = { epoch, loss: lossSum / batches, validationLoss: vLoss, validationBalancedAccuracy: scores.balancedAccuracy };
      epochs.push(report);
      onEpoch?.(report);
      if (vLoss < best.loss - 1e-5) best = { loss: vLoss, epoch, weights: await flatten(vars) };
      else if (epoch - best.epoch >= opts.patience) break;
    }
  } finally {
    tf.dispose([x, y, sampleWeight, validTensor, ...Object.values(vars).filter((v): v is tf.Variable => v !== undefined)]);
    optimizer.dispose();
  }
  return {
    head: new SentimentHead({ ...config, hidden: h }, best.weights),
    epochs,
    bestEpoch: best.epoch,
    classWeights,
    trainRows: trainIdx.length,
    validationRows: split.test.length,
  };
}

async function flatten(vars: Record<string, tf.Variable | undefined>): Promise<Float32Array> {
  const parts = [vars.w1, vars.b1, vars.w2, vars.b2].filter((v): v is tf.Variable => v !== undefined);
  const arrays = await Promise.all(parts.map((v) => v.data() as Promise<Float32Array>));
  const out = new Float32Array(arrays.reduce((s, a) => s + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

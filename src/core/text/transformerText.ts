import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../stats';
import { normaliseForFeatures } from './ngrams';
import { binaryScores, shuffle, stratifiedSplit } from './sentiment';
import { gatherRows } from './tfGather';

/**
 * A small Transformer text encoder trained on the device from the seller's own titles and reviews,
 * for languages no bundled encoder reads. Tokens are Han characters one by one and Latin/digit runs
 * as whole pieces when the seller's text uses them often enough (else letter by letter). Pre-trained
 * by masked-token prediction on every text, then fine-tuned with a sentiment head on rated reviews.
 *
 * Measured against the n-gram logistic regression (npm run bench:text-sentiment -- --lang zh
 * --compare): on categories it did not train on it loses, so the app uses the n-gram model for
 * Chinese and this encoder stays an option for larger shops (docs/text.md).
 */

export const PAD = 0;
export const UNK = 1;
export const CLS = 2;
export const MASK = 3;
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[MASK]'];

/** Han characters one by one, Latin/digit runs whole, punctuation one by one, spaces dropped. */
export function rawTokens(text: string): string[] {
  return normaliseForFeatures(text).match(/\p{Script=Han}|[\p{L}\p{N}]+|[^\s]/gu) ?? [];
}

export class TextVocabulary {
  private readonly idOf: Map<string, number>;

  constructor(readonly tokens: readonly string[]) {
    if (tokens.slice(0, SPECIALS.length).join() !== SPECIALS.join()) throw new RangeError('a vocabulary starts with [PAD] [UNK] [CLS] [MASK]');
    this.idOf = new Map(tokens.map((t, i) => [t, i]));
  }

  /**
   * The `maxSize` most frequent tokens seen at least `minCount` times (ties by first appearance);
   * letters and digits always get a piece of their own so an unknown Latin word can be spelled out.
   */
  static build(texts: readonly string[], maxSize = 4000, minCount = 2): TextVocabulary {
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const token of rawTokens(text)) {
        counts.set(token, (counts.get(token) ?? 0) + 1);
        if (/^[\p{L}\p{N}]{2,}$/u.test(token) && !/\p{Script=Han}/u.test(token)) {
          for (const ch of token) counts.set(ch, (counts.get(ch) ?? 0) + 1);
        }
      }
    }
    const frequent = [...counts.entries()].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1]).slice(0, maxSize - SPECIALS.length);
    return new TextVocabulary([...SPECIALS, ...frequent.map(([t]) => t)]);
  }

  get size(): number {
    return this.tokens.length;
  }

  id(token: string): number {
    return this.idOf.get(token) ?? UNK;
  }

  /** [CLS] then the text's token ids, cut or padded with [PAD] to `length`. */
  encode(text: string, length: number): Int32Array {
    const out = new Int32Array(length);
    out[0] = CLS;
    let at = 1;
    for (const token of rawTokens(text)) {
      if (at >= length) break;
      const id = this.idOf.get(token);
      if (id !== undefined) out[at++] = id;
      else if (/^[\p{L}\p{N}]{2,}$/u.test(token)) for (const ch of token) { if (at < length) out[at++] = this.id(ch); }
      else out[at++] = UNK;
    }
    return out;
  }
}

export interface TextTransformerConfig {
  vocabulary: number;
  maxLength: number;
  dModel: number;
  heads: number;
  layers: number;
  feedForward: number;
  dropout: number;
}

export const DEFAULT_TEXT_TRANSFORMER: Omit<TextTransformerConfig, 'vocabulary'> = {
  maxLength: 64, dModel: 64, heads: 4, layers: 2, feedForward: 128, dropout: 0.1,
};

/** Parameter names and shapes, in the order they are stored. */
export function textTransformerShapes(cfg: TextTransformerConfig): [string, number[]][] {
  const d = cfg.dModel;
  const shapes: [string, number[]][] = [['tok', [cfg.vocabulary, d]], ['pos', [cfg.maxLength, d]]];
  for (let l = 0; l < cfg.layers; l++) {
    shapes.push(
      [`l${l}/ln1/g`, [d]], [`l${l}/ln1/b`, [d]], [`l${l}/qkv`, [d, 3 * d]], [`l${l}/qkvb`, [3 * d]], [`l${l}/out`, [d, d]], [`l${l}/outb`, [d]],
      [`l${l}/ln2/g`, [d]], [`l${l}/ln2/b`, [d]], [`l${l}/ff1`, [d, cfg.feedForward]], [`l${l}/ff1b`, [cfg.feedForward]],
      [`l${l}/ff2`, [cfg.feedForward, d]], [`l${l}/ff2b`, [d]],
    );
  }
  shapes.push(['final/g', [d]], ['final/b', [d]], ['mlm/b', [cfg.vocabulary]], ['sent/w', [d, 1]], ['sent/b', [1]]);
  return shapes;
}

/** Matrix product whose gradient uses explicit transposes (WASM's transposed matMul is ~20× slower). */
const mm = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, [sa, sb]: tf.Tensor[]) => [tf.matMul(dy as tf.Tensor2D, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy as tf.Tensor2D)],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).div(variance.add(1e-5).sqrt()).mul(g).add(b);
}

function gelu(x: tf.Tensor): tf.Tensor {
  return x.mul(tf.sigmoid(x.mul(1.702)));
}

export class TextTransformer {
  readonly params = new Map<string, tf.Variable>();

  constructor(readonly config: TextTransformerConfig, seed = 1, weights?: Float32Array) {
    if (config.dModel % config.heads !== 0) throw new RangeError(`dModel ${config.dModel} must divide into ${config.heads} heads`);
    const random = mulberry32(seed);
    const normal = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
    let offset = 0;
    for (const [name, shape] of textTransformerShapes(config)) {
      const size = shape.reduce((a, b) => a * b, 1);
      let values: Float32Array;
      if (weights) {
        values = weights.subarray(offset, offset + size);
        if (values.length !== size) throw new RangeError(`the stored weights end before ${name}`);
      } else if (/\/g$/.test(name)) values = new Float32Array(size).fill(1);
      else if (/(b|qkvb|outb|ff1b|ff2b)$/.test(name) && shape.length === 1) values = new Float32Array(size);
      else values = Float32Array.from({ length: size }, () => 0.02 * normal());
      offset += size;
      this.params.set(name, tf.tidy(() => tf.variable(tf.tensor(values, shape), true)));
    }
    if (weights && offset !== weights.length) throw new RangeError(`expected ${offset} weights, got ${weights.length}`);
  }

  get weightCount(): number {
    return textTransformerShapes(this.config).reduce((s, [, shape]) => s + shape.reduce((a, b) => a * b, 1), 0);
  }

  private p(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`text transformer has no parameter ${name}`);
    return v;
  }

  /** Hidden states [B, L, d] of token ids [B, L] (padding masked out of attention). */
  hidden(ids: tf.Tensor2D, training: boolean): tf.Tensor3D {
    const { dModel: d, heads, layers, dropout } = this.config;
    const [B, L] = ids.shape;
    const rate = training ? dropout : 0;
    const drop = (x: tf.Tensor) => (rate > 0 ? tf.dropout(x, rate) : x);
    const keyMask = tf.equal(ids, PAD).cast('float32').mul(-1e9).reshape([B, 1, 1, L]);
    let h = gatherRows(this.p('tok'), ids).add(this.p('pos').slice([0, 0], [L, d])) as tf.Tensor3D;
    h = drop(h) as tf.Tensor3D;
    const dk = d / heads;
    for (let l = 0; l < layers; l++) {
      const n1 = layerNorm(h, this.p(`l${l}/ln1/g`), this.p(`l${l}/ln1/b`)).reshape([B * L, d]);
      const qkv = mm(n1, this.p(`l${l}/qkv`)).add(this.p(`l${l}/qkvb`));
      const split = (k: number) => qkv.slice([0, k * d], [B * L, d]).reshape([B, L, heads, dk]).transpose([0, 2, 1, 3]);
      const q = split(0).mul(1 / Math.sqrt(dk));
      const attention = tf.softmax(tf.matMul(q, split(1).transpose([0, 1, 3, 2])).add(keyMask));
      const context = tf.matMul(attention, split(2)).transpose([0, 2, 1, 3]).reshape([B * L, d]);
      h = h.add(drop(mm(context, this.p(`l${l}/out`)).add(this.p(`l${l}/outb`)).reshape([B, L, d]))) as tf.Tensor3D;
      const n2 = layerNorm(h, this.p(`l${l}/ln2/g`), this.p(`l${l}/ln2/b`)).reshape([B * L, d]);
      const f = mm(gelu(mm(n2, this.p(`l${l}/ff1`)).add(this.p(`l${l}/ff1b`))), this.p(`l${l}/ff2`)).add(this.p(`l${l}/ff2b`));
      h = h.add(drop(f.reshape([B, L, d]))) as tf.Tensor3D;
    }
    return layerNorm(h, this.p('final/g'), this.p('final/b')) as tf.Tensor3D;
  }

  /** Mean of the hidden states of the non-padding tokens: [B, d]. */
  pooled(ids: tf.Tensor2D, training: boolean): tf.Tensor2D {
    const h = this.hidden(ids, training);
    const keep = tf.notEqual(ids, PAD).cast('float32').expandDims(2);
    return h.mul(keep).sum(1).div(keep.sum(1)) as tf.Tensor2D;
  }

  /** Sentiment logits [B]. */
  sentimentLogits(ids: tf.Tensor2D, training: boolean): tf.Tensor1D {
    return mm(this.pooled(ids, training), this.p('sent/w')).reshape([-1]).add(this.p('sent/b')) as tf.Tensor1D;
  }

  /** Cross-entropy of predicting the original token at each masked position (output tied to the input embedding). */
  maskedTokenLoss(masked: tf.Tensor2D, positions: tf.Tensor1D, targets: tf.Tensor1D): tf.Scalar {
    const { dModel: d } = this.config;
    const h = this.hidden(masked, true).reshape([-1, d]);
    const picked = gatherRows(h, positions) as tf.Tensor2D;
    const logits = mm(picked, tf.transpose(this.p('tok'))).add(this.p('mlm/b'));
    return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, this.config.vocabulary), logits) as tf.Scalar;
  }

  async weights(): Promise<Float32Array> {
    const parts = await Promise.all([...this.params.values()].map((v) => v.data() as Promise<Float32Array>));
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}

/**
 * Masks 15% of the real tokens of each row (never [CLS] or padding; at least one per row): 80% become
 * [MASK], 10% a random token, 10% stay. Returns the masked ids, flat positions and original tokens.
 */
export function maskTokens(ids: Int32Array, rows: number, length: number, vocabulary: number, random: () => number, rate = 0.15) {
  const masked = Int32Array.from(ids);
  const positions: number[] = [];
  const targets: number[] = [];
  for (let r = 0; r < rows; r++) {
    const candidates: number[] = [];
    for (let t = 1; t < length; t++) if (ids[r * length + t] !== PAD) candidates.push(r * length + t);
    if (candidates.length === 0) continue;
    const chosen = candidates.filter(() => random() < rate);
    if (chosen.length === 0) chosen.push(candidates[Math.floor(random() * candidates.length)]);
    for (const at of chosen) {
      positions.push(at);
      targets.push(ids[at]);
      const roll = random();
      if (roll < 0.8) masked[at] = MASK;
      else if (roll < 0.9) masked[at] = SPECIALS.length + Math.floor(random() * (vocabulary - SPECIALS.length));
    }
  }
  return { masked, positions: Int32Array.from(positions), targets: Int32Array.from(targets) };
}

export interface TrainTextTransformerOptions {
  pretrainEpochs: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  validationFraction: number;
  patience: number;
  seed: number;
  maxVocabulary: number;
}

export const DEFAULT_TEXT_TRAINING: TrainTextTransformerOptions = {
  pretrainEpochs: 2, epochs: 6, batchSize: 32, learningRate: 1e-3, validationFraction: 0.1, patience: 2, seed: 7, maxVocabulary: 4000,
};

export interface TextTransformerReport {
  stage: 'pretrain' | 'sentiment';
  epoch: number;
  loss: number;
  validationBalancedAccuracy?: number;
}

export interface TrainedTextTransformer {
  vocabulary: TextVocabulary;
  model: TextTransformer;
  reports: TextTransformerReport[];
  /** P(positive) for texts, batched. */
  predict(texts: readonly string[]): Promise<Float32Array>;
  /** Unit-length pooled embeddings, one per text. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/**
 * Builds the vocabulary from `pretrainTexts` (titles and reviews), pre-trains by masked-token
 * prediction on them, then, when labelled reviews are given, fine-tunes the whole encoder with a
 * class-balanced sentiment head (early stopping on a stratified validation split).
 */
export async function trainTextTransformer(
  pretrainTexts: readonly string[],
  labelled: { texts: readonly string[]; labels: ArrayLike<number> } | undefined,
  config: Partial<Omit<TextTransformerConfig, 'vocabulary'>> = {},
  options: Partial<TrainTextTransformerOptions> = {},
  onReport?: (report: TextTransformerReport) => void,
): Promise<TrainedTextTransformer> {
  const opts = { ...DEFAULT_TEXT_TRAINING, ...options };
  const vocabulary = TextVocabulary.build(pretrainTexts, opts.maxVocabulary);
  const cfg: TextTransformerConfig = { ...DEFAULT_TEXT_TRANSFORMER, ...config, vocabulary: vocabulary.size };
  const L = cfg.maxLength;
  const model = new TextTransformer(cfg, opts.seed);
  const random = mulberry32(opts.seed);
  const optimizer = tf.train.adam(opts.learningRate);
  const variables = [...model.params.values()];
  const reports: TextTransformerReport[] = [];
  const encodeAll = (texts: readonly string[]) => {
    const out = new Int32Array(texts.length * L);
    texts.forEach((t, i) => out.set(vocabulary.encode(t, L), i * L));
    return out;
  };
  const rowsOf = (all: Int32Array, idx: readonly number[]) => {
    const out = new Int32Array(idx.length * L);
    idx.forEach((r, j) => out.set(all.subarray(r * L, (r + 1) * L), j * L));
    return out;
  };

  try {
    const pretrainIds = encodeAll(pretrainTexts);
    const order = Array.from({ length: pretrainTexts.length }, (_, i) => i);
    for (let epoch = 1; epoch <= opts.pretrainEpochs; epoch++) {
      shuffle(order, random);
      let sum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += opts.batchSize) {
        const idx = order.slice(start, start + opts.batchSize);
        const m = maskTokens(rowsOf(pretrainIds, idx), idx.length, L, cfg.vocabulary, random);
        if (m.positions.length === 0) continue;
        const masked = tf.tensor2d(m.masked, [idx.length, L], 'int32');
        const positions = tf.tensor1d(m.positions, 'int32');
        const targets = tf.tensor1d(m.targets, 'int32');
        const loss = optimizer.minimize(() => model.maskedTokenLoss(masked, positions, targets), true, variables) as tf.Scalar;
        sum += (await loss.data())[0];
        batches++;
        tf.dispose([masked, positions, targets, loss]);
      }
      const report: TextTransformerReport = { stage: 'pretrain', epoch, loss: sum / Math.max(1, batches) };
      reports.push(report);
      onReport?.(report);
    }

    if (labelled && labelled.texts.length > 0) {
      const labels = labelled.labels;
      const n = labelled.texts.length;
      const split = stratifiedSplit(labels, opts.validationFraction, opts.seed + 1);
      const trainIdx = split.train;
      const pos = trainIdx.filter((i) => labels[i] === 1).length;
      if (pos < 2 || trainIdx.length - pos < 2) throw new RangeError('sentiment fine-tuning needs at least 2 positive and 2 negative reviews');
      const classWeights = [trainIdx.length / (2 * (trainIdx.length - pos)), trainIdx.length / (2 * pos)];
      const ids = encodeAll(labelled.texts);
      const lossOf = (batch: tf.Tensor2D, target: tf.Tensor1D, weight: tf.Tensor1D) => {
        const z = model.sentimentLogits(batch, true);
        const bce = tf.relu(z).sub(z.mul(target)).add(tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
        return bce.mul(weight).sum().div(weight.sum()) as tf.Scalar;
      };
      let best: { accuracy: number; epoch: number; weights: Float32Array } = { accuracy: -1, epoch: 0, weights: new Float32Array(0) };
      const trainOrder = [...trainIdx];
      for (let epoch = 1; epoch <= opts.epochs && n > 0; epoch++) {
        shuffle(trainOrder, random);
        let sum = 0;
        let batches = 0;
        for (let start = 0; start < trainOrder.length; start += opts.batchSize) {
          const idx = trainOrder.slice(start, start + opts.batchSize);
          const batch = tf.tensor2d(rowsOf(ids, idx), [idx.length, L], 'int32');
          const target = tf.tensor1d(Float32Array.from(idx, (i) => labels[i]));
          const weight = tf.tensor1d(Float32Array.from(idx, (i) => classWeights[labels[i]]));
          const loss = optimizer.minimize(() => lossOf(batch, target, weight), true, variables) as tf.Scalar;
          sum += (await loss.data())[0];
          batches++;
          tf.dispose([batch, target, weight, loss]);
        }
        const valid = split.test.length > 0 ? split.test : trainIdx;
        const probabilities = await predictIds(model, rowsOf(ids, valid), valid.length, L, opts.batchSize * 4);
        const accuracy = binaryScores(valid.map((i) => labels[i]), probabilities).balancedAccuracy;
        const report: TextTransformerReport = { stage: 'sentiment', epoch, loss: sum / Math.max(1, batches), validationBalancedAccuracy: accuracy };
        reports.push(report);
        onReport?.(report);
        if (accuracy > best.accuracy) best = { accuracy, epoch, weights: await model.weights() };
        else if (epoch - best.epoch >= opts.patience) break;
      }
      if (best.weights.length > 0) {
        const restored = new TextTransformer(cfg, opts.seed, best.weights);
        for (const [name, v] of restored.params) (model.params.get(name) as tf.Variable).assign(v);
        restored.dispose();
      }
    }
  } finally {
    optimizer.dispose();
  }

  return {
    vocabulary, model, reports,
    predict: (texts) => predictIds(model, encodeAll(texts), texts.length, L, opts.batchSize * 4),
    async embed(texts) {
      const ids = encodeAll(texts);
      const out: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += 128) {
        const rows = Math.min(128, texts.length - start);
        const pooled = tf.tidy(() => {
          const v = model.pooled(tf.tensor2d(ids.subarray(start * L, (start + rows) * L), [rows, L], 'int32'), false);
          return v.div(v.square().sum(-1, true).sqrt().maximum(1e-12));
        });
        const data = await pooled.data() as Float32Array;
        pooled.dispose();
        for (let r = 0; r < rows; r++) out.push(data.slice(r * cfg.dModel, (r + 1) * cfg.dModel));
      }
      return out;
    },
  };
}

async function predictIds(model: TextTransformer, ids: Int32Array, rows: number, L: number, batch: number): Promise<Float32Array> {
  const out = new Float32Array(rows);
  for (let start = 0; start < rows; start += batch) {
    const n = Math.min(batch, rows - start);
    const p = tf.tidy(() => tf.sigmoid(model.sentimentLogits(tf.tensor2d(ids.subarray(start * L, (start + n) * L), [n, L], 'int32'), false)));
    out.set(await p.data() as Float32Array, start);
    p.dispose();
  }
  return out;
}

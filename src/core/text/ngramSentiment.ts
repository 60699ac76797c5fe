import { DEFAULT_NGRAM_OPTIONS, hashedNgrams, normaliseForFeatures, type NgramOptions, type SparseVector } from './ngrams';
import { lexiconCounts } from './zhLexicon';

/**
 * Review sentiment for Chinese text: logistic regression on hashed character/word n-grams plus three
 * lexicon features (positive words, negative words, which of the two wins). The n-grams learn what the
 * seller's own reviews say; the lexicon carries praise and blame to products the ratings never
 * covered. Chosen over the small Transformer trained on the device (transformerText.ts) because it
 * generalises better to categories it did not see (docs/text.md, npm run bench:text-sentiment -- --lang zh).
 */

/** Key under which Chinese n-gram sentiment and its model are stored (in place of an encoder key). */
export const NGRAM_ZH_KEY = 'ngram-zh';

/** Lexicon features, stored after the 2^bits hashed buckets. */
export const LEXICON_FEATURES = 3;

export interface NgramSentimentConfig extends NgramOptions {
  /** Add the lexicon features (lexiconCounts). */
  lexicon: boolean;
}

export const DEFAULT_NGRAM_SENTIMENT: NgramSentimentConfig = { ...DEFAULT_NGRAM_OPTIONS, lexicon: true };

/** Number of weights (without the bias) of a config. */
export function featureCount(config: NgramSentimentConfig): number {
  return (1 << config.bits) + (config.lexicon ? LEXICON_FEATURES : 0);
}

/**
 * The sparse feature vector of a review: unit-length hashed n-grams, then (when enabled)
 * ln(1 + positive words), ln(1 + negative words) and the sign of positive − negative.
 */
export function sentimentFeatures(text: string, config: NgramSentimentConfig = DEFAULT_NGRAM_SENTIMENT): SparseVector {
  const grams = hashedNgrams(text, config);
  if (!config.lexicon) return grams;
  const counts = lexiconCounts(normaliseForFeatures(text));
  const base = 1 << config.bits;
  const extra = [Math.log1p(counts.positive), Math.log1p(counts.negative), Math.sign(counts.positive - counts.negative)];
  const indices = new Int32Array(grams.indices.length + LEXICON_FEATURES);
  const values = new Float32Array(indices.length);
  indices.set(grams.indices);
  values.set(grams.values);
  extra.forEach((value, k) => {
    indices[grams.indices.length + k] = base + k;
    values[grams.indices.length + k] = value;
  });
  return { indices, values };
}

/** A trained linear sentiment model; scoring is plain TypeScript (no tfjs). */
export class NgramSentimentModel {
  /** `weights` holds featureCount(config) weights followed by the bias. */
  constructor(readonly config: NgramSentimentConfig, readonly weights: Float32Array) {
    const expected = featureCount(config) + 1;
    if (weights.length !== expected) throw new RangeError(`n-gram sentiment model expects ${expected} weights, got ${weights.length}`);
  }

  get bias(): number {
    return this.weights[this.weights.length - 1];
  }

  /** The logit of one feature vector. */
  logit(x: SparseVector): number {
    let z = this.bias;
    for (let i = 0; i < x.indices.length; i++) z += this.weights[x.indices[i]] * x.values[i];
    return z;
  }

  /** P(positive) of each text. */
  predictTexts(texts: readonly string[]): Float32Array {
    return Float32Array.from(texts, (t) => 1 / (1 + Math.exp(-this.logit(sentimentFeatures(t, this.config)))));
  }

  /** The n-gram and lexicon features that pushed a text's score most, for explaining a score. */
  contributions(x: SparseVector): { index: number; contribution: number }[] {
    return Array.from(x.indices, (index, i) => ({ index, contribution: this.weights[index] * x.values[i] }))
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  }
}

/**
 * Feature vectors packed for a batched gather: every row padded to `width` entries (padding points
 * at bucket 0 with value 0, so it adds nothing).
 */
export function packSparse(rows: readonly SparseVector[], width?: number): { ids: Int32Array; values: Float32Array; width: number } {
  const w = Math.max(1, width ?? Math.max(0, ...rows.map((r) => r.indices.length)));
  const ids = new Int32Array(rows.length * w);
  const values = new Float32Array(rows.length * w);
  rows.forEach((r, i) => {
    const n = Math.min(w, r.indices.length);
    ids.set(r.indices.subarray(0, n), i * w);
    values.set(r.values.subarray(0, n), i * w);
  });
  return { ids, values, width: w };
}

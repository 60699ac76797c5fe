import * as Comlink from 'comlink';
import {
  binaryScores, DEFAULT_HEAD_OPTIONS, DEFAULT_NGRAM_SENTIMENT, dominantLanguage, encoderKey, encoderLabel, EmbeddingIndex, featureCount,
  labelFromRating, NGRAM_ZH_KEY, NgramTitleIndex, prepareText, sentimentFeatures, stratifiedSplit, summariseSentiment, trainNgramSentiment,
  type BinaryScores, type ProductSentiment,
} from '../src/core/text';
import { trainSentimentHead } from './textLoaders';
import {
  getCachedEmbeddings, getTextSettings, loadReviews, productTexts, replaceProductSentiment, sentimentHeadId, storeTextHead,
  type ProductSentimentRecord, type TextSettings,
} from '../src/db';
import { setLocale, t, type Locale } from '../src/i18n';
import type { ProgressCallback } from './progress';
import { embedWithCache, openEmbedder } from './textRuntime';

/** What every call needs from the page: the app's base URL and the seller's hub opt-in. */
export interface TextContext {
  /** Absolute base URL of the app (model files are resolved against it). */
  baseUrl: string;
  /** May model weights come from the Hugging Face hub (src/app/privacy.ts)? */
  allowHub: boolean;
  /** The page's language, for progress and error messages. */
  locale?: Locale;
}

/**
 * How text was read: `encoder` = the seller's sentence encoder (USE-lite or transformers.js);
 * `ngram-zh` = Chinese text, read by n-grams learnt from the shop's own titles and reviews (docs/text.md).
 */
export type TextMethod = 'encoder' | 'ngram-zh';

export interface CatalogueEmbedding {
  method: TextMethod;
  encoder: string;
  device: string;
  dimension: number;
  products: number;
  /** Products with a name or description to embed. */
  withText: number;
  computed: number;
  cached: number;
  ms: number;
}

export interface ProductMatch {
  sku: string;
  name: string;
  similarity: number;
}

export interface SentimentRun {
  method: TextMethod;
  encoder: string;
  reviews: number;
  positive: number;
  negative: number;
  /** Reviews held out (stratified) to measure the head; its scores on them. */
  heldOut: number;
  scores: BinaryScores;
  epochs: number;
  trainMs: number;
  embedMs: number;
  products: number;
}

/** The fewest reviews of each class the head will train on. */
export const MIN_REVIEWS_PER_CLASS = 10;
const HELD_OUT_FRACTION = 0.2;

interface CatalogueIndex {
  /** The encoder setting it was built under (a Chinese catalogue ignores it, but a change rebuilds). */
  encoder: string;
  index: EmbeddingIndex | NgramTitleIndex;
  names: Map<string, string>;
}
let catalogue: CatalogueIndex | undefined;
let building: Promise<void> = Promise.resolve();

async function buildCatalogue(context: TextContext, onProgress?: ProgressCallback): Promise<CatalogueEmbedding> {
  const started = performance.now();
  const settings = await getTextSettings();
  const key = encoderKey(settings.encoder);
  const allProducts = await productTexts();
  const entries = allProducts.filter((e) => e.text);
  if (entries.length > 0 && dominantLanguage(entries.map((e) => e.text)) === 'zh') {
    // No bundled encoder reads Chinese: titles are compared by TF-IDF n-grams of this catalogue.
    catalogue = { encoder: key, index: new NgramTitleIndex(entries.map((e) => [e.sku, e.text] as const)), names: new Map(entries.map((e) => [e.sku, e.name])) };
    return {
      method: 'ngram-zh', encoder: 'n-grams (Chinese)', device: 'JavaScript', dimension: 0, products: allProducts.length,
      withText: entries.length, computed: 0, cached: 0, ms: performance.now() - started,
    };
  }
  const cachedAll = await getCachedEmbeddings(key, entries.map((e) => e.hash));
  let device = 'cache';
  let computed = 0;
  let vectors = cachedAll as Float32Array[];
  if (cachedAll.some((v) => !v)) {
    const { embedder } = await settingsAndEmbedder(context, onProgress);
    device = embedder.device;
    const result = await embedWithCache(embedder, entries.map((e) => e.text), entries.map((e) => e.hash),
      (done, total) => onProgress?.({ stage: t('text:progress.readingNames'), fraction: done / total }));
    vectors = result.vectors;
    computed = result.computed;
  }
  const dimension = vectors[0]?.length ?? 0;
  catalogue = {
    encoder: key,
    index: EmbeddingIndex.from(Math.max(1, dimension), entries.map((e, i) => [e.sku, vectors[i]] as const)),
    names: new Map(entries.map((e) => [e.sku, e.name])),
  };
  return {
    method: 'encoder', encoder: encoderLabel(settings.encoder), device, dimension, products: allProducts.length, withText: entries.length,
    computed, cached: entries.length - computed, ms: performance.now() - started,
  };
}

async function settingsAndEmbedder(context: TextContext, onProgress?: ProgressCallback) {
  const settings: TextSettings = await getTextSettings();
  const embedder = await openEmbedder(settings.encoder, context.baseUrl, context.allowHub, onProgress);
  return { settings, embedder };
}

const api = {
  /**
   * Embeds every product's name/description with the seller's encoder (cached by text, so only new
   * or changed products cost anything) and keeps an in-memory index for similarity and search.
   */
  async embedCatalogue(context: TextContext, onProgress?: ProgressCallback): Promise<CatalogueEmbedding> {
    if (context.locale) setLocale(context.locale);
    // One build at a time: a similarity query arriving mid-build waits for it instead of starting another.
    const run = building.then(() => buildCatalogue(context, onProgress));
    building = run.then(() => undefined, () => undefined);
    return run;
  },

  /** The `k` products whose text is most like this product's. */
  async similarProducts(context: TextContext, sku: string, k: number): Promise<ProductMatch[]> {
    if (context.locale) setLocale(context.locale);
    const index = await ensureCatalogue(context);
    if (!index.index.has(sku)) return [];
    return index.index.neighboursOf(sku, k).map((n) => ({ sku: n.key, name: index.names.get(n.key) ?? n.key, similarity: n.similarity }));
  },

  /** Products whose text means something close to the query ("cotton shirts" finds tees). */
  async searchCatalogue(context: TextContext, query: string, k: number, minSimilarity = 0.2): Promise<ProductMatch[]> {
    if (context.locale) setLocale(context.locale);
    const text = prepareText(query);
    if (!text) return [];
    const index = await ensureCatalogue(context);
    if (index.index instanceof NgramTitleIndex) {
      return index.index.nearest(text, k, { minSimilarity: NGRAM_MIN_SIMILARITY })
        .map((n) => ({ sku: n.key, name: index.names.get(n.key) ?? n.key, similarity: n.similarity }));
    }
    const { embedder } = await settingsAndEmbedder(context);
    const [vector] = await embedder.embed([text]);
    return index.index.nearest(vector, k, { minSimilarity })
      .map((n) => ({ sku: n.key, name: index.names.get(n.key) ?? n.key, similarity: n.similarity }));
  },

  /**
   * Trains the review-sentiment head on the stored reviews' embeddings (4–5★ positive, 1–2★ negative,
   * class-balanced), measures it on a stratified 20% it did not see, then scores every review and
   * stores each product's sentiment and trend.
   */
  async analyseReviews(context: TextContext, onProgress?: ProgressCallback): Promise<SentimentRun> {
    if (context.locale) setLocale(context.locale);
    const reviews = (await loadReviews()).map((r) => ({ ...r, text: prepareText(r.text) })).filter((r) => r.text);
    if (reviews.length === 0) throw new Error(t('text:errors.noReviews'));
    const labels = reviews.map((r) => labelFromRating(r.rating));
    const positive = labels.filter((l) => l === 1).length;
    const negative = labels.filter((l) => l === 0).length;
    if (positive < MIN_REVIEWS_PER_CLASS || negative < MIN_REVIEWS_PER_CLASS) {
      throw new Error(t('text:errors.tooFewReviews', { min: MIN_REVIEWS_PER_CLASS, positive, negative }));
    }

    if (dominantLanguage(reviews.map((r) => r.text)) === 'zh') return analyseChineseReviews(reviews, labels, positive, negative, onProgress);

    const { settings, embedder } = await settingsAndEmbedder(context, onProgress);
    const embedStart = performance.now();
    const { vectors } = await embedWithCache(embedder, reviews.map((r) => r.text), undefined,
      (done, total) => onProgress?.({ stage: t('text:progress.readingReviews'), fraction: done / total }));
    const embedMs = performance.now() - embedStart;
    const dimension = vectors[0].length;

    const labelled = labels.flatMap((l, i) => (l === undefined ? [] : [i]));
    const labelledY = labelled.map((i) => labels[i] as 0 | 1);
    const split = stratifiedSplit(labelledY, HELD_OUT_FRACTION, 11);
    const rowsOf = (idx: readonly number[]) => {
      const out = new Float32Array(idx.length * dimension);
      idx.forEach((row, j) => out.set(vectors[labelled[row]], j * dimension));
      return out;
    };
    onProgress?.({ stage: t('text:progress.training'), fraction: 0 });
    const trainStart = performance.now();
    const trained = await trainSentimentHead(
      rowsOf(split.train), split.train.map((i) => labelledY[i]), { dimension, encoderKey: embedder.key }, {},
      (e) => onProgress?.({ stage: t('text:progress.trainingEpoch', { epoch: e.epoch }), fraction: e.epoch / DEFAULT_HEAD_OPTIONS.epochs }),
    );
    const trainMs = performance.now() - trainStart;
    const heldOut = trained.head.predict(rowsOf(split.test), split.test.length);
    const scores = binaryScores(split.test.map((i) => labelledY[i]), heldOut);

    onProgress?.({ stage: t('text:progress.scoring') });
    const all = new Float32Array(reviews.length * dimension);
    vectors.forEach((v, i) => all.set(v, i * dimension));
    const probabilities = trained.head.predict(all, reviews.length);
    const summaries = summariseSentiment(reviews.map((r, i) => ({ sku: r.sku, date: r.date, rating: r.rating, score: probabilities[i] })));
    const updatedAt = new Date().toISOString();
    await replaceProductSentiment(summaries.map((s): ProductSentimentRecord => ({ ...s, model: embedder.key, updatedAt })));
    await storeTextHead({
      id: sentimentHeadId(embedder.key),
      config: trained.head.config,
      weights: trained.head.weights,
      trainedAt: updatedAt,
      lineage: {
        reviews: reviews.length, positive, negative, heldOut: split.test.length,
        balancedAccuracy: scores.balancedAccuracy, recallPositive: scores.recallPositive, recallNegative: scores.recallNegative, trainMs,
      },
    });
    return {
      method: 'encoder', encoder: encoderLabel(settings.encoder), reviews: reviews.length, positive, negative, heldOut: split.test.length, scores,
      epochs: trained.epochs.length, trainMs, embedMs, products: summaries.length,
    };
  },
};

/** A query shares little with a title by n-grams: one shared rare word gives ~0.1–0.3. */
const NGRAM_MIN_SIMILARITY = 0.05;

/**
 * Chinese reviews: the n-gram + lexicon logistic regression (no encoder to load), trained on 80% of the
 * rated reviews, measured on the other 20%, then scoring every review.
 */
async function analyseChineseReviews(
  reviews: { sku: string; text: string; rating?: number; date?: string }[], labels: (0 | 1 | undefined)[], positive: number, negative: number,
  onProgress?: ProgressCallback,
): Promise<SentimentRun> {
  const config = DEFAULT_NGRAM_SENTIMENT;
  onProgress?.({ stage: t('text:progress.readingReviews') });
  const embedStart = performance.now();
  const features = reviews.map((r) => sentimentFeatures(r.text, config));
  const embedMs = performance.now() - embedStart;
  const labelled = labels.flatMap((l, i) => (l === undefined ? [] : [i]));
  const labelledY = labelled.map((i) => labels[i] as 0 | 1);
  const split = stratifiedSplit(labelledY, HELD_OUT_FRACTION, 11);
  onProgress?.({ stage: t('text:progress.training'), fraction: 0 });
  const trainStart = performance.now();
  const trained = trainNgramSentiment(split.train.map((i) => features[labelled[i]]), split.train.map((i) => labelledY[i]), config, {},
    (e) => onProgress?.({ stage: t('text:progress.trainingEpoch', { epoch: e.epoch }), fraction: e.epoch / 10 }));
  const trainMs = performance.now() - trainStart;
  const logistic = (i: number) => 1 / (1 + Math.exp(-trained.model.logit(features[i])));
  const scores = binaryScores(split.test.map((i) => labelledY[i]), split.test.map((i) => logistic(labelled[i])));
  onProgress?.({ stage: t('text:progress.scoring') });
  const summaries: ProductSentiment[] = summariseSentiment(reviews.map((r, i) => ({ sku: r.sku, date: r.date, rating: r.rating, score: logistic(i) })));
  const updatedAt = new Date().toISOString();
  await replaceProductSentiment(summaries.map((s): ProductSentimentRecord => ({ ...s, model: NGRAM_ZH_KEY, updatedAt })));
  // Stored as a hidden-0 head (weights then bias, as SentimentHead reads them) over the n-gram features.
  await storeTextHead({
    id: sentimentHeadId(NGRAM_ZH_KEY),
    config: { dimension: featureCount(config), hidden: 0, encoderKey: NGRAM_ZH_KEY },
    weights: trained.model.weights,
    trainedAt: updatedAt,
    lineage: {
      reviews: reviews.length, positive, negative, heldOut: split.test.length,
      balancedAccuracy: scores.balancedAccuracy, recallPositive: scores.recallPositive, recallNegative: scores.recallNegative, trainMs,
    },
  });
  return {
    method: 'ngram-zh', encoder: 'n-grams + lexicon (Chinese)', reviews: reviews.length, positive, negative, heldOut: split.test.length, scores,
    epochs: trained.epochs.length, trainMs, embedMs, products: summaries.length,
  };
}

/** The catalogue index for the current encoder, rebuilt (from the cache where possible) when missing. */
async function ensureCatalogue(context: TextContext): Promise<CatalogueIndex> {
  const key = encoderKey((await getTextSettings()).encoder);
  if (!catalogue || catalogue.encoder !== key) await api.embedCatalogue(context);
  return catalogue as CatalogueIndex;
}

export type EmbedWorkerApi = typeof api;
Comlink.expose(api);

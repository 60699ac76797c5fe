import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../src/core/neural';
import {
  binaryScores, embedInBatches, prepareText, type EncoderChoice, type TrainHeadOptions,
} from '../../src/core/text';
import { trainSentimentHead } from '../../workers/textLoaders';
import {
  DEFAULT_NGRAM_SENTIMENT, NgramTitleIndex, sentimentFeatures, trainNgramSentiment, type NgramSentimentConfig, type TrainNgramOptions,
} from '../../src/core/text';
import { trainTextTransformer, type TextTransformerConfig, type TrainTextTransformerOptions } from '../../src/core/text/transformerText';
import { initTfBackend } from '../../workers/tfBackend';
import { embedWithCache, openEmbedder } from '../../workers/textRuntime';

interface LabelledSet { name: string; texts: string[]; labels: number[] }

/** Share of products whose nearest other product (by `similarity`) is in the same group. */
function sameGroupShare(groups: readonly string[], neighbour: (i: number) => number): number {
  let hits = 0;
  groups.forEach((g, i) => { if (groups[neighbour(i)] === g) hits++; });
  return hits / groups.length;
}

/** Each call arrives in a fresh worker (see page.ts) with the page's base URL. */
interface Common {
  baseUrl: string;
  encoder: EncoderChoice;
  /** tfjs backend order for USE-lite (ignored by transformers.js, whose device is in `encoder`). */
  backends?: BackendName[];
  allowHub?: boolean;
}

function toBase64(vectors: Float32Array[]): string {
  const dim = vectors[0]?.length ?? 0;
  const flat = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => flat.set(v, i * dim));
  const bytes = new Uint8Array(flat.buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const api = {
  /** Texts per second of one encoder on one backend: load, one warm-up batch, then timed batches. */
  async throughput(job: Common & { texts: string[]; batchSize: number }) {
    const loadStart = performance.now();
    const embedder = await openEmbedder(job.encoder, job.baseUrl, job.allowHub ?? false, undefined, job.backends);
    const loadMs = performance.now() - loadStart;
    const texts = job.texts.map(prepareText);
    const warmStart = performance.now();
    await embedder.embed(texts.slice(0, job.batchSize));
    const warmMs = performance.now() - warmStart;
    const started = performance.now();
    const vectors = await embedInBatches(embedder, texts, { batchSize: job.batchSize });
    const ms = performance.now() - started;
    return {
      device: embedder.device, dimension: vectors[0]?.length ?? 0, loadMs, warmMs, ms, n: texts.length,
      textsPerSecond: texts.length / (ms / 1000),
      tfBackend: job.encoder.kind === 'use-lite' ? tf.getBackend() : undefined,
    };
  },

  /** Embeddings through the app's own IndexedDB cache (reruns are cheap), returned as base64 float32. */
  async embed(job: Common & { texts: string[]; batchSize: number }) {
    const embedder = await openEmbedder(job.encoder, job.baseUrl, job.allowHub ?? false, undefined, job.backends);
    const texts = job.texts.map(prepareText);
    const started = performance.now();
    const result = await embedWithCache(embedder, texts, undefined, undefined, job.batchSize);
    return {
      device: embedder.device, dimension: result.vectors[0]?.length ?? 0, computed: result.computed, cached: result.cached,
      ms: performance.now() - started, vectors: toBase64(result.vectors),
    };
  },

  /**
   * The app's sentiment head, trained here on tfjs (`trainBackend`) on cached embeddings of the
   * training reviews, then scored on the held-out reviews.
   */
  async sentiment(job: Common & {
    texts: string[]; labels: number[]; train: number[]; test: number[]; batchSize: number;
    trainBackend: BackendName; head?: Partial<TrainHeadOptions>;
  }) {
    const embedder = await openEmbedder(job.encoder, job.baseUrl, job.allowHub ?? false, undefined, job.backends);
    const texts = job.texts.map(prepareText);
    const embedStart = performance.now();
    const { vectors, computed, cached } = await embedWithCache(embedder, texts, undefined, undefined, job.batchSize);
    const embedMs = performance.now() - embedStart;
    // USE-lite set up the backend already; the head may train on another one.
    await tf.setBackend(job.trainBackend);
    await tf.ready();
    const dim = vectors[0].length;
    const rows = (idx: number[]) => {
      const out = new Float32Array(idx.length * dim);
      idx.forEach((row, j) => out.set(vectors[row], j * dim));
      return out;
    };
    const trainStart = performance.now();
    const trained = await trainSentimentHead(rows(job.train), job.train.map((i) => job.labels[i]), { dimension: dim, encoderKey: embedder.key }, job.head ?? {});
    const trainMs = performance.now() - trainStart;
    const predicted = trained.head.predict(rows(job.test), job.test.length);
    return {
      device: embedder.device, trainBackend: tf.getBackend(), computed, cached, embedMs, trainMs,
      epochs: trained.epochs.length, bestEpoch: trained.bestEpoch, classWeights: trained.classWeights,
      scores: binaryScores(job.test.map((i) => job.labels[i]), predicted),
      trainScores: binaryScores(job.train.map((i) => job.labels[i]), trained.head.predict(rows(job.train), job.train.length)),
    };
  },

  /**
   * The app's Chinese sentiment model: features (Intl.Segmenter words, Han character n-grams,
   * lexicon) and sparse logistic regression, both in this worker, then scored on each test set.
   */
  async ngramSentiment(job: { baseUrl: string; train: LabelledSet; tests: LabelledSet[]; config?: Partial<NgramSentimentConfig>; options?: Partial<TrainNgramOptions> }) {
    const config = { ...DEFAULT_NGRAM_SENTIMENT, ...job.config };
    const featureStart = performance.now();
    const rows = job.train.texts.map((t) => sentimentFeatures(t, config));
    const featureMs = performance.now() - featureStart;
    const trainStart = performance.now();
    const trained = trainNgramSentiment(rows, job.train.labels, config, job.options ?? {});
    const trainMs = performance.now() - trainStart;
    const scoreStart = performance.now();
    const tests = job.tests.map((set) => ({ name: set.name, n: set.texts.length, scores: binaryScores(set.labels, trained.model.predictTexts(set.texts)) }));
    const scoreMs = performance.now() - scoreStart;
    const scored = job.tests.reduce((s, t) => s + t.texts.length, 0);
    return { featureMs, trainMs, scoreMs, scored, epochs: trained.epochs.length, bestEpoch: trained.bestEpoch, tests };
  },

  /**
   * The small Transformer text encoder on a tfjs backend (WASM for the benchmark): masked-token
   * pre-training on the training reviews, sentiment fine-tuning, then scored on each test set.
   */
  async transformerSentiment(job: {
    baseUrl: string; backends: BackendName[]; train: LabelledSet; tests: LabelledSet[];
    config?: Partial<Omit<TextTransformerConfig, 'vocabulary'>>; options?: Partial<TrainTextTransformerOptions>;
  }) {
    const backend = await initTfBackend(job.backends);
    const trainStart = performance.now();
    const trained = await trainTextTransformer(job.train.texts, job.train, job.config, job.options);
    const trainMs = performance.now() - trainStart;
    const scoreStart = performance.now();
    const tests = [];
    for (const set of job.tests) tests.push({ name: set.name, n: set.texts.length, scores: binaryScores(set.labels, await trained.predict(set.texts)) });
    const scoreMs = performance.now() - scoreStart;
    const result = {
      backend: backend.backend, trainMs, scoreMs, vocabulary: trained.vocabulary.size, weights: trained.model.weightCount,
      reports: trained.reports, tests,
    };
    trained.model.dispose();
    return result;
  },

  /**
   * Nearest neighbours on a catalogue: the app's TF-IDF n-gram index, and the Transformer encoder
   * pre-trained (masked tokens) on the titles alone; share with the nearest product in the same group.
   */
  async titleSimilarity(job: {
    baseUrl: string; backends: BackendName[]; titles: string[]; groups: string[]; transformer: boolean;
    config?: Partial<Omit<TextTransformerConfig, 'vocabulary'>>; options?: Partial<TrainTextTransformerOptions>;
  }) {
    const ngramStart = performance.now();
    const index = new NgramTitleIndex(job.titles.map((t, i) => [String(i), t] as const));
    const ngram = sameGroupShare(job.groups, (i) => Number(index.neighboursOf(String(i), 1)[0]?.key ?? -1));
    const ngramMs = performance.now() - ngramStart;
    if (!job.transformer) return { ngram, ngramMs };
    const backend = await initTfBackend(job.backends);
    const trainStart = performance.now();
    const trained = await trainTextTransformer(job.titles, undefined, job.config, job.options);
    const vectors = await trained.embed(job.titles);
    const trainMs = performance.now() - trainStart;
    const nearest = (i: number) => {
      let best = -1;
      let bestSimilarity = Number.NEGATIVE_INFINITY;
      vectors.forEach((v, j) => {
        if (j === i) return;
        let s = 0;
        for (let k = 0; k < v.length; k++) s += v[k] * vectors[i][k];
        if (s > bestSimilarity) { bestSimilarity = s; best = j; }
      });
      return best;
    };
    const transformer = sameGroupShare(job.groups, nearest);
    trained.model.dispose();
    return { ngram, ngramMs, transformer, transformerMs: trainMs, backend: backend.backend };
  },
};

export type BenchWorkerApi = typeof api;
Comlink.expose(api);

import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../src/core/neural';
import {
  binaryScores, embedInBatches, prepareText, type EncoderChoice, type TrainHeadOptions,
} from '../../src/core/text';
import { trainSentimentHead } from '../../workers/textLoaders';
import { embedWithCache, openEmbedder } from '../../workers/textRuntime';

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
};

export type BenchWorkerApi = typeof api;
Comlink.expose(api);

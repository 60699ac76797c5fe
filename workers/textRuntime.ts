import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import type { BackendName } from '../src/core/neural';
import {
  embedInBatches, encoderKey, textHash, type EncoderChoice, type TextEmbedder,
} from '../src/core/text';
import { loadEmbedder, type EncoderSources } from './textLoaders';
import { getCachedEmbeddings, storeEmbeddings } from '../src/db';
import { t } from '../src/i18n';
import type { ProgressCallback } from './progress';
import { initTfBackend } from './tfBackend';

/** USE-lite runs on tfjs wasm (fast), else cpu; its graph fails on tfjs-webgpu (shared/RECIPES.md). */
export const USE_LITE_BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];

/** Same-origin locations of every model file, from the app's base URL (resolved on the page). */
export function encoderSources(baseUrl: string, allowHub: boolean): EncoderSources {
  // Against the module's URL: self.location is the worker's blob: bootstrap (src/bridge/workerClient.ts).
  const absolute = (path: string) => new URL(path, import.meta.url).href;
  return {
    useLite: { modelUrl: new URL('models/use-lite/model.json', baseUrl).href, vocabUrl: new URL('models/use-lite/vocab.json', baseUrl).href },
    transformers: {
      // A path, not a full URL: transformers.js 4.3 only checks for optional files (tokenizer_config.json)
      // at local paths that are not http(s) URLs, so a full URL would silently load no tokenizer.
      localModelPath: new URL('models/', baseUrl).pathname,
      fetchBase: baseUrl,
      allowRemote: allowHub,
      wasmPaths: { wasm: absolute(ortWasmUrl), mjs: absolute(ortMjsUrl) },
    },
  };
}

let current: { id: string; embedder: Promise<TextEmbedder> } | undefined;

/**
 * The worker's one loaded encoder (loading takes seconds; switching encoders frees the old one).
 * USE-lite first selects a tfjs backend (`backends`, wasm by default).
 */
export async function openEmbedder(
  choice: EncoderChoice, baseUrl: string, allowHub: boolean, onProgress?: ProgressCallback,
  backends: readonly BackendName[] = USE_LITE_BACKENDS,
): Promise<TextEmbedder> {
  const id = `${encoderKey(choice)}|${choice.kind === 'transformers' ? choice.device : backends.join('>')}|${allowHub}|${baseUrl}`;
  if (current?.id === id) return current.embedder;
  const previous = current;
  current = undefined;
  if (previous) await previous.embedder.then((e) => e.dispose(), () => undefined);
  const embedder = (async () => {
    if (choice.kind === 'use-lite') {
      onProgress?.({ stage: t('text:progress.startingEncoder') });
      await initTfBackend(backends);
      onProgress?.({ stage: t('text:progress.loadingUseLite') });
    } else {
      onProgress?.({ stage: t('text:progress.loadingModel', { model: choice.model }) });
    }
    return loadEmbedder(choice, encoderSources(baseUrl, allowHub), (p) =>
      onProgress?.({ stage: t('text:progress.loadingFile', { model: choice.kind === 'transformers' ? choice.model : 'USE-lite', file: p.file }), fraction: p.fraction }));
  })();
  current = { id, embedder };
  // A failed load must not stick: the next call tries again.
  embedder.catch(() => { if (current?.embedder === embedder) current = undefined; });
  return embedder;
}

export interface CachedEmbedResult {
  vectors: Float32Array[];
  computed: number;
  cached: number;
}

/**
 * Embeddings of `texts` (already prepared), from the IndexedDB cache where possible; the rest are
 * computed in batches and stored batch by batch, so a cancelled run keeps what it finished.
 */
export async function embedWithCache(
  embedder: TextEmbedder, texts: readonly string[], hashes: readonly string[] | undefined,
  onProgress?: (done: number, total: number) => void, batchSize = 32,
): Promise<CachedEmbedResult> {
  const keys = hashes ?? await Promise.all(texts.map(textHash));
  const cached = await getCachedEmbeddings(embedder.key, keys);
  // Embed each distinct missing text once.
  const missing = new Map<string, string>();
  cached.forEach((v, i) => { if (!v && !missing.has(keys[i])) missing.set(keys[i], texts[i]); });
  const missingHashes = [...missing.keys()];
  const fresh = new Map<string, Float32Array>();
  await embedInBatches(embedder, [...missing.values()], {
    batchSize,
    onBatch: async (start, vectors) => {
      const entries = vectors.map((vector, i) => ({ hash: missingHashes[start + i], vector }));
      await storeEmbeddings(embedder.key, entries);
      for (const e of entries) fresh.set(e.hash, e.vector);
    },
    onProgress: ({ done }) => onProgress?.(texts.length - missing.size + done, texts.length),
  });
  return {
    vectors: keys.map((k, i) => cached[i] ?? (fresh.get(k) as Float32Array)),
    computed: missing.size,
    cached: texts.length - missing.size,
  };
}


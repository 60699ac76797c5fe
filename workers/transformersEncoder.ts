import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { encoderKey, splitRows, type EncoderChoice, type TextEmbedder } from '../src/core/text/encoder';

/** Where transformers.js may load model files and onnxruntime-web from. */
export interface TransformersSource {
  /** Models are read from here first (same origin in the app; a folder in Node), as <model id>/... */
  localModelPath: string;
  /**
   * Absolute URL that relative paths (such as localModelPath's) are fetched against. A worker
   * started from a blob: URL has none of its own to resolve "/models/…" with.
   */
  fetchBase?: string;
  /** Only true after the seller opted in: then missing files are fetched from the Hugging Face hub. */
  allowRemote: boolean;
  /** onnxruntime-web's wasm binary and its loader, served by the app itself (never a CDN). */
  wasmPaths?: { wasm: string; mjs: string };
}

// The unit tests load this file in Node; workers have no Node types, hence the local declaration.
declare const process: { versions?: { node?: string } } | undefined;
const IN_NODE = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

export interface LoadProgress {
  file: string;
  /** 0–1 across the file being fetched. */
  fraction?: number;
}

/** transformers.js keeps its settings in one global `env`; this sets every field that matters here. */
export function configureTransformers(source: TransformersSource): void {
  env.allowLocalModels = true;
  env.localModelPath = source.localModelPath;
  env.allowRemoteModels = source.allowRemote;
  // A static host that answers every path with its index.html (single-page-app fallback) would make a
  // missing model file look present; treat such HTML answers as "not found" so that transformers.js
  // reports it (or, after the seller's opt-in, falls back to the hub).
  if (!IN_NODE) {
    env.fetch = async (input: string | URL, init?: RequestInit) => {
      const url = source.fetchBase && typeof input === 'string' ? new URL(input, source.fetchBase).href : input;
      const response = await fetch(url, init);
      const local = String(input).startsWith(source.localModelPath);
      if (local && response.ok && (response.headers.get('content-type') ?? '').includes('text/html')) {
        return new Response(null, { status: 404, statusText: 'Not Found' });
      }
      return response;
    };
    if (source.fetchBase && typeof caches !== 'undefined') useResolvedCacheKeys(source.fetchBase);
    // By default transformers.js re-imports onnxruntime's loader from a blob: URL (to cache it), which
    // the page's Content-Security-Policy — also the workers' — refuses (script-src has no blob:).
    // Import it from its own URL on this origin; the service worker keeps it for offline use.
    env.useWasmCache = false;
  }
  if (source.wasmPaths && env.backends.onnx.wasm) {
    env.backends.onnx.wasm.wasmPaths = { ...source.wasmPaths };
    // One thread: the worker already is the background thread, and threads need cross-origin isolation.
    env.backends.onnx.wasm.numThreads = 1;
  }
}

/**
 * transformers.js keys its Cache API entries by the same root-relative paths it fetches
 * ("/models/…"); where there is no base to resolve them against (a worker started from a blob: URL)
 * the Cache API refuses them. The same cache, with the keys resolved against `base`.
 */
function useResolvedCacheKeys(base: string): void {
  let opened: Promise<Cache | null> | undefined;
  const open = () => (opened ??= caches.open(env.cacheKey).catch(() => null));
  const key = (request: string) => new URL(request, base).href;
  env.useCustomCache = true;
  env.customCache = {
    match: async (request: string) => (await open())?.match(key(request)),
    put: async (request: string, response: Response) => { await (await open())?.put(key(request), response); },
  };
}

/**
 * A transformers.js feature-extraction model (BERT-like encoders such as MiniLM or E5) with mean
 * pooling and L2 normalisation, on WebGPU or WASM.
 */
export async function loadTransformersEmbedder(
  choice: Extract<EncoderChoice, { kind: 'transformers' }>,
  source: TransformersSource,
  onProgress?: (progress: LoadProgress) => void,
): Promise<TextEmbedder> {
  configureTransformers(source);
  let extractor: FeatureExtractionPipeline;
  try {
    extractor = await pipeline('feature-extraction', choice.model, {
      // In Node (tests, scripts) onnxruntime-node's CPU backend plays the part of the browser's wasm.
      device: choice.device === 'wasm' && IN_NODE ? 'cpu' : choice.device,
      dtype: choice.dtype,
      progress_callback: (info: { status: string; file?: string; progress?: number }) => {
        if (info.status === 'progress' && info.file) onProgress?.({ file: info.file, fraction: (info.progress ?? 0) / 100 });
      },
    }) as FeatureExtractionPipeline;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const where = source.allowRemote ? `${source.localModelPath} or the Hugging Face hub` : `${source.localModelPath} (downloads from the Hugging Face hub are off)`;
    throw new Error(`could not load the transformers.js model "${choice.model}" from ${where}: ${reason}`);
  }
  let dimension = 0;
  return {
    key: encoderKey(choice),
    label: choice.model,
    device: `onnxruntime ${choice.device}`,
    get dimension() {
      return dimension || Number((extractor.model.config as { hidden_size?: number }).hidden_size ?? 0);
    },
    async embed(texts) {
      if (texts.length === 0) return [];
      const output = await extractor([...texts], { pooling: 'mean', normalize: true });
      try {
        const [rows, dim] = output.dims as number[];
        dimension = dim;
        return splitRows(output.data as Float32Array, rows, dim);
      } finally {
        output.dispose?.();
      }
    },
    async dispose() {
      await extractor.dispose();
    },
  };
}

import type { CatalogueEmbedding, EmbedWorkerApi, ProductMatch, SentimentRun, TextContext } from '../../workers/embed.worker';
import type { ProgressCallback } from '../../workers/progress';
import { getLocale } from '../i18n';
import { progressProxy, WorkerClient, spawnModuleWorker } from './workerClient';
import embedWorkerUrl from '../../workers/embed.worker.ts?worker&url';

export type { CatalogueEmbedding, ProductMatch, SentimentRun };

// Text encoders run in their own worker: loading one takes seconds and its memory (28 MB of USE-lite
// weights, or a transformers.js session) is freed when the worker idles out.
const embedWorker = new WorkerClient<EmbedWorkerApi>(
  () => spawnModuleWorker(embedWorkerUrl, 'embed'),
);

/**
 * What the worker needs from the page: the app's base URL, absolute (workers resolve model files
 * against it; their own URL differs in dev and build), and whether the seller allowed model downloads
 * from the Hugging Face hub (decided on the page, see src/app/privacy.ts).
 */
function context(allowHub: boolean): TextContext {
  return { baseUrl: new URL(import.meta.env.BASE_URL, document.baseURI).href, allowHub, locale: getLocale() };
}

/** Embeds every product's text (cached by text); cancelling keeps the batches already done. */
export function embedCatalogue(allowHub: boolean, onProgress: ProgressCallback, signal?: AbortSignal): Promise<CatalogueEmbedding> {
  return embedWorker.run((api) => api.embedCatalogue(context(allowHub), progressProxy(onProgress)), signal);
}

export function similarProducts(allowHub: boolean, sku: string, k = 8): Promise<ProductMatch[]> {
  return embedWorker.run((api) => api.similarProducts(context(allowHub), sku, k));
}

export function searchCatalogue(allowHub: boolean, query: string, k = 12): Promise<ProductMatch[]> {
  return embedWorker.run((api) => api.searchCatalogue(context(allowHub), query, k));
}

/** Trains the on-device sentiment head on the stored reviews and stores per-product sentiment. */
export function analyseReviews(allowHub: boolean, onProgress: ProgressCallback, signal?: AbortSignal): Promise<SentimentRun> {
  return embedWorker.run((api) => api.analyseReviews(context(allowHub), progressProxy(onProgress)), signal);
}

/** Stops whatever the text worker is doing (e.g. after the seller switched encoders). */
export function stopTextWorker(): void {
  embedWorker.terminate();
}

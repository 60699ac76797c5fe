import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { AutoForecaster, DEFAULT_MODEL, type ModelEnvironment, type ModelRegistry } from '../src/core/evaluate';
import { retryOnNextBackend, type BackendChoice, type BackendName } from '../src/core/neural';
import type { ForecastBatch, Series } from '../src/core/series';
import { COLD_START_MODEL, withColdStart } from '../src/core/text';
import { loadDailySeries, storeBacktests, storeForecasts, type BacktestRecord } from '../src/db';
import type { ProgressCallback } from './progress';
import { setLocale, t, type Locale } from '../src/i18n';
import { browserEnvironment, workerRegistry } from './models';
import { fallbackFrom, initTfBackend } from './tfBackend';

export interface ForecastJob {
  horizon: number;
  quantiles: number[];
  /** Sample paths kept per product for the planner. */
  paths: number;
  /** Registered model to use (default: the automatic selection). */
  model?: string;
  /** The app's base URL, resolved on the page (a worker's own URL differs between dev and build). */
  baseUrl?: string;
  /** The page's language: the notes and explanations stored with the forecasts are written in it. */
  locale?: Locale;
}

export interface ForecastSummary {
  forecasted: number;
  skipped: { sku: string; reason: string }[];
  ms: number;
  model: string;
  /** The backend it finished on (after any fallback), for the status bar. */
  backend: BackendChoice;
  /** Backends that broke mid-forecast, in words. */
  fallbacks: string[];
}

const PRODUCTS_PER_WRITE = 500;

/** Cold-start forecasts (text neighbours) of the products first sold less than 28 days ago or not yet. */
async function coldStartBatch(registry: ModelRegistry, env: ModelEnvironment, series: readonly Series[], job: ForecastJob): Promise<ForecastBatch> {
  const coldStart = await registry.create(COLD_START_MODEL, env);
  await coldStart.fit(series);
  return coldStart.predict(job.horizon, { quantiles: job.quantiles, paths: job.paths });
}

const api = {
  initCompute(order?: BackendName[]): Promise<BackendChoice> {
    // WebGPU/WebGL emulated in software (SwiftShader) run the Transformer 2–30× slower than WASM
    // (npm run bench:train:browser): pass them over (the status bar says why).
    return initTfBackend(order, { skipSoftware: true });
  },

  /**
   * Forecasts every stored product with one model (the automatic selection by default) and
   * writes the forecasts — and, for the selection, every product's report card and the
   * catalogue's — back to IndexedDB.
   */
  async forecastAll(job: ForecastJob, onProgress?: ProgressCallback): Promise<ForecastSummary> {
    const started = performance.now();
    if (job.locale) setLocale(job.locale);
    // tfjs models (the Transformer) compute on the backend the status bar shows.
    await initTfBackend(undefined, { skipSoftware: true });
    onProgress?.({ stage: t('common:stage.loadingHistory') });
    const series = await loadDailySeries();
    const model = job.model ?? DEFAULT_MODEL;
    const fallbacks: string[] = [];
    // A GPU that breaks mid-forecast (WebGPU device lost) → the same forecast on the next backend.
    // Nothing is stored until it has finished, so starting again is safe.
    const { forecaster, batch } = await retryOnNextBackend(tf, async () => {
      const registry = workerRegistry({ onProgress: (stage, fraction) => onProgress?.({ stage, fraction }) });
      const env = browserEnvironment(job.baseUrl);
      const forecaster = await registry.create(model, env);
      onProgress?.({ stage: t('common:stage.fitting') });
      await forecaster.fit(series);
      const main = await forecaster.predict(job.horizon, { quantiles: job.quantiles, paths: job.paths });
      // New products: the text neighbours' launch curves instead (when their names have been read).
      const batch = model === COLD_START_MODEL ? main : withColdStart(main, await coldStartBatch(registry, env, series, job));
      return { forecaster, batch };
    }, fallbackFrom, (message) => {
      fallbacks.push(message);
      onProgress?.({ stage: message });
    });
    onProgress?.({ stage: t('common:stage.saving') });
    const createdAt = new Date().toISOString();
    for (let i = 0; i < batch.forecasts.length; i += PRODUCTS_PER_WRITE) {
      await storeForecasts(batch.forecasts.slice(i, i + PRODUCTS_PER_WRITE), createdAt);
      onProgress?.({ stage: t('common:stage.saving'), fraction: Math.min(1, (i + PRODUCTS_PER_WRITE) / batch.forecasts.length) });
    }
    const ms = performance.now() - started;
    if (forecaster instanceof AutoForecaster) {
      // A product forecast by cold start has no report card of the selection's (it was not its choice).
      const coldStarted = new Set(batch.forecasts.filter((f) => f.model === COLD_START_MODEL).map((f) => f.sku));
      const records: BacktestRecord[] = forecaster.report().filter((r) => !coldStarted.has(r.sku)).map((r) => ({
        sku: r.sku, createdAt, horizon: r.horizon, folds: r.folds, chosen: r.chosen, classChoice: r.classChoice, reason: r.reason,
        demandClass: r.demandClass, scores: r.scores,
      }));
      const summary = forecaster.summary();
      await storeBacktests(records, summary ? { ...summary, createdAt, ms } : undefined);
    } else {
      await storeBacktests([], undefined);
    }
    return { forecasted: batch.forecasts.length, skipped: batch.skipped, ms, model, backend: await initTfBackend(), fallbacks };
  },

  /**
   * Re-forecasts only the new products by cold start (after the text worker read new product names),
   * leaving every other forecast as it is.
   */
  async forecastColdStart(job: ForecastJob): Promise<{ forecasted: number }> {
    if (job.locale) setLocale(job.locale);
    const series = await loadDailySeries();
    const batch = await coldStartBatch(workerRegistry(), browserEnvironment(job.baseUrl), series, job);
    await storeForecasts(batch.forecasts);
    return { forecasted: batch.forecasts.length };
  },

  /** Registered models, for the model picker. */
  listModels(): { name: string; label: string; description: string }[] {
    return workerRegistry().list().map(({ name, label, description }) => ({ name, label, description }));
  },
};

export type ForecastWorkerApi = typeof api;
Comlink.expose(api);

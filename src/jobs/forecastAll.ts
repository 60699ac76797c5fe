import { AutoForecaster, DEFAULT_MODEL, type ModelEnvironment, type ModelRegistry } from '../core/evaluate';
import type { BackendChoice } from '../core/neural';
import { attachMeans, type ForecastBatch, type Series } from '../core/series';
import { COLD_START_MODEL, withColdStart } from '../core/text';
import type { BacktestRecord } from '../db';
import { t, type Locale } from '../i18n';
import type { Compute, ForecastRepository, ModelSource, Progress, SalesRepository } from './repositories';

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
  /** Days one order covers (lead time + review period): sample paths' totals are calibrated over them. */
  decisionDays?: number;
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

export interface ForecastDeps {
  sales: SalesRepository;
  forecasts: ForecastRepository;
  models: ModelSource;
  compute: Compute;
}

/** Forecasts written per transaction: a long catalogue shows progress and never holds one huge write. */
const PRODUCTS_PER_WRITE = 500;

/** Cold-start forecasts (text neighbours) of the products first sold less than 28 days ago or not yet. */
export async function coldStartBatch(
  registry: ModelRegistry, env: ModelEnvironment, series: readonly Series[], job: ForecastJob,
): Promise<ForecastBatch> {
  const coldStart = await registry.create(COLD_START_MODEL, env);
  await coldStart.fit(series);
  return coldStart.predict(job.horizon, { quantiles: job.quantiles, paths: job.paths });
}

/**
 * Forecasts every stored product with one model (the automatic selection by default), new products
 * from their text neighbours, and writes the forecasts — and, for the selection, every product's
 * report card and the catalogue's — back. Nothing is stored until the forecast has finished, so a
 * backend that breaks mid-way (WebGPU device lost) simply starts it again on the next one.
 */
export async function forecastAll(job: ForecastJob, deps: ForecastDeps, onProgress?: Progress): Promise<ForecastSummary> {
  const started = performance.now();
  onProgress?.({ stage: t('common:stage.loadingHistory') });
  const series = await deps.sales.loadDailySeries();
  const model = job.model ?? DEFAULT_MODEL;
  const fallbacks: string[] = [];
  const { forecaster, batch } = await deps.compute.withFallback(async () => {
    const registry = deps.models.registry({ onProgress: (stage, fraction) => onProgress?.({ stage, fraction }) });
    const env = deps.models.environment;
    const forecaster = await registry.create(model, env);
    onProgress?.({ stage: t('common:stage.fitting') });
    await forecaster.fit(series);
    const main = await forecaster.predict(job.horizon, { quantiles: job.quantiles, paths: job.paths, decisionDays: job.decisionDays });
    const batch = attachMeans(model === COLD_START_MODEL ? main : withColdStart(main, await coldStartBatch(registry, env, series, job)));
    return { forecaster, batch };
  }, (message) => {
    fallbacks.push(message);
    onProgress?.({ stage: message });
  });

  onProgress?.({ stage: t('common:stage.saving') });
  const createdAt = new Date().toISOString();
  for (let i = 0; i < batch.forecasts.length; i += PRODUCTS_PER_WRITE) {
    await deps.forecasts.storeForecasts(batch.forecasts.slice(i, i + PRODUCTS_PER_WRITE), createdAt);
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
    await deps.forecasts.storeBacktests(records, summary ? { ...summary, createdAt, ms } : undefined);
  } else {
    await deps.forecasts.storeBacktests([], undefined);
  }
  return { forecasted: batch.forecasts.length, skipped: batch.skipped, ms, model, backend: await deps.compute.current(), fallbacks };
}

/** Re-forecasts only the new products by cold start, leaving every other forecast as it is. */
export async function forecastColdStart(job: ForecastJob, deps: Omit<ForecastDeps, 'compute'>): Promise<{ forecasted: number }> {
  const series = await deps.sales.loadDailySeries();
  const batch = attachMeans(await coldStartBatch(deps.models.registry(), deps.models.environment, series, job));
  await deps.forecasts.storeForecasts(batch.forecasts);
  return { forecasted: batch.forecasts.length };
}

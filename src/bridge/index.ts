import type { ForecastJob, ForecastSummary, ForecastWorkerApi } from '../../workers/forecast.worker';
import { getLocale } from '../i18n';
import type { ProgressCallback } from '../../workers/progress';
import type { BackendChoice } from '../core/neural';
import { appUrl } from './appUrl';
import { progressProxy, WorkerClient, spawnModuleWorker } from './workerClient';
import forecastWorkerUrl from '../../workers/forecast.worker.ts?worker&url';

export { appUrl } from './appUrl';
export { CancelledError, StorageFullError, stopAllWorkers, WorkersStoppedError } from './workerClient';
export * from './embed';
export type { Progress, ProgressCallback } from '../../workers/progress';
export type { ForecastJob, ForecastSummary };
export * from './import';

const forecastWorker = new WorkerClient<ForecastWorkerApi>(
  () => spawnModuleWorker(forecastWorkerUrl, 'forecast'),
);

export function initCompute(): Promise<BackendChoice> {
  return forecastWorker.run((api) => api.initCompute());
}

/** Re-forecasts the new products (first sold < 28 days ago, or not yet) from their text neighbours. */
export function forecastColdStart(job: ForecastJob, signal?: AbortSignal): Promise<{ forecasted: number }> {
  return forecastWorker.run((api) => api.forecastColdStart({ locale: getLocale(), ...job }), signal);
}

export function forecastAll(job: ForecastJob, onProgress: ProgressCallback, signal?: AbortSignal): Promise<ForecastSummary> {
  return forecastWorker.run((api) => api.forecastAll({ baseUrl: appUrl(''), locale: getLocale(), ...job }, progressProxy(onProgress)), signal);
}

/** The registered forecasting models (for the model picker). */
export function listModels(): Promise<{ name: string; label: string; description: string }[]> {
  return forecastWorker.run((api) => api.listModels());
}


export * from './train';
export { checkDemand, planCatalogue, promoUplift, type PromoUpliftAnswer } from './plan';

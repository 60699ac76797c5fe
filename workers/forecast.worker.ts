import * as Comlink from 'comlink';
import type { BackendChoice, BackendName } from '../src/core/neural';
import { dbRepositories } from '../src/db';
import { forecastAll, forecastColdStart, type ForecastJob, type ForecastSummary } from '../src/jobs/forecastAll';
import { workerCompute } from './compute';
import { setLocale } from '../src/i18n';
import { browserEnvironment, workerRegistry } from './models';
import type { ProgressCallback } from './progress';
import { initTfBackend } from './tfBackend';

export type { ForecastJob, ForecastSummary };

/** The stored data and the models as the forecast jobs see them, for one job's base URL. */
function deps(job: ForecastJob) {
  return { ...dbRepositories, models: { registry: workerRegistry, environment: browserEnvironment(job.baseUrl) }, compute: workerCompute };
}

const api = {
  initCompute(order?: BackendName[]): Promise<BackendChoice> {
    // Software WebGPU/WebGL (SwiftShader) run the Transformer 2–30× slower than WASM: passed over
    // (the status bar says why).
    return initTfBackend(order, { skipSoftware: true });
  },

  /** Forecasts every stored product and writes forecasts and report cards back (src/jobs/forecastAll.ts). */
  async forecastAll(job: ForecastJob, onProgress?: ProgressCallback): Promise<ForecastSummary> {
    if (job.locale) setLocale(job.locale);
    await workerCompute.current();
    return forecastAll(job, deps(job), onProgress);
  },

  /** Re-forecasts only the new products by cold start (after the text worker read new product names). */
  forecastColdStart(job: ForecastJob): Promise<{ forecasted: number }> {
    if (job.locale) setLocale(job.locale);
    return forecastColdStart(job, deps(job));
  },

  /** Registered models, for the model picker. */
  listModels(): { name: string; label: string; description: string }[] {
    return workerRegistry().list().map(({ name, label, description }) => ({ name, label, description }));
  },
};

export type ForecastWorkerApi = typeof api;
Comlink.expose(api);

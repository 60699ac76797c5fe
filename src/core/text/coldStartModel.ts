import type { ModelEnvironment, ModelRegistry } from '../evaluate';
import type { ForecastBatch } from '../series';
import { ColdStartForecaster, type ColdStartContext, type ColdStartForecasterOptions } from './coldStart';

/** Registry name of the cold-start forecaster. */
export const COLD_START_MODEL = 'cold_start_text';

/**
 * Adds the cold-start forecaster to a model registry. It is not a selection candidate (it forecasts
 * only products first sold less than `maxHistoryDays` ago, or not sold yet); the forecast worker runs
 * it after the main model and puts its forecasts in place for those products (`withColdStart`).
 * `loadContext` reads the product embeddings, categories and names (IndexedDB in the browser).
 */
export function registerColdStart(
  registry: ModelRegistry,
  loadContext: (env: ModelEnvironment) => Promise<ColdStartContext>,
  options: ColdStartForecasterOptions = {},
): void {
  const contexts = new WeakMap<ModelEnvironment, ColdStartContext>();
  registry.register({
    name: COLD_START_MODEL,
    label: 'Cold start (similar products by text)',
    description: 'For products first sold less than 28 days ago or not yet: the launch curves of the products most similar '
      + 'by name and description, scaled by the product\'s own first sales or its category\'s level.',
    kind: 'forecaster',
    candidate: false,
    load: async (env) => { contexts.set(env, await loadContext(env)); },
    create: (env) => new ColdStartForecaster(contexts.get(env) ?? { embeddings: new Map() }, options),
  });
}

/** The main model's batch with the cold-start forecasts put in place for the products they cover. */
export function withColdStart(main: ForecastBatch, cold: ForecastBatch): ForecastBatch {
  const covered = new Set(cold.forecasts.map((f) => f.sku));
  return {
    forecasts: [...main.forecasts.filter((f) => !covered.has(f.sku)), ...cold.forecasts],
    skipped: main.skipped.filter((s) => !covered.has(s.sku)),
  };
}

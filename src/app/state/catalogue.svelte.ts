import {
  DEFAULT_PLAN_SETTINGS, observeForecasts, observePlanSettings, observeProducts,
  type ForecastRecord, type PlanSettings, type ProductRecord,
} from '../../db';

/**
 * What is stored, kept current by Dexie's liveQuery: any write (from a worker or another tab)
 * re-renders the views. Raw state: records are replaced, never mutated, and hold typed arrays.
 */
class Catalogue {
  products = $state.raw<ProductRecord[]>([]);
  forecasts = $state.raw<Map<string, ForecastRecord>>(new Map());
  settings = $state.raw<PlanSettings>(DEFAULT_PLAN_SETTINGS);
  /** False until the first read from IndexedDB finished (avoids flashing the welcome screen). */
  loaded = $state(false);

  constructor() {
    observeProducts().subscribe({
      next: (products) => {
        this.products = products;
        this.loaded = true;
      },
      error: (error) => console.error('reading products failed', error),
    });
    observeForecasts().subscribe({
      next: (list) => { this.forecasts = new Map(list.map((f) => [f.sku, f])); },
      error: (error) => console.error('reading forecasts failed', error),
    });
    observePlanSettings().subscribe({ next: (s) => { this.settings = s; } });
  }
}

export const catalogue = new Catalogue();

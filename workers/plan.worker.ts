import * as Comlink from 'comlink';
import {
  CataloguePlanner, checkRecentDemand, forecastPromotion, isPromoScenarioForecaster, summarisePurchasePlan, upliftFromHistory,
  type DemandCheck, type Promotion, type PurchasePlanSummary,
} from '../src/core/plan';
import type { Forecaster } from '../src/core/series';
import { getForecastModel, getPlanSettings, loadDailySeries, loadPlanningData, type ProductRecord } from '../src/db';
import type { ProgressCallback } from './progress';

/**
 * The forecaster the seller forecasts with (the model chosen in the Forecasts view). The model
 * registry (tfjs and all) loads on first use: a worker that only plans never needs it.
 */
async function appForecaster(baseUrl: string): Promise<Forecaster> {
  const { browserEnvironment, workerRegistry } = await import('./models');
  return workerRegistry().create(await getForecastModel(), browserEnvironment(baseUrl));
}

/** Kept for the life of the worker, so a change to one product replans only that product. */
const planner = new CataloguePlanner<ProductRecord>();
/** Products planned between two looks at the message queue (for a newer request or a cancel). */
const PRODUCTS_PER_SLICE = 200;
let newestPlanRequest = 0;
const runningPlanRequests = new Set<number>();
const cancelledPlanRequests = new Set<number>();

class PlanSupersededError extends Error {
  constructor() {
    super('Cancelled: a newer purchase plan was asked for');
    this.name = 'AbortError';
  }
}

/** Lets queued messages (a newer request, a cancel) in, then stops if this request is no longer wanted. */
async function checkpoint(request: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (request < newestPlanRequest || cancelledPlanRequests.has(request)) throw new PlanSupersededError();
}

export interface PromoUpliftAnswer {
  /** The model's scenario forecast, when it learned a promotion effect. */
  model?: { uplift: number; paths: Float32Array; nPaths: number; horizon: number };
  /** From the seller's past promotion days, when the history has enough of them. */
  history?: { uplift: number; promoDays: number };
}

const api = {
  /**
   * Every product's purchase plan from what is stored now, as slim rows (no sample paths, no engine
   * inputs). `request` numbers grow: a request stops early once a newer one arrives or it is cancelled.
   */
  async planCatalogue(request: number, recentPrices: ReadonlyMap<string, number>): Promise<PurchasePlanSummary<ProductRecord>> {
    newestPlanRequest = Math.max(newestPlanRequest, request);
    runningPlanRequests.add(request);
    try {
      const settings = await getPlanSettings();
      const data = await loadPlanningData((forecast, product) => !planner.isCurrent(product, forecast, settings, recentPrices.get(product.sku)));
      await checkpoint(request);
      // Plan the products whose rows are not current in slices, so a newer request is noticed early.
      const stale = data.products.filter((p) => data.paths.has(p.sku));
      for (let i = 0; i < stale.length; i += PRODUCTS_PER_SLICE) {
        for (const product of stale.slice(i, i + PRODUCTS_PER_SLICE)) {
          const forecast = data.forecasts.get(product.sku);
          try {
            if (forecast) planner.rowFor(product, forecast, data.paths.get(product.sku), settings, recentPrices.get(product.sku));
          } catch {
            // `plan` below tries it again and reports the problem with the product.
          }
        }
        await checkpoint(request);
      }
      return summarisePurchasePlan(planner.plan(data.products, data.forecasts, data.paths, settings, recentPrices));
    } finally {
      runningPlanRequests.delete(request);
      cancelledPlanRequests.delete(request);
    }
  },

  /** Stops a purchase plan request still running (its caller no longer wants it). */
  cancelPlan(request: number): void {
    if (runningPlanRequests.has(request)) cancelledPlanRequests.add(request);
  },

  /** Recent days of every product against a forecast made before them, plus level shifts and recent prices. */
  async checkDemand(holdoutDays: number, baseUrl: string, onProgress?: ProgressCallback): Promise<DemandCheck[]> {
    onProgress?.({ stage: 'Loading sales history' });
    const series = await loadDailySeries();
    onProgress?.({ stage: 'Checking recent sales against the forecast' });
    return checkRecentDemand(series, await appForecaster(baseUrl), { holdoutDays });
  },

  /** Where a promotion's uplift can come from for one product. */
  async promoUplift(sku: string, promo: Promotion, horizon: number, paths: number, baseUrl: string): Promise<PromoUpliftAnswer> {
    const [series] = await loadDailySeries([sku]);
    if (!series) throw new Error(`no sales history for ${sku}`);
    const answer: PromoUpliftAnswer = {};
    const forecaster = await appForecaster(baseUrl);
    if (isPromoScenarioForecaster(forecaster)) {
      const scenario = await forecastPromotion(forecaster, series, horizon, promo, paths);
      if (scenario) answer.model = { uplift: scenario.uplift, ...scenario.forecast };
    }
    const history = upliftFromHistory(series);
    if (history) answer.history = history;
    return answer;
  },
};

export type PlanWorkerApi = typeof api;
Comlink.expose(api);

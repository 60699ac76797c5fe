import {
  CataloguePlanner, checkRecentDemand, forecastPromotion, isPromoScenarioForecaster, summarisePurchasePlan, upliftFromHistory,
  type DemandCheck, type Promotion, type PurchasePlanSummary,
} from '../core/plan';
import type { Forecaster } from '../core/series';
import type { ProductRecord } from '../db';
import type { ModelSource, PlanningRepository, Progress, SalesRepository, SettingsRepository } from './repositories';

export interface PlanDeps {
  sales: SalesRepository;
  planning: PlanningRepository;
  settings: SettingsRepository;
  /** The models, loaded on first use: a host that only plans never needs tfjs. */
  models: () => Promise<ModelSource>;
  /** Lets queued messages (a newer request, a cancel) reach the host before the job goes on. */
  yieldToHost: () => Promise<void>;
}

export interface PromoUpliftAnswer {
  /** The model's scenario forecast, when it learned a promotion effect. */
  model?: { uplift: number; paths: Float32Array; nPaths: number; horizon: number };
  /** From the seller's past promotion days, when the history has enough of them. */
  history?: { uplift: number; promoDays: number };
}

/** Products planned between two looks at the host's message queue (for a newer request or a cancel). */
const PRODUCTS_PER_SLICE = 200;

class PlanSupersededError extends Error {
  constructor() {
    super('Cancelled: a newer purchase plan was asked for');
    this.name = 'AbortError';
  }
}

/** The forecaster the seller forecasts with (the model chosen in the Forecasts view). */
async function appForecaster(deps: PlanDeps): Promise<Forecaster> {
  const models = await deps.models();
  return models.registry().create(await deps.settings.getForecastModel(), models.environment);
}

/**
 * Purchase plans of the whole catalogue, kept between requests so a change to one product replans
 * only that product. Requests are numbered and grow: one stops early once a newer one arrives or
 * it is cancelled.
 */
export class CataloguePlanning {
  private readonly planner = new CataloguePlanner<ProductRecord>();
  private newest = 0;
  private readonly running = new Set<number>();
  private readonly cancelled = new Set<number>();

  constructor(private readonly deps: PlanDeps) {}

  /** Every product's purchase plan from what is stored now, as slim rows (no sample paths, no engine inputs). */
  async plan(request: number, recentPrices: ReadonlyMap<string, number>): Promise<PurchasePlanSummary<ProductRecord>> {
    this.newest = Math.max(this.newest, request);
    this.running.add(request);
    try {
      const settings = await this.deps.settings.getPlanSettings();
      const data = await this.deps.planning.loadPlanningData((forecast, product) => !this.planner.isCurrent(product, forecast, settings, recentPrices.get(product.sku)));
      await this.checkpoint(request);
      // Plan the products whose rows are not current in slices, so a newer request is noticed early.
      const stale = data.products.filter((p) => data.paths.has(p.sku));
      for (let i = 0; i < stale.length; i += PRODUCTS_PER_SLICE) {
        for (const product of stale.slice(i, i + PRODUCTS_PER_SLICE)) {
          const forecast = data.forecasts.get(product.sku);
          try {
            if (forecast) this.planner.rowFor(product, forecast, data.paths.get(product.sku), settings, recentPrices.get(product.sku));
          } catch {
            // `plan` below tries it again and reports the problem with the product.
          }
        }
        await this.checkpoint(request);
      }
      return summarisePurchasePlan(this.planner.plan(data.products, data.forecasts, data.paths, settings, recentPrices));
    } finally {
      this.running.delete(request);
      this.cancelled.delete(request);
    }
  }

  /** Stops a request still running (its caller no longer wants it). */
  cancel(request: number): void {
    if (this.running.has(request)) this.cancelled.add(request);
  }

  private async checkpoint(request: number): Promise<void> {
    await this.deps.yieldToHost();
    if (request < this.newest || this.cancelled.has(request)) throw new PlanSupersededError();
  }
}

/** Recent days of every product against a forecast made before them, plus level shifts and recent prices. */
export async function checkDemand(holdoutDays: number, deps: PlanDeps, onProgress?: Progress): Promise<DemandCheck[]> {
  onProgress?.({ stage: 'Loading sales history' });
  const series = await deps.sales.loadDailySeries();
  onProgress?.({ stage: 'Checking recent sales against the forecast' });
  return checkRecentDemand(series, await appForecaster(deps), { holdoutDays });
}

/** Where a promotion's uplift can come from for one product: the model in use, and the seller's history. */
export async function promoUplift(sku: string, promo: Promotion, horizon: number, paths: number, deps: PlanDeps): Promise<PromoUpliftAnswer> {
  const [series] = await deps.sales.loadDailySeries([sku]);
  if (!series) throw new Error(`no sales history for ${sku}`);
  const answer: PromoUpliftAnswer = {};
  const forecaster = await appForecaster(deps);
  if (isPromoScenarioForecaster(forecaster)) {
    const scenario = await forecastPromotion(forecaster, series, horizon, promo, paths);
    if (scenario) answer.model = { uplift: scenario.uplift, ...scenario.forecast };
  }
  const history = upliftFromHistory(series);
  if (history) answer.history = history;
  return answer;
}

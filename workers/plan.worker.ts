import * as Comlink from 'comlink';
import type { DemandCheck, Promotion, PurchasePlanSummary } from '../src/core/plan';
import { dbRepositories, type ProductRecord } from '../src/db';
import { CataloguePlanning, checkDemand, promoUplift, type PlanDeps, type PromoUpliftAnswer } from '../src/jobs/plan';
import type { ProgressCallback } from './progress';

export type { PromoUpliftAnswer };

/** The plan jobs' view of the stored data; the models (tfjs and all) load only when a job needs them. */
function deps(baseUrl = ''): PlanDeps {
  return {
    ...dbRepositories,
    models: async () => {
      const { browserEnvironment, workerRegistry } = await import('./models');
      return { registry: workerRegistry, environment: browserEnvironment(baseUrl) };
    },
    // A macrotask: lets a newer request or a cancel, queued as messages, arrive.
    yieldToHost: () => new Promise((resolve) => setTimeout(resolve, 0)),
  };
}

/** Kept for the life of the worker, so a change to one product replans only that product. */
const planning = new CataloguePlanning(deps());

const api = {
  /** Every product's purchase plan from what is stored now (src/jobs/plan.ts). */
  planCatalogue(request: number, recentPrices: ReadonlyMap<string, number>): Promise<PurchasePlanSummary<ProductRecord>> {
    return planning.plan(request, recentPrices);
  },

  /** Stops a purchase plan request still running (its caller no longer wants it). */
  cancelPlan(request: number): void {
    planning.cancel(request);
  },

  /** Recent days of every product against a forecast made before them, plus level shifts and recent prices. */
  checkDemand(holdoutDays: number, baseUrl: string, onProgress?: ProgressCallback): Promise<DemandCheck[]> {
    return checkDemand(holdoutDays, deps(baseUrl), onProgress);
  },

  /** Where a promotion's uplift can come from for one product. */
  promoUplift(sku: string, promo: Promotion, horizon: number, paths: number, baseUrl: string): Promise<PromoUpliftAnswer> {
    return promoUplift(sku, promo, horizon, paths, deps(baseUrl));
  },
};

export type PlanWorkerApi = typeof api;
Comlink.expose(api);

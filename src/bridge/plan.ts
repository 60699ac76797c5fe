import type { PlanWorkerApi, PromoUpliftAnswer } from '../../workers/plan.worker';
import type { ProgressCallback } from '../../workers/progress';
import type { DemandCheck, Promotion, PurchasePlanSummary } from '../core/plan';
import type { ProductRecord } from '../db';
import { appUrl } from './appUrl';
import { CancelledError, progressProxy, WorkerClient, spawnModuleWorker } from './workerClient';
import planWorkerUrl from '../../workers/plan.worker.ts?worker&url';

export type { PromoUpliftAnswer };

const planWorker = new WorkerClient<PlanWorkerApi>(
  () => spawnModuleWorker(planWorkerUrl, 'plan'),
);

/**
 * The purchase plan gets a worker of its own: it must not wait behind a demand check of every
 * product, and cancelling a stale plan must not stop one. A stale plan is cancelled by asking the
 * worker, not by terminating it, so the rows it keeps for unchanged products survive.
 */
const purchasePlanWorker = new WorkerClient<PlanWorkerApi>(
  () => spawnModuleWorker(planWorkerUrl, 'purchase-plan'),
);
let lastPlanRequest = 0;

/** Recent sales of every product checked against the forecast made before them (anomalies, trend breaks). */
export function checkDemand(holdoutDays: number, onProgress: ProgressCallback, signal?: AbortSignal): Promise<DemandCheck[]> {
  return planWorker.run((api) => api.checkDemand(holdoutDays, appUrl(''), progressProxy(onProgress)), signal);
}

/** The promotion uplift the model or the seller's history can give for one product. */
export function promoUplift(sku: string, promo: Promotion, horizon: number, paths: number): Promise<PromoUpliftAnswer> {
  return planWorker.run((api) => api.promoUplift(sku, promo, horizon, paths, appUrl('')));
}

/**
 * Every product's purchase plan, computed in the worker from what is stored (slim rows: no sample
 * paths). A newer call supersedes an older one still running; `signal` cancels this one.
 */
export function planCatalogue(recentPrices: ReadonlyMap<string, number>, signal?: AbortSignal): Promise<PurchasePlanSummary<ProductRecord>> {
  if (signal?.aborted) return Promise.reject(new CancelledError());
  const request = ++lastPlanRequest;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      reject(new CancelledError());
      void purchasePlanWorker.run((api) => api.cancelPlan(request)).catch(() => {});
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    purchasePlanWorker.run((api) => api.planCatalogue(request, new Map(recentPrices)))
      .then(resolve, reject)
      .finally(() => signal?.removeEventListener('abort', onAbort));
  });
}

import { planCatalogue } from '../../bridge';
import { jobErrorMessage } from './job.svelte';
import type { PurchasePlanSummary } from '../../core/plan';
import type { ForecastRecord, PlanSettings, ProductRecord } from '../../db';

/** Quiet time before asking for a new plan: a forecast run saves in chunks, a seller types stock. */
const DEBOUNCE_MS = 150;

/**
 * The purchase plan of every product, computed by the plan worker from what is stored and kept
 * here for the Plan and Alerts views. Asked for again (debounced) whenever products, forecasts,
 * settings or recent prices change; a request made stale by a newer one is cancelled, and the last
 * plan stays shown until the new one arrives.
 */
class PurchasePlanState {
  plan = $state.raw<PurchasePlanSummary<ProductRecord> | null>(null);
  /** True from a change until the plan that includes it arrives. */
  computing = $state(false);
  error = $state<string | null>(null);
  private planned: readonly unknown[] = [];
  private waiters: (() => void)[] = [];

  /**
   * Resolves when a plan from the current inputs is on hand (or after `timeoutMs`): the quick plan
   * is left to finish before the slow automatic model choice takes the cores.
   */
  settled(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => { clearTimeout(timer); resolve(); });
    });
  }

  /** Starts the plan worker ahead of need (its first plan otherwise pays for loading it). */
  warmUp(): void {
    planCatalogue(new Map()).catch(() => {});
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
  private timer?: ReturnType<typeof setTimeout>;
  private inFlight?: AbortController;

  /** Asks for a new plan when any input differs from the last call (cheap to call often). */
  refreshFor(
    products: readonly ProductRecord[], forecasts: ReadonlyMap<string, ForecastRecord>, settings: PlanSettings,
    recentPrices: ReadonlyMap<string, number>,
  ): void {
    const inputs = [products, forecasts, settings, recentPrices];
    if (inputs.every((x, i) => x === this.planned[i])) return;
    this.planned = inputs;
    clearTimeout(this.timer);
    this.inFlight?.abort();
    this.inFlight = undefined;
    if (forecasts.size === 0) {
      this.plan = { rows: [], problems: [], unpriced: [] };
      this.computing = false;
      return;
    }
    this.computing = true;
    this.timer = setTimeout(() => this.request(recentPrices), DEBOUNCE_MS);
  }

  private request(recentPrices: ReadonlyMap<string, number>): void {
    const controller = new AbortController();
    this.inFlight = controller;
    planCatalogue(recentPrices, controller.signal).then((plan) => {
      if (this.inFlight !== controller) return;
      this.plan = plan;
      this.error = null;
      this.wake();
    }).catch((error: unknown) => {
      if (this.inFlight !== controller) return;
      // A cancel (a newer plan replaced this one) or stopped workers leave the error line alone.
      const message = jobErrorMessage(error, '');
      if (message) this.error = message;
    }).finally(() => {
      if (this.inFlight !== controller) return;
      this.inFlight = undefined;
      this.computing = false;
    });
  }
}

export const purchasePlan = new PurchasePlanState();

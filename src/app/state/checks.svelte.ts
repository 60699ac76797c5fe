import { checkDemand } from '../../bridge';
import type { DemandCheck } from '../../core/plan';
import type { ForecastRecord } from '../../db';

/** Days of recent sales compared with the forecast made before them. */
export const HOLDOUT_DAYS = 14;

/**
 * The demand checks behind the alerts (P1–P99 anomalies, trend breaks) and the recent selling
 * prices the plan values stock with. Computed in the plan worker whenever the stored forecasts
 * change, so they always describe the same data as the plan.
 */
class DemandChecks {
  bySku = $state.raw<Map<string, DemandCheck>>(new Map());
  recentPrices = $state.raw<Map<string, number>>(new Map());
  running = $state(false);
  error = $state<string | null>(null);
  private computedFor = '';

  /** Recomputes when the forecasts differ from the ones last checked (cheap to call often). */
  refreshFor(forecasts: ReadonlyMap<string, ForecastRecord>): void {
    let newest = '';
    for (const f of forecasts.values()) if (f.createdAt > newest) newest = f.createdAt;
    const key = `${forecasts.size}:${newest}`;
    if (forecasts.size === 0 || key === this.computedFor) return;
    this.computedFor = key;
    this.running = true;
    this.error = null;
    checkDemand(HOLDOUT_DAYS, () => {}).then((checks) => {
      if (this.computedFor !== key) return; // newer forecasts arrived meanwhile
      this.bySku = new Map(checks.map((c) => [c.sku, c]));
      this.recentPrices = new Map(checks.filter((c) => c.recentPrice !== undefined).map((c) => [c.sku, c.recentPrice as number]));
    }).catch((error: unknown) => {
      this.error = error instanceof Error ? error.message : String(error);
      this.computedFor = '';
    }).finally(() => {
      if (this.computedFor === key || this.computedFor === '') this.running = false;
    });
  }
}

export const demandChecks = new DemandChecks();

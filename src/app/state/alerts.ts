import {
  anomalyAlert, overstockAlert, rankAlerts, stockoutAlert, trendAlert, type Alert, type DemandCheck, type UnitValues,
} from '../../core/plan';
import type { PlanLine } from '../../core/plan';

/** Money per unit for an alert, only where the product has a price or cost (never the unit-value-1 fallback). */
function valuesOf(row: PlanLine): UnitValues {
  const known = row.money.unitCost !== undefined;
  return { stockoutPerUnit: known ? row.costs.stockoutPerUnit : undefined, unitCost: row.money.unitCost, price: row.money.price };
}

/** Every alert of every product, most money at stake first. */
export function collectAlerts(rows: readonly PlanLine[], checks: ReadonlyMap<string, DemandCheck>): Alert[] {
  const alerts: Alert[] = [];
  for (const row of rows) {
    const values = valuesOf(row);
    const stockout = stockoutAlert(row.plan, row.leadTimeDays, values);
    if (stockout) alerts.push(stockout);
    const overstock = overstockAlert(row.plan, values);
    if (overstock) alerts.push(overstock);
    const check = checks.get(row.sku);
    if (check) {
      const anomaly = anomalyAlert(check, values);
      if (anomaly) alerts.push(anomaly);
      const trend = trendAlert(check, Math.round(row.leadTimeDays) + row.reviewDays, values);
      if (trend) alerts.push(trend);
    }
  }
  return rankAlerts(alerts);
}

import { dayToIso } from '../series';
import { toCsv, type CsvCell, type CsvFormat } from './csv';
import type { PlanSummary } from './catalogue';

/** One product in the purchase plan: its plan and the catalogue facts shown next to it. */
export interface PurchasePlanLine {
  plan: PlanSummary;
  name?: string;
  onHand: number;
  onOrder: number;
  unitCost?: number;
}

/** Columns of the purchase plan CSV; the first five are the stable, documented interface. */
export const PURCHASE_PLAN_COLUMNS = [
  'sku', 'order_qty', 'reorder_point', 'order_up_to', 'expected_fill_rate',
  'name', 'order_by', 'expected_arrival', 'unit_cost', 'order_value', 'raw_order_qty', 'rounding_cost', 'rounding_note',
  'on_hand', 'on_order', 'safety_stock', 'target_cycle_service_level', 'expected_cycle_service_level',
  'lead_time_demand_mean', 'stockout_date', 'days_of_cover', 'excess_units', 'excess_value',
] as const;

const round = (x: number, digits: number) => Number(x.toFixed(digits));

export function purchasePlanRow(line: PurchasePlanLine): CsvCell[] {
  const p = line.plan;
  return [
    p.sku,
    p.orderQty,
    p.levels.reorderPoint,
    p.levels.orderUpTo,
    round(p.expectedFillRate, 4),
    line.name ?? '',
    p.orderQty > 0 && p.orderByDay !== null ? dayToIso(p.orderByDay) : '',
    p.orderQty > 0 && p.expectedArrivalDay !== null ? dayToIso(p.expectedArrivalDay) : '',
    line.unitCost,
    line.unitCost === undefined ? undefined : round(p.orderQty * line.unitCost, 2),
    round(p.rawOrderQty, 2),
    round(p.roundingCost, 2),
    p.roundingReason,
    line.onHand,
    line.onOrder,
    round(p.levels.safetyStock, 2),
    round(p.levels.cycleServiceLevel, 4),
    round(p.expectedCycleServiceLevel, 4),
    round(p.levels.leadTimeDemand.mean, 2),
    p.stockoutDay === null ? '' : dayToIso(p.stockoutDay),
    p.daysOfCover,
    round(p.excessUnits, 2),
    p.excessValue === null ? undefined : round(p.excessValue, 2),
  ];
}

/** The purchase plan as CSV text in the given format (Excel-friendly or plain). */
export function purchasePlanCsv(lines: readonly PurchasePlanLine[], format: CsvFormat): string {
  return toCsv(PURCHASE_PLAN_COLUMNS, lines.map(purchasePlanRow), format);
}

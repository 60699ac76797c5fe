import { intlTag, t } from '../../i18n';
import { dayToIso } from '../series';
import { hasStockFigure, type PlanLine, type PlanProduct } from './catalogue';
import { toCsv, type CsvCell, type CsvFormat } from './csv';

/**
 * The purchase order a seller sends: per supplier, only what to order (after MOQ and case pack),
 * with unit cost, line total and the day to order by. Products without a stock figure are left out
 * (their order would be a guess) and counted, so the page can say so.
 */

export interface PurchaseOrderLine {
  sku: string;
  name: string;
  qty: number;
  /** Per unit in the seller's currency; undefined when neither a cost nor a price is known. */
  unitCost?: number;
  /** True when the cost was derived from the price and the default margin. */
  costAssumed: boolean;
  lineTotal?: number;
  /** ISO dates. */
  orderBy: string;
  arrives: string;
}

export interface SupplierOrder {
  /** Null: products whose catalogue names no supplier. */
  supplier: string | null;
  lines: PurchaseOrderLine[];
  /** Sum of the priced lines. */
  total: number;
  units: number;
  /** Lines without a cost (not in `total`). */
  unpriced: number;
}

export interface PurchaseOrder {
  suppliers: SupplierOrder[];
  total: number;
  units: number;
  unpriced: number;
  /** Products the plan would order but whose stock was never given: not on the order. */
  skippedNoStock: number;
}

const cents = (x: number) => Math.round(x * 100) / 100;

/** Groups the plan's orders by supplier (named suppliers A→Z, then "no supplier"); biggest lines first. */
export function purchaseOrder<P extends PlanProduct>(rows: readonly PlanLine<P>[]): PurchaseOrder {
  const bySupplier = new Map<string | null, PurchaseOrderLine[]>();
  let skippedNoStock = 0;
  for (const row of rows) {
    const qty = row.plan.orderQty;
    if (!(qty > 0)) continue;
    if (!hasStockFigure(row.product)) { skippedNoStock++; continue; }
    const unitCost = row.money.unitCost;
    const orderBy = row.plan.orderByDay ?? row.today;
    const line: PurchaseOrderLine = {
      sku: row.sku,
      name: row.name,
      qty,
      unitCost: unitCost === undefined ? undefined : cents(unitCost),
      costAssumed: row.money.costAssumed,
      lineTotal: unitCost === undefined ? undefined : cents(qty * cents(unitCost)),
      orderBy: dayToIso(orderBy),
      arrives: dayToIso(row.plan.expectedArrivalDay ?? orderBy + Math.round(row.leadTimeDays)),
    };
    const supplier = row.product.supplier?.trim() || null;
    const list = bySupplier.get(supplier);
    if (list) list.push(line);
    else bySupplier.set(supplier, [line]);
  }
  const suppliers: SupplierOrder[] = [...bySupplier.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([supplier, lines]) => {
      lines.sort((a, b) => b.qty - a.qty || (a.sku < b.sku ? -1 : 1));
      return {
        supplier,
        lines,
        total: cents(lines.reduce((s, l) => s + (l.lineTotal ?? 0), 0)),
        units: lines.reduce((s, l) => s + l.qty, 0),
        unpriced: lines.filter((l) => l.lineTotal === undefined).length,
      };
    });
  return {
    suppliers,
    total: cents(suppliers.reduce((s, o) => s + o.total, 0)),
    units: suppliers.reduce((s, o) => s + o.units, 0),
    unpriced: suppliers.reduce((s, o) => s + o.unpriced, 0),
    skippedNoStock,
  };
}

/** The supplier's name as the order shows it. */
export function supplierLabel(supplier: string | null): string {
  return supplier ?? t('plan:po.noSupplier');
}

/** The column headers of the purchase order CSV, in the seller's language, money ones naming the currency. */
export function purchaseOrderHeader(currency: string): string[] {
  return [
    t('plan:po.col.supplier'), t('plan:po.col.sku'), t('plan:po.col.name'), t('plan:po.col.qty'),
    t('plan:po.col.unitCost', { currency }), t('plan:po.col.lineTotal', { currency }), t('plan:po.col.orderBy'), t('plan:po.col.arrives'),
  ];
}

/**
 * The purchase order as CSV: one row per line, then one total row per supplier and a grand total,
 * money as plain numbers (so the spreadsheet can add them up) with the currency in the header.
 */
export function purchaseOrderCsv(order: PurchaseOrder, currency: string, format: CsvFormat): string {
  const rows: CsvCell[][] = [];
  for (const group of order.suppliers) {
    const name = supplierLabel(group.supplier);
    for (const line of group.lines) {
      rows.push([name, line.sku, line.name, line.qty, line.unitCost, line.lineTotal, line.orderBy, line.arrives]);
    }
    rows.push([name, '', t('plan:po.supplierTotal'), group.units, undefined, group.total, '', '']);
  }
  rows.push(['', '', t('plan:po.grandTotal'), order.units, undefined, order.total, '', '']);
  return toCsv(purchaseOrderHeader(currency), rows, format);
}

/** Money in the seller's currency for the screen and the printed order (Intl, current language). */
export function formatCurrency(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(intlTag(), { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

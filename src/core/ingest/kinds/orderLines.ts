import type { RowContext } from '../context';
import { CANCELLED_STATUS, isRefunded } from '../profiles';
import type { KindReader } from './reader';
import { addSale, duplicatesMatter, finishSales, isReturn, leftOutAsNonProduct, quantityAndPrice, readPromo, saleScratch, type SaleCells } from './saleLine';

/** The order a line belongs to, as far as its first line told (for profiles that fill order fields down). */
interface OrderState { invoice: string; day: number; cancelled: boolean }

/**
 * Order exports: one row per order line, with an order number and perhaps a cancellation, status or
 * refund column. Shop-specific conventions come from the layout profile only; an order number is
 * otherwise just a number (a shop whose orders start with "C" keeps its sales).
 */
export function orderLinesReader(ctx: RowContext): KindReader {
  const profile = ctx.profile;
  const fillDown = new Set(profile?.fillDown ?? []);
  const order: OrderState = { invoice: '', day: Number.NaN, cancelled: false };
  const checkDuplicates = duplicatesMatter(ctx);
  const scratch = saleScratch();
  const sameOrder = (invoice: string) => invoice !== '' && invoice === order.invoice;

  const dayOf = (cells: string[], line: number, invoice: string): number | undefined => {
    if (fillDown.has('date') && ctx.cell(cells, 'date') === '' && sameOrder(invoice) && !Number.isNaN(order.day)) return order.day;
    return ctx.dayOf(cells, 'date', line);
  };
  const cancelled = (cells: string[], invoice: string): boolean => {
    const at = ctx.cell(cells, 'cancelledAt');
    const status = ctx.cell(cells, 'orderStatus');
    if (at !== '' || CANCELLED_STATUS.test(status)) return true;
    return at === '' && status === '' && fillDown.size > 0 && sameOrder(invoice) && order.cancelled;
  };
  /** Online Retail's "C…" invoices, refunded lines, or the generic sign rule; undefined: left out. */
  const classify = (cells: string[], invoice: string, sale: SaleCells, line: number): boolean | 'refunded' | undefined => {
    const e = ctx.exclusions;
    if (profile?.cancellationInvoice?.test(invoice)) {
      e.cancellations++;
      e.cancelledUnits -= Math.abs(sale.qty);
      return true;
    }
    if (sale.qty > 0 && isRefunded(ctx.cell(cells, 'refund'))) {
      e.returns++;
      e.returnedUnits -= sale.qty;
      return 'refunded';
    }
    return isReturn(ctx, sale, line);
  };

  return {
    row(cells, line) {
      const invoice = ctx.cell(cells, 'invoice');
      if (invoice !== '' && profile?.badDebtInvoice?.test(invoice)) { ctx.exclusions.badDebt++; return false; }
      const sku = ctx.skuOf(cells, line);
      if (sku === undefined || leftOutAsNonProduct(ctx, cells, sku)) return false;
      const day = dayOf(cells, line, invoice);
      if (day === undefined) return false;
      const isCancelled = cancelled(cells, invoice);
      if (!sameOrder(invoice) || isCancelled) order.cancelled = isCancelled;
      order.invoice = invoice;
      order.day = day;
      const sale = quantityAndPrice(ctx, cells, line, scratch);
      if (!sale) return false;
      if (isCancelled) { ctx.exclusions.cancelledOrders++; return false; }
      if (!readPromo(ctx, cells, line, sale)) return false;
      const key = ctx.seriesKey(cells, sku);
      const returned = classify(cells, invoice, sale, line);
      if (returned === undefined) return false;
      // A refunded line was sold, then its money went back: both are kept, so "net" cancels them out.
      addSale(ctx, cells, line, key, day, sale, returned === true, checkDuplicates);
      if (returned === 'refunded') ctx.acc.add(key, day, -sale.qty, sale.price, 0, true);
      return true;
    },
    finish: (staged) => finishSales(ctx, staged),
  };
}

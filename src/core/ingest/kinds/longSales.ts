import type { RowContext } from '../context';
import type { KindReader } from './reader';
import { addSale, duplicatesMatter, finishSales, isReturn, leftOutAsNonProduct, quantityAndPrice, readPromo, saleScratch } from './saleLine';

/** Long sales tables: one row per product and date (and store), no order numbers. */
export function longSalesReader(ctx: RowContext): KindReader {
  const checkDuplicates = duplicatesMatter(ctx);
  const scratch = saleScratch();
  return {
    row(cells, line) {
      const sku = ctx.skuOf(cells, line);
      if (sku === undefined || leftOutAsNonProduct(ctx, cells, sku)) return false;
      const day = ctx.dayOf(cells, 'date', line);
      if (day === undefined) return false;
      const sale = quantityAndPrice(ctx, cells, line, scratch);
      if (!sale || !readPromo(ctx, cells, line, sale)) return false;
      const key = ctx.seriesKey(cells, sku);
      const returned = isReturn(ctx, sale, line);
      if (returned === undefined) return false;
      addSale(ctx, cells, line, key, day, sale, returned, checkDuplicates);
      return true;
    },
    finish: (staged) => finishSales(ctx, staged),
  };
}

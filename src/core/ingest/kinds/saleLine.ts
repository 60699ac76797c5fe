import { t } from '../../../i18n';
import { DayFlag, dayToIso } from '../../series';
import { MAX_NAME_CHARS, type RowContext } from '../context';
import { clip, parseFlag, parseNumber } from '../numbers';
import { isServiceLine } from '../profiles';
import type { StagedImport } from '../staged';

/** The cells of a sales line every layout has: quantity, price, promotion flag. */
export interface SaleCells { qty: number; price: number; priced: boolean; flags: number }

/**
 * True when the line is a non-product and is left out: the profile's own codes (Online Retail), or
 * a service line (delivery, fee, discount…) the seller has not chosen to keep. Service lines are
 * counted either way, so the report always shows what was proposed.
 */
export function leftOutAsNonProduct(ctx: RowContext, cells: string[], sku: string): boolean {
  const e = ctx.exclusions;
  const codes = ctx.profile?.nonProductCodes;
  if (codes) {
    if (!ctx.plan.excludeNonProducts || !codes.test(sku)) return false;
    const code = /^(gift_0001_|DCGS)/i.test(sku) ? `${sku.slice(0, sku.toUpperCase().startsWith('DCGS') ? 4 : 10)}*` : sku.toUpperCase();
    e.nonProduct++;
    e.nonProductCodes[code] = (e.nonProductCodes[code] ?? 0) + 1;
    return true;
  }
  let service = ctx.serviceCodes.get(sku);
  if (service === undefined) ctx.serviceCodes.set(sku, (service = isServiceLine(sku, ctx.cell(cells, 'name'))));
  if (!service) return false;
  e.serviceLines++;
  e.serviceLineCodes[sku] = (e.serviceLineCodes[sku] ?? 0) + 1;
  if (!ctx.plan.excludeNonProducts) return false;
  e.nonProduct++;
  e.nonProductCodes[sku] = (e.nonProductCodes[sku] ?? 0) + 1;
  return true;
}

/** A sale's cells, reused from row to row (one object per file, not per row: a million rows are read). */
export const saleScratch = (): SaleCells => ({ qty: 0, price: Number.NaN, priced: false, flags: 0 });

/** Quantity and price into `sale` (rejections logged; undefined when the row is rejected). */
export function quantityAndPrice(ctx: RowContext, cells: string[], line: number, sale: SaleCells): SaleCells | undefined {
  const qtyIndex = ctx.cols.qty as number;
  const qty = parseNumber(cells[qtyIndex] ?? '', ctx.plan.decimal, ctx.what.quantity);
  if ('error' in qty) { ctx.reject(line, qty.error, qtyIndex); return undefined; }
  const priced = ctx.numberOf(cells, 'price', line, ctx.what.price);
  if (priced && 'error' in priced) return undefined;
  if (priced && priced.value < 0) {
    ctx.reject(line, t('import:issue.negativePrice', { raw: clip(ctx.cell(cells, 'price')) }), ctx.cols.price);
    return undefined;
  }
  sale.qty = qty.value;
  sale.price = priced ? priced.value : Number.NaN;
  sale.priced = priced !== undefined;
  sale.flags = 0;
  return sale;
}

/** The promotion flag into `sale.flags`; false when the cell is not a yes/no. */
export function readPromo(ctx: RowContext, cells: string[], line: number, sale: SaleCells): boolean {
  if (ctx.cols.promo === undefined) return true;
  const promo = parseFlag(cells[ctx.cols.promo] ?? '');
  if (promo === undefined) {
    ctx.reject(line, t('import:issue.badPromo', { raw: clip(ctx.cell(cells, 'promo')) }), ctx.cols.promo);
    return false;
  }
  if (promo) sale.flags |= DayFlag.Promo;
  return true;
}

/**
 * The generic rule for a line's sign: a negative quantity is a customer return, unless it has price
 * 0 (a write-off: damaged, lost), which is never demand. Returns undefined for a write-off.
 */
export function isReturn(ctx: RowContext, sale: SaleCells, line: number): boolean | undefined {
  const e = ctx.exclusions;
  if (sale.qty < 0) {
    if (sale.priced && sale.price === 0) { e.stockAdjustments++; e.adjustedUnits += sale.qty; return undefined; }
    e.returns++;
    e.returnedUnits += sale.qty;
    return true;
  }
  if (sale.priced && sale.price === 0 && sale.qty > 0) ctx.notices.zeroPrice.note(() => t('import:where.line', { line }));
  return false;
}

/** A repeated product-day is worth a warning only where rows are not expected to repeat (orders, channels, added-up stores). */
export function duplicatesMatter(ctx: RowContext): boolean {
  const { cols, plan } = ctx;
  return cols.invoice === undefined && cols.channel === undefined && (cols.store === undefined || plan.seriesKey === 'store-sku');
}

/** Adds the line to its product-day; sales (not returns) vote for the product's name. */
export function addSale(ctx: RowContext, cells: string[], line: number, key: string, day: number, sale: SaleCells, returned: boolean, checkDuplicates: boolean): void {
  const before = ctx.acc.add(key, day, sale.qty, sale.price, sale.flags, returned);
  if (checkDuplicates && before > 0) ctx.notices.duplicateDays.note(() => t('import:where.productDay', { line, key, date: dayToIso(day) }));
  if (!returned && sale.qty > 0) {
    const name = ctx.text(cells, 'name', MAX_NAME_CHARS, line);
    if (name) ctx.vote(key, name);
  }
}

/** Sales and wide files: blocks, names and stores; warns about products with only returns. */
export function finishSales(ctx: RowContext, staged: StagedImport): void {
  const blocks = ctx.acc.finish();
  staged.sales = { blocks, names: ctx.names(), stores: ctx.stores };
  const returnOnly = ctx.acc.returnOnlyProducts;
  if (returnOnly > 0) staged.warnings.push(t('import:warning.returnOnly', { count: returnOnly, n: returnOnly.toLocaleString('en') }));
  if (blocks.length > 0) { staged.firstDay = ctx.acc.firstDay; staged.lastDay = ctx.acc.lastDay; }
}

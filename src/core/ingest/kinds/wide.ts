import { t } from '../../../i18n';
import { MAX_NAME_CHARS, type RowContext } from '../context';
import { parseNumber } from '../numbers';
import type { WideColumn } from '../types';
import type { KindReader } from './reader';
import { finishSales } from './saleLine';

/** Wide tables: one row per product, one column per day or week (a week is spread over its 7 days). */
export function wideReader(ctx: RowContext, columns: readonly WideColumn[]): KindReader {
  const weekly = ctx.plan.granularity === 'week';
  const what = ctx.what.quantity;
  return {
    row(cells, line) {
      const sku = ctx.skuOf(cells, line);
      if (sku === undefined) return false;
      const key = ctx.seriesKey(cells, sku);
      const values: { day: number; qty: number }[] = [];
      for (const w of columns) {
        const raw = cells[w.column] ?? '';
        if (raw.trim() === '') continue;
        const qty = parseNumber(raw, ctx.plan.decimal, what);
        if ('error' in qty) { ctx.reject(line, qty.error, w.column); return false; }
        values.push({ day: w.day, qty: qty.value });
      }
      if (values.length === 0) { ctx.reject(line, t('import:issue.wideEmpty')); return false; }
      for (const { day, qty } of values) {
        if (weekly) for (let d = 0; d < 7; d++) ctx.acc.add(key, day + d, qty / 7, Number.NaN, 0, qty < 0);
        else ctx.acc.add(key, day, qty, Number.NaN, 0, qty < 0);
      }
      const name = ctx.text(cells, 'name', MAX_NAME_CHARS, line);
      if (name) ctx.vote(key, name);
      return true;
    },
    finish: (staged) => finishSales(ctx, staged),
  };
}

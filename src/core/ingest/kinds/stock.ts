import { t } from '../../../i18n';
import { DayFlag } from '../../series';
import type { RowContext } from '../context';
import { clip, parseFlag } from '../numbers';
import type { StagedStock } from '../staged';
import type { KindReader } from './reader';

type StockDays = Map<number, { onHand: number; out: boolean }>;

/** Stock snapshots or out-of-stock flags per product and day. */
export function stockReader(ctx: RowContext): KindReader {
  const cellsBySku = new Map<string, StockDays>();
  const onHandWhat = t('import:what.onHand');
  const outFlag = (cells: string[], line: number): boolean | undefined => {
    if (ctx.cols.stockout === undefined) return false;
    const flag = parseFlag(cells[ctx.cols.stockout] ?? '');
    if (flag === undefined) ctx.reject(line, t('import:issue.badStockFlag', { raw: clip(ctx.cell(cells, 'stockout')) }), ctx.cols.stockout);
    return flag;
  };
  return {
    row(cells, line) {
      const sku = ctx.skuOf(cells, line);
      if (sku === undefined) return false;
      const date = ctx.dateOf(cells[ctx.cols.date as number] ?? '');
      if ('error' in date) { ctx.reject(line, date.error, ctx.cols.date); return false; }
      const onHand = ctx.numberOf(cells, 'onHand', line, onHandWhat);
      if (onHand && 'error' in onHand) return false;
      let out = outFlag(cells, line);
      if (out === undefined) return false;
      if (!onHand && ctx.cols.stockout === undefined) { ctx.reject(line, t('import:issue.onHandEmpty'), ctx.cols.onHand); return false; }
      if (onHand && onHand.value <= 0) out = true;
      const key = ctx.seriesKey(cells, sku);
      let days = cellsBySku.get(key);
      if (!days) cellsBySku.set(key, (days = new Map()));
      days.set(date.day, { onHand: onHand ? onHand.value : Number.NaN, out: out || (days.get(date.day)?.out ?? false) });
      ctx.acc.flag(key, date.day, out ? DayFlag.Stockout : 0);
      return true;
    },
    finish(staged) {
      staged.stock = [...cellsBySku.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([sku, days]) => toStock(sku, days));
      if (cellsBySku.size > 0) { staged.firstDay = ctx.acc.firstDay; staged.lastDay = ctx.acc.lastDay; }
      staged.sales = { blocks: [], names: new Map(), stores: ctx.stores };
    },
  };
}

function toStock(sku: string, days: StockDays): StagedStock {
  const list = [...days.keys()];
  const start = Math.min(...list);
  const length = Math.max(...list) - start + 1;
  const flags = new Uint8Array(length);
  const onHand = new Float32Array(length).fill(Number.NaN);
  for (const [day, v] of days) {
    if (v.out) flags[day - start] |= DayFlag.Stockout;
    onHand[day - start] = v.onHand;
  }
  return { sku, startDay: start, flags, onHand };
}

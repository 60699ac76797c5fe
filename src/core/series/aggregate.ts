import { DayFlag, type SaleRow } from './types';

/** Daily totals for one product over a contiguous span of days, as stored. */
export interface DailyBlock {
  sku: string;
  /** Day number of qty[0]. */
  startDay: number;
  /** Units sold per day (net of returns when the policy nets them), never below 0. */
  qty: Float32Array;
  /** Quantity-weighted average unit price per day; NaN on days without a priced sale. */
  price: Float32Array;
  /** DayFlag bits per day (promotions, stock-outs). */
  flags: Uint8Array;
}

/**
 * A product's days before the seller chose what to do with returns: units sold and units returned
 * or cancelled (≤ 0) are kept apart, so switching between "net" and "drop" needs no second pass.
 */
export interface StagedBlock {
  sku: string;
  startDay: number;
  sold: Float32Array;
  returned: Float32Array;
  price: Float32Array;
  flags: Uint8Array;
}

/** What happens to cancellations and returns: subtract them from the day's sales, or ignore them. */
export type ReturnsPolicy = 'net' | 'drop';

interface Cells {
  /** Day number of index 0 of the arrays, and the first and last day actually written. */
  base: number;
  first: number;
  last: number;
  sold: Float64Array;
  returned: Float64Array;
  revenue: Float64Array;
  pricedQty: Float64Array;
  flags: Uint8Array;
  rows: Uint8Array;
  /** Rows that were sales (not returns); a product with none is not a product of this file. */
  saleRows: number;
}

function allocate(base: number, capacity: number): Cells {
  return {
    base, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY,
    sold: new Float64Array(capacity), returned: new Float64Array(capacity), revenue: new Float64Array(capacity),
    pricedQty: new Float64Array(capacity), flags: new Uint8Array(capacity), rows: new Uint8Array(capacity), saleRows: 0,
  };
}

/**
 * Adds sales up per product and day as rows stream by, in dense growable arrays (memory follows the
 * days spanned, not the rows read). Each product's block runs from its first day in the file to the
 * file's last day: a day inside the file's period with no row is a real zero (nothing sold).
 */
export class DailyAccumulator {
  private readonly bySku = new Map<string, Cells>();
  firstDay = Number.POSITIVE_INFINITY;
  lastDay = Number.NEGATIVE_INFINITY;

  get products(): number {
    return this.bySku.size;
  }

  /**
   * Adds one row. `returned` rows (cancellations, returns) go to their own column. Returns how many
   * rows this product-day had before (saturating at 255), so callers can spot duplicate keys.
   */
  add(sku: string, day: number, qty: number, price: number, flags: number, returned: boolean): number {
    let cells = this.bySku.get(sku);
    if (!cells) {
      cells = allocate(day - 8, 64);
      this.bySku.set(sku, cells);
    }
    let i = day - cells.base;
    if (i < 0 || i >= cells.sold.length) {
      cells = this.grow(sku, cells, day);
      i = day - cells.base;
    }
    if (day < cells.first) cells.first = day;
    if (day > cells.last) cells.last = day;
    if (day < this.firstDay) this.firstDay = day;
    if (day > this.lastDay) this.lastDay = day;
    if (returned) cells.returned[i] += qty > 0 ? -qty : qty;
    else {
      cells.saleRows++;
      cells.sold[i] += qty;
      // Only sales carry a selling price; a free line (price 0) says nothing about the price.
      if (price > 0 && qty > 0) {
        cells.revenue[i] += price * qty;
        cells.pricedQty[i] += qty;
      }
    }
    cells.flags[i] |= flags;
    const before = cells.rows[i];
    if (before < 255) cells.rows[i] = before + 1;
    return before;
  }

  /** Sets flags on a product-day without adding a sale (the day must already be known to the product). */
  flag(sku: string, day: number, flags: number): void {
    this.add(sku, day, 0, Number.NaN, flags, false);
  }

  private grow(sku: string, cells: Cells, day: number): Cells {
    const lo = Math.min(day, cells.first);
    const hi = Math.max(day, cells.last);
    const span = hi - lo + 1;
    const capacity = Math.max(64, span * 2);
    // Leave room on the side that grew: data mostly arrives in date order.
    const base = day < cells.first ? hi - capacity + 9 : lo - 8;
    const next = allocate(base, capacity);
    const from = cells.first - cells.base;
    const to = cells.last - cells.base + 1;
    const at = cells.first - base;
    next.sold.set(cells.sold.subarray(from, to), at);
    next.returned.set(cells.returned.subarray(from, to), at);
    next.revenue.set(cells.revenue.subarray(from, to), at);
    next.pricedQty.set(cells.pricedQty.subarray(from, to), at);
    next.flags.set(cells.flags.subarray(from, to), at);
    next.rows.set(cells.rows.subarray(from, to), at);
    next.first = cells.first;
    next.last = cells.last;
    next.saleRows = cells.saleRows;
    this.bySku.set(sku, next);
    return next;
  }

  /** Products that had only returns or cancellations in the file (left out by finish). */
  returnOnlyProducts = 0;

  /**
   * One dense block per product, sorted by product code, each running to the file's last day.
   * `keepFlagOnly` keeps products that have no sale rows (stock files only flag days).
   */
  finish(keepFlagOnly = false): StagedBlock[] {
    const out: StagedBlock[] = [];
    this.returnOnlyProducts = 0;
    for (const [sku, c] of this.bySku) {
      if (c.saleRows === 0 && !keepFlagOnly) { this.returnOnlyProducts++; continue; }
      const length = this.lastDay - c.first + 1;
      const from = c.first - c.base;
      const sold = new Float32Array(length);
      const returned = new Float32Array(length);
      const price = new Float32Array(length).fill(Number.NaN);
      const flags = new Uint8Array(length);
      const available = Math.min(length, c.sold.length - from);
      for (let i = 0; i < available; i++) {
        sold[i] = c.sold[from + i];
        returned[i] = c.returned[from + i];
        flags[i] = c.flags[from + i];
        if (c.pricedQty[from + i] > 0) price[i] = c.revenue[from + i] / c.pricedQty[from + i];
      }
      out.push({ sku, startDay: c.first, sold, returned, price, flags });
    }
    return out.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  }
}

/**
 * Applies the returns policy: "net" subtracts returns from the day's sales (a day with more returns
 * than sales counts as 0 and is counted as clamped); "drop" ignores them.
 */
export function applyReturnsPolicy(blocks: readonly StagedBlock[], policy: ReturnsPolicy): { blocks: DailyBlock[]; clampedDays: number; units: number } {
  let clampedDays = 0;
  let units = 0;
  const out = blocks.map((b): DailyBlock => {
    const qty = new Float32Array(b.sold.length);
    for (let i = 0; i < qty.length; i++) {
      let q = b.sold[i];
      if (policy === 'net') {
        q += b.returned[i];
        if (q < 0) { clampedDays++; q = 0; }
      }
      qty[i] = q;
      units += q;
    }
    return { sku: b.sku, startDay: b.startDay, qty, price: b.price, flags: b.flags };
  });
  return { blocks: out, clampedDays, units };
}

export interface AggregateResult {
  blocks: DailyBlock[];
  /** Product names seen in the rows (last non-empty name wins). */
  names: Map<string, string>;
  /** Product-days whose net quantity was negative and was clamped to 0. */
  clampedDays: number;
  firstDay: number;
  lastDay: number;
}

/** Sums typed sale rows into daily blocks, netting negative quantities (returns) within each day. */
export function aggregateDaily(rows: Iterable<SaleRow>): AggregateResult {
  const acc = new DailyAccumulator();
  const names = new Map<string, string>();
  for (const row of rows) {
    acc.add(row.sku, row.day, row.qty, row.price ?? Number.NaN, row.promo ? DayFlag.Promo : 0, row.qty < 0);
    if (row.name) names.set(row.sku, row.name);
  }
  const { blocks, clampedDays } = applyReturnsPolicy(acc.finish(), 'net');
  return { blocks, names, clampedDays, firstDay: acc.firstDay, lastDay: acc.lastDay };
}

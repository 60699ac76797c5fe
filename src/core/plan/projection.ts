import type { CumulativePaths } from './demand';

/** Goods expected in: `day` counts from today (0 = arrives today, before today's sales). */
export interface Arrival {
  day: number;
  qty: number;
}

export interface StockProjection {
  days: number;
  /**
   * End-of-day units on hand per day: 10th, 50th and 90th percentile over the sample paths (empty
   * when the projection was made without bands, which is several times faster).
   */
  p10: Float64Array;
  p50: Float64Array;
  p90: Float64Array;
  /** Probability that some demand has gone unserved by the end of each day. */
  stockoutByDay: Float64Array;
  /** Median first day with unserved demand (0 = today); `days` when most paths never run out. */
  medianStockoutDay: number;
  /** Mean units of demand not served over the projected days. */
  expectedLostUnits: number;
  /** Mean units not served from today to the end of each day (cumulative). */
  expectedLostByDay: Float64Array;
}

/**
 * Plays each sample path of demand against the stock on hand and the expected arrivals (sales that
 * find the shelf empty are lost), and summarises the stock day by day across paths.
 */
export function projectStock(demand: CumulativePaths, onHand: number, arrivals: readonly Arrival[], days: number, bands = true): StockProjection {
  if (!(Number.isInteger(days) && days >= 1)) throw new RangeError(`days must be a whole number ≥ 1, got ${days}`);
  if (days > demand.days) throw new RangeError(`projecting ${days} days needs a forecast that long (${demand.days})`);
  const n = demand.nPaths;
  const incoming = new Float64Array(days);
  for (const a of arrivals) {
    if (a.qty > 0 && a.day < days) incoming[Math.max(0, Math.floor(a.day))] += a.qty;
  }
  const stock = bands ? new Float64Array(n * days) : undefined;
  const stockoutByDay = new Float64Array(days);
  const firstStockout = new Float64Array(n);
  const lostByDay = new Float64Array(days);
  let lost = 0;
  for (let p = 0; p < n; p++) {
    let level = Math.max(0, onHand);
    let first = days;
    for (let i = 0; i < days; i++) {
      level += incoming[i];
      const d = demand.between(p, i, i + 1);
      if (d > level + 1e-9) {
        lost += d - level;
        lostByDay[i] += (d - level) / n;
        level = 0;
        if (first === days) first = i;
      } else level -= d;
      if (stock) stock[i * n + p] = level;
    }
    firstStockout[p] = first;
    for (let i = first; i < days; i++) stockoutByDay[i] += 1 / n;
  }
  const width = stock ? days : 0;
  const p10 = new Float64Array(width);
  const p50 = new Float64Array(width);
  const p90 = new Float64Array(width);
  for (let i = 0; stock && i < days; i++) {
    const column = stock.subarray(i * n, (i + 1) * n).slice().sort();
    p10[i] = pick(column, 0.1);
    p50[i] = pick(column, 0.5);
    p90[i] = pick(column, 0.9);
  }
  for (let i = 1; i < days; i++) lostByDay[i] += lostByDay[i - 1];
  firstStockout.sort();
  return {
    days, p10, p50, p90, stockoutByDay, medianStockoutDay: pick(firstStockout, 0.5), expectedLostUnits: lost / n, expectedLostByDay: lostByDay,
  };
}

/** Lower median-style order statistic (a day count must be a whole day). */
function pick(sorted: Float64Array, level: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(level * sorted.length))];
}

/**
 * Median first day on which the inventory position (on hand + on order, which only falls with
 * demand) is at or below `level`: the day to place the next order under an (s,S) policy.
 * `Infinity` when most paths stay above it for all `days`.
 */
export function medianDayPositionReaches(demand: CumulativePaths, position: number, level: number, days: number): number {
  const n = demand.nPaths;
  const firsts = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let first = Infinity;
    for (let i = 0; i <= days; i++) {
      if (position - demand.total(p, i) <= level) {
        first = i;
        break;
      }
    }
    firsts[p] = first;
  }
  firsts.sort();
  return pick(firsts, 0.5);
}

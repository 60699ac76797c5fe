import { dayOfWeek, isoToDay } from './calendar';
import { DayFlag, type Series } from './types';

/** When the shop trades, as learnt from all its products together. */
export interface TradingCalendar {
  /** Monday = 0 … Sunday = 6: true for a weekday on which the shop does not trade any more. */
  closedWeekdays: boolean[];
  /** Day numbers, ascending, on which no product sold although many usually do. */
  closedDays: number[];
}

export interface ClosureOptions {
  /** A day counts as closed only if on nearby days at least this many products sell on average. */
  minSellingProducts?: number;
  /** Days either side used for that average. */
  window?: number;
  /** A weekday is a closing day if at least this share of its recent occurrences were closed… */
  weekdayShare?: number;
  /** …looking back this many weeks. */
  weekdayWeeks?: number;
}

const NO_CLOSURES: TradingCalendar = { closedWeekdays: [false, false, false, false, false, false, false], closedDays: [] };

/**
 * Finds the days a shop was closed from the whole catalogue: a day on which no product sold while,
 * around it, several products sell every day cannot be a run of bad luck — the shop did not trade
 * (Online Retail never trades on Saturdays and shuts over Christmas). One product alone never
 * tells: with fewer than `minSellingProducts` sellers a day, nothing is marked.
 */
export function detectClosures(series: readonly Series[], options: ClosureOptions = {}): TradingCalendar {
  const daily = series.filter((s) => s.freq === 'D' && s.values.length > 0);
  if (daily.length === 0) return NO_CLOSURES;
  const minSelling = options.minSellingProducts ?? 4;
  const window = options.window ?? 28;
  const share = options.weekdayShare ?? 0.9;
  const weeks = options.weekdayWeeks ?? 13;

  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const s of daily) {
    const start = isoToDay(s.start);
    first = Math.min(first, start);
    last = Math.max(last, start + s.values.length - 1);
  }
  const span = last - first + 1;
  const selling = new Int32Array(span);
  for (const s of daily) {
    const offset = isoToDay(s.start) - first;
    const flags = s.flags;
    for (let i = 0; i < s.values.length; i++) {
      // A stocked-out product's zero says nothing about whether the shop traded.
      if (s.values[i] > 0 && !(flags && (flags[i] & DayFlag.Stockout))) selling[offset + i]++;
    }
  }
  // Mean sellers per day over a window, by prefix sums, counting only days with any sale.
  const prefixSellers = new Float64Array(span + 1);
  const prefixOpen = new Float64Array(span + 1);
  for (let d = 0; d < span; d++) {
    prefixSellers[d + 1] = prefixSellers[d] + selling[d];
    prefixOpen[d + 1] = prefixOpen[d] + (selling[d] > 0 ? 1 : 0);
  }
  const closed = new Uint8Array(span);
  const closedDays: number[] = [];
  for (let d = 0; d < span; d++) {
    if (selling[d] > 0) continue;
    const lo = Math.max(0, d - window);
    const hi = Math.min(span, d + window + 1);
    const open = prefixOpen[hi] - prefixOpen[lo];
    if (open > 0 && (prefixSellers[hi] - prefixSellers[lo]) / open >= minSelling) {
      closed[d] = 1;
      closedDays.push(first + d);
    }
  }
  // A weekday whose recent occurrences were (nearly) all closed is a regular closing day.
  const closedWeekdays = NO_CLOSURES.closedWeekdays.slice();
  for (let w = 0; w < 7; w++) {
    let seen = 0;
    let shut = 0;
    for (let d = span - 1; d >= 0 && seen < weeks; d--) {
      if (dayOfWeek(first + d) !== w) continue;
      seen++;
      shut += closed[d];
    }
    closedWeekdays[w] = seen >= 4 && shut >= share * seen;
  }
  return { closedWeekdays, closedDays };
}

/**
 * The series with DayFlag.Closed set on the calendar's closed days (new flag arrays; the values
 * are shared). Weekly series are returned as they are: a week is never a closing day.
 */
export function markClosures(series: readonly Series[], calendar: TradingCalendar): Series[] {
  if (calendar.closedDays.length === 0) return series.slice();
  const closed = new Set(calendar.closedDays);
  return series.map((s) => {
    if (s.freq !== 'D') return s;
    const start = isoToDay(s.start);
    const flags = s.flags ? s.flags.slice() : new Uint8Array(s.values.length);
    let any = false;
    for (let i = 0; i < flags.length; i++) {
      if (closed.has(start + i)) {
        flags[i] |= DayFlag.Closed;
        any = true;
      }
    }
    return any ? { ...s, flags } : s;
  });
}

/** Whether a future day falls on a regular closing weekday. */
export function isClosedWeekday(calendar: TradingCalendar, day: number): boolean {
  return calendar.closedWeekdays[dayOfWeek(day)];
}

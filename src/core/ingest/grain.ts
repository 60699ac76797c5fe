import { dayToIso } from '../series';
import type { Grain } from './staged';

/** Fewer distinct dates than this say nothing about a file's rhythm. */
const MIN_DATES = 4;

/**
 * The spacing of a long table's dates: 'week' when every date is a whole number of weeks from the
 * others (a weekly export, one date per product and week), 'month' when every date is the same day
 * of its month, or the last (a monthly export); otherwise 'day'.
 */
export function detectGrain(days: ReadonlySet<number>): Grain {
  if (days.size < MIN_DATES) return 'day';
  const sorted = [...days].sort((a, b) => a - b);
  let weekly = true;
  let minGap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i] - sorted[i - 1];
    if (gap % 7 !== 0) weekly = false;
    minGap = Math.min(minGap, gap);
  }
  if (weekly) return 'week';
  if (minGap < 28) return 'day';
  const dayOfMonth = sorted.map((d) => Number(dayToIso(d).slice(8, 10)));
  const lastOfMonth = sorted.every((d) => dayToIso(d + 1).endsWith('-01'));
  return lastOfMonth || dayOfMonth.every((x) => x === dayOfMonth[0]) ? 'month' : 'day';
}

/**
 * Calendar arithmetic on "day numbers" (whole days since 1970-01-01). Sales dates are calendar
 * dates in the seller's own time, so everything here is UTC-based to avoid DST shifts.
 */
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of an ISO calendar date (YYYY-MM-DD); NaN if it is not a real date. */
export function isoToDay(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) return Number.NaN;
  return ymdToDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Day number of a year/month/day triple; NaN if the triple is not a real date (e.g. 2023-02-30). */
export function ymdToDay(year: number, month: number, day: number): number {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return Number.NaN;
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return Number.NaN;
  }
  return Math.round(ms / MS_PER_DAY);
}

export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day of week with Monday = 0 … Sunday = 6 (ISO order). */
export function dayOfWeek(day: number): number {
  // 1970-01-01 was a Thursday (ISO index 3).
  return (((day + 3) % 7) + 7) % 7;
}

/** ISO dates of `count` consecutive days starting at `startDay`. */
export function dayRange(startDay: number, count: number): string[] {
  const out: string[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = dayToIso(startDay + i);
  return out;
}

/** Day number `steps` periods after `day` (a period is a day for 'D' and a week for 'W'). */
export function addPeriods(day: number, steps: number, freq: 'D' | 'W' = 'D'): number {
  return day + steps * (freq === 'W' ? 7 : 1);
}

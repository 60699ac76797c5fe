import { dayToIso, isoToDay } from './calendar';
import { DayFlag, type Series } from './types';

/**
 * Weekly totals of a daily series, in 7-day weeks that end on the series' last day (or on `endDay`
 * when given, so that a whole catalogue shares one week grid). Anchoring at the end keeps every
 * week complete — a half-finished calendar week would look like a slump — and makes the forecast
 * start the day after the last sale, as the daily one does. A leading partial week is dropped.
 *
 * Flags: a week is stocked out if any of its days was (its total understates demand), closed if
 * four or more of its days were (a holiday shutdown; a regular weekly closing day is just part of
 * the week), and on promotion if any day was. Price is the quantity-weighted average of known prices.
 * `start` is the first day of the first week.
 */
export function toWeekly(series: Series, endDay?: number): Series {
  if (series.freq === 'W') return series;
  const start = isoToDay(series.start);
  const last = endDay ?? start + series.values.length - 1;
  const weeks = Math.floor((last - start + 1) / 7);
  const firstDay = last - weeks * 7 + 1;
  const values = new Float32Array(Math.max(0, weeks));
  const flags = new Uint8Array(values.length);
  const price = series.covariates?.price;
  const weeklyPrice = price ? new Float32Array(values.length) : undefined;
  const dailyFlags = series.flags;
  for (let w = 0; w < values.length; w++) {
    let total = 0;
    let closedDays = 0;
    let revenue = 0;
    let pricedQty = 0;
    let bits = 0;
    for (let k = 0; k < 7; k++) {
      const i = firstDay - start + w * 7 + k;
      if (i < 0 || i >= series.values.length) continue;
      total += series.values[i];
      const f = dailyFlags ? dailyFlags[i] : 0;
      if (f & DayFlag.Stockout) bits |= DayFlag.Stockout;
      if (f & DayFlag.Promo) bits |= DayFlag.Promo;
      if (f & DayFlag.Closed) closedDays++;
      if (price && !Number.isNaN(price[i]) && series.values[i] > 0) {
        revenue += price[i] * series.values[i];
        pricedQty += series.values[i];
      }
    }
    if (closedDays >= 4) bits |= DayFlag.Closed;
    values[w] = total;
    flags[w] = bits;
    if (weeklyPrice) weeklyPrice[w] = pricedQty > 0 ? revenue / pricedQty : Number.NaN;
  }
  const out: Series = { sku: series.sku, start: dayToIso(firstDay), freq: 'W', values, flags };
  if (weeklyPrice) out.covariates = { price: weeklyPrice };
  return out;
}

/** Every series in weekly buckets on one shared grid ending at the latest day of any of them. */
export function toWeeklyAll(series: readonly Series[]): Series[] {
  let last = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    if (s.freq === 'D') last = Math.max(last, isoToDay(s.start) + s.values.length - 1);
  }
  return series.map((s) => toWeekly(s, Number.isFinite(last) ? last : undefined));
}

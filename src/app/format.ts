import { formatDay, getLocale, intlTag, type Locale } from '../i18n';

/**
 * Display formats for numbers, money, shares and dates, in the interface's current language
 * (grouping, decimal mark, date order). Money has no currency symbol: it is the seller's own.
 * Built once per language and reused: Intl formatters are costly to create and these run per table cell.
 */
interface Formatters {
  whole: Intl.NumberFormat;
  money2: Intl.NumberFormat;
  percent: Map<number, Intl.NumberFormat>;
  dateTime: Intl.DateTimeFormat;
}
const byLocale = new Map<Locale, Formatters>();

function formatters(locale: Locale = getLocale()): Formatters {
  let f = byLocale.get(locale);
  if (!f) {
    const tag = intlTag(locale);
    f = {
      whole: new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }),
      money2: new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      percent: new Map(),
      dateTime: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }),
    };
    byLocale.set(locale, f);
  }
  return f;
}

const finite = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

/** Whole units: 1,234 (en), 1,234 (zh). */
export const units = (x: number): string => formatters().whole.format(Math.round(x) || 0); // || 0 turns −0 into 0
/** A plain number with up to `digits` decimals. */
export const number = (x: number | null | undefined, digits = 0): string =>
  (finite(x) ? new Intl.NumberFormat(intlTag(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(x) : '—');
export const money = (x: number | null | undefined): string => (finite(x) ? formatters().money2.format(x) : '—');
/** A share as a percentage: 0.123 → 12.3%. */
export const percent = (x: number, digits = 1): string => {
  if (!Number.isFinite(x)) return '—';
  const f = formatters();
  let p = f.percent.get(digits);
  if (!p) f.percent.set(digits, (p = new Intl.NumberFormat(intlTag(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return p.format(x);
};
/** A day number on screen: 2024-03-05 in English (the form sellers' files use), 2024年3月5日 in Chinese. */
export const day = (d: number | null | undefined): string => (finite(d) ? formatDay(d) : '—');
/** An ISO date (yyyy-mm-dd) on screen, as `day`. */
export const isoDay = (iso: string | null | undefined): string => {
  if (!iso) return '—';
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(ms) ? day(ms / 86_400_000) : iso;
};
/** A moment (ISO timestamp) in the seller's local time. */
export const dateTime = (iso: string | number): string => formatters().dateTime.format(new Date(iso));

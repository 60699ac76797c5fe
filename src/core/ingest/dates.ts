import { ymdToDay } from '../series';
import { t } from '../../i18n';
import { localisedRecord } from './fields';
import { clip } from './numbers';

/**
 * How the date cells of a file are written. "YMD" covers ISO (2024-01-31, 2024/01/31, 20240131);
 * "DMY" and "MDY" the slashed or dotted forms (31/01/2024, 01/31/24); "serial" Excel's day numbers
 * (45322 = 2024-01-31). Month names ("31 Jan 2024", "Jan 31, 2024") are read under any order.
 */
export type DateOrder = 'YMD' | 'DMY' | 'MDY' | 'serial';

export const DATE_ORDER_LABEL = localisedRecord<DateOrder>(['YMD', 'DMY', 'MDY', 'serial'], 'dateOrder');
/** "day/month/year": the order alone, for messages. */
const orderShort = (order: DateOrder | 'YMD'): string => t(`import:dateOrderShort.${order}`);

const FIRST_YEAR = 1970;
const LAST_YEAR = 2100;
/** Excel serial of 1970-01-01 (Excel counts from 1899-12-30 once its 1900 leap-year bug is allowed for). */
const EXCEL_EPOCH_OFFSET = 25569;

// A time of day, AM/PM, and a zone (Z, UTC, +02:00, -0500, PST …). The zone is accepted and ignored:
// a sale belongs to the calendar day written in the file, the seller's own day (see parseDate).
// Groups after the date's three: hour, minute, second, a/p, zone.
const TIME = String.raw`(?:(?:[T ]|,? )\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:([AaPp])\.?[Mm]\.?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?|[A-Z]{2,5})?)?\s*$`;
const EXPLICIT_ZONE = /^(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$/;

/** Day number of a UTC instant in some time zone (see makeZoneConverter). */
export type ZoneConverter = (utcMs: number) => number;

/**
 * For sellers who want each sale on the day it was in their own time zone rather than the day
 * written in the file: timestamps with an explicit offset or Z are moved to `timeZone` (IANA name).
 * Results are cached per quarter hour (every zone offset is a multiple of 15 minutes).
 */
export function makeZoneConverter(timeZone: string): ZoneConverter {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const cache = new Map<number, number>();
  return (utcMs) => {
    const key = Math.floor(utcMs / 900_000);
    let day = cache.get(key);
    if (day === undefined) {
      const parts = format.formatToParts(utcMs);
      const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      day = ymdToDay(get('year'), get('month'), get('day'));
      cache.set(key, day);
    }
    return day;
  };
}

function moveToZone(result: DateResult, m: RegExpExecArray, zone: ZoneConverter | undefined): DateResult {
  if (!zone || !('day' in result) || m[4] === undefined || m[8] === undefined || !EXPLICIT_ZONE.test(m[8])) return result;
  let hour = Number(m[4]) % (m[7] ? 12 : 24);
  if (m[7] && /p/i.test(m[7])) hour += 12;
  const z = m[8];
  let offset = 0;
  if (z[0] === '+' || z[0] === '-') offset = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.replace(':', '').slice(3, 5) || 0));
  const utc = result.day * 86_400_000 + hour * 3_600_000 + Number(m[5]) * 60_000 + Number(m[6] ?? 0) * 1000 - offset * 60_000;
  return { day: zone(utc) };
}
const YMD = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})` + TIME);
/** 2024年3月5日, 2024年3月5日 14:05:00: year first whatever the file's order, so always unambiguous. */
const CHINESE = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?` + TIME.replace('(?:[T ]|,? )', '(?:[T ]|,? |)'));
const YMD_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const NUMERIC = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})` + TIME);
const SERIAL = /^\d{5}(?:\.\d+)?$/;
const DAY_MONTHNAME_YEAR = new RegExp(String.raw`^(\d{1,2})[-\s/.]+([A-Za-z]{3,9})\.?[-\s/.,]+(\d{4}|\d{2})` + TIME);
const MONTHNAME_DAY_YEAR = new RegExp(String.raw`^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})` + TIME);
const YEAR_MONTHNAME_DAY = new RegExp(String.raw`^(\d{4})[-\s/.]+([A-Za-z]{3,9})[-\s/.]+(\d{1,2})` + TIME);

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

function monthNumber(name: string): number {
  const key = name.toLowerCase();
  return MONTHS[key] ?? MONTHS[key.slice(0, 3)] ?? Number.NaN;
}

export type DateResult = { day: number } | { error: string };

function fullYear(text: string): number {
  const y = Number(text);
  return text.length === 2 ? (y < 70 ? 2000 + y : 1900 + y) : y;
}

function checkTime(m: RegExpExecArray, first: number): string | undefined {
  const h = m[first];
  if (h === undefined) return undefined;
  if (Number(h) > 24 || Number(m[first + 1]) > 59 || (m[first + 2] !== undefined && Number(m[first + 2]) > 60)) return 'has an impossible time of day';
  return undefined;
}

function toDay(raw: string, year: number, month: number, day: number, orderName: string): DateResult {
  const result = ymdToDay(year, month, day);
  if (Number.isNaN(result)) return { error: t('import:issue.notCalendarDate', { raw: clip(raw.trim()), order: orderName }) };
  if (year < FIRST_YEAR || year > LAST_YEAR) return { error: t('import:issue.dateOutside', { raw: clip(raw.trim()), from: FIRST_YEAR, to: LAST_YEAR }) };
  return { day: result };
}

/**
 * Calendar day of a date cell under the file's date order. Times and zones are accepted and the
 * date is taken as written: an order placed at 23:30 local time belongs to that local day, which is
 * the day the seller's shop saw it. (Converting to UTC would move late-evening sales to the next day.)
 */
export function parseDate(raw: string, order: DateOrder, zone?: ZoneConverter): DateResult {
  const text = raw.trim();
  if (text === '') return { error: t('import:issue.dateEmpty') };
  let m: RegExpExecArray | null;
  if (order === 'serial') {
    if (!SERIAL.test(text)) return { error: t('import:issue.notSerial', { raw: clip(text) }) };
    const serial = Math.floor(Number(text));
    const day = serial - EXCEL_EPOCH_OFFSET;
    if (serial < EXCEL_EPOCH_OFFSET || serial > 73415) return { error: t('import:issue.serialOutside', { raw: text, from: FIRST_YEAR, to: LAST_YEAR }) };
    return { day };
  }
  if ((m = CHINESE.exec(text))) {
    return checkTime(m, 4) ? { error: t('import:issue.impossibleTime', { raw: clip(text) }) } : moveToZone(toDay(text, Number(m[1]), Number(m[2]), Number(m[3]), orderShort('YMD')), m, zone);
  }
  if ((m = YMD.exec(text))) {
    if (order !== 'YMD') return { error: t('import:issue.yearFirstButFile', { raw: clip(text), order: DATE_ORDER_LABEL[order] }) };
    return checkTime(m, 4) ? { error: t('import:issue.impossibleTime', { raw: clip(text) }) } : moveToZone(toDay(text, Number(m[1]), Number(m[2]), Number(m[3]), orderShort('YMD')), m, zone);
  }
  if ((m = NUMERIC.exec(text))) {
    if (order === 'YMD') return { error: t('import:issue.notYmd', { raw: clip(text) }) };
    if (checkTime(m, 4)) return { error: t('import:issue.impossibleTime', { raw: clip(text) }) };
    const a = Number(m[1]);
    const b = Number(m[2]);
    const [day, month] = order === 'DMY' ? [a, b] : [b, a];
    if (month > 12 && day <= 12) {
      return { error: t('import:issue.mixedOrders', { raw: clip(text), order: orderShort(order), month }) };
    }
    return moveToZone(toDay(text, fullYear(m[3]), month, day, orderShort(order)), m, zone);
  }
  if (order === 'YMD' && (m = YMD_COMPACT.exec(text))) return toDay(text, Number(m[1]), Number(m[2]), Number(m[3]), 'year-month-day');
  if ((m = DAY_MONTHNAME_YEAR.exec(text))) return moveToZone(toDay(text, fullYear(m[3]), monthNumber(m[2]), Number(m[1]), 'day month year'), m, zone);
  if ((m = MONTHNAME_DAY_YEAR.exec(text))) return moveToZone(toDay(text, Number(m[3]), monthNumber(m[1]), Number(m[2]), 'month day year'), m, zone);
  if ((m = YEAR_MONTHNAME_DAY.exec(text))) return moveToZone(toDay(text, Number(m[1]), monthNumber(m[2]), Number(m[3]), 'year month day'), m, zone);
  if (SERIAL.test(text)) return { error: t('import:issue.serialButFile', { raw: clip(text), order: DATE_ORDER_LABEL[order] }) };
  return { error: t('import:issue.notDate', { raw: clip(text) }) };
}

/** The first cell whose time carries an explicit zone (Z, UTC, +02:00), if any. */
export function zoneExample(cells: readonly string[]): string | undefined {
  for (const raw of cells) {
    const text = raw.trim();
    const m = YMD.exec(text) ?? CHINESE.exec(text) ?? NUMERIC.exec(text) ?? DAY_MONTHNAME_YEAR.exec(text) ?? MONTHNAME_DAY_YEAR.exec(text);
    if (m && m[8] !== undefined && EXPLICIT_ZONE.test(m[8])) return text;
  }
  return undefined;
}

export interface DateOrderGuess {
  /** Undefined when the cells hold no dates at all. */
  order?: DateOrder;
  /** False when the seller must choose: day and month cannot be told apart, or the cells disagree. */
  sure: boolean;
  /** Plain-language evidence, shown on the mapping screen. */
  reason: string;
}

/**
 * Decides the date order from the data, never by habit: "13/01/2024" proves day-first,
 * "01/13/2024" month-first; if every day and month are ≤ 12 the order cannot be known and the
 * seller is asked. Cells that disagree (both kinds of proof) are reported as a mix.
 */
export function detectDateOrder(cells: readonly string[]): DateOrderGuess {
  let ymd = 0, serial = 0, named = 0, numeric = 0, dayFirst = 0, monthFirst = 0, other = 0;
  let dayFirstExample = '', monthFirstExample = '', ambiguousExample = '';
  for (const raw of cells) {
    const text = raw.trim();
    if (text === '') continue;
    let m: RegExpExecArray | null;
    if (YMD.test(text) || YMD_COMPACT.test(text) || CHINESE.test(text)) ymd++;
    else if ((m = NUMERIC.exec(text))) {
      numeric++;
      const a = Number(m[1]);
      const b = Number(m[2]);
      if (a > 12 && b <= 12) { dayFirst++; dayFirstExample ||= text; }
      else if (b > 12 && a <= 12) { monthFirst++; monthFirstExample ||= text; }
      else ambiguousExample ||= text;
    } else if (SERIAL.test(text)) serial++;
    else if (DAY_MONTHNAME_YEAR.test(text) || MONTHNAME_DAY_YEAR.test(text) || YEAR_MONTHNAME_DAY.test(text)) named++;
    else other++;
  }
  const total = ymd + serial + named + numeric + other;
  if (total === 0) return { sure: false, reason: t('import:reason.noDates') };
  if (serial === total) return { order: 'serial', sure: true, reason: t('import:reason.serial') };
  if (numeric === 0) {
    if (ymd + named === 0) return { sure: false, reason: t('import:reason.notDates', { example: clip(cells.find((c) => c.trim()) ?? '') }) };
    return { order: 'YMD', sure: other === 0, reason: t(other === 0 ? 'import:reason.yearFirst' : 'import:reason.mostYearFirst') };
  }
  if (ymd > numeric) {
    return { order: 'YMD', sure: false, reason: t('import:reason.someNotYearFirst', { count: numeric, example: dayFirstExample || monthFirstExample || ambiguousExample }) };
  }
  if (dayFirst > 0 && monthFirst > 0) {
    return { order: dayFirst >= monthFirst ? 'DMY' : 'MDY', sure: false, reason: t('import:reason.mixed', { dayFirst: dayFirstExample, monthFirst: monthFirstExample }) };
  }
  const mixed = ymd > 0 ? t('import:reason.otherYearFirst', { count: ymd }) : '';
  if (dayFirst > 0) return { order: 'DMY', sure: ymd === 0, reason: t('import:reason.onlyDayFirst', { example: dayFirstExample, mixed }) };
  if (monthFirst > 0) return { order: 'MDY', sure: ymd === 0, reason: t('import:reason.onlyMonthFirst', { example: monthFirstExample, mixed }) };
  return { order: undefined, sure: false, reason: t('import:reason.ambiguous', { example: ambiguousExample }) };
}

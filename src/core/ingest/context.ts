import { t } from '../../i18n';
import { DailyAccumulator } from '../series';
import { makeZoneConverter, parseDate, type DateOrder, type DateResult } from './dates';
import type { Field } from './fields';
import { clip, parseNumber, type NumberResult } from './numbers';
import type { LayoutProfile } from './profiles';
import { emptyExclusions, type Exclusions } from './staged';
import type { ImportPlan, RowIssue } from './types';

/** Full issues kept for the download; beyond this only the count grows (memory stays bounded). */
export const ISSUES_KEPT = 100_000;
export const MAX_SKU_CHARS = 200;
export const MAX_NAME_CHARS = 200;
export const MAX_TEXT_CHARS = 10_000;
const FORMULA = /^[=+\-@][A-Za-z(]/;

export class IssueLog {
  readonly kept: RowIssue[] = [];
  count = 0;
  private readonly reasons = new Map<string, number>();
  constructor(private readonly file: string) {}

  add(line: number, reason: string, column?: number, columnName?: string): void {
    this.count++;
    if (this.kept.length < ISSUES_KEPT) this.kept.push(column === undefined ? { file: this.file, line, reason } : { file: this.file, line, column: column + 1, columnName, reason });
    const key = (columnName ? `${columnName}: ` : '') + reason.replace(/["“][^"”]*["”]/g, '"…"').replace(/\d[\d,.]*/g, 'N');
    if (this.reasons.has(key) || this.reasons.size < 50) this.reasons.set(key, (this.reasons.get(key) ?? 0) + 1);
  }

  summary(): { reason: string; count: number }[] {
    return [...this.reasons.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count).slice(0, 10);
  }
}

/** Counts a notable but harmless thing, remembering where it first happened. */
export class Notice {
  count = 0;
  first = '';
  /** `where` is only worked out for the first time (it may be a translated message). */
  note(where: () => string): void {
    if (this.count++ === 0) this.first = where();
  }
}

/** What every row handler shares: the plan, the cell readers, the issue log and what is added up. */
export class RowContext {
  readonly issues: IssueLog;
  readonly exclusions: Exclusions = emptyExclusions();
  readonly acc = new DailyAccumulator();
  readonly nameVotes = new Map<string, Map<string, number>>();
  readonly stores = new Map<string, { store: string; baseSku: string }>();
  readonly notices = { formulas: new Notice(), keyedByName: new Notice(), duplicateDays: new Notice(), zeroPrice: new Notice(), future: new Notice() };
  /** Every distinct day a date cell named (for the grain of a long table). */
  readonly days = new Set<number>();
  readonly cols: ImportPlan['columns'];
  /** Field names for messages, translated once (t() is too slow to call per row). */
  readonly what: { quantity: string; price: string };
  /** Whether a product code is a service line (delivery, fee…), decided on its first line. */
  readonly serviceCodes = new Map<string, boolean>();
  readonly dateOrder: DateOrder;
  private readonly dateCache = new Map<string, DateResult>();
  private readonly zone;

  constructor(
    readonly plan: ImportPlan, readonly headers: readonly string[], fileName: string,
    readonly profile: LayoutProfile | undefined, readonly today: number,
  ) {
    this.issues = new IssueLog(fileName);
    this.cols = plan.columns;
    this.dateOrder = plan.dateOrder ?? 'YMD';
    this.zone = plan.timeZone ? makeZoneConverter(plan.timeZone) : undefined;
    this.what = { quantity: t('import:what.quantity'), price: t('import:what.price') };
  }

  reject(line: number, reason: string, column?: number): void {
    this.issues.add(line, reason, column, column === undefined ? undefined : this.headers[column]);
  }

  /** The trimmed cell of a field, or '' when the field has no column. */
  cell(cells: string[], field: Field): string {
    const index = this.cols[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  }

  /** Dates repeat (a day has many rows): each distinct text is parsed once. */
  dateOf(raw: string): DateResult {
    let hit = this.dateCache.get(raw);
    if (!hit) {
      if (this.dateCache.size > 200_000) this.dateCache.clear();
      hit = parseDate(raw, this.dateOrder, this.zone);
      this.dateCache.set(raw, hit);
      if ('day' in hit) this.days.add(hit.day);
    }
    return hit;
  }

  /** The day of a row's date cell, or a rejection (undefined). Days after today are counted. */
  dayOf(cells: string[], field: Field, line: number): number | undefined {
    const index = this.cols[field] as number;
    const date = this.dateOf(cells[index] ?? '');
    if ('error' in date) { this.reject(line, date.error, index); return undefined; }
    if (date.day > this.today) this.notices.future.note(() => t('import:where.line', { line }));
    return date.day;
  }

  text(cells: string[], field: Field, max: number, line: number): string | undefined {
    const index = this.cols[field];
    if (index === undefined) return undefined;
    const value = (cells[index] ?? '').trim();
    if (value === '') return undefined;
    if (FORMULA.test(value)) this.notices.formulas.note(() => t('import:where.cell', { line, column: this.headers[index], value: clip(value) }));
    return value.length > max ? value.slice(0, max) : value;
  }

  /** One series per product, or per product and store ("SKU@store") when the plan says so. */
  seriesKey(cells: string[], sku: string): string {
    if (this.plan.seriesKey !== 'store-sku' || this.cols.store === undefined) return sku;
    const store = (cells[this.cols.store] ?? '').trim();
    if (store === '') return sku;
    const key = `${sku}@${store}`;
    if (!this.stores.has(key)) this.stores.set(key, { store, baseSku: sku });
    return key;
  }

  /** The product code (a sales row without one is keyed by its name), or a rejection (undefined). */
  skuOf(cells: string[], line: number): string | undefined {
    const index = this.cols.sku as number;
    let sku = (cells[index] ?? '').trim();
    if (sku === '') {
      const name = this.cell(cells, 'name');
      const kind = this.plan.kind;
      if (name === '' || kind === 'catalogue' || kind === 'reviews') { this.reject(line, t('import:issue.skuEmpty'), index); return undefined; }
      this.notices.keyedByName.note(() => t('import:where.line', { line }));
      sku = name.slice(0, MAX_SKU_CHARS);
    }
    if (sku.length > MAX_SKU_CHARS) {
      this.reject(line, t('import:issue.skuTooLong', { length: sku.length.toLocaleString('en'), max: MAX_SKU_CHARS }), index);
      return undefined;
    }
    if (FORMULA.test(sku)) this.notices.formulas.note(() => t('import:where.cell', { line, column: this.headers[index], value: clip(sku) }));
    return sku;
  }

  /** A numeric cell (undefined when the field is unmapped or the cell empty); errors are logged. */
  numberOf(cells: string[], field: Field, line: number, what: string, opts: { min?: number; integer?: boolean } = {}): NumberResult | undefined {
    const index = this.cols[field];
    if (index === undefined) return undefined;
    const raw = cells[index] ?? '';
    if (raw.trim() === '') return undefined;
    const result = parseNumber(raw, this.plan.decimal, what);
    if ('error' in result) { this.reject(line, result.error, index); return result; }
    const shown = clip(raw.trim());
    let error: string | undefined;
    if (opts.min !== undefined && result.value < opts.min) {
      error = opts.min === 0 ? t('import:issue.atLeastZero', { what, raw: shown }) : t('import:issue.atLeast', { what, raw: shown, min: opts.min });
    } else if (opts.integer && !Number.isInteger(result.value)) error = t('import:issue.wholeNumber', { what, raw: shown });
    if (error) { this.reject(line, error, index); return { error }; }
    return result;
  }

  vote(key: string, name: string): void {
    let byName = this.nameVotes.get(key);
    if (!byName) this.nameVotes.set(key, (byName = new Map()));
    byName.set(name, (byName.get(name) ?? 0) + 1);
  }

  /** Product names by vote: the one used most often (ties: the one seen last). */
  names(): Map<string, string> {
    const names = new Map<string, string>();
    for (const [sku, votes] of this.nameVotes) {
      let best = '';
      let bestCount = -1;
      for (const [name, count] of votes) if (count >= bestCount) { best = name; bestCount = count; }
      names.set(sku, best);
    }
    return names;
  }
}

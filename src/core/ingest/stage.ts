import { DailyAccumulator, DayFlag, dayToIso, type StagedBlock } from '../series';
import { makeZoneConverter, parseDate, type DateOrder, type DateResult } from './dates';
import { FIELD_LABEL, type Field } from './fields';
import { dialectOf, wideDayColumns } from './inspect';
import { clip, parseFlag, parseNumber, type NumberResult } from './numbers';
import { readTable } from './reader';
import { ImportError, type ImportPlan, type RowIssue } from './types';

/**
 * Stock codes that are postage, fees, vouchers, samples or manual adjustments rather than products
 * (the Online Retail conventions, which many small shops share). Matched case-insensitively.
 */
export const NON_PRODUCT_CODES = /^(POST|DOT|M|C2|D|S|B|BANK CHARGES|AMAZONFEE|CRUK|PADS|gift_0001_.*|DCGS.*)$/i;
export const NON_PRODUCT_LIST = 'POST, DOT, M, C2, D, S, B, BANK CHARGES, AMAZONFEE, CRUK, PADS, gift_0001_*, DCGS*';

/** Full issues kept for the download; beyond this only the count grows (memory stays bounded). */
export const ISSUES_KEPT = 100_000;
const MAX_SKU_CHARS = 200;
const MAX_NAME_CHARS = 200;
const MAX_TEXT_CHARS = 10_000;

export interface Exclusions {
  /** Lines whose product code is a fee, postage, voucher… (by code). */
  nonProduct: number;
  nonProductCodes: Record<string, number>;
  /** Bad-debt adjustments (invoices starting with "A"). */
  badDebt: number;
  /** Cancellation lines (invoices starting with "C") and their units (negative). */
  cancellations: number;
  cancelledUnits: number;
  /** Negative lines that are customer returns (they carry a price). */
  returns: number;
  returnedUnits: number;
  /** Negative lines with price 0 in an order file: write-offs (damaged, lost), never demand. */
  stockAdjustments: number;
  adjustedUnits: number;
  /** Lines of orders marked cancelled (Shopify's "Cancelled at"). */
  cancelledOrders: number;
}

export interface CatalogueFields {
  name?: string; description?: string; category?: string; unitCost?: number; price?: number;
  leadTimeDays?: number; leadTimeSdDays?: number; moq?: number; casePack?: number; onHand?: number;
  onOrder?: number; onOrderArrival?: string; serviceLevel?: number; holdingCostRate?: number;
  stockoutCost?: number; orderingCost?: number; supplier?: string;
}

export interface CatalogueRow { sku: string; line: number; fields: CatalogueFields; store?: string; baseSku?: string }

export interface StagedReview { sku: string; date?: string; rating?: number; title?: string; text: string; line: number }

/** Stock-outs and on-hand levels per product and day. */
export interface StagedStock { sku: string; startDay: number; flags: Uint8Array; onHand: Float32Array }

/** A file read, checked and added up in memory; nothing is stored until the seller confirms. */
export interface StagedImport {
  fileName: string;
  fingerprint: string;
  size: number;
  plan: ImportPlan;
  headers: string[];
  rowsRead: number;
  rowsAccepted: number;
  issues: RowIssue[];
  issueCount: number;
  /** The most common reasons, with counts ("quantity is not a number": 12). */
  issueSummary: { reason: string; count: number }[];
  warnings: string[];
  exclusions: Exclusions;
  unusedColumns: string[];
  firstDay?: number;
  lastDay?: number;
  /** Sales and wide files: product-day blocks, names by vote, and store of each per-store key. */
  sales?: { blocks: StagedBlock[]; names: Map<string, string>; stores: Map<string, { store: string; baseSku: string }> };
  catalogue?: CatalogueRow[];
  reviews?: StagedReview[];
  stock?: StagedStock[];
  /** Reading, parsing, checking and adding up (streamed together), then building the blocks. */
  readMs: number;
  finishMs: number;
}

const emptyExclusions = (): Exclusions => ({
  nonProduct: 0, nonProductCodes: {}, badDebt: 0, cancellations: 0, cancelledUnits: 0, returns: 0, returnedUnits: 0,
  stockAdjustments: 0, adjustedUnits: 0, cancelledOrders: 0,
});

class IssueLog {
  readonly kept: RowIssue[] = [];
  count = 0;
  private readonly reasons = new Map<string, number>();
  constructor(private readonly file: string) {}

  add(line: number, reason: string, column?: number, columnName?: string): void {
    this.count++;
    if (this.kept.length < ISSUES_KEPT) this.kept.push(column === undefined ? { file: this.file, line, reason } : { file: this.file, line, column: column + 1, columnName, reason });
    const key = (columnName ? `${columnName}: ` : '') + reason.replace(/"[^"]*"/g, '"…"').replace(/\d[\d,.]*/g, 'N');
    if (this.reasons.has(key) || this.reasons.size < 50) this.reasons.set(key, (this.reasons.get(key) ?? 0) + 1);
  }

  summary(): { reason: string; count: number }[] {
    return [...this.reasons.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count).slice(0, 10);
  }
}

/** Counts a notable but harmless thing, remembering where it first happened. */
class Notice {
  count = 0;
  first = '';
  note(where: string): void {
    if (this.count++ === 0) this.first = where;
  }
}

const FORMULA = /^[=+\-@][A-Za-z(]/;

/**
 * Reads a whole file under a confirmed plan: every row is checked, every rejected row logged with
 * its line and column, and accepted rows are added up into what would be stored.
 */
export async function stageImport(
  blob: Blob, fileName: string, headers: string[], plan: ImportPlan, onProgress?: (fraction: number) => void, chunkBytes?: number,
): Promise<StagedImport> {
  const started = performance.now();
  const issues = new IssueLog(fileName);
  const exclusions = emptyExclusions();
  const cols = plan.columns;
  const width = headers.length;
  const used = new Set<number>(Object.values(cols) as number[]);
  const formulas = new Notice();
  const keyedByName = new Notice();
  const duplicateDays = new Notice();
  const zeroPrice = new Notice();
  const decimal = plan.decimal;
  const dateOrder: DateOrder = plan.dateOrder ?? 'YMD';
  if (plan.dateOrder === undefined && (plan.kind !== 'catalogue')) {
    const needsDates = plan.kind === 'wide' || cols.date !== undefined;
    if (needsDates) throw new ImportError(fileName, plan.headerLine, `line ${plan.headerLine}: the date order (day/month or month/day) was not chosen.`);
  }
  let wideColumns = plan.wideColumns ?? [];
  if (plan.kind === 'wide') {
    wideColumns = wideDayColumns(headers, plan.dateOrder).columns;
    if (wideColumns.length === 0) throw new ImportError(fileName, plan.headerLine, `line ${plan.headerLine}: no column header is a date, so this is not a wide sales table.`);
    for (const w of wideColumns) used.add(w.column);
  }
  for (const field of Object.keys(cols) as Field[]) {
    const index = cols[field] as number;
    if (index < 0 || index >= width) throw new ImportError(fileName, plan.headerLine, `line ${plan.headerLine}: ${FIELD_LABEL[field]} is mapped to column ${index + 1}, but the header has ${width} columns.`);
  }

  // Dates repeat (a day has many rows): parse each distinct text once.
  const dateCache = new Map<string, DateResult>();
  const zone = plan.timeZone ? makeZoneConverter(plan.timeZone) : undefined;
  const dateOf = (raw: string): DateResult => {
    let hit = dateCache.get(raw);
    if (!hit) {
      if (dateCache.size > 200_000) dateCache.clear();
      hit = parseDate(raw, dateOrder, zone);
      dateCache.set(raw, hit);
    }
    return hit;
  };

  const acc = new DailyAccumulator();
  const nameVotes = new Map<string, Map<string, number>>();
  const stores = new Map<string, { store: string; baseSku: string }>();
  const catalogue: CatalogueRow[] = [];
  const catalogueLines = new Map<string, number>();
  const reviews: StagedReview[] = [];
  const stockCells = new Map<string, Map<number, { onHand: number; out: boolean }>>();
  let rowsRead = 0;
  let rowsAccepted = 0;
  let headerSeen = false;
  let lastInvoice = '';
  let lastInvoiceDay = Number.NaN;
  const checkDuplicates = plan.kind === 'sales' && cols.invoice === undefined && cols.channel === undefined && (cols.store === undefined || plan.seriesKey === 'store-sku');

  const reject = (line: number, reason: string, column?: number): void => issues.add(line, reason, column, column === undefined ? undefined : headers[column]);
  const text = (cells: string[], field: Field, max: number, line: number): string | undefined => {
    const index = cols[field];
    if (index === undefined) return undefined;
    const value = (cells[index] ?? '').trim();
    if (value === '') return undefined;
    if (FORMULA.test(value)) formulas.note(`line ${line}, ${headers[index]} "${clip(value)}"`);
    return value.length > max ? value.slice(0, max) : value;
  };
  const seriesKey = (cells: string[], sku: string): string => {
    if (plan.seriesKey !== 'store-sku' || cols.store === undefined) return sku;
    const store = (cells[cols.store] ?? '').trim();
    if (store === '') return sku;
    const key = `${sku}@${store}`;
    if (!stores.has(key)) stores.set(key, { store, baseSku: sku });
    return key;
  };
  /** The product code, or a rejection (returns undefined). */
  const skuOf = (cells: string[], line: number): string | undefined => {
    const index = cols.sku as number;
    let sku = (cells[index] ?? '').trim();
    if (sku === '') {
      const name = cols.name !== undefined ? (cells[cols.name] ?? '').trim() : '';
      if (name === '' || plan.kind === 'catalogue' || plan.kind === 'reviews') { reject(line, 'product code is empty', index); return undefined; }
      keyedByName.note(`line ${line}`);
      sku = name.slice(0, MAX_SKU_CHARS);
    }
    if (sku.length > MAX_SKU_CHARS) { reject(line, `product code is ${sku.length.toLocaleString('en')} characters long (at most ${MAX_SKU_CHARS})`, index); return undefined; }
    if (FORMULA.test(sku)) formulas.note(`line ${line}, ${headers[index]} "${clip(sku)}"`);
    return sku;
  };
  const numberOf = (cells: string[], field: Field, line: number, what: string, opts: { min?: number; integer?: boolean } = {}): NumberResult | undefined => {
    const index = cols[field];
    if (index === undefined) return undefined;
    const raw = cells[index] ?? '';
    if (raw.trim() === '') return undefined;
    const result = parseNumber(raw, decimal, what);
    if ('error' in result) { reject(line, result.error, index); return result; }
    if (opts.min !== undefined && result.value < opts.min) {
      const error = `${what} "${clip(raw.trim())}" must be ${opts.min === 0 ? '0 or more' : `at least ${opts.min}`}`;
      reject(line, error, index);
      return { error };
    }
    if (opts.integer && !Number.isInteger(result.value)) {
      const error = `${what} "${clip(raw.trim())}" must be a whole number`;
      reject(line, error, index);
      return { error };
    }
    return result;
  };

  const onSalesRow = (cells: string[], line: number): boolean => {
    const invoice = cols.invoice !== undefined ? (cells[cols.invoice] ?? '').trim() : '';
    if (invoice !== '' && /^A\d/.test(invoice)) { exclusions.badDebt++; return false; }
    const sku = skuOf(cells, line);
    if (sku === undefined) return false;
    if (plan.excludeNonProducts && NON_PRODUCT_CODES.test(sku)) {
      exclusions.nonProduct++;
      const code = /^(gift_0001_|DCGS)/i.test(sku) ? `${sku.slice(0, sku.toUpperCase().startsWith('DCGS') ? 4 : 10)}*` : sku.toUpperCase();
      exclusions.nonProductCodes[code] = (exclusions.nonProductCodes[code] ?? 0) + 1;
      return false;
    }
    const dateIndex = cols.date as number;
    let day: number;
    const rawDate = cells[dateIndex] ?? '';
    if (rawDate.trim() === '' && invoice !== '' && invoice === lastInvoice && !Number.isNaN(lastInvoiceDay)) {
      day = lastInvoiceDay; // Shopify leaves order fields blank on an order's later lines.
    } else {
      const date = dateOf(rawDate);
      if ('error' in date) { reject(line, date.error, dateIndex); return false; }
      day = date.day;
    }
    lastInvoice = invoice;
    lastInvoiceDay = day;
    const qtyIndex = cols.qty as number;
    const qty = parseNumber(cells[qtyIndex] ?? '', decimal, 'quantity');
    if ('error' in qty) { reject(line, qty.error, qtyIndex); return false; }
    let price = Number.NaN;
    const priced = numberOf(cells, 'price', line, 'price');
    if (priced) {
      if ('error' in priced) return false;
      if (priced.value < 0) { reject(line, `price "${clip((cells[cols.price as number] ?? '').trim())}" is negative`, cols.price); return false; }
      price = priced.value;
    }
    if (cols.cancelledAt !== undefined && (cells[cols.cancelledAt] ?? '').trim() !== '') { exclusions.cancelledOrders++; return false; }
    let flags = 0;
    if (cols.promo !== undefined) {
      const promo = parseFlag(cells[cols.promo] ?? '');
      if (promo === undefined) { reject(line, `promotion flag "${clip((cells[cols.promo] ?? '').trim())}" is not yes/no, true/false or 1/0`, cols.promo); return false; }
      if (promo) flags |= DayFlag.Promo;
    }
    const key = seriesKey(cells, sku);
    let returned = false;
    if (invoice.startsWith('C') || invoice.startsWith('c')) {
      exclusions.cancellations++;
      exclusions.cancelledUnits -= Math.abs(qty.value);
      returned = true;
    } else if (qty.value < 0) {
      if (priced && price === 0) {
        exclusions.stockAdjustments++;
        exclusions.adjustedUnits += qty.value;
        return false;
      }
      exclusions.returns++;
      exclusions.returnedUnits += qty.value;
      returned = true;
    } else if (priced && price === 0 && qty.value > 0) zeroPrice.note(`line ${line}`);
    const before = acc.add(key, day, qty.value, price, flags, returned);
    if (checkDuplicates && before > 0) duplicateDays.note(`line ${line} (${key}, ${dayToIso(day)})`);
    if (!returned && qty.value > 0) {
      const name = text(cells, 'name', MAX_NAME_CHARS, line);
      if (name) vote(nameVotes, key, name);
    }
    return true;
  };

  const onWideRow = (cells: string[], line: number): boolean => {
    const sku = skuOf(cells, line);
    if (sku === undefined) return false;
    const key = seriesKey(cells, sku);
    const values: { day: number; qty: number }[] = [];
    for (const w of wideColumns) {
      const raw = cells[w.column] ?? '';
      if (raw.trim() === '') continue;
      const qty = parseNumber(raw, decimal, 'quantity');
      if ('error' in qty) { reject(line, qty.error, w.column); return false; }
      values.push({ day: w.day, qty: qty.value });
    }
    if (values.length === 0) { reject(line, 'the row has no quantities in its date columns'); return false; }
    for (const { day, qty } of values) {
      if (plan.granularity === 'week') for (let d = 0; d < 7; d++) acc.add(key, day + d, qty / 7, Number.NaN, 0, qty < 0);
      else acc.add(key, day, qty, Number.NaN, 0, qty < 0);
    }
    const name = text(cells, 'name', MAX_NAME_CHARS, line);
    if (name) vote(nameVotes, key, name);
    return true;
  };

  const onCatalogueRow = (cells: string[], line: number): boolean => {
    const sku = skuOf(cells, line);
    if (sku === undefined) return false;
    const key = seriesKey(cells, sku);
    const seenOn = catalogueLines.get(key);
    if (seenOn !== undefined) { reject(line, `product "${clip(key)}" already appeared on line ${seenOn}; this row was skipped`, cols.sku); return false; }
    const fields: CatalogueFields = {};
    const numeric: [Field, string, { min?: number; integer?: boolean }][] = [
      ['unitCost', 'unit cost', { min: 0 }], ['price', 'price', { min: 0 }], ['leadTimeDays', 'lead time', { min: 0 }],
      ['leadTimeSdDays', 'lead time SD', { min: 0 }], ['moq', 'minimum order quantity', { min: 0 }], ['casePack', 'case pack', { min: 1, integer: true }],
      ['onHand', 'on-hand stock', {}], ['onOrder', 'on-order quantity', { min: 0 }], ['holdingCostRate', 'holding cost rate', { min: 0 }],
      ['stockoutCost', 'stock-out cost', { min: 0 }], ['orderingCost', 'ordering cost', { min: 0 }],
    ];
    for (const [field, what, opts] of numeric) {
      const result = numberOf(cells, field, line, what, opts);
      if (result && 'error' in result) return false;
      if (result) (fields as Record<string, number>)[field] = result.value;
    }
    if (fields.onHand !== undefined && fields.onHand < 0) fields.onHand = 0;
    const level = cols.serviceLevel !== undefined ? (cells[cols.serviceLevel] ?? '').trim() : '';
    if (level !== '') {
      const parsed = parseNumber(level.replace(/%$/, ''), decimal, 'service level');
      const value = 'value' in parsed ? (level.endsWith('%') || parsed.value > 1 ? parsed.value / 100 : parsed.value) : Number.NaN;
      if (!(value > 0 && value < 1)) { reject(line, `service level "${clip(level)}" must be between 0 and 1 (or 0% and 100%)`, cols.serviceLevel); return false; }
      fields.serviceLevel = value;
    }
    const arrival = cols.onOrderArrival !== undefined ? (cells[cols.onOrderArrival] ?? '').trim() : '';
    if (arrival !== '') {
      const parsed = parseDate(arrival, dateOrder);
      if ('error' in parsed) { reject(line, parsed.error, cols.onOrderArrival); return false; }
      fields.onOrderArrival = dayToIso(parsed.day);
    }
    const name = text(cells, 'name', MAX_NAME_CHARS, line);
    if (name) fields.name = name;
    const description = text(cells, 'description', MAX_TEXT_CHARS, line);
    if (description) fields.description = description;
    const category = text(cells, 'category', MAX_NAME_CHARS, line);
    if (category) fields.category = category;
    const supplier = text(cells, 'supplier', MAX_NAME_CHARS, line);
    if (supplier) fields.supplier = supplier;
    catalogueLines.set(key, line);
    const store = stores.get(key);
    catalogue.push({ sku: key, line, fields, ...(store ? { store: store.store, baseSku: store.baseSku } : {}) });
    return true;
  };

  const onReviewRow = (cells: string[], line: number): boolean => {
    const sku = skuOf(cells, line);
    if (sku === undefined) return false;
    let rating: number | undefined;
    if (cols.rating !== undefined) {
      const raw = (cells[cols.rating] ?? '').trim().replace(/\s*(\/\s*5|stars?|★)$/i, '');
      if (raw !== '') {
        const parsed = parseNumber(raw, decimal, 'rating');
        if ('error' in parsed) { reject(line, parsed.error, cols.rating); return false; }
        if (parsed.value < 0 || parsed.value > 5) { reject(line, `rating ${parsed.value} is not between 0 and 5 stars`, cols.rating); return false; }
        rating = parsed.value;
      }
    }
    let date: string | undefined;
    if (cols.date !== undefined && (cells[cols.date] ?? '').trim() !== '') {
      const parsed = dateOf(cells[cols.date]);
      if ('error' in parsed) { reject(line, parsed.error, cols.date); return false; }
      date = dayToIso(parsed.day);
    }
    const title = text(cells, 'reviewTitle', MAX_NAME_CHARS, line);
    const body = text(cells, 'reviewText', MAX_TEXT_CHARS, line) ?? '';
    if (rating === undefined && body === '' && !title) { reject(line, 'the review has neither a rating nor any text'); return false; }
    reviews.push({ sku, line, text: body, ...(date ? { date } : {}), ...(rating !== undefined ? { rating } : {}), ...(title ? { title } : {}) });
    return true;
  };

  const onStockRow = (cells: string[], line: number): boolean => {
    const sku = skuOf(cells, line);
    if (sku === undefined) return false;
    const date = dateOf(cells[cols.date as number] ?? '');
    if ('error' in date) { reject(line, date.error, cols.date); return false; }
    const onHand = numberOf(cells, 'onHand', line, 'on-hand stock');
    if (onHand && 'error' in onHand) return false;
    let out = false;
    if (cols.stockout !== undefined) {
      const flag = parseFlag(cells[cols.stockout] ?? '');
      if (flag === undefined) { reject(line, `out-of-stock flag "${clip((cells[cols.stockout] ?? '').trim())}" is not yes/no, true/false or 1/0`, cols.stockout); return false; }
      out = flag;
    }
    if (!onHand && cols.stockout === undefined) { reject(line, 'on-hand stock is empty', cols.onHand); return false; }
    if (onHand && onHand.value <= 0) out = true;
    const key = seriesKey(cells, sku);
    let days = stockCells.get(key);
    if (!days) stockCells.set(key, (days = new Map()));
    days.set(date.day, { onHand: onHand ? onHand.value : Number.NaN, out: out || (days.get(date.day)?.out ?? false) });
    acc.flag(key, date.day, out ? DayFlag.Stockout : 0);
    return true;
  };

  const handler = { sales: onSalesRow, wide: onWideRow, catalogue: onCatalogueRow, reviews: onReviewRow, stock: onStockRow }[plan.kind];
  const outcome = await readTable(blob, dialectOf(plan), {
    row(cells, line, problem) {
      if (line < plan.headerLine) return;
      if (!headerSeen) { headerSeen = true; return; }
      if (cells.length === 1 && cells[0].trim() === '') return; // blank line
      rowsRead++;
      if (problem) { reject(line, problem); return; }
      if (cells.length < width) {
        const truncated = cells.length === 1 ? ' (the line may be cut off)' : '';
        reject(line, `has ${cells.length} cell${cells.length === 1 ? '' : 's'} but the header has ${width}${truncated}`);
        return;
      }
      if (cells.length > width) {
        const extra = cells.slice(width).find((c) => c.trim() !== '');
        if (extra !== undefined) { reject(line, `has ${cells.length} cells but the header has ${width} (extra cell "${clip(extra.trim())}"; is a delimiter inside an unquoted cell?)`); return; }
      }
      if (handler(cells, line)) rowsAccepted++;
    },
    unreadable(line, reason) {
      rowsRead++;
      reject(line, reason);
    },
  }, onProgress, chunkBytes);
  if (!headerSeen) throw new ImportError(fileName, 1, 'line 1: no header row found.');
  if (rowsRead === 0) throw new ImportError(fileName, plan.headerLine + 1, `line ${plan.headerLine + 1}: the file has a header but no data rows.`);

  const warnings: string[] = [];
  const fmt = (x: number) => x.toLocaleString('en');
  if (outcome.undecodableLine !== undefined) warnings.push(`Some bytes are not valid ${plan.encoding.toUpperCase()} (first near line ${outcome.undecodableLine}); they show as "�".`);
  if (formulas.count > 0) warnings.push(`${fmt(formulas.count)} cell${formulas.count === 1 ? '' : 's'} start like a spreadsheet formula (first: ${formulas.first}); kept as plain text, never evaluated.`);
  if (keyedByName.count > 0) warnings.push(`${fmt(keyedByName.count)} row${keyedByName.count === 1 ? ' has' : 's have'} no product code; the product name is used as the code (first: ${keyedByName.first}).`);
  if (duplicateDays.count > 0) warnings.push(`${fmt(duplicateDays.count)} row${duplicateDays.count === 1 ? ' repeats' : 's repeat'} a product and date seen before (first: ${duplicateDays.first}); their quantities were added up.`);
  if (zeroPrice.count > 0) warnings.push(`${fmt(zeroPrice.count)} sale line${zeroPrice.count === 1 ? ' has' : 's have'} price 0 (first: ${zeroPrice.first}); their units count, their price is ignored.`);

  const staged: StagedImport = {
    fileName, fingerprint: outcome.fingerprint, size: blob.size, plan: { ...plan, wideColumns }, headers,
    rowsRead, rowsAccepted, issues: issues.kept, issueCount: issues.count, issueSummary: issues.summary(), warnings, exclusions,
    unusedColumns: headers.filter((h, i) => !used.has(i) && h !== ''),
    readMs: performance.now() - started,
    finishMs: 0,
  };
  const finishing = performance.now();
  if (plan.kind === 'sales' || plan.kind === 'wide') {
    const blocks = acc.finish();
    const names = new Map<string, string>();
    for (const [sku, votes] of nameVotes) names.set(sku, winner(votes));
    staged.sales = { blocks, names, stores };
    if (acc.returnOnlyProducts > 0) {
      staged.warnings.push(`${acc.returnOnlyProducts.toLocaleString('en')} product${acc.returnOnlyProducts === 1 ? '' : 's'} had only returns or cancellations in this file and ${acc.returnOnlyProducts === 1 ? 'was' : 'were'} not added.`);
    }
    if (blocks.length > 0) { staged.firstDay = acc.firstDay; staged.lastDay = acc.lastDay; }
  } else if (plan.kind === 'catalogue') staged.catalogue = catalogue;
  else if (plan.kind === 'reviews') staged.reviews = reviews;
  else {
    staged.stock = [...stockCells.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([sku, days]) => {
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
    });
    if (stockCells.size > 0) { staged.firstDay = acc.firstDay; staged.lastDay = acc.lastDay; }
    staged.sales = { blocks: [], names: new Map(), stores };
  }
  staged.finishMs = performance.now() - finishing;
  return staged;
}

function vote(votes: Map<string, Map<string, number>>, sku: string, name: string): void {
  let byName = votes.get(sku);
  if (!byName) votes.set(sku, (byName = new Map()));
  byName.set(name, (byName.get(name) ?? 0) + 1);
}

/** The name used most often (ties: the one seen last), so a note typed over a name once does not win. */
function winner(votes: Map<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [name, count] of votes) if (count >= bestCount) { best = name; bestCount = count; }
  return best;
}

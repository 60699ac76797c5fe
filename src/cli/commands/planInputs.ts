import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import {
  describeIssue, detectDateOrder, ImportError, inspectFile, matchKind, normaliseHeader, parseDate, parseNumber, stageImport,
  type DateOrder, type ImportPlan, type Inspection, type StagedImport,
} from '../../core/ingest';
import type { ReceivedOrder } from '../../core/plan';
import { isoToDay } from '../../core/series';
import { InputError } from '../args';

/** A file as a Blob, gunzipping `.gz`, so the app's own import code reads it exactly as in the browser. */
async function readBlob(path: string): Promise<Blob> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const raw = path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
  return new Blob([new Uint8Array(raw)]);
}

async function stage(blob: Blob, path: string, inspection: Inspection, plan: ImportPlan): Promise<StagedImport> {
  try {
    return await stageImport(blob, path, inspection.headers, plan);
  } catch (error) {
    if (error instanceof ImportError) throw new InputError(error.message);
    throw error;
  }
}

/** Per-product values a products file may set; absent ones fall back to the command's flags. */
export interface ProductOverrides {
  name?: string;
  onHand?: number;
  onOrder?: number;
  /** Day number the open order is due. */
  onOrderArrival?: number;
  leadTimeDays?: number;
  leadTimeSdDays?: number;
  serviceLevel?: number;
  unitCost?: number;
  price?: number;
  moq?: number;
  casePack?: number;
  /** Yearly holding cost as a fraction of unit cost (the catalogue's field). */
  holdingCostRate?: number;
  stockoutCost?: number;
  orderingCost?: number;
  /** Planning-only columns, in the units of the matching flags. */
  reviewDays?: number;
  /** Money per unit held for one review period (like --holding-cost). */
  holdingCost?: number;
  fillRate?: number;
}

/** Columns only the planner reads (the catalogue import keeps the rest). */
const PLAN_COLUMNS: Record<'reviewDays' | 'holdingCost' | 'fillRate', readonly string[]> = {
  reviewDays: ['review period', 'review period days', 'review days', 'review'],
  holdingCost: ['holding cost', 'holding cost per period'],
  fillRate: ['fill rate', 'fill rate target', 'target fill rate'],
};

export interface ProductsFile {
  overrides: Map<string, ProductOverrides>;
  unusedColumns: string[];
}

/**
 * A products file: the app's catalogue format (cost, price, lead time and spread, MOQ, case pack,
 * on hand, on order and its arrival, service level, holding cost rate, stockout and ordering cost)
 * plus review period, holding cost per period and fill rate. Any bad cell stops the run with its
 * file, line and column: a plan from half-read stock figures would mislead.
 */
export async function readProductsFile(path: string): Promise<ProductsFile> {
  const blob = await readBlob(path);
  let inspection: Inspection;
  try {
    inspection = await inspectFile(blob, path);
  } catch (error) {
    if (error instanceof ImportError) throw new InputError(error.message);
    throw error;
  }
  const match = matchKind(inspection.headers, 'catalogue');
  if (match.columns.sku === undefined) {
    throw new InputError(`${path}, line ${inspection.plan.headerLine}: no product column (e.g. "sku"); the header has ${inspection.headers.map((h) => `"${h}"`).join(', ')}`);
  }
  const plan: ImportPlan = { ...inspection.plan, kind: 'catalogue', columns: match.columns, seriesKey: 'sku' };
  const staged = await stage(blob, path, inspection, plan);
  if (staged.issueCount > 0) throw new InputError(describeIssue(staged.issues[0]));

  const overrides = new Map<string, ProductOverrides>();
  for (const row of staged.catalogue ?? []) {
    const { onOrderArrival, description: _d, category: _c, ...rest } = row.fields;
    const o: ProductOverrides = { ...rest };
    if (onOrderArrival) o.onOrderArrival = isoToDay(onOrderArrival);
    overrides.set(row.sku, o);
  }

  // The planning-only columns, read with the same delimiter and decimal mark.
  const norm = inspection.headers.map(normaliseHeader);
  const used = new Set<number>(Object.values(match.columns) as number[]);
  const extra = new Map<keyof typeof PLAN_COLUMNS, number>();
  for (const [field, names] of Object.entries(PLAN_COLUMNS) as [keyof typeof PLAN_COLUMNS, readonly string[]][]) {
    const index = norm.findIndex((h, i) => names.includes(h) && !used.has(i));
    if (index >= 0) {
      extra.set(field, index);
      used.add(index);
    }
  }
  if (extra.size > 0) {
    const text = await blob.text();
    if (/"[^"]*\n[^"]*"/.test(text)) throw new InputError(`${path}: a quoted cell spans several lines; products files must have one product per line`);
    const rows = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { delimiter: plan.delimiter, skipEmptyLines: false }).data;
    const skuIndex = match.columns.sku as number;
    for (let r = plan.headerLine; r < rows.length; r++) {
      const cells = rows[r];
      const line = r + 1;
      const sku = (cells[skuIndex] ?? '').trim();
      const o = overrides.get(sku);
      if (!o) continue;
      for (const [field, index] of extra) {
        const raw = (cells[index] ?? '').trim();
        if (raw === '') continue;
        const where = `${path}, line ${line}, column ${index + 1} (${inspection.headers[index]})`;
        const parsed = parseNumber(raw, plan.decimal, field === 'reviewDays' ? 'review period' : field === 'fillRate' ? 'fill rate' : 'holding cost');
        if ('error' in parsed) throw new InputError(`${where}: ${parsed.error}`);
        const v = parsed.value;
        if (field === 'reviewDays' && !(Number.isInteger(v) && v >= 1)) throw new InputError(`${where}: "${raw}" must be a whole number of days ≥ 1`);
        if (field === 'fillRate' && !(v > 0 && v < 1)) throw new InputError(`${where}: "${raw}" must be between 0 and 1 (e.g. 0.98)`);
        if (field === 'holdingCost' && !(v >= 0)) throw new InputError(`${where}: "${raw}" must be 0 or more`);
        o[field] = v;
      }
    }
  }
  return { overrides, unusedColumns: inspection.headers.filter((_, i) => !used.has(i)) };
}

const PO_COLUMNS = {
  sku: ['sku', 'product', 'product code', 'item', 'stockcode', 'stock code', 'code'],
  ordered: ['ordered', 'order date', 'ordered on', 'po date', 'placed', 'date ordered'],
  received: ['received', 'received date', 'received on', 'delivery date', 'delivered', 'arrival date', 'date received'],
} as const;

/**
 * Past purchase orders (sku, order date, received date): the lead times each product actually had,
 * for products with at least 3 received orders. Dates in any form the import reads, one order per file.
 */
export async function readPurchaseOrders(path: string): Promise<Map<string, ReceivedOrder[]>> {
  const text = (await (await readBlob(path)).text()).replace(/^\ufeff/, '');
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: false }).data;
  if (rows.length < 2) throw new InputError(`${path}, line 1: no purchase orders`);
  const header = rows[0].map(normaliseHeader);
  const col = Object.fromEntries(Object.entries(PO_COLUMNS).map(([k, names]) => [k, header.findIndex((h) => (names as readonly string[]).includes(h))])) as Record<keyof typeof PO_COLUMNS, number>;
  const missing = Object.entries(col).filter(([, i]) => i < 0).map(([k]) => k);
  if (missing.length > 0) throw new InputError(`${path}, line 1: no column for ${missing.join(', ')} (e.g. "sku", "ordered", "received"); the header has ${rows[0].map((h) => `"${h}"`).join(', ')}`);
  const dateCells = rows.slice(1).flatMap((r) => [r[col.ordered] ?? '', r[col.received] ?? '']);
  const guess = detectDateOrder(dateCells);
  if (!guess.order || !guess.sure) throw new InputError(`${path}: ${guess.reason}`);
  const out = new Map<string, ReceivedOrder[]>();
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r];
    if (cells.length === 1 && cells[0].trim() === '') continue;
    const line = r + 1;
    const sku = (cells[col.sku] ?? '').trim();
    if (!sku) throw new InputError(`${path}, line ${line}, column ${col.sku + 1}: product code is empty`);
    const day = (index: number) => {
      const parsed = parseDate(cells[index] ?? '', guess.order as DateOrder);
      if ('error' in parsed) throw new InputError(`${path}, line ${line}, column ${index + 1} (${rows[0][index]}): ${parsed.error}`);
      return parsed.day;
    };
    const orderedDay = day(col.ordered);
    const receivedDay = day(col.received);
    if (receivedDay < orderedDay) throw new InputError(`${path}, line ${line}: received before it was ordered`);
    const list = out.get(sku) ?? [];
    list.push({ orderedDay, receivedDay });
    out.set(sku, list);
  }
  return out;
}

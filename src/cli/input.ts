import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import {
  FIELD_LABEL, ImportError, inspectFile, KIND_FIELDS, normaliseHeader, stageImport,
  type DateOrder, type ImportPlan, type RowIssue,
} from '../core/ingest';
import { applyReturnsPolicy, dayToIso, toWeeklyAll, type Frequency, type ReturnsPolicy, type Series } from '../core/series';
import { InputError } from './args';

export interface SalesInput {
  series: Series[];
  names: Map<string, string>;
  rowsRead: number;
  rowsAccepted: number;
  issues: RowIssue[];
  issueCount: number;
  firstDate: string;
  lastDate: string;
  /** What the ingest detected and decided, in its own words (layout, dates, stores, exclusions). */
  notes: string[];
}

export interface ReadOptions {
  /**
   * Columns that name a series: one (the product column) or two (a store column, then the product
   * column, e.g. ["store", "item"]: one series per item and store, "13@1"). Without it the app's
   * header detection decides (a store/location column already gives one series per store).
   */
  idColumns?: readonly string[];
  freq?: Frequency;
  /** Day/month order of the dates, when the file leaves it open (e.g. 03/04/2024). */
  dateOrder?: DateOrder;
  /** Cancellations and returns: subtracted from the day's sales (net, the app's default) or ignored. */
  returns?: ReturnsPolicy;
}

/**
 * Reads a sales file (CSV, optionally gzipped) with the project's ingest code — the app's layout,
 * header, date and number detection, validation and messages — and turns it into one daily (or
 * weekly) series per product, each running to the last date of the file. Order lines (Online
 * Retail, Shopify) are added up per day as in the app. Questions the app would ask on its mapping
 * screen become errors naming the option that answers them; a loose header match is reported on
 * stderr by the caller (see `notes`) rather than guessed silently.
 */
export async function readSalesSeries(file: string, options: ReadOptions = {}): Promise<SalesInput> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : code === 'EISDIR' ? `${file} is a folder, not a CSV file` : `${file}: ${(error as Error).message}`);
  }
  if (file.endsWith('.gz') || (bytes[0] === 0x1f && bytes[1] === 0x8b)) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new InputError(`${file}: looks gzipped but could not be unpacked`);
    }
  }
  const name = (file.split(/[\\/]/).pop() ?? file).replace(/\.gz$/, '');
  const blob = new Blob([bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer]);
  try {
    const inspection = await inspectFile(blob, name);
    const plan: ImportPlan = { ...inspection.plan, columns: { ...inspection.plan.columns } };
    if (plan.kind !== 'sales' && plan.kind !== 'wide') {
      throw new InputError(`${name} looks like a ${plan.kind === 'catalogue' ? 'product catalogue' : plan.kind === 'reviews' ? 'review' : 'stock'} file, not sales: it needs a date, a product and a quantity column`);
    }
    if (options.idColumns && options.idColumns.length > 0) applyIdColumns(plan, inspection.headers, options.idColumns, name);
    if (options.dateOrder) plan.dateOrder = options.dateOrder;
    const missing = KIND_FIELDS[plan.kind].required.filter((field) => plan.columns[field] === undefined);
    if (missing.length > 0 || (plan.kind === 'sales' && plan.dateOrder === undefined)) {
      const asks = inspection.questions.length > 0 ? ` ${inspection.questions.join(' ')}` : '';
      const how = missing.length > 0
        ? `No column found for ${missing.map((f) => FIELD_LABEL[f]).join(', ')}; rename the header (date, sku, quantity) or use --id-columns for the product.`
        : 'Give the date order with --date-order DMY or --date-order MDY.';
      throw new InputError(`${name}: the file needs answers before it can be read.${asks} ${how}`);
    }
    const staged = await stageImport(blob, name, inspection.headers, plan);
    const sales = staged.sales;
    if (!sales || sales.blocks.length === 0 || staged.firstDay === undefined || staged.lastDay === undefined) {
      const first = staged.issues[0];
      throw new InputError(`${name}: none of the ${staged.rowsRead} rows could be used as sales${first ? `; the first problem: line ${first.line}${first.column ? `, column ${first.column}` : ''}: ${first.reason}` : ''}`);
    }
    const { blocks } = applyReturnsPolicy(sales.blocks, options.returns ?? 'net');
    let series: Series[] = blocks
      .map((b) => ({ sku: b.sku, start: dayToIso(b.startDay), freq: 'D' as const, values: b.qty, flags: b.flags, covariates: { price: b.price } }))
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    if (options.freq === 'W') series = toWeeklyAll(series).filter((s) => s.values.length > 0);
    return {
      series,
      names: sales.names,
      rowsRead: staged.rowsRead,
      rowsAccepted: staged.rowsAccepted,
      issues: staged.issues,
      issueCount: staged.issueCount,
      firstDate: dayToIso(staged.firstDay),
      lastDate: dayToIso(staged.lastDay),
      notes: [...inspection.notes, ...staged.warnings, ...(inspection.confident ? [] : inspection.questions.map((q) => `Unsure, read anyway: ${q}`))],
    };
  } catch (error) {
    if (error instanceof ImportError) throw new InputError(error.message);
    throw error;
  }
}

/** Maps --id-columns onto the plan: [product] or [store, product] (one series per product and store). */
function applyIdColumns(plan: ImportPlan, headers: readonly string[], idColumns: readonly string[], file: string): void {
  if (idColumns.length > 2) {
    throw new InputError(`--id-columns takes one column (the product) or two (a store, then the product), got ${idColumns.length}`);
  }
  const normalised = headers.map(normaliseHeader);
  const indexes = idColumns.map((column) => normalised.indexOf(normaliseHeader(column)));
  const missing = idColumns.filter((_, k) => indexes[k] < 0);
  if (missing.length > 0) {
    throw new InputError(`${file}, line ${plan.headerLine}: --id-columns names ${missing.map((m) => `"${m}"`).join(', ')}, but the header has ${headers.map((h) => `"${h}"`).join(', ')}`);
  }
  // A column can hold only one field: free the chosen ones from whatever detection gave them.
  for (const [field, index] of Object.entries(plan.columns)) {
    if (indexes.includes(index as number)) delete plan.columns[field as keyof typeof plan.columns];
  }
  if (indexes.length === 2) {
    plan.columns.store = indexes[0];
    plan.columns.sku = indexes[1];
    plan.seriesKey = 'store-sku';
  } else {
    plan.columns.sku = indexes[0];
    delete plan.columns.store;
    plan.seriesKey = 'sku';
  }
}

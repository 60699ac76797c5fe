import { t } from '../../i18n';
import { isoToDay } from '../series';
import { RowContext } from './context';
import { FIELD_LABEL, type Field } from './fields';
import { detectGrain } from './grain';
import { dialectOf, wideDayColumns } from './inspect';
import { catalogueReader } from './kinds/catalogue';
import { longSalesReader } from './kinds/longSales';
import { orderLinesReader } from './kinds/orderLines';
import type { KindReader } from './kinds/reader';
import { reviewsReader } from './kinds/reviews';
import { stockReader } from './kinds/stock';
import { wideReader } from './kinds/wide';
import { clip } from './numbers';
import { profileById } from './profiles';
import { readTable, type ReadOutcome } from './reader';
import type { StagedImport } from './staged';
import { ImportError, type ImportPlan, type WideColumn } from './types';

export * from './staged';
export { ISSUES_KEPT } from './context';
export { ONLINE_RETAIL_NON_PRODUCTS as NON_PRODUCT_CODES, ONLINE_RETAIL_NON_PRODUCT_LIST as NON_PRODUCT_LIST } from './profiles';

/** Today as a day number (UTC calendar), for the "dates in the future" check. */
export function currentDay(): number {
  return isoToDay(new Date().toISOString().slice(0, 10));
}

/**
 * Reads a whole file under a confirmed plan: every row is checked, every rejected row logged with
 * its line and column, and accepted rows are added up into what would be stored.
 */
export async function stageImport(
  blob: Blob, fileName: string, headers: string[], plan: ImportPlan, onProgress?: (fraction: number) => void, chunkBytes?: number,
  today = currentDay(),
): Promise<StagedImport> {
  const started = performance.now();
  const wideColumns = checkPlan(fileName, headers, plan);
  const ctx = new RowContext(plan, headers, fileName, profileById(plan.profile), today);
  const reader = readerFor(ctx, wideColumns);
  const counts = { read: 0, accepted: 0, headerSeen: false };
  const outcome = await readTable(blob, dialectOf(plan), {
    row(cells, line, problem) {
      if (line < plan.headerLine) return;
      if (!counts.headerSeen) { counts.headerSeen = true; return; }
      if (cells.length === 1 && cells[0].trim() === '') return; // blank line
      counts.read++;
      if (problem) { ctx.reject(line, problem); return; }
      if (!fitsHeader(ctx, cells, line)) return;
      if (reader.row(cells, line)) counts.accepted++;
    },
    unreadable(line, reason) {
      counts.read++;
      ctx.reject(line, reason);
    },
  }, onProgress, chunkBytes);
  if (!counts.headerSeen) throw new ImportError(fileName, 1, t('import:fatal.noHeader'));
  if (counts.read === 0) throw new ImportError(fileName, plan.headerLine + 1, t('import:fatal.noRows', { line: plan.headerLine + 1 }));

  const used = new Set<number>([...Object.values(plan.columns) as number[], ...wideColumns.map((w) => w.column)]);
  const staged: StagedImport = {
    fileName, fingerprint: outcome.fingerprint, size: blob.size, plan: { ...plan, wideColumns }, headers,
    rowsRead: counts.read, rowsAccepted: counts.accepted, issues: ctx.issues.kept, issueCount: ctx.issues.count, issueSummary: ctx.issues.summary(),
    warnings: warningsOf(ctx, plan, outcome), exclusions: ctx.exclusions,
    unusedColumns: headers.filter((h, i) => !used.has(i) && h !== ''),
    futureRows: ctx.notices.future.count,
    readMs: performance.now() - started,
    finishMs: 0,
  };
  const finishing = performance.now();
  reader.finish(staged);
  if (plan.kind === 'sales') staged.grain = detectGrain(ctx.days);
  if (staged.grain && staged.grain !== 'day') staged.warnings.push(t(`import:warning.grain_${staged.grain}`));
  staged.finishMs = performance.now() - finishing;
  return staged;
}

/** Refuses a plan that cannot be read (no date order, a column beyond the header); returns the wide day columns. */
function checkPlan(fileName: string, headers: readonly string[], plan: ImportPlan): WideColumn[] {
  const at = plan.headerLine;
  if (plan.dateOrder === undefined && plan.kind !== 'catalogue' && (plan.kind === 'wide' || plan.columns.date !== undefined)) {
    throw new ImportError(fileName, at, t('import:fatal.noDateOrder', { line: at }));
  }
  let wideColumns = plan.wideColumns ?? [];
  if (plan.kind === 'wide') {
    const firstDay = plan.firstDate ? isoToDay(plan.firstDate) : undefined;
    const wide = wideDayColumns(headers, plan.dateOrder, firstDay);
    if (wide.dayIndex !== undefined && firstDay === undefined) throw new ImportError(fileName, at, t('import:fatal.noFirstDate', { line: at, first: `d_${wide.dayIndex}` }));
    wideColumns = wide.columns;
    if (wideColumns.length === 0) throw new ImportError(fileName, at, t('import:fatal.notWide', { line: at }));
  }
  for (const field of Object.keys(plan.columns) as Field[]) {
    const index = plan.columns[field] as number;
    if (index < 0 || index >= headers.length) {
      throw new ImportError(fileName, at, t('import:fatal.columnBeyondHeader', { line: at, field: FIELD_LABEL[field], column: index + 1, width: headers.length }));
    }
  }
  return wideColumns;
}

function readerFor(ctx: RowContext, wideColumns: readonly WideColumn[]): KindReader {
  const { plan, cols } = ctx;
  switch (plan.kind) {
    case 'sales': {
      const orders = cols.invoice !== undefined || cols.cancelledAt !== undefined || cols.orderStatus !== undefined || cols.refund !== undefined;
      return orders ? orderLinesReader(ctx) : longSalesReader(ctx);
    }
    case 'wide': return wideReader(ctx, wideColumns);
    case 'catalogue': return catalogueReader(ctx);
    case 'reviews': return reviewsReader(ctx);
    case 'stock': return stockReader(ctx);
  }
}

/** False (and the row rejected) when it has fewer cells than the header, or extra cells with something in them. */
function fitsHeader(ctx: RowContext, cells: string[], line: number): boolean {
  const width = ctx.headers.length;
  if (cells.length < width) {
    ctx.reject(line, t('import:issue.tooFewCells', { count: cells.length, width }) + (cells.length === 1 ? t('import:issue.cutOff') : ''));
    return false;
  }
  if (cells.length > width) {
    const extra = cells.slice(width).find((c) => c.trim() !== '');
    if (extra !== undefined) { ctx.reject(line, t('import:issue.tooManyCells', { count: cells.length, width, extra: clip(extra.trim()) })); return false; }
  }
  return true;
}

function warningsOf(ctx: RowContext, plan: ImportPlan, outcome: ReadOutcome): string[] {
  const warnings: string[] = [];
  const fmt = (x: number) => x.toLocaleString('en');
  const { formulas, keyedByName, duplicateDays, zeroPrice, future } = ctx.notices;
  if (outcome.undecodableLine !== undefined) warnings.push(t('import:warning.undecodable', { encoding: plan.encoding.toUpperCase(), line: outcome.undecodableLine }));
  for (const [notice, key] of [[formulas, 'formulas'], [keyedByName, 'keyedByName'], [duplicateDays, 'duplicateDays'], [zeroPrice, 'zeroPrice'], [future, 'future']] as const) {
    if (notice.count > 0) warnings.push(t(`import:warning.${key}`, { count: notice.count, n: fmt(notice.count), first: notice.first }));
  }
  return warnings;
}

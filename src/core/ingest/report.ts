import { t } from '../../i18n';
import type { ReturnsPolicy } from '../series';
import { dayToIso } from '../series';
import type { FileKind } from './fields';
import type { ProfileId } from './profiles';
import type { Exclusions, Grain, StagedImport } from './staged';
import type { ImportPlan, RowIssue } from './types';

export const ISSUES_SHOWN = 100;

/** How a new sales file relates to what is stored for the same products and days. */
export interface OverlapInfo {
  /** Product-days of this file that stored batches already cover. */
  productDays: number;
  /** Of those (with a sale in either), the share whose quantities are equal: near 1 means a re-export. */
  sameShare: number;
  /** The stored files it overlaps (the largest overlap first). */
  files: { batchId: number; fileName: string; source: string; productDays: number }[];
  /** What Shelfcast suggests: replace those days (a re-export) or add (another shop or channel). */
  suggested: 'replace' | 'add';
}

/** What the seller sees before and after an import. Plain data: it crosses the worker boundary. */
export interface ImportReport {
  fileName: string;
  kind: FileKind;
  layout: string;
  /** The export layout whose rules were applied (Online Retail, Shopify, Taobao…), if any. */
  profile?: ProfileId;
  /** Sales files: how far apart the dates are (a weekly export is stored one day per week). */
  grain?: Grain;
  /** Rows dated after the day the file was checked. */
  futureRows: number;
  plan: ImportPlan;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** The first rejected rows; `rowsRejected` has the total and the download has them all. */
  issues: RowIssue[];
  issueSummary: { reason: string; count: number }[];
  warnings: string[];
  notes: string[];
  exclusions: Exclusions;
  unusedColumns: string[];
  products: number;
  newProducts: number;
  firstDate: string;
  lastDate: string;
  /** Units that would be stored, and product-days clamped to 0, under each returns policy. */
  units: Record<ReturnsPolicy, number>;
  clampedDays: Record<ReturnsPolicy, number>;
  returnsPolicy: ReturnsPolicy;
  /** How a series is keyed, in words ("one series per product and store"). */
  seriesRule: string;
  reviews?: { count: number; products: number; withoutText: number; unknownProducts: number };
  catalogue?: { rows: number; updated: number; created: number };
  stock?: { products: number; stockoutDays: number };
  overlap?: OverlapInfo;
  /** Set when this exact file was imported before: there is nothing to import. */
  duplicateOf?: { fileName: string; importedAt: string };
  /** After the seller confirmed: the batch written and how the overlap was resolved. */
  committed?: { batchId: number; overlap: 'replace' | 'add' | 'none' };
  timings: { readMs: number; finishMs: number; analyseMs?: number; writeMs?: number };
}

/** One line per issue, e.g. `sales.csv, line 12, column 3 (qty): quantity "x" is not a number`. */
export function describeIssue(issue: RowIssue): string {
  const where = issue.column === undefined ? t('import:where.line', { line: issue.line })
    : issue.columnName ? t('import:where.lineColumnNamed', { line: issue.line, column: issue.column, name: issue.columnName })
      : t('import:where.lineColumn', { line: issue.line, column: issue.column });
  return t('import:where.issue', { file: issue.file, where, reason: issue.reason });
}

/**
 * Every issue as CSV (file, line, column, column name, reason). Cells that a spreadsheet would run
 * as a formula (= + - @ at the start) get a leading apostrophe, so opening the download is safe.
 */
export function issuesToCsv(issues: readonly RowIssue[], more = 0): string {
  const cell = (value: string | number | undefined): string => {
    let text = value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = ['file,line,column,column_name,reason'];
  for (const i of issues) lines.push([i.file, i.line, i.column, i.columnName, i.reason].map(cell).join(','));
  if (more > 0) lines.push(cell(t('import:issue.more', { more, kept: issues.length })));
  return `${lines.join('\r\n')}\r\n`;
}

/** The report of a staged file, before the database is consulted (new products, overlap: see db). */
export function reportOf(staged: StagedImport, notes: string[], layout: string): ImportReport {
  const blocks = staged.sales?.blocks ?? [];
  const units = { net: 0, drop: 0 };
  const clampedDays = { net: 0, drop: 0 };
  for (const b of blocks) {
    for (let i = 0; i < b.sold.length; i++) {
      units.drop += b.sold[i];
      const net = b.sold[i] + b.returned[i];
      if (net < 0) clampedDays.net++;
      else units.net += net;
    }
  }
  const plan = staged.plan;
  const storeRule = t(plan.columns.store !== undefined
    ? plan.seriesKey === 'store-sku' ? 'import:series.perStore' : 'import:series.storesAdded'
    : plan.columns.channel !== undefined ? 'import:series.channelsAdded' : 'import:series.perProduct');
  const report: ImportReport = {
    fileName: staged.fileName,
    kind: plan.kind,
    layout,
    ...(plan.profile ? { profile: plan.profile } : {}),
    ...(staged.grain ? { grain: staged.grain } : {}),
    futureRows: staged.futureRows,
    plan,
    rowsRead: staged.rowsRead,
    rowsAccepted: staged.rowsAccepted,
    rowsRejected: staged.issueCount,
    issues: staged.issues.slice(0, ISSUES_SHOWN),
    issueSummary: staged.issueSummary,
    warnings: staged.warnings,
    notes,
    exclusions: staged.exclusions,
    unusedColumns: staged.unusedColumns,
    products: blocks.length || staged.catalogue?.length || staged.stock?.length || new Set(staged.reviews?.map((r) => r.sku)).size,
    newProducts: 0,
    firstDate: staged.firstDay !== undefined ? dayToIso(staged.firstDay) : '',
    lastDate: staged.lastDay !== undefined ? dayToIso(staged.lastDay) : '',
    units,
    clampedDays,
    returnsPolicy: 'net',
    seriesRule: storeRule,
    timings: { readMs: staged.readMs, finishMs: staged.finishMs },
  };
  if (staged.reviews) {
    report.reviews = {
      count: staged.reviews.length,
      products: new Set(staged.reviews.map((r) => r.sku)).size,
      withoutText: staged.reviews.filter((r) => r.text === '').length,
      unknownProducts: 0,
    };
  }
  if (staged.stock) {
    let stockoutDays = 0;
    for (const s of staged.stock) for (const f of s.flags) if (f) stockoutDays++;
    report.stock = { products: staged.stock.length, stockoutDays };
  }
  return report;
}

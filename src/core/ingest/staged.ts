import type { StagedBlock } from '../series';
import type { ImportPlan, RowIssue } from './types';

export interface Exclusions {
  /** Lines left out as fees, postage, vouchers… (by code): a profile's codes, or service lines the seller left out. */
  nonProduct: number;
  nonProductCodes: Record<string, number>;
  /**
   * Lines whose code or name reads like a service rather than a product (delivery, fee, discount…),
   * proposed for exclusion in files without a profile of their own. Counted whether or not the seller
   * leaves them out (`plan.excludeNonProducts`), so the report always shows them.
   */
  serviceLines: number;
  serviceLineCodes: Record<string, number>;
  /** Bad-debt adjustments (Online Retail: invoices starting with "A"). */
  badDebt: number;
  /** Cancellation lines (Online Retail: invoices starting with "C") and their units (negative). */
  cancellations: number;
  cancelledUnits: number;
  /** Negative lines that are customer returns (they carry a price), and refunded lines. */
  returns: number;
  returnedUnits: number;
  /** Negative lines with price 0 in an order file: write-offs (damaged, lost), never demand. */
  stockAdjustments: number;
  adjustedUnits: number;
  /** Lines of orders marked cancelled or closed ("Cancelled at", 交易关闭, 已取消). */
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

/** How far apart a long sales table's dates are: one row per product and day, week or month. */
export type Grain = 'day' | 'week' | 'month';

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
  /** Sales files: the spacing of the dates (a weekly export has one date per product and week). */
  grain?: Grain;
  /** Rows dated after the day the file was read. */
  futureRows: number;
  /** Sales and wide files: product-day blocks, names by vote, and store of each per-store key. */
  sales?: { blocks: StagedBlock[]; names: Map<string, string>; stores: Map<string, { store: string; baseSku: string }> };
  catalogue?: CatalogueRow[];
  reviews?: StagedReview[];
  stock?: StagedStock[];
  /** Reading, parsing, checking and adding up (streamed together), then building the blocks. */
  readMs: number;
  finishMs: number;
}

export const emptyExclusions = (): Exclusions => ({
  nonProduct: 0, nonProductCodes: {}, serviceLines: 0, serviceLineCodes: {}, badDebt: 0, cancellations: 0, cancelledUnits: 0,
  returns: 0, returnedUnits: 0, stockAdjustments: 0, adjustedUnits: 0, cancelledOrders: 0,
});

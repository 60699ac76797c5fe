import Dexie, { type Table } from 'dexie';
import type { AutoSummary, DemandClass, Metrics } from '../core/evaluate';
import type { PlanProduct } from '../core/plan';
import type { ForecastExplanation } from '../core/series';
import type { ModelRecord } from './models';
import type { ProductSentiment, SentimentHeadConfig } from '../core/text';

/**
 * A product and the seller's stock settings for it. Everything but sku, name and onHand is
 * optional: an absent value means "use the seller-wide default" (see PlanSettings).
 */
export interface ProductRecord extends PlanProduct {
  description?: string;
  category?: string;
  /** Per-store products ("SKU@store"): the store and the product code shared across stores. */
  store?: string;
  baseSku?: string;
}

/** What one import did to products, so undoing it can put them back. */
export interface ProductUndo {
  /** Products this import created. */
  created: string[];
  /** Fields this import changed on existing products: their values before and after. */
  changed: { sku: string; before: Partial<ProductRecord>; after: Partial<ProductRecord> }[];
}

export type BatchKind = 'sales' | 'wide' | 'catalogue' | 'reviews' | 'stock';

/**
 * One imported file. Its fingerprint makes importing the same file twice a no-op.
 *
 * Sales batches of the same `source` are one data stream (an export and its later re-exports):
 * where they cover the same product-day, the newest batch wins. Batches of different sources
 * (another shop, another channel) add up. A batch "covers" every day from firstDate to lastDate for
 * every product it has sales for. Undoing the newest batch lets the older values show again.
 */
export interface BatchRecord {
  id?: number;
  fingerprint: string;
  fileName: string;
  importedAt: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  products: number;
  firstDate: string;
  lastDate: string;
  /** Absent on batches from before kinds existed: those are sales. */
  kind?: BatchKind;
  layout?: string;
  source?: string;
  returnsPolicy?: 'net' | 'drop';
  /** Plain-language summary of what was left out (cancellations, fees…), as shown at import. */
  summary?: string;
  productUndo?: ProductUndo;
}

/**
 * Column-wise sales: one record per product per import batch, holding that batch's daily values
 * as typed arrays. A million rows become a few thousand records (IndexedDB costs ~100 µs a record),
 * and undoing a batch deletes just its records.
 */
export interface SalesChunkRecord {
  sku: string;
  batchId: number;
  /** Day number (days since 1970-01-01) of index 0. */
  startDay: number;
  qty: Float32Array;
  /** Quantity-weighted average unit price, NaN where unknown. */
  price: Float32Array;
  /** DayFlag bits per day. */
  flags: Uint8Array;
}

/** The latest forecast of one product. */
export interface ForecastRecord {
  sku: string;
  model: string;
  createdAt: string;
  /** ISO date of the first forecast day. */
  start: string;
  horizon: number;
  levels: number[];
  quantiles: Record<string, Float32Array>;
  /**
   * How many sample paths were stored with this forecast (absent: none). The paths themselves live
   * in `forecastPaths`: they are ~40 times the size of the rest, and the page observes this table.
   */
  nPaths?: number;
  /** Mean demand per day (the mean of the sample paths): its sum is the expected total. */
  mean?: Float32Array;
  notes: string[];
  /** What the forecast is made of (level, trend, weekly, yearly…), when the model can say. */
  explanation?: ForecastExplanation;
}

/**
 * The sample paths of a product's latest forecast (`nPaths × horizon`, row-major), written in the
 * same transaction as its ForecastRecord and carrying the same createdAt. Only planning reads them.
 */
export interface ForecastPathsRecord {
  sku: string;
  createdAt: string;
  nPaths: number;
  horizon: number;
  paths: Float32Array;
}

/** A forecast record as schema versions 1–2 stored it, paths inline. */
export type LegacyForecastRecord = ForecastRecord & { paths?: Float32Array };

/**
 * Takes the inline paths out of a version-2 forecast record (the record is changed in place), and
 * returns them as their own record, or undefined when it had none.
 */
export function detachForecastPaths(record: LegacyForecastRecord): ForecastPathsRecord | undefined {
  const { paths } = record;
  delete record.paths;
  if (!paths || !record.nPaths) {
    delete record.nPaths;
    return undefined;
  }
  return { sku: record.sku, createdAt: record.createdAt, nPaths: record.nPaths, horizon: record.horizon, paths };
}

/**
 * A product's report card from the latest forecast run: how each candidate model did in the
 * backtest on its recent history, which one was chosen and why, and its demand class.
 */
export interface BacktestRecord {
  sku: string;
  createdAt: string;
  horizon: number;
  folds: number;
  chosen: string;
  /** The model its demand class chose, and why this product has `chosen`. */
  classChoice: string;
  reason: string;
  demandClass: DemandClass;
  /** Inner-backtest metrics per candidate model. */
  scores: Record<string, Metrics>;
}

/** The catalogue's report card from the latest forecast run (settings key "forecastReport"). */
export interface ForecastReport extends AutoSummary {
  createdAt: string;
  /** Wall time of the run (ms). */
  ms: number;
}

/** A product review, as imported (read by the text engine for sentiment). */
export interface ReviewRecord {
  id?: number;
  sku: string;
  batchId: number;
  /** ISO date, when the file had one. */
  date?: string;
  /** Stars, 0–5, when the file had them. */
  rating?: number;
  title?: string;
  text: string;
}

/** Stock snapshots of one product from one import: on-hand per day (NaN unknown) and DayFlag bits. */
export interface StockChunkRecord {
  sku: string;
  batchId: number;
  startDay: number;
  onHand: Float32Array;
  flags: Uint8Array;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** One cached text embedding: the vector `model` gave for the text whose SHA-256 is `hash`. */
export interface EmbeddingRecord {
  model: string;
  hash: string;
  vector: Float32Array;
}

/** Review sentiment of one product, from the latest on-device sentiment head. */
export interface ProductSentimentRecord extends ProductSentiment {
  /** Encoder the scores came from. */
  model: string;
  updatedAt: string;
}

/** A trained text head (today: review sentiment), one per encoder; weights as one typed array. */
export interface TextHeadRecord {
  /** "sentiment:<encoder key>". */
  id: string;
  config: SentimentHeadConfig;
  weights: Float32Array;
  trainedAt: string;
  /** What it learned from and how well it did on reviews it did not see. */
  lineage: {
    reviews: number;
    positive: number;
    negative: number;
    heldOut: number;
    balancedAccuracy: number;
    recallPositive: number;
    recallNegative: number;
    trainMs: number;
  };
}

export class ShelfcastDB extends Dexie {
  products!: Table<ProductRecord, string>;
  batches!: Table<BatchRecord, number>;
  sales!: Table<SalesChunkRecord, [string, number]>;
  forecasts!: Table<ForecastRecord, string>;
  forecastPaths!: Table<ForecastPathsRecord, string>;
  settings!: Table<SettingRecord, string>;
  reviews!: Table<ReviewRecord, number>;
  stock!: Table<StockChunkRecord, [string, number]>;
  backtests!: Table<BacktestRecord, string>;
  models!: Table<ModelRecord, string>;
  embeddings!: Table<EmbeddingRecord, [string, string]>;
  productSentiment!: Table<ProductSentimentRecord, string>;
  textHeads!: Table<TextHeadRecord, string>;

  constructor(name = 'shelfcast') {
    super(name);
    this.version(1).stores({
      products: 'sku, name, category',
      batches: '++id, &fingerprint, importedAt',
      sales: '[sku+batchId], sku, batchId',
      forecasts: 'sku',
      settings: 'key',
    });
    // Version 2 (one declaration per version: Dexie merges repeated ones, which hides what a
    // version holds): reviews and stock snapshots from imports, per-product backtest report cards,
    // trained Transformer versions (weights + config + lineage, see models.ts), and for text: an
    // embedding cache keyed by (model, text hash), review sentiment per product, trained heads.
    this.version(2).stores({
      reviews: '++id, sku, batchId',
      stock: '[sku+batchId], sku, batchId',
      backtests: 'sku',
      models: 'id, group, status, createdAt',
      embeddings: '[model+hash], model',
      productSentiment: 'sku',
      textHeads: 'id',
    });
    // Version 3: sample paths in their own table. The page's liveQuery over `forecasts` cloned
    // every product's 200 × horizon paths onto the main thread at each change. A seller's existing
    // forecasts keep their paths: they move over here.
    this.version(3).stores({ forecastPaths: 'sku' }).upgrade(async (tx) => {
      const moved: ForecastPathsRecord[] = [];
      await tx.table<LegacyForecastRecord, string>('forecasts').toCollection().modify((record) => {
        const paths = detachForecastPaths(record);
        if (paths) moved.push(paths);
      });
      await tx.table<ForecastPathsRecord, string>('forecastPaths').bulkPut(moved);
    });
  }
}

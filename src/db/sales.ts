import { liveQuery, type Observable } from 'dexie';
import { dayToIso, isoToDay, type DailyBlock, type Series } from '../core/series';
import { database } from './connection';
import type { BatchRecord, ProductRecord, ProductUndo, SalesChunkRecord, StockChunkRecord } from './schema';

export interface StoreBatchInput {
  fingerprint: string;
  fileName: string;
  rowsRead: number;
  rowsRejected: number;
  blocks: DailyBlock[];
  names: Map<string, string>;
  /** Sales of the same source replace each other where they overlap; absent: a source of its own. */
  source?: string;
}

export type StoreBatchOutcome =
  | { stored: true; batchId: number; products: number; newProducts: number }
  | { stored: false; duplicateOf: BatchRecord };

/**
 * Stores one sales batch atomically (see commitStaged in imports.ts for the full import): the
 * batch record, its sales chunks and any new products go in one transaction.
 */
export async function storeBatch(input: StoreBatchInput): Promise<StoreBatchOutcome> {
  const db = database();
  return db.transaction('rw', [db.batches, db.sales, db.products], async () => {
    const existing = await db.batches.where('fingerprint').equals(input.fingerprint).first();
    if (existing) return { stored: false as const, duplicateOf: existing };
    let firstDay = Number.POSITIVE_INFINITY;
    let lastDay = Number.NEGATIVE_INFINITY;
    for (const b of input.blocks) {
      firstDay = Math.min(firstDay, b.startDay);
      lastDay = Math.max(lastDay, b.startDay + b.qty.length - 1);
    }
    const batchId = await db.batches.add({
      fingerprint: input.fingerprint,
      fileName: input.fileName,
      importedAt: new Date().toISOString(),
      rowsRead: input.rowsRead,
      rowsAccepted: input.rowsRead - input.rowsRejected,
      rowsRejected: input.rowsRejected,
      products: input.blocks.length,
      firstDate: dayToIso(firstDay),
      lastDate: dayToIso(lastDay),
      kind: 'sales',
    });
    const source = input.source ?? `batch-${batchId}`;
    await writeSalesChunks(batchId, input.blocks);
    const undo = await mergeNames(input.blocks.map((b) => b.sku), input.names, new Map());
    await db.batches.update(batchId, { source, productUndo: undo });
    return { stored: true as const, batchId, products: input.blocks.length, newProducts: undo.created.length };
  });
}

/** Writes a batch's chunks; must run inside a transaction that includes `sales`. */
export async function writeSalesChunks(batchId: number, blocks: readonly DailyBlock[]): Promise<void> {
  const chunks: SalesChunkRecord[] = blocks.map((b) => ({ sku: b.sku, batchId, startDay: b.startDay, qty: b.qty, price: b.price, flags: b.flags }));
  await database().sales.bulkAdd(chunks);
}

/**
 * Creates the products a sales file brings and renames known ones whose name changed; returns what
 * it did so the batch can be undone. Must run inside a transaction that includes `products`.
 */
export async function mergeNames(
  skus: readonly string[], names: Map<string, string>, stores: Map<string, { store: string; baseSku: string }>,
): Promise<ProductUndo> {
  const db = database();
  const known = await db.products.bulkGet(skus as string[]);
  const fresh: ProductRecord[] = [];
  const renamed: ProductRecord[] = [];
  const undo: ProductUndo = { created: [], changed: [] };
  skus.forEach((sku, i) => {
    const name = names.get(sku);
    const current = known[i];
    if (!current) {
      const store = stores.get(sku);
      const base = store ? `${name ?? store.baseSku} @ ${store.store}` : (name ?? sku);
      fresh.push({ sku, name: base, onHand: 0, ...(store ? { store: store.store, baseSku: store.baseSku } : {}) });
      undo.created.push(sku);
    } else if (name && name !== current.name && !current.store) {
      renamed.push({ ...current, name });
      undo.changed.push({ sku, before: { name: current.name }, after: { name } });
    }
  });
  await db.products.bulkAdd(fresh);
  await db.products.bulkPut(renamed);
  return undo;
}

interface Coverage { first: number; last: number; source: string }

async function salesCoverage(): Promise<Map<number, Coverage>> {
  const out = new Map<number, Coverage>();
  for (const b of await database().batches.toArray()) {
    if (b.kind && b.kind !== 'sales' && b.kind !== 'wide') continue;
    out.set(b.id as number, { first: isoToDay(b.firstDate), last: isoToDay(b.lastDate), source: b.source ?? `batch-${b.id}` });
  }
  return out;
}

/**
 * Every product's daily series, merged across batches. Within one source the newest batch wins on
 * the days it covers (a re-export replaces, never doubles); separate sources add up (two channels).
 * Prices are averaged weighted by quantity; stock-out flags from stock snapshots are ORed in.
 * Every series runs to the latest day of any sales batch (a product with no sales on the last days
 * sold zero on them).
 */
export async function loadDailySeries(skus?: readonly string[]): Promise<Series[]> {
  const db = database();
  const [chunks, stock, coverage] = await Promise.all([
    skus ? db.sales.where('sku').anyOf(skus as string[]).toArray() : db.sales.toArray(),
    skus ? db.stock.where('sku').anyOf(skus as string[]).toArray() : db.stock.toArray(),
    salesCoverage(),
  ]);
  if (chunks.length === 0) return [];
  let lastDay = Number.NEGATIVE_INFINITY;
  for (const c of coverage.values()) lastDay = Math.max(lastDay, c.last);
  return mergeChunks(chunks, stock, coverage, lastDay);
}

/** Last day covered by any stored sales batch, or NaN if there are none. */
export async function latestSalesDay(): Promise<number> {
  const coverage = await salesCoverage();
  return coverage.size === 0 ? Number.NaN : Math.max(...[...coverage.values()].map((c) => c.last));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function mergeChunks(chunks: SalesChunkRecord[], stock: StockChunkRecord[], coverage: Map<number, Coverage>, lastDay: number): Series[] {
  const stockBySku = groupBy(stock, (s) => s.sku);
  const out: Series[] = [];
  for (const [sku, list] of groupBy(chunks, (c) => c.sku)) {
    let first = Number.POSITIVE_INFINITY;
    for (const c of list) first = Math.min(first, c.startDay);
    const length = lastDay - first + 1;
    if (length <= 0) continue;
    const values = new Float32Array(length);
    const flags = new Uint8Array(length);
    const revenue = new Float64Array(length);
    const pricedQty = new Float64Array(length);
    const add = (qty: Float32Array | Float64Array, price: Float32Array | Float64Array, f: Uint8Array, offset: number) => {
      const n = Math.min(qty.length, length - offset);
      for (let i = Math.max(0, -offset); i < n; i++) {
        const q = qty[i];
        values[offset + i] += q;
        flags[offset + i] |= f[i];
        const p = price[i];
        if (q > 0 && p === p) {
          revenue[offset + i] += p * q;
          pricedQty[offset + i] += q;
        }
      }
    };
    for (const group of groupBy(list, (c) => coverage.get(c.batchId)?.source ?? `batch-${c.batchId}`).values()) {
      if (group.length === 1) {
        const c = group[0];
        add(c.qty, c.price, c.flags, c.startDay - first);
        continue;
      }
      // Several batches of one source: paint oldest to newest over each batch's covered days.
      group.sort((a, b) => a.batchId - b.batchId);
      const qty = new Float32Array(length);
      const price = new Float32Array(length).fill(Number.NaN);
      const f = new Uint8Array(length);
      for (const c of group) {
        const cov = coverage.get(c.batchId);
        const from = Math.max(first, cov ? cov.first : c.startDay);
        const to = Math.min(lastDay, cov ? cov.last : c.startDay + c.qty.length - 1);
        for (let day = from; day <= to; day++) {
          const i = day - c.startDay;
          const at = day - first;
          if (i >= 0 && i < c.qty.length) {
            qty[at] = c.qty[i];
            price[at] = c.price[i];
            f[at] = c.flags[i];
          } else {
            qty[at] = 0;
            price[at] = Number.NaN;
            f[at] = 0;
          }
        }
      }
      add(qty, price, f, 0);
    }
    for (const s of stockBySku.get(sku) ?? []) {
      const offset = s.startDay - first;
      for (let i = Math.max(0, -offset); i < s.flags.length && offset + i < length; i++) flags[offset + i] |= s.flags[i];
    }
    const price = new Float32Array(length);
    for (let i = 0; i < length; i++) price[i] = pricedQty[i] > 0 ? revenue[i] / pricedQty[i] : Number.NaN;
    out.push({ sku, start: dayToIso(first), freq: 'D', values, flags, covariates: { price } });
  }
  return out.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

export async function listBatches(): Promise<BatchRecord[]> {
  return database().batches.orderBy('importedAt').toArray();
}

/**
 * Undoes an import batch: its sales, stock snapshots and reviews go; product fields it changed
 * get their old values back (unless edited since); products it created go too unless something
 * else still refers to them. All in one transaction.
 */
export async function deleteBatch(batchId: number): Promise<void> {
  const db = database();
  await db.transaction('rw', [db.batches, db.sales, db.stock, db.reviews, db.products, db.forecasts, db.forecastPaths], async () => {
    const batch = await db.batches.get(batchId);
    if (!batch) return;
    const salesSkus = (await db.sales.where('batchId').equals(batchId).primaryKeys()).map((k) => k[0]);
    const stockSkus = (await db.stock.where('batchId').equals(batchId).primaryKeys()).map((k) => k[0]);
    await db.sales.where('batchId').equals(batchId).delete();
    await db.stock.where('batchId').equals(batchId).delete();
    await db.reviews.where('batchId').equals(batchId).delete();
    await db.batches.delete(batchId);

    const undo = batch.productUndo;
    for (const change of undo?.changed ?? []) {
      const current = await db.products.get(change.sku);
      if (!current) continue;
      const restored: ProductRecord = { ...current };
      for (const [key, value] of Object.entries(change.after)) {
        const k = key as keyof ProductRecord;
        if (current[k] !== value) continue; // edited since: the seller's edit stays
        const before = change.before[k];
        if (before === undefined) delete restored[k];
        else (restored as unknown as Record<string, unknown>)[k] = before;
      }
      await db.products.put(restored);
    }
    // Old batches (before productUndo existed) removed any product left without sales.
    const candidates = undo ? undo.created : [...new Set([...salesSkus, ...stockSkus])];
    if (candidates.length === 0) return;
    const others = await db.batches.toArray();
    const mentioned = new Set<string>();
    for (const b of others) for (const sku of [...(b.productUndo?.created ?? []), ...(b.productUndo?.changed ?? []).map((c) => c.sku)]) mentioned.add(sku);
    for (const sku of candidates) {
      if (mentioned.has(sku)) continue;
      if ((await db.sales.where('sku').equals(sku).count()) > 0) continue;
      if ((await db.stock.where('sku').equals(sku).count()) > 0) continue;
      await db.products.delete(sku);
      await db.forecasts.delete(sku);
      await db.forecastPaths.delete(sku);
    }
  });
}

export function observeBatches(): Observable<BatchRecord[]> {
  return liveQuery(() => database().batches.orderBy('importedAt').reverse().toArray());
}

import { applyReturnsPolicy, dayToIso, isoToDay, type ReturnsPolicy } from '../core/series';
import type { ImportReport, OverlapInfo, StagedImport } from '../core/ingest';
import { t } from '../i18n';
import { database } from './connection';
import { mergeNames, writeSalesChunks } from './sales';
import type { BatchRecord, ProductRecord, ProductUndo, ReviewRecord, StockChunkRecord } from './schema';

/** The seller's answers on the validation report. */
export interface CommitDecision {
  returns: ReturnsPolicy;
  /** For sales that overlap stored ones: replace those days (a re-export) or add (another channel). */
  overlap: 'replace' | 'add';
}

export interface CommitOutcome {
  batchId: number;
  newProducts: number;
  overlap: 'replace' | 'add' | 'none';
}

/**
 * Fills in what the report needs from the database, reading only: was this exact file imported
 * before, how many products are new, and how a sales file overlaps stored sales.
 */
export async function analyseStaged(staged: StagedImport, report: ImportReport): Promise<ImportReport> {
  const started = performance.now();
  const db = database();
  const duplicate = await db.batches.where('fingerprint').equals(staged.fingerprint).first();
  if (duplicate) report.duplicateOf = { fileName: duplicate.fileName, importedAt: duplicate.importedAt };
  const skus = keysOf(staged);
  const known = await db.products.bulkGet(skus);
  let unknown = skus.filter((_, i) => !known[i]);
  if (staged.catalogue && unknown.length > 0) {
    // A plain SKU that names per-store products updates them (see mergeCatalogue): not new.
    const bases = new Set<string>();
    await db.products.filter((p) => p.baseSku !== undefined).each((p) => { bases.add(p.baseSku as string); });
    unknown = unknown.filter((sku) => !bases.has(sku));
  }
  report.newProducts = unknown.length;
  if (staged.reviews && report.reviews) {
    const reviewed = [...new Set(staged.reviews.map((r) => r.sku))];
    const present = await db.products.bulkGet(reviewed);
    report.reviews.unknownProducts = present.filter((p) => !p).length;
    report.newProducts = 0;
  }
  if (staged.catalogue) report.catalogue = { rows: staged.catalogue.length, created: report.newProducts, updated: skus.length - report.newProducts };
  if (staged.sales && staged.sales.blocks.length > 0) report.overlap = await overlapOf(staged);
  report.timings = { ...report.timings, analyseMs: performance.now() - started };
  return report;
}

function keysOf(staged: StagedImport): string[] {
  if (staged.catalogue) return staged.catalogue.map((c) => c.sku);
  if (staged.reviews) return [];
  if (staged.stock) return staged.stock.map((s) => s.sku);
  return staged.sales?.blocks.map((b) => b.sku) ?? [];
}

async function overlapOf(staged: StagedImport): Promise<OverlapInfo | undefined> {
  const db = database();
  const first = staged.firstDay as number;
  const last = staged.lastDay as number;
  const batches = (await db.batches.toArray()).filter((b) => (!b.kind || b.kind === 'sales' || b.kind === 'wide')
    && isoToDay(b.firstDate) <= last && isoToDay(b.lastDate) >= first);
  if (batches.length === 0) return undefined;
  const byId = new Map(batches.map((b) => [b.id as number, b]));
  const blocks = new Map(staged.sales!.blocks.map((b) => [b.sku, b]));
  const chunks = (await db.sales.where('sku').anyOf([...blocks.keys()]).toArray()).filter((c) => byId.has(c.batchId));
  if (chunks.length === 0) return undefined;
  const perBatch = new Map<number, number>();
  const length = last - first + 1;
  const stored = new Map<string, { covered: Uint8Array; qty: Float32Array }>();
  for (const c of chunks) {
    const b = byId.get(c.batchId) as BatchRecord;
    let s = stored.get(c.sku);
    if (!s) stored.set(c.sku, (s = { covered: new Uint8Array(length), qty: new Float32Array(length) }));
    const from = Math.max(first, isoToDay(b.firstDate));
    const to = Math.min(last, isoToDay(b.lastDate));
    let days = 0;
    for (let day = from; day <= to; day++) {
      const i = day - c.startDay;
      s.covered[day - first] = 1;
      if (i >= 0 && i < c.qty.length) s.qty[day - first] += c.qty[i];
      days++;
    }
    perBatch.set(c.batchId, (perBatch.get(c.batchId) ?? 0) + days);
  }
  let productDays = 0;
  let compared = 0;
  let same = 0;
  for (const [sku, s] of stored) {
    const block = blocks.get(sku)!;
    for (let at = 0; at < length; at++) {
      if (!s.covered[at]) continue;
      productDays++;
      const i = first + at - block.startDay;
      const fresh = i >= 0 && i < block.sold.length ? Math.max(0, block.sold[i] + block.returned[i]) : 0;
      const freshDrop = i >= 0 && i < block.sold.length ? block.sold[i] : 0;
      if (fresh === 0 && s.qty[at] === 0) continue;
      compared++;
      if (Math.abs(fresh - s.qty[at]) < 1e-3 || Math.abs(freshDrop - s.qty[at]) < 1e-3) same++;
    }
  }
  if (productDays === 0) return undefined;
  const sameShare = compared === 0 ? 1 : same / compared;
  const files = [...perBatch.entries()].sort((a, b) => b[1] - a[1]).map(([batchId, days]) => {
    const b = byId.get(batchId) as BatchRecord;
    return { batchId, fileName: b.fileName, source: b.source ?? `batch-${batchId}`, productDays: days };
  });
  return { productDays, sameShare, files, suggested: sameShare >= 0.5 ? 'replace' : 'add' };
}

/**
 * Writes a staged import in ONE transaction: the batch record and everything it brings, or nothing
 * (IndexedDB aborts the whole transaction on any failure, and a closed tab never commits it).
 */
export async function commitStaged(staged: StagedImport, report: ImportReport, decision: CommitDecision): Promise<CommitOutcome> {
  const db = database();
  const kind = staged.plan.kind;
  return db.transaction('rw', [db.batches, db.sales, db.stock, db.reviews, db.products], async () => {
    const existing = await db.batches.where('fingerprint').equals(staged.fingerprint).first();
    if (existing) throw new Error(t('import:db.alreadyImported', { file: staged.fileName, date: existing.importedAt.slice(0, 10), as: existing.fileName }));
    const base: BatchRecord = {
      fingerprint: staged.fingerprint,
      fileName: staged.fileName,
      importedAt: new Date().toISOString(),
      rowsRead: staged.rowsRead,
      rowsAccepted: staged.rowsAccepted,
      rowsRejected: staged.issueCount,
      products: report.products,
      firstDate: staged.firstDay !== undefined ? dayToIso(staged.firstDay) : '',
      lastDate: staged.lastDay !== undefined ? dayToIso(staged.lastDay) : '',
      kind,
      layout: report.layout,
      summary: summaryOf(report, decision),
    };
    const batchId = await db.batches.add(base);
    let undo: ProductUndo = { created: [], changed: [] };
    let overlap: CommitOutcome['overlap'] = 'none';
    if (kind === 'sales' || kind === 'wide') {
      const { blocks } = applyReturnsPolicy(staged.sales!.blocks, decision.returns);
      let source = `src-${batchId}`;
      if (report.overlap) {
        overlap = decision.overlap;
        if (decision.overlap === 'replace') source = report.overlap.files[0].source;
      }
      await writeSalesChunks(batchId, blocks);
      undo = await mergeNames(blocks.map((b) => b.sku), staged.sales!.names, staged.sales!.stores);
      await db.batches.update(batchId, { source, returnsPolicy: decision.returns, productUndo: undo });
    } else if (kind === 'catalogue') {
      undo = await mergeCatalogue(staged);
      await db.batches.update(batchId, { productUndo: undo });
    } else if (kind === 'reviews') {
      const records: ReviewRecord[] = staged.reviews!.map((r) => ({
        sku: r.sku, batchId, text: r.text, ...(r.date ? { date: r.date } : {}), ...(r.rating !== undefined ? { rating: r.rating } : {}), ...(r.title ? { title: r.title } : {}),
      }));
      await db.reviews.bulkAdd(records);
    } else {
      const chunks: StockChunkRecord[] = staged.stock!.map((s) => ({ sku: s.sku, batchId, startDay: s.startDay, onHand: s.onHand, flags: s.flags }));
      await db.stock.bulkAdd(chunks);
      undo = await applyLatestStock(staged);
      await db.batches.update(batchId, { productUndo: undo });
    }
    return { batchId, newProducts: undo.created.length, overlap };
  });
}

function summaryOf(report: ImportReport, decision: CommitDecision): string {
  const e = report.exclusions;
  const parts: string[] = [];
  const add = (key: string, count: number, extra: Record<string, unknown> = {}) => { if (count > 0) parts.push(t(`import:db.summary.${key}`, { count, ...extra })); };
  add(decision.returns === 'net' ? 'netted' : 'dropped', e.cancellations + e.returns);
  add('nonProduct', e.nonProduct);
  add('adjustments', e.stockAdjustments);
  add('badDebt', e.badDebt);
  add('cancelledOrders', e.cancelledOrders);
  if (report.overlap) add(decision.overlap === 'replace' ? 'replaces' : 'adds', report.overlap.productDays);
  if (report.profile) parts.push(t('import:db.summary.profile', { layout: report.layout }));
  return parts.join('; ');
}

/** Catalogue rows go into products: known ones get the fields the file fills in, unknown ones are created. */
async function mergeCatalogue(staged: StagedImport): Promise<ProductUndo> {
  const db = database();
  const rows = staged.catalogue!;
  const known = await db.products.bulkGet(rows.map((r) => r.sku));
  const undo: ProductUndo = { created: [], changed: [] };
  const puts: ProductRecord[] = [];
  // Per-store products ("SKU@store") take a plain SKU's details (not its stock, which is per store).
  const variants = new Map<string, ProductRecord[]>();
  if (known.some((p) => !p)) {
    await db.products.filter((p) => p.baseSku !== undefined).each((p) => {
      const list = variants.get(p.baseSku as string);
      if (list) list.push(p);
      else variants.set(p.baseSku as string, [p]);
    });
  }
  const change = (current: ProductRecord, fields: Partial<ProductRecord>) => {
    const before: Partial<ProductRecord> = {};
    const after: Partial<ProductRecord> = {};
    for (const [key, value] of Object.entries(fields) as [keyof ProductRecord, unknown][]) {
      if (value === undefined || current[key] === value) continue;
      (before as Record<string, unknown>)[key] = current[key];
      (after as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(after).length === 0) return;
    puts.push({ ...current, ...after });
    undo.changed.push({ sku: current.sku, before, after });
  };
  const now = new Date();
  const importDay = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  rows.forEach((row, i) => {
    const current = known[i];
    const stores = current ? undefined : variants.get(row.sku);
    if (stores) {
      const { onHand: _onHand, onOrder: _onOrder, onOrderArrival: _arrival, name, ...shared } = row.fields;
      for (const variant of stores) change(variant, { ...shared, ...(name ? { name: `${name} @ ${variant.store}` } : {}) });
      return;
    }
    // A catalogue's on-hand column is a stock count as of the day it is imported.
    const counted = row.fields.onHand !== undefined ? { stockCountedAt: importDay } : {};
    if (!current) {
      puts.push({ sku: row.sku, name: row.fields.name ?? row.sku, onHand: 0, ...withoutUndefined(row.fields), ...counted, ...(row.store ? { store: row.store, baseSku: row.baseSku } : {}) });
      undo.created.push(row.sku);
      return;
    }
    change(current, { ...row.fields, ...counted });
  });
  await db.products.bulkPut(puts);
  return undo;
}

/** The newest snapshot of each product sets its on-hand stock (products are created if new). */
async function applyLatestStock(staged: StagedImport): Promise<ProductUndo> {
  const db = database();
  const undo: ProductUndo = { created: [], changed: [] };
  const list = staged.stock!;
  const known = await db.products.bulkGet(list.map((s) => s.sku));
  const puts: ProductRecord[] = [];
  list.forEach((s, i) => {
    let latest = Number.NaN;
    let latestDay = Number.NaN;
    for (let k = s.onHand.length - 1; k >= 0; k--) if (!Number.isNaN(s.onHand[k])) { latest = Math.max(0, s.onHand[k]); latestDay = s.startDay + k; break; }
    const current = known[i];
    const store = staged.sales?.stores.get(s.sku);
    // The snapshot's own date: the plan knows this product's stock figure and when it was counted.
    const counted = Number.isNaN(latestDay) ? {} : { stockCountedAt: dayToIso(latestDay) };
    if (!current) {
      puts.push({ sku: s.sku, name: store ? `${store.baseSku} @ ${store.store}` : s.sku, onHand: Number.isNaN(latest) ? 0 : latest, ...counted, ...(store ? { store: store.store, baseSku: store.baseSku } : {}) });
      undo.created.push(s.sku);
    } else if (!Number.isNaN(latest) && (latest !== current.onHand || current.stockCountedAt !== counted.stockCountedAt)) {
      puts.push({ ...current, onHand: latest, ...counted });
      undo.changed.push({ sku: s.sku, before: { onHand: current.onHand, stockCountedAt: current.stockCountedAt }, after: { onHand: latest, ...counted } });
    }
  });
  await db.products.bulkPut(puts);
  return undo;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

import { liveQuery, type Observable } from 'dexie';
import { database } from './connection';
import type { ProductStatics } from '../core/neural';
import type { ProductRecord } from './schema';

export function observeProducts(): Observable<ProductRecord[]> {
  return liveQuery(() => database().products.orderBy('sku').toArray());
}

/** Today's date on the seller's calendar, as stock figures are dated. */
function localIsoToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export async function setOnHand(sku: string, onHand: number, countedAt = localIsoToday()): Promise<void> {
  await setStockLevels([{ sku, onHand }], countedAt);
}

/**
 * Stock counted (typed or pasted) for several products at once, dated `countedAt`: all or nothing —
 * an unknown code or a bad figure stores none of them.
 */
export async function setStockLevels(entries: readonly { sku: string; onHand: number }[], countedAt = localIsoToday()): Promise<void> {
  for (const { sku, onHand } of entries) {
    if (!(Number.isFinite(onHand) && onHand >= 0)) throw new RangeError(`on-hand stock of "${sku}" must be a number ≥ 0, got ${onHand}`);
  }
  const db = database();
  await db.transaction('rw', db.products, async () => {
    const found = await db.products.bulkGet(entries.map((e) => e.sku));
    const missing = entries.filter((_, i) => !found[i]).map((e) => e.sku);
    if (missing.length > 0) throw new Error(`no product with code ${missing.map((s) => `"${s}"`).join(', ')}`);
    await db.products.bulkPut(found.map((product, i) => ({ ...(product as ProductRecord), onHand: entries[i].onHand, stockCountedAt: countedAt })));
  });
}

/** Static facts per product the models use: the category today (text embeddings live in embeddings.ts). */
export async function productStatics(): Promise<Map<string, ProductStatics>> {
  const products = await database().products.toArray();
  return new Map(products.map((p) => [p.sku, { category: p.category }]));
}

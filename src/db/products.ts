import { liveQuery, type Observable } from 'dexie';
import { database } from './connection';
import type { ProductStatics } from '../core/neural';
import type { ProductRecord } from './schema';

export function observeProducts(): Observable<ProductRecord[]> {
  return liveQuery(() => database().products.orderBy('sku').toArray());
}

export async function setOnHand(sku: string, onHand: number): Promise<void> {
  if (!(Number.isFinite(onHand) && onHand >= 0)) throw new RangeError(`on-hand stock must be a number ≥ 0, got ${onHand}`);
  const updated = await database().products.update(sku, { onHand });
  if (updated === 0) throw new Error(`no product with code "${sku}"`);
}

/** Static facts per product the models use: the category today (text embeddings live in embeddings.ts). */
export async function productStatics(): Promise<Map<string, ProductStatics>> {
  const products = await database().products.toArray();
  return new Map(products.map((p) => [p.sku, { category: p.category }]));
}

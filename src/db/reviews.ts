import { liveQuery, type Observable } from 'dexie';
import { database } from './connection';
import type { ReviewRecord } from './schema';

/** Reviews of one product, or all reviews, in import order. */
export async function listReviews(sku?: string): Promise<ReviewRecord[]> {
  const db = database();
  return sku === undefined ? db.reviews.toArray() : db.reviews.where('sku').equals(sku).toArray();
}

/** Number of reviews per product code. */
export async function reviewCounts(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await database().reviews.orderBy('sku').eachKey((sku) => {
    counts.set(sku as string, (counts.get(sku as string) ?? 0) + 1);
  });
  return counts;
}

export function observeReviewCount(): Observable<number> {
  return liveQuery(() => database().reviews.count());
}

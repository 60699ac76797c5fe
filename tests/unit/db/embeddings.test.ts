import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { aggregateDaily, isoToDay } from '../../../src/core/series';
import { productText, textHash } from '../../../src/core/text';
import {
  clearEmbeddings, countEmbeddings, deleteAllData, getCachedEmbeddings, getTextSettings, loadProductEmbeddings, loadProductSentiment,
  loadReviews, productEmbeddingCovariates, replaceProductSentiment, saveTextSettings, ShelfcastDB, storeBatch, storeEmbeddings, useDatabase,
} from '../../../src/db';

let counter = 0;

describe('embedding cache', () => {
  let db: ShelfcastDB;
  beforeEach(() => {
    db = new ShelfcastDB(`text-test-${counter++}`);
    useDatabase(db);
  });

  it('stores and reads vectors by (model, text hash), keeping models apart', async () => {
    await storeEmbeddings('use-lite', [{ hash: 'h1', vector: Float32Array.from([1, 0]) }, { hash: 'h2', vector: Float32Array.from([0, 1]) }]);
    await storeEmbeddings('other', [{ hash: 'h1', vector: Float32Array.from([5, 5, 5]) }]);
    const got = await getCachedEmbeddings('use-lite', ['h2', 'missing', 'h1']);
    expect(got.map((v) => (v ? Array.from(v) : undefined))).toEqual([[0, 1], undefined, [1, 0]]);
    expect(Array.from((await getCachedEmbeddings('other', ['h1']))[0] ?? [])).toEqual([5, 5, 5]);
    expect(await countEmbeddings('use-lite')).toBe(2);
    await clearEmbeddings('use-lite');
    expect(await countEmbeddings()).toBe(1);
    await expect(storeEmbeddings('x', [{ hash: 'a', vector: new Float32Array(2) }, { hash: 'b', vector: new Float32Array(3) }]))
      .rejects.toThrow(/mixed lengths/);
  });

  it('gives each product its embedding under the current encoder, skipping products without text', async () => {
    const agg = aggregateDaily([
      { day: isoToDay('2024-01-01'), sku: 'TEE', qty: 1, name: 'Red cotton tee' },
      { day: isoToDay('2024-01-01'), sku: 'CODE-ONLY', qty: 1 },
    ]);
    await storeBatch({ fingerprint: 'f', fileName: 'f.csv', rowsRead: 2, rowsRejected: 0, blocks: agg.blocks, names: agg.names });
    const hash = await textHash(productText({ sku: 'TEE', name: 'Red cotton tee' }));
    await storeEmbeddings('use-lite', [{ hash, vector: Float32Array.from([0.6, 0.8]) }]);
    const map = await loadProductEmbeddings();
    expect([...map.keys()]).toEqual(['TEE']);
    expect(Array.from(map.get('TEE') ?? [])).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    // Another encoder has nothing cached yet.
    await saveTextSettings({ encoder: { kind: 'transformers', model: 'Xenova/x', device: 'wasm', dtype: 'q8' } });
    expect((await loadProductEmbeddings()).size).toBe(0);
    expect((await loadProductEmbeddings({ model: 'use-lite', skus: ['TEE', 'NOPE'] })).size).toBe(1);
  });

  it('projects product embeddings to a stable small covariate, refitted only on request', async () => {
    const rows = [
      { day: isoToDay('2024-01-01'), sku: 'A', qty: 1, name: 'Alpha' },
      { day: isoToDay('2024-01-01'), sku: 'B', qty: 1, name: 'Beta' },
      { day: isoToDay('2024-01-01'), sku: 'C', qty: 1, name: 'Gamma' },
    ];
    const agg = aggregateDaily(rows);
    await storeBatch({ fingerprint: 'f', fileName: 'f.csv', rowsRead: 3, rowsRejected: 0, blocks: agg.blocks, names: agg.names });
    const put = async (name: string, vector: number[]) =>
      storeEmbeddings('use-lite', [{ hash: await textHash(productText({ sku: '', name })), vector: Float32Array.from(vector) }]);
    await put('Alpha', [0, 0, 1]);
    await put('Beta', [2, 4, 1]); // spread along (1, 2, 0) around the mean (1, 2, 1)
    await put('Gamma', [1, 2, 1]);
    const first = await productEmbeddingCovariates({ dimensions: 1 });
    expect(first.explained).toBeCloseTo(1, 9);
    expect(first.bySku.get('B')?.[0]).toBeCloseTo(Math.sqrt(5), 5);
    expect(first.bySku.get('C')?.[0]).toBeCloseTo(0, 5);
    // A product added later is projected on the stored basis, not a refitted one.
    const later = aggregateDaily([{ day: isoToDay('2024-01-02'), sku: 'D', qty: 1, name: 'Delta' }]);
    await storeBatch({ fingerprint: 'g', fileName: 'g.csv', rowsRead: 1, rowsRejected: 0, blocks: later.blocks, names: later.names });
    await put('Delta', [5, 10, 7]);
    const again = await productEmbeddingCovariates({ dimensions: 1 });
    expect(again.fittedAt).toBe(first.fittedAt);
    expect(again.bySku.get('D')?.[0]).toBeCloseTo(4 * Math.sqrt(5), 5); // (4, 8, 6)·(1, 2, 0)/√5
    expect(again.explained).toBeCloseTo(1, 9); // still the stored fit on A, B, C
    expect((await productEmbeddingCovariates({ dimensions: 1, refit: true })).explained).toBeLessThan(0.999); // D is off the line
  });

  it('keeps the encoder choice, USE-lite by default', async () => {
    expect(await getTextSettings()).toEqual({ encoder: { kind: 'use-lite' } });
    await saveTextSettings({ encoder: { kind: 'transformers', model: 'Xenova/x', device: 'webgpu', dtype: 'fp32' } });
    expect(await getTextSettings()).toEqual({ encoder: { kind: 'transformers', model: 'Xenova/x', device: 'webgpu', dtype: 'fp32' } });
  });

  it('replaces per-product sentiment as a whole, and "delete all my data" empties the text tables', async () => {
    const base = { reviews: 1, meanScore: 0.9, positiveShare: 1, monthly: [], trend: { kind: 'none', reason: '' } as const, model: 'use-lite', updatedAt: 'now' };
    await replaceProductSentiment([{ ...base, sku: 'A' }, { ...base, sku: 'B' }]);
    await replaceProductSentiment([{ ...base, sku: 'C' }]);
    expect([...(await loadProductSentiment()).keys()]).toEqual(['C']);
    await storeEmbeddings('use-lite', [{ hash: 'h', vector: new Float32Array(2) }]);
    const name = db.name;
    await deleteAllData();
    useDatabase(new ShelfcastDB(name));
    expect(await countEmbeddings()).toBe(0);
    expect((await loadProductSentiment()).size).toBe(0);
  });

  it('reads imported reviews with the title joined to the text and invalid ratings dropped', async () => {
    await db.reviews.bulkAdd([
      { sku: 'A', batchId: 1, rating: 5, title: 'Love it', text: 'Soft and warm.', date: '2024-01-02' },
      { sku: 'B', batchId: 1, rating: Number.NaN, text: 'No title here.' },
    ]);
    expect(await loadReviews()).toEqual([
      { sku: 'A', rating: 5, date: '2024-01-02', text: 'Love it. Soft and warm.' },
      { sku: 'B', rating: undefined, date: undefined, text: 'No title here.' },
    ]);
  });
});

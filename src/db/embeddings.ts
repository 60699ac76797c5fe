import { liveQuery, type Observable } from 'dexie';
import {
  DEFAULT_ENCODER, encoderKey, fitPca, productText, project, textHash, type ColdStartContext, type EncoderChoice, type Projection,
} from '../core/text';
import { database } from './connection';
import type { EmbeddingRecord, ProductRecord, ProductSentimentRecord, TextHeadRecord } from './schema';

// ---------------------------------------------------------------------------------------------
// Embedding cache: one record per (model, SHA-256 of the prepared text)

/** Cached vectors for the given text hashes of one model, aligned with `hashes` (undefined = not cached). */
export async function getCachedEmbeddings(model: string, hashes: readonly string[]): Promise<(Float32Array | undefined)[]> {
  const records = await database().embeddings.bulkGet(hashes.map((hash): [string, string] => [model, hash]));
  return records.map((r) => r?.vector);
}

export async function storeEmbeddings(model: string, entries: readonly { hash: string; vector: Float32Array }[]): Promise<void> {
  const dims = new Set(entries.map((e) => e.vector.length));
  if (dims.size > 1) throw new RangeError(`embeddings of ${model} have mixed lengths (${[...dims].join(', ')})`);
  await database().embeddings.bulkPut(entries.map((e): EmbeddingRecord => ({ model, hash: e.hash, vector: e.vector })));
}

export async function countEmbeddings(model?: string): Promise<number> {
  const table = database().embeddings;
  return model === undefined ? table.count() : table.where('model').equals(model).count();
}

/** Forgets cached vectors (of one model, or all). */
export async function clearEmbeddings(model?: string): Promise<void> {
  const table = database().embeddings;
  if (model === undefined) await table.clear();
  else await table.where('model').equals(model).delete();
}

// ---------------------------------------------------------------------------------------------
// Text settings: which encoder, and whether model weights may come from the Hugging Face hub

/**
 * Which encoder reads product and review texts. (Whether model weights may come from the Hugging Face
 * hub is not stored here: it must be known synchronously at start-up for the page's
 * Content-Security-Policy, so it lives in src/app/privacy.ts and is passed to the embed worker.)
 */
export interface TextSettings {
  encoder: EncoderChoice;
}

export const DEFAULT_TEXT_SETTINGS: TextSettings = { encoder: DEFAULT_ENCODER };
const TEXT_SETTINGS_KEY = 'text';

export async function getTextSettings(): Promise<TextSettings> {
  const stored = await database().settings.get(TEXT_SETTINGS_KEY);
  const value = stored?.value as Partial<TextSettings> | undefined;
  return { encoder: value?.encoder ?? DEFAULT_TEXT_SETTINGS.encoder };
}

export async function saveTextSettings(change: Partial<TextSettings>): Promise<TextSettings> {
  const db = database();
  return db.transaction('rw', db.settings, async () => {
    const next = { ...(await getTextSettings()), ...change };
    await db.settings.put({ key: TEXT_SETTINGS_KEY, value: next });
    return next;
  });
}

export function observeTextSettings(): Observable<TextSettings> {
  return liveQuery(getTextSettings);
}

// ---------------------------------------------------------------------------------------------
// Product embeddings: what the cold-start forecaster and the Transformer's static covariate read

export interface ProductTextEntry {
  sku: string;
  name: string;
  category?: string;
  /** Prepared text that was embedded ('' when the product has no name or description). */
  text: string;
  hash: string;
}

/** Each product's prepared text and its hash (products without text get text '' and are skipped by callers). */
export async function productTexts(products?: readonly ProductRecord[]): Promise<ProductTextEntry[]> {
  const list = products ?? await database().products.orderBy('sku').toArray();
  return Promise.all(list.map(async (p) => {
    const text = productText(p);
    return { sku: p.sku, name: p.name, category: p.category, text, hash: text ? await textHash(text) : '' };
  }));
}

/**
 * The stored embedding of each product's text under one encoder (default: the seller's current
 * one). Products whose text was not embedded yet are absent; run the embed worker's
 * embedCatalogue first. Vectors are unit length.
 */
export async function loadProductEmbeddings(options: { skus?: readonly string[]; model?: string } = {}): Promise<Map<string, Float32Array>> {
  const db = database();
  const model = options.model ?? encoderKey((await getTextSettings()).encoder);
  const products = options.skus
    ? (await db.products.bulkGet(options.skus as string[])).filter((p): p is ProductRecord => p !== undefined)
    : await db.products.orderBy('sku').toArray();
  const entries = (await productTexts(products)).filter((e) => e.text);
  const vectors = await getCachedEmbeddings(model, entries.map((e) => e.hash));
  const out = new Map<string, Float32Array>();
  entries.forEach((e, i) => { if (vectors[i]) out.set(e.sku, vectors[i] as Float32Array); });
  return out;
}

/**
 * What the cold-start forecaster needs besides sales: product embeddings (current encoder),
 * categories, names (for its notes) and the catalogue's products that have not sold yet.
 */
export async function loadColdStartContext(): Promise<ColdStartContext> {
  const db = database();
  const products = await db.products.toArray();
  const sold = new Set((await db.sales.orderBy('sku').uniqueKeys()) as string[]);
  return {
    embeddings: await loadProductEmbeddings(),
    categories: new Map(products.flatMap((p) => (p.category ? [[p.sku, p.category] as [string, string]] : []))),
    names: new Map(products.map((p) => [p.sku, p.name])),
    unsoldProducts: products.filter((p) => !sold.has(p.sku)).map((p) => p.sku),
  };
}

export interface EmbeddingCovariates {
  /** Encoder whose embeddings were projected. */
  model: string;
  /** A few numbers per product: its coordinates along the catalogue's main directions of difference. */
  bySku: Map<string, Float32Array>;
  /** Share of the embeddings' variance the kept dimensions explain. */
  explained: number;
  fittedAt: string;
}

/**
 * Product embeddings as a small static covariate for a forecaster (the Transformer's "what kind of
 * product is this"): the first `dimensions` principal components of the catalogue's embeddings. The
 * projection is fitted once per encoder and dimension count and stored (settings key
 * "text.covariates:<model>:<k>"), so a model trained on these numbers keeps getting the same basis
 * after products are added; pass `refit: true` to fit it again (then retrain what used it).
 */
export async function productEmbeddingCovariates(options: { dimensions?: number; refit?: boolean; model?: string } = {}): Promise<EmbeddingCovariates> {
  const model = options.model ?? encoderKey((await getTextSettings()).encoder);
  const embeddings = await loadProductEmbeddings({ model });
  const vectors = [...embeddings.values()];
  if (vectors.length < 2) throw new Error('Product embeddings are needed first: at least 2 products with names must be read by the text model.');
  const k = Math.min(options.dimensions ?? 16, vectors.length - 1, vectors[0].length);
  const key = `text.covariates:${model}:${k}`;
  const db = database();
  let stored = (await db.settings.get(key))?.value as { projection: Projection; fittedAt: string } | undefined;
  if (!stored || options.refit || stored.projection.mean.length !== vectors[0].length) {
    stored = { projection: fitPca(vectors, k), fittedAt: new Date().toISOString() };
    await db.settings.put({ key, value: stored });
  }
  const { projection } = stored;
  const bySku = new Map<string, Float32Array>();
  for (const [sku, vector] of embeddings) bySku.set(sku, project(projection, vector));
  return { model, bySku, explained: projection.variances.reduce((a, b) => a + b, 0) / projection.totalVariance, fittedAt: stored.fittedAt };
}

// ---------------------------------------------------------------------------------------------
// Reviews (the import's `reviews` table) and review sentiment

/** A review as the sentiment head reads it: the title (when there is one) and the text together. */
export interface ReviewInput {
  sku: string;
  date?: string;
  rating?: number;
  text: string;
}

/** All imported reviews (the import's `reviews` table), title and text joined. */
export async function loadReviews(): Promise<ReviewInput[]> {
  const rows = await database().reviews.toArray();
  return rows.map((r) => ({
    sku: r.sku,
    date: r.date,
    rating: typeof r.rating === 'number' && Number.isFinite(r.rating) ? r.rating : undefined,
    text: r.title?.trim() ? `${r.title.trim()}. ${r.text}` : r.text,
  }));
}

/** Replaces all per-product sentiment (a new head re-scores every review). */
export async function replaceProductSentiment(records: readonly ProductSentimentRecord[]): Promise<void> {
  const db = database();
  await db.transaction('rw', db.productSentiment, async () => {
    await db.productSentiment.clear();
    await db.productSentiment.bulkPut(records as ProductSentimentRecord[]);
  });
}

export async function loadProductSentiment(skus?: readonly string[]): Promise<Map<string, ProductSentimentRecord>> {
  const table = database().productSentiment;
  const list = skus
    ? (await table.bulkGet(skus as string[])).filter((r): r is ProductSentimentRecord => r !== undefined)
    : await table.toArray();
  return new Map(list.map((r) => [r.sku, r]));
}

export function observeProductSentiment(): Observable<ProductSentimentRecord[]> {
  return liveQuery(() => database().productSentiment.toArray());
}

export const sentimentHeadId = (model: string) => `sentiment:${model}`;

export async function storeTextHead(record: TextHeadRecord): Promise<void> {
  await database().textHeads.put(record);
}

export async function loadTextHead(id: string): Promise<TextHeadRecord | undefined> {
  return database().textHeads.get(id);
}

export function observeTextHeads(): Observable<TextHeadRecord[]> {
  return liveQuery(() => database().textHeads.toArray());
}

import { fnv1a32, ngramFeatures, type NgramOptions, type SparseVector, sparseDot } from './ngrams';
import type { Neighbour, NearestOptions } from './vectors';

/**
 * Product similarity from titles by TF-IDF over hashed character/word n-grams: two titles are alike
 * when they share n-grams that are rare in this seller's catalogue (手机壳, 猫粮), not ones every
 * title has (包邮, 正品, 大容量). The IDF is learnt from the seller's own titles, so it needs no
 * download and follows whatever the shop sells. Used for Chinese catalogues (docs/text.md says why
 * it beat the small Transformer).
 */

export const TITLE_NGRAMS: NgramOptions = { bits: 20, maxCharN: 3, maxWordN: 1 };

export class NgramTitleIndex {
  private readonly keys: string[] = [];
  private readonly rowOf = new Map<string, number>();
  private readonly vectors: SparseVector[] = [];
  private readonly idf = new Map<number, number>();
  private readonly mask: number;

  /** Builds the index of every product's text; products with an empty text are left out. */
  constructor(entries: Iterable<readonly [string, string]>, readonly options: NgramOptions = TITLE_NGRAMS) {
    this.mask = (1 << options.bits) - 1;
    const bags: [string, Map<number, number>][] = [];
    const documentFrequency = new Map<number, number>();
    for (const [key, text] of entries) {
      const bag = this.bagOf(text);
      if (bag.size === 0) continue;
      bags.push([key, bag]);
      for (const bucket of bag.keys()) documentFrequency.set(bucket, (documentFrequency.get(bucket) ?? 0) + 1);
    }
    // Smoothed IDF (as scikit-learn's): ln((1 + n) / (1 + df)) + 1.
    for (const [bucket, df] of documentFrequency) this.idf.set(bucket, Math.log((1 + bags.length) / (1 + df)) + 1);
    for (const [key, bag] of bags) {
      this.rowOf.set(key, this.keys.length);
      this.keys.push(key);
      this.vectors.push(this.weigh(bag));
    }
  }

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.rowOf.has(key);
  }

  /** Cosine similarity of two indexed products (0 when either is missing). */
  similarity(a: string, b: string): number {
    const ra = this.rowOf.get(a);
    const rb = this.rowOf.get(b);
    return ra === undefined || rb === undefined ? 0 : sparseDot(this.vectors[ra], this.vectors[rb]);
  }

  /** The `k` products most like a text (n-grams the catalogue never had add nothing). */
  nearest(text: string, k: number, options: NearestOptions = {}): Neighbour[] {
    return this.rank(this.weigh(this.bagOf(text)), k, options);
  }

  /** The `k` products most like an indexed product, itself excluded. */
  neighboursOf(key: string, k: number, options: NearestOptions = {}): Neighbour[] {
    const row = this.rowOf.get(key);
    if (row === undefined) throw new RangeError(`no title indexed for "${key}"`);
    const exclude = new Set(options.exclude ?? []);
    exclude.add(key);
    return this.rank(this.vectors[row], k, { ...options, exclude });
  }

  private rank(query: SparseVector, k: number, options: NearestOptions): Neighbour[] {
    if (k <= 0 || query.indices.length === 0) return [];
    const minSimilarity = options.minSimilarity ?? Number.NEGATIVE_INFINITY;
    const scored: Neighbour[] = [];
    this.keys.forEach((key, row) => {
      if (options.exclude?.has(key) || (options.filter && !options.filter(key))) return;
      const similarity = sparseDot(query, this.vectors[row]);
      if (similarity >= minSimilarity) scored.push({ key, similarity });
    });
    // Stable: equal similarities keep catalogue order.
    return scored.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }

  private bagOf(text: string): Map<number, number> {
    const bag = new Map<number, number>();
    for (const feature of ngramFeatures(text, this.options)) {
      const bucket = fnv1a32(feature) & this.mask;
      bag.set(bucket, (bag.get(bucket) ?? 0) + 1);
    }
    return bag;
  }

  /** (1 + ln tf) · idf, unit length; buckets unknown to the catalogue are dropped. */
  private weigh(bag: Map<number, number>): SparseVector {
    const entries = [...bag.entries()].filter(([bucket]) => this.idf.has(bucket)).sort((a, b) => a[0] - b[0]);
    const indices = Int32Array.from(entries, ([bucket]) => bucket);
    const values = Float32Array.from(entries, ([bucket, count]) => (1 + Math.log(count)) * (this.idf.get(bucket) as number));
    let sum = 0;
    for (const v of values) sum += v * v;
    const length = Math.sqrt(sum);
    if (length > 0) for (let i = 0; i < values.length; i++) values[i] /= length;
    return { indices, values };
  }
}

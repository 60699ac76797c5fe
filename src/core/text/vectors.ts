/** Dot product of two equal-length vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`vectors differ in length: ${a.length} and ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** Cosine similarity in [-1, 1]; 0 when either vector is all zeros (it points nowhere). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot(a, b) / denominator;
}

/** A unit-length copy of `v` (a zero vector stays zero). */
export function l2Normalise(v: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(v);
  const length = norm(out);
  if (length > 0) for (let i = 0; i < out.length; i++) out[i] /= length;
  return out;
}

export interface Neighbour {
  key: string;
  similarity: number;
}

export interface NearestOptions {
  /** Keys never returned (e.g. the query product itself). */
  exclude?: ReadonlySet<string>;
  /** Only neighbours at least this similar are returned. */
  minSimilarity?: number;
  /** Only keys for which this returns true are considered. */
  filter?: (key: string) => boolean;
}

/**
 * Unit-length embeddings packed row by row in one Float32Array, so that a query against thousands
 * of products is one tight loop (cosine = dot product of unit vectors) with no per-row objects.
 */
export class EmbeddingIndex {
  private data: Float32Array;
  private readonly keys: string[] = [];
  private readonly rowOf = new Map<string, number>();

  constructor(readonly dimension: number, capacity = 64) {
    if (!(Number.isInteger(dimension) && dimension > 0)) throw new RangeError(`dimension must be a positive integer, got ${dimension}`);
    this.data = new Float32Array(dimension * Math.max(1, capacity));
  }

  static from(dimension: number, entries: Iterable<readonly [string, ArrayLike<number>]>): EmbeddingIndex {
    const index = new EmbeddingIndex(dimension);
    for (const [key, vector] of entries) index.set(key, vector);
    return index;
  }

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.rowOf.has(key);
  }

  keyList(): readonly string[] {
    return this.keys;
  }

  /** Adds or replaces the vector of `key`; it is stored normalised to unit length. */
  set(key: string, vector: ArrayLike<number>): void {
    if (vector.length !== this.dimension) {
      throw new RangeError(`embedding of "${key}" has ${vector.length} dimensions, the index has ${this.dimension}`);
    }
    let row = this.rowOf.get(key);
    if (row === undefined) {
      row = this.keys.length;
      if ((row + 1) * this.dimension > this.data.length) {
        const grown = new Float32Array(this.data.length * 2);
        grown.set(this.data);
        this.data = grown;
      }
      this.keys.push(key);
      this.rowOf.set(key, row);
    }
    this.data.set(l2Normalise(vector), row * this.dimension);
  }

  /** The stored (unit-length) vector of `key`, or undefined. */
  get(key: string): Float32Array | undefined {
    const row = this.rowOf.get(key);
    return row === undefined ? undefined : this.data.slice(row * this.dimension, (row + 1) * this.dimension);
  }

  /**
   * The `k` keys most similar to `query` by cosine similarity, most similar first; ties are broken by
   * insertion order so that results are stable.
   */
  nearest(query: ArrayLike<number>, k: number, options: NearestOptions = {}): Neighbour[] {
    if (query.length !== this.dimension) {
      throw new RangeError(`query has ${query.length} dimensions, the index has ${this.dimension}`);
    }
    if (k <= 0) return [];
    const q = l2Normalise(query);
    const minSimilarity = options.minSimilarity ?? Number.NEGATIVE_INFINITY;
    // Best k so far, kept sorted descending; k is small, so insertion beats a heap.
    const best: { row: number; similarity: number }[] = [];
    const d = this.dimension;
    for (let row = 0; row < this.keys.length; row++) {
      const key = this.keys[row];
      if (options.exclude?.has(key) || (options.filter && !options.filter(key))) continue;
      let s = 0;
      const offset = row * d;
      for (let i = 0; i < d; i++) s += q[i] * this.data[offset + i];
      if (s < minSimilarity) continue;
      if (best.length === k && s <= best[k - 1].similarity) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].similarity < s) at--;
      best.splice(at, 0, { row, similarity: s });
      if (best.length > k) best.pop();
    }
    return best.map(({ row, similarity }) => ({ key: this.keys[row], similarity }));
  }

  /** Nearest neighbours of a stored key, excluding itself. */
  neighboursOf(key: string, k: number, options: NearestOptions = {}): Neighbour[] {
    const vector = this.get(key);
    if (!vector) throw new RangeError(`no embedding for "${key}"`);
    const exclude = new Set(options.exclude ?? []);
    exclude.add(key);
    return this.nearest(vector, k, { ...options, exclude });
  }
}

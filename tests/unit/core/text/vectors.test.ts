import { describe, expect, it } from 'vitest';
import { cosineSimilarity, dot, EmbeddingIndex, l2Normalise, prepareText, productText, textHash } from '../../../../src/core/text';

describe('vector maths', () => {
  it('computes dot products and cosine similarity by hand', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    // cos([1,0],[1,1]) = 1/√2
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([3, 4], [-6, -8])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(() => dot([1], [1, 2])).toThrow(/differ in length/);
    expect(Array.from(l2Normalise([3, 4]))).toEqual([Math.fround(0.6), Math.fround(0.8)]);
  });
});

describe('EmbeddingIndex', () => {
  const index = EmbeddingIndex.from(2, [
    ['east', [1, 0]],
    ['north-east', [1, 1]],
    ['north', [0, 5]],
    ['west', [-2, 0]],
  ]);

  it('returns the k nearest by cosine, most similar first, normalising the stored vectors', () => {
    const hits = index.nearest([2, 0.1], 3);
    expect(hits.map((h) => h.key)).toEqual(['east', 'north-east', 'north']);
    // cos([2,0.1],[1,1]) = 2.1 / (√4.01 · √2)
    expect(hits[1].similarity).toBeCloseTo(2.1 / (Math.sqrt(4.01) * Math.SQRT2), 6);
    expect(index.get('north')).toEqual(new Float32Array([0, 1]));
  });

  it('finds neighbours of a stored key without the key itself, honouring filters and a floor', () => {
    expect(index.neighboursOf('east', 2).map((h) => h.key)).toEqual(['north-east', 'north']);
    expect(index.neighboursOf('east', 5, { minSimilarity: 0.5 }).map((h) => h.key)).toEqual(['north-east']);
    expect(index.neighboursOf('east', 5, { filter: (k) => k.startsWith('n') }).map((h) => h.key)).toEqual(['north-east', 'north']);
  });

  it('grows past its initial capacity, replaces vectors and rejects wrong dimensions', () => {
    const big = new EmbeddingIndex(3, 1);
    for (let i = 0; i < 100; i++) big.set(`p${i}`, [1, i, 0]);
    big.set('p0', [0, 0, 1]);
    expect(big.size).toBe(100);
    expect(big.nearest([0, 0, 1], 1)[0]).toEqual({ key: 'p0', similarity: 1 });
    expect(() => big.set('bad', [1, 2])).toThrow(/2 dimensions/);
    expect(() => big.nearest([1, 2], 1)).toThrow(/query has 2 dimensions/);
  });
});

describe('text preparation', () => {
  it('lower-cases shouting titles, collapses whitespace and keeps mixed case', () => {
    expect(prepareText('  JUMBO  BAG\tRED RETROSPOT ')).toBe('jumbo bag red retrospot');
    expect(prepareText('Red cotton T-shirt, size M')).toBe('Red cotton T-shirt, size M');
    expect(prepareText('ＡＢＣ ＭＵＧ')).toBe('abc mug'); // NFKC folds full-width letters, then shouting → lower
  });

  it('builds product text from name, description and category, ignoring a name that is just the code', () => {
    expect(productText({ sku: 'A1', name: 'Tea cup', description: 'Porcelain', category: 'Kitchen' })).toBe('Tea cup. Porcelain. Kitchen');
    expect(productText({ sku: '85123A', name: '85123A' })).toBe('');
  });

  it('hashes text with SHA-256', async () => {
    expect(await textHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cosineSimilarity, embedInBatches, encoderKey, validateModelId } from '../../../../src/core/text';
import { loadEmbedder } from '../../../../workers/textLoaders';

// The synthetic fixture (no meaning: one random vector per token, mean-pooled) in the real
// transformers.js layout, read from disk with remote downloads off: the offline loading path.
const FIXTURES = fileURLToPath(new URL('../../../fixtures/models/', import.meta.url));
const CHOICE = { kind: 'transformers', model: 'test-fixtures/bow-random-bert', device: 'wasm', dtype: 'q8' } as const;
const SOURCES = { useLite: { modelUrl: '', vocabUrl: '' }, transformers: { localModelPath: FIXTURES, allowRemote: false } };

describe('transformers.js encoder (offline fixture)', () => {
  it('loads from the local model path and returns unit-length embeddings in batches', async () => {
    const embedder = await loadEmbedder(CHOICE, SOURCES);
    try {
      expect(embedder.key).toBe('transformers:test-fixtures/bow-random-bert:q8');
      const seen: number[] = [];
      const vectors = await embedInBatches(embedder, ['red cotton tee', 'red cotton tee', 'steel knife', 'tee cotton red'], {
        batchSize: 3, onProgress: (p) => seen.push(p.done),
      });
      expect(seen).toEqual([0, 3, 4]);
      expect(embedder.dimension).toBe(16);
      expect(vectors).toHaveLength(4);
      for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
      expect(cosineSimilarity(vectors[0], vectors[1])).toBeCloseTo(1, 6);
      // A bag of words: the same tokens in another order give the same mean-pooled vector.
      expect(cosineSimilarity(vectors[0], vectors[3])).toBeCloseTo(1, 5);
      expect(cosineSimilarity(vectors[0], vectors[2])).toBeLessThan(0.99);
    } finally {
      await embedder.dispose();
    }
  });

  it('fails with a clear message for a model that is not there, and never downloads', async () => {
    await expect(loadEmbedder({ ...CHOICE, model: 'nobody/missing-model' }, SOURCES))
      .rejects.toThrow(/could not load the transformers.js model "nobody\/missing-model" .* \(downloads from the Hugging Face hub are off\)/);
  });

  it('validates model ids and keys the cache by weights, not device', () => {
    expect(validateModelId('Xenova/all-MiniLM-L6-v2')).toBeUndefined();
    expect(validateModelId('../../etc/passwd')).toMatch(/is not a model id/);
    expect(validateModelId(' ')).toMatch(/Enter a model id/);
    expect(encoderKey({ ...CHOICE, device: 'webgpu' })).toBe(encoderKey(CHOICE));
    expect(encoderKey({ kind: 'use-lite' })).toBe('use-lite');
  });
});

import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkpointFromWeights, parameterSpecs, weightsOf } from '../../../src/core/neural/runtime';
import {
  activateModel, activeModel, ALL_PRODUCTS, checkpointOf, getModel, saveModel, SHIPPED_MODEL_ID, ShelfcastDB, useDatabase,
  type ModelRecord,
} from '../../../src/db';
import { TINY } from '../neural/helpers';

let counter = 0;

function version(id: string, parentId: string, seed: number, group = ALL_PRODUCTS): ModelRecord {
  const weights = new Map(parameterSpecs(TINY).map((s) => [s.name, Float32Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, (_, i) => seed + i / 1000)]));
  const checkpoint = checkpointFromWeights(TINY, weights);
  return {
    id, kind: 'transformer', createdAt: `2026-11-2${seed}T10:00:00.000Z`, group, status: 'active', parentId, origin: 'fine-tune',
    config: checkpoint.config, manifest: checkpoint.manifest, weights: checkpoint.weights,
    dataRange: { first: '2024-01-01', last: '2024-12-31', products: 3, windows: 100 },
    metrics: { valLossBefore: 0.5, valLossAfter: 0.4 },
    training: { freeze: 'all', epochs: 2, bestEpoch: 2, seconds: 10, backend: 'wasm', stoppedBecause: 'max-epochs', fallbacks: [], windowsPerSecond: 100 },
  };
}

describe('model versions in IndexedDB', () => {
  beforeEach(() => useDatabase(new ShelfcastDB(`models-${counter++}`)));

  it('stores weights as one ArrayBuffer with config and lineage, and reads them back exactly', async () => {
    const v1 = version('v1', SHIPPED_MODEL_ID, 1);
    await saveModel(v1, true);
    const back = await getModel('v1');
    expect(back?.weights).toBeInstanceOf(ArrayBuffer);
    expect(back?.weights.byteLength).toBe(v1.weights.byteLength);
    expect(back?.parentId).toBe(SHIPPED_MODEL_ID);
    const restored = weightsOf(checkpointOf(back!));
    expect(Array.from(restored.get('head/w')!.slice(0, 3))).toEqual(Array.from(weightsOf(checkpointOf(v1)).get('head/w')!.slice(0, 3)));
  });

  it('keeps one active version per group; rollback is one call; rejected versions stay out of use', async () => {
    await saveModel(version('v1', SHIPPED_MODEL_ID, 1), true);
    await saveModel(version('v2', 'v1', 2), true);
    await saveModel({ ...version('v3', 'v2', 3), status: 'rejected', rejectedBecause: 'worse backtest' }, false);
    await saveModel(version('c1', 'v2', 4, 'Mugs'), true);
    expect((await activeModel())?.id).toBe('v2');
    expect((await getModel('v1'))?.status).toBe('archived');
    expect((await getModel('v3'))?.status).toBe('rejected');
    expect((await activeModel('Mugs'))?.id).toBe('c1');

    await activateModel('v1');
    expect((await activeModel())?.id).toBe('v1');
    expect((await getModel('v2'))?.status).toBe('archived');
    expect((await activeModel('Mugs'))?.id).toBe('c1'); // other groups untouched

    await activateModel(SHIPPED_MODEL_ID);
    expect(await activeModel()).toBeUndefined();
    await expect(activateModel('nope')).rejects.toThrow('no stored model version "nope"');
  });
});

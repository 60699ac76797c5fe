import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildBatch, checkpointFromWeights, contextDays, horizonDays, modelFromCheckpoint, PatchTransformer, prepareSeries,
  toCheckpoint, tokenCount, tokenFeatures, TransformerForecaster, weightsOf, withTextDim, type Window,
} from '../../../src/core/neural/runtime';
import { dailySeries, TINY, useFastBackend } from './helpers';

function randomSeries(sku: string, n: number, seed: number) {
  let x = seed;
  const next = () => ((x = (x * 16807) % 2147483647) / 2147483647);
  return dailySeries(sku, Array.from({ length: n }, (_, i) => Math.round(next() * 10 * (1 + Math.sin(i / 3)))));
}

describe('PatchTransformer', () => {
  beforeAll(useFastBackend);

  it('maps a batch of windows to [batch, horizon, levels] quantiles and a history reconstruction', () => {
    const model = new PatchTransformer(TINY);
    const data = [randomSeries('A', 80, 1), randomSeries('B', 50, 2)].map((s) => prepareSeries(s, { categoryBuckets: TINY.categoryBuckets }));
    const windows: Window[] = [{ series: 0, origin: 60 }, { series: 1, origin: 40 }, { series: 0, origin: 80 }];
    const batch = buildBatch(data, windows, TINY, { withTargets: true });
    expect(batch.tokens.length).toBe(3 * tokenCount(TINY) * tokenFeatures(TINY));
    tf.tidy(() => {
      const out = model.forward(model.toTensors(batch), true, true);
      expect(out.quantiles.shape).toEqual([3, horizonDays(TINY), TINY.levels.length]);
      expect(out.recon?.shape).toEqual([3, contextDays(TINY)]);
    });
    model.dispose();
  });

  it('never crosses quantiles and never forecasts below zero, whatever the weights', async () => {
    // Large random weights stress the head: ordering and non-negativity must hold by construction.
    const model = new PatchTransformer(TINY, undefined, 99);
    const wild = new Map([...(await model.readWeights())].map(([name, w]) => [name, w.map((v) => v * 8 - (name.endsWith('/b') ? 3 : 0))]));
    model.writeWeights(wild);
    const forecaster = new TransformerForecaster(model);
    forecaster.fit([randomSeries('A', 90, 3), randomSeries('B', 20, 4), dailySeries('Z', [0, 0, 0, 5, 0, 0, 0, 0, 0, 0])]);
    const { forecasts } = await forecaster.predict(14, { quantiles: [0.05, 0.1, 0.5, 0.9, 0.95] });
    expect(forecasts).toHaveLength(3);
    for (const f of forecasts) {
      const keys = ['p5', 'p10', 'p50', 'p90', 'p95'];
      for (let t = 0; t < 14; t++) {
        const column = keys.map((k) => f.quantiles[k][t]);
        expect(column.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
        for (let k = 1; k < column.length; k++) expect(column[k]).toBeGreaterThanOrEqual(column[k - 1]);
      }
    }
    model.dispose();
  });

  it('round-trips through one ArrayBuffer checkpoint with identical forecasts', async () => {
    const model = new PatchTransformer(TINY, undefined, 5);
    const checkpoint = await toCheckpoint(model);
    expect(checkpoint.weights.byteLength).toBe(model.parameterCount * 4);
    // What IndexedDB does to it: a structured clone.
    const copy = modelFromCheckpoint(structuredClone(checkpoint));
    const series = [randomSeries('A', 70, 7)];
    const a = new TransformerForecaster(model);
    const b = new TransformerForecaster(copy);
    a.fit(series);
    b.fit(series);
    const [fa] = (await a.predict(14, { quantiles: [0.1, 0.5, 0.9] })).forecasts;
    const [fb] = (await b.predict(14, { quantiles: [0.1, 0.5, 0.9] })).forecasts;
    expect(Array.from(fb.quantiles.p50)).toEqual(Array.from(fa.quantiles.p50));
    expect(Array.from(fb.quantiles.p90)).toEqual(Array.from(fa.quantiles.p90));
    model.dispose();
    copy.dispose();
  });

  it('refuses a checkpoint whose weights do not fit its config, saying which', async () => {
    const model = new PatchTransformer(TINY);
    const checkpoint = await toCheckpoint(model);
    model.dispose();
    const broken = { ...checkpoint, manifest: checkpoint.manifest.map((e) => (e.name === 'head/w' ? { ...e, shape: [3, 3] } : e)) };
    expect(() => weightsOf(broken)).toThrow(/head\/w have shape 3×3/);
    expect(() => weightsOf({ ...checkpoint, weights: checkpoint.weights.slice(0, 100) })).toThrow(/too short/);
    expect(() => weightsOf({ ...checkpoint, config: { ...checkpoint.config, dModel: 15 } })).toThrow(/not divisible by heads/);
  });

  it('adds a text-embedding input without changing forecasts until training uses it', async () => {
    const model = new PatchTransformer(TINY, undefined, 8);
    const checkpoint = await toCheckpoint(model);
    const withText = modelFromCheckpoint(withTextDim(checkpoint, 6));
    expect(withText.config.textDim).toBe(6);
    const series = [randomSeries('A', 70, 9)];
    const text = new Map([['A', { text: Float32Array.from([1, -2, 3, 0.5, 0, 4]) }]]);
    const a = new TransformerForecaster(model);
    const b = new TransformerForecaster(withText, { statics: text });
    a.fit(series);
    b.fit(series);
    const [fa] = (await a.predict(7, { quantiles: [0.5] })).forecasts;
    const [fb] = (await b.predict(7, { quantiles: [0.5] })).forecasts;
    Array.from(fa.quantiles.p50).forEach((v, i) => expect(fb.quantiles.p50[i]).toBeCloseTo(v, 5));
    // And the weights of the new projection start at zero (checkpointFromWeights keeps them).
    const w = weightsOf(checkpointFromWeights(withText.config, await withText.readWeights())).get('text/w')!;
    expect(w.every((v) => v === 0)).toBe(true);
    model.dispose();
    withText.dispose();
  });
});

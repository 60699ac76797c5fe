import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKEND_LABEL, evaluateLoss, generateSynthetic, horizonDays, PatchTransformer, prepareSeries, trainModel, validationWindows,
  type BackendName, type TrainOptions,
} from '../../../src/core/neural/runtime';
import { TINY, useFastBackend } from './helpers';

const data = generateSynthetic({ count: 24, days: 200, seed: 9 })
  .map((s) => prepareSeries(s, { categoryBuckets: TINY.categoryBuckets, priceIsPlanned: true }));
const label = (name: string) => BACKEND_LABEL[name as BackendName] ?? name;
const QUICK: TrainOptions = { freeze: 'all', maxEpochs: 3, windowsPerSeries: 4, batchSize: 32, peakLearningRate: 3e-3, patience: 5 };

describe('training', () => {
  let backend = '';
  beforeAll(async () => { backend = await useFastBackend(); });
  afterAll(async () => { await tf.setBackend(backend); });

  it('does not leak tensors: the count is the same after every epoch, and back to the start at the end', async () => {
    const model = new PatchTransformer(TINY, undefined, 3);
    const before = tf.memory().numTensors;
    const afterEpoch: number[] = [];
    const result = await trainModel(model, data, {
      ...QUICK, maskRate: 0.2, onProgress: (p) => { if (p.phase === 'epoch' && p.epoch > 0) afterEpoch.push(tf.memory().numTensors); },
    });
    expect(result.epochs).toHaveLength(3);
    expect(afterEpoch).toHaveLength(3);
    expect(new Set(afterEpoch).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('lowers the validation loss and keeps the best epoch\'s weights', async () => {
    const model = new PatchTransformer(TINY, undefined, 4);
    const result = await trainModel(model, data, { ...QUICK, maxEpochs: 4 });
    expect(result.bestValLoss).toBeLessThan(result.initialValLoss * 0.9);
    // The speed counts the training steps' time only (not validation): at least the windows seen
    // over the whole run's time.
    expect(result.windowsSeen).toBeGreaterThan(0);
    expect(Number.isFinite(result.trainWindowsPerSecond)).toBe(true);
    expect(result.trainWindowsPerSecond).toBeGreaterThanOrEqual(result.windowsSeen / result.seconds);
    // The weights left in the model are the best epoch's: re-evaluating gives its validation loss.
    const again = await evaluateLoss(model, data, validationWindows(data, horizonDays(TINY)));
    expect(again).toBeCloseTo(result.bestValLoss, 5);
    model.dispose();
  });

  it('fine-tuning the head only leaves the encoder untouched', async () => {
    const model = new PatchTransformer(TINY, undefined, 5);
    const start = await model.readWeights();
    await trainModel(model, data, { ...QUICK, maxEpochs: 1, freeze: 'head', patience: 9 });
    const end = await model.readWeights();
    const changed = (name: string) => start.get(name)!.some((v, i) => v !== end.get(name)![i]);
    expect(changed('head/w')).toBe(true);
    expect(changed('layer0/attn/qkv')).toBe(false);
    expect(changed('layer1/ff/w1')).toBe(false);
    expect(changed('embed/w')).toBe(false);
    model.dispose();
  });

  it('falls back to the next backend when a kernel is missing, and says so', async () => {
    // A backend that is the CPU one minus the Softplus kernel the quantile head needs.
    tf.registerBackend('flaky', tf.findBackendFactory('cpu')!);
    for (const kernel of tf.getKernelsForBackend('cpu')) {
      if (kernel.kernelName !== 'Softplus') tf.registerKernel({ ...kernel, backendName: 'flaky' });
    }
    await tf.setBackend('flaky');
    const model = new PatchTransformer(TINY, undefined, 6);
    const failures: string[] = [];
    const result = await trainModel(model, data, {
      ...QUICK, maxEpochs: 1,
      onBackendFailure: async (error, failed) => {
        failures.push(`${failed}: ${error.message}`);
        await tf.setBackend(backend);
        return { backend };
      },
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/flaky: .*Softplus/);
    expect(result.backend).toBe(backend);
    expect(result.fallbacks[0]).toMatch(new RegExp(`flaky failed .*continuing on ${label(backend)}`));
    expect(result.epochs).toHaveLength(1);
    expect(Number.isFinite(result.bestValLoss)).toBe(true);
    model.dispose();
    tf.removeBackend('flaky');
  });

  it('a backend reported broken mid-epoch (WebGPU device lost) is left at the next step, in the words the fallback gives', async () => {
    const model = new PatchTransformer(TINY, undefined, 7);
    let lost = false;
    let stepsBefore = 0;
    const failures: string[] = [];
    const result = await trainModel(model, data, {
      ...QUICK, maxEpochs: 1,
      // The device is lost after the first step of epoch 1: the next step must not run on it.
      onProgress: (p) => { if (p.phase === 'step' && failures.length === 0) { stepsBefore = p.step; lost = true; } },
      backendProblem: () => (lost ? 'the WebGPU device was lost' : undefined),
      onBackendFailure: async (error, failed) => {
        failures.push(`${failed}: ${error.message}`);
        lost = false;
        return { backend, reason: 'the WebGPU device was lost (GPU process crashed)' };
      },
    });
    expect(stepsBefore).toBe(1);
    expect(failures).toEqual([`${backend}: the WebGPU device was lost`]);
    expect(result.fallbacks).toEqual([
      `${label(backend)} failed (the WebGPU device was lost (GPU process crashed)); continuing on ${label(backend)} from the last finished epoch`,
    ]);
    // The interrupted epoch is redone from its start on the new backend, and finishes.
    expect(result.epochs).toHaveLength(1);
    expect(Number.isFinite(result.bestValLoss)).toBe(true);
    model.dispose();
  });
});

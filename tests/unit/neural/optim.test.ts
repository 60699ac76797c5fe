import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, learningRate, maskedL1, pinball, pinballLoss } from '../../../src/core/neural/runtime';
import { useFastBackend } from './helpers';

describe('pinball loss', () => {
  beforeAll(useFastBackend);

  it('matches the hand-computed value and ignores masked days', async () => {
    // Day 1: quantiles 1, 1, 3 at levels 0.1, 0.5, 0.9 and 2 sold: 0.1·1 + 0.5·1 + 0.1·1 = 0.7 → mean 0.7/3.
    // Day 2 is masked (a stock-out) and must not count, however wrong the forecast.
    const quantiles = tf.tensor3d([[[1, 1, 3], [100, 200, 300]]]);
    const target = tf.tensor2d([[2, 0]]);
    const mask = tf.tensor2d([[1, 0]]);
    const loss = pinballLoss(quantiles, target, mask, [0.1, 0.5, 0.9]);
    expect((await loss.data())[0]).toBeCloseTo(0.7 / 3, 6);
    expect(pinball(2, 1, 0.1) + pinball(2, 1, 0.5) + pinball(2, 3, 0.9)).toBeCloseTo(0.7, 12);
    tf.dispose([quantiles, target, mask, loss]);
  });

  it('masked L1 averages only the masked-in positions', async () => {
    const l = maskedL1(tf.tensor2d([[1, 5, 3]]), tf.tensor2d([[2, 0, 0]]), tf.tensor2d([[1, 0, 1]]));
    expect((await l.data())[0]).toBeCloseTo((1 + 3) / 2, 6);
  });
});

describe('AdamW', () => {
  beforeAll(useFastBackend);

  it('takes Adam steps and decays weights directly (decoupled), matching hand-computed values', async () => {
    const w = tf.variable(tf.tensor1d([1, -2]), true, 'adamw-test-w');
    const bias = tf.variable(tf.tensor1d([1]), true, 'adamw-test-b');
    const c = tf.tensor1d([0.5, 1]);
    const optimiser = new AdamW([{ variable: w, decay: true }, { variable: bias, decay: false }], { weightDecay: 0.1, clipNorm: 0 });
    for (let i = 0; i < 2; i++) {
      const { value, grads } = tf.variableGrads(() => w.mul(c).sum().add(bias.mul(2).sum()) as tf.Scalar, [w, bias]);
      optimiser.apply(grads, 0.1);
      tf.dispose([value, ...Object.values(grads)]);
      if (i === 0) {
        // m̂/√v̂ = sign(g) = 1 on the first step; decay adds 0.1·w: w ← w − 0.1·(1 + 0.1·w).
        const after = await w.data();
        expect(after[0]).toBeCloseTo(0.89, 5);
        expect(after[1]).toBeCloseTo(-2.08, 5);
        expect((await bias.data())[0]).toBeCloseTo(0.9, 5); // no decay on biases
      }
    }
    const after = await w.data();
    expect(after[0]).toBeCloseTo(0.89 - 0.1 * (1 + 0.089), 5);
    expect(after[1]).toBeCloseTo(-2.08 - 0.1 * (1 - 0.208), 5);
    expect(optimiser.steps).toBe(2);
    const before = tf.memory().numTensors;
    optimiser.dispose();
    expect(tf.memory().numTensors).toBe(before - 4);
    tf.dispose([w, bias, c]);
  });

  it('warms up linearly, then decays along a cosine to the floor', () => {
    const o = { peak: 1, warmupSteps: 10, totalSteps: 110, floor: 0.05 };
    expect(learningRate(0, o)).toBeCloseTo(0.1);
    expect(learningRate(9, o)).toBeCloseTo(1);
    expect(learningRate(10, o)).toBeCloseTo(1);
    expect(learningRate(60, o)).toBeCloseTo(0.05 + 0.95 * 0.5);
    expect(learningRate(110, o)).toBeCloseTo(0.05);
    expect(learningRate(500, o)).toBeCloseTo(0.05);
  });
});

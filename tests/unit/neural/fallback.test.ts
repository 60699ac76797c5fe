import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryOnNextBackend, type BackendName } from '../../../src/core/neural/runtime';
import { useFastBackend } from './helpers';

/** A Softplus through whatever backend is current: the work that breaks on the broken backend. */
async function softplusSum(): Promise<number> {
  const x = tf.tensor1d([0, 1, 2]);
  const y = tf.softplus(x);
  try {
    return (await y.sum().data())[0];
  } finally {
    tf.dispose([x, y]);
  }
}
const EXPECTED = Math.log(2) + Math.log(1 + Math.E) + Math.log(1 + Math.E ** 2);

describe('retrying work on the next backend', () => {
  let backend = '';
  beforeAll(async () => {
    backend = await useFastBackend();
    // A "webgl" that is the CPU backend minus Softplus: a GPU backend that breaks mid-work.
    tf.registerBackend('webgl', tf.findBackendFactory('cpu')!);
    for (const kernel of tf.getKernelsForBackend('cpu')) {
      if (kernel.kernelName !== 'Softplus') tf.registerKernel({ ...kernel, backendName: 'webgl' });
    }
  });
  afterAll(async () => {
    if (tf.findBackend('webgl')) tf.removeBackend('webgl');
    await tf.setBackend(backend);
  });

  it('a GPU backend that fails mid-work: falls back, runs the work again there, and says so', async () => {
    await tf.setBackend('webgl');
    const failures: string[] = [];
    const messages: string[] = [];
    let runs = 0;
    const result = await retryOnNextBackend(tf, async () => { runs++; return softplusSum(); }, async (failed, reason) => {
      failures.push(`${failed}: ${reason}`);
      await tf.setBackend(backend);
      return { backend: backend as BackendName, reason: 'the WebGL context was lost' };
    }, (message) => messages.push(message));
    expect(result).toBeCloseTo(EXPECTED, 5);
    expect(runs).toBe(2);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^webgl: ./);
    expect(messages).toEqual([`WebGL failed (the WebGL context was lost); continuing on ${backend === 'wasm' ? 'WebAssembly' : 'CPU'}`]);
    expect(tf.getBackend()).toBe(backend);
  });

  it('a failure on WebAssembly or the CPU is the work\'s own: thrown as it is, no fallback', async () => {
    await tf.setBackend(backend);
    let fellBack = false;
    await expect(retryOnNextBackend(tf, async () => { throw new Error('no sales to forecast'); }, async () => {
      fellBack = true;
      return { backend: 'cpu', reason: '' };
    })).rejects.toThrow('no sales to forecast');
    expect(fellBack).toBe(false);
  });

  it('with nothing left to fall back to, the fallback\'s error is what the caller sees', async () => {
    await tf.setBackend('webgl');
    await expect(retryOnNextBackend(tf, softplusSum, async (failed, reason) => {
      throw new Error(`${failed} failed (${reason}) and there is no other backend to fall back to`);
    })).rejects.toThrow(/webgl failed .*no other backend/);
    await tf.setBackend(backend);
  });
});

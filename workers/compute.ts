import * as tf from '@tensorflow/tfjs';
import { retryOnNextBackend } from '../src/core/neural';
import type { Compute } from '../src/jobs/repositories';
import { fallbackFrom, initTfBackend } from './tfBackend';

/**
 * The jobs' compute backend in a worker: tfjs on the backend initTfBackend chose (software
 * WebGPU/WebGL passed over: 2–30× slower than WASM for the Transformer, npm run bench:train:browser),
 * moving to the next one when it breaks mid-job.
 */
export const workerCompute: Compute = {
  withFallback: (attempt, onFallback) => retryOnNextBackend(tf, attempt, fallbackFrom, onFallback),
  current: () => initTfBackend(undefined, { skipSoftware: true }),
};

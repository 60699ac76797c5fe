import * as tf from '@tensorflow/tfjs';
import { DEFAULT_CONFIG, type NeuralConfig } from '../../../src/core/neural/runtime';
import { initNodeBackend } from '../../../src/cli/node';
import type { Series } from '../../../src/core/series';

/** A tiny network so unit tests train in seconds. */
export const TINY: NeuralConfig = {
  ...DEFAULT_CONFIG,
  contextPatches: 4,
  horizonPatches: 2,
  dModel: 16,
  heads: 2,
  layers: 2,
  ffn: 32,
};

/** WASM (SIMD) like the CLI; the pure-JS cpu backend if WASM cannot start. */
export async function useFastBackend(): Promise<string> {
  if (tf.getBackend() === 'wasm') return 'wasm';
  return (await initNodeBackend(['wasm', 'cpu'])).backend;
}

export function dailySeries(sku: string, values: number[], start = '2024-01-01', extra: Partial<Series> = {}): Series {
  return { sku, start, freq: 'D', values: Float32Array.from(values), ...extra };
}

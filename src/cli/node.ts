/**
 * tfjs backends in Node (CLI, scripts, unit tests). Never imported by browser code: it reads the
 * WebAssembly files from node_modules. tfjs's pure-JS cpu backend is ~10× slower than WASM+SIMD
 * for this model (npm run bench:train), so Node uses WASM unless told otherwise.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { selectBackend, type BackendChoice, type BackendName } from '../core/neural/backend';
import { loadShippedModel } from '../core/neural/shipped';

export type NodeBackendName = Extract<BackendName, 'wasm' | 'cpu'>;

let wasmRegistered = false;

async function registerWasm(threads: number): Promise<void> {
  if (wasmRegistered) return;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  wasm.setWasmPaths(`${join(dist.endsWith('dist') ? dist : join(dist, 'dist'), '/')}`);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1);
  if (threads > 1) wasm.setThreadsCount(threads);
  wasmRegistered = true;
}

/**
 * Picks the first working backend in `order` (default: wasm, then cpu). `threads` > 1 tries the
 * multi-threaded WASM build (worker_threads); 1 uses the single-threaded SIMD build.
 */
export async function initNodeBackend(order: readonly NodeBackendName[] = ['wasm', 'cpu'], threads = 1): Promise<BackendChoice> {
  return selectBackend(tf, order.map((name) => ({ name, register: name === 'wasm' ? () => registerWasm(threads) : undefined })));
}

/** Reads a shipped model directory (model.json + weights file) from disk. */
export async function readShippedModel(dir = 'public/models/shelfcast-transformer'): Promise<Awaited<ReturnType<typeof loadShippedModel>>> {
  const { readFile } = await import('node:fs/promises');
  return loadShippedModel(async (name) => new Uint8Array(await readFile(join(dir, name))));
}

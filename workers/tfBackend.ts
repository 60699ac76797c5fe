import * as tf from '@tensorflow/tfjs';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKEND_PREFERENCE, selectBackend, type BackendCandidate, type BackendChoice, type BackendName } from '../src/core/neural';

/**
 * Whether to pass over WebGPU/WebGL when they are emulated in software (SwiftShader, llvmpipe):
 * there, training is 2–30× slower than WebAssembly (npm run bench:train:browser).
 */
let skipSoftware = false;

/** How a worker gets each tfjs backend in the browser: WebGPU and WASM load on demand. */
const REGISTER: Record<BackendName, (() => Promise<void>) | undefined> = {
  webgpu: async () => {
    if (!('gpu' in navigator) || !navigator.gpu) throw new Error('this browser has no WebGPU');
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) throw new Error('WebGPU has no adapter (no usable GPU)');
    if (skipSoftware && adapter.info?.isFallbackAdapter) {
      throw new Error(`WebGPU runs in software here (${adapter.info.architecture || 'fallback adapter'}), slower than WebAssembly`);
    }
    await import('@tensorflow/tfjs-backend-webgpu');
  },
  webgl: async () => {
    if (typeof OffscreenCanvas === 'undefined') throw new Error('no OffscreenCanvas for WebGL in a worker');
    if (skipSoftware) {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
      if (/swiftshader|llvmpipe|software/i.test(renderer)) throw new Error(`WebGL runs in software here (${renderer}), slower than WebAssembly`);
    }
  },
  wasm: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The threaded build needs cross-origin isolation and crashed when minified (RECIPES.md).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // Absolute, against the module's URL: the worker's own base is its blob: bootstrap
    // (src/bridge/workerClient.ts), against which the dev server's "/node_modules/…" would not resolve.
    const absolute = (url: string) => new URL(url, import.meta.url).href;
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': absolute(wasmUrl),
      'tfjs-backend-wasm-simd.wasm': absolute(wasmSimdUrl),
      'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreadedSimdUrl),
    });
  },
  cpu: undefined,
};

let choice: Promise<BackendChoice> | undefined;
let preference: readonly BackendName[] = BACKEND_PREFERENCE;
let deviceProblem: string | undefined;
/** The WebGPU device in use, and a promise that settles with the reason once it is lost. */
let watched: { device: GPUDevice; lost: Promise<string> } | undefined;

/**
 * Picks the backend once per worker, in the order WebGPU → WebGL → WASM → CPU (or a given order);
 * `options.skipSoftware` passes over software-emulated WebGPU/WebGL.
 */
export function initTfBackend(order: readonly BackendName[] = BACKEND_PREFERENCE, options: { skipSoftware?: boolean } = {}): Promise<BackendChoice> {
  if (!choice) {
    preference = order;
    skipSoftware = options.skipSoftware ?? false;
    choice = selectBackend(tf, order.map((name): BackendCandidate => ({ name, register: REGISTER[name] }))).then(watch);
  }
  return choice;
}

/**
 * After `failed` broke mid-work (device lost, a kernel missing, NaNs): switches to the next backend
 * in the preference order that works and returns the new choice (its attempts include the failure)
 * with the reason it failed, in the best words known.
 */
export async function fallbackFrom(failed: string, reason: string): Promise<BackendChoice & { reason: string }> {
  const previous = choice ? await choice.catch(() => undefined) : undefined;
  reason = (await lostDeviceReason(failed)) ?? reason;
  // The failed backend's device no longer speaks for this worker (its lost promise may settle later).
  watched = undefined;
  const rest = preference.slice(preference.indexOf(failed as BackendName) + 1);
  if (rest.length === 0) throw new Error(`${failed} failed (${reason}) and there is no other backend to fall back to`);
  if (tf.findBackend(failed)) tf.removeBackend(failed);
  deviceProblem = undefined;
  const next = await selectBackend(tf, rest.map((name): BackendCandidate => ({ name, register: REGISTER[name] })));
  const merged: BackendChoice = {
    backend: next.backend,
    attempts: [...(previous?.attempts ?? []), { name: failed as BackendName, ok: false, error: `failed while working: ${reason}`, ms: 0 }, ...next.attempts],
  };
  choice = Promise.resolve(watch(merged));
  return { ...merged, reason };
}

/** A reason when the current backend is known to be unusable (the WebGPU device was lost). */
export function backendProblem(): string | undefined {
  return deviceProblem;
}

/**
 * A lost device first shows up as whatever call failed (e.g. "Failed to execute 'mapAsync'…");
 * its lost promise, which says what happened, may settle a moment later: wait briefly for it so
 * the seller reads "the WebGPU device was lost" rather than the call that noticed.
 */
async function lostDeviceReason(failed: string): Promise<string | undefined> {
  if (failed !== 'webgpu' || !watched) return undefined;
  return Promise.race([watched.lost, new Promise<undefined>((resolve) => setTimeout(resolve, 500))]);
}

/** WebGPU reports a lost device (driver reset, GPU process crash, out of memory) through a promise. */
function watch(selected: BackendChoice): BackendChoice {
  watched = undefined;
  const device = selected.backend === 'webgpu' ? (tf.backend() as unknown as { device?: GPUDevice }).device : undefined;
  if (device) {
    const current = {
      device,
      lost: device.lost.then((info) => {
        const reason = `the WebGPU device was lost${info.message ? `: ${info.message}` : ''}`;
        if (watched === current) deviceProblem = reason;
        return reason;
      }),
    };
    watched = current;
  }
  return selected;
}

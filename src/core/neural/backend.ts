import type * as tfCore from '@tensorflow/tfjs';

/** Compute backends in the order Shelfcast prefers them: fastest first, always-works last. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_PREFERENCE: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export const BACKEND_LABEL: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU',
};

/** What the seller asks the training worker to compute on. */
export type ComputeChoice = 'auto' | BackendName;

/**
 * Backend order per choice. "auto" also passes over WebGPU/WebGL emulated in software, where
 * WebAssembly trains faster; an explicit choice still falls back when its backend fails.
 */
export const COMPUTE_ORDER: Record<ComputeChoice, readonly BackendName[]> = {
  auto: BACKEND_PREFERENCE,
  webgpu: ['webgpu', 'wasm', 'cpu'],
  webgl: ['webgl', 'wasm', 'cpu'],
  wasm: ['wasm', 'cpu'],
  cpu: ['cpu'],
};

export const COMPUTE_LABEL: Record<ComputeChoice, string> = {
  auto: 'Automatic (fastest here)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU (slowest)',
};

export interface BackendCandidate {
  name: BackendName;
  /** Loads and registers the backend with tfjs (e.g. a dynamic import); absent if already registered. */
  register?: () => Promise<void>;
}

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why the backend was passed over, in words a seller can report. */
  error?: string;
  ms: number;
}

export interface BackendChoice {
  backend: BackendName;
  attempts: BackendAttempt[];
}

/**
 * Tries each candidate in order and keeps the first that initialises *and* computes a small
 * matrix product correctly: WebGPU and WebGL can register and still fail on the first kernel.
 */
export async function selectBackend(tf: typeof tfCore, candidates: readonly BackendCandidate[]): Promise<BackendChoice> {
  const attempts: BackendAttempt[] = [];
  for (const candidate of candidates) {
    const started = performance.now();
    try {
      if (candidate.register) await candidate.register();
      if (!(await tf.setBackend(candidate.name))) throw new Error('backend refused to initialise');
      await tf.ready();
      await smokeTest(tf);
      attempts.push({ name: candidate.name, ok: true, ms: performance.now() - started });
      return { backend: candidate.name, attempts };
    } catch (error) {
      attempts.push({ name: candidate.name, ok: false, error: describeError(error), ms: performance.now() - started });
      if (tf.findBackend(candidate.name)) tf.removeBackend(candidate.name);
    }
  }
  throw new Error(`no compute backend works here: ${attempts.map((a) => `${a.name}: ${a.error}`).join('; ')}`);
}

/**
 * Runs `work` on the current tfjs backend. If it fails on a backend that can break mid-work (WebGPU:
 * device lost; WebGL: context lost; either: a missing kernel), switches through `fallback` to the
 * next backend and runs `work` again from the start; `onFallback` gets the message for the seller.
 * Failures on WebAssembly or the CPU are the work's own and are thrown as they are (as is a failure
 * that is still there after falling back: the error the seller sees is then the real one).
 */
export async function retryOnNextBackend<T>(
  tf: typeof tfCore,
  work: () => Promise<T>,
  fallback: (failed: BackendName, reason: string) => Promise<{ backend: BackendName; reason: string }>,
  onFallback?: (message: string) => void,
): Promise<T> {
  for (;;) {
    const backend = tf.getBackend() as BackendName;
    try {
      return await work();
    } catch (error) {
      if (backend !== 'webgpu' && backend !== 'webgl') throw error;
      const next = await fallback(backend, describeError(error));
      onFallback?.(`${BACKEND_LABEL[backend]} failed (${next.reason}); continuing on ${BACKEND_LABEL[next.backend]}`);
    }
  }
}

async function smokeTest(tf: typeof tfCore): Promise<void> {
  const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const b = tf.tensor2d([5, 6, 7, 8], [2, 2]);
  const product = tf.matMul(a, b);
  try {
    const values = await product.data();
    const expected = [19, 22, 43, 50];
    if (!expected.every((v, i) => Math.abs(values[i] - v) < 1e-3)) {
      throw new Error(`test product gave [${Array.from(values).join(', ')}], expected [${expected.join(', ')}]`);
    }
  } finally {
    tf.dispose([a, b, product]);
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

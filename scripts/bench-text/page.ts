import * as Comlink from 'comlink';
import type { BenchWorkerApi } from './bench.worker';

/**
 * The benchmark page: runs each job in a fresh worker (so every tfjs backend starts clean) and hands
 * results back to the Node script through window.runBench.
 */
async function runBench<K extends keyof BenchWorkerApi>(method: K, args: Parameters<BenchWorkerApi[K]>[0]): Promise<Awaited<ReturnType<BenchWorkerApi[K]>>> {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: `bench-${method}` });
  const api = Comlink.wrap<BenchWorkerApi>(worker);
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return await (api[method] as any)({ ...args, baseUrl: (args as { baseUrl?: string }).baseUrl ?? new URL('/', location.href).href });
  } finally {
    worker.terminate();
  }
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
(document.getElementById('state') as HTMLElement).textContent = 'ready';

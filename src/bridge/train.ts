import type { BenchmarkJob, BenchmarkResult, TrainJob, TrainSummary, TrainUpdate, TrainWorkerApi } from '../../workers/train.worker';
import type { BackendChoice, ComputeChoice } from '../core/neural';
import { progressProxy, WorkerClient, spawnModuleWorker } from './workerClient';
import trainWorkerUrl from '../../workers/train.worker.ts?worker&url';

export type { BenchmarkJob, BenchmarkResult, TrainJob, TrainSummary, TrainUpdate };

/**
 * The training worker. It holds tfjs and the model's GPU memory, so it is terminated soon after it
 * goes idle (and at once on cancel): the memory is freed and the next job starts a fresh worker.
 */
const trainWorker = new WorkerClient<TrainWorkerApi>(
  () => spawnModuleWorker(trainWorkerUrl, 'train'),
  20_000,
);

/** A worker keeps the backend it started on: a different choice means a fresh worker. */
let workerCompute: ComputeChoice | undefined;
function useCompute(choice: ComputeChoice): void {
  if (workerCompute !== undefined && workerCompute !== choice) trainWorker.terminate();
  workerCompute = choice;
}

/** Fine-tunes (or continues training) the Transformer; rejects with CancelledError on abort. */
export function trainTransformer(job: TrainJob, onProgress: (update: TrainUpdate) => void, signal?: AbortSignal): Promise<TrainSummary> {
  useCompute(job.compute);
  return trainWorker.run((api) => api.train(job, progressProxy(onProgress)), signal);
}

/** The backend the training worker computes on for `choice` (starting the worker if needed). */
export function trainingBackend(choice: ComputeChoice = 'auto'): Promise<BackendChoice> {
  useCompute(choice);
  return trainWorker.run((api) => api.initCompute(choice));
}

/** Throughput on one backend, in a fresh worker (a worker keeps the backend it first chose). */
export async function benchmarkTraining(job: BenchmarkJob): Promise<BenchmarkResult> {
  trainWorker.terminate();
  workerCompute = undefined;
  try {
    return await trainWorker.run((api) => api.benchmark(job));
  } finally {
    trainWorker.terminate();
    workerCompute = undefined;
  }
}

/** Frees the worker and its (GPU) memory now. */
export function stopTrainingWorker(): void {
  trainWorker.terminate();
}

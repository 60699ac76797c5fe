import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { COMPUTE_ORDER, SHIPPED_MODEL_PATH, type BackendChoice, type ComputeChoice } from '../src/core/neural/runtime';
import { dbRepositories } from '../src/db';
import {
  benchmarkTraining, trainGroup, type BenchmarkJob, type BenchmarkResult, type TrainJob, type TrainSummary, type TrainUpdate,
} from '../src/jobs/train';
import { fetchShippedModel } from './shippedModel';
import { backendProblem, fallbackFrom, initTfBackend } from './tfBackend';

export type { BenchmarkJob, BenchmarkResult, TrainJob, TrainSummary, TrainUpdate };

/** The backend of this worker: chosen once, by the first call (the bridge restarts the worker to change it). */
function compute(choice: ComputeChoice): Promise<BackendChoice> {
  return initTfBackend(COMPUTE_ORDER[choice], { skipSoftware: choice === 'auto' });
}

const api = {
  initCompute(choice: ComputeChoice = 'auto'): Promise<BackendChoice> {
    return compute(choice);
  },

  /** Fine-tunes (or continues) the group's model and stores the new version (src/jobs/train.ts). */
  async train(job: TrainJob, onProgress?: (update: TrainUpdate) => void): Promise<TrainSummary> {
    const choice = await compute(job.compute);
    return trainGroup(job, {
      ...dbRepositories,
      shipped: () => fetchShippedModel(new URL(SHIPPED_MODEL_PATH, job.baseUrl).href),
      backend: {
        current: () => tf.getBackend() ?? choice.backend,
        backendProblem,
        onBackendFailure: async (error, failed) => {
          const next = await fallbackFrom(failed, error.message);
          return { backend: next.backend, reason: next.reason };
        },
      },
    }, onProgress);
  },

  /** Training throughput on this browser's backend. */
  async benchmark(job: BenchmarkJob): Promise<BenchmarkResult> {
    const choice = await initTfBackend([job.backend]);
    return { backend: choice.backend, ...(await benchmarkTraining(job)) };
  },
};

export type TrainWorkerApi = typeof api;
Comlink.expose(api);

import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import {
  COMPUTE_ORDER, DEFAULT_CONFIG, fineTune, generateSynthetic, PatchTransformer, prepareSeries,
  SHIPPED_MODEL_PATH, trainModel,
  type BackendChoice, type BackendName, type Checkpoint, type ComputeChoice, type FreezeMode, type NeuralConfig, type ProductStatics,
  type TrainProgress,
} from '../src/core/neural/runtime';
import { dayToIso, isoToDay, type Series } from '../src/core/series';
import {
  activeModel, ALL_PRODUCTS, checkpointOf, database, loadDailySeries, saveModel, SHIPPED_MODEL_ID, type ModelRecord,
} from '../src/db';
import { fetchShippedModel } from './shippedModel';
import { backendProblem, fallbackFrom, initTfBackend } from './tfBackend';

export interface TrainJob {
  compute: ComputeChoice;
  /** ALL_PRODUCTS or a category name. */
  group: string;
  freeze: FreezeMode;
  /** 'continual' trains from the active version on the days it has not seen, with replay. */
  mode: 'fine-tune' | 'continual';
  /** Absolute URL of the app's base (the shipped weights live under it). */
  baseUrl: string;
  maxEpochs?: number;
  maxSeconds?: number;
  /** Windows per product per epoch (the training budget). */
  windowsPerSeries?: number;
  /** Caps the windows per epoch (quick runs). */
  maxWindowsPerEpoch?: number;
  batchSize?: number;
}

/** Progress of a training job, as the Models view shows it. */
export interface TrainUpdate extends TrainProgress {
  stage: string;
}

export interface TrainSummary {
  modelId: string;
  kept: boolean;
  reason: string;
  backend: string;
  fallbacks: string[];
  epochs: number;
  seconds: number;
}

export interface BenchmarkJob {
  backend: BackendName;
  steps: number;
  batchSize: number;
  config?: Partial<NeuralConfig>;
}

export interface BenchmarkResult {
  backend: string;
  firstStepMs: number;
  windowsPerSecond: number;
  windows: number;
  parameters: number;
  numTensorsAfter: number;
}

/** The product statics the model can use: category now; text embeddings once the text feature stores them. */
async function loadStatics(): Promise<Map<string, ProductStatics>> {
  const products = await database().products.toArray();
  return new Map(products.map((p) => [p.sku, { category: p.category }]));
}

async function loadParent(group: string, baseUrl: string): Promise<{ id: string; checkpoint: Checkpoint; lastDay?: number }> {
  const local = (await activeModel(group)) ?? (group !== ALL_PRODUCTS ? await activeModel(ALL_PRODUCTS) : undefined);
  if (local) return { id: local.id, checkpoint: checkpointOf(local), lastDay: isoToDay(local.dataRange.last) };
  return { id: SHIPPED_MODEL_ID, checkpoint: await fetchShippedModel(new URL(SHIPPED_MODEL_PATH, baseUrl).href) };
}

/** The backend of this worker: chosen once, by the first call (the bridge restarts the worker to change it). */
function compute(choice: ComputeChoice): Promise<BackendChoice> {
  return initTfBackend(COMPUTE_ORDER[choice], { skipSoftware: choice === 'auto' });
}

const api = {
  initCompute(choice: ComputeChoice = 'auto'): Promise<BackendChoice> {
    return compute(choice);
  },

  /** Fine-tunes (or continues) the group's model and stores the new version with its lineage. */
  async train(job: TrainJob, onProgress?: (update: TrainUpdate) => void): Promise<TrainSummary> {
    const choice = await compute(job.compute);
    const report = (stage: string) => onProgress?.({
      phase: 'event', stage, epoch: 0, maxEpochs: job.maxEpochs ?? 0, step: 0, stepsPerEpoch: 0, loss: Number.NaN, elapsedMs: 0, backend: tf.getBackend() ?? choice.backend,
    });
    report('Loading sales history');
    const statics = await loadStatics();
    let series: Series[] = await loadDailySeries();
    if (job.group !== ALL_PRODUCTS) series = series.filter((s) => statics.get(s.sku)?.category === job.group);
    if (series.length === 0) throw new Error(job.group === ALL_PRODUCTS ? 'there are no sales to train on yet' : `no products in category "${job.group}"`);

    report('Loading the current model');
    const parent = await loadParent(job.group, job.baseUrl);
    if (job.mode === 'continual') {
      if (parent.lastDay === undefined) throw new Error('there is no trained version to continue yet: fine-tune first');
      const latest = Math.max(...series.map((s) => isoToDay(s.start) + s.values.length - 1));
      if (latest <= parent.lastDay) throw new Error(`no new sales since the version in use was trained (its data ends ${dayToIso(parent.lastDay)})`);
    }
    const started = performance.now();
    const outcome = await fineTune({
      parent: parent.checkpoint,
      series,
      statics,
      freeze: job.freeze,
      newSince: job.mode === 'continual' && parent.lastDay !== undefined ? parent.lastDay + 1 : undefined,
      train: {
        ...(job.maxEpochs ? { maxEpochs: job.maxEpochs } : {}),
        ...(job.maxSeconds ? { maxSeconds: job.maxSeconds } : {}),
        ...(job.windowsPerSeries ? { windowsPerSeries: job.windowsPerSeries } : {}),
        ...(job.maxWindowsPerEpoch ? { maxWindowsPerEpoch: job.maxWindowsPerEpoch } : {}),
        ...(job.batchSize ? { batchSize: job.batchSize } : {}),
        onProgress: (p) => onProgress?.({ ...p, stage: p.message ?? (p.phase === 'epoch' ? 'Checking the validation days' : 'Training') }),
        backendProblem,
        onBackendFailure: async (error, failed) => {
          const next = await fallbackFrom(failed, error.message);
          return { backend: next.backend, reason: next.reason };
        },
      },
    });
    report('Saving the new version');
    const record: ModelRecord = {
      id: `tfm-${new Date().toISOString()}`,
      kind: 'transformer',
      createdAt: new Date().toISOString(),
      group: job.group,
      status: outcome.keep ? 'active' : 'rejected',
      parentId: parent.id,
      origin: job.mode,
      config: outcome.checkpoint.config,
      manifest: outcome.checkpoint.manifest,
      weights: outcome.checkpoint.weights,
      dataRange: outcome.dataRange,
      metrics: {
        valLossBefore: outcome.result.initialValLoss,
        valLossAfter: outcome.result.bestValLoss,
        backtest: outcome.backtest.model.products > 0
          ? { model: outcome.backtest.model, parent: outcome.backtest.parent, horizon: outcome.backtest.horizon }
          : undefined,
      },
      training: {
        freeze: job.freeze,
        epochs: outcome.result.epochs.length,
        bestEpoch: outcome.result.bestEpoch,
        seconds: (performance.now() - started) / 1000,
        backend: outcome.result.backend,
        stoppedBecause: outcome.result.stoppedBecause,
        fallbacks: outcome.result.fallbacks,
        windowsPerSecond: outcome.result.trainWindowsPerSecond,
      },
      rejectedBecause: outcome.keep ? undefined : outcome.reason,
    };
    await saveModel(record, outcome.keep);
    return {
      modelId: record.id,
      kept: outcome.keep,
      reason: outcome.reason,
      backend: outcome.result.backend,
      fallbacks: outcome.result.fallbacks,
      epochs: record.training.epochs,
      seconds: record.training.seconds,
    };
  },

  /** Training throughput on this browser's backend: synthetic windows through full training steps. */
  async benchmark(job: BenchmarkJob): Promise<BenchmarkResult> {
    const choice = await initTfBackend([job.backend]);
    let numTensorsAfter: number;
    const config: NeuralConfig = { ...DEFAULT_CONFIG, ...job.config };
    const data = generateSynthetic({ count: 100, days: 400, seed: 3 }).map((s) => prepareSeries(s, { categoryBuckets: config.categoryBuckets, priceIsPlanned: true }));
    const model = new PatchTransformer(config);
    try {
      const options = { freeze: 'all' as const, maxEpochs: 1, batchSize: job.batchSize, peakLearningRate: 1e-3, patience: 9 };
      const first = await trainModel(model, data, { ...options, windowsPerSeries: 1, maxWindowsPerEpoch: job.batchSize });
      const timed = await trainModel(model, data, {
        ...options, windowsPerSeries: Math.ceil((job.steps * job.batchSize) / data.length), maxWindowsPerEpoch: job.steps * job.batchSize,
      });
      const parameters = model.parameterCount;
      model.dispose();
      numTensorsAfter = tf.memory().numTensors;
      return {
        backend: choice.backend,
        firstStepMs: (first.windowsSeen / first.trainWindowsPerSecond) * 1000,
        windowsPerSecond: timed.trainWindowsPerSecond,
        windows: timed.windowsSeen,
        parameters,
        numTensorsAfter,
      };
    } finally {
      if (model.params.size > 0) model.dispose();
    }
  },
};

export type TrainWorkerApi = typeof api;
Comlink.expose(api);

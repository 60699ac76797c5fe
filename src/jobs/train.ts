import * as tf from '@tensorflow/tfjs';
import {
  DEFAULT_CONFIG, fineTune, generateSynthetic, PatchTransformer, prepareSeries, trainModel,
  type BackendName, type Checkpoint, type ComputeChoice, type FreezeMode, type NeuralConfig, type TrainOptions, type TrainProgress,
} from '../core/neural/runtime';
import { dayToIso, isoToDay, type Series } from '../core/series';
import { ALL_PRODUCTS, checkpointOf, SHIPPED_MODEL_ID, type ModelRecord } from '../db';
import type { ModelRepository, SalesRepository, StaticsRepository } from './repositories';

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

export interface TrainDeps {
  sales: SalesRepository;
  models: ModelRepository;
  statics: StaticsRepository;
  /** The shipped pre-trained weights: the parent when no version has been trained here yet. */
  shipped: () => Promise<Checkpoint>;
  /** The backend-fallback hooks of the host (tfjs in a worker); the backend in use now. */
  backend: Pick<TrainOptions, 'backendProblem' | 'onBackendFailure'> & { current: () => string };
}

/** The version a new one starts from: the group's active one, else all products', else the shipped weights. */
async function parentOf(group: string, deps: TrainDeps): Promise<{ id: string; checkpoint: Checkpoint; lastDay?: number }> {
  const local = (await deps.models.activeModel(group)) ?? (group !== ALL_PRODUCTS ? await deps.models.activeModel(ALL_PRODUCTS) : undefined);
  if (local) return { id: local.id, checkpoint: checkpointOf(local), lastDay: isoToDay(local.dataRange.last) };
  return { id: SHIPPED_MODEL_ID, checkpoint: await deps.shipped() };
}

/** The job's budget, where it sets one, over the fine-tuning recipe's defaults. */
function budget(job: TrainJob): Partial<TrainOptions> {
  return {
    ...(job.maxEpochs ? { maxEpochs: job.maxEpochs } : {}),
    ...(job.maxSeconds ? { maxSeconds: job.maxSeconds } : {}),
    ...(job.windowsPerSeries ? { windowsPerSeries: job.windowsPerSeries } : {}),
    ...(job.maxWindowsPerEpoch ? { maxWindowsPerEpoch: job.maxWindowsPerEpoch } : {}),
    ...(job.batchSize ? { batchSize: job.batchSize } : {}),
  };
}

/**
 * Fine-tunes (or, in continual mode, continues on the days it has not seen) the group's model and
 * stores the new version with its lineage: active when its backtest is not worse than its parent's,
 * otherwise kept as rejected with the reason.
 */
export async function trainGroup(job: TrainJob, deps: TrainDeps, onProgress?: (update: TrainUpdate) => void): Promise<TrainSummary> {
  const report = (stage: string) => onProgress?.({
    phase: 'event', stage, epoch: 0, maxEpochs: job.maxEpochs ?? 0, step: 0, stepsPerEpoch: 0, loss: Number.NaN, elapsedMs: 0, backend: deps.backend.current(),
  });
  report('Loading sales history');
  const statics = await deps.statics.productStatics();
  let series: Series[] = await deps.sales.loadDailySeries();
  if (job.group !== ALL_PRODUCTS) series = series.filter((s) => statics.get(s.sku)?.category === job.group);
  if (series.length === 0) throw new Error(job.group === ALL_PRODUCTS ? 'there are no sales to train on yet' : `no products in category "${job.group}"`);

  report('Loading the current model');
  const parent = await parentOf(job.group, deps);
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
      ...budget(job),
      onProgress: (p) => onProgress?.({ ...p, stage: p.message ?? (p.phase === 'epoch' ? 'Checking the validation days' : 'Training') }),
      backendProblem: deps.backend.backendProblem,
      onBackendFailure: deps.backend.onBackendFailure,
    },
  });
  report('Saving the new version');
  const createdAt = new Date().toISOString();
  const record: ModelRecord = {
    id: `tfm-${createdAt}`,
    kind: 'transformer',
    createdAt,
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
  await deps.models.saveModel(record, outcome.keep);
  return {
    modelId: record.id,
    kept: outcome.keep,
    reason: outcome.reason,
    backend: outcome.result.backend,
    fallbacks: outcome.result.fallbacks,
    epochs: record.training.epochs,
    seconds: record.training.seconds,
  };
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

/** Training throughput on the current backend: synthetic windows through full training steps. */
export async function benchmarkTraining(job: BenchmarkJob): Promise<Omit<BenchmarkResult, 'backend'>> {
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
    return {
      firstStepMs: (first.windowsSeen / first.trainWindowsPerSecond) * 1000,
      windowsPerSecond: timed.trainWindowsPerSecond,
      windows: timed.windowsSeen,
      parameters,
      numTensorsAfter: tf.memory().numTensors,
    };
  } finally {
    if (model.params.size > 0) model.dispose();
  }
}

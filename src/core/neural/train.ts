import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../stats';
import { AdamW, learningRate } from './adamw';
import { BACKEND_LABEL, type BackendName } from './backend';
import { horizonDays, type NeuralConfig } from './config';
import type { PreparedSeries } from './covariates';
import { maskedL1, pinballLoss } from './loss';
import type { FreezeMode } from './config';
import { isTrainable, type PatchTransformer } from './model';
import { buildBatch, sampleWindows, shuffle, type Window, type WindowBatch } from './windows';

export interface TrainOptions {
  freeze: FreezeMode;
  maxEpochs: number;
  /** Windows drawn per product per epoch (fresh origins every epoch). */
  windowsPerSeries: number;
  /** Cap on windows per epoch, whatever the number of products. */
  maxWindowsPerEpoch?: number;
  batchSize: number;
  peakLearningRate: number;
  /** Share of all steps spent warming up. */
  warmup?: number;
  weightDecay?: number;
  /** Epochs without a better validation loss before stopping. */
  patience?: number;
  /** Masked-patch self-supervision: share of history patches hidden, and its loss weight. */
  maskRate?: number;
  reconWeight?: number;
  /** Recent windows are more likely: weight halves every this many days. */
  recencyHalfLife?: number;
  /**
   * Continual learning: windows whose targets reach into the new days, plus this share of replay
   * windows from the older history, so the model does not forget what it knew.
   */
  replay?: { newFrom: (s: PreparedSeries) => number; share: number };
  /** Stop starting epochs after this many seconds. */
  maxSeconds?: number;
  seed?: number;
  onProgress?: (progress: TrainProgress) => void;
  /** Polled between steps; true stops training (the best weights so far are kept). */
  shouldStop?: () => boolean;
  /**
   * Called when the compute backend fails mid-training (device lost, missing kernel, NaN from
   * low-precision maths). It switches tfjs to the next backend and returns its name — with a
   * better reason than the error's when it has one (e.g. "the WebGPU device was lost" where the
   * error is the call that noticed) — or throws when there is none left; training resumes from
   * the last good weights.
   */
  onBackendFailure?: (error: Error, backend: string) => Promise<{ backend: string; reason?: string }>;
  /** Polled each step: a reason when the backend is known to be broken (e.g. WebGPU device lost). */
  backendProblem?: () => string | undefined;
}

export interface TrainProgress {
  /** 'step' after each training step, 'epoch' after each validation (epoch 0: before training), 'event' for messages. */
  phase: 'step' | 'epoch' | 'event';
  epoch: number;
  maxEpochs: number;
  step: number;
  stepsPerEpoch: number;
  /** Mean training loss of the epoch so far. */
  loss: number;
  /** Validation loss after the last finished epoch (epoch 0: before training). */
  valLoss?: number;
  bestValLoss?: number;
  elapsedMs: number;
  /** Upper bound: remaining steps of all epochs at the measured speed. */
  etaMs?: number;
  windowsPerSecond?: number;
  backend: string;
  /** Plain-language event, e.g. a backend fallback. */
  message?: string;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  valLoss: number;
  seconds: number;
}

export interface TrainResult {
  initialValLoss: number;
  bestValLoss: number;
  bestEpoch: number;
  epochs: EpochRecord[];
  windowsSeen: number;
  seconds: number;
  stoppedBecause: 'no-improvement' | 'max-epochs' | 'time-budget' | 'stopped' | 'no-windows';
  backend: string;
  /** Backend fallbacks that happened, in words. */
  fallbacks: string[];
  trainWindowsPerSecond: number;
}

/**
 * The fine-tuning recipe the app and the benchmarks use: sized so 1,000 products × 2 years
 * fine-tune in under 3 minutes on two CPU cores (WASM), see npm run bench:train -- --finetune.
 */
export const FINE_TUNE_DEFAULTS = {
  freeze: 'all',
  maxEpochs: 40,
  windowsPerSeries: 8,
  maxWindowsPerEpoch: 12_000,
  batchSize: 128,
  peakLearningRate: 5e-4,
  warmup: 0.05,
  weightDecay: 0.01,
  patience: 3,
  recencyHalfLife: 180,
  maxSeconds: 150,
} as const satisfies Partial<TrainOptions>;

/** Validation windows: each product's last horizon (the time-based split). */
export function validationWindows(data: readonly PreparedSeries[], horizon: number, minHistory = 14): Window[] {
  const out: Window[] = [];
  data.forEach((s, series) => {
    const origin = s.values.length - horizon;
    if (origin >= minHistory && s.firstSale < origin) out.push({ series, origin });
  });
  return out;
}

/** Mean pinball loss (normalised units) of the model over windows, without dropout. */
export async function evaluateLoss(model: PatchTransformer, data: readonly PreparedSeries[], windows: readonly Window[], batchSize = 256): Promise<number> {
  let total = 0;
  let weight = 0;
  for (let i = 0; i < windows.length; i += batchSize) {
    const batch = buildBatch(data, windows.slice(i, i + batchSize), model.config, { withTargets: true });
    const count = batch.targetMask!.reduce((a, b) => a + b, 0);
    if (count === 0) continue;
    const loss = tf.tidy(() => {
      const x = model.toTensors(batch);
      const out = model.forward(x, false);
      return pinballLoss(out.quantiles, target2d(batch), mask2d(batch), model.config.levels);
    });
    total += (await loss.data())[0] * count;
    weight += count;
    loss.dispose();
  }
  return weight > 0 ? total / weight : Number.NaN;
}

function target2d(batch: WindowBatch): tf.Tensor2D {
  return tf.tensor2d(batch.target!, [batch.size, batch.target!.length / batch.size]);
}
function mask2d(batch: WindowBatch): tf.Tensor2D {
  return tf.tensor2d(batch.targetMask!, [batch.size, batch.targetMask!.length / batch.size]);
}

/**
 * One epoch's training windows, shuffled: `windowsPerSeries` per product with targets before the
 * validation days; in continual learning, windows reaching into the new days plus `replay.share`
 * of windows entirely in the older history.
 */
export function drawTrainingWindows(
  data: readonly PreparedSeries[], cfg: NeuralConfig, options: Pick<TrainOptions, 'windowsPerSeries' | 'replay' | 'recencyHalfLife' | 'maxWindowsPerEpoch'>,
  random: () => number,
): Window[] {
  const H = horizonDays(cfg);
  const trainEnd = (s: PreparedSeries) => s.values.length - H;
  let windows: Window[];
  const replay = options.replay;
  if (replay) {
    const fresh = sampleWindows(data, cfg, {
      perSeries: options.windowsPerSeries, targetEnd: trainEnd, originFrom: (s) => replay.newFrom(s) - H + 1,
      recencyHalfLife: options.recencyHalfLife, random,
    });
    const replayCount = Math.round((fresh.length * replay.share) / Math.max(1e-9, 1 - replay.share));
    const old = sampleWindows(data, cfg, {
      perSeries: Math.max(1, Math.ceil(replayCount / Math.max(1, data.length))), targetEnd: (s) => Math.min(trainEnd(s), replay.newFrom(s)), random,
    });
    windows = fresh.concat(shuffle(old, random).slice(0, replayCount));
  } else {
    windows = sampleWindows(data, cfg, {
      perSeries: options.windowsPerSeries, targetEnd: trainEnd, recencyHalfLife: options.recencyHalfLife, random,
    });
  }
  shuffle(windows, random);
  return options.maxWindowsPerEpoch ? windows.slice(0, options.maxWindowsPerEpoch) : windows;
}

/**
 * Trains (pre-trains or fine-tunes) `model` in place on windows of `data`: AdamW with warm-up and
 * cosine decay, dropout, early stopping on the last-horizon validation split, and the best epoch's
 * weights restored at the end (epoch 0 = the weights it started with, so fine-tuning never makes
 * the validation loss worse than it was).
 */
export async function trainModel(model: PatchTransformer, data: readonly PreparedSeries[], options: TrainOptions): Promise<TrainResult> {
  const started = performance.now();
  const cfg = model.config;
  const H = horizonDays(cfg);
  const random = mulberry32(options.seed ?? 7);
  const patience = options.patience ?? 2;
  const valWindows = validationWindows(data, H);
  let backend = tf.getBackend();
  const fallbacks: string[] = [];

  const drawEpoch = () => drawTrainingWindows(data, cfg, options, random);

  let epochWindows = drawEpoch();
  const trainable = model.specs.filter((s) => isTrainable(s, options.freeze, cfg) && (s.group !== 'recon' || (options.maskRate ?? 0) > 0));
  const makeOptimizer = () => new AdamW(
    trainable.map((s) => ({ variable: model.params.get(s.name)!, decay: s.decay })),
    { weightDecay: options.weightDecay ?? 0.01 },
  );
  let optimizer: AdamW | undefined;
  let lastGood = await model.readWeights();
  let epochNow = 0;

  /**
   * The backend broke: switch to the next one, rebuild the weights there from the last state that
   * finished cleanly (optimizer moments restart), and say so.
   */
  const recover = async (error: unknown): Promise<void> => {
    if (!options.onBackendFailure) throw error;
    const reason = error instanceof Error ? error : new Error(String(error));
    const failed = backend;
    const next = await options.onBackendFailure(reason, failed);
    backend = next.backend;
    optimizer?.dispose();
    model.rebuild(lastGood);
    if (optimizer) optimizer = makeOptimizer();
    const label = (name: string) => BACKEND_LABEL[name as BackendName] ?? name;
    const message = `${label(failed)} failed (${next.reason ?? reason.message}); continuing on ${label(backend)} from the last finished epoch`;
    fallbacks.push(message);
    options.onProgress?.({
      phase: 'event', epoch: epochNow, maxEpochs: plannedEpochs, step: 0, stepsPerEpoch: 0, loss: Number.NaN,
      elapsedMs: performance.now() - started, backend, message,
    });
  };
  const validate = async (): Promise<number> => {
    for (;;) {
      try {
        const problem = options.backendProblem?.();
        if (problem) throw new Error(problem);
        const loss = await evaluateLoss(model, data, valWindows);
        if (Number.isNaN(loss) && valWindows.length > 0) throw new Error(`the validation loss became NaN on ${backend}`);
        return loss;
      } catch (error) {
        await recover(error);
      }
    }
  };

  const emptyResult = (initial: number): TrainResult => ({
    initialValLoss: initial, bestValLoss: initial, bestEpoch: 0, epochs: [], windowsSeen: 0,
    seconds: (performance.now() - started) / 1000, stoppedBecause: 'no-windows', backend, fallbacks, trainWindowsPerSecond: 0,
  });
  const initialValLoss = valWindows.length > 0 ? await validate() : Number.NaN;
  if (epochWindows.length === 0) return emptyResult(initialValLoss);

  const stepsPerEpoch = Math.ceil(epochWindows.length / options.batchSize);
  /** Epochs planned: maxEpochs, or fewer once the first epoch shows how many fit in maxSeconds. */
  let plannedEpochs = options.maxEpochs;
  const totalSteps = stepsPerEpoch * plannedEpochs;
  const schedule = {
    peak: options.peakLearningRate,
    warmupSteps: Math.round(totalSteps * (options.warmup ?? 0.05)),
    totalSteps,
  };
  optimizer = makeOptimizer();

  let best = { loss: initialValLoss, epoch: 0, weights: lastGood };
  const epochs: EpochRecord[] = [];
  let stoppedBecause: TrainResult['stoppedBecause'] = 'max-epochs';
  let windowsSeen = 0;
  let trainMs = 0;
  let globalStep = 0;
  options.onProgress?.({
    phase: 'epoch', epoch: 0, maxEpochs: plannedEpochs, step: 0, stepsPerEpoch, loss: Number.NaN, valLoss: initialValLoss,
    bestValLoss: initialValLoss, elapsedMs: performance.now() - started, backend,
  });

  try {
    epochLoop:
    for (let epoch = 1; epoch <= plannedEpochs; epoch++) {
      const epochStarted = performance.now();
      epochNow = epoch;
      if (epoch > 1) epochWindows = drawEpoch();
      let lossSum = 0;
      let lossCount = 0;
      for (let step = 0; step < stepsPerEpoch; step++) {
        if (options.shouldStop?.()) {
          stoppedBecause = 'stopped';
          break epochLoop;
        }
        const windows = epochWindows.slice(step * options.batchSize, (step + 1) * options.batchSize);
        if (windows.length === 0) break;
        const stepStarted = performance.now();
        let loss: number;
        try {
          const problem = options.backendProblem?.();
          if (problem) throw new Error(problem);
          loss = await trainStep(model, optimizer, data, windows, trainable.map((s) => s.name), learningRate(globalStep, schedule), options, random);
          if (!Number.isFinite(loss)) throw new Error(`the training loss became ${loss} on ${backend}`);
        } catch (error) {
          await recover(error);
          // Redo this epoch on the new backend.
          epoch--;
          continue epochLoop;
        }
        globalStep++;
        windowsSeen += windows.length;
        trainMs += performance.now() - stepStarted;
        lossSum += loss * windows.length;
        lossCount += windows.length;
        const rate = windowsSeen / (trainMs / 1000);
        const remainingSteps = (plannedEpochs - epoch) * stepsPerEpoch + (stepsPerEpoch - step - 1);
        options.onProgress?.({
          phase: 'step', epoch, maxEpochs: plannedEpochs, step: step + 1, stepsPerEpoch, loss: lossSum / lossCount,
          valLoss: epochs.at(-1)?.valLoss ?? initialValLoss, bestValLoss: best.loss,
          elapsedMs: performance.now() - started, etaMs: (remainingSteps * options.batchSize * 1000) / rate, windowsPerSecond: rate, backend,
        });
      }
      const valLoss = valWindows.length > 0 ? await validate() : lossSum / Math.max(1, lossCount);
      const seconds = (performance.now() - epochStarted) / 1000;
      epochs.push({ epoch, loss: lossSum / Math.max(1, lossCount), valLoss, seconds });
      lastGood = await model.readWeights();
      if (!(valLoss >= best.loss)) best = { loss: valLoss, epoch, weights: lastGood };
      options.onProgress?.({
        phase: 'epoch', epoch, maxEpochs: plannedEpochs, step: stepsPerEpoch, stepsPerEpoch, loss: lossSum / Math.max(1, lossCount), valLoss,
        bestValLoss: best.loss, elapsedMs: performance.now() - started,
        etaMs: (plannedEpochs - epoch) * seconds * 1000, windowsPerSecond: windowsSeen / (trainMs / 1000), backend,
      });
      if (epoch - best.epoch >= patience) {
        stoppedBecause = 'no-improvement';
        break;
      }
      const elapsed = (performance.now() - started) / 1000;
      if (epoch === 1 && options.maxSeconds !== undefined) {
        // Fit the learning-rate decay to the epochs the time budget allows, so it ends decayed.
        const fits = Math.max(1, Math.floor((options.maxSeconds - (elapsed - seconds)) / seconds));
        if (fits < plannedEpochs) {
          plannedEpochs = fits;
          schedule.totalSteps = stepsPerEpoch * plannedEpochs;
          schedule.warmupSteps = Math.round(schedule.totalSteps * (options.warmup ?? 0.05));
        }
      }
      if (options.maxSeconds !== undefined && epoch < plannedEpochs && elapsed + seconds > options.maxSeconds) {
        stoppedBecause = 'time-budget';
        break;
      }
    }
  } finally {
    optimizer?.dispose();
  }
  model.writeWeights(best.weights);
  return {
    initialValLoss,
    bestValLoss: best.loss,
    bestEpoch: best.epoch,
    epochs,
    windowsSeen,
    seconds: (performance.now() - started) / 1000,
    stoppedBecause,
    backend,
    fallbacks,
    trainWindowsPerSecond: trainMs > 0 ? windowsSeen / (trainMs / 1000) : 0,
  };
}

async function trainStep(
  model: PatchTransformer, optimizer: AdamW, data: readonly PreparedSeries[], windows: readonly Window[],
  trainable: readonly string[], lr: number, options: TrainOptions, random: () => number,
): Promise<number> {
  const maskRate = options.maskRate ?? 0;
  const batch = buildBatch(data, windows, model.config, { withTargets: true, maskRate, random });
  const variables = trainable.map((name) => model.params.get(name)!);
  const lossTensor = tf.tidy(() => {
    const x = model.toTensors(batch);
    const target = target2d(batch);
    const mask = mask2d(batch);
    const recon = maskRate > 0 && batch.reconTarget && batch.reconMask
      ? {
        target: tf.tensor2d(batch.reconTarget, [batch.size, batch.reconTarget.length / batch.size]),
        mask: tf.tensor2d(batch.reconMask, [batch.size, batch.reconMask.length / batch.size]),
      }
      : undefined;
    const { value, grads } = tf.variableGrads(() => {
      const out = model.forward(x, true, recon !== undefined);
      let loss = pinballLoss(out.quantiles, target, mask, model.config.levels);
      if (recon && out.recon) loss = loss.add(maskedL1(out.recon, recon.target, recon.mask).mul(options.reconWeight ?? 0.2));
      return loss as tf.Scalar;
    }, variables);
    optimizer.apply(grads, lr);
    return value;
  });
  const loss = (await lossTensor.data())[0];
  lossTensor.dispose();
  return loss;
}

import {
  appUrl, trainingBackend, trainTransformer,
  type TrainJob, type TrainSummary, type TrainUpdate,
} from '../../bridge';
import type { BackendChoice, ComputeChoice, FreezeMode } from '../../core/neural';
import { isoToDay } from '../../core/series';
import { activateModel, activeModels, ALL_PRODUCTS, getNeuralSettings, latestSalesDay } from '../../db';
import { jobErrorMessage } from './job.svelte';
import { t } from '../../i18n';

/** Training budgets the seller picks from (the Standard one is the ≤ 3-minute recipe); labels: models:budget.<name>. */
export const BUDGETS = {
  quick: { maxEpochs: 1, windowsPerSeries: 2, maxWindowsPerEpoch: 256, maxSeconds: 60 },
  standard: { maxEpochs: undefined, windowsPerSeries: undefined, maxWindowsPerEpoch: undefined, maxSeconds: undefined },
  thorough: { maxEpochs: 20, windowsPerSeries: 16, maxWindowsPerEpoch: 30_000, maxSeconds: 600 },
} as const;
export type Budget = keyof typeof BUDGETS;
export const BUDGET_NAMES = Object.keys(BUDGETS) as Budget[];

export interface LossPoint {
  /** Fractional epoch. */
  x: number;
  loss?: number;
  valLoss?: number;
}


/** The Models view's job: one training (or Transformer forecast) at a time, with live progress. */
class Training {
  running = $state<null | 'train'>(null);
  update = $state.raw<TrainUpdate | null>(null);
  points = $state.raw<LossPoint[]>([]);
  summary = $state.raw<TrainSummary | null>(null);
  error = $state<string | null>(null);
  backend = $state.raw<BackendChoice | null>(null);
  /** Backend fallbacks reported during the last job, in words. */
  messages = $state.raw<string[]>([]);
  /** Where training and Transformer forecasts compute; changing it restarts the worker. */
  compute = $state<ComputeChoice>('auto');
  private controller?: AbortController;

  async checkBackend(): Promise<void> {
    this.backend = null;
    try {
      this.backend = await trainingBackend(this.compute);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  async train(options: { group: string; freeze: FreezeMode; budget: Budget; mode: TrainJob['mode'] }): Promise<void> {
    if (this.running) return;
    const budget = BUDGETS[options.budget];
    const job: TrainJob = {
      compute: this.compute,
      group: options.group,
      freeze: options.freeze,
      mode: options.mode,
      baseUrl: appUrl(''),
      maxEpochs: budget.maxEpochs,
      windowsPerSeries: budget.windowsPerSeries,
      maxWindowsPerEpoch: budget.maxWindowsPerEpoch,
      maxSeconds: budget.maxSeconds,
    };
    this.points = [];
    this.summary = null;
    this.messages = [];
    await this.run('train', async (signal) => {
      this.summary = await trainTransformer(job, (update) => this.onUpdate(update), signal);
      this.backend = await trainingBackend(this.compute);
    });
  }

  /**
   * Continual learning after an import: every version in use whose data ends before the newest
   * sales continues training on the new days (with replay), if the seller left that on.
   */
  async afterImport(): Promise<void> {
    if (this.running || !(await getNeuralSettings()).autoUpdate) return;
    const latest = await latestSalesDay();
    for (const [group, version] of await activeModels()) {
      if (!(latest > isoToDay(version.dataRange.last))) continue;
      await this.train({ group, freeze: version.training.freeze, budget: 'standard', mode: 'continual' });
      if (this.error) return;
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  async rollback(id: string, group = ALL_PRODUCTS): Promise<void> {
    try {
      await activateModel(id, group);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private onUpdate(update: TrainUpdate): void {
    this.update = update;
    if (update.message) this.messages = [...this.messages, update.message];
    if (update.stepsPerEpoch > 0) {
      const x = update.epoch - 1 + update.step / update.stepsPerEpoch;
      const point: LossPoint = { x: Math.max(0, x) };
      if (update.phase === 'step' && Number.isFinite(update.loss)) point.loss = update.loss;
      if (update.phase === 'epoch' && update.valLoss !== undefined) point.valLoss = update.valLoss;
      if (point.loss !== undefined || point.valLoss !== undefined) this.points = [...this.points, point];
    }
  }

  private async run(kind: 'train', work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    this.controller = new AbortController();
    this.running = kind;
    this.error = null;
    this.update = null;
    try {
      await work(this.controller.signal);
    } catch (error) {
      this.error = jobErrorMessage(error, t('models:cancelled'));
    } finally {
      this.running = null;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const training = new Training();

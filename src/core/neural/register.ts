import { ENSEMBLE_MEMBERS, type ModelEnvironment, type ModelRegistry } from '../evaluate';
import type { ForecastBatch, Forecaster, PredictOptions, Series } from '../series';
import { modelFromCheckpoint, type Checkpoint } from './checkpoint';
import { QuantileAverage } from './combine';
import { ALL_PRODUCTS } from './config';
import type { ProductStatics } from './covariates';
import { fineTune } from './finetune';
import { TransformerForecaster, VersionedTransformer } from './forecaster';
import type { PatchTransformer } from './model';
import { loadShippedModel, SHIPPED_MODEL_PATH } from './shipped';
import type { TrainOptions } from './train';

export const TRANSFORMER_MODEL = 'transformer';
export const TUNED_TRANSFORMER_MODEL = 'transformer_tuned';
export const ENSEMBLE_TRANSFORMER_MODEL = 'ensemble_transformer';
/** The Transformer's weight in `ensemble_transformer`: one member among the ensemble's, all equal. */
export const TRANSFORMER_SHARE = 1 / (ENSEMBLE_MEMBERS.length + 1);

/** A version to forecast with: ALL_PRODUCTS or a category, its weights and a note for the seller. */
export interface VersionSource {
  group: string;
  checkpoint: Checkpoint;
  note?: string;
}

export interface TransformerRegistration {
  /**
   * The versions in use (e.g. from IndexedDB). Without one for ALL_PRODUCTS, the shipped
   * pre-trained weights serve all products.
   */
  versions?: (env: ModelEnvironment) => Promise<VersionSource[]>;
  /** Category and text embedding per product. */
  statics?: () => Promise<ReadonlyMap<string, ProductStatics>>;
  /**
   * Where the shipped pre-trained weights come from (default: their bytes through `env.asset`, as
   * in Node; a browser, whose assets are URLs, passes a loader that fetches them).
   */
  shipped?: (env: ModelEnvironment) => Promise<Checkpoint>;
  /** Compute backend set-up before first use (Node: initNodeBackend from src/cli/node.ts). */
  prepare?: () => Promise<unknown>;
  /** Overrides of the per-fit fine-tuning of `transformer_tuned`. */
  tuning?: Partial<TrainOptions>;
}

const DESCRIPTION = 'patch Transformer pre-trained on Online Retail and synthetic sales; promotions, prices, weekdays, '
  + 'events and last year as inputs; P1–P99 quantiles, sample paths from a calibrated copula';

/**
 * Adds the Transformer to a model registry, so it appears in backtests, report cards, the automatic
 * selection (`transformer`) and the CLI (`--models transformer,transformer_tuned`):
 * - `transformer` forecasts with the versions in use (or the shipped weights, zero-shot); the
 *   networks are built once per environment and shared by every forecaster the registry creates.
 * - `transformer_tuned` fine-tunes the shipped weights on the history it is fitted on (the app's
 *   ≤ 3-minute recipe) before forecasting: what a seller gets after "Fine-tune on my sales", and
 *   honest in backtests because each fold fine-tunes on its own past only. Too slow to be a
 *   candidate of the automatic selection.
 */
export function registerTransformer(registry: ModelRegistry, registration: TransformerRegistration = {}): void {
  let versions: Map<string, { model: PatchTransformer; note?: string }> | undefined;
  let statics: ReadonlyMap<string, ProductStatics> | undefined;
  let shipped: Checkpoint | undefined;
  const loadShared = async (env: ModelEnvironment) => {
    await registration.prepare?.();
    statics = await registration.statics?.();
    shipped ??= await (registration.shipped ?? shippedCheckpoint)(env);
  };

  registry.register({
    kind: 'forecaster',
    name: TRANSFORMER_MODEL,
    label: 'Transformer',
    candidate: true,
    description: DESCRIPTION,
    load: async (env) => {
      await loadShared(env);
      const sources = (await registration.versions?.(env)) ?? [];
      if (!sources.some((v) => v.group === ALL_PRODUCTS)) {
        sources.push({ group: ALL_PRODUCTS, checkpoint: shipped!, note: 'Transformer, pre-trained weights (zero-shot).' });
      }
      for (const v of versions?.values() ?? []) v.model.dispose();
      versions = new Map(sources.map((v) => [v.group, { model: modelFromCheckpoint(v.checkpoint), note: v.note }]));
    },
    create: () => {
      if (!versions) throw new Error('the Transformer is not loaded yet');
      return new VersionedTransformer(versions, { statics });
    },
  });

  registry.register({
    kind: 'forecaster',
    name: ENSEMBLE_TRANSFORMER_MODEL,
    label: 'Ensemble + Transformer',
    // Not a candidate of the automatic selection: its inner backtest refits the whole ensemble per
    // fold, which doubled the selection's time on Online Retail (16 → 33 s) for a gain of 0.1% MASE
    // and 0.3% pinball there.
    description: `the ensemble (${ENSEMBLE_MEMBERS.join(', ')}) with the Transformer as one more equal member: `
      + `quantiles and sample paths averaged with weight 1/${ENSEMBLE_MEMBERS.length + 1} on the Transformer`,
    load: (env) => registry.load(registry.get(TRANSFORMER_MODEL), env),
    create: (env) => new QuantileAverage(
      ENSEMBLE_TRANSFORMER_MODEL, registry.instantiate(registry.get('ensemble'), env), registry.instantiate(registry.get(TRANSFORMER_MODEL), env), TRANSFORMER_SHARE,
    ),
  });

  registry.register({
    kind: 'forecaster',
    name: TUNED_TRANSFORMER_MODEL,
    label: 'Transformer (fine-tuned)',
    description: `${DESCRIPTION}; fine-tuned on the history it is given before forecasting`,
    load: loadShared,
    create: () => {
      if (!shipped) throw new Error('the Transformer is not loaded yet');
      return new FineTuningTransformer(shipped, statics, registration.tuning);
    },
  });
}

/** Fits by fine-tuning `parent` on the series (all layers, the app's recipe), then forecasts. */
export class FineTuningTransformer implements Forecaster {
  readonly name = TUNED_TRANSFORMER_MODEL;
  private series: readonly Series[] = [];
  private model: PatchTransformer | undefined;
  /** What the last fit did, for reports. */
  lastFit?: { seconds: number; epochs: number; valLossBefore: number; valLossAfter: number; kept: boolean };

  constructor(
    private readonly parent: Checkpoint,
    private readonly statics?: ReadonlyMap<string, ProductStatics>,
    private readonly tuning: Partial<TrainOptions> = {},
  ) {}

  async fit(series: readonly Series[]): Promise<void> {
    this.series = series;
    this.model?.dispose();
    // Everything here is "history": fineTune holds out its own last horizon for the keep decision
    // and trains on what lies before it.
    const outcome = await fineTune({ parent: this.parent, series, statics: this.statics, freeze: 'all', train: this.tuning });
    this.lastFit = {
      seconds: outcome.result.seconds, epochs: outcome.result.epochs.length,
      valLossBefore: outcome.result.initialValLoss, valLossAfter: outcome.result.bestValLoss, kept: outcome.keep,
    };
    // As the app does: a version that did not beat its parent on the held-out days is not used.
    this.model = modelFromCheckpoint(outcome.keep ? outcome.checkpoint : this.parent);
  }

  async predict(horizon: number, options: PredictOptions): Promise<ForecastBatch> {
    if (!this.model) throw new Error('fit first');
    const forecaster = new TransformerForecaster(this.model, {
      statics: this.statics,
      note: this.lastFit?.kept ? 'Transformer fine-tuned on this history.' : 'Transformer, pre-trained weights (fine-tuning did not improve them).',
    });
    forecaster.fit(this.series);
    return forecaster.predict(horizon, options);
  }
}

/** The shipped weights through the environment, which must answer with their bytes (as Node does). */
export function shippedCheckpoint(env: ModelEnvironment): Promise<Checkpoint> {
  return loadShippedModel(async (name) => {
    const asset = await env.asset(`${SHIPPED_MODEL_PATH}${name}`);
    if (typeof asset === 'string') throw new Error(`the shipped model file came as a URL (${asset}): give registerTransformer a \`shipped\` loader`);
    return asset;
  });
}

import { dayToIso, isoToDay, type Series } from '../series';
import { calibratePaths } from './calibrate';
import { checkpointFromWeights, modelFromCheckpoint, withTextDim, type Checkpoint } from './checkpoint';
import { horizonDays } from './config';
import { attachSeasonalProfiles, prepareSeries, type ProductStatics } from './covariates';
import { TransformerForecaster } from './forecaster';
import { scoreProducts, summarise, withoutLast, type HoldoutScore } from './holdout';
import type { FreezeMode } from './config';
import { FINE_TUNE_DEFAULTS, trainModel, type TrainOptions, type TrainResult } from './train';

export interface FineTuneRequest {
  parent: Checkpoint;
  /** Daily series of the products to train on (one group), full history. */
  series: readonly Series[];
  statics?: ReadonlyMap<string, ProductStatics>;
  freeze: FreezeMode;
  /**
   * Continual learning: the first day (day number) the parent has not seen. Training then favours
   * windows reaching into the new days and replays `replayShare` windows from before.
   */
  newSince?: number;
  replayShare?: number;
  /** Overrides of the fine-tuning recipe (budget, epochs, callbacks). */
  train?: Partial<TrainOptions>;
}

export interface FineTuneOutcome {
  checkpoint: Checkpoint;
  result: TrainResult;
  /** Both models forecast the last horizon from the history before it; lower is better. */
  backtest: { model: HoldoutScore; parent: HoldoutScore; horizon: number };
  keep: boolean;
  /** Why the version is kept or not, in words for the seller. */
  reason: string;
  dataRange: { first: string; last: string; products: number; windows: number };
}

/**
 * Fine-tunes `parent` on a group's products and decides whether the result is kept: the last
 * horizon is held out, the model trains on the history before it (with its own time-based
 * validation split for early stopping), then both the new model and its parent forecast the held-out
 * days. The new version is kept only if its pinball loss there is not worse than the parent's.
 */
export async function fineTune(request: FineTuneRequest): Promise<FineTuneOutcome> {
  const textDim = [...(request.statics?.values() ?? [])].find((s) => s.text)?.text?.length ?? 0;
  const parent = textDim > 0 ? withTextDim(request.parent, textDim) : request.parent;
  const H = horizonDays(parent.config);
  const history = withoutLast(request.series, H);
  const prepare = (s: Series) => prepareSeries(s, { statics: request.statics?.get(s.sku), categoryBuckets: parent.config.categoryBuckets });
  const prepared = history.map(prepare);
  if (parent.config.seasonalProfile) attachSeasonalProfiles(prepared);

  const model = modelFromCheckpoint(parent);
  try {
    const newSince = request.newSince;
    const result = await trainModel(model, prepared, {
      ...FINE_TUNE_DEFAULTS,
      freeze: request.freeze,
      ...(newSince !== undefined && Number.isFinite(newSince)
        ? { replay: { newFrom: (s) => newSince - s.startDay, share: request.replayShare ?? 0.3 } }
        : {}),
      ...request.train,
    });

    const calibration = await calibratePaths(model, prepared);
    const config = { ...model.config, pathCorrelation: { common: calibration.common, ar: calibration.ar }, spread: calibration.spread };
    const checkpoint = checkpointFromWeights(config, await model.readWeights());

    const parentModel = modelFromCheckpoint(parent);
    let scores: { model: HoldoutScore; parent: HoldoutScore };
    try {
      const forecast = async (forecaster: TransformerForecaster) => {
        forecaster.fit(history);
        return (await forecaster.predict(H, { quantiles: [0.1, 0.5, 0.9] })).forecasts;
      };
      const mine = scoreProducts(request.series, await forecast(new TransformerForecaster(model, { statics: request.statics })), H);
      const theirs = scoreProducts(request.series, await forecast(new TransformerForecaster(parentModel, { statics: request.statics })), H);
      const both = new Set([...mine.keys()].filter((sku) => theirs.has(sku)));
      scores = { model: summarise(mine, both), parent: summarise(theirs, both) };
    } finally {
      parentModel.dispose();
    }

    let keep: boolean;
    let reason: string;
    if (result.bestEpoch === 0) {
      keep = false;
      reason = 'Not kept: no epoch improved the validation loss, so the version in use stays.';
    } else if (scores.model.products === 0) {
      keep = result.bestValLoss < result.initialValLoss;
      reason = keep
        ? 'Too little history for a backtest; kept because its validation loss improved.'
        : 'Too little history for a backtest, and the validation loss did not improve.';
    } else if (scores.model.scaledPinball <= scores.parent.scaledPinball) {
      keep = true;
      reason = `Kept: on the last ${H} days its pinball loss is ${scores.model.scaledPinball.toFixed(3)} vs ${scores.parent.scaledPinball.toFixed(3)} for the model it came from.`;
    } else {
      keep = false;
      reason = `Not kept: on the last ${H} days its pinball loss is ${scores.model.scaledPinball.toFixed(3)}, worse than ${scores.parent.scaledPinball.toFixed(3)} for the model it came from.`;
    }

    const starts = request.series.map((s) => isoToDay(s.start));
    const ends = request.series.map((s, i) => starts[i] + s.values.length - 1);
    return {
      checkpoint,
      result,
      backtest: { ...scores, horizon: H },
      keep,
      reason,
      dataRange: {
        first: dayToIso(Math.min(...starts)),
        last: dayToIso(Math.max(...ends)),
        products: request.series.length,
        windows: result.windowsSeen,
      },
    };
  } finally {
    model.dispose();
  }
}

import * as tf from '@tensorflow/tfjs';
import { t } from '../../i18n';
import { calibrateTotalsAgainstEnsemble } from '../baselines';
import { addPeriods, dayToIso, isoToDay } from '../series';
import type { ForecastBatch, ForecastResult, Forecaster, PredictOptions, Series, SkippedSeries } from '../series';
import { hashString, normaliseLevels, quantileKey } from '../stats';
import { modelFromCheckpoint, type Checkpoint } from './checkpoint';
import { ALL_PRODUCTS, applySpread, horizonDays } from './config';
import { attachSeasonalProfiles, prepareSeries, type FutureCovariates, type PreparedSeries, type ProductStatics } from './covariates';
import type { PatchTransformer } from './model';
import { quantileAt, samplePaths } from './paths';
import { buildBatch, type Window } from './windows';

export interface NeuralPredictOptions extends PredictOptions {
  /** Planned promotions and prices per product for the forecast days (what-if). */
  future?: ReadonlyMap<string, FutureCovariates>;
}

/** A what-if promotion of one product: 1 on its days over the forecast, and its price cut (0.2 = 20% off). */
export interface PlannedPromotion {
  days: Uint8Array;
  discount: number;
}

/**
 * Planned promotions as the network's future inputs: the promotion flag on their days and, where a
 * product's price is known, its last price cut by the discount on those days (unchanged elsewhere).
 */
export function promotionCovariates(series: readonly Series[], promotions: ReadonlyMap<string, PlannedPromotion>): Map<string, FutureCovariates> {
  const future = new Map<string, FutureCovariates>();
  for (const s of series) {
    const promotion = promotions.get(s.sku);
    if (!promotion) continue;
    const price = s.covariates?.price;
    let last = Number.NaN;
    for (let i = (price?.length ?? 0) - 1; i >= 0 && Number.isNaN(last); i--) if (price![i] > 0) last = price![i];
    future.set(s.sku, {
      promo: promotion.days,
      price: Number.isNaN(last) ? undefined : Array.from(promotion.days, (on) => (on ? last * (1 - promotion.discount) : Number.NaN)),
    });
  }
  return future;
}

export interface TransformerForecasterOptions {
  /** Category and text embedding per product. */
  statics?: ReadonlyMap<string, ProductStatics>;
  /** Shown next to every forecast (e.g. which model version made it). */
  note?: string;
  batchSize?: number;
}

/**
 * The Transformer as the app runs it: each product is forecast by the version fine-tuned for its
 * category when there is one, else by the all-products version (fine-tuned, or the shipped weights).
 */
export class VersionedTransformer implements Forecaster {
  readonly name = 'transformer';
  private series: readonly Series[] = [];

  /** `versions` maps ALL_PRODUCTS or a category name to a network; ALL_PRODUCTS is required. */
  constructor(
    private readonly versions: ReadonlyMap<string, { model: PatchTransformer; note?: string }>,
    private readonly options: TransformerForecasterOptions = {},
  ) {
    if (!versions.has(ALL_PRODUCTS)) throw new Error('the Transformer needs a version for all products');
  }

  fit(series: readonly Series[]): void {
    this.series = series;
  }

  async predict(horizon: number, options: NeuralPredictOptions): Promise<ForecastBatch> {
    const groups = new Map<string, Series[]>();
    for (const s of this.series) {
      const category = this.options.statics?.get(s.sku)?.category;
      const key = category !== undefined && this.versions.has(category) ? category : ALL_PRODUCTS;
      const list = groups.get(key);
      if (list) list.push(s);
      else groups.set(key, [s]);
    }
    const out: ForecastBatch = { forecasts: [], skipped: [] };
    for (const [key, list] of groups) {
      const version = this.versions.get(key)!;
      const forecaster = new TransformerForecaster(version.model, { ...this.options, note: version.note ?? this.options.note });
      forecaster.fit(list);
      const batch = await forecaster.predict(horizon, options);
      out.forecasts.push(...batch.forecasts);
      out.skipped.push(...batch.skipped);
    }
    const order = new Map(this.series.map((s, i) => [s.sku, i]));
    out.forecasts.sort((a, b) => (order.get(a.sku) ?? 0) - (order.get(b.sku) ?? 0));
    if ((options.paths ?? 0) > 0 && options.calibrateTotals !== false) calibrateTotalsAgainstEnsemble(this.series, out, options.decisionDays ?? horizon);
    return out;
  }

  /**
   * The what-if's promotion scenario (PromoScenarioForecaster in src/core/plan): the same forecast
   * with the promotion's days and price cut given to the network as future inputs.
   */
  predictWithPromotion(horizon: number, options: PredictOptions, promotions: ReadonlyMap<string, PlannedPromotion>): Promise<ForecastBatch> {
    return this.predict(horizon, { ...options, future: promotionCovariates(this.series, promotions) });
  }
}

/** A forecaster over a stored or shipped checkpoint (it owns the network it builds: call dispose()). */
export function transformerFromCheckpoint(checkpoint: Checkpoint, options: TransformerForecasterOptions = {}): TransformerForecaster {
  return new TransformerForecaster(modelFromCheckpoint(checkpoint), options);
}

/** Days of observed history below which a forecast carries a "short history" note. */
const SHORT_HISTORY = 28;

/**
 * The Transformer behind the common Forecaster face. It is a global model: `fit` only keeps the
 * series it will condition on (training happens in trainModel, once, over all products), and
 * `predict` runs one forward pass per batch of products.
 */
export class TransformerForecaster implements Forecaster {
  readonly name = 'transformer';
  private series: readonly Series[] = [];

  constructor(private readonly model: PatchTransformer, private readonly options: TransformerForecasterOptions = {}) {}

  fit(series: readonly Series[]): void {
    this.series = series;
  }

  /** Frees the network's tensors (GPU memory on WebGPU/WebGL); the forecaster is unusable after. */
  dispose(): void {
    this.model.dispose();
  }

  async predict(horizon: number, options: NeuralPredictOptions): Promise<ForecastBatch> {
    if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
    const levels = normaliseLevels(options.quantiles);
    const cfg = this.model.config;
    const forecasts: ForecastResult[] = [];
    const skipped: SkippedSeries[] = [];
    const usable: { series: Series; prepared: PreparedSeries; observedDays: number }[] = [];
    for (const s of this.series) {
      if (s.freq !== 'D') {
        skipped.push({ sku: s.sku, reason: t('engine:neural.weekly') });
        continue;
      }
      const prepared = prepareSeries(s, { statics: this.options.statics?.get(s.sku), categoryBuckets: cfg.categoryBuckets });
      const observedDays = prepared.observed.reduce((a, b) => a + b, 0);
      if (observedDays === 0) {
        skipped.push({ sku: s.sku, reason: t('engine:neural.noObserved') });
        continue;
      }
      usable.push({ series: s, prepared, observedDays });
    }
    if (cfg.seasonalProfile) attachSeasonalProfiles(usable.map((u) => u.prepared));

    const batchSize = this.options.batchSize ?? 256;
    for (let i = 0; i < usable.length; i += batchSize) {
      const chunk = usable.slice(i, i + batchSize);
      const units = await this.forecastUnits(chunk.map((c) => c.prepared), horizon, chunk.map((c) => options.future?.get(c.series.sku)));
      chunk.forEach(({ series, observedDays }, b) => {
        const own = units[b];
        const quantiles: Record<string, Float32Array> = {};
        for (const level of levels) {
          const out = new Float32Array(horizon);
          for (let t = 0; t < horizon; t++) out[t] = quantileAt(cfg.levels, own, level, t * cfg.levels.length);
          quantiles[quantileKey(level)] = out;
        }
        const notes: string[] = [];
        if (this.options.note) notes.push(this.options.note);
        if (observedDays < SHORT_HISTORY) notes.push(t('engine:neural.shortHistory', { count: observedDays }));
        if (horizon > horizonDays(cfg)) {
          notes.push(t('engine:neural.extended', { days: horizonDays(cfg) }));
        }
        const result: ForecastResult = {
          sku: series.sku,
          model: this.name,
          start: dayToIso(addPeriods(isoToDay(series.start), series.values.length, series.freq)),
          freq: series.freq,
          horizon,
          levels,
          quantiles,
          notes,
        };
        const nPaths = options.paths ?? 0;
        if (nPaths > 0) {
          result.paths = samplePaths(own, cfg.levels, horizon, nPaths, cfg.pathCorrelation, hashString(series.sku));
          result.nPaths = nPaths;
        }
        forecasts.push(result);
      });
    }
    return { forecasts, skipped };
  }

  /**
   * The what-if's promotion scenario (PromoScenarioForecaster in src/core/plan): the same forecast
   * with the promotion's days and price cut given to the network as future inputs.
   */
  predictWithPromotion(horizon: number, options: PredictOptions, promotions: ReadonlyMap<string, PlannedPromotion>): Promise<ForecastBatch> {
    return this.predict(horizon, { ...options, future: promotionCovariates(this.series, promotions) });
  }

  /**
   * Per product, [horizon × levels] quantiles in units at the model's own levels. Horizons longer
   * than the model's are produced block by block, appending the median to the history.
   */
  async forecastUnits(prepared: PreparedSeries[], horizon: number, future: (FutureCovariates | undefined)[] = []): Promise<Float32Array[]> {
    const cfg = this.model.config;
    const H = horizonDays(cfg);
    const Q = cfg.levels.length;
    const median = cfg.levels.indexOf(0.5);
    const out = prepared.map(() => new Float32Array(horizon * Q));
    let current = prepared;
    for (let done = 0; done < horizon; done += H) {
      const windows: Window[] = current.map((s, series) => ({ series, origin: s.values.length }));
      const blockFuture = future.map((f) => (f ? sliceFuture(f, done, H) : undefined));
      const batch = buildBatch(current, windows, cfg, { future: blockFuture });
      const z = tf.tidy(() => this.model.forward(this.model.toTensors(batch), false).quantiles);
      const values = (await z.data()) as Float32Array;
      z.dispose();
      const take = Math.min(H, horizon - done);
      for (let b = 0; b < prepared.length; b++) {
        for (let t = 0; t < take; t++) {
          const at = (done + t) * Q;
          for (let q = 0; q < Q; q++) {
            const y = (batch.level[b] + batch.scale[b] * values[(b * H + t) * Q + q]) * batch.season[b * H + t];
            out[b][at + q] = Math.max(0, y);
          }
          applySpread(cfg.spread, out[b], at, cfg.levels);
        }
      }
      if (done + H < horizon) {
        current = current.map((s, b) => extendWithMedian(s, out[b], done, H, Q, median, future[b]));
      }
    }
    return out;
  }
}

function sliceFuture(f: FutureCovariates, from: number, length: number): FutureCovariates {
  return {
    promo: f.promo ? Array.from({ length }, (_, i) => f.promo![from + i] ?? 0) : undefined,
    price: f.price ? Array.from({ length }, (_, i) => f.price![from + i] ?? Number.NaN) : undefined,
  };
}

function extendWithMedian(
  s: PreparedSeries, units: Float32Array, from: number, H: number, Q: number, median: number, future?: FutureCovariates,
): PreparedSeries {
  const n = s.values.length;
  const grow = <T extends Float32Array | Uint8Array>(a: T, fill: (t: number) => number): T => {
    const next = new (a.constructor as { new(length: number): T })(n + H);
    next.set(a);
    for (let t = 0; t < H; t++) next[n + t] = fill(t);
    return next;
  };
  return {
    ...s,
    values: grow(s.values, (t) => units[(from + t) * Q + median]),
    observed: grow(s.observed, () => 1),
    promo: grow(s.promo, (t) => (future?.promo?.[from + t] ? 1 : 0)),
    price: grow(s.price, (t) => {
      const planned = future?.price?.[from + t];
      return planned !== undefined && Number.isFinite(planned) ? planned : s.price[n - 1];
    }),
  };
}

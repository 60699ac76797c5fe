import type { ModelEnvironment, ModelRegistry } from '../core/evaluate';
import type { BackendChoice, ProductStatics } from '../core/neural';
import type { ForecastResult, Series } from '../core/series';
import type { BacktestRecord, ForecastRecord, ForecastReport, ModelRecord, PlanningData, PlanSettings, ProductRecord } from '../db';

/**
 * What the jobs read and write, as interfaces: src/db implements them over IndexedDB
 * (`dbRepositories`), tests may pass their own. A job never sees Dexie.
 */
export interface SalesRepository {
  /** Daily series of the given products (all when absent), with stock-outs and closures flagged. */
  loadDailySeries(skus?: readonly string[]): Promise<Series[]>;
}

export interface ForecastRepository {
  storeForecasts(results: readonly ForecastResult[], createdAt?: string): Promise<void>;
  /** Replaces every product's report card and the catalogue's (undefined: none). */
  storeBacktests(records: readonly BacktestRecord[], report: ForecastReport | undefined): Promise<void>;
}

export interface ModelRepository {
  activeModel(group?: string): Promise<ModelRecord | undefined>;
  saveModel(record: ModelRecord, activate: boolean): Promise<void>;
}

export interface StaticsRepository {
  /** Static facts per product the models use (category today). */
  productStatics(): Promise<Map<string, ProductStatics>>;
}

export interface SettingsRepository {
  /** The registered model the seller forecasts with ("auto" unless chosen). */
  getForecastModel(): Promise<string>;
  getPlanSettings(): Promise<PlanSettings>;
}

export interface PlanningRepository {
  /** Products, latest forecasts and, where `needsPaths` says so, their sample paths. */
  loadPlanningData(needsPaths?: (forecast: ForecastRecord, product: ProductRecord) => boolean): Promise<PlanningData>;
}

/** The models a job may use, and where they find their files. */
export interface ModelSource {
  registry(options?: { onProgress?: (stage: string, fraction?: number) => void }): ModelRegistry;
  environment: ModelEnvironment;
}

/**
 * The compute backend, as the host set it up (tfjs in a worker: WebGPU → WebGL → WASM → CPU).
 * Jobs that run the Transformer retry on the next backend when one breaks mid-way.
 */
export interface Compute {
  /** Runs `attempt`, and again on the next backend if this one breaks (saying so through `onFallback`). */
  withFallback<T>(attempt: () => Promise<T>, onFallback: (message: string) => void): Promise<T>;
  /** The backend in use now, for the status bar. */
  current(): Promise<BackendChoice>;
}

/** A job's progress in words, with the fraction done where known. */
export type Progress = (update: { stage: string; fraction?: number }) => void;

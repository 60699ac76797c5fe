import type { PointModel } from '../baselines';
import type { Forecaster } from '../series';

/**
 * The model registry: every forecaster the project has, by name, so that the CLI (`--models`), the
 * backtest, the automatic selection and the forecast worker treat them alike. A model is added
 * with one `register` call; nothing else has to change.
 *
 *   registry.register({
 *     name: 'transformer', label: 'Transformer', description: 'patch Transformer, quantile head',
 *     kind: 'forecaster', candidate: true,
 *     load: async (env) => { weights = await env.asset('models/patch/weights.bin'); },
 *     create: (env) => new TransformerForecaster(weights),
 *   });
 *
 * Two kinds:
 * - `point`: a PointModel (mean forecast that can be replayed from any past origin). The engine
 *   wraps it in a PointForecaster, whose quantiles and paths come from the model's own errors, and
 *   the automatic selection replays it cheaply instead of refitting per fold.
 * - `forecaster`: any Forecaster with its own quantiles (and, preferably, paths). The automatic
 *   selection backtests it by refitting on each inner fold and recalibrates its quantile levels
 *   from those folds, so its intervals cover what they claim.
 */

/** Where a model finds the files the app ships (wasm, weights), in Node and in a browser. */
export interface ModelEnvironment {
  /**
   * A shipped asset: a package file (e.g. "@bsull/augurs/ets_bg.wasm") or a path served from
   * public/ (e.g. "models/patch/config.json"). Node answers with the bytes, a browser with a URL.
   */
  asset(id: string): Promise<Uint8Array<ArrayBuffer> | string>;
  /** "node" or "browser", for the rare model that must know. */
  readonly runtime: 'node' | 'browser';
}

interface SpecBase {
  /** Unique snake_case name: what `--models` takes and what forecasts record. */
  name: string;
  /** Short human name for tables and the UI. */
  label: string;
  /** One sentence for `--help` and the UI. */
  description: string;
  /** Offered to the automatic selection as a candidate (default false). */
  candidate?: boolean;
  /** One-time asynchronous setup per environment (wasm, weights); awaited before `create`. */
  load?(env: ModelEnvironment): Promise<void>;
}

export interface PointModelSpec extends SpecBase {
  kind: 'point';
  point(): PointModel;
  /**
   * For a combination (the ensemble): the point models it averages. The automatic selection then
   * combines the members' fits instead of fitting them twice.
   */
  combines?: readonly string[];
}

export interface ForecasterSpec extends SpecBase {
  kind: 'forecaster';
  create(env: ModelEnvironment): Forecaster;
}

export type ModelSpec = PointModelSpec | ForecasterSpec;

export class UnknownModelError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`unknown model "${name}"; known models: ${known.join(', ')}`);
    this.name = 'UnknownModelError';
  }
}

export class ModelRegistry {
  private readonly specs = new Map<string, ModelSpec>();
  private readonly loads = new WeakMap<ModelEnvironment, Map<string, Promise<void>>>();
  /** How a point model becomes a Forecaster; set by the engine (avoids a cycle with baselines). */
  constructor(private readonly wrapPoint: (spec: PointModelSpec) => Forecaster) {}

  register(spec: ModelSpec): void {
    if (!/^[a-z][a-z0-9_]*$/.test(spec.name)) throw new RangeError(`model name "${spec.name}" must be snake_case`);
    if (this.specs.has(spec.name)) throw new RangeError(`model "${spec.name}" is already registered`);
    this.specs.set(spec.name, spec);
  }

  has(name: string): boolean {
    return this.specs.has(name);
  }

  get(name: string): ModelSpec {
    const spec = this.specs.get(name);
    if (!spec) throw new UnknownModelError(name, this.names());
    return spec;
  }

  names(): string[] {
    return [...this.specs.keys()];
  }

  list(): ModelSpec[] {
    return [...this.specs.values()];
  }

  /** Specs of a comma-separated list ("ets,tsb"); throws UnknownModelError for a name it lacks. */
  resolve(list: string | readonly string[]): ModelSpec[] {
    const names = (typeof list === 'string' ? list.split(',') : [...list]).map((s) => s.trim()).filter(Boolean);
    if (names.length === 0) throw new RangeError('no model named');
    return [...new Set(names)].map((name) => this.get(name));
  }

  candidates(): ModelSpec[] {
    return this.list().filter((s) => s.candidate);
  }

  /** Runs a spec's `load` once per environment. */
  async load(spec: ModelSpec, env: ModelEnvironment): Promise<void> {
    if (!spec.load) return;
    let perEnv = this.loads.get(env);
    if (!perEnv) {
      perEnv = new Map();
      this.loads.set(env, perEnv);
    }
    let loading = perEnv.get(spec.name);
    if (!loading) {
      loading = spec.load(env);
      perEnv.set(spec.name, loading);
      loading.catch(() => perEnv?.delete(spec.name));
    }
    await loading;
  }

  /** A fresh forecaster of a registered model, loaded and ready to fit. */
  async create(name: string, env: ModelEnvironment): Promise<Forecaster> {
    const spec = this.get(name);
    await this.load(spec, env);
    return this.instantiate(spec, env);
  }

  /** A fresh forecaster of a spec whose `load` has already been awaited (see `load`). */
  instantiate(spec: ModelSpec, env: ModelEnvironment): Forecaster {
    return spec.kind === 'point' ? this.wrapPoint(spec) : spec.create(env);
  }
}

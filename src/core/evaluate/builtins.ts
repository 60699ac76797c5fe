import {
  AUGURS_WASM, AugursForecaster, EnsemblePoint, EtsPoint, FULL_ETS_SPECS, IntermittentPoint, loadAugurs, MovingAveragePoint,
  NaivePoint, PointForecaster, SeasonalNaive,
} from '../baselines';
import { AutoForecaster, type AutoOptions } from './auto';
import { ModelRegistry, type PointModelSpec } from './registry';

/** What `ensemble` averages: one model per kind of demand it is good at. */
export const ENSEMBLE_MEMBERS = ['ets', 'tsb', 'moving_average'] as const;

/** A registry holding every built-in model (a fresh one per call, so tests can add their own). */
export function createRegistry(autoOptions: AutoOptions = {}): ModelRegistry {
  const registry = new ModelRegistry((spec: PointModelSpec) => new PointForecaster(spec.point(), {}, spec.name));
  registry.register({
    kind: 'point', name: 'naive', label: 'Naive', description: 'repeats the last observed value',
    point: () => new NaivePoint(),
  });
  registry.register({
    kind: 'forecaster', name: 'seasonal_naive', label: 'Seasonal naive', candidate: true,
    description: 'repeats the value one season (week, or year of weeks) earlier; uncertainty from its own past errors',
    create: () => new SeasonalNaive(),
  });
  registry.register({
    kind: 'point', name: 'moving_average', label: 'Moving average', candidate: true,
    description: 'mean of the last 7–56 days (window chosen on the history) spread over the week by the weekday profile',
    point: () => new MovingAveragePoint(),
  });
  registry.register({
    kind: 'point', name: 'ets', label: 'ETS (auto)', candidate: true,
    description: 'exponential smoothing with weekly season, error/trend/season types chosen by AICc',
    point: () => new EtsPoint(),
  });
  registry.register({
    kind: 'point', name: 'ets_full', label: 'ETS (all 15 types)',
    description: "ETS choosing among forecast::ets's fifteen types, undamped trends included (slower)",
    point: () => new EtsPoint({ specs: FULL_ETS_SPECS }, 'ets_full'),
  });
  registry.register({
    kind: 'point', name: 'croston', label: 'Croston', description: "Croston's method for intermittent demand",
    point: () => new IntermittentPoint('croston'),
  });
  registry.register({
    kind: 'point', name: 'sba', label: 'SBA', candidate: true, description: 'Syntetos–Boylan approximation (bias-corrected Croston)',
    point: () => new IntermittentPoint('sba'),
  });
  registry.register({
    kind: 'point', name: 'tsb', label: 'TSB', candidate: true, description: 'Teunter–Syntetos–Babai: demand probability × size, decays when sales stop',
    point: () => new IntermittentPoint('tsb'),
  });
  registry.register({
    kind: 'point', name: 'ensemble', label: 'Ensemble', candidate: true,
    description: `mean of ${ENSEMBLE_MEMBERS.join(', ')}`,
    combines: ENSEMBLE_MEMBERS,
    point: () => new EnsemblePoint('ensemble', [new EtsPoint(), new IntermittentPoint('tsb'), new MovingAveragePoint()]),
  });
  registry.register({
    kind: 'forecaster', name: 'auto_ets', label: 'AutoETS (augurs)',
    description: "@bsull/augurs' AutoETS (non-seasonal ETS chosen by AICc), Gaussian intervals",
    load: async (env) => loadAugurs('ets', await env.asset(AUGURS_WASM.ets)),
    create: () => new AugursForecaster('ets'),
  });
  registry.register({
    kind: 'forecaster', name: 'mstl', label: 'MSTL (augurs)',
    description: "@bsull/augurs' MSTL: LOESS weekly (and yearly) seasonal decomposition, AutoETS on the rest",
    load: async (env) => loadAugurs('mstl', await env.asset(AUGURS_WASM.mstl)),
    create: () => new AugursForecaster('mstl'),
  });
  registry.register({
    kind: 'forecaster', name: 'auto', label: 'Auto (backtest selection)',
    description: "per product, the candidate that backtested best for its demand class (or clearly best on its own history), conformally calibrated intervals",
    create: (env) => new AutoForecaster(registry, env, autoOptions),
  });
  return registry;
}

/** The model the app and the CLI use unless told otherwise. */
export const DEFAULT_MODEL = 'auto';

import {
  calibrateDecisionTotals, chooseTotalsModels, combine, errorColumns, errorTable, forecastWithErrors, futureScales, prepareBatch,
  type DecisionItem, type FittedPoint, type PrepareOptions, type PreparedSeries,
} from '../baselines';
import {
  truncateSeries, type ForecastBatch, type ForecastResult, type Forecaster, type PredictOptions, type Series, type SkippedSeries,
} from '../series';
import { t } from '../../i18n';
import { normaliseLevels, quantileKey, quantileSorted } from '../stats';
import { demandClass, type DemandClass, type DemandClassName } from './demandClass';
import {
  aggregateMetrics, metricsOf, naiveScales, pinball, quantileRows, ScoreAccumulator, type AggregateMetrics, type Metrics,
} from './metrics';
import type { ForecasterSpec, ModelEnvironment, ModelRegistry, ModelSpec, PointModelSpec } from './registry';

/**
 * The default pipeline, `auto`: per product, a model chosen by a rolling-origin backtest on the
 * product's own recent history, with intervals widened or narrowed by split-conformal calibration
 * on that backtest so that they cover what they claim.
 *
 * 1. Inner backtest. The last `folds` windows of `horizon` steps are forecast from their origins.
 *    Point models are fitted once and replayed from each origin (states at the origin, parameters
 *    from the whole history — a small optimism the CLI's outer backtest does not share); their
 *    quantiles at an origin use only errors whose targets lie before the oldest inner origin. Other
 *    forecasters are refitted on the history before each origin.
 * 2. Selection. A few weeks of one product's sales rarely prove one model better than another, so
 *    each demand class (smooth, erratic, intermittent, lumpy) first gets the candidate with the
 *    lowest mean scaled pinball loss over all its products; a product then switches to another
 *    candidate only if that one beat its class's choice clearly on its own history: lower pinball
 *    loss, with a t-statistic above `switchT` on weekly blocks of loss differences.
 * 3. Calibration (conformalised quantile regression, Romano et al. 2019). For each central interval
 *    (P10–P90, …) and demand class, the conformity scores max(q_lo − y, y − q_hi) / scale of the chosen
 *    forecasts on the inner backtest give the amount Q to move both ends by so that the interval
 *    would have covered its nominal share there; Q < 0 narrows it. The median is left alone.
 * 4. Forecast from the end with the chosen model; intervals and sample paths moved by Q.
 *
 * `report()` keeps, per product, every candidate's inner-backtest metrics, the winner and why.
 */

export interface AutoOptions {
  /** Candidate model names (registry); default: every registered candidate. */
  candidates?: readonly string[];
  /** Inner backtest windows (default 3). */
  folds?: number;
  /** t-statistic a product's own evidence needs to overrule its class's choice (default 2). */
  switchT?: number;
  /** Conformal calibration of the intervals (default true). */
  calibrate?: boolean;
  /**
   * How the total demand over the decision's horizon is modelled: from the replays of the model
   * each product's pool of look-alikes predicts totals best with ('decision', default), or of the
   * model chosen for its days ('daily').
   */
  totalsModel?: 'decision' | 'daily';
  /** With totalsModel 'decision': means of the last H days, quarter and year are candidates too (default true). */
  totalsRecentMeans?: boolean;
  prepare?: PrepareOptions;
  /** Called as the work goes on: what is happening, and how far (0–1) when known. */
  onProgress?: (stage: string, fraction?: number) => void;
}

/** The whole catalogue's inner backtest: the overall report card. */
export interface AutoSummary {
  horizon: number;
  folds: number;
  /** Products in the comparison (those every candidate could forecast). */
  products: number;
  /** Per candidate, over those products. */
  models: Record<string, AggregateMetrics>;
  /**
   * The chosen model of each product, over those products. Chosen on these same weeks, so it is
   * flattered a little; the CLI's outer backtest measures the pipeline on weeks it never saw.
   */
  chosen: AggregateMetrics;
  /** How many products each model won, and how many fall in each demand class. */
  chosenCounts: Record<string, number>;
  classCounts: Record<string, number>;
}

export interface ProductReport {
  sku: string;
  chosen: string;
  /** The model its demand class chose, and why this product has `chosen`. */
  classChoice: string;
  reason: string;
  /** Inner-backtest metrics per candidate (before calibration). */
  scores: Record<string, Metrics>;
  demandClass: DemandClass;
  /** Inner windows scored and their length. */
  folds: number;
  horizon: number;
  /** Conformal adjustment per central interval ("80" → Q, in units of the demand scale). */
  conformal: Record<string, number>;
}

const MIN_CLASS_PRODUCTS = 20;
const MIN_CONFORMAL_SCORES = 200;

interface PointCandidate { spec: PointModelSpec; fits: (FittedPoint | string)[] }

/** One candidate's inner backtest on one product. */
interface CandidateScore {
  acc: ScoreAccumulator;
  /** Mean pinball loss per scored step, in step order. */
  losses: number[];
  /** Per scored step: conformity score per central interval, normalised by the step's scale. */
  conformity: number[][];
}

export class AutoForecaster implements Forecaster {
  readonly name = 'auto';
  private series: readonly Series[] = [];
  private prepared: PreparedSeries[] = [];
  private pointCandidates: PointCandidate[] = [];
  private otherSpecs: ForecasterSpec[] = [];
  private reports: ProductReport[] = [];
  private overall: AutoSummary | undefined;

  constructor(private readonly registry: ModelRegistry, private readonly env: ModelEnvironment, private readonly options: AutoOptions = {}) {}

  /** Candidate specs in use (after the registry lookup). */
  candidateSpecs(): ModelSpec[] {
    const names = this.options.candidates ?? this.registry.candidates().map((s) => s.name);
    return this.registry.resolve(names).filter((s) => s.name !== this.name);
  }

  async fit(series: readonly Series[]): Promise<void> {
    this.series = series;
    this.prepared = prepareBatch(series, this.options.prepare);
    const specs = this.candidateSpecs();
    for (const spec of specs) await this.registry.load(spec, this.env);
    const points = specs.filter((s): s is PointModelSpec => s.kind === 'point');
    this.otherSpecs = specs.filter((s): s is ForecasterSpec => s.kind === 'forecaster');
    const progress = this.options.onProgress;
    const plainPoints = points.filter((s) => !s.combines);
    const fitAll = (spec: PointModelSpec, k = 0) => {
      const model = spec.point();
      return this.prepared.map((p, j) => {
        if (progress && j % 50 === 0) progress(t('engine:progress.fitting', { model: spec.label }), (k + j / this.prepared.length) / Math.max(1, plainPoints.length));
        return p.observed === 0 ? 'no observed steps' : model.fit(p);
      });
    };
    this.pointCandidates = plainPoints.map((spec, k) => ({ spec, fits: fitAll(spec, k) }));
    // A combination reuses its members' fits when they are candidates too.
    for (const spec of points.filter((s) => s.combines)) {
      const members = (spec.combines as readonly string[]).map((name) => this.pointCandidates.find((c) => c.spec.name === name));
      const fits = members.every((m) => m)
        ? this.prepared.map((_, j) => {
          const fitted = (members as PointCandidate[]).map((m) => m.fits[j]).filter((f): f is FittedPoint => typeof f !== 'string');
          return fitted.length > 0 ? combine(fitted) : 'no member could be fitted';
        })
        : fitAll(spec);
      this.pointCandidates.push({ spec, fits });
    }
  }

  /** Per product: every candidate's inner-backtest metrics, the winner and why (after predict). */
  report(): ProductReport[] {
    return this.reports;
  }

  /** The overall report card (after predict). */
  summary(): AutoSummary | undefined {
    return this.overall;
  }

  async predict(horizon: number, options: PredictOptions): Promise<ForecastBatch> {
    if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
    const requested = normaliseLevels(options.quantiles);
    const evalLevels = normaliseLevels([...requested, 0.5]);
    const run: PredictRun = {
      horizon, folds: this.options.folds ?? 3, requested, evalLevels, pairs: centralPairs(evalLevels),
      names: [...this.pointCandidates.map((c) => c.spec.name), ...this.otherSpecs.map((s) => s.name)],
      paths: options.paths ?? 0, decisionDays: options.decisionDays ?? horizon,
    };
    if (run.names.length === 0) throw new Error('auto: no candidate models');
    this.options.onProgress?.(t('engine:progress.backtestingOthers'));
    const others = await this.backtestOthers(horizon, run.folds, evalLevels, run.paths);
    const products = this.innerBacktest(run, others);
    const choices = this.chooseModels(run, products, others);
    const conformal = this.options.calibrate !== false ? conformalByClass(run.pairs, products, choices) : new Map<string, number[]>();
    this.overall = summarise(run, products, choices);
    return this.finalForecasts(run, products, choices, conformal, others);
  }

  /** 1. Inner backtest of every candidate on every product. */
  private innerBacktest(run: PredictRun, others: OtherBacktest[]): ProductBacktest[] {
    const { horizon, folds, evalLevels, pairs } = run;
    const progress = this.options.onProgress;
    return this.prepared.map((p, j) => {
      if (progress && j % 50 === 0) progress(t('engine:progress.backtestingAll'), j / this.prepared.length);
      const cls = demandClass(p.y, p.mask);
      const firstOrigin = Math.max(0, p.n - folds * horizon);
      const scales = naiveScales(p.y.subarray(0, firstOrigin), p.mask.subarray(0, firstOrigin));
      const scores: (CandidateScore | undefined)[] = [
        ...this.pointCandidates.map((c) => scorePoint(p, c.fits[j], horizon, folds, evalLevels, pairs)),
        ...others.map((o) => scoreOther(p, o.folds, horizon, folds, evalLevels, pairs)),
      ];
      return { p, cls, scales, scores };
    });
  }

  /** 2. Each class's choice, then each product's (switching only on clear evidence of its own). */
  private chooseModels(run: PredictRun, products: readonly ProductBacktest[], others: OtherBacktest[]): (Choice | undefined)[] {
    const { names } = run;
    const classChoice = new Map<DemandClassName | 'all', number>();
    /** Classes too small to judge by themselves: they take the catalogue's choice. */
    const pooledClasses = new Set<DemandClassName>();
    const classes = new Set(products.map((x) => x.cls.name));
    const global = bestOnAverage(products, names.length);
    for (const cls of classes) {
      const members = products.filter((x) => x.cls.name === cls);
      const best = members.length >= MIN_CLASS_PRODUCTS && cls !== 'too few sales' ? bestOnAverage(members, names.length) : -1;
      if (best < 0) pooledClasses.add(cls);
      classChoice.set(cls, best >= 0 ? best : global);
    }
    const ensemble = names.indexOf('ensemble');
    return products.map(({ p, cls, scores }, j) => {
      const usable = (c: number) => (c < this.pointCandidates.length
        ? typeof this.pointCandidates[c].fits[j] !== 'string'
        : others[c - this.pointCandidates.length].final.has(p.sku));
      const fallbackOrder = [classChoice.get(cls.name) ?? -1, global, ensemble, ...names.keys()];
      const base = fallbackOrder.find((c) => c >= 0 && usable(c)) ?? -1;
      if (base < 0) return undefined;
      const classReason = pooledClasses.has(cls.name)
        ? t('engine:auto.bestAcrossCatalogue')
        : t('engine:auto.bestForClass', { demandClass: t(`engine:demandClass.${cls.name}`) });
      return switchOnOwnEvidence(scores, base, usable, names, this.options.switchT ?? 2) ?? { chosen: base, base, reason: classReason };
    });
  }

  /** 4. Forecasts from the end with each product's model, intervals moved by the conformal Q, totals calibrated. */
  private finalForecasts(
    run: PredictRun, products: readonly ProductBacktest[], choices: readonly (Choice | undefined)[], conformal: Map<string, number[]>,
    others: OtherBacktest[],
  ): ForecastBatch {
    const { horizon, pairs, names } = run;
    this.options.onProgress?.(t('engine:progress.forecasting'));
    const forecasts: ForecastResult[] = [];
    const skipped: SkippedSeries[] = [];
    const decisionItems: DecisionItem[] = [];
    const totalsModels = this.options.totalsModel === 'daily'
      ? []
      : chooseTotalsModels(this.prepared, this.pointCandidates.map((c) => c.fits), run.decisionDays, horizon, {
        recentMeans: this.options.totalsRecentMeans,
      });
    this.reports = [];
    products.forEach((product, j) => {
      const { p, cls } = product;
      const choice = choices[j];
      const result = choice ? this.forecastOne(run, j, choice, others) : this.unforecastable(j);
      if ('reason' in result) {
        skipped.push(result);
        return;
      }
      const chosen = choice as Choice;
      const q = conformal.get(cls.name) ?? pairs.map(() => 0);
      applyConformal(result, pairs, q, futureScales(p, p.n, horizon));
      const reference = totalsModels[j] ?? this.decisionReference(chosen.chosen, j);
      if (reference) decisionItems.push({ p, fit: reference, result });
      keepLevels(result, run.requested);
      const scored = product.scores.filter((s) => s && s.acc.steps > 0).length;
      const name = names[chosen.chosen];
      result.notes.push(scored > 1
        ? t('engine:auto.chosenByBacktest', {
          folds: run.folds, horizon, model: name, reason: chosen.reason,
          unit: t(p.freq === 'D' ? 'engine:unit.day' : 'engine:unit.week', { count: horizon }),
        })
        : t('engine:auto.tooLittleToCompare', { model: name }));
      forecasts.push(result);
      this.reports.push(productReport(run, product, chosen, q));
    });
    calibrateDecisionTotals(decisionItems, run.decisionDays);
    return { forecasts, skipped };
  }

  /** A product's forecast from the end with its chosen model (or why there is none). */
  private forecastOne(run: PredictRun, j: number, choice: Choice, others: OtherBacktest[]): ForecastResult | SkippedSeries {
    const p = this.prepared[j];
    const name = run.names[choice.chosen];
    if (choice.chosen < this.pointCandidates.length) {
      const fit = this.pointCandidates[choice.chosen].fits[j] as FittedPoint;
      return forecastWithErrors(p, fit, name, run.horizon, run.evalLevels, run.paths);
    }
    const final = others[choice.chosen - this.pointCandidates.length].final.get(p.sku);
    return final ? { ...final, notes: [...final.notes] } : { sku: p.sku, reason: t('engine:auto.didNotForecast', { model: name }) };
  }

  /** Why no candidate could forecast product j. */
  private unforecastable(j: number): SkippedSeries {
    const reasons = this.pointCandidates.map((c) => c.fits[j]).filter((f): f is string => typeof f === 'string');
    return { sku: this.prepared[j].sku, reason: reasons[0] ?? t('engine:auto.noCandidate') };
  }

  /**
   * The replayable point model whose past totals calibrate a product's total demand: the chosen
   * one, or for a model that cannot be replayed cheaply (the Transformer) the ensemble, else any
   * point candidate that could be fitted.
   */
  private decisionReference(chosen: number, j: number): FittedPoint | undefined {
    const fitOf = (c: number) => {
      const fit = this.pointCandidates[c]?.fits[j];
      return fit && typeof fit !== 'string' ? fit : undefined;
    };
    if (chosen < this.pointCandidates.length) return fitOf(chosen);
    const ensemble = this.pointCandidates.findIndex((c) => c.spec.name === 'ensemble');
    return (ensemble >= 0 ? fitOf(ensemble) : undefined) ?? this.pointCandidates.map((_, c) => fitOf(c)).find((f) => f);
  }

  /**
   * Inner backtest of the candidates that are not point models: refit on each fold's history, and
   * one final forecast from the end.
   */
  private async backtestOthers(horizon: number, folds: number, evalLevels: number[], paths: number) {
    const out: { folds: Map<string, ForecastResult>[]; final: Map<string, ForecastResult> }[] = [];
    for (const spec of this.otherSpecs) {
      const foldMaps: Map<string, ForecastResult>[] = [];
      const forecaster = spec.create(this.env);
      const cutoffs = Array.from({ length: folds }, (_, f) => (folds - f) * horizon);
      for (const back of cutoffs) {
        const training = this.series.filter((s) => s.values.length - back >= 14).map((s) => truncateSeries(s, s.values.length - back));
        const model = spec.create(this.env);
        await model.fit(training);
        const batch = await model.predict(horizon, { quantiles: evalLevels });
        foldMaps.push(new Map(batch.forecasts.map((f) => [f.sku, f])));
      }
      await forecaster.fit(this.series);
      // Totals are calibrated below for every product, whichever model it gets.
      const batch = await forecaster.predict(horizon, { quantiles: evalLevels, paths, calibrateTotals: false });
      out.push({ folds: foldMaps, final: new Map(batch.forecasts.map((f) => [f.sku, f])) });
    }
    return out;
  }
}

/** What one call of predict works with. */
interface PredictRun {
  horizon: number;
  folds: number;
  /** Levels the caller asked for, and those scored (the median added). */
  requested: number[];
  evalLevels: number[];
  pairs: ReturnType<typeof centralPairs>;
  /** Candidate names: point models first, then the others. */
  names: string[];
  paths: number;
  decisionDays: number;
}

/** One product's inner backtest: its demand class, naive scales and every candidate's score. */
interface ProductBacktest {
  p: PreparedSeries;
  cls: DemandClass;
  scales: { mae: number; mse: number };
  scores: (CandidateScore | undefined)[];
}

interface Choice { chosen: number; base: number; reason: string }

type OtherBacktest = { folds: Map<string, ForecastResult>[]; final: Map<string, ForecastResult> };

/**
 * The candidate that beat the class's choice `base` clearly on the product's own history (lower
 * pinball loss, weekly-block t above `switchT`); on a history too short to replay the class's
 * model, the best of those that could. Undefined: keep the class's choice.
 */
function switchOnOwnEvidence(
  scores: readonly (CandidateScore | undefined)[], base: number, usable: (c: number) => boolean, names: readonly string[], switchT: number,
): Choice | undefined {
  const baseScore = scores[base];
  let switched: Choice | undefined;
  if (baseScore && baseScore.losses.length >= 14) {
    let bestGain = 0;
    scores.forEach((score, c) => {
      if (c === base || !score || !usable(c) || score.losses.length !== baseScore.losses.length) return;
      const tStat = weeklyBlockT(baseScore.losses, score.losses);
      const gain = 1 - score.acc.pinball / baseScore.acc.pinball;
      if (tStat > switchT && gain > bestGain) {
        bestGain = gain;
        switched = { chosen: c, base, reason: t('engine:auto.beatOnOwnHistory', { model: names[base], percent: Math.round(gain * 100) }) };
      }
    });
    return switched;
  }
  // The class's model could not be replayed on this (short) history: the best of those that could.
  let bestLoss = Number.POSITIVE_INFINITY;
  scores.forEach((score, c) => {
    if (!score || !usable(c) || score.losses.length < 7) return;
    const loss = score.acc.pinball / score.acc.steps;
    if (loss < bestLoss) {
      bestLoss = loss;
      switched = { chosen: c, base, reason: t('engine:auto.bestOnShortHistory') };
    }
  });
  return switched;
}

/** 3. Conformal adjustment per class and central interval, from the chosen models' scores. */
function conformalByClass(
  pairs: ReturnType<typeof centralPairs>, products: readonly ProductBacktest[], choices: readonly (Choice | undefined)[],
): Map<string, number[]> {
  const byClass = new Map<string, number[]>();
  if (pairs.length === 0) return byClass;
  const pools = new Map<string, number[][]>();
  const pool = (key: string) => {
    let list = pools.get(key);
    if (!list) {
      list = pairs.map(() => []);
      pools.set(key, list);
    }
    return list;
  };
  products.forEach(({ cls, scores }, j) => {
    const choice = choices[j];
    const score = choice ? scores[choice.chosen] : undefined;
    if (!score) return;
    for (const step of score.conformity) {
      step.forEach((e, k) => {
        pool(cls.name)[k].push(e);
        pool('all')[k].push(e);
      });
    }
  });
  const all = pools.get('all');
  for (const cls of new Set(products.map((x) => x.cls.name))) {
    const own = pools.get(cls);
    byClass.set(cls, pairs.map((pair, k) => {
      const scores = own && own[k].length >= MIN_CONFORMAL_SCORES ? own[k] : all && all[k].length >= MIN_CONFORMAL_SCORES ? all[k] : undefined;
      return scores ? conformalQuantile(scores, pair.upper - pair.lower) : 0;
    }));
  }
  return byClass;
}

/** The overall report card, on the products every candidate scored. */
function summarise(run: PredictRun, products: readonly ProductBacktest[], choices: readonly (Choice | undefined)[]): AutoSummary {
  const { names, evalLevels } = run;
  const common = products.map((x, j) => ({ x, j })).filter(({ x, j }) => choices[j] && x.scores.every((score) => score && score.acc.steps > 0));
  const entry = (x: ProductBacktest, c: number) => {
    const acc = (x.scores[c] as CandidateScore).acc;
    return { acc, metrics: metricsOf(acc, x.scales) };
  };
  const models: Record<string, AggregateMetrics> = {};
  names.forEach((name, c) => { models[name] = aggregateMetrics(common.map(({ x }) => entry(x, c)), evalLevels); });
  const chosenCounts: Record<string, number> = {};
  const classCounts: Record<string, number> = {};
  products.forEach((x, j) => {
    classCounts[x.cls.name] = (classCounts[x.cls.name] ?? 0) + 1;
    const choice = choices[j];
    if (choice) chosenCounts[names[choice.chosen]] = (chosenCounts[names[choice.chosen]] ?? 0) + 1;
  });
  return {
    horizon: run.horizon, folds: run.folds, products: common.length, models, chosenCounts, classCounts,
    chosen: aggregateMetrics(common.map(({ x, j }) => entry(x, (choices[j] as Choice).chosen)), evalLevels),
  };
}

/** Drops the quantiles scored but not asked for (the median, when the caller did not want it). */
function keepLevels(result: ForecastResult, requested: number[]): void {
  result.levels = requested;
  for (const key of Object.keys(result.quantiles)) {
    if (!requested.some((level) => quantileKey(level) === key)) delete result.quantiles[key];
  }
}

/** A product's report card: every candidate's inner-backtest metrics, the winner and why. */
function productReport(run: PredictRun, product: ProductBacktest, choice: Choice, q: readonly number[]): ProductReport {
  const reportScores: Record<string, Metrics> = {};
  product.scores.forEach((s, c) => {
    if (s && s.acc.steps > 0) reportScores[run.names[c]] = metricsOf(s.acc, product.scales);
  });
  const conformal: Record<string, number> = {};
  run.pairs.forEach((pair, k) => { conformal[String(Math.round((pair.upper - pair.lower) * 100))] = q[k]; });
  return {
    sku: product.p.sku, chosen: run.names[choice.chosen], classChoice: run.names[choice.base], reason: choice.reason, scores: reportScores,
    demandClass: product.cls, folds: Math.max(0, ...product.scores.map((s) => (s ? Math.round(s.losses.length / run.horizon) : 0))),
    horizon: run.horizon, conformal,
  };
}

/** Central intervals among the levels: (τ, 1 − τ) pairs with τ < 0.5, as indexes into `levels`. */
export function centralPairs(levels: readonly number[]): { lower: number; upper: number; lo: number; hi: number }[] {
  const pairs: { lower: number; upper: number; lo: number; hi: number }[] = [];
  levels.forEach((level, lo) => {
    if (level >= 0.5) return;
    const hi = levels.findIndex((other) => Math.abs(other - (1 - level)) < 1e-9);
    if (hi >= 0) pairs.push({ lower: level, upper: levels[hi], lo, hi });
  });
  return pairs;
}

function newScore(levels: readonly number[]): CandidateScore {
  return { acc: new ScoreAccumulator(levels), losses: [], conformity: [] };
}

function addStep(
  score: CandidateScore, y: number, q: Float64Array, levels: readonly number[], pairs: ReturnType<typeof centralPairs>, scale: number,
): void {
  score.acc.add(y, q);
  let loss = 0;
  for (let k = 0; k < levels.length; k++) loss += pinball(y, q[k], levels[k]);
  score.losses.push(loss / levels.length);
  if (scale > 0) score.conformity.push(pairs.map((pair) => Math.max(q[pair.lo] - y, y - q[pair.hi]) / scale));
}

/** Inner backtest of a replayable point model on one product. */
function scorePoint(
  p: PreparedSeries, fit: FittedPoint | string, horizon: number, folds: number, levels: readonly number[], pairs: ReturnType<typeof centralPairs>,
): CandidateScore | undefined {
  if (typeof fit === 'string') return undefined;
  const table = errorTable(p, fit, horizon);
  if (table.origins.length === 0) return undefined;
  const origins: number[] = [];
  for (let k = folds; k >= 1; k--) {
    const v = p.n - k * horizon;
    // Two weeks of replayed errors before the first scored origin, at least, to set its quantiles.
    if (v - table.origins[0] >= 14) origins.push(v);
  }
  if (origins.length === 0) return undefined;
  const columns = errorColumns(table, horizon, origins[0]);
  if (!columns) return undefined;
  const score = newScore(levels);
  const q = new Float64Array(levels.length);
  for (const v of origins) {
    const row = v - table.origins[0];
    for (let i = 0; i < horizon; i++) {
      const t = v + i;
      if (t >= p.n || !p.mask[t]) continue;
      const scale = p.errorScale(v, t);
      const point = table.point[row * horizon + i];
      for (let k = 0; k < levels.length; k++) {
        const value = point + quantileSorted(columns[i], levels[k]) * scale;
        q[k] = value > 0 ? value : 0;
      }
      addStep(score, p.y[t], q, levels, pairs, scale);
    }
  }
  return score;
}

/** Inner backtest of another forecaster on one product, from its fold forecasts. */
function scoreOther(
  p: PreparedSeries, foldMaps: Map<string, ForecastResult>[], horizon: number, folds: number, levels: readonly number[],
  pairs: ReturnType<typeof centralPairs>,
): CandidateScore | undefined {
  const score = newScore(levels);
  const q = new Float64Array(levels.length);
  foldMaps.forEach((byFold, f) => {
    const forecast = byFold.get(p.sku);
    const v = p.n - (folds - f) * horizon;
    if (!forecast || v <= 0) return;
    const rows = quantileRows(forecast.quantiles, levels);
    for (let i = 0; i < horizon; i++) {
      const t = v + i;
      if (t >= p.n || !p.mask[t]) continue;
      for (let k = 0; k < levels.length; k++) q[k] = rows[k][i];
      addStep(score, p.y[t], q, levels, pairs, p.errorScale(v, t));
    }
  });
  return score.acc.steps > 0 ? score : undefined;
}

/**
 * The candidate with the lowest mean scaled pinball loss over the products that every candidate
 * scored (-1 if there are none).
 */
function bestOnAverage(
  products: readonly { scales: { mae: number }; scores: (CandidateScore | undefined)[] }[], candidates: number,
): number {
  const sum = new Float64Array(candidates);
  let count = 0;
  for (const { scales, scores } of products) {
    if (!(scales.mae > 0) || scores.some((s) => !s || s.acc.steps === 0)) continue;
    for (let c = 0; c < candidates; c++) {
      const s = scores[c] as CandidateScore;
      sum[c] += s.acc.pinball / s.acc.steps / scales.mae;
    }
    count++;
  }
  if (count === 0) return -1;
  let best = 0;
  for (let c = 1; c < candidates; c++) if (sum[c] < sum[best]) best = c;
  return best;
}

/**
 * t-statistic of "b's loss is lower than a's" on sums over consecutive 7-step blocks (daily losses
 * are autocorrelated; weekly blocks are closer to independent). 0 with fewer than 2 blocks.
 */
export function weeklyBlockT(a: readonly number[], b: readonly number[]): number {
  const blocks = Math.floor(a.length / 7);
  if (blocks < 2) return 0;
  let mean = 0;
  const diffs = new Float64Array(blocks);
  for (let k = 0; k < blocks; k++) {
    let d = 0;
    for (let i = k * 7; i < k * 7 + 7; i++) d += a[i] - b[i];
    diffs[k] = d;
    mean += d / blocks;
  }
  let variance = 0;
  for (let k = 0; k < blocks; k++) variance += (diffs[k] - mean) ** 2 / (blocks - 1);
  if (variance === 0) return mean > 0 ? Number.POSITIVE_INFINITY : 0;
  return mean / Math.sqrt(variance / blocks);
}

/**
 * Split-conformal quantile of conformity scores for an interval of nominal coverage `width`:
 * the ⌈(n + 1)·width⌉-th smallest score (Romano et al.'s finite-sample rule).
 */
export function conformalQuantile(scores: readonly number[], width: number): number {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  const rank = Math.min(n, Math.ceil((n + 1) * width));
  return sorted[rank - 1];
}

/**
 * Moves each central interval's ends out by Q·scale (in by −Q·scale), never below 0 nor past the
 * median, and the sample paths alike: a path value above the median moves up by Q·scale, one
 * below it down, so cumulative demand agrees with the calibrated intervals.
 */
function applyConformal(
  result: ForecastResult, pairs: ReturnType<typeof centralPairs>, q: readonly number[], scales: Float64Array,
): void {
  if (pairs.length === 0 || q.every((x) => x === 0)) return;
  const median = result.quantiles[quantileKey(0.5)];
  pairs.forEach((pair, k) => {
    const lo = result.quantiles[quantileKey(pair.lower)];
    const hi = result.quantiles[quantileKey(pair.upper)];
    if (!lo || !hi || !median) return;
    for (let i = 0; i < result.horizon; i++) {
      const shift = q[k] * scales[i];
      lo[i] = Math.max(0, Math.min(median[i], lo[i] - shift));
      hi[i] = Math.max(median[i], hi[i] + shift);
    }
  });
  // Keep quantiles ascending across levels (rearrangement) after the pairs moved independently.
  const keys = result.levels.map(quantileKey).filter((key) => result.quantiles[key]);
  for (let i = 0; i < result.horizon; i++) {
    const values = keys.map((key) => result.quantiles[key][i]).sort((a, b) => a - b);
    keys.forEach((key, k) => { result.quantiles[key][i] = values[k]; });
  }
  if (result.paths && result.nPaths && median && pairs.length > 0) {
    // The outermost interval's Q moves the paths.
    const outer = pairs.reduce((best, pair, k) => (pair.upper - pair.lower > pairs[best].upper - pairs[best].lower ? k : best), 0);
    for (let j = 0; j < result.nPaths; j++) {
      for (let i = 0; i < result.horizon; i++) {
        const v = result.paths[j * result.horizon + i];
        const shift = q[outer] * scales[i];
        result.paths[j * result.horizon + i] = v > median[i] ? v + shift : v < median[i] ? Math.max(0, v - shift) : v;
      }
    }
  }
}

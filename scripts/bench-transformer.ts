/**
 * The Transformer's accuracy numbers: the forecast engine's backtest (src/core/evaluate, the same
 * metrics as `npm run bench:accuracy`) on the LAST 28 days of Online Retail (the engine's benchmark
 * set, .bench/online-retail-daily.csv) and of Store Item Demand, for
 *   - the baselines (seasonal naive, moving average, ETS, TSB, the default ensemble, auto),
 *   - the Transformer zero-shot (shipped weights; Online Retail's last 28 days were kept out of
 *     pre-training, Store Item Demand never seen),
 *   - the Transformer fine-tuned on the history before the test days (the app's ≤ 3-minute recipe),
 *   - each Transformer as a fourth, equal member of the default ensemble (`ensemble_transformer`:
 *     quantiles averaged with weight 1/4 on the Transformer).
 * Only the last fold: earlier Online Retail folds lie inside the pre-training data.
 *
 *   nice -n 10 npm run bench:transformer [-- --only online-retail|store-item] [--models ...] [--no-tuned]
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { readSalesSeries } from '../src/cli/input';
import { createRegistry, runBacktest, type AggregateMetrics, type BacktestModel } from '../src/core/evaluate';
import { initNodeBackend } from '../src/cli/node';
import { QuantileAverage, registerTransformer, TRANSFORMER_SHARE, type TrainOptions } from '../src/core/neural/runtime';
import type { ForecastBatch, Forecaster, PredictOptions, Series } from '../src/core/series';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    baselines: { type: 'string', default: 'seasonal_naive,moving_average,ets,tsb,ensemble,auto' },
    'no-tuned': { type: 'boolean', default: false },
    /** JSON overrides of the fine-tuning recipe, e.g. '{"peakLearningRate":1e-3}'. */
    tuning: { type: 'string' },
    horizon: { type: 'string', default: '28' },
  },
});
const H = Number(args.horizon);
const ONLINE_RETAIL = '.bench/online-retail-daily.csv';
const STORE_ITEM = '../shared/data/store-item-demand/train.csv';
if (args.only !== 'store-item' && !existsSync(ONLINE_RETAIL)) {
  if (spawnSync('npx', ['tsx', 'scripts/bench-data.ts'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}

const registry = createRegistry();
registerTransformer(registry, { prepare: () => initNodeBackend(), tuning: args.tuning ? JSON.parse(args.tuning) as Partial<TrainOptions> : undefined });
const env = (await import('../src/cli/env')).nodeEnvironment;

/** Fits the wrapped forecaster once per history (two table rows share one fine-tuning). */
class FitOnce implements Forecaster {
  private fitted?: readonly Series[];
  private key = '';
  constructor(readonly name: string, private readonly inner: Forecaster) {}
  async fit(series: readonly Series[]): Promise<void> {
    const key = `${series.length}:${series.reduce((n, s) => n + s.values.length, 0)}`;
    if (key === this.key) return;
    await this.inner.fit(series);
    this.fitted = series;
    this.key = key;
  }
  predict(horizon: number, options: PredictOptions): ForecastBatch | Promise<ForecastBatch> {
    if (!this.fitted) throw new Error('fit first');
    return this.inner.predict(horizon, options);
  }
}

async function run(title: string, series: Series[]): Promise<void> {
  const baselines = (args.baselines as string).split(',');
  const neural = args['no-tuned'] ? ['transformer'] : ['transformer', 'transformer_tuned'];
  for (const name of [...baselines, ...neural]) await registry.load(registry.get(name), env);
  const make = (name: string) => registry.instantiate(registry.get(name), env);
  const shared = new Map(neural.map((name) => [name, new FitOnce(name, make(name))]));
  const ensemble = new FitOnce('ensemble', make('ensemble'));
  const models: BacktestModel[] = [
    ...baselines.map((name) => ({ name, create: () => (name === 'ensemble' ? ensemble : make(name)) })),
    ...neural.map((name) => ({ name, create: () => shared.get(name)! })),
    ...neural.map((name) => ({
      name: `ensemble_transformer (${name === 'transformer' ? 'zero-shot' : 'tuned'})`,
      create: () => new QuantileAverage(`ensemble_transformer`, ensemble, shared.get(name)!, TRANSFORMER_SHARE),
    })),
  ];
  const started = performance.now();
  const result = await runBacktest(series, models, {
    horizon: H, folds: 1, quantiles: [0.1, 0.5, 0.9],
    onProgress: ({ model }) => process.stderr.write(`  ${model}…\n`),
  });
  const fold = result.folds[0];
  console.log(`\n=== ${title}: ${fold.products} products, test ${fold.firstDate} to ${fold.lastDate} (${((performance.now() - started) / 1000).toFixed(0)} s) ===`);
  const row = (name: string, m: AggregateMetrics, ms: number) =>
    `${name.padEnd(30)} ${m.mase.toFixed(3).padStart(6)} ${m.scaledPinball.toFixed(3).padStart(9)} ${(m.coverage['80'] * 100).toFixed(1).padStart(6)}% ${(m.bias * 100).toFixed(1).padStart(7)}% ${String(m.products).padStart(8)} ${(ms / 1000).toFixed(1).padStart(9)} s`;
  console.log(`${'model'.padEnd(30)} ${'MASE'.padStart(6)} ${'sPinball'.padStart(9)} ${'cov80'.padStart(7)} ${'bias'.padStart(8)} ${'products'.padStart(8)} ${'fit+pred'.padStart(11)}`);
  for (const m of result.models) console.log(row(m.model, m.overall, m.fitPredictMs[0]));
  const base = result.models.filter((m) => baselines.includes(m.model));
  const best = (key: 'mase' | 'scaledPinball') => base.reduce((a, b) => (b.overall[key] < a.overall[key] ? b : a));
  const bestMase = best('mase');
  const bestSpl = best('scaledPinball');
  console.log(`best baseline: MASE ${bestMase.model} ${bestMase.overall.mase.toFixed(3)}, scaled pinball ${bestSpl.model} ${bestSpl.overall.scaledPinball.toFixed(3)}`);
  for (const m of result.models.filter((x) => !baselines.includes(x.model))) {
    const verdict = (key: 'mase' | 'scaledPinball', ref: typeof bestMase) => {
      const change = (m.overall[key] / ref.overall[key] - 1) * 100;
      return `${change <= 0 ? 'beats' : 'loses to'} it by ${Math.abs(change).toFixed(1)}%`;
    };
    console.log(`  ${m.model}: MASE ${verdict('mase', bestMase)}; scaled pinball ${verdict('scaledPinball', bestSpl)}`);
  }
}

if (args.only !== 'store-item') {
  const input = await readSalesSeries(ONLINE_RETAIL);
  await run('Online Retail (engine benchmark set)', input.series);
}
if (args.only !== 'online-retail') {
  if (!existsSync(STORE_ITEM)) console.log(`${STORE_ITEM} not found: Store Item Demand skipped.`);
  else await run('Store Item Demand', (await readSalesSeries(STORE_ITEM, { idColumns: ['store', 'item'] })).series);
}

import { writeFile } from 'node:fs/promises';
import { intervalKey, runBacktest, type AggregateMetrics, type BacktestResult } from '../../core/evaluate';
import {
  dateOrderOption, frequency, idColumnList, INPUT_HELP, INPUT_OPTIONS, InputError, parseOrShowHelp, positiveInteger, quantileList, requireString,
  returnsOption,
} from '../args';
import type { Command } from '../command';
import { csvCell, num, percent, seconds, table } from '../format';
import { readSalesSeries } from '../input';
import { reportRejected } from './forecast';

/** The comparison the engine is judged by: the yardstick, the library reference, and the default. */
export const DEFAULT_BACKTEST_MODELS = 'seasonal_naive,auto_ets,auto';

const OPTIONS = {
  ...INPUT_OPTIONS,
  horizon: { type: 'string' },
  folds: { type: 'string' },
  step: { type: 'string' },
  models: { type: 'string' },
  quantiles: { type: 'string' },
  json: { type: 'boolean' },
  'per-product': { type: 'string' },
  help: { type: 'boolean' },
} as const;

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'rolling-origin backtest: metrics per model over the last folds × horizon steps',
  help: `Usage: npm run cli -- backtest --input sales.csv --horizon 28 --folds 3 [options]

Cuts the history at --folds origins (--step apart, the last one --horizon steps before the end),
fits every model on what came before each origin, forecasts --horizon steps and scores them on
what sold. Prints MASE, RMSSE, scaled pinball loss, WAPE, bias, interval coverage, MAE and RMSE per
model, over all folds and for each fold (the last fold is the last --horizon steps). Stock-outs and
the shop's closed days are not scored. Models are compared on the products they all forecast.

Options:
  --horizon N          steps per fold (required)
  --folds N            number of folds (default 3)
  --step N             steps between fold origins (default: the horizon)
  --models A,B|all     registered models (default: ${DEFAULT_BACKTEST_MODELS})
  --quantiles Q,...    quantile levels scored (default 0.1,0.5,0.9; 0.5 is always added)
${INPUT_HELP}
  --json               print the result as JSON instead of tables
  --per-product FILE   also write per-product metrics (all folds) to a CSV`,

  async run(argv, ctx) {
    const values = parseOrShowHelp(argv, OPTIONS, this.help, ctx.stdout);
    if (!values) return;
    const input = requireString(values, 'input');
    const horizon = positiveInteger(values.horizon, 'horizon');
    const folds = positiveInteger(values.folds, 'folds', 3);
    const step = positiveInteger(values.step, 'step', horizon);
    const quantiles = quantileList(values.quantiles, [0.1, 0.5, 0.9]);
    const freq = frequency(values.freq);
    const modelList = typeof values.models === 'string' ? values.models : DEFAULT_BACKTEST_MODELS;
    const specs = modelList.trim() === 'all' ? ctx.registry.list() : ctx.registry.resolve(modelList);
    const read = {
      freq, idColumns: idColumnList(values['id-columns']), dateOrder: dateOrderOption(values['date-order']), returns: returnsOption(values.returns),
    };

    const sales = await readSalesSeries(input, read);
    reportRejected(sales.issues, sales.issueCount, sales.rowsRead, ctx.stderr);
    for (const note of sales.notes.filter((n) => n.startsWith('Unsure'))) ctx.stderr(`${note}\n`);
    const longest = Math.max(0, ...sales.series.map((s) => s.values.length));
    const needed = horizon + (folds - 1) * step + 14;
    if (longest < needed) {
      throw new InputError(`${input}: the longest history is ${longest} ${freq === 'W' ? 'weeks' : 'days'}; ${folds} folds of ${horizon} need at least ${needed}`);
    }
    ctx.stderr(`Read ${sales.rowsAccepted.toLocaleString('en')} rows: ${sales.series.length.toLocaleString('en')} products, ${sales.firstDate} to ${sales.lastDate}.\n`);
    for (const spec of specs) await ctx.registry.load(spec, ctx.env);
    const result = await runBacktest(sales.series, specs.map((spec) => ({
      name: spec.name,
      create: () => ctx.registry.instantiate(spec, ctx.env), // loaded above
    })), {
      horizon, folds, step, quantiles,
      onProgress: ({ fold, model }) => ctx.stderr(`fold ${fold + 1}/${folds}: ${model}…\n`),
    });

    if (values.json) ctx.stdout(`${JSON.stringify(jsonResult(result), null, 2)}\n`);
    else ctx.stdout(`${formatResult(result, sales.series.length)}\n`);
    const perProduct = values['per-product'];
    if (typeof perProduct === 'string') {
      await writeFile(perProduct, perProductCsv(result)).catch((error: Error) => {
        throw new InputError(`could not write ${perProduct}: ${error.message}`);
      });
      ctx.stderr(`Per-product metrics written to ${perProduct}.\n`);
    }
  },
};

function metricRow(model: string, m: AggregateMetrics, ms?: number): string[] {
  return [
    model, num(m.mase), num(m.rmsse), num(m.scaledPinball), percent(m.wape), percent(m.bias),
    ...Object.keys(m.coverage).map((k) => percent(m.coverage[k])), num(m.mae, 2), num(m.rmse, 2), String(m.products),
    ...(ms !== undefined ? [seconds(ms)] : []),
  ];
}

export function formatResult(result: BacktestResult, products: number): string {
  const first = result.folds[0];
  const last = result.folds[result.folds.length - 1];
  const coverageKeys = Object.keys(result.models[0]?.overall.coverage ?? {});
  const header = ['model', 'MASE', 'RMSSE', 'sPinball', 'WAPE', 'bias', ...coverageKeys.map((k) => `cov${k}`), 'MAE', 'RMSE', 'products'];
  const out: string[] = [];
  out.push(`Backtest of ${products.toLocaleString('en')} products: ${result.folds.length} fold${result.folds.length > 1 ? 's' : ''} × ${result.horizon} steps, ${first.firstDate} to ${last.lastDate}; quantiles ${result.levels.join(', ')}.`);
  out.push('');
  out.push('All folds:');
  out.push(table([...header, 'fit+predict'], result.models.map((m) => metricRow(m.model, m.overall, m.fitPredictMs.reduce((a, b) => a + b, 0)))));
  result.folds.forEach((fold, f) => {
    out.push('');
    out.push(`Fold ${f + 1}${f === result.folds.length - 1 ? ' (the last ' + result.horizon + ' steps)' : ''}: ${fold.firstDate} to ${fold.lastDate}`);
    out.push(table([...header, 'fit+predict'], result.models.map((m) => metricRow(m.model, m.folds[f], m.fitPredictMs[f]))));
  });
  const skipped = result.models.filter((m) => m.skipped.length > 0);
  if (skipped.length > 0) {
    out.push('');
    for (const m of skipped) {
      out.push(`${m.model} could not forecast ${m.skipped.length} product-folds (e.g. ${m.skipped[0].sku}: ${m.skipped[0].reason}); they are left out of every model's scores.`);
    }
  }
  out.push('');
  out.push('MASE, RMSSE, sPinball: mean over products of the error scaled by the naive one-step error of its history (lower is better).');
  out.push(`WAPE, bias, cov${coverageKeys[0] ?? ''}: pooled over all scored steps; coverage should match the interval width.`);
  return out.join('\n');
}

function jsonResult(result: BacktestResult) {
  return {
    horizon: result.horizon,
    step: result.step,
    levels: result.levels,
    folds: result.folds,
    models: result.models.map((m) => ({
      model: m.model,
      overall: m.overall,
      folds: m.folds,
      lastFold: m.folds[m.folds.length - 1],
      fitPredictMs: m.fitPredictMs,
      skipped: m.skipped.length,
      skippedExamples: m.skipped.slice(0, 5),
    })),
  };
}

function perProductCsv(result: BacktestResult): string {
  const coverage = result.levels.filter((l) => l < 0.5 && result.levels.some((u) => Math.abs(u - (1 - l)) < 1e-9)).map((l) => intervalKey(1 - 2 * l));
  const lines = [['model', 'sku', 'steps', 'mae', 'rmse', 'mase', 'rmsse', 'wape', 'bias', 'pinball', 'scaled_pinball', ...coverage.map((k) => `coverage${k}`)].join(',')];
  for (const m of result.models) {
    for (const p of m.products) {
      const x = p.metrics;
      lines.push([m.model, csvCell(p.sku), x.steps, x.mae, x.rmse, x.mase, x.rmsse, x.wape, x.bias, x.pinball, x.scaledPinball, ...coverage.map((k) => x.coverage[k])]
        .map((v) => (typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : '') : v)).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

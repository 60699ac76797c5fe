import { writeFile } from 'node:fs/promises';
import { DEFAULT_MODEL } from '../../core/evaluate';
import { describeIssue, type RowIssue } from '../../core/ingest';
import { addPeriods, attachMeans, dayToIso, isoToDay, type ForecastResult } from '../../core/series';
import { quantileKey } from '../../core/stats';
import {
  dateOrderOption, frequency, idColumnList, INPUT_HELP, INPUT_OPTIONS, InputError, parseOrShowHelp, positiveInteger, quantileList, requireString,
  returnsOption,
} from '../args';
import type { Command } from '../command';
import { csvCell, seconds } from '../format';
import { readSalesSeries } from '../input';

const OPTIONS = {
  ...INPUT_OPTIONS,
  output: { type: 'string' },
  horizon: { type: 'string' },
  models: { type: 'string' },
  quantiles: { type: 'string' },
  help: { type: 'boolean' },
} as const;

export const forecastCommand: Command = {
  name: 'forecast',
  summary: 'fit on the whole history and write quantile forecasts per product and future day',
  help: `Usage: npm run cli -- forecast --input sales.csv --horizon 28 --output forecast.csv [options]

Reads a sales CSV (columns for date, product and quantity, found by the app's header detection;
extra columns are fine), fits every model on all of it and writes one row per product, model and
future step: sku,date,model,mean,p10,p50,p90 (one column per quantile). "mean" is the expected demand
(the mean of the model's sample paths — what the plan orders from); its sum over the days is the
expected total. The sum of the medians (p50) is lower on slow sellers, whose median day is 0.
With the default model "auto", the model column says which model each product got (auto:ets).

Options:
  --output FILE        forecast CSV to write, or - for standard output (required)
  --horizon N          steps to forecast (required; days, or weeks with --freq W)
  --models A,B         registered models to run (default: ${DEFAULT_MODEL}; see "npm run cli -- models")
  --quantiles Q,...    quantile levels (default 0.1,0.5,0.9)
${INPUT_HELP}`,

  async run(argv, ctx) {
    const values = parseOrShowHelp(argv, OPTIONS, this.help, ctx.stdout);
    if (!values) return;
    const input = requireString(values, 'input');
    const output = requireString(values, 'output');
    const horizon = positiveInteger(values.horizon, 'horizon');
    const quantiles = quantileList(values.quantiles, [0.1, 0.5, 0.9]);
    const freq = frequency(values.freq);
    const specs = ctx.registry.resolve(typeof values.models === 'string' ? values.models : DEFAULT_MODEL);
    const read = {
      freq, idColumns: idColumnList(values['id-columns']), dateOrder: dateOrderOption(values['date-order']), returns: returnsOption(values.returns),
    };

    const started = performance.now();
    const sales = await readSalesSeries(input, read);
    reportRejected(sales.issues, sales.issueCount, sales.rowsRead, ctx.stderr);
    for (const note of sales.notes.filter((n) => n.startsWith('Unsure'))) ctx.stderr(`${note}\n`);
    if (sales.series.length === 0) throw new InputError(`${input}: no product has a full ${freq === 'W' ? 'week' : 'day'} of sales`);
    ctx.stderr(`Read ${sales.rowsAccepted.toLocaleString('en')} rows: ${sales.series.length.toLocaleString('en')} products, ${sales.firstDate} to ${sales.lastDate}.\n`);

    const levels = [...new Set(quantiles)].sort((a, b) => a - b);
    const lines = [['sku', 'date', 'model', 'mean', ...levels.map(quantileKey)].join(',')];
    for (const spec of specs) {
      const t0 = performance.now();
      const forecaster = await ctx.registry.create(spec.name, ctx.env);
      await forecaster.fit(sales.series);
      const batch = attachMeans(await forecaster.predict(horizon, { quantiles: levels, paths: MEAN_PATHS }));
      for (const f of batch.forecasts) appendRows(lines, f, spec.name, levels);
      ctx.stderr(`${spec.name}: ${batch.forecasts.length.toLocaleString('en')} products forecast in ${seconds(performance.now() - t0)}`
        + `${batch.skipped.length > 0 ? `, ${batch.skipped.length} skipped` : ''}.\n`);
      for (const skip of batch.skipped.slice(0, 10)) ctx.stderr(`  skipped ${skip.sku}: ${skip.reason}\n`);
      if (batch.skipped.length > 10) ctx.stderr(`  … and ${batch.skipped.length - 10} more.\n`);
    }
    const csv = `${lines.join('\n')}\n`;
    if (output === '-') ctx.stdout(csv);
    else {
      try {
        await writeFile(output, csv);
      } catch (error) {
        throw new InputError(`could not write ${output}: ${(error as Error).message}`);
      }
      ctx.stderr(`Wrote ${(lines.length - 1).toLocaleString('en')} rows to ${output} in ${seconds(performance.now() - started)}.\n`);
    }
  },
};

/** Sample paths drawn per product for the mean column. */
const MEAN_PATHS = 500;

function appendRows(lines: string[], f: ForecastResult, requested: string, levels: number[]): void {
  const model = f.model === requested ? requested : `${requested}:${f.model}`;
  const start = isoToDay(f.start);
  const sku = csvCell(f.sku);
  const rows = levels.map((level) => f.quantiles[quantileKey(level)]);
  for (let i = 0; i < f.horizon; i++) {
    const date = dayToIso(addPeriods(start, i, f.freq));
    const mean = f.mean ? roundQuantity(f.mean[i]) : '';
    lines.push(`${sku},${date},${model},${mean},${rows.map((r) => roundQuantity(r[i])).join(',')}`);
  }
}

/** Four significant decimals at most: forecasts are not more precise than that. */
function roundQuantity(x: number): string {
  return String(Math.round(x * 1e4) / 1e4);
}

export function reportRejected(issues: readonly RowIssue[], count: number, rowsRead: number, print: (text: string) => void): void {
  if (count === 0) return;
  print(`${count.toLocaleString('en')} of ${rowsRead.toLocaleString('en')} rows could not be read and were left out, e.g.:\n`);
  for (const issue of issues.slice(0, 5)) print(`  ${describeIssue(issue)}\n`);
}

/**
 * Speed of the forecast engine: fit + forecast of 1,000 daily series × 2 years in Node, for the
 * default pipeline and for AutoETS alone (and any other models named), side by side.
 *
 *   npm run bench:engine [-- --source store-item|synthetic --series 1000 --days 730 --models auto,auto_ets]
 *
 * Sources: `store-item` (default when ../shared/data has it) cuts each of Store Item Demand's 500
 * series into two 2-year windows (2013–14 and 2015–16) — 1,000 real-shaped series; `synthetic`
 * generates a seeded mix of smooth, erratic, intermittent and lumpy series with weekly and yearly
 * seasons, trends and a closed weekday. Each model forecasts 28 days with P10/P50/P90 and 200
 * sample paths per series. Prints wall and CPU time.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { nodeEnvironment } from '../src/cli/env';
import { readSalesSeries } from '../src/cli/input';
import { cliRegistry } from '../src/cli/models';
import { dayToIso, isoToDay, type Series } from '../src/core/series';
import { mulberry32 } from '../src/core/stats';

const STORE_ITEM = '../shared/data/store-item-demand/train.csv';
const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: existsSync(STORE_ITEM) ? 'store-item' : 'synthetic' },
    series: { type: 'string', default: '1000' },
    days: { type: 'string', default: '730' },
    models: { type: 'string', default: 'auto,auto_ets' },
    horizon: { type: 'string', default: '28' },
  },
});
const count = Number(args.series);
const days = Number(args.days);
const horizon = Number(args.horizon);

async function storeItemSeries(): Promise<Series[]> {
  const sales = await readSalesSeries(STORE_ITEM, { idColumns: ['store', 'item'] });
  const out: Series[] = [];
  for (const window of [0, 1]) {
    for (const s of sales.series) {
      const from = window * 2 * 365;
      if (from + days > s.values.length) continue;
      out.push({ sku: `${s.sku}/${window + 1}`, start: dayToIso(isoToDay(s.start) + from), freq: 'D', values: s.values.slice(from, from + days) });
    }
  }
  return out.slice(0, count);
}

/** Seeded mix of demand shapes, all on one calendar (so the shop-level steps see a shop). */
function syntheticSeries(): Series[] {
  const random = mulberry32(20261123);
  const start = isoToDay('2022-01-03');
  const poisson = (mean: number) => {
    if (mean <= 0) return 0;
    let k = 0;
    let p = Math.exp(-Math.min(mean, 500));
    let cdf = p;
    const u = random();
    while (u > cdf && k < 10_000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  };
  const out: Series[] = [];
  for (let j = 0; j < count; j++) {
    const kind = j % 4; // smooth, erratic, intermittent, lumpy
    const base = kind === 0 ? 5 + random() * 60 : kind === 1 ? 3 + random() * 20 : 0.2 + random() * 0.8;
    const trend = (random() - 0.5) * 0.002;
    const yearly = random() * 0.5;
    const peak = random() * 365;
    const values = new Float32Array(days);
    for (let t = 0; t < days; t++) {
      const weekday = (start + t + 3) % 7;
      if (weekday === 5) continue; // closed on Saturdays
      const week = weekday === 6 ? 0.6 : weekday === 0 ? 1.3 : 1;
      const season = 1 + yearly * Math.cos((2 * Math.PI * (t - peak)) / 365.25);
      const mean = base * week * season * Math.exp(trend * t);
      const size = kind === 1 || kind === 3 ? (random() < 0.1 ? 6 : 1) : 1;
      values[t] = poisson(mean / size) * size;
    }
    out.push({ sku: `S${String(j).padStart(4, '0')}`, start: dayToIso(start), freq: 'D', values });
  }
  return out;
}

const series = args.source === 'synthetic' ? syntheticSeries() : await storeItemSeries();
console.log(`${series.length} series × ${days} days (${args.source}), horizon ${horizon}, P10/P50/P90 + 200 paths; shared 2-core machine, times as measured.`);
const registry = cliRegistry();
for (const name of String(args.models).split(',')) {
  const forecaster = await registry.create(name.trim(), nodeEnvironment);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await forecaster.fit(series);
  const fitted = performance.now();
  const batch = await forecaster.predict(horizon, { quantiles: [0.1, 0.5, 0.9], paths: 200 });
  const done = performance.now();
  const used = process.cpuUsage(cpu);
  console.log(`${name.padEnd(16)} fit ${((fitted - started) / 1000).toFixed(1).padStart(6)} s  predict ${((done - fitted) / 1000).toFixed(1).padStart(6)} s  `
    + `total ${((done - started) / 1000).toFixed(1).padStart(6)} s wall, ${((used.user + used.system) / 1e6).toFixed(1).padStart(6)} s CPU  `
    + `(${batch.forecasts.length} forecast, ${batch.skipped.length} skipped)`);
}

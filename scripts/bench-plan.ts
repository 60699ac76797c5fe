/**
 * Replays the last weeks of real sales with Shelfcast's stock policy and with two rules of thumb,
 * under the same costs and rules, and prints what each would have cost.
 *
 *   nice -n 10 npm run bench:plan [-- --dataset both|online-retail|store-item --weeks 26
 *     --lead-time 14 --lead-time-sd 0 --review 14 --holding-rate 0.25 --margin 0.4
 *     --store-items 100 --min-selling-days 100 --forecaster auto]
 *
 * Money, the same for every policy: a unit costs (1 − margin) × its price; holding it costs
 * holding-rate × unit cost per year (charged per day on the stock left at the end of the day); a
 * unit of demand the shelf cannot serve is lost and costs its margin (margin × price). Online
 * Retail products are valued at their mean selling price; Store Item has no prices, so every unit
 * there is worth 1. Shelfcast plans at the cost-optimal level these costs imply (critical ratio),
 * with the app's default policy ((s,S), 95% cycle service level) and with (R,S) at 95% (--levels).
 */
import { parseArgs } from 'node:util';
import { formatSimulation } from '../src/cli/commands/simulate';
import { nodeEnvironment } from '../src/cli/env';
import { cliRegistry } from '../src/cli/models';
import { DEFAULT_MODEL } from '../src/core/evaluate';
import { simulatePolicies, type SimPolicy } from '../src/core/plan';
import { isoToDay, type Forecaster, type Series } from '../src/core/series';
import { loadOnlineRetail, loadStoreItem } from './plan-data';

const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'both' },
    weeks: { type: 'string', default: '26' },
    'lead-time': { type: 'string', default: '14' },
    'lead-time-sd': { type: 'string', default: '0' },
    review: { type: 'string', default: '14' },
    'holding-rate': { type: 'string', default: '0.25' },
    margin: { type: 'string', default: '0.4' },
    'store-items': { type: 'string', default: '100' },
    'min-selling-days': { type: 'string', default: '100' },
    paths: { type: 'string', default: '500' },
    forecaster: { type: 'string', default: DEFAULT_MODEL },
    // More Shelfcast lines at these cycle service levels, (R,S) unless prefixed "sS:" (e.g. 0.99,sS:0.95).
    levels: { type: 'string', default: 'sS:0.95,0.95' },
  },
});

const num = (name: keyof typeof args) => {
  const v = Number(args[name]);
  if (!Number.isFinite(v)) throw new Error(`--${name} must be a number, got "${args[name]}"`);
  return v;
};
const weeks = num('weeks');
const leadTime = num('lead-time');
const leadTimeSd = num('lead-time-sd');
const review = num('review');
const margin = num('margin');
// Per unit of price: holding rate × unit cost / 365 a day; stockout = the margin.
const costs = { holdingPerUnitDay: (num('holding-rate') * (1 - margin)) / 365, stockoutPerUnit: margin };

const levels = (args.levels as string).split(',').map((t) => t.trim()).filter(Boolean).map((t): SimPolicy => {
  const sS = t.startsWith('sS:');
  const level = Number(sS ? t.slice(3) : t);
  if (!(level > 0 && level < 1)) throw new Error(`--levels: "${t}" is not a service level between 0 and 1`);
  return {
    kind: 'shelfcast', name: `Shelfcast (${sS ? 's,S' : 'R,S'}), ${+(level * 100).toFixed(2)}% service level${sS && level === 0.95 ? ' (the app default)' : ''}`,
    policy: sS ? 'sS' : 'RS', target: { kind: 'cycle', level },
  };
});
const policies: SimPolicy[] = [
  { kind: 'shelfcast', name: 'Shelfcast (R,S), cost-optimal level', policy: 'RS', target: { kind: 'cost' } },
  ...levels,
  { kind: 'reorder-average', name: 'Rule: reorder when stock < avg daily sales × lead time, order 30 days', averageDays: 30, orderDays: 30 },
  { kind: 'forecast-multiple', name: 'Rule: stock = forecast × 1.2', multiple: 1.2 },
];

/** The app's default forecaster, or any registered one named on the command line (loaded once). */
const registry = cliRegistry();
const spec = registry.get(args.forecaster as string);
await registry.load(spec, nodeEnvironment);
function forecasterFactory(): () => Forecaster {
  return () => registry.instantiate(spec, nodeEnvironment);
}

async function run(label: string, series: Series[], unitValue: (sku: string) => number): Promise<void> {
  const endDay = Math.max(...series.map((s) => isoToDay(s.start) + s.values.length - 1));
  const days = weeks * 7;
  const forecaster = forecasterFactory();
  const started = performance.now();
  const result = await simulatePolicies({
    series, forecaster, startDay: endDay - days + 1, days, warmupDays: 28, leadTimeMeanDays: leadTime, leadTimeSdDays: leadTimeSd,
    reviewDays: review, costs, policies, paths: num('paths'), minHistoryDays: 90, unitValue,
    onProgress: (done, total) => process.stderr.write(`\r${label}: review ${done} of ${total}`),
  });
  process.stderr.write('\n');
  console.log(`\n${formatSimulation(label, result, {
    weeks, leadTime, leadTimeSd, review, holdingPerUnitDay: costs.holdingPerUnitDay, stockoutPerUnit: costs.stockoutPerUnit,
    forecaster: forecaster().name,
  }, (performance.now() - started) / 1000)}`);
}

console.log(`# Policy replay (costs per unit of price: holding ${(num('holding-rate') * 100).toFixed(0)}%/year of a unit cost of ` +
  `${((1 - margin) * 100).toFixed(0)}% of price, stockout = ${(margin * 100).toFixed(0)}% margin; lost sales; shared 2-core machine)`);
const dataset = args.dataset as string;
if (dataset === 'both' || dataset === 'online-retail') {
  const all = await loadOnlineRetail();
  const regular = all.filter((s) => s.sellingDays >= num('min-selling-days') && Number.isFinite(s.meanPrice));
  const price = new Map(regular.map((s) => [s.sku, s.meanPrice]));
  await run(`Online Retail, products sold on ≥ ${num('min-selling-days')} days, valued at their mean price`, regular, (sku) => price.get(sku) as number);
}
if (dataset === 'both' || dataset === 'store-item') {
  const all = loadStoreItem();
  // An even sample: every k-th series (stores and items both vary).
  const step = Math.max(1, Math.floor(all.length / Math.max(1, num('store-items'))));
  const sample = all.filter((_, i) => i % step === 0);
  await run(`Store Item Demand (synthetic), ${sample.length} of ${all.length} series, every unit worth 1`, sample, () => 1);
}

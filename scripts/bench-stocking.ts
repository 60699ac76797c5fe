/**
 * The single-order stocking test: one order now must cover the next `horizon` days (no stock on
 * hand, lead time 0, review period = horizon). With stock S and demand D that came, the cost is
 * (1 − q)·(S − D)⁺ + q·(D − S)⁺, so the best S is the q-quantile of D. Shelfcast's S is what its
 * plan orders (the smallest whole stock covering the q-quantile of its simulated demand); three
 * rules of thumb a seller uses are scored alike:
 *   - "last month × 1.2":  1.2 × the last `horizon` days' sales
 *   - "year mean × 1.2":   1.2 × the last year's mean daily sales × horizon
 *   - "past quantile":     the q-quantile of the last year's rolling `horizon`-day sums
 * Each data set is cut at `windows` consecutive origins (the last one `horizon` days before the end);
 * at each, every model is fitted on what came before. Printed per data set, level and window: the
 * cost relative to the best rule (the rule cheapest over all windows at that level), the coverage
 * (share of products whose demand the stock covered) and stock ÷ demand.
 *
 *   nice -n 10 npm run bench:stocking [-- --dataset all|online-retail|store-item|stress
 *     --windows 6 --horizon 28 --models auto --products 0 --paths 1000 --retail-products 1000 --store-items 100]
 */
import { parseArgs } from 'node:util';
import { nodeEnvironment } from '../src/cli/env';
import { cliRegistry } from '../src/cli/models';
import { DEFAULT_MODEL, type AutoOptions } from '../src/core/evaluate';
import { CumulativePaths } from '../src/core/plan';
import { isoToDay, truncateSeries, type Series } from '../src/core/series';
import { quantileSorted } from '../src/core/stats';
import { t } from '../src/i18n';
import { loadOnlineRetail, loadStoreItemDemand } from './datasets';
import { stressCorpus } from './stress-corpus';

const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'all' },
    windows: { type: 'string', default: '6' },
    horizon: { type: 'string', default: '28' },
    models: { type: 'string', default: DEFAULT_MODEL },
    products: { type: 'string', default: '0' },
    paths: { type: 'string', default: '1000' },
    'store-items': { type: 'string', default: '100' },
    'retail-products': { type: 'string', default: '1000' },
  },
});
const horizon = Number(args.horizon);
const windows = Number(args.windows);
const LEVELS = [0.5, 0.8, 0.95] as const;
const RULES = ['last month × 1.2', 'year mean × 1.2', 'past quantile'] as const;

interface Cell { cost: number; covered: number; stock: number; demand: number; products: number }
const emptyCell = (): Cell => ({ cost: 0, covered: 0, stock: 0, demand: 0, products: 0 });

function pinballCost(stock: number, demand: number, q: number): number {
  return stock >= demand ? (1 - q) * (stock - demand) : q * (demand - stock);
}

function sum(values: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let t = Math.max(0, from); t < to; t++) s += values[t];
  return s;
}

/** The three rules' stock for one product cut at `cut` (index of the first day to cover). */
function ruleStocks(values: Float32Array, cut: number, q: number): number[] {
  const lastMonth = sum(values, cut - horizon, cut);
  const yearStart = Math.max(0, cut - 365);
  const yearMean = sum(values, yearStart, cut) / Math.max(1, cut - yearStart);
  const sums: number[] = [];
  let rolling = sum(values, yearStart, yearStart + horizon);
  for (let t = yearStart + horizon; t <= cut; t++) {
    sums.push(rolling);
    if (t < cut) rolling += values[t] - values[t - horizon];
  }
  const past = sums.length > 0 ? quantileSorted(Float64Array.from(sums).sort(), q) : lastMonth;
  return [Math.round(1.2 * lastMonth), Math.round(1.2 * yearMean * horizon), Math.round(past)];
}

/** `auto` as shipped; `auto-daily` models totals from the day-level choice (for comparison). */
const STATISTICAL = ['seasonal_naive', 'moving_average', 'ets', 'sba', 'tsb', 'ensemble'];
const VARIANTS: Record<string, { model: string; options: AutoOptions }> = {
  'auto-daily': { model: 'auto', options: { totalsModel: 'daily' } },
  // Without the Transformer candidate: minutes faster, for trying ideas.
  'auto-stat': { model: 'auto', options: { candidates: STATISTICAL } },
  'auto-stat-daily': { model: 'auto', options: { candidates: STATISTICAL, totalsModel: 'daily' } },
  'auto-stat-models-only': { model: 'auto', options: { candidates: STATISTICAL, totalsRecentMeans: false } },
};

async function runDataset(label: string, all: readonly Series[]): Promise<void> {
  const models = (args.models as string).split(',').map((m) => m.trim()).filter(Boolean);
  const registries = new Map(models.map((name) => [name, cliRegistry(VARIANTS[name]?.options ?? {})]));
  const specOf = (name: string) => (registries.get(name) as ReturnType<typeof cliRegistry>).get(VARIANTS[name]?.model ?? name);
  for (const name of models) await (registries.get(name) as ReturnType<typeof cliRegistry>).load(specOf(name), nodeEnvironment);
  const endDay = Math.max(...all.map((s) => isoToDay(s.start) + s.values.length - 1));
  const bigOrders = new Map<string, { orders: number; explained: number }>();
  // results[model or rule][level][window]
  const results = new Map<string, Cell[][]>();
  const cell = (who: string, k: number, w: number) => {
    let byLevel = results.get(who);
    if (!byLevel) results.set(who, (byLevel = LEVELS.map(() => Array.from({ length: windows }, emptyCell))));
    return byLevel[k][w];
  };
  for (let w = 0; w < windows; w++) {
    const firstDay = endDay + 1 - (windows - w) * horizon;
    // Products on sale in the year before the cut, with four weeks of history at least.
    const chosen: { series: Series; cut: number; demand: number }[] = [];
    for (const s of all) {
      const cut = firstDay - isoToDay(s.start);
      if (cut < 28 || cut + horizon > s.values.length) continue;
      if (sum(s.values, cut - 365, cut) <= 0) continue;
      chosen.push({ series: s, cut, demand: sum(s.values, cut, cut + horizon) });
    }
    const training = chosen.map((c) => truncateSeries(c.series, c.cut));
    for (const c of chosen) {
      for (const [k, q] of LEVELS.entries()) {
        ruleStocks(c.series.values, c.cut, q).forEach((stock, r) => add(cell(RULES[r], k, w), stock, c.demand, q));
      }
    }
    for (const name of models) {
      const started = performance.now();
      const forecaster = (registries.get(name) as ReturnType<typeof cliRegistry>).instantiate(specOf(name), nodeEnvironment);
      await forecaster.fit(training);
      const batch = await forecaster.predict(horizon, { quantiles: [0.1, 0.5, 0.9], paths: Number(args.paths) });
      const bySku = new Map(batch.forecasts.map((f) => [f.sku, f]));
      for (const c of chosen) {
        const f = bySku.get(c.series.sku);
        const largest = largestTotal(c.series.values, c.cut);
        for (const [k, q] of LEVELS.entries()) {
          let stock = 0;
          if (f?.paths && f.nPaths) stock = new CumulativePaths({ paths: f.paths, nPaths: f.nPaths, horizon: f.horizon }, horizon).over(horizon).smallestCovering(q);
          add(cell(name, k, w), stock, c.demand, q);
          // An order above 3× the most ever sold in `horizon` days must say why in the product's notes.
          if (stock > 3 * largest) {
            const big = bigOrders.get(name) ?? { orders: 0, explained: 0 };
            big.orders++;
            if (f?.notes.some((n) => n === t('engine:totals.record', { days: horizon, latest: Math.round(lastTotal(c.series.values, c.cut)) }))) big.explained++;
            bigOrders.set(name, big);
          }
        }
      }
      process.stderr.write(`${label}: window ${w + 1}/${windows} ${name} ${((performance.now() - started) / 1000).toFixed(1)} s, ${chosen.length} products, ${batch.skipped.length} skipped\n`);
    }
  }
  report(label, models, results);
  for (const [name, big] of bigOrders) {
    console.log(`  ${name}: ${big.orders} orders (product × window × level) above 3× the product's largest ${horizon}-day sales, ${big.explained} with the reason in its notes`);
  }
}

/** Largest sum of `horizon` consecutive days before `cut`, and the latest one. */
function largestTotal(values: Float32Array, cut: number): number {
  let best = 0;
  let rolling = 0;
  for (let t = 0; t < cut; t++) {
    rolling += values[t] - (t >= horizon ? values[t - horizon] : 0);
    best = Math.max(best, rolling);
  }
  return best;
}
function lastTotal(values: Float32Array, cut: number): number {
  return sum(values, cut - horizon, cut);
}

function add(c: Cell, stock: number, demand: number, q: number): void {
  c.cost += pinballCost(stock, demand, q);
  c.covered += stock >= demand ? 1 : 0;
  c.stock += stock;
  c.demand += demand;
  c.products++;
}

function report(label: string, models: string[], results: Map<string, Cell[][]>): void {
  console.log(`\n## ${label} — ${windows} windows of ${horizon} days`);
  const total = (cells: Cell[]) => cells.reduce((a, c) => ({
    cost: a.cost + c.cost, covered: a.covered + c.covered, stock: a.stock + c.stock, demand: a.demand + c.demand, products: a.products + c.products,
  }), emptyCell());
  for (const [k, q] of LEVELS.entries()) {
    const ruleTotals = RULES.map((r) => total((results.get(r) as Cell[][])[k]));
    const best = ruleTotals.reduce((b, c, i) => (c.cost < ruleTotals[b].cost ? i : b), 0);
    const bestCells = (results.get(RULES[best]) as Cell[][])[k];
    console.log(`\nq = ${q}: best rule "${RULES[best]}"; per window: cost ÷ best rule | coverage | stock ÷ demand`);
    const line = (who: string, cells: Cell[]) => {
      const t = total(cells);
      const perWindow = cells.map((c, w) => `${(c.cost / bestCells[w].cost).toFixed(2)} ${(c.covered / c.products).toFixed(2)} ${(c.stock / c.demand).toFixed(2)}`);
      console.log(`  ${who.padEnd(18)} all: ${(t.cost / ruleTotals[best].cost).toFixed(3)} | ${(t.covered / t.products).toFixed(3)} | ${(t.stock / t.demand).toFixed(2)}   windows: ${perWindow.join('  ')}`);
    };
    for (const m of models) line(m, (results.get(m) as Cell[][])[k]);
    RULES.forEach((r) => line(r, (results.get(r) as Cell[][])[k]));
  }
}

const dataset = args.dataset as string;
const limit = Number(args.products);
const cap = <T>(list: T[]) => (limit > 0 ? list.slice(0, limit) : list);
console.log(`# Single-order stocking test (${new Date().toISOString().slice(0, 10)}; lead time 0, review ${horizon} days, no stock on hand)`);
if (dataset === 'all' || dataset === 'online-retail') {
  const { series } = await loadOnlineRetail(undefined, 10);
  // An even sample (every k-th product code) keeps a run within minutes on two cores.
  const step = Math.max(1, Math.floor(series.length / Number(args['retail-products'])));
  const sample = cap(series.filter((_, i) => i % step === 0));
  await runDataset(`Online Retail (${sample.length} of ${series.length} products sold on ≥ 10 days)`, sample);
}
if (dataset === 'all' || dataset === 'store-item') {
  const { series } = await loadStoreItemDemand();
  const step = Math.max(1, Math.floor(series.length / Number(args['store-items'])));
  const sample = series.filter((_, i) => i % step === 0);
  await runDataset(`Store Item Demand (${sample.length} of ${series.length} series)`, sample);
}
if (dataset === 'all' || dataset === 'stress') {
  const corpus = stressCorpus();
  await runDataset(`Stress corpus (${cap(corpus).length} generated products)`, cap(corpus));
}

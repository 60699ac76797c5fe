/**
 * Cold start on UCI Online Retail (CC BY 4.0, Chen 2015): can text neighbours forecast a new product's
 * first 28 days of sales better than the category or global average?
 *
 * - "New" products: those launched inside the data (first sale at least 30 days after the data
 *   starts, i.e. after the 2010 Christmas shutdown) with 28 days of data after launch. 10-fold
 *   cross-validation: each fold holds out 10% of them as new, so every launch is forecast once.
 * - No look-ahead: a held-out product learns only from products (not held out) whose own first 28
 *   days ended before its launch; their curves are cut at its launch day.
 * - Text: USE-lite embeddings of product names, computed in headless Chromium by the app's worker
 *   code (cached in reports/bench-cache/ between runs).
 * - Online Retail has no category column. The "category" baseline uses the product type named by the
 *   description's head noun (the last word that is not a colour, size, pattern or pack word:
 *   "JUMBO BAG RED RETROSPOT" → BAG, "WHITE HANGING HEART T-LIGHT HOLDER" → HOLDER), which is what a
 *   seller's category column usually holds. Categories with fewer than 5 reference products fall back
 *   to the global average.
 * - Metrics over the 28 forecast days: WAPE = Σ|error| / Σ actual over all products; MASE = mean over
 *   products of MAE / (mean |y_t − y_{t−7}| over the product's whole observed life).
 *
 *   npm run bench:text-coldstart [-- --folds 10 --neighbours 10 --temperature 0.1 --port 5204]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/core/stats';
import { EmbeddingIndex, planColdStart, prepareText, type ReferenceCurve } from '../src/core/text';
import { decodeVectors, openBench, startServer, stopServer } from './bench-text/browser';
import { loadOnlineRetail, type RetailProduct } from './bench-text/data';

const { values: args } = parseArgs({
  options: {
    folds: { type: 'string', default: '10' },
    neighbours: { type: 'string', default: '10' },
    temperature: { type: 'string', default: '0.1' },
    'prior-days': { type: 'string', default: '7' },
    port: { type: 'string', default: '5204' },
    seed: { type: 'string', default: '2026' },
  },
});
const HORIZON = 28;
const EARLY_DAYS = 7;
const LAUNCH_GRACE_DAYS = 30;
const MIN_POOL = 30;
const MIN_CATEGORY = 5;
const options = { neighbours: Number(args.neighbours), temperature: Number(args.temperature), priorDays: Number(args['prior-days']), minCategorySize: MIN_CATEGORY };

// --- Data --------------------------------------------------------------------------------------
const started = Date.now();
const { products, firstDay, lastDay } = loadOnlineRetail();
console.log(`Online Retail: ${products.length} products with a positive sale, days ${firstDay}–${lastDay} (${((Date.now() - started) / 1000).toFixed(1)} s to load)`);

/** Words that describe a variant (colour, size, pattern, pack) rather than what the product is. */
const MODIFIERS = new Set(`RED PINK BLUE GREEN WHITE BLACK IVORY CREAM YELLOW ORANGE PURPLE GOLD SILVER BROWN GREY GRAY
  NATURAL PASTEL BRIGHT LARGE SMALL MINI JUMBO BIG MEDIUM GIANT SET PACK DESIGN DESIGNS ASSORTED VINTAGE RETROSPOT
  POLKADOT SPOTTY STRIPE STRIPES PAISLEY FLORAL HEART HEARTS STAR LOVE CHRISTMAS WOODLAND SPACEBOY DOLLY GIRL BOY
  LONDON PANTRY REGENCY ANTIQUE COLOUR COLOURS COL COLOURED GLASS WOODEN METAL TIN CERAMIC ENAMEL`.split(/\s+/).filter(Boolean));

function singular(word: string): string {
  if (word.endsWith('IES')) return `${word.slice(0, -3)}Y`;
  if (/(X|SH|CH)ES$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('S') && !word.endsWith('SS')) return word.slice(0, -1);
  return word;
}

/** Product type from the description's head noun (see the header). */
function productType(name: string): string {
  const words = name.toUpperCase().replace(/[^A-Z\- ]/g, ' ').split(/\s+/).filter((w) => w.length > 2);
  for (let i = words.length - 1; i >= 0; i--) {
    const w = singular(words[i]);
    if (!MODIFIERS.has(w) && !MODIFIERS.has(words[i])) return w;
  }
  return 'OTHER';
}

// --- Embeddings (browser, cached on disk) ------------------------------------------------------
async function embedNames(list: RetailProduct[]): Promise<Map<string, Float32Array>> {
  const texts = list.map((p) => prepareText(p.name));
  const key = createHash('sha256').update(texts.join('\n')).digest('hex').slice(0, 16);
  const file = `reports/bench-cache/online-retail-use-lite-${key}.f32`;
  let vectors: Float32Array[];
  if (existsSync(file)) {
    const bytes = readFileSync(file);
    vectors = decodeVectors(bytes.toString('base64'), 512);
    console.log(`embeddings: ${vectors.length} read from ${file}`);
  } else {
    const baseUrl = await startServer(Number(args.port));
    const bench = await openBench(baseUrl);
    try {
      const result = await bench.run('embed', { encoder: { kind: 'use-lite' }, backends: ['wasm'], texts, batchSize: 32 });
      vectors = decodeVectors(result.vectors, result.dimension);
      console.log(`embeddings: ${result.computed} computed + ${result.cached} cached in ${(result.ms / 1000).toFixed(1)} s in headless Chromium (${result.device})`);
      mkdirSync('reports/bench-cache', { recursive: true });
      writeFileSync(file, Buffer.from(result.vectors, 'base64'));
    } finally {
      await bench.close();
      await stopServer();
    }
  }
  return new Map(list.map((p, i) => [p.sku, vectors[i]]));
}
const embeddings = await embedNames(products);
const index = EmbeddingIndex.from(512, embeddings);
const categoryOf = new Map(products.map((p) => [p.sku, productType(p.name)]));

// --- Evaluation --------------------------------------------------------------------------------
const launched = products.filter((p) => p.firstDay - firstDay >= LAUNCH_GRACE_DAYS);
const eligible = launched.filter((p) => p.daily.length >= HORIZON + EARLY_DAYS);
const folds = Number(args.folds);
const random = mulberry32(Number(args.seed));
const order = [...eligible];
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const foldOf = new Map(order.map((p, i) => [p.sku, i % folds]));
console.log(`launched in the data: ${launched.length}; with ${HORIZON + EARLY_DAYS}+ days after launch: ${eligible.length}; ${folds} folds of ~${Math.round(eligible.length / folds)} "new" products (10% each)`);

/** Seasonal-naive (weekly) in-sample scale over the product's whole observed life. */
function maseScale(p: RetailProduct): number {
  let sum = 0;
  for (let t = 7; t < p.daily.length; t++) sum += Math.abs(p.daily[t] - p.daily[t - 7]);
  return p.daily.length > 7 ? sum / (p.daily.length - 7) : 0;
}

/** Error sums of one method's point forecast: daily absolute errors, 28-day totals, per-product MASE. */
interface Score { absError: number; actual: number; forecast: number; totalAbsError: number; mase: number[] }
const emptyScore = (): Score => ({ absError: 0, actual: 0, forecast: 0, totalAbsError: 0, mase: [] });
const scenarios = {
  zero: ['always zero', 'global average', 'category average', 'text neighbours', 'text shape × category level'],
  early: ['global average', 'category average', 'own first 7 days, flat', 'category shape × own sales', 'text neighbours × own sales'],
} as const;
type Scenario = keyof typeof scenarios;
/** Two point forecasts per method: the mean (what an "average" is) and the median (what absolute-error metrics reward). */
type Point = 'mean' | 'p50';
const scores: Record<Scenario, Map<string, Record<Point, Score>>> = { zero: new Map(), early: new Map() };
for (const sc of Object.keys(scenarios) as Scenario[]) for (const m of scenarios[sc]) scores[sc].set(m, { mean: emptyScore(), p50: emptyScore() });
let skippedPool = 0;
let categoryUsed = 0;
let evaluated = 0;
const poolSizes: number[] = [];

/**
 * `mean` and `p50` are daily point forecasts; `p50Total` is the median of the 28-day total (for the
 * p50 row's WAPE28, since the sum of daily medians is not the median of the sum).
 */
interface Forecasts { mean: ArrayLike<number>; p50: ArrayLike<number>; p50Total: number }

function record(scenario: Scenario, method: string, actual: ArrayLike<number>, forecasts: Forecasts, scale: number): void {
  for (const point of ['mean', 'p50'] as const) {
    const s = (scores[scenario].get(method) as Record<Point, Score>)[point];
    const forecast = forecasts[point];
    let abs = 0;
    let actualSum = 0;
    let forecastSum = 0;
    for (let i = 0; i < actual.length; i++) {
      abs += Math.abs(actual[i] - forecast[i]);
      actualSum += actual[i];
      forecastSum += forecast[i];
    }
    s.absError += abs;
    s.actual += actualSum;
    s.forecast += forecastSum;
    s.totalAbsError += Math.abs(actualSum - (point === 'mean' ? forecastSum : forecasts.p50Total));
    if (scale > 0) s.mase.push(abs / actual.length / scale);
  }
}

/** Per-step weighted median of paths. */
function weightedMedian(paths: readonly ArrayLike<number>[], weights: readonly number[], length: number): Float64Array {
  const out = new Float64Array(length);
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < length; i++) {
    const column = paths.map((p, j) => ({ v: p[i], w: weights[j] })).sort((a, b) => a.v - b.v);
    let acc = 0;
    for (const c of column) {
      acc += c.w;
      if (acc >= total / 2) { out[i] = c.v; break; }
    }
  }
  return out;
}

function sum(xs: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += xs[i];
  return total;
}

/** Weighted median of the paths' totals. */
function medianTotal(paths: readonly ArrayLike<number>[], weights: readonly number[]): number {
  return weightedMedian(paths.map((p) => [sum(p)]), weights, 1)[0];
}

function curvesFrom(curves: readonly ReferenceCurve[], from: number, length: number): Float64Array[] {
  return curves.map((c) => Float64Array.from({ length }, (_, i) => c.values[from + i]));
}

function meanCurve(curves: readonly ReferenceCurve[], from: number, length: number): Float64Array {
  const out = new Float64Array(length);
  for (const c of curves) for (let i = 0; i < length; i++) out[i] += c.values[from + i] / curves.length;
  return out;
}

for (const target of eligible) {
  const fold = foldOf.get(target.sku);
  const scale = maseScale(target);
  for (const scenario of Object.keys(scenarios) as Scenario[]) {
    const age = scenario === 'zero' ? 0 : EARLY_DAYS;
    const origin = target.firstDay + age;
    const window = age + HORIZON;
    // References: not in this fold, launched and with a full window before the forecast origin.
    const pool: ReferenceCurve[] = [];
    for (const p of launched) {
      if (p.sku === target.sku || foldOf.get(p.sku) === fold) continue;
      const known = origin - p.firstDay;
      if (known < window) continue;
      pool.push({ sku: p.sku, values: p.daily.subarray(0, known), category: categoryOf.get(p.sku) });
    }
    if (pool.length < MIN_POOL) {
      if (scenario === 'zero') skippedPool++;
      continue;
    }
    const actual = target.daily.subarray(age, age + HORIZON);
    const category = categoryOf.get(target.sku) as string;
    const members = pool.filter((c) => c.category === category);
    const categoryPool = members.length >= MIN_CATEGORY ? members : pool;
    const history = target.daily.subarray(0, age);

    const average = (curves: readonly ReferenceCurve[]): Forecasts => {
      const paths = curvesFrom(curves, age, HORIZON);
      const ones = curves.map(() => 1);
      return { mean: meanCurve(curves, age, HORIZON), p50: weightedMedian(paths, ones, HORIZON), p50Total: medianTotal(paths, ones) };
    };
    const fromPlan = (plan: ReturnType<typeof planColdStart>): Forecasts => {
      if (typeof plan === 'string') throw new Error(`${target.sku}: ${plan}`);
      const weights = plan.pathWeights;
      return { mean: plan.mean, p50: weightedMedian(plan.paths, weights, HORIZON), p50Total: medianTotal(plan.paths, weights) };
    };
    const embedding = embeddings.get(target.sku) as Float32Array;
    record(scenario, 'global average', actual, average(pool), scale);
    record(scenario, 'category average', actual, average(categoryPool), scale);
    if (scenario === 'zero') {
      evaluated++;
      poolSizes.push(pool.length);
      if (members.length >= MIN_CATEGORY) categoryUsed++;
      const zero = new Float64Array(HORIZON);
      record(scenario, 'always zero', actual, { mean: zero, p50: zero, p50Total: 0 }, scale);
      record(scenario, 'text neighbours', actual, fromPlan(planColdStart({ sku: target.sku, embedding, history }, pool, index, HORIZON, options)), scale);
      record(scenario, 'text shape × category level', actual,
        fromPlan(planColdStart({ sku: target.sku, embedding, history, category }, pool, index, HORIZON, options)), scale);
    } else {
      const flat = new Float64Array(HORIZON).fill(history.reduce((a, b) => a + b, 0) / age);
      record(scenario, 'own first 7 days, flat', actual, { mean: flat, p50: flat, p50Total: sum(flat) }, scale);
      // The lexical category with the same own-sales scaling (and shrinkage) as the text method.
      const curves = curvesFrom(categoryPool, 0, window).filter((c) => sum(c) > 0);
      const levels = curves.map((c) => sum(c) / window);
      const shapes = curves.map((c, j) => c.map((v) => v / levels[j]));
      const shape = shapes[0].map((_, t) => shapes.reduce((a, sh) => a + sh[t], 0) / shapes.length);
      const prior = levels.reduce((a, b) => a + b, 0) / levels.length;
      const shapeMass = shape.subarray(0, age).reduce((a, b) => a + b, 0);
      const level = (history.reduce((a, b) => a + b, 0) + options.priorDays * prior) / (shapeMass + options.priorDays);
      const catPaths = shapes.map((sh) => sh.subarray(age).map((v) => v * level));
      record(scenario, 'category shape × own sales', actual,
        { mean: shape.subarray(age).map((v) => v * level), p50: weightedMedian(catPaths, catPaths.map(() => 1), HORIZON), p50Total: medianTotal(catPaths, catPaths.map(() => 1)) }, scale);
      record(scenario, 'text neighbours × own sales', actual, fromPlan(planColdStart({ sku: target.sku, embedding, history }, pool, index, HORIZON, options)), scale);
    }
  }
}

poolSizes.sort((a, b) => a - b);
console.log(`evaluated ${evaluated} new products (${skippedPool} launched too early to have ${MIN_POOL} earlier launches to learn from); ` +
  `reference pool median ${poolSizes[Math.floor(poolSizes.length / 2)]} products; ${categoryUsed} of them had a category with ≥ ${MIN_CATEGORY} references`);
console.log(`text method: USE-lite, k = ${options.neighbours} neighbours, softmax temperature ${options.temperature}, prior weight ${options.priorDays} days\n`);
const titles: Record<Scenario, string> = {
  zero: `Zero history: forecast days 1–${HORIZON} after launch`,
  early: `With the first ${EARLY_DAYS} days of sales known: forecast days ${EARLY_DAYS + 1}–${EARLY_DAYS + HORIZON}`,
};
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
for (const scenario of Object.keys(scenarios) as Scenario[]) {
  console.log(titles[scenario]);
  console.log(`  ${'method'.padEnd(30)} point  ${'WAPE'.padStart(6)} ${'MASE'.padStart(7)} ${'MASEmed'.padStart(7)} ${'WAPE28'.padStart(7)} ${'bias'.padStart(6)}`);
  for (const [method, byPoint] of scores[scenario]) {
    for (const point of ['mean', 'p50'] as const) {
      const s = byPoint[point];
      const mase = s.mase.reduce((a, b) => a + b, 0) / s.mase.length;
      console.log(`  ${(point === 'mean' ? method : '').padEnd(30)} ${point.padEnd(5)}  ${(s.absError / s.actual).toFixed(3).padStart(6)} ${mase.toFixed(2).padStart(7)} ` +
        `${median(s.mase).toFixed(2).padStart(7)} ${(s.totalAbsError / s.actual).toFixed(3).padStart(7)} ${`${(((s.forecast - s.actual) / s.actual) * 100).toFixed(0)}%`.padStart(6)}`);
    }
  }
  console.log('');
}
console.log('WAPE: daily, pooled over products; MASE: mean (MASEmed: median) over products of daily MAE / the product\'s weekly-naive MAE;');
console.log('WAPE28: error of each product\'s 28-day total, pooled (p50 rows: the median 28-day total); bias: (Σ forecast − Σ actual) / Σ actual.');
console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);

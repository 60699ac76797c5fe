/**
 * `simulate`: how Shelfcast's stock policy would have done on your own past sales, next to two
 * rules of thumb, under the same costs and the same rules.
 *
 *   npm run cli -- simulate --input sales.csv --weeks 26 --lead-time 7 --review-period 7
 *     --holding-cost 0.07 --stockout-cost 1 [--service-level 0.95]
 */
import { DEFAULT_MODEL } from '../../core/evaluate';
import { simulatePolicies, type SimPolicy, type SimulationResult, type PolicyKind, type ServiceTarget } from '../../core/plan';
import { dayToIso, isoToDay } from '../../core/series';
import { dateOrderOption, idColumnList, InputError, numberOption, parseOrShowHelp, requireString, returnsOption, UsageError } from '../args';
import type { Command } from '../command';
import { readSalesSeries } from '../input';
import { DAILY_INPUT_HELP, DAILY_INPUT_OPTIONS } from './plan';

const SIMULATE_HELP = `Usage: npm run cli -- simulate --input sales.csv [options]

Replays the last weeks of the sales day by day: Shelfcast's policy against "reorder when stock <
average daily sales × lead time, order 30 days of sales" and "stock = forecast × 1.2". Forecasts use
only the days before each review; orders arrive after the lead time; sales the shelf cannot serve
are lost. Prints total holding + stockout cost, fill rate, cycle service level, stockout days,
average inventory and orders per policy.

${DAILY_INPUT_HELP}
  --model NAME           forecaster refitted at every review (default ${DEFAULT_MODEL})
  --weeks N              weeks replayed, ending with the last day of sales (default 26)
  --warmup DAYS          days simulated before them and not counted (default 28)
  --lead-time DAYS       (default 7)   --lead-time-sd DAYS (default 0; actual lead times are drawn)
  --review-period DAYS   (default 7)   --policy RS|sS (default RS)
  --holding-cost X       money per unit held for one review period (--holding-cost-per day: per day)
  --stockout-cost X      money per unit of demand lost
  --service-level P      plan at this cycle service level instead of the cost-optimal one
  --value-by-price       multiply each product's costs by its mean selling price (the CSV's price
                         column): costs are then per unit of price, and totals are money
  --paths N              forecast sample paths (default 500)
  --min-history DAYS     products need this much history before the replay (default 90)
`;

export interface SimulationParameters {
  weeks: number;
  leadTime: number;
  leadTimeSd: number;
  review: number;
  holdingPerUnitDay: number;
  stockoutPerUnit: number;
  forecaster: string;
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

/** The result as a Markdown table plus the two verdicts the planning issue asks for. */
export function formatSimulation(label: string, r: SimulationResult, p: SimulationParameters, seconds?: number): string {
  const out: string[] = [];
  out.push(`## ${label}: ${r.products} products, ${dayToIso(r.firstDay)} to ${dayToIso(r.lastDay)} (${p.weeks} weeks), ` +
    `lead time ${p.leadTime}±${p.leadTimeSd} days, review every ${p.review} days, holding ${p.holdingPerUnitDay.toPrecision(3)} per unit-day, ` +
    `stockout ${p.stockoutPerUnit} per unit lost, forecaster ${p.forecaster}${r.excluded.length ? `, ${r.excluded.length} products excluded (short history)` : ''}` +
    `${seconds !== undefined ? `, ${seconds.toFixed(1)} s` : ''}`);
  out.push('');
  out.push('| policy | total cost | holding | stockout | fill rate | cycle service level | stockout days | avg units on hand | orders |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const q of r.policies) {
    out.push(`| ${q.name} | ${Math.round(q.totalCost).toLocaleString('en')} | ${Math.round(q.holdingCost).toLocaleString('en')} | ` +
      `${Math.round(q.stockoutCost).toLocaleString('en')} | ${pct(q.fillRate, 2)} | ${pct(q.cycleServiceLevel)}` +
      `${q.targetCycleServiceLevel !== undefined ? ` (target ${pct(q.targetCycleServiceLevel)})` : ''} | ` +
      `${q.stockoutDays.toLocaleString('en')} (${pct(q.stockoutDays / Math.max(1, q.productDays))}) | ${q.averageInventory.toFixed(1)} | ${q.orders.toLocaleString('en')} |`);
  }
  const shelfcast = r.policies.filter((q) => q.kind === 'shelfcast');
  const rules = r.policies.filter((q) => q.kind !== 'shelfcast');
  for (const s of shelfcast) {
    if (rules.length > 0) {
      const best = rules.reduce((a, b) => (a.totalCost <= b.totalCost ? a : b));
      const saving = 1 - s.totalCost / best.totalCost;
      out.push('');
      out.push(`- ${s.name} costs ${pct(Math.abs(saving))} ${saving >= 0 ? 'less' : 'MORE'} than the best rule of thumb (${best.name}) ` +
        `at a fill rate of ${pct(s.fillRate, 2)} vs ${pct(best.fillRate, 2)} (${s.fillRate >= best.fillRate ? 'equal or better' : 'lower'}).`);
    }
    if (s.targetCycleServiceLevel !== undefined) {
      const gap = (s.cycleServiceLevel - s.targetCycleServiceLevel) * 100;
      out.push(`- Cycle service level ${pct(s.cycleServiceLevel)} against a target of ${pct(s.targetCycleServiceLevel)}: ` +
        `${gap >= 0 ? '+' : ''}${gap.toFixed(1)} points (${Math.abs(gap) <= 3 ? 'within' : 'outside'} ±3). Demand over lead time + review ` +
        `stayed within the planned order-up-to level in ${pct(s.coverageOfOrderUpTo ?? Number.NaN)} of reviews.`);
    }
  }
  return out.join('\n');
}

const OPTIONS = {
  ...DAILY_INPUT_OPTIONS,
  model: { type: 'string' }, weeks: { type: 'string' }, warmup: { type: 'string' }, 'lead-time': { type: 'string' },
  'lead-time-sd': { type: 'string' }, 'review-period': { type: 'string' }, policy: { type: 'string' },
  'holding-cost': { type: 'string' }, 'holding-cost-per': { type: 'string' }, 'stockout-cost': { type: 'string' },
  'service-level': { type: 'string' }, paths: { type: 'string' }, 'min-history': { type: 'string' },
  'value-by-price': { type: 'boolean' }, help: { type: 'boolean' },
} as const;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: "replay past weeks with Shelfcast's stock policy and two rules of thumb, same costs",
  help: SIMULATE_HELP,
  async run(argv, ctx) {
    const values = parseOrShowHelp(argv, OPTIONS, this.help, ctx.stdout);
    if (!values) return;
    const input = requireString(values, 'input');
    const num = (name: string, fallback: number, ok: (x: number) => boolean, what: string) =>
      numberOption(values, name, fallback, ok, what) as number;
    const whole = (x: number) => Number.isInteger(x) && x >= 1;
    const weeks = num('weeks', 26, whole, 'a whole number ≥ 1');
    const warmup = num('warmup', 28, (x) => Number.isInteger(x) && x >= 0, 'a whole number ≥ 0');
    const leadTime = num('lead-time', 7, (x) => x >= 0, 'days ≥ 0');
    const leadTimeSd = num('lead-time-sd', 0, (x) => x >= 0, 'days ≥ 0');
    const review = num('review-period', 7, whole, 'a whole number of days ≥ 1');
    const holding = num('holding-cost', Number.NaN, (x) => x > 0, 'a cost above 0');
    const stockout = num('stockout-cost', Number.NaN, (x) => x > 0, 'a cost above 0');
    if (!Number.isFinite(holding) || !Number.isFinite(stockout)) throw new UsageError('--holding-cost and --stockout-cost are required (every policy is charged the same)');
    const per = (values['holding-cost-per'] as string | undefined) ?? 'period';
    if (per !== 'period' && per !== 'day') throw new UsageError(`--holding-cost-per must be "period" or "day", got "${per}"`);
    const serviceLevel = values['service-level'] === undefined ? undefined : num('service-level', 0.95, (x) => x > 0 && x < 1, 'between 0 and 1');
    const policyKind = ((values.policy as string | undefined) ?? 'RS') as PolicyKind;
    if (policyKind !== 'RS' && policyKind !== 'sS') throw new UsageError(`--policy must be RS or sS, got "${String(values.policy)}"`);
    const paths = num('paths', 500, whole, 'a whole number ≥ 1');
    const minHistory = num('min-history', 90, (x) => Number.isInteger(x) && x >= 1, 'a whole number ≥ 1');
    const model = typeof values.model === 'string' ? values.model : DEFAULT_MODEL;

    const sales = await readSalesSeries(input, {
      idColumns: idColumnList(values['id-columns']), dateOrder: dateOrderOption(values['date-order']), returns: returnsOption(values.returns),
    });
    const lastDay = isoToDay(sales.lastDate);
    const days = weeks * 7;
    const costs = { holdingPerUnitDay: per === 'day' ? holding : holding / review, stockoutPerUnit: stockout };
    const target: ServiceTarget = serviceLevel === undefined ? { kind: 'cost' } : { kind: 'cycle', level: serviceLevel };
    const policies: SimPolicy[] = [
      { kind: 'shelfcast', name: `Shelfcast (${policyKind === 'RS' ? 'R,S' : 's,S'})`, policy: policyKind, target },
      { kind: 'reorder-average', name: 'reorder below avg × lead time, order 30 days', averageDays: 30, orderDays: 30 },
      { kind: 'forecast-multiple', name: 'stock = forecast × 1.2', multiple: 1.2 },
    ];
    let unitValue: ((sku: string) => number) | undefined;
    if (values['value-by-price']) {
      const prices = new Map<string, number>();
      for (const s of sales.series) {
        const price = s.covariates?.price;
        let revenue = 0;
        let qty = 0;
        for (let i = 0; price && i < s.values.length; i++) if (Number.isFinite(price[i]) && s.values[i] > 0) { revenue += price[i] * s.values[i]; qty += s.values[i]; }
        if (qty > 0) prices.set(s.sku, revenue / qty);
      }
      if (prices.size === 0) throw new InputError(`--value-by-price: ${input} has no prices`);
      const cheapest = Math.min(...prices.values());
      unitValue = (sku) => prices.get(sku) ?? cheapest;
    }
    // Load the model once; the replay makes a fresh one for every review day.
    const spec = ctx.registry.get(model);
    await ctx.registry.load(spec, ctx.env);
    const forecaster = () => ctx.registry.instantiate(spec, ctx.env);
    const started = performance.now();
    const result = await simulatePolicies({
      series: sales.series, forecaster, startDay: lastDay - days + 1, days, warmupDays: warmup, leadTimeMeanDays: leadTime, leadTimeSdDays: leadTimeSd,
      reviewDays: review, costs, policies, paths, minHistoryDays: minHistory, unitValue,
      onProgress: (done, total) => ctx.stderr(`\rsimulate: review ${done} of ${total}`),
    });
    ctx.stderr('\n');
    if (result.products === 0) throw new InputError(`no product has ${minHistory} days of history before the replay starts; use fewer --weeks or a lower --min-history`);
    ctx.stdout(`${formatSimulation(input, result, {
      weeks, leadTime, leadTimeSd, review, holdingPerUnitDay: costs.holdingPerUnitDay, stockoutPerUnit: stockout, forecaster: spec.name,
    }, (performance.now() - started) / 1000)}\n`);
  },
};

/**
 * `plan`: a purchase plan from a sales file, in Node, with the same engine as the app.
 *
 *   npm run cli -- plan --input sales.csv [--products products.csv] --horizon 28 --lead-time 0
 *     --review-period 28 --holding-cost 1 --stockout-cost 4 --on-hand 0 --output plan.csv
 *
 * Costs: --holding-cost is money per unit kept in stock for one review period (so the critical
 * ratio is stockout / (stockout + holding)); --holding-cost-per day makes it per unit per day.
 * --stockout-cost is money per unit of demand that could not be served (charged once).
 */
import { writeFile } from 'node:fs/promises';
import { DEFAULT_MODEL } from '../../core/evaluate';
import { describeIssue } from '../../core/ingest';
import {
  allocateBudget, cycleCost, excelCsvFormat, leadTimeDistribution, leadTimeFromHistory, MACHINE_CSV, maxLeadTime, planProduct, purchasePlanCsv,
  BUDGET_CUT_REASON, withOrderQuantity, type CostRates, type PolicyKind, type ProductPlan, type PurchasePlanLine, type ServiceTarget,
} from '../../core/plan';
import { dayToIso, isoToDay } from '../../core/series';
import {
  dateOrderOption, idColumnList, INPUT_HELP, INPUT_OPTIONS, InputError, numberOption, parseOrShowHelp, requireString, returnsOption, UsageError,
} from '../args';
import type { Command } from '../command';
import { readSalesSeries } from '../input';
import { readProductsFile, readPurchaseOrders, type ProductOverrides } from './planInputs';

/** The shared input help without --freq: plans are daily. */
export const DAILY_INPUT_HELP = INPUT_HELP.split('\n').filter((line) => !/--freq|weekly series/.test(line)).join('\n');
const { freq: _freq, ...rest } = INPUT_OPTIONS;
/** The shared input options without --freq. */
export const DAILY_INPUT_OPTIONS = rest;

const OPTIONS = {
  ...DAILY_INPUT_OPTIONS,
  products: { type: 'string' }, output: { type: 'string' }, 'purchase-orders': { type: 'string' }, model: { type: 'string' },
  horizon: { type: 'string' }, 'lead-time': { type: 'string' }, 'lead-time-sd': { type: 'string' },
  'review-period': { type: 'string' }, policy: { type: 'string' },
  'holding-cost': { type: 'string' }, 'holding-cost-per': { type: 'string' }, 'stockout-cost': { type: 'string' },
  'service-level': { type: 'string' }, 'fill-rate': { type: 'string' }, 'ordering-cost': { type: 'string' },
  'on-hand': { type: 'string' }, moq: { type: 'string' }, 'case-pack': { type: 'string' }, budget: { type: 'string' },
  paths: { type: 'string' }, excel: { type: 'boolean' }, help: { type: 'boolean' },
} as const;

const PLAN_HELP = `Usage: npm run cli -- plan --input sales.csv [options]

Writes a purchase plan CSV: sku,order_qty,reorder_point,order_up_to,expected_fill_rate,… (one row per
product), planned for the day after the last day of sales.

${DAILY_INPUT_HELP}
  --model NAME            forecaster (default ${DEFAULT_MODEL}; see "npm run cli -- models")
  --products FILE         per-product values overriding the flags below: the app's catalogue format
                          (sku, on_hand, on_order, on_order_arrival, lead_time_days, lead_time_sd_days,
                          moq, case_pack, unit_cost, price, service_level, holding_cost_rate (yearly,
                          of unit cost), stockout_cost, ordering_cost) plus review_period_days,
                          holding_cost (per unit per review period) and fill_rate
  --output FILE           where to write the plan (default: standard output)
  --horizon DAYS          days to forecast (default 28; raised to lead time + review when needed)
  --lead-time DAYS        mean lead time, order to shelf (default 14)
  --lead-time-sd DAYS     its standard deviation (default 0)
  --purchase-orders FILE  past orders (sku, ordered, received): a product with 3 or more gets the
                          lead times it actually had instead of the mean and sd
  --review-period DAYS    days between two chances to order (default 7)
  --policy RS|sS          order up to S every review (RS, default) or when stock falls to s (sS)
  --holding-cost X        money per unit held for one review period (see --holding-cost-per)
  --holding-cost-per period|day   unit of --holding-cost (default period)
  --stockout-cost X       money per unit of demand not served
  --service-level P       target probability of no stockout per cycle, e.g. 0.95
  --fill-rate P           target share of demand served from stock, e.g. 0.98
                          (no target and both costs given: the cost-optimal level
                          stockout/(stockout+holding); nothing given: service level 0.95)
  --ordering-cost X       fixed cost per order (enables EOQ for the sS policy)
  --on-hand N             units on hand for every product not in --products (default 0)
  --moq N, --case-pack N  order constraints for products not in --products
  --budget X              spend at most X on this order (needs unit costs), by expected marginal profit
  --paths N               forecast sample paths per product (default 1000)
  --excel                 write for Excel in this machine's locale (BOM, ; and decimal comma where usual)

Costs: --holding-cost is money per unit kept in stock for one review period (--holding-cost-per day:
per unit per day); --stockout-cost is money per unit of demand not served, charged once.`;

const atLeast0 = (x: number) => x >= 0;
const wholeAtLeast1 = (x: number) => Number.isInteger(x) && x >= 1;
const level = (x: number) => x > 0 && x < 1;

export const planCommand: Command = {
  name: 'plan',
  summary: 'purchase plan: what to order, how much and by when, per product (CSV)',
  help: PLAN_HELP,
  async run(argv, ctx) {
    const values = parseOrShowHelp(argv, OPTIONS, this.help, ctx.stdout);
    if (!values) return;
    const input = requireString(values, 'input');
    const horizonFlag = numberOption(values, 'horizon', 28, wholeAtLeast1, 'a whole number of days ≥ 1') as number;
    const leadTime = numberOption(values, 'lead-time', 14, atLeast0, 'a number of days ≥ 0') as number;
    const leadTimeSd = numberOption(values, 'lead-time-sd', 0, atLeast0, 'a number of days ≥ 0') as number;
    const review = numberOption(values, 'review-period', 7, wholeAtLeast1, 'a whole number of days ≥ 1') as number;
    const holding = numberOption(values, 'holding-cost', undefined, atLeast0, 'a cost ≥ 0');
    const stockout = numberOption(values, 'stockout-cost', undefined, atLeast0, 'a cost ≥ 0');
    const serviceLevel = numberOption(values, 'service-level', undefined, level, 'a probability between 0 and 1 (e.g. 0.95)');
    const fillRate = numberOption(values, 'fill-rate', undefined, level, 'a share between 0 and 1 (e.g. 0.98)');
    const orderingCost = numberOption(values, 'ordering-cost', 0, atLeast0, 'a cost ≥ 0') as number;
    const onHand = numberOption(values, 'on-hand', 0, atLeast0, 'a number of units ≥ 0') as number;
    const moq = numberOption(values, 'moq', undefined, atLeast0, 'a number of units ≥ 0');
    const casePack = numberOption(values, 'case-pack', undefined, wholeAtLeast1, 'a whole number of units ≥ 1');
    const budget = numberOption(values, 'budget', undefined, atLeast0, 'an amount ≥ 0');
    const nPaths = numberOption(values, 'paths', 1000, wholeAtLeast1, 'a whole number ≥ 1') as number;
    const per = (values['holding-cost-per'] as string | undefined) ?? 'period';
    if (per !== 'period' && per !== 'day') throw new UsageError(`--holding-cost-per must be "period" or "day", got "${per}"`);
    const policy = ((values.policy as string | undefined) ?? 'RS').replace(',', '') as PolicyKind;
    if (policy !== 'RS' && policy !== 'sS') throw new UsageError(`--policy must be RS or sS, got "${String(values.policy)}"`);
    if (serviceLevel !== undefined && fillRate !== undefined) throw new UsageError('give --service-level or --fill-rate, not both');

    const model = typeof values.model === 'string' ? values.model : DEFAULT_MODEL;
    const sales = await readSalesSeries(input, {
      idColumns: idColumnList(values['id-columns']), dateOrder: dateOrderOption(values['date-order']), returns: returnsOption(values.returns),
    });
    if (sales.issueCount > 0) ctx.stderr(`plan: ${sales.issueCount} of ${sales.rowsRead} sales rows rejected, e.g. ${describeIssue(sales.issues[0])}\n`);
    if (sales.series.length === 0) throw new InputError(`${input}: no product has a day of sales`);
    const products = typeof values.products === 'string' ? await readProductsFile(values.products) : undefined;
    if (products && products.unusedColumns.length > 0) ctx.stderr(`plan: products file columns not used: ${products.unusedColumns.join(', ')}\n`);
    const unknown = products ? [...products.overrides.keys()].filter((sku) => !sales.series.some((s) => s.sku === sku)) : [];
    if (unknown.length > 0) ctx.stderr(`plan: ${unknown.length} product(s) in the products file have no sales and are not planned: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}\n`);

    const purchaseOrders = typeof values['purchase-orders'] === 'string' ? await readPurchaseOrders(values['purchase-orders']) : undefined;
    const settingsFor = (o: ProductOverrides = {}, sku?: string) => {
      const history = sku ? purchaseOrders?.get(sku) : undefined;
      const lt = history && history.length >= 3 ? leadTimeFromHistory(history) : leadTimeDistribution(o.leadTimeDays ?? leadTime, o.leadTimeSdDays ?? leadTimeSd);
      const reviewDays = o.reviewDays ?? review;
      // Holding per unit per day: the file's own cost (in the flag's unit), else the catalogue's yearly
      // rate on the unit cost, else the flag.
      let holdingPerUnitDay = 0;
      if (o.holdingCost !== undefined) holdingPerUnitDay = per === 'day' ? o.holdingCost : o.holdingCost / reviewDays;
      else if (o.holdingCostRate !== undefined && o.unitCost !== undefined) holdingPerUnitDay = (o.holdingCostRate * o.unitCost) / 365;
      else if (holding !== undefined) holdingPerUnitDay = per === 'day' ? holding : holding / reviewDays;
      const p = o.stockoutCost ?? stockout;
      let target: ServiceTarget;
      if (o.serviceLevel !== undefined) target = { kind: 'cycle', level: o.serviceLevel };
      else if (o.fillRate !== undefined) target = { kind: 'fill', level: o.fillRate };
      else if (serviceLevel !== undefined) target = { kind: 'cycle', level: serviceLevel };
      else if (fillRate !== undefined) target = { kind: 'fill', level: fillRate };
      else if (holdingPerUnitDay > 0 && p !== undefined) target = { kind: 'cost' };
      else target = { kind: 'cycle', level: 0.95 };
      if (target.kind === 'cost' && !(p! > 0)) throw new InputError('the cost-optimal level needs a stockout cost above 0');
      return { lt, reviewDays, target, costs: { holdingPerUnitDay, stockoutPerUnit: p ?? 0, orderingCost: o.orderingCost ?? orderingCost } };
    };

    // One forecast for all products, long enough for the longest lead time + review of any of them.
    let horizon = horizonFlag;
    for (const s of sales.series) {
      const { lt, reviewDays } = settingsFor(products?.overrides.get(s.sku), s.sku);
      horizon = Math.max(horizon, maxLeadTime(lt) + reviewDays);
    }
    const forecaster = await ctx.registry.create(model, ctx.env);
    await forecaster.fit(sales.series);
    // Totals are calibrated over the usual lead time + review: the demand one order covers.
    const decisionDays = Math.min(horizon, Math.max(1, Math.round(leadTime) + review));
    const batch = await forecaster.predict(horizon, { quantiles: [0.1, 0.5, 0.9], paths: nPaths, decisionDays });
    for (const skip of batch.skipped) ctx.stderr(`plan: ${skip.sku} not planned: ${skip.reason}\n`);

    const today = isoToDay(sales.lastDate) + 1;
    const lines: PurchasePlanLine[] = [];
    const plans: { line: PurchasePlanLine; plan: ProductPlan; costs: CostRates; costOf: (q: number) => number; unitCost?: number; constraints: { moq?: number; casePack?: number } }[] = [];
    for (const f of batch.forecasts) {
      if (!f.paths || !f.nPaths) continue;
      const o = products?.overrides.get(f.sku) ?? {};
      const { lt, reviewDays, target, costs } = settingsFor(o, f.sku);
      const onOrder = o.onOrder ?? 0;
      const constraints = { moq: o.moq ?? moq, casePack: o.casePack ?? casePack };
      const productPlan: ProductPlan = planProduct({
        sku: f.sku, today, forecast: { paths: f.paths, nPaths: f.nPaths, horizon: f.horizon },
        onHand: o.onHand ?? onHand,
        onOrder: onOrder > 0 ? [{ qty: onOrder, arrivalDay: o.onOrderArrival === undefined ? undefined : Math.max(0, o.onOrderArrival - today) }] : [],
        leadTime: lt, reviewDays, policy, target, costs, constraints, unitCost: o.unitCost,
      });
      const line: PurchasePlanLine = { plan: productPlan, name: o.name ?? sales.names.get(f.sku), onHand: o.onHand ?? onHand, onOrder, unitCost: o.unitCost };
      lines.push(line);
      plans.push({ line, plan: productPlan, costs, costOf: (q) => cycleCost(productPlan.inventoryPosition + q, productPlan.levels, costs), unitCost: o.unitCost, constraints });
    }

    if (budget !== undefined) {
      const missing = plans.filter((p) => p.line.plan.orderQty > 0 && p.unitCost === undefined).map((p) => p.line.plan.sku);
      if (missing.length > 0) throw new InputError(`--budget needs a unit_cost for every product to order; missing for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
      const allocation = allocateBudget(plans.filter((p) => p.line.plan.orderQty > 0).map((p) => ({
        sku: p.line.plan.sku, unitCost: p.unitCost as number, maxQty: p.line.plan.orderQty, constraints: p.constraints, costOf: p.costOf,
      })), budget);
      for (const p of plans) {
        const qty = allocation.qty.get(p.line.plan.sku);
        if (qty !== undefined) p.line.plan = withOrderQuantity(p.plan, qty, p.costs, BUDGET_CUT_REASON);
      }
      ctx.stderr(`plan: budget ${budget}: spent ${allocation.spent.toFixed(2)}, ${allocation.cut.length} product(s) ordered less than planned\n`);
    }

    lines.sort((a, b) => (a.plan.sku < b.plan.sku ? -1 : 1));
    const csv = purchasePlanCsv(lines, values.excel ? excelCsvFormat() : MACHINE_CSV);
    if (typeof values.output === 'string') await writeFile(values.output, csv);
    else ctx.stdout(csv);
    const ordering = lines.filter((l) => l.plan.orderQty > 0);
    ctx.stderr(`plan: ${lines.length} products planned for ${dayToIso(today)} with ${forecaster.name}; ${ordering.length} to order now, ` +
      `${ordering.reduce((s, l) => s + l.plan.orderQty, 0).toLocaleString('en')} units${typeof values.output === 'string' ? `; written to ${values.output}` : ''}\n`);
  },
};

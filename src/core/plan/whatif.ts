import { DayFlag, dayOfWeek, isoToDay, UNOBSERVED, type ForecastBatch, type Forecaster, type PredictOptions, type Series } from '../series';
import { CumulativePaths, type SamplePaths } from './demand';
import { arrivalsOf, planProduct, type ProductPlan, type ProductPlanInputs } from './productPlan';
import { projectStock, type StockProjection } from './projection';

/** A planned promotion, on days counted from today (0 = the first forecast day), both ends included. */
export interface Promotion {
  firstDay: number;
  lastDay: number;
  /** Price reduction as a fraction (0.2 = 20% off). */
  discount: number;
}

/** How much more sells on a promotion day, and where that number comes from. */
export interface PromoUplift {
  /** Extra demand on promotion days as a fraction (0.5 = +50%). */
  uplift: number;
  source: 'model' | 'history' | 'seller';
  detail: string;
}

/**
 * A forecaster that learned a promotion effect (a promo covariate) can forecast the promotion
 * itself. Shelfcast uses it when the app's forecaster offers it.
 */
export interface PromoScenarioForecaster extends Forecaster {
  predictWithPromotion(
    horizon: number, options: PredictOptions, promotions: ReadonlyMap<string, { days: Uint8Array; discount: number }>,
  ): ForecastBatch | Promise<ForecastBatch>;
}

export function isPromoScenarioForecaster(f: Forecaster): f is PromoScenarioForecaster {
  return typeof (f as Partial<PromoScenarioForecaster>).predictWithPromotion === 'function';
}

export function checkPromotion(promo: Promotion, horizon: number): void {
  if (!(Number.isInteger(promo.firstDay) && Number.isInteger(promo.lastDay) && promo.firstDay >= 0 && promo.lastDay >= promo.firstDay)) {
    throw new RangeError('the promotion must start today or later and end on or after its first day');
  }
  if (promo.firstDay >= horizon) throw new RangeError(`the promotion starts after the ${horizon}-day forecast ends; forecast further ahead`);
  if (!(promo.discount >= 0 && promo.discount < 1)) throw new RangeError(`the discount must be between 0% and 100%, got ${promo.discount * 100}%`);
}

/** Sample paths with promotion days scaled by (1 + uplift). */
export function applyUplift(forecast: SamplePaths, promo: Promotion, uplift: number): SamplePaths {
  checkPromotion(promo, forecast.horizon);
  if (!(uplift > -1 && Number.isFinite(uplift))) throw new RangeError(`uplift must be above −100%, got ${uplift * 100}%`);
  const paths = Float32Array.from(forecast.paths);
  const last = Math.min(promo.lastDay, forecast.horizon - 1);
  for (let p = 0; p < forecast.nPaths; p++) {
    for (let i = promo.firstDay; i <= last; i++) paths[p * forecast.horizon + i] *= 1 + uplift;
  }
  return { paths, nPaths: forecast.nPaths, horizon: forecast.horizon };
}

export interface HistoryUplift {
  uplift: number;
  promoDays: number;
}

/**
 * Uplift learned from the seller's own past promotions (days flagged Promo): sales on promotion
 * days against the same weekday in the four weeks either side without a promotion. Needs at least
 * `minDays` promotion days with such a baseline.
 */
export function upliftFromHistory(series: Series, minDays = 3): HistoryUplift | undefined {
  const flags = series.flags;
  if (!flags) return undefined;
  const start = isoToDay(series.start);
  const usable = (i: number) => i >= 0 && i < series.values.length && (flags[i] & UNOBSERVED) === 0;
  let promoSales = 0;
  let baselineSales = 0;
  let days = 0;
  for (let i = 0; i < series.values.length; i++) {
    if ((flags[i] & DayFlag.Promo) === 0 || !usable(i)) continue;
    let sum = 0;
    let count = 0;
    for (let w = -4; w <= 4; w++) {
      const j = i + 7 * w;
      if (w === 0 || !usable(j) || (flags[j] & DayFlag.Promo) !== 0) continue;
      if (dayOfWeek(start + j) !== dayOfWeek(start + i)) continue;
      sum += series.values[j];
      count++;
    }
    if (count < 2) continue;
    promoSales += series.values[i];
    baselineSales += sum / count;
    days++;
  }
  if (days < minDays || baselineSales <= 0) return undefined;
  return { uplift: promoSales / baselineSales - 1, promoDays: days };
}

/** The uplift to plan with: the model's if it learned one, else the seller's history, else the seller's own number. */
export function chooseUplift(sources: { model?: number; history?: HistoryUplift; seller?: number }): PromoUplift | undefined {
  if (sources.model !== undefined && Number.isFinite(sources.model)) {
    return { uplift: sources.model, source: 'model', detail: 'learned by the forecast model from promotions in your sales history' };
  }
  if (sources.history) {
    return {
      uplift: sources.history.uplift, source: 'history',
      detail: `measured on ${sources.history.promoDays} past promotion days against the same weekdays without one`,
    };
  }
  if (sources.seller !== undefined && Number.isFinite(sources.seller)) {
    return { uplift: sources.seller, source: 'seller', detail: 'your estimate' };
  }
  return undefined;
}

/**
 * Runs a promo-aware forecaster on one product with and without the promotion and reports the
 * scenario paths and the uplift it implies on promotion days.
 */
export async function forecastPromotion(
  forecaster: PromoScenarioForecaster, series: Series, horizon: number, promo: Promotion, paths: number,
): Promise<{ forecast: SamplePaths; uplift: number } | undefined> {
  checkPromotion(promo, horizon);
  const days = new Uint8Array(horizon);
  days.fill(1, promo.firstDay, Math.min(horizon, promo.lastDay + 1));
  await forecaster.fit([series]);
  const options = { quantiles: [0.5], paths };
  const base = (await forecaster.predict(horizon, options)).forecasts[0];
  const scenario = (await forecaster.predictWithPromotion(horizon, options, new Map([[series.sku, { days, discount: promo.discount }]]))).forecasts[0];
  if (!base?.paths || !scenario?.paths || !scenario.nPaths) return undefined;
  const promoMean = (f: typeof base) => {
    let sum = 0;
    const n = f.nPaths as number;
    for (let p = 0; p < n; p++) for (let i = promo.firstDay; i <= Math.min(horizon - 1, promo.lastDay); i++) sum += (f.paths as Float32Array)[p * horizon + i];
    return sum / n;
  };
  const baseMean = promoMean(base);
  return {
    forecast: { paths: scenario.paths, nPaths: scenario.nPaths, horizon },
    uplift: baseMean > 0 ? promoMean(scenario) / baseMean - 1 : 0,
  };
}

export interface PromotionComparison {
  current: ProductPlan;
  withPromotion: ProductPlan;
  uplift: PromoUplift;
  /** Expected units sold on promotion days without and with the promotion (mean over paths). */
  promoDemandBefore: number;
  promoDemandAfter: number;
  /** Extra units to order now because of the promotion. */
  extraOrder: number;
  /** Stock day by day if the promotion runs but the current order is kept (what the change avoids). */
  unchanged: StockProjection;
  /**
   * Promotion days that start with an empty shelf (median) even with the changed order; when it is
   * every day of the promotion, the promotion cannot sell more and no extra order is advised.
   */
  emptyShelfDays: number;
  promoDays: number;
}

/** Start-of-day median stock of day `i` in a projection (day 0 starts with what is on hand). */
function startOfDayStock(projection: StockProjection, onHand: number, i: number): number {
  return i === 0 ? onHand : projection.p50[i - 1];
}

/**
 * The default promotion for the what-if: the first `length` days from `earliest` on when the
 * shelf is expected (median) to hold stock every day, so the promotion can sell; undefined when
 * the projection has no such run.
 */
export function promotionWindow(projection: StockProjection, onHand: number, earliest: number, length: number): { firstDay: number; lastDay: number } | undefined {
  if (projection.p50.length === 0) return undefined;
  let run = 0;
  for (let i = Math.max(0, earliest); i < projection.days; i++) {
    run = startOfDayStock(projection, onHand, i) > 0 ? run + 1 : 0;
    if (run === length) return { firstDay: i - length + 1, lastDay: i };
  }
  return undefined;
}

/**
 * The plan with and without a promotion, side by side. The promotion's demand comes from a
 * scenario forecast when given (promo-aware model), otherwise from the uplift applied to the
 * current forecast's paths on promotion days.
 */
export function comparePromotion(
  inputs: ProductPlanInputs, promo: Promotion, uplift: PromoUplift, scenario?: SamplePaths,
): PromotionComparison {
  const promoForecast = scenario ?? applyUplift(inputs.forecast, promo, uplift.uplift);
  const current = planProduct(inputs);
  const withPromotion = planProduct({ ...inputs, forecast: promoForecast });
  const promoDemand = (f: SamplePaths) => {
    let sum = 0;
    for (let p = 0; p < f.nPaths; p++) for (let i = promo.firstDay; i <= Math.min(f.horizon - 1, promo.lastDay); i++) sum += f.paths[p * f.horizon + i];
    return sum / f.nPaths;
  };
  const days = current.projection.days;
  const promoDemandPaths = new CumulativePaths(promoForecast, days, { extendBeyondHorizon: inputs.extendBeyondHorizon });
  const arrivals = arrivalsOf(inputs.onOrder ?? [], inputs.leadTime);
  if (current.orderQty > 0) arrivals.push({ day: Math.round(inputs.leadTime.mean), qty: current.orderQty });
  const lastPromoDay = Math.min(withPromotion.projection.days - 1, promo.lastDay);
  const promoDays = Math.max(0, lastPromoDay - promo.firstDay + 1);
  let emptyShelfDays = 0;
  if (withPromotion.projection.p50.length > 0) {
    for (let i = promo.firstDay; i <= lastPromoDay; i++) if (startOfDayStock(withPromotion.projection, inputs.onHand, i) <= 0) emptyShelfDays++;
  }
  return {
    current,
    withPromotion,
    uplift,
    unchanged: projectStock(promoDemandPaths, inputs.onHand, arrivals, days),
    promoDemandBefore: promoDemand(inputs.forecast),
    promoDemandAfter: promoDemand(promoForecast),
    extraOrder: emptyShelfDays === promoDays ? 0 : withPromotion.orderQty - current.orderQty,
    emptyShelfDays,
    promoDays,
  };
}

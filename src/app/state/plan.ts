import { planFor, type PlanLine, type PlanRow } from '../../core/plan';
import { getForecastPaths, type ForecastRecord, type PlanSettings, type ProductRecord } from '../../db';

/**
 * One product's full plan on the page (detail, what-if), from only that product's sample paths.
 * The plans of all products come from the plan worker (see purchasePlan.svelte.ts).
 */

export type ProductPlanRow = PlanRow<ProductRecord>;
export type ProductPlanLine = PlanLine<ProductRecord>;

/**
 * A product's plan row from its stored forecast and sample paths (undefined: cannot plan, or the
 * stored paths already belong to a newer forecast than `forecast`; the caller asks again when the
 * newer forecast reaches it).
 */
export async function loadPlanRow(
  product: ProductRecord, forecast: ForecastRecord | undefined, settings: PlanSettings, recentPrice?: number, bands = true,
): Promise<ProductPlanRow | undefined> {
  if (!forecast?.nPaths) return undefined;
  const paths = await getForecastPaths(product.sku);
  if (!paths || paths.createdAt !== forecast.createdAt) return undefined;
  return planFor(product, forecast, paths, settings, recentPrice, bands);
}

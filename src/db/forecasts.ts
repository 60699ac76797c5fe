import { liveQuery, type Observable } from 'dexie';
import type { ForecastResult } from '../core/series';
import { database } from './connection';
import type { ForecastPathsRecord, ForecastRecord, ProductRecord } from './schema';

/**
 * Replaces the stored forecasts of the given products in one transaction: the forecast records and
 * their sample paths together, so a reader never sees a forecast with another forecast's paths.
 */
export async function storeForecasts(results: readonly ForecastResult[], createdAt = new Date().toISOString()): Promise<void> {
  const records: ForecastRecord[] = [];
  const paths: ForecastPathsRecord[] = [];
  const withoutPaths: string[] = [];
  for (const r of results) {
    const hasPaths = r.paths !== undefined && r.nPaths !== undefined && r.nPaths > 0;
    records.push({
      sku: r.sku,
      model: r.model,
      createdAt,
      start: r.start,
      horizon: r.horizon,
      levels: r.levels,
      quantiles: r.quantiles,
      ...(hasPaths ? { nPaths: r.nPaths } : {}),
      ...(r.mean ? { mean: r.mean } : {}),
      notes: r.notes,
      explanation: r.explanation,
    });
    if (hasPaths) paths.push({ sku: r.sku, createdAt, nPaths: r.nPaths as number, horizon: r.horizon, paths: r.paths as Float32Array });
    else withoutPaths.push(r.sku);
  }
  const db = database();
  await db.transaction('rw', db.forecasts, db.forecastPaths, async () => {
    await db.forecasts.bulkPut(records);
    await db.forecastPaths.bulkPut(paths);
    // A new forecast without paths must not be planned from the previous forecast's paths.
    if (withoutPaths.length > 0) await db.forecastPaths.bulkDelete(withoutPaths);
  });
}

/** Every product's latest forecast, without sample paths (small enough to observe from the page). */
export function observeForecasts(): Observable<ForecastRecord[]> {
  return liveQuery(() => database().forecasts.toArray());
}

/** The sample paths of one product's latest forecast, if it has any. */
export async function getForecastPaths(sku: string): Promise<ForecastPathsRecord | undefined> {
  return database().forecastPaths.get(sku);
}

/** Products, forecasts and the sample paths asked for, read together as one consistent snapshot. */
export interface PlanningData {
  products: ProductRecord[];
  forecasts: Map<string, ForecastRecord>;
  paths: Map<string, ForecastPathsRecord>;
}

/**
 * What the purchase plan is made from, in one read transaction. `needsPaths` picks the forecasts
 * whose paths are read (a planner that still has a product's row from the same inputs needs none:
 * reading 3,000 products' paths costs far more than the rest).
 */
export async function loadPlanningData(
  needsPaths: (forecast: ForecastRecord, product: ProductRecord) => boolean = () => true,
): Promise<PlanningData> {
  const db = database();
  return db.transaction('r', db.products, db.forecasts, db.forecastPaths, async () => {
    const [products, forecastList] = await Promise.all([db.products.toArray(), db.forecasts.toArray()]);
    const forecasts = new Map(forecastList.map((f) => [f.sku, f]));
    const wanted = products.filter((p) => {
      const forecast = forecasts.get(p.sku);
      return forecast?.nPaths !== undefined && needsPaths(forecast, p);
    }).map((p) => p.sku);
    const found = await db.forecastPaths.bulkGet(wanted);
    const paths = new Map<string, ForecastPathsRecord>();
    for (const record of found) if (record) paths.set(record.sku, record);
    return { products, forecasts, paths };
  });
}

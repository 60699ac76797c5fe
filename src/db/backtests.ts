import { liveQuery, type Observable } from 'dexie';
import { database } from './connection';
import type { BacktestRecord, ForecastReport } from './schema';

const REPORT_KEY = 'forecastReport';

/**
 * Replaces the report cards of the latest forecast run, and the catalogue's summary, in one
 * transaction: cards of products that were not forecast this time (an import undone) go too.
 */
export async function storeBacktests(records: readonly BacktestRecord[], report: ForecastReport | undefined): Promise<void> {
  const db = database();
  await db.transaction('rw', db.backtests, db.settings, async () => {
    await db.backtests.clear();
    await db.backtests.bulkPut(records as BacktestRecord[]);
    if (report) await db.settings.put({ key: REPORT_KEY, value: report });
    else await db.settings.delete(REPORT_KEY);
  });
}

export function observeBacktests(): Observable<BacktestRecord[]> {
  return liveQuery(() => database().backtests.toArray());
}

export async function getForecastReport(): Promise<ForecastReport | undefined> {
  return (await database().settings.get(REPORT_KEY))?.value as ForecastReport | undefined;
}

export function observeForecastReport(): Observable<ForecastReport | undefined> {
  return liveQuery(getForecastReport);
}

const MODEL_KEY = 'forecastModel';

/** The model the seller picked for the next forecast run (default: the automatic selection). */
export async function getForecastModel(): Promise<string> {
  const stored = (await database().settings.get(MODEL_KEY))?.value;
  return typeof stored === 'string' && stored ? stored : 'auto';
}

export async function setForecastModel(model: string): Promise<void> {
  await database().settings.put({ key: MODEL_KEY, value: model });
}

export function observeForecastModel(): Observable<string> {
  return liveQuery(getForecastModel);
}

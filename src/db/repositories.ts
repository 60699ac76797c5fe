import { storeBacktests, getForecastModel } from './backtests';
import { loadPlanningData, storeForecasts } from './forecasts';
import { activeModel, saveModel } from './models';
import { productStatics } from './products';
import { loadDailySeries } from './sales';
import { getPlanSettings } from './settings';

/**
 * The repositories the jobs (src/jobs) are written against, over IndexedDB. Each is a plain object
 * of this room's functions, typed by the jobs' interfaces where they are used.
 */
export const dbRepositories = {
  sales: { loadDailySeries },
  forecasts: { storeForecasts, storeBacktests },
  models: { activeModel, saveModel },
  statics: { productStatics },
  settings: { getForecastModel, getPlanSettings },
  planning: { loadPlanningData },
} as const;

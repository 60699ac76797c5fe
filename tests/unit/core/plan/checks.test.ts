import { describe, expect, it } from 'vitest';
import { SeasonalNaive } from '../../../../src/core/baselines';
import { checkRecentDemand, forecastPromotion, isPromoScenarioForecaster, type PromoScenarioForecaster } from '../../../../src/core/plan';
import { dayToIso, isoToDay, type ForecastBatch, type PredictOptions, type Series } from '../../../../src/core/series';

const start = isoToDay('2024-01-01');
/** 20 weeks of a fixed weekly pattern with a little deterministic noise. */
function weekly(): Float32Array {
  const pattern = [8, 10, 12, 10, 9, 14, 7];
  const noise = [0, 1, -1, 0, 1, -1, 0, 0, -1, 1, 1, 0, -1];
  return Float32Array.from({ length: 140 }, (_, i) => pattern[i % 7] + noise[i % 13]);
}

describe('recent demand checks', () => {
  it('flags a day outside P1–P99 of a forecast made before it, and only that day', async () => {
    const values = weekly();
    values[133] = 90;
    const series: Series = { sku: 'MUG', start: dayToIso(start), freq: 'D', values, covariates: { price: new Float32Array(140).fill(4) } };
    const [check] = await checkRecentDemand([series], new SeasonalNaive(), { holdoutDays: 14 });
    expect(check.firstDay).toBe(start + 126);
    expect(check.anomalies.map((a) => [dayToIso(a.day), a.direction])).toEqual([['2024-05-13', 'above']]);
    expect(check.recentPrice).toBe(4);
    expect(check.trendBreak).toBeUndefined();
  });

  it('finds nothing unusual in ordinary weeks', async () => {
    const series: Series = { sku: 'MUG', start: dayToIso(start), freq: 'D', values: weekly() };
    const [check] = await checkRecentDemand([series], new SeasonalNaive());
    expect(check.anomalies).toEqual([]);
  });
});

/** A stand-in for a model with a learned promotion effect: +80% on promotion days at any discount. */
class PromoModel implements PromoScenarioForecaster {
  readonly name = 'promo_model';
  private series: readonly Series[] = [];
  fit(series: readonly Series[]): void { this.series = series; }
  predict(horizon: number, options: PredictOptions): ForecastBatch { return this.make(horizon, options, undefined); }
  predictWithPromotion(horizon: number, options: PredictOptions, promos: ReadonlyMap<string, { days: Uint8Array; discount: number }>): ForecastBatch {
    return this.make(horizon, options, promos);
  }
  private make(horizon: number, options: PredictOptions, promos?: ReadonlyMap<string, { days: Uint8Array; discount: number }>): ForecastBatch {
    const n = options.paths ?? 1;
    return {
      skipped: [],
      forecasts: this.series.map((s) => {
        const paths = new Float32Array(n * horizon).fill(10);
        const days = promos?.get(s.sku)?.days;
        for (let p = 0; p < n; p++) for (let i = 0; i < horizon; i++) if (days?.[i]) paths[p * horizon + i] = 18;
        return { sku: s.sku, model: this.name, start: '2024-05-20', freq: 'D' as const, horizon, levels: [0.5], quantiles: {}, paths, nPaths: n, notes: [] };
      }),
    };
  }
}

describe('promotion uplift from a model with a promo covariate', () => {
  it('uses the model’s scenario forecast and reports the uplift it implies', async () => {
    const model = new PromoModel();
    expect(isPromoScenarioForecaster(model)).toBe(true);
    expect(isPromoScenarioForecaster(new SeasonalNaive())).toBe(false);
    const series: Series = { sku: 'MUG', start: dayToIso(start), freq: 'D', values: weekly() };
    const result = await forecastPromotion(model, series, 28, { firstDay: 7, lastDay: 9, discount: 0.2 }, 10);
    expect(result?.uplift).toBeCloseTo(0.8, 6);
    expect(Array.from(result!.forecast.paths.subarray(6, 11))).toEqual([10, 18, 18, 18, 10]);
  });
});

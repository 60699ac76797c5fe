import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/core/evaluate';
import { addPeriods, dayToIso, DayFlag, isoToDay, type ForecastBatch, type Forecaster, type PredictOptions, type Series } from '../../../src/core/series';
import { quantileKey } from '../../../src/core/stats';

/** Forecasts the last value it saw, with ±1 quantiles; records the history lengths it was given. */
class LastValue implements Forecaster {
  readonly name = 'last';
  static seen: number[] = [];
  private series: readonly Series[] = [];
  fit(series: readonly Series[]): void {
    this.series = series;
    LastValue.seen.push(...series.map((s) => s.values.length));
  }
  predict(horizon: number, options: PredictOptions): ForecastBatch {
    return {
      forecasts: this.series.map((s) => {
        const last = s.values[s.values.length - 1];
        const quantiles: Record<string, Float32Array> = {};
        for (const level of options.quantiles) quantiles[quantileKey(level)] = new Float32Array(horizon).fill(last + (level < 0.5 ? -1 : level > 0.5 ? 1 : 0));
        return {
          sku: s.sku, model: this.name, start: dayToIso(addPeriods(isoToDay(s.start), s.values.length, s.freq)), freq: s.freq, horizon,
          levels: [...options.quantiles], quantiles, notes: [],
        };
      }),
      skipped: [],
    };
  }
}

describe('rolling-origin backtest', () => {
  // 40 days of 0, 1, 2, … from 2024-01-01.
  const series: Series = { sku: 'A', start: '2024-01-01', freq: 'D', values: Float32Array.from({ length: 40 }, (_, t) => t) };

  it('cuts folds horizon apart, the last one horizon steps before the end', async () => {
    LastValue.seen = [];
    const result = await runBacktest([series], [{ name: 'last', create: () => new LastValue() }], { horizon: 5, folds: 3 });
    // Training lengths 40 − 5 − 2·5 = 25, then 30, 35.
    expect(LastValue.seen).toEqual([25, 30, 35]);
    expect(result.folds.map((f) => [f.firstDate, f.lastDate])).toEqual([
      ['2024-01-26', '2024-01-30'], ['2024-01-31', '2024-02-04'], ['2024-02-05', '2024-02-09'],
    ]);
    // Fold 1 forecasts 24 for actuals 25…29: errors 1…5 → MAE 3; scale: changes of 1 → MASE 3.
    const fold = result.models[0].folds[0];
    expect(fold.mae).toBeCloseTo(3);
    expect(fold.mase).toBeCloseTo(3);
    // Only the first actual (25) lies in [23, 25].
    expect(fold.coverage['80']).toBeCloseTo(0.2);
  });

  it('honours a custom step and skips stock-outs when scoring', async () => {
    const flags = new Uint8Array(40);
    flags[37] = DayFlag.Stockout;
    LastValue.seen = [];
    const result = await runBacktest([{ ...series, flags }], [{ name: 'last', create: () => new LastValue() }], { horizon: 5, folds: 2, step: 2 });
    expect(LastValue.seen).toEqual([33, 35]);
    expect(result.models[0].folds[1].steps).toBe(4);
  });

  it('rejects bad options', async () => {
    await expect(runBacktest([series], [], { horizon: 5, folds: 1 })).rejects.toThrow(/no models/);
    await expect(runBacktest([series], [{ name: 'last', create: () => new LastValue() }], { horizon: 0, folds: 1 })).rejects.toThrow(/horizon/);
  });
});

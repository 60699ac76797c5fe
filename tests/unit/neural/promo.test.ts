import { beforeAll, describe, expect, it } from 'vitest';
import { modelFromCheckpoint, TransformerForecaster } from '../../../src/core/neural/runtime';
import { readShippedModel } from '../../../src/cli/node';
import { DayFlag } from '../../../src/core/series';
import { dailySeries, useFastBackend } from './helpers';

/**
 * The shipped pre-trained weights read the promotion covariate: the same product forecast with a
 * promotion planned on three days sells more on exactly those days.
 */
describe('promotion covariate (shipped weights)', () => {
  beforeAll(useFastBackend);

  it('a planned promotion raises the forecast on its days and leaves the days before it alone', async () => {
    const model = modelFromCheckpoint(await readShippedModel());
    // 200 days of a weekday-patterned product whose past promotions (4 days every ~6 weeks) sold 2.5×.
    const n = 200;
    const weekdayShape = [1, 1.1, 1.2, 1.1, 1.3, 0.8, 0.5];
    const flags = new Uint8Array(n);
    const values = Array.from({ length: n }, (_, i) => {
      const promo = i % 42 >= 20 && i % 42 < 24;
      if (promo) flags[i] = DayFlag.Promo;
      return Math.round(8 * weekdayShape[i % 7] * (promo ? 2.5 : 1) + ((i * 7919) % 5) - 2);
    });
    const forecaster = new TransformerForecaster(model);
    forecaster.fit([dailySeries('P', values, '2024-01-01', { flags })]);
    const plain = (await forecaster.predict(28, { quantiles: [0.5, 0.9] })).forecasts[0];
    const promoDays = [10, 11, 12];
    const planned = (await forecaster.predict(28, {
      quantiles: [0.5, 0.9],
      future: new Map([['P', { promo: Array.from({ length: 28 }, (_, i) => (promoDays.includes(i) ? 1 : 0)) }]]),
    })).forecasts[0];
    const sum = (a: Float32Array, days: number[]) => days.reduce((s, d) => s + a[d], 0);
    const uplift = sum(planned.quantiles.p50, promoDays) / sum(plain.quantiles.p50, promoDays);
    expect(uplift).toBeGreaterThan(1.3);
    expect(sum(planned.quantiles.p90, promoDays)).toBeGreaterThan(sum(plain.quantiles.p90, promoDays));
    // Days well before the promotion barely move.
    const before = [0, 1, 2, 3, 4, 5, 6];
    expect(Math.abs(sum(planned.quantiles.p50, before) / sum(plain.quantiles.p50, before) - 1)).toBeLessThan(0.1);
    model.dispose();
  });
});

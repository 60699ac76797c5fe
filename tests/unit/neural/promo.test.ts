import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_PRODUCTS, PatchTransformer, prepareSeries, trainModel, TransformerForecaster, VersionedTransformer,
} from '../../../src/core/neural/runtime';
import { forecastPromotion, isPromoScenarioForecaster } from '../../../src/core/plan';
import { DayFlag, type Series } from '../../../src/core/series';
import { mulberry32 } from '../../../src/core/stats';
import { dailySeries, TINY, useFastBackend } from './helpers';

/** Past promotions (4 days every ~6 weeks, at a different phase per product) sold 2.5× the usual. */
const UPLIFT = 2.5;
const WEEKDAY = [1, 1.1, 1.2, 1.1, 1.3, 0.8, 0.5];

function promotedProduct(sku: string, days: number, level: number, phase: number, seed: number): Series {
  const random = mulberry32(seed);
  const flags = new Uint8Array(days);
  const values = Array.from({ length: days }, (_, i) => {
    const promo = (i + phase) % 42 >= 20 && (i + phase) % 42 < 24;
    if (promo) flags[i] = DayFlag.Promo;
    return Math.round(level * WEEKDAY[i % 7] * (promo ? UPLIFT : 1) * (0.85 + 0.3 * random()));
  });
  return dailySeries(sku, values, '2024-01-01', { flags });
}

/**
 * A tiny network trained here on products whose promotions sold 2.5×: the what-if asks it (through
 * the PromoScenarioForecaster face) for a planned promotion and gets the uplift it learned on
 * exactly those days. Trained in the test, so no retrain of the shipped weights can break it.
 */
describe('a planned promotion through the Transformer (what-if)', () => {
  const products = Array.from({ length: 24 }, (_, k) => promotedProduct(`P${k}`, 240, 5 + (k % 6) * 3, (k * 5) % 42, 100 + k));
  let model: PatchTransformer;

  beforeAll(async () => {
    await useFastBackend();
    model = new PatchTransformer(TINY, undefined, 7);
    const prepared = products.map((s) => prepareSeries(s, { categoryBuckets: TINY.categoryBuckets }));
    await trainModel(model, prepared, { freeze: 'all', maxEpochs: 12, windowsPerSeries: 24, batchSize: 32, peakLearningRate: 3e-3, patience: 12 });
  }, 120_000);

  it('raises the forecast on the promotion days by about the uplift learned, more than the days before them', async () => {
    const forecaster = new VersionedTransformer(new Map([[ALL_PRODUCTS, { model }]]));
    expect(isPromoScenarioForecaster(forecaster)).toBe(true);
    const product = promotedProduct('NEW', 200, 10, 3, 999);
    const promo = { firstDay: 10, lastDay: 12, discount: 0 };
    const scenario = await forecastPromotion(forecaster, product, 28, promo, 100);
    expect(scenario).toBeDefined();
    // The products sold 2.5× on promotion: the model's uplift is clearly there, and not absurd.
    expect(scenario!.uplift).toBeGreaterThan(0.5);
    expect(scenario!.uplift).toBeLessThan(3);

    const plain = new TransformerForecaster(model);
    plain.fit([product]);
    const base = (await plain.predict(28, { quantiles: [0.5] })).forecasts[0].quantiles.p50;
    const planned = (await plain.predictWithPromotion(28, { quantiles: [0.5] }, new Map([['NEW', {
      days: Uint8Array.from({ length: 28 }, (_, i) => (i >= 10 && i <= 12 ? 1 : 0)), discount: 0,
    }]]))).forecasts[0].quantiles.p50;
    const sum = (a: Float32Array, days: number[]) => days.reduce((s, d) => s + a[d], 0);
    const before = [0, 1, 2, 3, 4, 5, 6];
    const onPromotion = sum(planned, [10, 11, 12]) / sum(base, [10, 11, 12]);
    expect(onPromotion).toBeGreaterThan(1.5);
    // A network this small smears some of the uplift over its whole output block; the promotion
    // days still rise clearly more than the week before them.
    expect(onPromotion).toBeGreaterThan(1.3 * (sum(planned, before) / sum(base, before)));
  });
});

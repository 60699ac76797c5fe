import { beforeAll, describe, expect, it } from 'vitest';
import {
  calibratePaths, drawTrainingWindows, fineTune, generateSynthetic, horizonDays, PatchTransformer, prepareSeries, toCheckpoint,
} from '../../../src/core/neural/runtime';
import { mulberry32 } from '../../../src/core/stats';
import { isoToDay } from '../../../src/core/series';
import { TINY, useFastBackend } from './helpers';

const series = generateSynthetic({ count: 16, days: 150, seed: 21 });
const budget = { maxEpochs: 2, windowsPerSeries: 4, batchSize: 32, maxSeconds: 60 };

describe('fine-tuning with a keep-or-reject backtest', () => {
  beforeAll(useFastBackend);

  it('keeps a version only when its last-horizon backtest is not worse than its parent\'s', async () => {
    const parent = await toCheckpoint(new PatchTransformer(TINY, undefined, 1));
    const outcome = await fineTune({ parent, series, freeze: 'all', train: { ...budget, peakLearningRate: 3e-3 } });
    expect(outcome.backtest.horizon).toBe(14);
    expect(outcome.backtest.model.products).toBeGreaterThan(0);
    expect(outcome.keep).toBe(outcome.result.bestEpoch > 0 && outcome.backtest.model.scaledPinball <= outcome.backtest.parent.scaledPinball);
    expect(outcome.reason).toMatch(outcome.keep ? /^Kept/ : /^Not kept/);
    expect(outcome.dataRange).toMatchObject({ first: '2021-01-04', products: 16 });
    expect(outcome.checkpoint.weights.byteLength).toBe(parent.weights.byteLength);
    expect(outcome.checkpoint.config.pathCorrelation.common).toBeGreaterThanOrEqual(0);
    const spread = outcome.checkpoint.config.spread!;
    expect(spread).toHaveLength(TINY.levels.length);
    expect(spread[TINY.levels.indexOf(0.5)]).toBe(1);
  });

  it('calibration fits the spread that lowers the validation pinball loss (never raises it)', async () => {
    const model = new PatchTransformer(TINY, undefined, 4);
    const data = series.map((s) => prepareSeries(s, { categoryBuckets: TINY.categoryBuckets }));
    const c = await calibratePaths(model, data);
    expect(c.days).toBeGreaterThan(100);
    expect(c.pinball).toBeLessThanOrEqual(c.pinballRaw + 1e-9);
    // An untrained network's intervals are far off: the fitted spread changes them.
    expect(c.spread.some((s) => s !== 1)).toBe(true);
    model.dispose();
  });

  it('rejects a run that never improved on validation (the version in use stays)', async () => {
    const parent = await toCheckpoint(new PatchTransformer(TINY, undefined, 2));
    // A learning rate this large wrecks the weights every epoch: best epoch stays 0.
    const outcome = await fineTune({ parent, series, freeze: 'all', train: { ...budget, peakLearningRate: 50, warmup: 0 } });
    expect(outcome.result.bestEpoch).toBe(0);
    expect(outcome.keep).toBe(false);
    expect(outcome.reason).toMatch(/no epoch improved/);
  });

  it('continual learning draws windows reaching into the new days plus a share replayed from before', () => {
    const data = series.map((s) => prepareSeries(s, { categoryBuckets: TINY.categoryBuckets }));
    const H = horizonDays(TINY);
    const newFrom = () => 100; // index of the first new day in every series
    const windows = drawTrainingWindows(data, TINY, { windowsPerSeries: 30, replay: { newFrom, share: 0.3 } }, mulberry32(4));
    const old = windows.filter((w) => w.origin + H <= 100);
    const fresh = windows.filter((w) => w.origin + H > 100);
    expect(old.length / windows.length).toBeCloseTo(0.3, 1);
    expect(fresh.length).toBeGreaterThan(0);
    // None reaches into the validation days (the last horizon of each series).
    for (const w of windows) expect(w.origin + H).toBeLessThanOrEqual(data[w.series].values.length - H);
  });

  it('continues training on new days with replay (continual learning)', async () => {
    const parent = await toCheckpoint(new PatchTransformer(TINY, undefined, 3));
    const newSince = isoToDay('2021-01-04') + 110;
    const outcome = await fineTune({ parent, series, freeze: 'last', newSince, replayShare: 0.3, train: { ...budget, peakLearningRate: 3e-3 } });
    // Every epoch: 4 windows per product reaching into the new days (16 × 4 = 64), plus replayed
    // older windows making up 30% of the total: round(64 × 0.3 / 0.7) = 27. Without `newSince` it
    // would be 64 per epoch. (The time budget only ends a run between epochs.)
    expect(outcome.result.epochs.length).toBeGreaterThan(0);
    expect(outcome.result.windowsSeen).toBe(outcome.result.epochs.length * (64 + 27));
    // It learned: the new version's weights are not the parent's.
    const before = new Float32Array(parent.weights);
    const after = new Float32Array(outcome.checkpoint.weights);
    expect(after.some((w, i) => w !== before[i])).toBe(true);
  });
});

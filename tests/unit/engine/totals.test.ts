import { describe, expect, it } from 'vitest';
import {
  calibrateTotals, recalibratedLevel, rescalePaths, totalQuantile, totalsEvidence, prepareBatch,
  type FittedPoint, type TotalsCalibration, type TotalsEvidence,
} from '../../../src/core/baselines';
import { createRegistry, type ModelEnvironment } from '../../../src/core/evaluate';

const env: ModelEnvironment = { runtime: 'node', asset: async () => { throw new Error('no assets in this test'); } };
import { CumulativePaths } from '../../../src/core/plan';
import { meanPerStep, type ForecastResult, type Series } from '../../../src/core/series';

const noPools: TotalsCalibration = { pools: new Map(), pits: new Float64Array(0), poolWeight: 12, capMultiple: 3 };

function evidence(forecastNow: number, errors: number[], largestTotal = 100, latestTotal = 100): TotalsEvidence {
  // forecasts of 9 with actuals (3 + e)² give √-errors e exactly (for e ≥ −3).
  return {
    sku: 'x', horizon: 28, forecastNow, forecasts: Float64Array.from(errors, () => 9), actuals: Float64Array.from(errors, (e) => (3 + e) ** 2),
    overlap: 4, largestTotal, latestTotal, pool: 'p',
  };
}

describe('total demand over the decision horizon', () => {
  it('is (√m + e)² with e read at Hazen positions of the errors', () => {
    const q = totalQuantile(evidence(16, [-1, 0, 1]), noPools);
    expect(q(0.5)).toBeCloseTo(16, 9); // (4 + 0)²
    expect(q(5 / 6)).toBeCloseTo(25, 9); // (4 + 1)²
    expect(q(1 / 6)).toBeCloseTo(9, 9); // (4 − 1)²
    expect(q(2 / 3)).toBeCloseTo(20.25, 9); // (4 + 0.5)²
  });

  it('never goes below zero, and caps at three times the largest past total when the product is off its peak', () => {
    expect(totalQuantile(evidence(1, [-3, -2, -1]), noPools)(0.5)).toBe(0); // √1 − 2 < 0
    // Selling at a record level now (latest = largest past total): nothing is capped, (2 + 1)² = 9.
    expect(totalQuantile(evidence(4, [0, 0, 1], 2, 2), noPools)(5 / 6)).toBeCloseTo(9, 9);
    // Off its peak: capped at 3 × the largest past total of 2.
    expect(totalQuantile(evidence(4, [0, 0, 1], 2, 1), noPools)(5 / 6)).toBeCloseTo(6, 9);
    expect(totalQuantile(evidence(4, [0, 0, 1], 2, 1), noPools)(0.5)).toBeCloseTo(4, 9);
  });

  it('moves the levels when held-out totals fell in the middle of the predicted range more often than claimed', () => {
    // 200 products whose errors spread ±2 on the √ scale but whose newest totals were always exactly the forecast.
    const spread = Array.from({ length: 20 }, (_, i) => -2 + (4 * i) / 19);
    const list = Array.from({ length: 200 }, () => {
      const e = evidence(25, [0, 0, 0, 0, 0, 0, 0, 0, ...spread]);
      return e;
    });
    const calibration = calibrateTotals(list);
    expect(calibration.pits.length).toBe(800); // four held-out windows each
    expect(recalibratedLevel(calibration, 0.8)).toBeLessThan(0.7);
    expect(recalibratedLevel(calibration, 0.2)).toBeGreaterThan(0.3);
  });

  it('rescales sample paths rank by rank to the calibrated totals, keeping each path’s shape', () => {
    const paths = Float32Array.from([0, 0, 1, 1, 3, 1, 2, 4]); // totals 0, 2, 4, 6 over 2 steps
    const e = { ...evidence(4, [0, 0, 0]), horizon: 2 };
    rescalePaths(paths, 4, 2, [1, 3], e, noPools);
    // Every total becomes 4; the all-zero path takes the point forecast's shape 1 : 3.
    expect(Array.from(paths)).toEqual([1, 3, 2, 2, 3, 1, 4 / 3, 8 / 3].map((x) => expect.closeTo(x, 5)));
  });

  it('replays the point model from weekly origins to measure √-errors of totals', () => {
    const series: Series = { sku: 'flat', start: '2024-01-01', freq: 'D', values: new Float32Array(200).fill(2) };
    const [p] = prepareBatch([series], { closures: false });
    const flat: FittedPoint = { description: 'one a day', forecastFrom: (_o, h, out) => out.fill(1, 0, h) };
    const e = totalsEvidence(p, flat, 28, new Float64Array(28).fill(1)) as TotalsEvidence;
    expect(e.forecastNow).toBe(28);
    expect(e.actuals[0]).toBe(56);
    expect(e.forecasts[0]).toBe(28);
    expect(e.largestTotal).toBe(56);
    expect(e.forecasts.length).toBe(Math.floor((200 - 28 - 28) / 7) + 1);
  });
});

/** The failures a seller met, rebuilt by hand (see the plan-trust issue). */
function monthlySales(pattern: number[]): Float32Array {
  // Each 28-day month's units spread over days 3, 10, 17, 24 as evenly as whole units allow.
  const values = new Float32Array(pattern.length * 28);
  pattern.forEach((units, m) => {
    for (let k = 0; k < units; k++) values[m * 28 + 3 + 7 * (k % 4)] += 1;
  });
  return values;
}
const toy = monthlySales([4, 12, 1, 20, 7, 15, 3, 9, 18, 2, 11, 6, 14, 61]);
const revived = (() => {
  const v = new Float32Array(392);
  for (let t = 0; t < 140; t++) if (t % 3 === 0) v[t] = 2; // about 19 a month
  for (let t = 365; t < 392; t += 3) v[t] = t % 2 ? 1 : 2; // 12 units in the last 28 days after 225 days of nothing
  return v;
})();
const stopped = (() => {
  const v = new Float32Array(392);
  for (let t = 0; t < 365; t++) v[t] = 1 + (t % 2);
  return v;
})();
const failures: Series[] = [
  { sku: 'toy-then-61', start: '2024-01-01', freq: 'D', values: toy },
  { sku: 'revived-after-zeros', start: '2024-01-01', freq: 'D', values: revived },
  { sku: 'stopped-27-days', start: '2024-01-01', freq: 'D', values: stopped },
];

function largestTotal(values: Float32Array, days: number): number {
  let best = 0;
  for (let t = days; t <= values.length; t++) {
    let s = 0;
    for (let i = t - days; i < t; i++) s += values[i];
    best = Math.max(best, s);
  }
  return best;
}

/** The 28-day total's P99 within 3× the most the product ever sold in 28 days, its mean ≤ its P90, and no demand after a stop. */
function expectTotalsWithinHistory(f: ForecastResult): void {
  const total = new CumulativePaths({ paths: f.paths as Float32Array, nPaths: f.nPaths as number, horizon: 28 }, 28).over(28);
  const history = (failures.find((s) => s.sku === f.sku) as Series).values;
  expect(total.quantile(0.99), f.sku).toBeLessThanOrEqual(3 * largestTotal(history, 28));
  expect(total.mean, f.sku).toBeLessThanOrEqual(total.quantile(0.9) + 1e-9);
  if (f.sku === 'stopped-27-days') expect(total.quantile(0.5), f.sku).toBeLessThanOrEqual(3);
}

describe('no tail explosions in any path generator', () => {
  for (const model of ['ets', 'tsb', 'moving_average', 'ensemble', 'auto']) {
    it(`${model}: 28-day P99 within 3× the most ever sold in 28 days, mean ≤ P90`, async () => {
      const registry = createRegistry();
      const forecaster = await registry.create(model, env);
      await forecaster.fit(failures);
      const batch = await forecaster.predict(28, { quantiles: [0.1, 0.5, 0.9], paths: 500 });
      expect(batch.forecasts.length).toBe(3);
      for (const f of batch.forecasts) expectTotalsWithinHistory(f);
    });
  }
});

describe('honest point numbers', () => {
  it('the expected total is the mean of the paths, above the sum of daily medians on a slow seller', () => {
    // 4 paths × 3 days of a product selling on one day in four: every day's median is 0.
    const paths = Float32Array.from([0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 2, 0]);
    const mean = meanPerStep({ paths, nPaths: 4, horizon: 3 }) as Float32Array;
    expect(Array.from(mean)).toEqual([1, 0.5, 0]);
    expect(mean.reduce((a, b) => a + b, 0)).toBe(1.5);
    expect(meanPerStep({ horizon: 3 })).toBeUndefined();
  });
});

describe('the Transformer’s copula paths, calibrated like the rest', () => {
  it('an untrained network’s 28-day totals still stay within what the history allows', async () => {
    const { PatchTransformer, VersionedTransformer, ALL_PRODUCTS } = await import('../../../src/core/neural/runtime');
    const { useFastBackend, TINY } = await import('../neural/helpers');
    await useFastBackend();
    const model = new PatchTransformer(TINY, undefined, 5);
    const forecaster = new VersionedTransformer(new Map([[ALL_PRODUCTS, { model }]]));
    forecaster.fit(failures);
    const batch = await forecaster.predict(28, { quantiles: [0.1, 0.5, 0.9], paths: 300 });
    for (const f of batch.forecasts) expectTotalsWithinHistory(f);
    model.dispose();
  }, 60_000);
});

describe('a product too new for past totals', () => {
  it('has paths above three times its largest total so far scaled down to it, unless it sells at a record level', async () => {
    const { capPaths } = await import('../../../src/core/baselines');
    const values = new Float32Array(40);
    values.fill(2, 0, 10); // 20 units in its first 10 days, nothing since: largest 28-day total 20, latest 0
    const [p] = prepareBatch([{ sku: 'new', start: '2024-01-01', freq: 'D', values }], { closures: false });
    const paths = new Float32Array(2 * 28);
    paths.fill(100 / 28, 0, 28); // total 100 → capped to 3 × 20 = 60
    paths.fill(30 / 28, 28, 56); // total 30 → kept
    const bound = capPaths(paths, 2, 28, p, 28);
    expect(bound).toMatchObject({ capped: true, record: false, largest: 20, latest: 0 });
    expect(paths.subarray(0, 28).reduce((a, b) => a + b, 0)).toBeCloseTo(60, 4);
    expect(paths.subarray(28).reduce((a, b) => a + b, 0)).toBeCloseTo(30, 4);
    // Selling at its record now (the last 28 days are its best): flagged, not capped.
    const rising = Float32Array.from({ length: 40 }, (_, t) => (t < 12 ? 0 : 1));
    const [q] = prepareBatch([{ sku: 'rising', start: '2024-01-01', freq: 'D', values: rising }], { closures: false });
    const big = new Float32Array(28).fill(10);
    expect(capPaths(big, 1, 28, q, 28)).toMatchObject({ capped: false, record: true, largest: 28, latest: 28 });
    expect(big[0]).toBe(10);
  });
});

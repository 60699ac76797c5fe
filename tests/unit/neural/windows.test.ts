import { describe, expect, it } from 'vitest';
import {
  attachSeasonalProfiles, buildBatch, contextDays, DAY_CHANNELS, easterSunday, horizonDays, isRetailEvent, prepareSeries, relativePrice, sampleWindows,
  TOKEN_CALENDAR, tokenFeatures, validationWindows, weekday,
} from '../../../src/core/neural/runtime';
import { DayFlag, isoToDay } from '../../../src/core/series';
import { mulberry32 } from '../../../src/core/stats';
import { dailySeries, TINY } from './helpers';

const P = TINY.patch;
const F = tokenFeatures(TINY);
const L = contextDays(TINY); // 28
const H = horizonDays(TINY); // 14
/** Channel c of day d of token k in window b. */
const at = (tokens: Float32Array, b: number, k: number, c: number, d: number) => tokens[(b * (TINY.contextPatches + TINY.horizonPatches) + k) * F + c * P + d];
const CH = Object.fromEntries(DAY_CHANNELS.map((c, i) => [c, i])) as Record<(typeof DAY_CHANNELS)[number], number>;

describe('window building', () => {
  it('normalises each window by its own observed context (RevIN-style), skipping stock-out days', () => {
    const values: number[] = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 2 : 4));
    const flags = new Uint8Array(60);
    values[40] = 500; // a stock-out day's reading must not move the statistics
    flags[40] = DayFlag.Stockout;
    const s = prepareSeries(dailySeries('A', values, '2024-01-01', { flags }), { categoryBuckets: 16 });
    const batch = buildBatch([s], [{ series: 0, origin: 46 }], TINY, { withTargets: true });
    // Context = days 18..45 without day 40: thirteen 2s and fourteen 4s.
    const mean = (13 * 2 + 14 * 4) / 27;
    const std = Math.sqrt((13 * 4 + 14 * 16) / 27 - mean * mean);
    expect(batch.level[0]).toBeCloseTo(mean, 5);
    expect(batch.scale[0]).toBeCloseTo(std, 5);
    expect(batch.floor[0]).toBeCloseTo(-mean / std, 5);
    // Day 40 is index 40 - (46 - 28) = 22 in the window: token 3, day 1; not observed, value 0.
    expect(at(batch.tokens, 0, 3, CH.observed, 1)).toBe(0);
    expect(at(batch.tokens, 0, 3, CH.value, 1)).toBe(0);
    expect(at(batch.tokens, 0, 0, CH.value, 0)).toBeCloseTo((values[18] - mean) / std, 5);
    // Targets are normalised the same way.
    expect(batch.target![0]).toBeCloseTo((values[46] - mean) / std, 5);
    // An all-zero context falls back to the scale floor instead of dividing by zero.
    const zeros = prepareSeries(dailySeries('Z', Array(60).fill(0)), { categoryBuckets: 16 });
    const z = buildBatch([zeros], [{ series: 0, origin: 46 }], TINY);
    expect(z.scale[0]).toBe(TINY.scaleFloor);
    expect(z.floor[0]).toBe(-0);
  });

  it('shows the future only through known-future inputs: no values, planned promotions, no transaction prices', () => {
    const n = 60;
    const values = Array.from({ length: n }, () => 5);
    const flags = new Uint8Array(n);
    flags[50] = DayFlag.Promo;
    const price = new Float32Array(n).fill(10);
    price[52] = 7; // a realised (transaction) price after the origin must not leak
    const s = prepareSeries(dailySeries('A', values, '2024-01-01', { flags, covariates: { price } }), { categoryBuckets: 16 });
    const batch = buildBatch([s], [{ series: 0, origin: 46 }], TINY, { withTargets: true });
    const firstFuture = TINY.contextPatches;
    for (let k = firstFuture; k < firstFuture + TINY.horizonPatches; k++) {
      for (let d = 0; d < P; d++) {
        expect(at(batch.tokens, 0, k, CH.value, d)).toBe(0);
        expect(at(batch.tokens, 0, k, CH.observed, d)).toBe(0);
        expect(at(batch.tokens, 0, k, CH.relPrice, d)).toBe(0);
      }
      expect(batch.tokens[(firstFuture * F) + DAY_CHANNELS.length * P + TOKEN_CALENDAR]).toBe(1); // future marker
    }
    // Day 50 = future day 4: token 4 (first future token), day 4.
    expect(at(batch.tokens, 0, firstFuture, CH.promo, 4)).toBe(1);
    // A planned price (what-if) does show, relative to the current price.
    const planned = buildBatch([s], [{ series: 0, origin: 46 }], TINY, { future: [{ price: Array(14).fill(8), promo: [1] }] });
    expect(at(planned.tokens, 0, firstFuture, CH.relPrice, 0)).toBeCloseTo(Math.log(8 / 10), 5);
    expect(at(planned.tokens, 0, firstFuture, CH.promo, 0)).toBe(1);
  });

  it('shows every day, future ones included, the sales of the same weekday 52 weeks earlier', () => {
    const n = 420;
    const values = Array.from({ length: n }, (_, i) => i % 11);
    const s = prepareSeries(dailySeries('A', values), { categoryBuckets: 16 });
    const origin = 400;
    const batch = buildBatch([s], [{ series: 0, origin }], TINY, { withTargets: true });
    const norm = (v: number) => (v - batch.level[0]) / batch.scale[0];
    // First history day (index 372) and a future day (index 405) look back 364 days.
    expect(at(batch.tokens, 0, 0, CH.lastYear, 0)).toBeCloseTo(norm(values[372 - 364]), 5);
    expect(at(batch.tokens, 0, 0, CH.lastYearObserved, 0)).toBe(1);
    expect(at(batch.tokens, 0, TINY.contextPatches, CH.lastYear, 5)).toBeCloseTo(norm(values[405 - 364]), 5);
    // A product younger than a year has no last-year values.
    const young = buildBatch([s], [{ series: 0, origin: 100 }], TINY);
    expect(at(young.tokens, 0, 0, CH.lastYearObserved, 0)).toBe(0);
    expect(at(young.tokens, 0, 0, CH.lastYear, 0)).toBe(0);
  });

  it('takes the seasonal profile (weekday × yearly) out of sales before normalising, and hands the forecast days theirs', () => {
    // Three years of a clean yearly wave around 20 a day, peaking on 1 January (day number 0 mod
    // 365.25), with a weekly rhythm: Mondays busy, weekends quiet.
    const start = '2021-01-01';
    const first = isoToDay(start);
    const rhythm = [1.3, 1, 1, 1, 1, 0.85, 0.85];
    const wave = (t: number) => 1 + 0.5 * Math.cos((2 * Math.PI * (first + t)) / 365.25);
    const truth = (t: number) => wave(t) * rhythm[weekday(first + t)];
    const values = Array.from({ length: 3 * 365 }, (_, t) => 20 * truth(t));
    const [s] = attachSeasonalProfiles([prepareSeries(dailySeries('A', values, start), { categoryBuckets: 16 })]);
    const profile = s.profile!;
    expect(profile.length).toBe(values.length + 400);
    for (const t of [0, 90, 182, 500, 1000, values.length + 30, values.length + 200]) expect(profile[t] / truth(t)).toBeCloseTo(1, 1);

    const origin = 1000;
    const batch = buildBatch([s], [{ series: 0, origin }], TINY, { withTargets: true });
    // The context (days 972…999) divided by its profile is about flat at 20.
    const deseasonalised = Array.from({ length: L }, (_, t) => values[origin - L + t] / profile[origin - L + t]);
    const level = deseasonalised.reduce((x, y) => x + y, 0) / L;
    const scale = Math.max(TINY.scaleFloor, Math.sqrt(deseasonalised.reduce((x, y) => x + (y - level) ** 2, 0) / L));
    expect(level).toBeCloseTo(20, 0);
    expect(batch.level[0]).toBeCloseTo(level, 4);
    expect(batch.scale[0]).toBeCloseTo(scale, 4);
    expect(at(batch.tokens, 0, 0, CH.value, 0)).toBeCloseTo((deseasonalised[0] - level) / scale, 3);
    expect(at(batch.tokens, 0, 0, CH.lastYear, 0)).toBeCloseTo((values[origin - L - 364] / profile[origin - L - 364] - level) / scale, 3);
    for (let h = 0; h < H; h++) {
      expect(batch.season[h]).toBeCloseTo(profile[origin + h], 6);
      expect(batch.target![h]).toBeCloseTo((values[origin + h] / profile[origin + h] - level) / scale, 3);
    }

    // A checkpoint without the option (older versions) sees raw sales.
    const raw = buildBatch([s], [{ series: 0, origin }], { ...TINY, seasonalProfile: undefined }, { withTargets: true });
    expect(raw.level[0]).toBeCloseTo(values.slice(origin - L, origin).reduce((x, y) => x + y, 0) / L, 4);
    expect([...raw.season].every((f) => f === 1)).toBe(true);
    // Under two years there is no yearly curve: the profile is the weekday index alone, shrunk
    // towards the shop's (here only itself) and averaging 1 over the observed days.
    const [young] = attachSeasonalProfiles([prepareSeries(dailySeries('Y', values.slice(0, 700), start), { categoryBuckets: 16 })]);
    const week = Array.from({ length: 7 }, (_, d) => young.profile![d]);
    for (let t = 7; t < 800; t++) expect(young.profile![t]).toBe(week[t % 7]);
    expect(week[weekday(first) === 0 ? 0 : 7 - weekday(first)] / week[(5 - weekday(first) + 7) % 7]).toBeCloseTo(1.3 / 0.85, 1);
    // A product selling on under half its days keeps its weekdays: its index would measure the odds
    // of a sale, not the size of the day.
    const sparse = values.slice(0, 700).map((v, t) => (t % 3 === 0 ? Math.round(v) : 0));
    const [intermittent] = attachSeasonalProfiles([prepareSeries(dailySeries('I', sparse, start), { categoryBuckets: 16 })]);
    expect([...intermittent.profile!].every((f) => f === 1)).toBe(true);
  });

  it('hides masked patches from the model and from the normalisation, and asks to rebuild them', () => {
    const values = Array.from({ length: 60 }, (_, i) => i);
    const s = prepareSeries(dailySeries('A', values), { categoryBuckets: 16 });
    const batch = buildBatch([s], [{ series: 0, origin: 50 }], TINY, { withTargets: true, maskRate: 0.5, random: mulberry32(3) });
    let masked = 0;
    for (let k = 0; k < TINY.contextPatches; k++) {
      const hidden = batch.reconMask![k * P] === 1;
      if (!hidden) continue;
      masked++;
      for (let d = 0; d < P; d++) {
        expect(at(batch.tokens, 0, k, CH.observed, d)).toBe(0);
        expect(batch.reconTarget![k * P + d]).toBeCloseTo((values[22 + k * P + d] - batch.level[0]) / batch.scale[0], 4);
      }
    }
    expect(masked).toBeGreaterThan(0);
  });

  it('samples training windows whose targets end before the validation days (time-based split)', () => {
    const data = [80, 200, 45, 30].map((n, i) => prepareSeries(dailySeries(`S${i}`, Array.from({ length: n }, (_, t) => 1 + (t % 3))), { categoryBuckets: 16 }));
    const windows = sampleWindows(data, TINY, { perSeries: 50, targetEnd: (s) => s.values.length - H, random: mulberry32(1) });
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows) expect(w.origin + H).toBeLessThanOrEqual(data[w.series].values.length - H);
    const validation = validationWindows(data, H);
    for (const v of validation) expect(v.origin).toBe(data[v.series].values.length - H);
    // With a recency half-life, recent origins dominate.
    const recent = sampleWindows([data[1]], TINY, { perSeries: 400, targetEnd: (s) => s.values.length - H, recencyHalfLife: 20, random: mulberry32(2) });
    const newest = 200 - 2 * H;
    expect(recent.filter((w) => w.origin > newest - 20).length / recent.length).toBeGreaterThan(0.4);
  });

  it('encodes the calendar: weekday, Easter, Black Friday, relative price', () => {
    expect(weekday(isoToDay('2024-01-01'))).toBe(0); // a Monday
    expect(easterSunday(2024)).toBe(isoToDay('2024-03-31'));
    expect(easterSunday(2011)).toBe(isoToDay('2011-04-24'));
    expect(isRetailEvent(isoToDay('2011-04-22'))).toBe(true); // Good Friday
    expect(isRetailEvent(isoToDay('2024-11-29'))).toBe(true); // Black Friday
    expect(isRetailEvent(isoToDay('2024-12-02'))).toBe(true); // Cyber Monday
    expect(isRetailEvent(isoToDay('2024-12-25'))).toBe(true);
    expect(isRetailEvent(isoToDay('2024-06-12'))).toBe(false);
    expect(relativePrice(5, 10)).toBeCloseTo(Math.log(0.5));
    expect(relativePrice(1, 10)).toBe(-1); // clipped
    expect(relativePrice(Number.NaN, 10)).toBe(0);
  });
});

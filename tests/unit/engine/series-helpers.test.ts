import { describe, expect, it } from 'vitest';
import {
  DayFlag, detectClosures, isoToDay, markClosures, observedMask, toWeekly, truncateSeries, type Series,
} from '../../../src/core/series';
import { demandClass, describeDemandClass } from '../../../src/core/evaluate';

const daily = (sku: string, values: number[], start = '2024-01-01', flags?: number[]): Series => ({
  sku, start, freq: 'D', values: Float32Array.from(values), flags: flags ? Uint8Array.from(flags) : undefined,
});

describe('demand classes (Syntetos–Boylan cut-offs ADI 1.32, CV² 0.49)', () => {
  it('classifies by hand-computed ADI and CV²', () => {
    // Sales 2 4 6 on 3 of 8 days: ADI 8/3, sizes mean 4, sample variance 4 → CV² 0.25.
    const intermittent = demandClass([0, 2, 0, 4, 0, 0, 6, 0]);
    expect(intermittent).toMatchObject({ name: 'intermittent', observed: 8, selling: 3 });
    expect(intermittent.adi).toBeCloseTo(8 / 3);
    expect(intermittent.cv2).toBeCloseTo(0.25);
    // 5 6 5 6: ADI 1, variance 1/3, mean 5.5 → CV² 0.011.
    expect(demandClass([5, 6, 5, 6]).name).toBe('smooth');
    // 1 10 1 10: variance 27, mean 5.5 → CV² 0.89.
    expect(demandClass([1, 10, 1, 10]).name).toBe('erratic');
    // Sales 1 and 20 on 2 of 6 days: ADI 3, variance 180.5, mean 10.5 → CV² 1.64.
    const lumpy = demandClass([0, 1, 0, 0, 20, 0]);
    expect(lumpy.name).toBe('lumpy');
    expect(lumpy.cv2).toBeCloseTo(180.5 / 110.25);
    expect(demandClass([0, 0, 3]).name).toBe('too few sales');
  });

  it('leaves stock-outs and closed days out of the intervals', () => {
    // Masking the three zeros between sales makes every observed day a sale.
    const c = demandClass([2, 0, 0, 0, 2, 2], Uint8Array.from([1, 0, 0, 0, 1, 1]));
    expect(c.adi).toBe(1);
    expect(describeDemandClass(c, 'day')).toMatch(/^Smooth: sells almost every day/);
  });
});

describe('shop closures from the whole catalogue', () => {
  // 2024-01-01 is a Monday. Six products sell every day but Sunday; nobody sells on 2024-01-24 (a Wednesday).
  const products = Array.from({ length: 6 }, (_, k) => daily(`P${k}`, Array.from({ length: 70 }, (_, t) => {
    const day = isoToDay('2024-01-01') + t;
    return (t % 7 === 6) || day === isoToDay('2024-01-24') ? 0 : 1 + k;
  })));

  it('finds the weekly closing day and the one-off closure', () => {
    const calendar = detectClosures(products);
    expect(calendar.closedWeekdays).toEqual([false, false, false, false, false, false, true]);
    expect(calendar.closedDays).toContain(isoToDay('2024-01-24'));
    expect(calendar.closedDays).toContain(isoToDay('2024-01-07'));
    expect(calendar.closedDays).not.toContain(isoToDay('2024-01-08'));
    const [marked] = markClosures(products, calendar);
    const mask = observedMask(marked);
    expect(mask[6]).toBe(0);
    expect(mask[23]).toBe(0);
    expect(mask[0]).toBe(1);
  });

  it('never guesses from a single product', () => {
    expect(detectClosures([products[0]])).toEqual({ closedWeekdays: Array(7).fill(false), closedDays: [] });
  });
});

describe('weekly buckets', () => {
  it('ends the last week on the last day and drops the leading partial week', () => {
    // 16 days from Monday 2024-01-01: weeks are days 2–8 and 9–15.
    const values = Array.from({ length: 16 }, (_, t) => t);
    const flags = Array(16).fill(0);
    flags[10] = DayFlag.Stockout;
    flags[3] = DayFlag.Promo;
    const weekly = toWeekly(daily('A', values, '2024-01-01', flags));
    expect(weekly.freq).toBe('W');
    expect(weekly.start).toBe('2024-01-03');
    expect(Array.from(weekly.values)).toEqual([2 + 3 + 4 + 5 + 6 + 7 + 8, 9 + 10 + 11 + 12 + 13 + 14 + 15]);
    expect(Array.from(weekly.flags as Uint8Array)).toEqual([DayFlag.Promo, DayFlag.Stockout]);
  });

  it('cuts a history without copying it', () => {
    const s = daily('A', [1, 2, 3, 4]);
    const cut = truncateSeries(s, 2);
    expect(Array.from(cut.values)).toEqual([1, 2]);
    expect(cut.values.buffer).toBe(s.values.buffer);
    expect(() => truncateSeries(s, 5)).toThrow(RangeError);
  });
});

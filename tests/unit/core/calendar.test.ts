import { describe, expect, it } from 'vitest';
import { addPeriods, dayOfWeek, dayRange, dayToIso, isoToDay, ymdToDay } from '../../../src/core/series';

describe('calendar', () => {
  it('maps ISO dates to day numbers and back', () => {
    expect(isoToDay('1970-01-01')).toBe(0);
    expect(isoToDay('1970-01-02')).toBe(1);
    expect(isoToDay('2011-12-09')).toBe(15317);
    expect(dayToIso(15317)).toBe('2011-12-09');
  });

  it('rejects impossible dates instead of rolling them over', () => {
    expect(isoToDay('2023-02-30')).toBeNaN();
    expect(isoToDay('2024-02-29')).toBe(ymdToDay(2024, 2, 29));
    expect(ymdToDay(2023, 13, 1)).toBeNaN();
    expect(isoToDay('12/01/2010')).toBeNaN();
  });

  it('numbers weekdays Monday = 0', () => {
    expect(dayOfWeek(isoToDay('2010-12-01'))).toBe(2); // a Wednesday
    expect(dayOfWeek(isoToDay('2026-11-23'))).toBe(0); // a Monday
    expect(dayOfWeek(isoToDay('1969-12-28'))).toBe(6); // a Sunday, before day 0
  });

  it('steps days and weeks', () => {
    expect(addPeriods(10, 3)).toBe(13);
    expect(addPeriods(10, 3, 'W')).toBe(31);
    expect(dayRange(isoToDay('2024-02-28'), 3)).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
  });
});

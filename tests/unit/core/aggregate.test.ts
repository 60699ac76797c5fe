import { describe, expect, it } from 'vitest';
import { aggregateDaily, isoToDay, type SaleRow } from '../../../src/core/series';

const d = isoToDay;

describe('aggregateDaily', () => {
  const rows: SaleRow[] = [
    { day: d('2024-01-01'), sku: 'A', qty: 2, price: 10, name: 'Apple' },
    { day: d('2024-01-01'), sku: 'A', qty: 3, price: 20 },
    { day: d('2024-01-03'), sku: 'A', qty: 1 },
    { day: d('2024-01-02'), sku: 'B', qty: 5, price: 4, name: 'Banana' },
    { day: d('2024-01-02'), sku: 'B', qty: -7, price: 4 },
    { day: d('2024-01-04'), sku: 'B', qty: 1, price: 6 },
  ];
  const result = aggregateDaily(rows);

  it('makes one dense block per product, from its first day to the file\'s last day', () => {
    expect(result.firstDay).toBe(d('2024-01-01'));
    expect(result.lastDay).toBe(d('2024-01-04'));
    const [a, b] = result.blocks;
    expect(a.sku).toBe('A');
    expect(a.startDay).toBe(d('2024-01-01'));
    expect(Array.from(a.qty)).toEqual([5, 0, 1, 0]);
    expect(b.sku).toBe('B');
    expect(b.startDay).toBe(d('2024-01-02'));
    expect(Array.from(b.qty)).toEqual([0, 0, 1]);
  });

  it('weights the daily price by quantity and ignores returns and unpriced rows', () => {
    const [a, b] = result.blocks;
    // (2·10 + 3·20) / 5 = 16; day 3 sold 1 without a price.
    expect(a.price[0]).toBeCloseTo(16, 6);
    expect(a.price[1]).toBeNaN();
    expect(a.price[2]).toBeNaN();
    expect(b.price[0]).toBeCloseTo(4, 6);
    expect(b.price[2]).toBeCloseTo(6, 6);
  });

  it('nets returns within a day and clamps a negative day to 0, counting it', () => {
    expect(result.clampedDays).toBe(1);
  });

  it('keeps the last product name seen', () => {
    expect(result.names.get('A')).toBe('Apple');
    expect(result.names.get('B')).toBe('Banana');
  });
});

import { describe, expect, it } from 'vitest';
import {
  hasStockFigure, parseStockPaste, planFor, planStart, purchaseOrder, purchaseOrderCsv, skipForecastDays, MACHINE_CSV,
  type PlanDefaults, type PlanLine, type PlanProduct,
} from '../../../../src/core/plan';
import { isoToDay } from '../../../../src/core/series';
import { setLocale } from '../../../../src/i18n';

const SETTINGS: PlanDefaults = {
  leadTimeDays: 14, leadTimeSdDays: 0, reviewDays: 14, policy: 'sS', targetKind: 'cycle', serviceLevel: 0.95,
  fillRate: 0.98, holdingCostRate: 0.25, defaultMargin: 0.4, orderingCost: 0, budget: 0, currency: 'EUR', asOf: 'today',
};

describe('stock pasted from a spreadsheet', () => {
  it('reads tab- and comma-separated code/quantity pairs, with or without a header', () => {
    expect(parseStockPaste('SKU\tOn hand\nA-1\t12\nB-2\t1,200\n\nC-3\t0\n').entries).toEqual([
      { sku: 'A-1', onHand: 12, line: 2 }, { sku: 'B-2', onHand: 1200, line: 3 }, { sku: 'C-3', onHand: 0, line: 5 },
    ]);
    expect(parseStockPaste('A-1,7\n"B,2",3.5').entries).toEqual([{ sku: 'A-1', onHand: 7, line: 1 }, { sku: 'B,2', onHand: 3.5, line: 2 }]);
    expect(parseStockPaste('A-1;4').entries).toEqual([{ sku: 'A-1', onHand: 4, line: 1 }]);
  });

  it('names the line and column of every problem: bad numbers, unknown or repeated codes, wrong column count', () => {
    const { entries, problems } = parseStockPaste('A-1\t-3\nZZZ\t4\nA-1\t5\nA-1\t6\nB-2\n', new Set(['A-1', 'B-2']));
    expect(entries).toEqual([{ sku: 'A-1', onHand: 5, line: 3 }]);
    expect(problems).toEqual([
      { line: 1, column: 2, kind: 'quantity', value: '-3' },
      { line: 2, column: 1, kind: 'unknownSku', value: 'ZZZ' },
      { line: 4, column: 1, kind: 'duplicate', value: 'A-1' },
      { line: 5, kind: 'columns', value: 'B-2' },
    ]);
  });
});

describe('a stock figure is known or not', () => {
  it('a dated count (even 0) is known; the stored 0 placeholder is not', () => {
    expect(hasStockFigure({ onHand: 0 })).toBe(false);
    expect(hasStockFigure({ onHand: 0, stockCountedAt: '2024-03-01' })).toBe(true);
    expect(hasStockFigure({ onHand: 5 })).toBe(true);
  });
});

describe('where the plan starts', () => {
  const start = isoToDay('2024-03-01');
  it('as of today skips the days since the last sale; falls back with a reason otherwise', () => {
    expect(planStart(start, 60, 'today', start + 10)).toEqual({ day: start + 10, offset: 10, gap: 10 });
    expect(planStart(start, 60, 'lastSale', start + 10)).toEqual({ day: start, offset: 0, gap: 10 });
    expect(planStart(start, 60, 'today', start - 3)).toEqual({ day: start, offset: 0, gap: -3, fallback: 'future' });
    expect(planStart(start, 60, 'today', start + 200)).toEqual({ day: start, offset: 0, gap: 200, fallback: 'tooOld' });
    expect(planStart(start, 60, 'today', start + 55)).toEqual({ day: start, offset: 0, gap: 55, fallback: 'beyondForecast' });
  });

  it('drops the skipped days from every sample path', () => {
    const skipped = skipForecastDays({ paths: Float32Array.from([1, 2, 3, 4, 10, 20, 30, 40]), nPaths: 2, horizon: 4 }, 1);
    expect(skipped).toEqual({ paths: Float32Array.from([2, 3, 4, 20, 30, 40]), nPaths: 2, horizon: 3 });
  });

  it('a plan as of today uses the demand from today on, not the unknown days before it', () => {
    // Sells 1 a day for the first 10 forecast days, 5 a day after: as of day 10 the lead time sees only 5s.
    const horizon = 60;
    const values = new Float32Array(horizon).map((_, i) => (i < 10 ? 1 : 5));
    const product: PlanProduct = { sku: 'A', name: 'Mug', onHand: 0, stockCountedAt: '2024-03-11' };
    const forecast = { start: '2024-03-01', horizon, createdAt: 't' };
    const row = planFor(product, forecast, { paths: values, nPaths: 1, horizon }, SETTINGS, undefined, false, start + 10)!;
    expect(row.inputs.today).toBe(start + 10);
    expect(row.horizon).toBe(50);
    expect(row.plan.levels.leadTimeDemand.mean).toBe(14 * 5);
    const atLastSale = planFor(product, forecast, { paths: values, nPaths: 1, horizon }, { ...SETTINGS, asOf: 'lastSale' }, undefined, false, start + 10)!;
    expect(atLastSale.plan.levels.leadTimeDemand.mean).toBe(10 * 1 + 4 * 5);
  });
});

function line(sku: string, orderQty: number, product: Partial<PlanProduct>, unitCost?: number): PlanLine {
  return {
    sku, name: `Name ${sku}`, product: { sku, name: `Name ${sku}`, onHand: 1, ...product },
    plan: { orderQty, orderByDay: 100, expectedArrivalDay: 114 } as PlanLine['plan'],
    costs: { holdingPerUnitDay: 0, stockoutPerUnit: 0, orderingCost: 0 },
    money: { unitCost, costAssumed: false }, leadTimeDays: 14, reviewDays: 14, horizon: 28, today: 100,
    start: { day: 100, offset: 0, gap: 0 },
  };
}

describe('the purchase order', () => {
  it('groups lines to order by supplier, leaves out zero orders and products without a stock figure, adds up money', () => {
    setLocale('en');
    const order = purchaseOrder([
      line('A', 24, { supplier: 'Kent' }, 1.5),
      line('B', 0, { supplier: 'Kent' }, 2),
      line('C', 10, { supplier: 'Harbour' }, 3.333),
      line('D', 5, {}, undefined),
      line('E', 40, { supplier: 'Kent' }, 0.25),
      line('F', 12, { supplier: 'Kent', onHand: 0 }, 9),
    ]);
    expect(order.suppliers.map((s) => [s.supplier, s.lines.map((l) => l.sku)])).toEqual([
      ['Harbour', ['C']], ['Kent', ['E', 'A']], [null, ['D']],
    ]);
    expect(order.suppliers[0].lines[0]).toMatchObject({ qty: 10, unitCost: 3.33, lineTotal: 33.3, orderBy: '1970-04-11', arrives: '1970-04-25' });
    expect(order.suppliers[1].total).toBe(46); // 40 × 0.25 + 24 × 1.5
    expect(order.total).toBe(79.3);
    expect(order.units).toBe(79);
    expect(order.unpriced).toBe(1);
    expect(order.skippedNoStock).toBe(1);

    const csv = purchaseOrderCsv(order, 'EUR', MACHINE_CSV).trim().split('\n');
    expect(csv[0]).toBe('Supplier,Product code,Product,Quantity,Unit cost (EUR),Line total (EUR),Order by,Expected arrival');
    expect(csv[1]).toBe('Harbour,C,Name C,10,3.33,33.3,1970-04-11,1970-04-25');
    expect(csv).toContain('No supplier,D,Name D,5,,,1970-04-11,1970-04-25');
    expect(csv.at(-1)).toBe(',,"Total, all suppliers",79,,79.3,,');
  });

  it('speaks the seller\'s language', () => {
    setLocale('zh');
    try {
      const csv = purchaseOrderCsv(purchaseOrder([line('A', 2, {}, 1)]), 'CNY', MACHINE_CSV);
      expect(csv.split('\n')[0]).toBe('供应商,商品编码,商品名称,数量,单价（CNY）,金额（CNY）,最晚下单日,预计到货日');
      expect(csv).toContain('未指定供应商,A,Name A,2,1,2,');
    } finally {
      setLocale('en');
    }
  });
});

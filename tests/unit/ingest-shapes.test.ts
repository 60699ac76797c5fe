import { describe, expect, it } from 'vitest';
import { inspectFile, moneyColumns, reportOf, stageImport } from '../../src/core/ingest';
import { applyReturnsPolicy, isoToDay } from '../../src/core/series';

const d = isoToDay;
const inspect = (text: string, name = 'file.csv') => inspectFile(new Blob([text]), name);

describe('money columns are never taken as units without the seller saying so', () => {
  it('finds money by header words, currency signs, or mostly two-decimal values', () => {
    const rows = [['2024-01-05', 'A', '24924.50', '12', '$3.10'], ['2024-01-12', 'A', '46039.49', '9', '$4.00'], ['2024-01-19', 'A', '41595.55', '14', '$2.75'],
      ['2024-01-26', 'A', '19403.54', '11', '$5.20'], ['2024-02-02', 'A', '21827.90', '10', '$1.99']];
    expect(moneyColumns(['Date', 'SKU', 'Weekly_Sales', 'Units', 'Sales'], rows)).toEqual([2, 4]);
    expect(moneyColumns(['日期', '商品编码', '销售额', '销量', 'x'], rows.map((r) => [r[0], r[1], '100', '3', '1']))).toEqual([2]);
    expect(moneyColumns(['date', 'sku', 'Sales $', 'amount sold', 'Revenue'], rows.map((r) => [r[0], r[1], '100', '3', '9']))).toEqual([2, 4]);
  });

  it('leaves the quantity unmapped and asks when the only candidate is money', async () => {
    const cents = 'date,sku,sales\n' + ['01', '02', '03', '04', '05'].map((day, i) => `2024-01-${day},A,${(12.49 + i).toFixed(2)}`).join('\n');
    const asked = await inspect(cents);
    expect(asked.plan.columns.qty).toBeUndefined();
    expect(asked.moneyColumns).toEqual([2]);
    expect(asked.confident).toBe(false);
    expect(asked.questions.join(' ')).toMatch(/"sales" looks like money \(sales amounts\), not units sold/);
    const dollars = await inspect('date,sku,sales\n' + ['01', '02', '03', '04', '05'].map((day) => `2024-01-${day},A,$12`).join('\n'));
    expect(dollars.plan.columns.qty).toBeUndefined();
    // Whole units keep their mapping.
    const units = await inspect('date,store,item,sales\n2013-01-01,1,1,13\n2013-01-01,2,1,11\n2013-01-02,1,1,14\n2013-01-02,2,1,9\n2013-01-03,1,1,10\n');
    expect(units.plan.columns.qty).toBe(3);
    expect(units.moneyColumns).toEqual([]);
    expect(units.confident).toBe(true);
    // The seller says it is units: it is read as such.
    const blob = new Blob([cents]);
    const plan = { ...asked.plan, columns: { ...asked.plan.columns, qty: 2 } };
    const staged = await stageImport(blob, 'file.csv', asked.headers, plan, undefined, undefined, d('2030-01-01'));
    expect(staged.rowsAccepted).toBe(5);
  });
});

describe('wide tables with numbered day columns (d_1 … d_N)', () => {
  const M5 = 'id,item_id,dept_id,store_id,d_1,d_2,d_3\nHOBBIES_1_001_CA_1,HOBBIES_1_001,HOBBIES_1,CA_1,0,2,1\nHOBBIES_1_002_CA_1,HOBBIES_1_002,HOBBIES_1,CA_1,3,,4\n';

  it('are wide tables whose first date the seller gives, not catalogues', async () => {
    const inspection = await inspect(M5, 'sales_train.csv');
    expect(inspection.plan.kind).toBe('wide');
    expect(inspection.plan.columns).toMatchObject({ sku: 1, store: 3 });
    expect(inspection.confident).toBe(false);
    expect(inspection.questions.join(' ')).toMatch(/3 numbered day columns \(d_1 …\): what date is the first one\?/);
    const blob = new Blob([M5]);
    await expect(stageImport(blob, 'sales_train.csv', inspection.headers, inspection.plan)).rejects.toThrow(/day columns are numbered \(d_1 …\): please give the date of the first one/);
    const plan = { ...inspection.plan, firstDate: '2011-01-29', seriesKey: 'sku' as const };
    const staged = await stageImport(blob, 'sales_train.csv', inspection.headers, plan, undefined, undefined, d('2030-01-01'));
    const blocks = applyReturnsPolicy(staged.sales!.blocks, 'net').blocks;
    expect(blocks.map((b) => [b.sku, b.startDay, Array.from(b.qty)])).toEqual([
      ['HOBBIES_1_001', d('2011-01-29'), [0, 2, 1]],
      ['HOBBIES_1_002', d('2011-01-29'), [3, 0, 4]],
    ]);
    expect(reportOf(staged, [], '').lastDate).toBe('2011-01-31');
  });
});

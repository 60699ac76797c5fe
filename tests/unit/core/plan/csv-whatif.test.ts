import { describe, expect, it } from 'vitest';
import {
  applyUplift, chooseUplift, comparePromotion, promotionWindow, excelCsvFormat, leadTimeDistribution, MACHINE_CSV, neutraliseFormula,
  planProduct, purchasePlanCsv, toCsv, upliftFromHistory, type ProductPlanInputs,
} from '../../../../src/core/plan';
import { DayFlag, isoToDay } from '../../../../src/core/series';

describe('purchase plan CSV', () => {
  it('neutralises cells that a spreadsheet would run as a formula', () => {
    for (const evil of ['=1+1', '+1', '-1+1', '@SUM(A1)', '\t=cmd', '\r=cmd', ' =HYPERLINK("x")', '\n=1', '＝1+1']) {
      expect(neutraliseFormula(evil)).toBe(`'${evil}`);
    }
    expect(neutraliseFormula('Mug, blue')).toBe('Mug, blue');
    expect(neutraliseFormula('a=b')).toBe('a=b');
  });

  it('quotes separators and quotes, and keeps numbers as numbers', () => {
    const csv = toCsv(['sku', 'name', 'qty'], [['A-1', 'Mug "Big", blue', -3.5], ['=2+2', 'x\ny', 12]], MACHINE_CSV);
    expect(csv).toBe('sku,name,qty\nA-1,"Mug ""Big"", blue",-3.5\n\'=2+2,"x\ny",12\n');
  });

  it('matches Excel in comma-decimal locales: BOM, semicolons, decimal commas, CRLF', () => {
    const de = excelCsvFormat('de-DE');
    expect(de).toEqual({ delimiter: ';', decimal: ',', bom: true, eol: '\r\n' });
    expect(toCsv(['sku', 'rate'], [['Tasse; groß', 0.975]], de)).toBe('\ufeffsku;rate\r\n"Tasse; groß";0,975\r\n');
    expect(excelCsvFormat('en-GB').delimiter).toBe(',');
  });

  it('starts with the five documented columns', () => {
    const plan = planProduct({
      sku: '@evil', today: isoToDay('2024-01-01'), forecast: { paths: new Float32Array(280).fill(1), nPaths: 10, horizon: 28 }, onHand: 0,
      leadTime: leadTimeDistribution(0), reviewDays: 28, policy: 'RS', target: { kind: 'cost' }, costs: { holdingPerUnitDay: 1 / 28, stockoutPerUnit: 4 },
    });
    const csv = purchasePlanCsv([{ plan, onHand: 0, onOrder: 0, name: 'Mug' }], MACHINE_CSV);
    const [header, row] = csv.split('\n');
    expect(header.startsWith('sku,order_qty,reorder_point,order_up_to,expected_fill_rate,')).toBe(true);
    expect(row.startsWith("'@evil,28,0,28,1,Mug,2024-01-01,2024-01-01,")).toBe(true);
  });
});

describe('promotion what-if', () => {
  const today = isoToDay('2024-03-11');
  const inputs: ProductPlanInputs = {
    sku: 'MUG', today, forecast: { paths: new Float32Array(28 * 50).fill(4), nPaths: 50, horizon: 28 }, onHand: 0,
    leadTime: leadTimeDistribution(7), reviewDays: 7, policy: 'RS', target: { kind: 'cycle', level: 0.95 },
    costs: { holdingPerUnitDay: 0.01, stockoutPerUnit: 2 },
  };

  it('scales demand on promotion days only', () => {
    const promo = applyUplift(inputs.forecast, { firstDay: 3, lastDay: 4, discount: 0.2 }, 0.5);
    expect(Array.from(promo.paths.subarray(0, 6))).toEqual([4, 4, 4, 6, 6, 4]);
    expect(() => applyUplift(inputs.forecast, { firstDay: 30, lastDay: 31, discount: 0.2 }, 0.5)).toThrow(/after the 28-day forecast/);
    expect(() => applyUplift(inputs.forecast, { firstDay: 1, lastDay: 2, discount: 1.5 }, 0.5)).toThrow(/discount/);
  });

  it('shows the changed plan next to the current one', () => {
    // Promotion on days 8–10 (+50%): 3 days × 2 extra units fall in the cover (14 days) → order 56 + 6.
    const uplift = chooseUplift({ seller: 0.5 })!;
    const c = comparePromotion(inputs, { firstDay: 8, lastDay: 10, discount: 0.2 }, uplift);
    expect(c.current.orderQty).toBe(56);
    expect(c.withPromotion.orderQty).toBe(62);
    expect(c.extraOrder).toBe(6);
    expect(c.promoDemandBefore).toBe(12);
    expect(c.promoDemandAfter).toBe(18);
    expect(uplift.source).toBe('seller');
  });

  it('does not advise ordering more for a promotion on days the shelf is empty anyway', () => {
    // Nothing on hand and a 7-day lead time: days 1–3 start with an empty shelf whatever is ordered now.
    const c = comparePromotion(inputs, { firstDay: 1, lastDay: 3, discount: 0.2 }, chooseUplift({ seller: 0.5 })!);
    expect(c.emptyShelfDays).toBe(3);
    expect(c.promoDays).toBe(3);
    expect(c.extraOrder).toBe(0);
  });

  it('puts the default promotion where the shelf holds stock: after the order of 56 arrives on day 7', () => {
    const plan = planProduct(inputs);
    expect(promotionWindow(plan.projection, inputs.onHand, 1, 7)).toEqual({ firstDay: 8, lastDay: 14 });
    expect(promotionWindow(planProduct({ ...inputs, onHand: 100 }).projection, 100, 1, 7)).toEqual({ firstDay: 1, lastDay: 7 });
  });

  it('learns the uplift from past promotion days when the history has them, and prefers a model’s', () => {
    // 8 weeks at 10/day; the two Wednesdays… promo days sell 15 against 10 on the same weekdays around them.
    const values = new Float32Array(56).fill(10);
    const flags = new Uint8Array(56);
    for (const i of [16, 30, 44]) {
      values[i] = 15;
      flags[i] = DayFlag.Promo;
    }
    const learned = upliftFromHistory({ sku: 'MUG', start: '2024-01-01', freq: 'D', values, flags });
    expect(learned).toEqual({ uplift: 0.5, promoDays: 3 });
    expect(chooseUplift({ history: learned, seller: 0.2 })?.source).toBe('history');
    expect(chooseUplift({ model: 0.8, history: learned, seller: 0.2 })).toMatchObject({ uplift: 0.8, source: 'model' });
    expect(upliftFromHistory({ sku: 'MUG', start: '2024-01-01', freq: 'D', values })).toBeUndefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { day, number, percent, units } from '../../../src/app/format';
import { explainComponents, MovingAveragePoint, prepareBatch } from '../../../src/core/baselines';
import { demandClass, describeDemandClass } from '../../../src/core/evaluate/demandClass';
import { anomalyAlert, detectTrendBreak, findAnomalies, trendAlert, type Alert } from '../../../src/core/plan';
import { isoToDay } from '../../../src/core/series';
import { formatDay, setLocale, translate, type Message } from '../../../src/i18n';

afterEach(() => setLocale('en'));

describe('seller-facing text from core follows the language', () => {
  // Six products sold Monday–Saturday (most on Fridays), never on Sundays (as in engine/explain.test.ts).
  const shape = [10, 10, 10, 10, 20, 10, 0];
  const series = Array.from({ length: 6 }, (_, k) => ({
    sku: `P${k}`, start: '2024-01-01', freq: 'D' as const,
    values: Float32Array.from({ length: 140 }, (_, t) => shape[t % 7] * (1 + k / 10)),
  }));
  const explain = () => {
    const [prepared] = prepareBatch(series);
    const fit = new MovingAveragePoint().fit(prepared);
    if (typeof fit === 'string' || !fit.components) throw new Error('no components');
    return explainComponents(prepared, fit.components(14));
  };

  it('explains a forecast in Chinese, and the stored keys read in English again after switching back', () => {
    setLocale('zh');
    const explanation = explain();
    // Level (5·10 + 20)/6 = 11.67 → 12; Friday +71% as in the English test; closed on Sundays.
    expect(explanation.sentences[0]).toBe('基本水平：目前平均每天约 12 件。');
    expect(explanation.sentences).toContain('趋势：预测期内没有明显变化。');
    expect(explanation.sentences.find((s) => s.startsWith('每周规律'))).toMatch(/^每周规律：星期五卖得最多（\+71%）/);
    expect(explanation.sentences).toContain('店铺星期日不营业：这些天不做预测。');
    expect(explanation.components.map((c) => c.label)).toEqual(['基本水平', '趋势', '星期影响']);

    setLocale('en');
    const english = (explanation.messages as Message[]).map(translate);
    expect(english[0]).toBe('Level: about 12 units on an average day right now.');
    expect(english).toContain('The shop does not trade on Sundays: nothing is forecast for them.');
    expect(english.join(' ')).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('lists several closing days as a habit in each language', () => {
    setLocale('en');
    expect(translate({ key: 'forecast:explain.closed', values: { days: (1 << 5) | (1 << 6) } })).toBe('The shop does not trade on Saturdays and Sundays: nothing is forecast for them.');
    setLocale('zh');
    expect(translate({ key: 'forecast:explain.closed', values: { days: (1 << 5) | (1 << 6) } })).toBe('店铺星期六和星期日不营业：这些天不做预测。');
  });

  it('describes the demand class in plain words, without ADI or CV²', () => {
    // Sales on 3 of 8 days, sizes 2, 2, 2: ADI 8/3 = 2.67, CV² 0 → intermittent.
    const c = demandClass([2, 0, 0, 2, 0, 0, 2, 0]);
    expect(describeDemandClass(c, 'day')).toBe('Intermittent: sells on 1 day in 2.7, in fairly even amounts.');
    setLocale('zh');
    expect(describeDemandClass(c, 'day')).toBe('间歇：平均每 2.7 天卖出一次，每次数量比较均匀。');
  });

  it('writes alerts in Chinese with Chinese dates, and in English again after switching back', () => {
    const anomalies = findAnomalies([5, 40, 0, 6], [1, 1, 1, 1], [10, 10, 10, 10], 100, [0, 0, 4, 0]);
    const check = { sku: 'MUG', firstDay: 100, lastDay: 103, anomalies };
    setLocale('zh');
    const anomaly = anomalyAlert(check, { price: 2 }) as Alert;
    expect(anomaly.title).toBe('销量异常：最近 4 天里有 1 天远高于预测');
    // Day 101 is 1970-04-12.
    expect(anomaly.detail).toBe('差距最大的是 1970年4月12日：卖出 40 件，预计 1–10 件（事先所做预测有 98% 把握的范围）。');

    const values = new Float32Array(16 * 7);
    values.fill(10, 0, 12 * 7);
    values.fill(20, 12 * 7);
    const shift = detectTrendBreak(values, 1000);
    const trendCheck = { sku: 'MUG', firstDay: 0, lastDay: 0, anomalies: [], trendBreak: shift };
    // Day 1084 is 1972-12-20; 10 → 20 a day over 14 days is 140 units more.
    expect((trendAlert(trendCheck, 14, {}) as Alert).title).toBe('自 1972年12月20日起需求上升 100%');
    setLocale('en');
    expect((trendAlert(trendCheck, 14, {}) as Alert).title).toBe('Demand up 100% since 1972-12-20');
    expect((trendAlert(trendCheck, 14, {}) as Alert).detail).toBe('From 10 to 20 a day: over the 14 days one order has to cover, that is 140 units more than before. Check that the forecast has caught up.');
    expect((anomalyAlert(check, { price: 2 }) as Alert).title).toBe('Unusual sales: 1 day far above the forecast in the last 4 days');
  });
});

describe('numbers and dates on screen', () => {
  it('keeps the ISO date in English and writes 2024年3月5日 in Chinese', () => {
    const d = isoToDay('2024-03-05');
    expect(day(d)).toBe('2024-03-05');
    expect(formatDay(d, 'zh')).toBe('2024年3月5日');
    setLocale('zh');
    expect(day(d)).toBe('2024年3月5日');
    expect(day(null)).toBe('—');
  });

  it('groups digits and formats shares per language', () => {
    expect(units(12345.6)).toBe('12,346');
    expect(percent(0.1234)).toBe('12.3%');
    expect(number(2.345, 1)).toBe('2.3');
    setLocale('zh');
    expect(units(12345.6)).toBe('12,346');
    expect(percent(0.1234, 0)).toBe('12%');
    expect(units(-0.2)).toBe('0');
  });
});

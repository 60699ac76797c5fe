import { describe, expect, it } from 'vitest';
import { explainComponents, MovingAveragePoint, prepareBatch, EtsPoint } from '../../../src/core/baselines';

describe('explanations', () => {
  // Six products sold Monday–Saturday (most on Fridays), never on Sundays: the shop is closed on Sundays.
  const shape = [10, 10, 10, 10, 20, 10, 0];
  const series = Array.from({ length: 6 }, (_, k) => ({
    sku: `P${k}`, start: '2024-01-01', freq: 'D' as const,
    values: Float32Array.from({ length: 140 }, (_, t) => shape[t % 7] * (1 + k / 10)),
  }));
  const prepared = prepareBatch(series);

  it('say the level, the weekday pattern and the closing day in words', () => {
    const fit = new MovingAveragePoint().fit(prepared[0]);
    if (typeof fit === 'string' || !fit.components) throw new Error('no components');
    const explanation = explainComponents(prepared[0], fit.components(14));
    // Mean over the six open days: (5·10 + 20)/6 = 11.67.
    expect(explanation.sentences[0]).toBe('Level: about 12 units on an average day right now.');
    expect(explanation.sentences).toContain('Trend: none to speak of over the forecast period.');
    expect(explanation.sentences.find((s) => s.startsWith('Weekly pattern'))).toMatch(/busiest on Fridays \(\+71%\)/);
    expect(explanation.sentences).toContain('The shop does not trade on Sundays: nothing is forecast for them.');
  });

  it('has parts that add up to the point forecast, with gaps on closed days', () => {
    const p = prepared[1];
    const fit = new EtsPoint().fit(p);
    if (typeof fit === 'string' || !fit.components) throw new Error('no components');
    const explanation = explainComponents(p, fit.components(7));
    const point = new Float64Array(7);
    fit.forecastFrom(p.n, 7, point);
    for (let i = 0; i < 7; i++) {
      const parts = explanation.components.reduce((sum, c) => sum + c.values[i], 0);
      if (p.closedAt(p.n + i)) expect(parts).toBeNaN();
      else expect(parts).toBeCloseTo(point[i], 3);
    }
    expect(explanation.components.map((c) => c.key)).toEqual(['level', 'trend', 'weekly']);
  });
});

import { describe, expect, it } from 'vitest';
import { etsFilter, trendMultiplier } from '../../../src/core/baselines';

/**
 * ETS(M,Ad,M) against reference values computed from the state-space equations as Hyndman et al.
 * (Forecasting with Exponential Smoothing, 2008, table 2.3) write them — μ = (ℓ + φb)·s,
 * ε = (y − μ)/μ, ℓ' = (ℓ + φb)(1 + αε), b' = φb + β(ℓ + φb)ε, s' = s(1 + γε) — in double
 * precision, independently of the error-correction form the code uses. Forecasts:
 * ŷ(T+h) = (ℓ_T + (φ + … + φ^h)·b_T)·s of that season position.
 */
describe('ETS golden values', () => {
  const params = { alpha: 0.3, beta: 0.1, gamma: 0.2, phi: 0.9 };
  const y = Float64Array.from([13, 9, 14, 10]);
  const store = { level: new Float64Array(4), slope: new Float64Array(4), seasonal: new Float64Array(4) };
  const value = etsFilter(y, new Uint8Array(4).fill(1), 2, { error: 'M', trend: 'Ad', season: 'M' }, params,
    { level: 10, slope: 1, seasonal: Float64Array.from([1.2, 0.8]) }, { ring: new Float64Array(2) }, store);

  it('states after each step', () => {
    const reference = [
      { level: 10.879999999999999, slope: 0.8933333333333333, seasonal: 1.1985321100917432 },
      { level: 11.5538, slope: 0.7606000000000002, seasonal: 0.7940568298527902 },
      { level: 12.071124589099817, slope: 0.6288015296999387, seasonal: 1.18761488660849 },
      { level: 12.623999295730403, slope: 0.5615724866968256, seasonal: 0.7935102993040506 },
    ];
    reference.forEach((r, t) => {
      expect(store.level[t]).toBeCloseTo(r.level, 10);
      expect(store.slope[t]).toBeCloseTo(r.slope, 10);
      expect(store.seasonal[t]).toBeCloseTo(r.seasonal, 10);
    });
  });

  it('−2 log-likelihood (up to a constant): n·log(Σε²/n) + 2·Σ log μ', () => {
    expect(value).toBeCloseTo(-8.565696293230843, 9);
  });

  it('forecasts 1–3 steps ahead from the last states', () => {
    const seasonOf = (h: number) => (h % 2 === 1 ? store.seasonal[2] : store.seasonal[3]);
    const forecast = (h: number) => (store.level[3] + trendMultiplier('Ad', params.phi, h - 1) * store.slope[3]) * seasonOf(h);
    expect(forecast(1)).toBeCloseTo(15.592688152744328, 9);
    expect(forecast(2)).toBeCloseTo(10.779272633488674, 9);
    expect(forecast(3)).toBeCloseTo(16.61909626237, 9);
  });
});

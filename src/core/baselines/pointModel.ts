import type { PreparedSeries } from './prepare';

/**
 * What a forecast is made of, step by step, in units: level + trend + weekly + yearly (+ other)
 * equals the point forecast before it is clipped at zero. Shown to the seller as the explanation.
 */
export interface PointComponents {
  /** e.g. "ETS(A,Ad,A)", "TSB (α 0.1, β 0.05)". */
  description: string;
  level: Float64Array;
  trend: Float64Array;
  weekly: Float64Array;
  yearly: Float64Array;
  /** Damped trend per step at the origin, in units per step (0 without trend). */
  slope: number;
}

/** A point model fitted to one product: its mean forecast from the end, or from any earlier origin. */
export interface FittedPoint {
  readonly description: string;
  /**
   * Writes the forecasts made at `origin` (using steps < origin) for steps origin … origin+h-1
   * into `out` (length ≥ h). Fitted parameters are kept; only the states at that origin are used.
   * This is what lets backtests and conformal calibration replay hundreds of origins cheaply.
   */
  forecastFrom(origin: number, horizon: number, out: Float64Array): void;
  /** Components of the forecast from the end of the history. */
  components?(horizon: number): PointComponents;
}

/**
 * A statistical model of the mean demand, fitted on one prepared product. Uncertainty is not the
 * model's business: PointForecaster derives it from the model's own errors at past origins.
 */
export interface PointModel {
  /** Registry name, snake_case: "ets", "tsb". */
  readonly name: string;
  /** Fits, or says in words why it cannot (shown to the seller). */
  fit(prepared: PreparedSeries): FittedPoint | string;
}

/** Components of a model whose forecast is base × weekday × yearly, with `base` flat. */
export function profileComponents(
  prepared: PreparedSeries, base: number, horizon: number, description: string,
): PointComponents {
  const level = new Float64Array(horizon).fill(base);
  const weekly = new Float64Array(horizon);
  const yearly = new Float64Array(horizon);
  for (let i = 0; i < horizon; i++) {
    const t = prepared.n + i;
    const y = prepared.yearlyAt(t);
    const p = prepared.profileAt(t);
    const w = y > 0 ? p / y : 0;
    weekly[i] = base * (w - 1);
    yearly[i] = base * w * (y - 1);
  }
  return { description, level, trend: new Float64Array(horizon), weekly, yearly, slope: 0 };
}

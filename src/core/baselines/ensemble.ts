import type { PreparedSeries } from './prepare';
import type { FittedPoint, PointComponents, PointModel } from './pointModel';

/**
 * The mean of several point models' forecasts. Combining is the most reliable gain in forecasting
 * (M3, M4, M5): errors of different models partly cancel. Members that cannot fit a product are
 * left out; its uncertainty comes, like any point model's, from its own past errors.
 */
export class EnsemblePoint implements PointModel {
  constructor(readonly name: string, private readonly members: readonly PointModel[]) {
    if (members.length === 0) throw new RangeError('an ensemble needs at least one member');
  }

  fit(p: PreparedSeries): FittedPoint | string {
    const fitted = this.fitMembers(p);
    if (typeof fitted === 'string') return fitted;
    return combine(fitted);
  }

  /** The members' fits (exposed so a pipeline that already fitted them can combine without refitting). */
  fitMembers(p: PreparedSeries): FittedPoint[] | string {
    const fitted: FittedPoint[] = [];
    const reasons: string[] = [];
    for (const member of this.members) {
      const fit = member.fit(p);
      if (typeof fit === 'string') reasons.push(`${member.name}: ${fit}`);
      else fitted.push(fit);
    }
    return fitted.length > 0 ? fitted : `no member could be fitted (${reasons.join('; ')})`;
  }
}

/** Mean of already fitted models. */
export function combine(fitted: readonly FittedPoint[]): FittedPoint {
  const k = fitted.length;
  const scratch = new Float64Array(64);
  let buffer = scratch;
  const description = `mean of ${fitted.map((f) => f.description).join(', ')}`;
  return {
    description,
    forecastFrom(origin: number, horizon: number, out: Float64Array): void {
      if (buffer.length < horizon) buffer = new Float64Array(horizon);
      out.fill(0, 0, horizon);
      for (const f of fitted) {
        f.forecastFrom(origin, horizon, buffer);
        for (let i = 0; i < horizon; i++) out[i] += (buffer[i] > 0 ? buffer[i] : 0) / k;
      }
    },
    components: fitted.every((f) => f.components)
      ? (horizon: number): PointComponents => {
        const parts = fitted.map((f) => (f.components as (h: number) => PointComponents)(horizon));
        const mean = (key: 'level' | 'trend' | 'weekly' | 'yearly') => {
          const out = new Float64Array(horizon);
          for (const part of parts) for (let i = 0; i < horizon; i++) out[i] += part[key][i] / k;
          return out;
        };
        return {
          description,
          level: mean('level'),
          trend: mean('trend'),
          weekly: mean('weekly'),
          yearly: mean('yearly'),
          slope: parts.reduce((sum, part) => sum + part.slope / k, 0),
        };
      }
      : undefined,
  };
}

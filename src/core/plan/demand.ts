import { DemandDistribution } from './distribution';
import type { LeadTimeDistribution } from './leadTime';
import { maxLeadTime } from './leadTime';

/** Sample paths of daily demand, as a ForecastResult carries them. */
export interface SamplePaths {
  /** `nPaths × horizon`, row-major: path p, day i at p·horizon + i. */
  paths: Float32Array;
  nPaths: number;
  horizon: number;
}

export interface CumulativeOptions {
  /**
   * When the forecast is shorter than the days needed, continue each path by repeating its own
   * last 7 days (its last weekly pattern) instead of refusing. The result says it did.
   */
  extendBeyondHorizon?: boolean;
}

/**
 * Per-path running totals: row p holds the demand of path p over its first 0, 1, …, `days` days.
 * Totals are per path, so the correlation between days is kept (adding daily quantiles would not).
 */
export class CumulativePaths {
  readonly nPaths: number;
  readonly days: number;
  /** True when days beyond the forecast horizon were filled by repeating the last week. */
  readonly extended: boolean;
  private readonly totals: Float64Array;

  constructor(sample: SamplePaths, days: number, options: CumulativeOptions = {}) {
    const { paths, nPaths, horizon } = sample;
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, got ${days}`);
    if (nPaths < 1 || paths.length < nPaths * horizon || horizon < 1) throw new RangeError('no sample paths to plan from');
    if (days > horizon && !options.extendBeyondHorizon) {
      throw new RangeError(`the forecast covers ${horizon} days but ${days} are needed; forecast further ahead`);
    }
    this.nPaths = nPaths;
    this.days = days;
    this.extended = days > horizon;
    const width = days + 1;
    this.totals = new Float64Array(nPaths * width);
    const season = Math.min(7, horizon);
    for (let p = 0; p < nPaths; p++) {
      const row = p * width;
      const base = p * horizon;
      let sum = 0;
      for (let i = 0; i < days; i++) {
        const index = i < horizon ? i : horizon - season + ((i - horizon) % season);
        sum += paths[base + index];
        this.totals[row + i + 1] = sum;
      }
    }
  }

  /** Demand of path p over its first `days` days. */
  total(p: number, days: number): number {
    if (days > this.days) throw new RangeError(`asked for ${days} days of ${this.days}`);
    return this.totals[p * (this.days + 1) + days];
  }

  /** Demand of path p over days [from, to). */
  between(p: number, from: number, to: number): number {
    return this.total(p, to) - this.total(p, from);
  }

  /** Distribution of total demand over exactly `days` days. */
  over(days: number): DemandDistribution {
    const samples = new Float64Array(this.nPaths);
    for (let p = 0; p < this.nPaths; p++) samples[p] = this.total(p, days);
    return DemandDistribution.fromSamples(samples);
  }

  /**
   * Distribution of demand over (lead time + `extraDays`), the lead time drawn from `leadTime`
   * independently of demand: a mixture with one atom per (path, lead time).
   */
  overLeadTime(leadTime: LeadTimeDistribution, extraDays = 0): DemandDistribution {
    if (leadTime.days.length === 1) return this.over(leadTime.days[0] + extraDays);
    const groups = leadTime.days.map((d) => {
      const days = d + extraDays;
      const samples = new Float64Array(this.nPaths);
      for (let p = 0; p < this.nPaths; p++) samples[p] = this.total(p, days);
      return samples;
    });
    return DemandDistribution.fromGroups(groups, leadTime.probs);
  }
}

/** Days of forecast a plan needs: the longest possible lead time plus the review period. */
export function daysNeeded(leadTime: LeadTimeDistribution, reviewDays: number): number {
  return maxLeadTime(leadTime) + reviewDays;
}

/**
 * Sorted totals of the first `days` steps of each sample path: the distribution of cumulative
 * demand. Summing per path keeps the correlation between days, unlike adding daily quantiles.
 */
export function cumulativeDemand(paths: Float32Array, nPaths: number, horizon: number, days: number): Float64Array {
  const cumulative = new CumulativePaths({ paths, nPaths, horizon }, days);
  const totals = new Float64Array(nPaths);
  for (let p = 0; p < nPaths; p++) totals[p] = cumulative.total(p, days);
  return totals.sort();
}

/**
 * Mean and standard deviation of demand over an uncertain lead time when daily demand is
 * independent with mean μ and sd σ and the lead time has mean L and sd σ_L (the classic formula):
 * mean = μL, variance = Lσ² + μ²σ_L².
 */
export function normalLeadTimeDemand(dailyMean: number, dailySd: number, leadTimeMean: number, leadTimeSd: number): { mean: number; sd: number } {
  for (const [name, v] of [['daily mean', dailyMean], ['daily sd', dailySd], ['lead time', leadTimeMean], ['lead-time sd', leadTimeSd]] as const) {
    if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`${name} must be a number ≥ 0, got ${v}`);
  }
  return {
    mean: dailyMean * leadTimeMean,
    sd: Math.sqrt(leadTimeMean * dailySd ** 2 + dailyMean ** 2 * leadTimeSd ** 2),
  };
}

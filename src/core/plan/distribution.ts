/**
 * A demand distribution as weighted atoms (value, probability), sorted by value. Built from the
 * forecast's sample paths — one atom per path, or per (path, lead time) pair when the lead time is
 * uncertain — so every planning number (quantile, expected shortage, fill rate) is read from the
 * same simulated demand, never from a formula that assumes a shape.
 */
export class DemandDistribution {
  /** Ascending values. */
  readonly values: Float64Array;
  /** Probabilities, same order, summing to 1. */
  readonly probs: Float64Array;
  /** Hazen plotting positions (cumulative probability before the atom plus half its own). */
  private readonly positions: Float64Array;
  /** tail[i] = Σ_{j ≥ i} p_j·v_j and tailProb[i] = Σ_{j ≥ i} p_j, for O(log n) shortage. */
  private readonly tailMass: Float64Array;
  private readonly tailProb: Float64Array;
  readonly mean: number;
  readonly sd: number;

  private constructor(values: Float64Array, probs: Float64Array) {
    this.values = values;
    this.probs = probs;
    const n = values.length;
    this.positions = new Float64Array(n);
    this.tailMass = new Float64Array(n + 1);
    this.tailProb = new Float64Array(n + 1);
    let before = 0;
    for (let i = 0; i < n; i++) {
      this.positions[i] = before + probs[i] / 2;
      before += probs[i];
    }
    for (let i = n - 1; i >= 0; i--) {
      this.tailMass[i] = this.tailMass[i + 1] + probs[i] * values[i];
      this.tailProb[i] = this.tailProb[i + 1] + probs[i];
    }
    this.mean = this.tailMass[0];
    let variance = 0;
    for (let i = 0; i < n; i++) variance += probs[i] * (values[i] - this.mean) ** 2;
    this.sd = Math.sqrt(variance);
  }

  /** Equally likely samples (e.g. one cumulative demand per sample path). */
  static fromSamples(samples: ArrayLike<number>): DemandDistribution {
    const n = samples.length;
    if (n === 0) throw new RangeError('a demand distribution needs at least one sample');
    return DemandDistribution.fromWeighted(samples, new Float64Array(n).fill(1 / n));
  }

  /** Samples with probabilities (any positive weights; they are normalised). Equal values merge. */
  static fromWeighted(samples: ArrayLike<number>, weights: ArrayLike<number>): DemandDistribution {
    const n = samples.length;
    if (n === 0 || weights.length !== n) throw new RangeError('a demand distribution needs samples with one weight each');
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => samples[a] - samples[b]);
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (!(weights[i] >= 0) || !Number.isFinite(samples[i])) throw new RangeError('demand samples must be finite with non-negative weights');
      total += weights[i];
    }
    if (!(total > 0)) throw new RangeError('demand sample weights sum to zero');
    const values: number[] = [];
    const probs: number[] = [];
    for (const i of order) {
      const v = samples[i];
      const p = weights[i] / total;
      if (p === 0) continue;
      if (values.length > 0 && values[values.length - 1] === v) probs[probs.length - 1] += p;
      else {
        values.push(v);
        probs.push(p);
      }
    }
    return new DemandDistribution(Float64Array.from(values), Float64Array.from(probs));
  }

  /**
   * A mixture of equally likely sample groups, group g with total probability weights[g] (e.g. one
   * group per possible lead time). Each group is sorted on its own and the groups merged, which is
   * much faster than sorting all atoms with a comparator.
   */
  static fromGroups(groups: readonly Float64Array[], weights: readonly number[]): DemandDistribution {
    if (groups.length === 0 || groups.length !== weights.length) throw new RangeError('a mixture needs groups with one weight each');
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(total > 0) || weights.some((w) => !(w >= 0))) throw new RangeError('mixture weights must be ≥ 0 and not all 0');
    const sorted = groups.map((g) => {
      if (g.length === 0) throw new RangeError('a mixture group has no samples');
      return Float64Array.from(g).sort();
    });
    const each = weights.map((w, g) => w / total / sorted[g].length);
    const heads = new Int32Array(groups.length);
    const values: number[] = [];
    const probs: number[] = [];
    for (;;) {
      let best = -1;
      for (let g = 0; g < sorted.length; g++) {
        if (heads[g] < sorted[g].length && (best < 0 || sorted[g][heads[g]] < sorted[best][heads[best]])) best = g;
      }
      if (best < 0) break;
      const v = sorted[best][heads[best]++];
      if (!Number.isFinite(v)) throw new RangeError('demand samples must be finite');
      if (each[best] === 0) continue;
      if (values.length > 0 && values[values.length - 1] === v) probs[probs.length - 1] += each[best];
      else {
        values.push(v);
        probs.push(each[best]);
      }
    }
    return new DemandDistribution(Float64Array.from(values), Float64Array.from(probs));
  }

  /** A single certain value. */
  static point(value: number): DemandDistribution {
    return new DemandDistribution(Float64Array.of(value), Float64Array.of(1));
  }

  /**
   * Quantile by linear interpolation between Hazen plotting positions (for equally weighted samples
   * this is Hyndman & Fan type 5). Below the first or above the last position: the extreme value.
   */
  quantile(level: number): number {
    if (!(level >= 0 && level <= 1)) throw new RangeError(`quantile level ${level} is outside [0, 1]`);
    const { values, positions } = this;
    const n = values.length;
    if (level <= positions[0]) return values[0];
    if (level >= positions[n - 1]) return values[n - 1];
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (positions[mid] <= level) lo = mid;
      else hi = mid;
    }
    const frac = (level - positions[lo]) / (positions[hi] - positions[lo]);
    return values[lo] + (values[hi] - values[lo]) * frac;
  }

  /**
   * The newsvendor's answer: the smallest whole number of units y with P(D ≤ y) ≥ level. On the
   * simulated distribution this is exactly the stock that minimises expected holding + shortage
   * cost when level is the critical ratio (no interpolation, which would over-order).
   */
  smallestCovering(level: number): number {
    if (!(level >= 0 && level <= 1)) throw new RangeError(`service level ${level} is outside [0, 1]`);
    const { values, probs } = this;
    let cumulative = 0;
    for (let i = 0; i < values.length; i++) {
      cumulative += probs[i];
      if (cumulative >= level - 1e-12) return Math.max(0, Math.ceil(Number(values[i].toFixed(6))));
    }
    return Math.max(0, Math.ceil(Number(values[values.length - 1].toFixed(6))));
  }

  /** P(D ≤ x). */
  cdf(x: number): number {
    const i = this.firstAbove(x);
    return 1 - this.tailProb[i];
  }

  /** Expected shortage E[(D − x)⁺]: units of demand above a stock of x. */
  expectedShortage(x: number): number {
    const i = this.firstAbove(x);
    return this.tailMass[i] - x * this.tailProb[i];
  }

  /** Expected leftover E[(x − D)⁺] = x − E[D] + E[(D − x)⁺]. */
  expectedLeftover(x: number): number {
    return x - this.mean + this.expectedShortage(x);
  }

  get min(): number {
    return this.values[0];
  }

  get max(): number {
    return this.values[this.values.length - 1];
  }

  /** Index of the first value strictly above x. */
  private firstAbove(x: number): number {
    const { values } = this;
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (values[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Sample quantile with linear interpolation between order statistics (Hyndman & Fan type 7, the
 * default of R and NumPy): position (n - 1)·p in the sorted sample.
 * `sorted` must be ascending and non-empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile level ${p} is outside [0, 1]`);
  const pos = (n - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

/** Quantile of an unsorted sample (copies and sorts it). */
export function quantile(sample: ArrayLike<number>, p: number): number {
  return quantileSorted(Float64Array.from(sample).sort(), p);
}

/** Column key for a quantile level: 0.1 -> "p10", 0.025 -> "p2.5". */
export function quantileKey(level: number): string {
  return `p${Number((level * 100).toFixed(4))}`;
}

/** Validates quantile levels and returns them ascending without duplicates. */
export function normaliseLevels(levels: readonly number[]): number[] {
  for (const q of levels) {
    if (!(q > 0 && q < 1)) throw new RangeError(`quantile level ${q} must be strictly between 0 and 1`);
  }
  return [...new Set(levels)].sort((a, b) => a - b);
}

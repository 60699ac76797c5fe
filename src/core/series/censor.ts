import { UNOBSERVED, type Series } from './types';

/**
 * 1 where a step's value is a demand observation, 0 where it is not (stocked out or shop closed):
 * the recorded sale there says nothing about demand, so models skip it instead of learning a zero.
 */
export function observedMask(series: Series): Uint8Array {
  const mask = new Uint8Array(series.values.length).fill(1);
  const flags = series.flags;
  if (flags) for (let i = 0; i < mask.length; i++) if ((flags[i] & UNOBSERVED) !== 0) mask[i] = 0;
  return mask;
}

/**
 * The first `length` steps of a series (its history as it was at that point), sharing memory with
 * the original: backtests cut many of these and must not copy years of data for each.
 */
export function truncateSeries(series: Series, length: number): Series {
  if (length < 0 || length > series.values.length) {
    throw new RangeError(`cannot cut a series of ${series.values.length} steps to ${length}`);
  }
  const out: Series = { sku: series.sku, start: series.start, freq: series.freq, values: series.values.subarray(0, length) };
  if (series.flags) out.flags = series.flags.subarray(0, length);
  if (series.covariates?.price) out.covariates = { price: series.covariates.price.subarray(0, length) };
  return out;
}

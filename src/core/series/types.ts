/** Sampling frequency of a series: daily or weekly buckets. */
export type Frequency = 'D' | 'W';

/** Bit flags stored per day next to the quantities. */
export const DayFlag = {
  /** Shelf was empty: the recorded sales understate demand, so fitting skips the day. */
  Stockout: 1,
  /** A promotion ran that day. */
  Promo: 2,
  /**
   * The shop did not trade that day (a weekly closing day, a holiday shutdown): nothing could be
   * sold, so the zero is not demand. Fitting skips it, like a stock-out.
   */
  Closed: 4,
} as const;

/** Flags that make a step's recorded value useless as a demand observation. */
export const UNOBSERVED = DayFlag.Stockout | DayFlag.Closed;

/**
 * One product's demand history, densely sampled from `start`.
 * Contract shared by every forecaster, the planner and the UI.
 */
export interface Series {
  sku: string;
  /** ISO date (YYYY-MM-DD) of values[0]. */
  start: string;
  freq: Frequency;
  values: Float32Array;
  /** Per-step DayFlag bits; absent means no flags. */
  flags?: Uint8Array;
  covariates?: {
    /** Average selling price per step, NaN where unknown. */
    price?: Float32Array;
  };
}

/** One validated, typed sales observation (before aggregation). */
export interface SaleRow {
  /** Day number: whole days since 1970-01-01 (UTC calendar, no time zone). */
  day: number;
  sku: string;
  qty: number;
  /** Unit price, if the file had one. */
  price?: number;
  name?: string;
  /** A promotion ran (sets DayFlag.Promo on the day). */
  promo?: boolean;
}

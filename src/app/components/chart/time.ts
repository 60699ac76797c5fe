import uPlot from 'uplot';

/** uPlot's time axes count seconds; the app's calendar counts days since 1970-01-01 (UTC). */
export const SECONDS_PER_DAY = 86_400;

/** Dates on time axes in UTC, as the app's calendar days are. */
export const utcDates = (seconds: number): Date => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC');

/** Y axis from 0 to 5% above the highest value (at least 1): units sold or on hand. */
export const fromZero: uPlot.Range.Function = (_u, _min, max) => [0, Math.max(1, max * 1.05)];

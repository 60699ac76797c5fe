import { normalCdf } from './normal';

/** Lead time as whole days with probabilities: the planner mixes demand over each of them. */
export interface LeadTimeDistribution {
  /** Ascending whole days. */
  days: number[];
  /** Probabilities, same order, summing to 1. */
  probs: number[];
  mean: number;
  sd: number;
}

/** How many standard deviations either side of the mean the discretised normal keeps. */
const NORMAL_SPAN = 4;

/**
 * Lead time from its mean and spread (days). A fractional mean with no spread splits between the
 * two neighbouring days so the mean is kept (3.5 days = half 3, half 4). With a spread it is a
 * normal distribution on whole days (day k takes the mass of [k − ½, k + ½)), cut at 0 and at
 * ±4 sd and renormalised.
 */
export function leadTimeDistribution(meanDays: number, sdDays = 0): LeadTimeDistribution {
  if (!(Number.isFinite(meanDays) && meanDays >= 0)) throw new RangeError(`lead time must be 0 days or more, got ${meanDays}`);
  if (!(Number.isFinite(sdDays) && sdDays >= 0)) throw new RangeError(`lead-time spread must be 0 days or more, got ${sdDays}`);
  if (sdDays === 0) {
    const lo = Math.floor(meanDays);
    const frac = meanDays - lo;
    return frac < 1e-9 ? summarise([lo], [1]) : summarise([lo, lo + 1], [1 - frac, frac]);
  }
  const from = Math.max(0, Math.floor(meanDays - NORMAL_SPAN * sdDays));
  const to = Math.ceil(meanDays + NORMAL_SPAN * sdDays);
  const days: number[] = [];
  const probs: number[] = [];
  for (let k = from; k <= to; k++) {
    const lower = k === 0 ? -Infinity : (k - 0.5 - meanDays) / sdDays;
    const p = normalCdf((k + 0.5 - meanDays) / sdDays) - (lower === -Infinity ? 0 : normalCdf(lower));
    if (p > 1e-6) {
      days.push(k);
      probs.push(p);
    }
  }
  return summarise(days, probs);
}

/** A past purchase order: when it was placed and when the goods arrived (day numbers). */
export interface ReceivedOrder {
  orderedDay: number;
  receivedDay: number;
}

/**
 * Lead time learned from past purchase orders: the empirical distribution of their lead times.
 * Needs at least 3 orders to say anything about the spread.
 */
export function leadTimeFromHistory(orders: readonly ReceivedOrder[]): LeadTimeDistribution {
  if (orders.length < 3) throw new RangeError(`learning a lead time needs at least 3 received orders, got ${orders.length}`);
  const counts = new Map<number, number>();
  for (const o of orders) {
    const days = o.receivedDay - o.orderedDay;
    if (!(Number.isInteger(days) && days >= 0)) {
      throw new RangeError(`an order received before it was placed (ordered day ${o.orderedDay}, received day ${o.receivedDay})`);
    }
    counts.set(days, (counts.get(days) ?? 0) + 1);
  }
  const days = [...counts.keys()].sort((a, b) => a - b);
  return summarise(days, days.map((d) => (counts.get(d) as number) / orders.length));
}

function summarise(days: number[], weights: number[]): LeadTimeDistribution {
  const total = weights.reduce((a, b) => a + b, 0);
  const probs = weights.map((w) => w / total);
  const mean = days.reduce((s, d, i) => s + d * probs[i], 0);
  const variance = days.reduce((s, d, i) => s + (d - mean) ** 2 * probs[i], 0);
  return { days, probs, mean, sd: Math.sqrt(variance) };
}

/** Longest lead time with any probability: how far ahead the forecast must reach. */
export function maxLeadTime(lt: LeadTimeDistribution): number {
  return lt.days[lt.days.length - 1];
}

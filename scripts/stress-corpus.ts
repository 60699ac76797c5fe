/**
 * A stress corpus of daily sales with the patterns real shops have and the shared data sets lack
 * (Online Retail is a steady wholesaler; Store Item Demand is smooth and synthetic): products that
 * sell on 5–10% of days, launch-then-decay life cycles (media, games, fashion), delistings, stock-outs
 * followed by restocks (unflagged: many exports do not say the shelf was empty), returns netted
 * against sales, level shifts down and up, rare very large orders, and a few steady weekly sellers.
 * Seeded: the same corpus every run. For benchmarks only (scripts/bench-stocking.ts).
 */
import { mulberry32 } from '../src/core/stats';
import { dayToIso, isoToDay, type Series } from '../src/core/series';

export type StressKind =
  | 'sparse' | 'life-cycle' | 'late-launch' | 'delisted' | 'stockouts' | 'shift-down' | 'shift-up' | 'big-orders' | 'steady';

export interface StressSeries extends Series {
  kind: StressKind;
}

/** How many of each kind, out of 100. */
const MIX: [StressKind, number][] = [
  ['sparse', 22], ['life-cycle', 16], ['late-launch', 6], ['delisted', 10], ['stockouts', 12],
  ['shift-down', 9], ['shift-up', 7], ['big-orders', 10], ['steady', 8],
];

interface Rng {
  uniform(): number;
  between(lo: number, hi: number): number;
  /** Gamma(shape, 1) (Marsaglia–Tsang; shape < 1 by the boost). */
  gamma(shape: number): number;
  poisson(mean: number): number;
  /** Negative binomial with this mean and dispersion k (variance mean + mean²/k). */
  negbin(mean: number, k: number): number;
}

function rng(seed: number): Rng {
  const u = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(1e-12, u()))) * Math.cos(2 * Math.PI * u());
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * u() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      if (Math.log(Math.max(1e-12, u())) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const poisson = (mean: number): number => {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = u();
    while (p > limit) {
      k++;
      p *= u();
    }
    return k;
  };
  return {
    uniform: u,
    between: (lo, hi) => lo + (hi - lo) * u(),
    gamma,
    poisson,
    negbin: (mean, k) => (mean <= 0 ? 0 : poisson((gamma(k) / k) * mean)),
  };
}

/** Weekly rhythm of a shop selling more at the weekend (Mon … Sun, mean 1). */
const WEEKDAY = [0.9, 0.85, 0.9, 0.95, 1.05, 1.2, 1.15];

export interface StressOptions {
  products?: number;
  /** Days of history (default 730, two years). */
  days?: number;
  /** ISO date of the last day. */
  end?: string;
  seed?: number;
}

export function stressCorpus(options: StressOptions = {}): StressSeries[] {
  const products = options.products ?? 600;
  const days = options.days ?? 730;
  const endDay = isoToDay(options.end ?? '2025-12-31');
  const startDay = endDay - days + 1;
  const r = rng(options.seed ?? 20261203);
  const kinds: StressKind[] = [];
  for (let i = 0; i < products; i++) {
    let pick = r.uniform() * 100;
    for (const [kind, share] of MIX) {
      pick -= share;
      if (pick < 0) {
        kinds.push(kind);
        break;
      }
    }
    if (kinds.length === i) kinds.push('steady');
  }
  return kinds.map((kind, i) => {
    const rate = new Float64Array(days);
    const base = Math.exp(r.between(Math.log(0.3), Math.log(12)));
    const dispersion = r.between(0.5, 4);
    let first = 0;
    switch (kind) {
      case 'sparse': {
        // Sells on 5–10% of days, 1–3 units a time.
        const p = r.between(0.05, 0.1);
        for (let t = 0; t < days; t++) rate[t] = p * r.between(1, 2);
        break;
      }
      case 'life-cycle':
      case 'late-launch': {
        // Launch peak, then exponential decay to a small tail (media, games, fashion).
        first = kind === 'late-launch' ? days - Math.floor(r.between(30, 120)) : Math.floor(r.between(0, days - 200));
        const peak = Math.exp(r.between(Math.log(2), Math.log(40)));
        const halfLife = r.between(15, 120);
        const tail = peak * r.between(0.01, 0.08);
        const ramp = Math.floor(r.between(1, 10));
        for (let t = first; t < days; t++) {
          const age = t - first;
          rate[t] = (age < ramp ? (age + 1) / ramp : 1) * (tail + (peak - tail) * 0.5 ** (age / halfLife));
        }
        break;
      }
      case 'delisted': {
        const stop = days - Math.floor(r.between(5, 200));
        for (let t = 0; t < stop; t++) rate[t] = base;
        break;
      }
      case 'stockouts': {
        rate.fill(base);
        // Three to six empty-shelf spells of 5–30 days, unflagged.
        const spells = Math.floor(r.between(3, 7));
        for (let s = 0; s < spells; s++) {
          const at = Math.floor(r.between(0, days - 5));
          const length = Math.floor(r.between(5, 31));
          for (let t = at; t < Math.min(days, at + length); t++) rate[t] = 0;
        }
        break;
      }
      case 'shift-down':
      case 'shift-up': {
        const at = Math.floor(r.between(days * 0.5, days - 20));
        const factor = kind === 'shift-down' ? r.between(0.15, 0.5) : r.between(2, 4);
        for (let t = 0; t < days; t++) rate[t] = t < at ? base : base * factor;
        break;
      }
      case 'big-orders':
      case 'steady':
        rate.fill(base);
        break;
    }
    const values = new Float32Array(days);
    for (let t = 0; t < days; t++) {
      const weekday = (((startDay + t + 3) % 7) + 7) % 7;
      const mean = rate[t] * WEEKDAY[weekday] * (kind === 'steady' ? 1 + 0.25 * Math.sin((2 * Math.PI * (startDay + t)) / 365.25) : 1);
      values[t] = kind === 'steady' ? r.poisson(mean) : r.negbin(mean, dispersion);
      if (kind === 'big-orders' && r.uniform() < 0.004) values[t] += Math.round(base * r.between(20, 60));
    }
    // Returns: 3% of units come back 3–20 days later and are netted against that day's sales.
    for (let t = 0; t < days; t++) {
      const back = values[t] > 0 ? r.poisson(values[t] * 0.03) : 0;
      const when = t + Math.floor(r.between(3, 21));
      if (back > 0 && when < days) values[when] = Math.max(0, values[when] - back);
    }
    // A series starts at its first sale (as an import of order lines does).
    let start = first;
    while (start < days && values[start] === 0) start++;
    if (start >= days - 1) start = Math.max(0, days - 2);
    return {
      sku: `${kind}-${String(i).padStart(4, '0')}`,
      kind,
      start: dayToIso(startDay + start),
      freq: 'D' as const,
      values: values.slice(start),
    };
  });
}

import { monthOfDay } from '../baselines/profile';
import { DayFlag, dayToIso, isoToDay, type Series } from '../series';
import { mulberry32 } from '../stats';
import { isRetailEvent, weekday } from './covariates';

/**
 * Synthetic sales series for pre-training: the patterns sellers' data shows (weekly and yearly
 * seasonality, trend, intermittent and lumpy demand, launches with ramp-up, promotions with price
 * cuts and a post-promotion dip, price changes, retail events, stock-outs), with count noise.
 * Everything is seeded, so `npm run pretrain` is reproducible.
 */
export interface SyntheticOptions {
  count: number;
  /** Days from `start` to the last day of every series. */
  days: number;
  start?: string;
  seed?: number;
}

export interface SyntheticSeries extends Series {
  /** What generated it, for reports and tests. */
  truth: { kind: SyntheticKind; promoUplift: number };
}

export type SyntheticKind = 'smooth' | 'intermittent' | 'lumpy' | 'launch';

export function generateSynthetic(options: SyntheticOptions): SyntheticSeries[] {
  const random = mulberry32(options.seed ?? 2024);
  const firstDay = isoToDay(options.start ?? '2021-01-04');
  const out: SyntheticSeries[] = [];
  for (let k = 0; k < options.count; k++) out.push(oneSeries(`SYN-${String(k).padStart(5, '0')}`, firstDay, options.days, random));
  return out;
}

function oneSeries(sku: string, firstDay: number, days: number, random: () => number): SyntheticSeries {
  const normal = () => gaussian(random);
  const u = random();
  const kind: SyntheticKind = u < 0.45 ? 'smooth' : u < 0.7 ? 'intermittent' : u < 0.82 ? 'lumpy' : 'launch';

  // Where the series starts: launches start late and ramp up.
  const launchAt = kind === 'launch' ? Math.floor(random() * Math.max(1, days - 120)) : 0;
  const rampDays = 20 + random() * 70;
  const n = days - launchAt;
  const start = firstDay + launchAt;

  // Half the steady sellers are busy (tens to hundreds a day, nearly Poisson): their forecasts hinge
  // on a precise level and seasonal shape rather than on when the next sale comes.
  const busy = kind === 'smooth' && random() < 0.5;
  const level = kind === 'intermittent' ? 0.05 + random() * 0.6 : Math.exp(Math.log(busy ? 40 : 4) + 1.1 * normal());
  // Negative-binomial dispersion: log-uniform in [1, 60], from very noisy to nearly Poisson; busy
  // sellers 30–330 (nearly Poisson).
  const dispersion = busy ? 30 + random() * 300 : Math.exp(random() * Math.log(60));
  const weekly = Array.from({ length: 7 }, () => Math.exp(0.25 * normal()));
  if (random() < 0.2) weekly[5] = 0; // closed on Saturdays (like the Online Retail shop)
  if (random() < 0.2) weekly[6] = 0;
  const yearAmplitude = random() < 0.6 ? random() * 0.8 : 0;
  const yearPeak = random() < 0.7 ? 320 + random() * 40 : random() * 365;
  // Some products' year moves in monthly steps (ranges, school terms, seasons) rather than a wave.
  const monthly = random() < 0.3 ? Array.from({ length: 12 }, () => Math.exp(0.25 * normal())) : undefined;
  const trend = (random() - 0.4) * 0.8; // per year, multiplicative
  const decays = random() < 0.06;
  const eventDraw = random();
  const eventEffect = eventDraw < 0.2 ? 0 : eventDraw < 0.6 ? 1 : 1 + random() * 0.8; // closed, unaffected, or busier
  const lumpSize = 3 + random() * 20;

  // Price: a base price, maybe one lasting change, and promotions with cuts.
  const basePrice = Math.exp(Math.log(8) + normal());
  const elasticity = 1 + random() * 2; // for lasting price changes
  const listPrice = new Float32Array(n).fill(basePrice);
  if (random() < 0.3) {
    const at = Math.floor(random() * n);
    const factor = 1 + (random() - 0.5) * 0.4;
    for (let i = at; i < n; i++) listPrice[i] = basePrice * factor;
  }
  const price = Float32Array.from(listPrice);
  const promo = new Uint8Array(n);
  const promoMultiplier = new Float32Array(n).fill(1);
  const hasPromos = random() < 0.6;
  // Log-uplift per unit of discount: a 25% cut sells 1.3× to 3.5× the usual.
  const promoUplift = 1 + random() * 4;
  if (hasPromos) {
    let i = Math.floor(random() * 60);
    while (i < n) {
      const length = 3 + Math.floor(random() * 8);
      const discount = 0.1 + random() * 0.3;
      const uplift = Math.exp(promoUplift * discount);
      for (let j = i; j < Math.min(n, i + length); j++) {
        promo[j] = 1;
        price[j] *= 1 - discount;
        promoMultiplier[j] = uplift;
      }
      // Pull-forward: buyers stocked up, so the days after a promotion sell less.
      for (let j = i + length; j < Math.min(n, i + length + 7); j++) promoMultiplier[j] *= 0.8;
      i += length + 25 + Math.floor(random() * 70);
    }
  }

  const values = new Float32Array(n);
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const day = start + i;
    const t = launchAt + i;
    let mean = level * weekly[weekday(day)];
    if (yearAmplitude > 0) {
      const doy = (day - Math.floor(day / 365.25) * 365.25 + 365) % 365.25;
      mean *= Math.exp(yearAmplitude * Math.cos((2 * Math.PI * (doy - yearPeak)) / 365.25));
    }
    if (monthly) mean *= monthly[monthOfDay(day)];
    mean *= Math.exp((trend * t) / 365);
    if (decays) mean *= Math.exp(-Math.max(0, t - days / 2) / 120);
    if (kind === 'launch') mean *= 1 / (1 + Math.exp(-(i - rampDays / 2) / (rampDays / 8)));
    if (isRetailEvent(day)) mean *= eventEffect;
    mean *= promoMultiplier[i] * (listPrice[i] / basePrice) ** -elasticity;
    if (promo[i]) flags[i] |= DayFlag.Promo;
    let y: number;
    if (kind === 'lumpy') {
      // Few orders, each of a random size (wholesale-like).
      const orders = poisson(mean / lumpSize, random);
      y = 0;
      for (let o = 0; o < orders; o++) y += 1 + Math.floor(lumpSize * Math.exp(0.6 * normal()));
    } else {
      y = poisson(gammaDraw(dispersion, mean / dispersion, random), random);
    }
    values[i] = y;
  }
  // Stock-outs: the shelf is empty for a while; sales read 0 and the day is flagged.
  if (random() < 0.15) {
    const spells = 1 + Math.floor(random() * 3);
    for (let s = 0; s < spells; s++) {
      const at = Math.floor(random() * n);
      const length = 3 + Math.floor(random() * 12);
      for (let i = at; i < Math.min(n, at + length); i++) {
        values[i] = 0;
        flags[i] |= DayFlag.Stockout;
      }
    }
  }
  // Many sellers have promotion flags but no price history: then the flag alone must explain uplift.
  const withPrice = random() < 0.6;
  return {
    sku,
    start: dayToIso(start),
    freq: 'D',
    values,
    flags,
    covariates: withPrice ? { price } : undefined,
    truth: { kind, promoUplift: hasPromos ? promoUplift : 0 },
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(1e-12, random());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, scale) by Marsaglia & Tsang. */
function gammaDraw(shape: number, scale: number, random: () => number): number {
  if (scale <= 0) return 0;
  if (shape < 1) return gammaDraw(shape + 1, scale, random) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = gaussian(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

function poisson(lambda: number, random: () => number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(random)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

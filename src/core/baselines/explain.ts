import { dayOfWeek, type ForecastExplanation } from '../series';
import type { PointComponents } from './pointModel';
import type { PreparedSeries } from './prepare';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const fmt = (x: number) => (x >= 10 ? Math.round(x).toLocaleString('en') : x >= 1 ? x.toFixed(1) : x.toFixed(2));
const pct = (x: number) => `${Math.round(Math.abs(x) * 100)}%`;

/**
 * Plain-words explanation and component series of a point model's forecast. Component values are
 * NaN on days the shop is closed.
 */
export function explainComponents(p: PreparedSeries, c: PointComponents): ForecastExplanation {
  const h = c.level.length;
  const unit = p.freq === 'D' ? 'day' : 'week';
  const sentences: string[] = [];
  const level = c.level[0];
  sentences.push(`Level: about ${fmt(Math.max(0, level))} units on an average ${unit} right now.`);

  const trendEnd = c.trend[h - 1];
  const relative = level > 0 ? trendEnd / level : 0;
  if (Math.abs(relative) < 0.03 || level <= 0) {
    sentences.push('Trend: none to speak of over the forecast period.');
  } else {
    sentences.push(`Trend: ${relative > 0 ? 'rising' : 'falling'} — by the end of the ${h} ${unit}s the level is ${pct(relative)} ${relative > 0 ? 'higher' : 'lower'}${c.slope !== 0 ? ', the change slowing as it goes' : ''}.`);
  }

  if (p.freq === 'D') {
    // Average weekly effect per weekday over the horizon, relative to the level.
    const effect = new Float64Array(7);
    const seen = new Float64Array(7);
    const closed: string[] = [];
    for (let i = 0; i < h; i++) {
      const w = dayOfWeek(p.startDay + p.n + i);
      if (p.closedAt(p.n + i)) continue;
      effect[w] += c.weekly[i];
      seen[w]++;
    }
    for (let w = 0; w < 7; w++) if (p.calendar.closedWeekdays[w]) closed.push(`${WEEKDAYS[w]}s`);
    let high = -1;
    let low = -1;
    for (let w = 0; w < 7; w++) {
      if (seen[w] === 0) continue;
      effect[w] /= seen[w];
      if (high < 0 || effect[w] > effect[high]) high = w;
      if (low < 0 || effect[w] < effect[low]) low = w;
    }
    const base = Math.max(level, 1e-9);
    if (high >= 0 && low >= 0 && (effect[high] - effect[low]) / base > 0.1) {
      sentences.push(`Weekly pattern: busiest on ${WEEKDAYS[high]}s (${effect[high] >= 0 ? '+' : '−'}${pct(effect[high] / base)}), quietest on ${WEEKDAYS[low]}s (${effect[low] >= 0 ? '+' : '−'}${pct(effect[low] / base)}).`);
    } else {
      sentences.push('Weekly pattern: every weekday sells about the same.');
    }
    if (closed.length > 0) sentences.push(`The shop does not trade on ${closed.join(' and ')}: nothing is forecast for them.`);
  }

  if (p.yearly) {
    let sum = 0;
    for (let i = 0; i < h; i++) sum += p.yearlyAt(p.n + i);
    const mean = sum / h;
    // Peak month of the curve.
    let peak = 0;
    let peakValue = -Infinity;
    for (let month = 0; month < 12; month++) {
      const day = Date.UTC(2001, month, 15) / 86_400_000;
      const v = p.yearlyAt((day - p.startDay) / p.stepDays);
      if (v > peakValue) {
        peakValue = v;
        peak = month;
      }
    }
    const direction = mean >= 1 ? 'above' : 'below';
    sentences.push(`Time of year: these ${unit}s usually sell ${pct(mean - 1)} ${direction} the yearly average; the yearly peak is in ${MONTHS[peak]}.`);
  }

  // Closed days sell nothing and have no parts: NaN leaves a gap in the chart.
  if (p.promo) {
    const times = p.promo.uplift;
    sentences.push(`Promotions: on its ${p.promo.days} promotion ${unit}s it sold ${times >= 1.05 ? `${times.toFixed(1)}× its usual level` : times <= 0.95 ? `only ${times.toFixed(1)}× its usual level` : 'about its usual level'}. They are left out of the baseline, and none is assumed ahead.`);
  }

  const f32 = (a: Float64Array) => Float32Array.from(a, (v, i) => (p.closedAt(p.n + i) ? Number.NaN : v));
  const components: ForecastExplanation['components'] = [
    { key: 'level', label: 'Level', values: f32(c.level) },
    { key: 'trend', label: 'Trend', values: f32(c.trend) },
  ];
  if (p.freq === 'D' || c.weekly.some((v) => v !== 0)) {
    components.push({ key: 'weekly', label: p.freq === 'D' ? 'Weekday effect' : 'Seasonal effect', values: f32(c.weekly) });
  }
  if (p.yearly) components.push({ key: 'yearly', label: 'Time-of-year effect', values: f32(c.yearly) });
  return { method: c.description, components, sentences };
}

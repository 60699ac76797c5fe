import { dayOfWeek, type ForecastExplanation } from '../series';
import { t, translate, type Message } from '../../i18n';
import type { PointComponents } from './pointModel';
import type { PreparedSeries } from './prepare';

/** Rounded for reading: whole units from 10 up, one decimal from 1, two below. */
const round = (x: number) => (x >= 10 ? Math.round(x) : x >= 1 ? Math.round(x * 10) / 10 : Math.round(x * 100) / 100);
const pct = (x: number) => Math.round(Math.abs(x) * 100);
const sign = (x: number) => (x >= 0 ? '+' : '−');

/**
 * Plain-words explanation and component series of a point model's forecast. Component values are
 * NaN on days the shop is closed. Sentences are kept as message keys and numbers (weekday and
 * month names come from the message formatters), so they read in whichever language the seller
 * switches to; `sentences` holds them in the language current when the forecast was made.
 */
export function explainComponents(p: PreparedSeries, c: PointComponents): ForecastExplanation {
  const h = c.level.length;
  const unit = p.freq === 'D' ? 'day' : 'week';
  const messages: Message[] = [];
  const say = (key: string, values?: Message['values']) => messages.push({ key: `forecast:explain.${key}`, values });
  const level = c.level[0];
  say(`level_${unit}`, { level: round(Math.max(0, level)) });

  const trendEnd = c.trend[h - 1];
  const relative = level > 0 ? trendEnd / level : 0;
  if (Math.abs(relative) < 0.03 || level <= 0) {
    say('trendNone');
  } else {
    say(`trend${relative > 0 ? 'Rising' : 'Falling'}_${unit}${c.slope !== 0 ? 'Slowing' : ''}`, { n: h, percent: pct(relative) });
  }

  if (p.freq === 'D') {
    // Average weekly effect per weekday over the horizon, relative to the level.
    const effect = new Float64Array(7);
    const seen = new Float64Array(7);
    let closed = 0; // bit w set: the shop does not trade on weekday w
    for (let i = 0; i < h; i++) {
      const w = dayOfWeek(p.startDay + p.n + i);
      if (p.closedAt(p.n + i)) continue;
      effect[w] += c.weekly[i];
      seen[w]++;
    }
    for (let w = 0; w < 7; w++) if (p.calendar.closedWeekdays[w]) closed |= 1 << w;
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
      say('weekly', {
        high: 1 << high, highSign: sign(effect[high]), highPercent: pct(effect[high] / base),
        low: 1 << low, lowSign: sign(effect[low]), lowPercent: pct(effect[low] / base),
      });
    } else {
      say('weeklyFlat');
    }
    if (closed !== 0) say('closed', { days: closed });
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
    say(`yearly${mean >= 1 ? 'Above' : 'Below'}_${unit}`, { percent: pct(mean - 1), month: peak });
  }

  // Closed days sell nothing and have no parts: NaN leaves a gap in the chart.
  if (p.promo) {
    const kind = p.promo.uplift >= 1.05 ? 'Up' : p.promo.uplift <= 0.95 ? 'Down' : 'Same';
    say(`promo${kind}_${unit}`, { n: p.promo.days, times: p.promo.uplift.toFixed(1) });
  }

  const f32 = (a: Float64Array) => Float32Array.from(a, (v, i) => (p.closedAt(p.n + i) ? Number.NaN : v));
  const components: ForecastExplanation['components'] = [
    { key: 'level', label: componentLabel('level', p.freq), values: f32(c.level) },
    { key: 'trend', label: componentLabel('trend', p.freq), values: f32(c.trend) },
  ];
  if (p.freq === 'D' || c.weekly.some((v) => v !== 0)) {
    components.push({ key: 'weekly', label: componentLabel('weekly', p.freq), values: f32(c.weekly) });
  }
  if (p.yearly) components.push({ key: 'yearly', label: componentLabel('yearly', p.freq), values: f32(c.yearly) });
  return { method: c.description, components, sentences: messages.map(translate), messages };
}

/** A component's name for the chart legend, in the current language ("Weekday effect" for daily series). */
export function componentLabel(key: ForecastExplanation['components'][number]['key'], freq: 'D' | 'W' | string): string {
  if (key === 'weekly') return t(freq === 'D' ? 'forecast:component.weekday' : 'forecast:component.seasonal');
  return t(`forecast:component.${key}`);
}

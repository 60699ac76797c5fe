import { dayToIso } from '../core/series';

/** Display formats shared by the planning views. Money has no currency symbol: it is the seller's own. */
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const money2 = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const units = (x: number): string => whole.format(Math.round(x) || 0); // || 0 turns −0 into 0
export const money = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : money2.format(x));
export const percent = (x: number, digits = 1): string => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '—');
export const day = (d: number | null | undefined): string => (d === null || d === undefined || !Number.isFinite(d) ? '—' : dayToIso(d));

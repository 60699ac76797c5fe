import { t } from '../../i18n';

/**
 * Numbers as sellers' spreadsheets write them: "1234.5", "1,234.50", "1.234,50", "1 234,5",
 * "€12,99", "12.99 USD", "(3)" is NOT accepted (accounting negatives are too rare in sales exports
 * to guess at). The decimal separator is decided once per file (see detectDecimal), never per cell.
 */
export type DecimalSeparator = '.' | ',';

/** Largest magnitude accepted for a quantity or price: beyond it the cell is a typo or an ID. */
export const MAX_NUMBER = 1e9;

const CURRENCY = /^(?:[$€£¥￥₹₩₽]|[A-Z]{3}\s?)|(?:\s?[$€£¥￥₹₩₽元]|\s?[A-Z]{3})$/;
const PLAIN = /^[+-]?\d+(?:\.\d+)?$/;

export type NumberResult = { value: number } | { error: string };

/**
 * Parses one numeric cell. `what` names the field in messages ("quantity", "price").
 * Empty cells are an error here; callers decide whether an empty cell means "missing".
 */
export function parseNumber(raw: string, decimal: DecimalSeparator, what: string): NumberResult {
  // Fast path: the plain form most files use, valid under either separator only when it has no comma.
  if (PLAIN.test(raw) && (decimal === '.' || raw.indexOf('.') < 0)) return checkRange(Number(raw), raw, what);
  let text = raw.trim();
  if (text === '') return { error: t('import:issue.numberEmpty', { what }) };
  if (text.startsWith('=')) return { error: t('import:issue.formula', { what, raw: clip(text) }) };
  text = text.replace(CURRENCY, '').trim();
  let sign = '';
  if (text.startsWith('-') || text.startsWith('+')) {
    sign = text[0] === '-' ? '-' : '';
    text = text.slice(1).trim();
  }
  const thousands = decimal === '.' ? '[, \u00a0\u202f\']' : '[. \u00a0\u202f\']';
  const dec = decimal === '.' ? '\\.' : ',';
  // Either plain digits or properly grouped thousands (1,234,567), then an optional fraction.
  const shape = new RegExp(`^(?:\\d+|\\d{1,3}(?:${thousands}\\d{3})+)(?:${dec}\\d+)?$|^${dec}\\d+$`);
  if (!shape.test(text)) {
    if (/^\d+(?:[.,]\d+)?[eE][+-]?\d+$/.test(text)) return checkRange(Number(sign + text.replace(',', '.')), raw, what);
    const hint = decimal === '.' && /^\d+,\d{1,2}$/.test(text) ? t('import:issue.hintDot')
      : decimal === ',' && /^\d+\.\d{1,2}$/.test(text) ? t('import:issue.hintComma') : '';
    return { error: t('import:issue.notNumber', { what, raw: clip(raw.trim()), hint }) };
  }
  const normalised = text.replace(new RegExp(thousands, 'g'), '').replace(',', '.');
  return checkRange(Number(sign + normalised), raw, what);
}

function checkRange(value: number, raw: string, what: string): NumberResult {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_NUMBER) {
    return { error: t('import:issue.outOfRange', { what, raw: clip(raw.trim()), max: MAX_NUMBER.toLocaleString('en') }) };
  }
  return { value };
}

/**
 * Votes for the decimal separator from sample cells of numeric columns. A cell like "2,5" or
 * "1.234,56" is evidence for ","; "2.5" or "1,234.56" for "."; "1,234" alone is ambiguous.
 * Returns undefined when the cells give no evidence either way (then "." is used unless a cell is
 * ambiguous, in which case the seller is asked).
 */
export function detectDecimal(cells: readonly string[]): { decimal: DecimalSeparator; sure: boolean; ambiguousExample?: string } {
  let comma = 0;
  let dot = 0;
  let ambiguous: string | undefined;
  for (const raw of cells) {
    const t = raw.trim().replace(CURRENCY, '').trim().replace(/^[+-]/, '');
    if (t === '' || !/^[\d.,\s\u00a0\u202f']+$/.test(t)) continue;
    if (/^\d{1,3}(\.\d{3})+,\d+$/.test(t) || /^\d+,(\d{1,2}|\d{4,})$/.test(t)) comma++;
    else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(t) || /^\d+\.(\d{1,2}|\d{4,})$/.test(t)) dot++;
    else if (/^\d{1,3}(,\d{3})+$/.test(t) || /^\d{1,3}(\.\d{3})+$/.test(t)) ambiguous ??= t;
  }
  if (comma > 0 && dot === 0) return { decimal: ',', sure: true };
  if (dot > 0 && comma === 0) return { decimal: '.', sure: true };
  if (comma > 0 && dot > 0) return { decimal: comma > dot ? ',' : '.', sure: false, ambiguousExample: ambiguous };
  return { decimal: '.', sure: ambiguous === undefined, ambiguousExample: ambiguous };
}

/** Yes/no cells: "1", "yes", "true", "y", "x", "promo", "on" are true; empty, "0", "no", "false" false. */
export function parseFlag(raw: string): boolean | undefined {
  const t = raw.trim().toLowerCase();
  if (t === '' || t === '0' || t === 'no' || t === 'n' || t === 'false' || t === 'off' || t === '-') return false;
  if (t === '1' || t === 'yes' || t === 'y' || t === 'true' || t === 'x' || t === 'on' || t === 'promo' || t === 'oos') return true;
  const n = Number(t.replace(',', '.'));
  if (Number.isFinite(n)) return n !== 0;
  return undefined;
}

/** Shortens a cell for an error message so a 10 MB cell cannot flood the report. */
export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

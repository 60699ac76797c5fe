import { normaliseHeader } from './fields';

/** Header words that name money: sales amounts, revenue, totals (English and Chinese). */
const MONEY_HEADER = /\b(amount|revenue|turnover|gmv|sales value|sales amount|net sales|gross sales|total|subtotal|income)\b|[$€£¥￥]|金额|销售额|营业额|收入|货款|实付|成交额/;
/** Header words that name units, which win over money words ("amount sold", "units total"). */
const UNIT_HEADER = /\b(units?|qty|quantity|pieces|pcs|count|sold)\b|数量|件数|销量/;
const CURRENCY = /[$€£¥￥₹₩₽]|\b(USD|EUR|GBP|CNY|RMB|JPY)\b|元/;
const TWO_DECIMALS = /^[+-]?\d{1,3}(?:[,\s]?\d{3})*[.,]\d{2}$/;
const MIN_CELLS = 5;

/**
 * Columns that hold money rather than units: a money word in the header, or values written with a
 * currency sign, or mostly non-whole numbers with exactly two decimals (12.99, 1,234.50). A plan
 * needs units; a money column is never taken as the quantity unless the seller maps it.
 */
export function moneyColumns(headers: readonly string[], rows: readonly string[][]): number[] {
  const money: number[] = [];
  headers.forEach((header, column) => {
    const norm = normaliseHeader(header);
    if (UNIT_HEADER.test(norm)) return;
    if (MONEY_HEADER.test(norm) || /[$€£¥￥]/.test(header) || moneyValues(rows.map((r) => (r[column] ?? '').trim()))) money.push(column);
  });
  return money;
}

function moneyValues(cells: readonly string[]): boolean {
  const filled = cells.filter((c) => c !== '');
  if (filled.length < MIN_CELLS) return false;
  let currency = 0;
  let cents = 0;
  for (const cell of filled) {
    if (CURRENCY.test(cell) && /\d/.test(cell)) currency++;
    else if (TWO_DECIMALS.test(cell) && !/[.,]00$/.test(cell)) cents++;
  }
  return currency >= filled.length / 2 || (currency + cents) >= filled.length / 2;
}
